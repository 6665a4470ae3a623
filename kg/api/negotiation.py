"""HTTP content negotiation (RFC 9110 §12.5.1): pick a media type from an Accept header, honouring
q-values and the most specific matching range."""

from __future__ import annotations

from collections.abc import Sequence


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``"text/csv;q=0.5, application/json"`` -> ``[("application/json", 1.0), ("text/csv", 0.5)]``
    (most preferred first; media parameters other than q are ignored)."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    out = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        if "/" not in media:
            media = "*/*" if media == "*" else media
        quality = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        out.append((media, quality, -position))
    out.sort(key=lambda m: (m[1], _specificity(m[0]), m[2]), reverse=True)
    return [(media, quality) for media, quality, _ in out]


def _specificity(media: str) -> int:
    kind, _, sub = media.partition("/")
    return 0 if kind == "*" else 1 if sub == "*" else 2


def _matches(media_range: str, offer: str) -> bool:
    kind, _, sub = media_range.partition("/")
    o_kind, _, _ = offer.partition("/")
    return media_range == offer or (kind == "*" and sub == "*") or (kind == o_kind and sub == "*")


def quality(ranges: list[tuple[str, float]], offer: str) -> float:
    """The q-value ``ranges`` (parsed by :func:`parse_accept`) give ``offer``: that of the most
    specific range matching it (0 if none)."""
    best: tuple[int, float] | None = None
    for media, q in ranges:
        if _matches(media, offer):
            candidate = (_specificity(media), q)
            if best is None or candidate[0] > best[0]:
                best = candidate
    return best[1] if best else 0.0


def choose(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers most; among equals, the first offered. None when
    the client accepts none of them."""
    ranges = parse_accept(header)
    best: tuple[float, str] | None = None
    for offer in offered:
        q = quality(ranges, offer)
        if q > 0 and (best is None or q > best[0]):
            best = (q, offer)
    return best[1] if best else None


def content_type(header: str | None) -> tuple[str, str | None]:
    """``"text/turtle; charset=UTF-8"`` -> ``("text/turtle", "utf-8")``; ``("", None)`` when absent."""
    if not header:
        return "", None
    fields = [f.strip() for f in header.split(";")]
    charset = None
    for param in fields[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return fields[0].lower(), charset
