"""Bytes to text: refuse binary data, then BOM, declared HTML charset, strict UTF-8, detector guess."""

from __future__ import annotations

import codecs
import re
import warnings

from charset_normalizer import from_bytes

from kg.errors import SkippedInput

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"PK\x07\x08", "ZIP"),
    (b"\x1f\x8b", "gzip"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x7fELF", "ELF"),
    (b"RIFF", "RIFF"),
)
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")
_BOMS: tuple[tuple[bytes, str], ...] = (  # UTF-32 first: its LE BOM starts with UTF-16 LE's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(
    rb"""<meta\b[^>]{0,512}?charset\s*=\s*["']?\s*([a-z0-9_:.\-]{1,40})"""
    rb"""|<\?xml\b[^>]{0,200}?encoding\s*=\s*["']([a-z0-9_:.\-]{1,40})""",
    re.IGNORECASE,
)
# Browsers read these labels as Windows code pages (WHATWG Encoding Standard); so do we.
_WHATWG_ALIASES = {"ascii": "cp1252", "iso8859-1": "cp1252", "iso8859-9": "cp1254"}
# What a page may declare: the WHATWG encodings (never UTF-7, UTF-16 in an ASCII meta tag, base64...).
_DECLARABLE = frozenset(
    "utf-8 cp866 iso8859-2 iso8859-3 iso8859-4 iso8859-5 iso8859-6 iso8859-7 iso8859-8 iso8859-10 "
    "iso8859-13 iso8859-14 iso8859-15 iso8859-16 koi8-r koi8-u mac-roman cp874 cp1250 cp1251 cp1252 "
    "cp1253 cp1254 cp1255 cp1256 cp1257 cp1258 mac-cyrillic gbk gb18030 big5 euc_jp iso2022_jp "
    "shift_jis euc_kr".split()
)
# Encodings the detector may pick: browser encodings minus DOS/Mac code pages, which otherwise
# win ties on plain English text with typographic quotes.
_DETECTABLE = (
    "utf_8 utf_16 utf_32 cp1250 cp1251 cp1252 cp1253 cp1254 cp1255 cp1256 cp1257 cp1258 "
    "iso8859_2 iso8859_4 iso8859_5 iso8859_7 iso8859_10 iso8859_13 iso8859_15 iso8859_16 koi8_r koi8_u"
).split()
_PREFERRED_EQUIVALENT = "cp1252"
_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html\b|<\?xml\b[^>]{0,200}>\s*<(?:!doctype\s+)?html\b)", re.I)
_HTML_TAG = re.compile(r"<(?:head|body|meta|title)\b", re.I)
_SNIFF_BYTES = 8192
_MAX_NUL_RATIO = 0.01
_MAX_REPLACEMENT_RATIO = 0.01
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f]")


class DecodeWarning(UserWarning):
    """Bytes were decoded with a few undecodable sequences replaced by U+FFFD."""


def bom_encoding(data: bytes) -> str | None:
    """The codec named by a byte-order mark at the start of ``data``, if any."""
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def bomless_encoding(data: bytes) -> str | None:
    """UTF-32 or UTF-16 (LE or BE) without a byte-order mark, told by where mostly-ASCII text puts
    its NUL bytes and confirmed by decoding all of ``data`` into text without control characters."""
    head = data[:_SNIFF_BYTES]
    head = head[: len(head) - len(head) % 4]
    if len(head) < 4 or head.count(0) < len(head) // 4:
        return None
    quarter = len(head) // 4
    zeros = [head[i::4].count(0) for i in range(4)]
    nul = [z == quarter for z in zeros]  # slots that are NUL throughout
    mostly = [z >= quarter // 2 for z in zeros]  # ... or at least half of the time
    rare = [z <= quarter // 100 for z in zeros]  # ... or almost never
    if nul[3] and mostly[2] and mostly[1] and rare[0]:
        codec = "utf-32-le"
    elif nul[0] and mostly[1] and mostly[2] and rare[3]:
        codec = "utf-32-be"
    elif mostly[1] and mostly[3] and rare[0] and rare[2]:
        codec = "utf-16-le"
    elif mostly[0] and mostly[2] and rare[1] and rare[3]:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    controls = len(_CONTROLS.findall(text, 0, _SNIFF_BYTES))
    return codec if controls <= _MAX_NUL_RATIO * min(len(text), _SNIFF_BYTES) else None


def check_binary(data: bytes) -> None:
    """Raise ``SkippedInput("binary")`` for known binary signatures or too many NUL bytes (unless
    the text is UTF-16 or UTF-32)."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise SkippedInput("binary", f"{kind} signature")
    if _BZIP2.match(data):
        raise SkippedInput("binary", "bzip2 signature")
    if bom_encoding(data) is None and bomless_encoding(data) is None:
        head = data[:_SNIFF_BYTES]
        if head.count(0) > _MAX_NUL_RATIO * len(head):
            raise SkippedInput("binary", "NUL bytes")


def decode(data: bytes, *, html: bool = False) -> tuple[str, str]:
    """Return ``(text, codec)``; raise ``SkippedInput("encoding")`` when no decoding is trustworthy."""
    codec = bom_encoding(data) or bomless_encoding(data)
    if codec is None and html:
        codec = _declared_charset(data)
        if codec not in (None, "utf-8") and not data.isascii() and _is_utf8(data):
            codec = None  # valid non-ASCII UTF-8 under a stale legacy declaration: trust the bytes
    if codec is None:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text = _mostly_utf8(data)
            if text is not None:
                return text, "utf-8"
            codec = _detect(data)
    text = data.decode(codec, errors="replace")
    if text.count("\ufffd") > _MAX_REPLACEMENT_RATIO * max(len(text), 1):
        raise SkippedInput("encoding", f"too many undecodable bytes as {codec}")
    return text, codec


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray bytes (a truncated or spliced file): decoded with U+FFFD in their place
    and a warning, when valid multi-byte sequences outnumber the broken ones and the broken ones stay
    under 1 %; a legacy code page guessed for such bytes would garble every valid character instead."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid = len(text) - len(text.encode("ascii", "ignore")) - broken
    if valid <= broken or broken > _MAX_REPLACEMENT_RATIO * len(text):
        return None
    warnings.warn(f"{broken} undecodable byte sequence(s) replaced in UTF-8 text", DecodeWarning, stacklevel=3)
    return text


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if match is None:
        return None
    codec = _codec_name((match.group(1) or match.group(2)).decode("ascii"))
    if codec not in _DECLARABLE:
        return None
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return None
    return codec


def _detect(data: bytes) -> str:
    best = from_bytes(data, cp_isolation=_DETECTABLE).best()
    if best is None:
        raise SkippedInput("encoding", "not UTF-8 and no confident guess")
    name = _PREFERRED_EQUIVALENT if _PREFERRED_EQUIVALENT in best.could_be_from_charset else best.encoding
    codec = _codec_name(name)
    if codec is None:
        raise SkippedInput("encoding", f"unknown codec {name}")
    return codec


def _codec_name(label: str) -> str | None:
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _WHATWG_ALIASES.get(name, name)


def sniff_media_type(data: bytes) -> str:
    """``text/html`` when the first KiB looks like an HTML document, else ``text/plain``."""
    codec = bom_encoding(data) or bomless_encoding(data[:1024]) or "latin-1"
    head = data[:1024].decode(codec, errors="ignore").removeprefix("\ufeff")
    return "text/html" if _HTML_START.match(head) or _HTML_TAG.search(head) else "text/plain"
