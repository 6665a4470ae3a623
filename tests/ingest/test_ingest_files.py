"""Input enumeration: directories, explicit files, stdin, symlinks, FIFOs, odd file names."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from kg.errors import SkippedInput
from kg.ingest import InputRef, Skip, iter_inputs, read_input

TEXT = "Taliban fighters took control of the city of Kunduz on Sunday after days of heavy fighting, officials said."


def _tree(root: Path) -> None:
    for rel in ["b.txt", "a.html", "sub/c.htm", "sub/deeper/d.text", "sub/e.xhtml", "UPPER.TXT"]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEXT)
    for rel in [
        "b.meta.json",
        "b.txt.meta.json",
        "notes.md",
        "image.png",
        ".hidden.txt",
        ".git/x.txt",
        "noext",
    ]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}")


def test_directory_walk_is_sorted_recursive_and_filtered(tmp_path: Path) -> None:
    _tree(tmp_path)
    refs = list(iter_inputs([tmp_path]))
    assert all(isinstance(r, InputRef) for r in refs)
    assert [r.key for r in refs] == [
        "UPPER.TXT",
        "a.html",
        "b.txt",
        "sub/c.htm",
        "sub/deeper/d.text",
        "sub/e.xhtml",
    ]
    assert [r.source_name for r in refs][-2:] == ["d.text", "e.xhtml"]
    assert isinstance(refs[3], InputRef) and refs[3].path == tmp_path / "sub" / "c.htm"


def test_explicit_arguments(tmp_path: Path) -> None:
    _tree(tmp_path)
    items = list(
        iter_inputs(
            [
                tmp_path / "b.txt",
                "-",
                tmp_path / "notes.md",
                tmp_path / "missing.txt",
                tmp_path / ".hidden.txt",
            ]
        )
    )
    assert items == [
        InputRef("b.txt", tmp_path / "b.txt", "b.txt"),
        InputRef("-", None, "<stdin>"),
        Skip("notes.md", "notes.md", "unsupported", "extension .md"),
        Skip("missing.txt", "missing.txt", "missing", f"{tmp_path / 'missing.txt'}: No such file or directory"),
        InputRef(".hidden.txt", tmp_path / ".hidden.txt", ".hidden.txt"),
    ]


def test_symlink_out_of_the_directory(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(TEXT)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "real.txt").write_text(TEXT)
    (corpus / "link.txt").symlink_to(outside / "secret.txt")
    (corpus / "linkdir").symlink_to(outside, target_is_directory=True)
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    items = list(iter_inputs([corpus]))
    assert [(i.key, type(i).__name__, getattr(i, "reason", None)) for i in items] == [
        ("link.txt", "Skip", "symlink"),
        ("linkdir", "Skip", "symlink"),
        ("loop", "Skip", "symlink"),
        ("real.txt", "InputRef", None),
    ]
    followed = list(iter_inputs([corpus], follow_symlinks=True))
    assert [i.key for i in followed] == ["link.txt", "linkdir/secret.txt", "real.txt"]  # loop visited once
    assert all(isinstance(i, InputRef) for i in followed)


def test_fifo_is_not_a_file_and_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert list(iter_inputs([tmp_path])) == [Skip("pipe.txt", "pipe.txt", "not_a_file", "FIFO")]
    assert list(iter_inputs([fifo])) == [Skip("pipe.txt", "pipe.txt", "not_a_file", "FIFO")]
    with pytest.raises(SkippedInput) as info:
        read_input(InputRef("pipe.txt", fifo, "pipe.txt"))  # e.g. swapped in after enumeration
    assert info.value.reason == "not_a_file"


def test_non_utf8_file_name(tmp_path: Path) -> None:
    raw_dir = os.fsencode(tmp_path)
    fd = os.open(os.path.join(raw_dir, b"caf\xe9 \x1b.txt"), os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, TEXT.encode())
    os.close(fd)
    for items in (
        list(iter_inputs([tmp_path])),
        list(iter_inputs([os.path.join(raw_dir, b"caf\xe9 \x1b.txt")])),
    ):
        (ref,) = items
        assert isinstance(ref, InputRef)
        assert ref.key == ref.source_name == "caf\\xe9 \\x1b.txt"
        ref.key.encode("utf-8")  # no surrogates
        article = read_input(ref)
        assert article.key == "caf\\xe9 \\x1b.txt" and article.text == TEXT


def test_read_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode())))
    (ref,) = iter_inputs(["-"])
    assert isinstance(ref, InputRef)
    article = read_input(ref)
    assert article.text == TEXT
    assert article.key == f"stdin:{article.sha256}"
    assert article.source_name == "<stdin>"


def test_read_input_refuses_unsupported_and_missing(tmp_path: Path) -> None:
    with pytest.raises(SkippedInput) as info:
        read_input(InputRef("x.pdf", tmp_path / "x.pdf", "x.pdf"))
    assert info.value.reason == "unsupported"
    with pytest.raises(SkippedInput) as info:
        read_input(InputRef("gone.txt", tmp_path / "gone.txt", "gone.txt"))
    assert info.value.reason == "missing"
