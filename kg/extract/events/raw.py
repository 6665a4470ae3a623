"""An event as one sentence reports it."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from kg.extract.records import EntityRef, TimeValue
from kg.vocab import EventKind


@dataclass(slots=True)
class RawEvent:
    """An event as found in one sentence, before events reported twice are merged."""

    kind: EventKind
    sentence: int
    trigger: Token
    trigger_end: Token
    agents: list[EntityRef] = field(default_factory=list)
    targets: list[EntityRef] = field(default_factory=list)
    places: list[EntityRef] = field(default_factory=list)
    time: TimeValue | None = None
    confidence: float = 0.8
    attributed: bool = False
    """Reported only as someone's claim ("the insurgents claimed X"), whatever quotes surround it."""
    defaulted: bool = False
    """The taker is no one the sentence names but the armed group the article is about (a guess)."""
    named_in: dict[str, int] = field(default_factory=dict)
    """Place key -> the other sentence that names the place ("captured a town. ... the town of X")."""
