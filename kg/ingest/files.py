"""Input enumeration and bounded, non-blocking file reads."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import SkippedInput
from kg.ingest.article import InputRef

MEDIA_TYPES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
}
PathArg = str | bytes | os.PathLike[str] | os.PathLike[bytes]
STDIN_KEY = "-"
STDIN_NAME = "<stdin>"
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Skip:
    """An input refused at enumeration time (``reason``: symlink, not_a_file, missing, unsupported...)."""

    key: str
    source_name: str
    reason: str
    detail: str = ""


def iter_inputs(paths: Sequence[PathArg], *, follow_symlinks: bool = False) -> Iterator[InputRef | Skip]:
    """Expand CLI arguments: files, directories (recursive, sorted) and ``-`` for stdin.

    A file or symlink named explicitly is taken as given (like ``grep -r``); inside directories only
    supported extensions are candidates, hidden entries are ignored and symlinks are reported as
    skipped unless ``follow_symlinks``. Nothing is opened, so a FIFO never blocks.
    """
    for arg in paths:
        raw = os.fsdecode(arg)
        if raw == STDIN_KEY:
            yield InputRef(STDIN_KEY, None, STDIN_NAME)
            continue
        path = Path(raw)
        name = display_name(path.name or raw)
        try:
            info = path.stat()
        except OSError as exc:
            yield Skip(name, name, "missing", f"{display_name(raw)}: {_reason(exc)}")
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, follow_symlinks)
        elif not stat.S_ISREG(info.st_mode):
            yield Skip(name, name, "not_a_file", _kind(info.st_mode))
        elif path.suffix.lower() not in MEDIA_TYPES:
            yield Skip(name, name, "unsupported", f"extension {display_name(path.suffix) or '(none)'}")
        else:
            yield InputRef(name, path, name)


def _walk(root: Path, follow_symlinks: bool) -> Iterator[InputRef | Skip]:
    """Depth-first walk in sorted order, with an explicit stack (no recursion limit on deep trees)."""
    seen = {_identity(root.stat())}
    stack: list[Iterator[tuple[os.DirEntry[str], str]]] = []
    try:
        stack.append(_entries(root, ""))
    except OSError as exc:
        name = display_name(root.name or os.fspath(root))
        yield Skip(name, name, "unreadable", _reason(exc))
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        entry, rel = item
        key, name = display_name(rel), display_name(entry.name)
        supported = Path(entry.name).suffix.lower() in MEDIA_TYPES
        try:
            if entry.is_symlink() and not follow_symlinks:
                if supported or entry.is_dir():
                    yield Skip(key, name, "symlink", f"symbolic link to {display_name(os.readlink(entry.path))}")
                continue
            info = entry.stat(follow_symlinks=True)
        except OSError as exc:
            if supported:
                yield Skip(key, name, "missing", _reason(exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            if _identity(info) not in seen:
                seen.add(_identity(info))
                try:
                    stack.append(_entries(Path(entry.path), rel + "/"))
                except OSError as exc:
                    yield Skip(key, name, "unreadable", _reason(exc))
        elif supported and stat.S_ISREG(info.st_mode):
            yield InputRef(key, Path(entry.path), name)
        elif supported:
            yield Skip(key, name, "not_a_file", _kind(info.st_mode))


def _entries(directory: Path, prefix: str) -> Iterator[tuple[os.DirEntry[str], str]]:
    with os.scandir(directory) as scan:
        entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
    return ((e, prefix + e.name) for e in entries)


def read_bounded(path: Path, max_bytes: int, *, follow_symlinks: bool = True) -> bytes:
    """Read a regular file of at most ``max_bytes`` bytes; the size is checked before reading.

    Opened non-blocking, so a FIFO or device swapped in after enumeration is refused, not waited on.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    if not follow_symlinks:
        flags |= os.O_NOFOLLOW
    try:
        fd = os.open(path, flags)
    except FileNotFoundError as exc:
        raise SkippedInput("missing", _reason(exc)) from None
    except OSError as exc:
        raise SkippedInput("unreadable", _reason(exc)) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SkippedInput("not_a_file", _kind(info.st_mode))
        if info.st_size > max_bytes:
            raise SkippedInput("too_large", f"{info.st_size} bytes > {max_bytes}")
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise SkippedInput("unreadable", _reason(exc)) from None
    if len(data) > max_bytes:  # grew since fstat
        raise SkippedInput("too_large", f"more than {max_bytes} bytes")
    return data


def display_name(name: str) -> str:
    """``name`` safe to show: undecodable bytes and control characters as backslash escapes."""
    try:
        raw = os.fsencode(name)
    except UnicodeError:
        raw = name.encode("utf-8", "backslashreplace")
    text = raw.decode("utf-8", "backslashreplace")
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _identity(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "directory" if stat.S_ISDIR(mode) else "not a regular file"


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
