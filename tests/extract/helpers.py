"""Reading the capture events out of one extraction (the fixtures that make one are in conftest.py)."""

from __future__ import annotations

from kg.extract.records import Event, Extraction

CAPTURES = ("TakeControl", "Handover")


def captures(extraction: Extraction) -> list[Event]:
    return [e for e in extraction.events if e.kind in CAPTURES]


def captured(extraction: Extraction) -> dict[str, Event]:
    """Place label -> the capture event there."""
    return {p.label: e for e in captures(extraction) for p in e.places}
