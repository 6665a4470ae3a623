"""``NAME.meta.json`` sidecars: optional url/title/outlet/published that override the page."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from kg.errors import SkippedInput
from kg.ingest.article import Published
from kg.ingest.dates import parse_iso
from kg.ingest.files import display_name, read_bounded
from kg.ingest.sanitize import clean_label, http_url

MAX_SIDECAR_BYTES = 64 * 1024
SUFFIX = ".meta.json"
_T = TypeVar("_T")


class SidecarWarning(UserWarning):
    """A sidecar, or one of its fields, was ignored."""


@dataclass(frozen=True, slots=True)
class SidecarMeta:
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: Published | None = None


def sidecar_paths(article: Path) -> tuple[Path, Path]:
    """Where a sidecar may be, most specific first: ``x.txt.meta.json``, then ``x.meta.json``."""
    return article.with_name(article.name + SUFFIX), article.with_name(article.stem + SUFFIX)


def load_sidecar(article: Path) -> tuple[dict[str, Any] | None, bytes]:
    """The parsed sidecar of ``article`` (None if absent or unusable) and its raw bytes."""
    path = next((p for p in sidecar_paths(article) if p.is_file() or p.is_symlink()), None)
    if path is None:
        return None, b""
    name = display_name(path.name)
    try:
        raw = read_bounded(path, MAX_SIDECAR_BYTES, follow_symlinks=False)
    except SkippedInput as exc:
        warnings.warn(f"{name}: sidecar ignored ({exc})", SidecarWarning, stacklevel=2)
        return None, b""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:
        warnings.warn(f"{name}: sidecar ignored, not valid JSON ({exc})", SidecarWarning, stacklevel=2)
        return None, raw
    if not isinstance(data, dict):
        warnings.warn(f"{name}: sidecar ignored, not a JSON object", SidecarWarning, stacklevel=2)
        return None, raw
    return data, raw


def sidecar_meta(data: dict[str, Any] | None, *, source_name: str = "sidecar") -> SidecarMeta:
    """Validate the known fields; a field of the wrong type or form is ignored with a warning."""
    if not data:
        return SidecarMeta()
    url = _field(data, "url", http_url, source_name, "an http(s) URL")
    title = _field(data, "title", clean_label, source_name, "a non-empty string")
    outlet = _field(data, "outlet", clean_label, source_name, "a non-empty string")
    published = _field(data, "published", _published, source_name, "an ISO 8601 date or date-time")
    return SidecarMeta(url, title, outlet, published)


def _published(value: object) -> Published | None:
    if not isinstance(value, str):
        return None
    parsed = parse_iso(value)
    return Published(value=parsed, text=value.strip(), origin="sidecar") if parsed is not None else None


def _field(
    data: dict[str, Any], key: str, convert: Callable[[object], _T | None], source_name: str, expected: str
) -> _T | None:
    if data.get(key) is None:
        return None
    value = convert(data[key])
    if value is None:
        warnings.warn(
            f"{source_name}: sidecar field {key!r} ignored, expected {expected}", SidecarWarning, stacklevel=4
        )
    return value
