"""HTTP content negotiation: pick a media type from an Accept header, honouring q-values."""

from __future__ import annotations

from collections.abc import Sequence


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``"text/csv;q=0.5, application/json"`` -> ``[("application/json", 1.0), ("text/csv", 0.5)]``."""
    if not header:
        return [("*/*", 1.0)]
    out = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
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


def choose(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers most (the first offer for ``*/*``); None if none is
    acceptable."""
    best: tuple[float, int, str] | None = None
    for media, quality in parse_accept(header):
        if quality <= 0:
            continue
        kind, _, sub = media.partition("/")
        for rank, offer in enumerate(offered):
            o_kind, _, o_sub = offer.partition("/")
            if media == offer or (kind == "*" and sub == "*") or (kind == o_kind and sub == "*"):
                candidate = (quality, -rank, offer)
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
                break
    # an explicit q=0 refusal of the chosen type wins
    if best is not None and any(m == best[2] and q <= 0 for m, q in parse_accept(header)):
        return None
    return best[2] if best else None
