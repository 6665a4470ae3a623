"""Casualty figures across articles: each figure with its source, the figures grouped by incident (the
merged event they count), side by side when sources disagree, with the corpus range (lowest low, highest
high) and its sources. Cumulative totals and hypotheticals are listed, never added to an incident's
figures; figures are never summed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kg.dashboard import Dashboard
from kg.queries import named_queries

KINDS = ("killed", "wounded", "casualties", "captured", "surrendered", "missing", "displaced")
SCOPES = ("incident", "cumulative", "hypothetical")


def _int(value: str) -> int | None:
    return int(value) if value else None


def casualty_statements(dashboard: Dashboard) -> list[dict[str, Any]]:
    """Every casualty statement (casualties.rq), with the statements of the same incident and kind it
    disagrees with (as the merged view links them), kept until the merged view changes."""
    return dashboard.memo("casualties", lambda: _statements(dashboard))


def _statements(dashboard: Dashboard) -> list[dict[str, Any]]:
    rows = dashboard.store.select_rows(named_queries()["casualties"])
    items: list[dict[str, Any]] = [
        {
            "iri": row["statement"],
            "source": row["source"],
            "article": row["article"],
            "kind": row["kind"],
            "low": _int(row.get("low", "")),
            "best": _int(row.get("best", "")),
            "high": _int(row.get("high", "")),
            "victims": row.get("victims_label") or None,
            "place": row.get("place_label") or None,
            "date": row.get("date") or None,
            "speaker": row.get("speaker_label") or None,
            "scope": row["scope"],
            "incident": row.get("incident") or None,
            "figure": row["figure"],
            "evidence": {
                "start": int(row["figure_start"]),
                "end": int(row["figure_end"]),
                "sentence": row["sentence"],
            },
            "disagrees_with": sorted(row.get("disagrees_with", "").split()),
        }
        for row in rows
    ]
    return items


def _incident_groups(items: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Incident figures by (incident, kind); a figure tied to no event is an incident of its own."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        if item["scope"] == "incident":
            groups[(item["incident"] or item["iri"], item["kind"])].append(item)
    return groups


def casualty_page(
    dashboard: Dashboard, *, kind: str | None, scope: str | None, limit: int, offset: int
) -> dict[str, Any]:
    """A page of casualty statements, by source and position in it."""
    items: list[dict[str, Any]] = [
        s
        for s in casualty_statements(dashboard)
        if (kind is None or s["kind"] == kind) and (scope is None or s["scope"] == scope)
    ]
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset : offset + limit]}


def casualty_incidents(
    dashboard: Dashboard, *, kind: str | None, limit: int, offset: int, incident: str | None = None
) -> dict[str, Any]:
    """A page of incidents with figures: per (incident, kind), each source's figure, the corpus range
    (lowest low, highest high; open where a source leaves it open) with the sources that set it, and
    whether the sources disagree."""
    incidents = []
    for (key_incident, group_kind), group in sorted(_incident_groups(casualty_statements(dashboard)).items()):
        if (kind is not None and group_kind != kind) or (incident is not None and key_incident != incident):
            continue
        incidents.append({"incident": key_incident, "kind": group_kind, **corpus_range(group), "figures": group})
    return {"total": len(incidents), "limit": limit, "offset": offset, "items": incidents[offset : offset + limit]}


def corpus_range(figures: list[dict[str, Any]]) -> dict[str, Any]:
    """The lowest low and the highest high of ``figures`` (None when any leaves that bound open: "up to 20"
    has no low, "at least 20" no high), the sources that set each, the most conservative best, and whether any two disagree."""
    lows = [f["low"] for f in figures if f["low"] is not None]
    highs = [f["high"] for f in figures if f["high"] is not None]
    bests = [f["best"] for f in figures if f["best"] is not None]
    low = min(lows) if lows and len(lows) == len(figures) else None
    high = max(highs) if highs and len(highs) == len(figures) else None
    return {
        "low": low,
        "best": min(bests) if bests else None,
        "high": high,
        "low_sources": sorted({f["source"] for f in figures if low is not None and f["low"] == low}),
        "high_sources": sorted({f["source"] for f in figures if high is not None and f["high"] == high}),
        "sources": sorted({f["source"] for f in figures}),
        "disagreement": any(f["disagrees_with"] for f in figures),
    }


def fatalities_by_event(dashboard: Dashboard) -> dict[str, dict[str, int | None]]:
    """Merged event IRI -> killed figures of its incident as low, best, high (the corpus range, and the
    most conservative best, as ACLED reports fatalities)."""
    out = {}
    for (incident, kind), group in _incident_groups(casualty_statements(dashboard)).items():
        if kind == "killed" and group[0]["incident"]:
            summary = corpus_range(group)
            out[incident] = {"low": summary["low"], "best": summary["best"], "high": summary["high"]}
    return out
