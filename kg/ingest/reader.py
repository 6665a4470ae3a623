"""Read one input into an :class:`Article`: bytes, text, metadata, clean body."""

from __future__ import annotations

import hashlib
import sys
from typing import Any

from kg.config import Settings
from kg.errors import SkippedInput
from kg.ingest.article import Article, InputRef
from kg.ingest.body import clean_body
from kg.ingest.deadline import time_limit
from kg.ingest.decode import check_binary, decode, sniff_media_type
from kg.ingest.files import MEDIA_TYPES, STDIN_KEY, read_bounded
from kg.ingest.html import EMPTY_PAGE, parse_html
from kg.ingest.lang import guess_lang
from kg.ingest.markup import check_markup
from kg.ingest.sanitize import clean_chars
from kg.ingest.sidecar import load_sidecar, sidecar_meta

DEFAULT_MAX_BYTES = Settings.max_file_bytes
DEFAULT_TIMEOUT = 10.0
"""Seconds one input may take to read and clean before it is skipped with reason ``timeout``."""
TEXT_PLAIN, TEXT_HTML = "text/plain", "text/html"


def read_input(
    ref: InputRef, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float | None = DEFAULT_TIMEOUT
) -> Article:
    """Read ``ref`` (a file, or stdin when ``ref.path`` is None); raise ``SkippedInput`` to skip it."""
    if ref.path is None:
        return read_text(_read_stdin(max_bytes), key=ref.key, source_name=ref.source_name, timeout=timeout)
    media_type = MEDIA_TYPES.get(ref.path.suffix.lower())
    if media_type is None:
        raise SkippedInput("unsupported", f"extension {ref.path.suffix or '(none)'}")
    data = read_bounded(ref.path, max_bytes)
    sidecar, sidecar_bytes = load_sidecar(ref.path)
    return read_text(
        data,
        key=ref.key,
        source_name=ref.source_name,
        media_type=media_type,
        sidecar=sidecar,
        sidecar_bytes=sidecar_bytes,
        timeout=timeout,
    )


def read_text(
    data: bytes,
    *,
    key: str,
    source_name: str,
    media_type: str | None = None,
    sidecar: dict[str, Any] | None = None,
    sidecar_bytes: bytes = b"",
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Article:
    """Like :func:`read_input`, for bytes already in memory (stdin, tests)."""
    with time_limit(timeout):
        return _read_text(data, key, source_name, media_type, sidecar, sidecar_bytes)


def _read_text(
    data: bytes,
    key: str,
    source_name: str,
    media_type: str | None,
    sidecar: dict[str, Any] | None,
    sidecar_bytes: bytes,
) -> Article:
    sha256 = hashlib.sha256(data).hexdigest()
    fingerprint = hashlib.sha256(data + b"\0" + sidecar_bytes).hexdigest()
    if not data:
        raise SkippedInput("empty", "0 bytes")
    check_binary(data)
    media_type = media_type or sniff_media_type(data)
    if media_type not in (TEXT_PLAIN, TEXT_HTML):
        raise SkippedInput("unsupported", f"media type {media_type}")
    meta = sidecar_meta(sidecar, source_name=source_name)
    is_html = media_type == TEXT_HTML
    text, encoding = decode(data, html=is_html)
    text = clean_chars(text)
    if not text.strip():
        raise SkippedInput("empty", "whitespace only")
    page = parse_html(check_markup(text)) if is_html else EMPTY_PAGE
    body = clean_body(clean_chars(page.text) if is_html else text, locale=page.locale, lead=page.headline)
    if not body.text:
        raise SkippedInput("empty", "no article text" if is_html else "only page furniture")
    url = meta.url or page.url
    return Article(
        key=url or (f"stdin:{sha256}" if key == STDIN_KEY else key),
        source_name=source_name,
        sha256=sha256,
        fingerprint=fingerprint,
        text=body.text,
        media_type=media_type,
        encoding=encoding,
        title=meta.title or page.title or body.title,
        url=url,
        outlet=meta.outlet or page.outlet,
        published=meta.published or page.published or body.published,
        lang=guess_lang(body.text),
    )


def _read_stdin(max_bytes: int) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    data: bytes = stream.read(max_bytes + 1) if stream is not None else b""
    if len(data) > max_bytes:
        raise SkippedInput("too_large", f"more than {max_bytes} bytes on standard input")
    return data
