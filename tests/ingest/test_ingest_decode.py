"""Decoding and sniffing: encodings, binary signatures, NUL bytes, empty and oversized inputs."""

from __future__ import annotations

import codecs
import gzip
import io
import os
import random
import sys
from pathlib import Path
from typing import Any

import pytest

from kg.errors import SkippedInput
from kg.ingest import InputRef, read_input, read_text

RO = (
    "Guvernul a anunțat marți că școlile din București vor rămâne închise până la sfârșitul săptămânii.\n\n"
    "Ministrul Educației a declarat că „situația este sub control” și că elevii vor recupera orele pierdute "
    "în lunile următoare.\n\n"
    "Potrivit autorităților, decizia a fost luată după o ședință de urgență la Palatul Victoria, în prezența "
    "reprezentanților județelor afectate de inundații.\n\n"
    "Țara se confruntă cu cele mai grave inundații din ultimii zece ani, iar pagubele sunt estimate la sute "
    "de milioane de lei."
)
RO_CEDILLA = RO.translate(str.maketrans("șțȘȚ", "şţŞŢ"))  # what cp1250 can represent
EN = (
    "The minister said on Tuesday that the café near the old station would “remain closed” – at least "
    "until Friday.\n\n"
    "Officials told reporters that the plan had failed, and the envoy’s résumé was ‘questioned’ by critics "
    "in the capital.\n\n"
    "The decision followed an emergency meeting, according to a statement released by the government on "
    "Tuesday evening."
)


def _plain(data: bytes, **kwargs: Any):
    return read_text(data, key="a.txt", source_name="a.txt", media_type="text/plain", **kwargs)


def _html_page(text: str, charset: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return f'<html><head><meta charset="{charset}"><title>T</title></head><body><article>{paragraphs}</article></body></html>'


def _skip_reason(call) -> str:
    with pytest.raises(SkippedInput) as info:
        call()
    return info.value.reason


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (RO.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + RO.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + RO.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + RO.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF32_LE + RO.encode("utf-32-le"), "utf-32"),
        (RO.encode("iso8859-16"), "iso8859-16"),  # bare text: the detector gets this one right
    ],
    ids=["utf-8", "utf-8-bom", "utf-16le-bom", "utf-16be-bom", "utf-32le-bom", "iso8859-16"],
)
def test_same_text_whatever_the_encoding(data: bytes, encoding: str) -> None:
    article = _plain(data)
    assert article.text == RO
    assert article.encoding == encoding
    assert article.lang == "ro"


@pytest.mark.parametrize(
    ("text", "codec", "declared"),
    [
        (RO_CEDILLA, "cp1250", "windows-1250"),
        (RO, "iso8859-16", "ISO-8859-16"),
        (EN, "cp1252", "windows-1252"),
        (EN, "cp1252", "iso-8859-1"),  # browsers read latin-1 labels as windows-1252
        (RO, "utf-8", "utf-8"),
    ],
)
def test_html_meta_charset_is_honoured(text: str, codec: str, declared: str) -> None:
    article = read_text(
        _html_page(text, declared).encode(codec), key="a.html", source_name="a.html", media_type="text/html"
    )
    assert article.text == text
    assert article.encoding == codec


def test_http_equiv_content_type_is_honoured() -> None:
    page = _html_page(RO_CEDILLA, "x").replace(
        '<meta charset="x">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1250">'
    )
    article = read_text(page.encode("cp1250"), key="a.html", source_name="a.html", media_type="text/html")
    assert (article.text, article.encoding) == (RO_CEDILLA, "cp1250")


def test_stale_legacy_declaration_on_utf8_bytes() -> None:
    # Single-byte charsets decode anything "cleanly"; valid non-ASCII UTF-8 is the stronger signal.
    page = _html_page(RO, "iso-8859-2").encode("utf-8")
    article = read_text(page, key="a.html", source_name="a.html", media_type="text/html")
    assert (article.text, article.encoding) == (RO, "utf-8")


@pytest.mark.parametrize("declared", ["base64", "utf-7", "utf-16", "rot13", "no-such-charset"])
def test_unusable_declarations_are_ignored(declared: str) -> None:
    page = _html_page(EN, declared).encode("utf-8")
    article = read_text(page, key="a.html", source_name="a.html", media_type="text/html")
    assert (article.text, article.encoding) == (EN, "utf-8")
    legacy = read_text(
        _html_page(EN, declared).encode("cp1252"), key="a.html", source_name="a.html", media_type="text/html"
    )
    assert legacy.text == EN


