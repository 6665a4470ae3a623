"""What ingestion hands to extraction: one article, read safely, with its metadata."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True, kw_only=True)
class Published:
    """A publication date (or date-time) and where it was found."""

    value: dt.date | dt.datetime
    """A ``date`` when only the day is known; an aware or naive ``datetime`` when the source gives a time."""
    text: str
    """The original expression, e.g. ``"WORLD | 11-08-2021 15:48"`` or the meta tag's content."""
    origin: str
    """Where it came from: ``sidecar``, ``htmldate`` (the HTML page's markup), or ``dateline`` (the text)."""

    @property
    def date(self) -> dt.date:
        return self.value.date() if isinstance(self.value, dt.datetime) else self.value


@dataclass(frozen=True, slots=True)
class InputRef:
    """One input to read: a file on disk, or standard input when ``path`` is None."""

    key: str
    """Document key before metadata is known: the path relative to the directory given on the
    command line (POSIX separators), the file name for a file given directly, or ``"-"`` for stdin."""
    path: Path | None
    source_name: str
    """The file name shown to users and used as ``source`` when the article has no URL."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """A news article, ready for extraction. ``text`` is what every character offset indexes."""

    key: str
    """Ledger key identifying the document across versions: its URL when known, else ``InputRef.key``."""
    source_name: str
    sha256: str
    """Hex SHA-256 of the raw input bytes (``sha256sum FILE`` gives the same)."""
    fingerprint: str
    """Hex SHA-256 over the raw bytes and the sidecar's bytes: changes whenever any input changes."""
    text: str
    """The article body: decoded, NFC, control characters removed, page chrome removed."""
    media_type: str
    """``text/plain`` or ``text/html``."""
    encoding: str
    """The character encoding the bytes were decoded with (e.g. ``utf-8``, ``utf-16``, ``cp1250``)."""
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: Published | None = None
    lang: str | None = None
    """ISO 639-1 code of the body text, or None when it cannot be told."""