def test_declared_utf8_that_does_not_decode_falls_back_to_detection() -> None:
    page = _html_page(RO_CEDILLA, "utf-8").encode("cp1250")
    article = read_text(page, key="a.html", source_name="a.html", media_type="text/html")
    assert article.text == RO_CEDILLA


@pytest.mark.parametrize(("text", "codec"), [(RO_CEDILLA, "cp1250"), (EN, "cp1252"), (EN, "cp1250")])
def test_bare_legacy_text_is_detected(text: str, codec: str) -> None:
    article = _plain(text.encode(codec))
    assert article.text == text
    assert article.encoding in ("cp1250", "cp1252")


def test_random_junk_is_an_encoding_skip() -> None:
    junk = random.Random(0).randbytes(4000)
    assert _skip_reason(lambda: _plain(junk)) == "encoding"


def test_too_many_replacement_characters_is_an_encoding_skip() -> None:
    data = codecs.BOM_UTF8 + b"Some words \xff\xfe\xfa here. " * 200
    assert _skip_reason(lambda: _plain(data)) == "encoding"


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t \r\n  ", "\u00a0\u2003\n".encode()], ids=["0-bytes", "ws", "unicode-ws"]
)
def test_empty_inputs(data: bytes) -> None:
    assert _skip_reason(lambda: _plain(data)) == "empty"


@pytest.mark.parametrize(
    "page",
    [
        b"<html><head><title>Only a title</title></head><body>  </body></html>",
        b"<html><body><nav>Home News</nav><script>var x = 'lots of script text';</script></body></html>",
        b"<html><body><p>Read more</p><p>Share</p><p>Leave a Reply</p></body></html>",
    ],
    ids=["no-body", "only-nav-script", "only-furniture"],
)
def test_html_without_main_text_is_empty(page: bytes) -> None:
    reason = _skip_reason(lambda: read_text(page, key="a.html", source_name="a.html", media_type="text/html"))
    assert reason == "empty"


def test_too_large_with_small_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("A sentence about something. " * 10)
    assert _skip_reason(lambda: read_input(InputRef("big.txt", path, "big.txt"), max_bytes=100)) == "too_large"
    assert read_input(InputRef("big.txt", path, "big.txt"), max_bytes=1000).text


def test_sparse_50mib_file_is_skipped_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "sparse.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 2**20)
    real_fdopen = os.fdopen
    reads: list[int] = []

    class Spy(io.RawIOBase):
        def __init__(self, fd: int) -> None:
            self._inner = real_fdopen(fd, "rb")

        def read(self, size: int = -1) -> bytes:
            reads.append(size)
            return self._inner.read(size)

        def close(self) -> None:
            self._inner.close()

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Spy(fd))
    assert _skip_reason(lambda: read_input(InputRef("sparse.txt", path, "sparse.txt"))) == "too_large"
    assert reads == []


def test_too_large_on_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 200)))
    assert _skip_reason(lambda: read_input(InputRef("-", None, "<stdin>"), max_bytes=100)) == "too_large"


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"


@pytest.mark.parametrize(
    "data",
    [
        PNG,
        PDF,
        gzip.compress(b"<html>hello</html>"),
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"GIF89a\x01\x00",
        b"PK\x03\x04\x14\x00",
        b"BZh91AY&SY\x00\x01",
        b"\xfd7zXZ\x00\x00",
        b"7z\xbc\xaf\x27\x1c\x00",
        b"\x7fELF\x02\x01\x01",
        b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    ],
    ids=["png", "pdf", "gzip", "jpeg", "gif", "zip", "bz2", "xz", "7z", "elf", "webp"],
)
def test_binary_signatures(data: bytes) -> None:
    assert _skip_reason(lambda: read_text(data, key="a.html", source_name="a.html", media_type="text/html")) == "binary"


@pytest.mark.parametrize(
    "data", [PNG, PDF, gzip.compress(b"<html><body><p>x</p></body></html>")], ids=["png", "pdf", "gzip"]
)
def test_binary_file_renamed_html(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(data + bytes(range(256)) * 4)
    assert _skip_reason(lambda: read_input(InputRef("page.html", path, "page.html"))) == "binary"


def test_nul_bytes_mean_binary() -> None:
    data = b"This is text.\x00\x00\x00 More text here.\x00\x00" * 20
    assert _skip_reason(lambda: _plain(data)) == "binary"


def test_a_few_nul_bytes_are_removed() -> None:
    text = EN.encode() + b"\x00"
    assert _plain(text).text == EN


def test_utf16_bom_is_not_binary() -> None:
    assert _plain(codecs.BOM_UTF16_LE + EN.encode("utf-16-le")).text == EN
