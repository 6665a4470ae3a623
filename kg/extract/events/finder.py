"""The entry point: the asserted, complete and dated events of a sentence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Span, Token

from kg.extract.claims import RawClaim
from kg.extract.doc_text import doc_text
from kg.extract.entities import ArticleEntities
from kg.extract.events.actors import ActorFinder
from kg.extract.events.places import PlaceFinder
from kg.extract.events.raw import RawEvent
from kg.extract.events.timing import (
    is_main_clause,
    opening_time,
    relative_time,
    time_for,
    unclaimed_time,
)
from kg.extract.events.triggers.rules import TriggerRules
from kg.extract.mood import mood
from kg.extract.records import EntityRef
from kg.extract.timex import TimeMention
from kg.vocab import EventKind

_EVENT_NEEDS_PLACE = frozenset(
    {EventKind.TAKE_CONTROL, EventKind.HANDOVER, EventKind.ADVANCE, EventKind.THREAT, EventKind.SIEGE, EventKind.VISIT}
)


class EventFinder:
    """Finds events in the sentences of one parsed article."""

    def __init__(self, entities: ArticleEntities, *, published: dt.date | None = None) -> None:
        self.entities = entities
        self.published = published
        self.actors = ActorFinder(entities)
        self.places = PlaceFinder(entities)
        self.triggers = TriggerRules(entities, self.places, self.actors)

    def find(self, sentence: Span, index: int, times: list[TimeMention]) -> list[RawEvent]:
        events: list[RawEvent] = []
        for token in sentence:
            self.places.named_in.clear()
            for event in self.triggers.events_at(token, index):
                event.named_in = {
                    p.key: self.places.named_in[p.key] for p in event.places if p.key in self.places.named_in
                }
                found = mood(event.trigger, self.entities)
                if not found.real:
                    if (
                        found.threat_by is not None
                        and event.kind in (EventKind.TAKE_CONTROL, EventKind.ASSAULT, EventKind.ATTACK)
                        and event.places
                    ):
                        agent = self.actors.subject_of(found.threat_by) or (event.agents[0] if event.agents else None)
                        events.append(
                            replace(
                                event,
                                kind=EventKind.THREAT,
                                agents=[agent] if agent else [],
                                trigger=found.threat_by,
                                trigger_end=found.threat_by,
                                confidence=0.7,
                            )
                        )
                    continue
                events.append(event)
        heading = self.entities.entry_heading(sentence)
        for event in events:
            if event.kind in (EventKind.TAKE_CONTROL, EventKind.HANDOVER):  # "the conquest of Afghanistan" is a summary
                event.places = [p for p in event.places if p.kind not in ("Country", "Route")]
                if heading is not None:
                    # "August 7 – Sheberghan: the insurgents say they have taken the province of Jowzjan":
                    # the entry is about its heading place, the province's capital
                    event.places = _union(heading if _contains(p, heading) else p for p in event.places)
        out = [event for event in events if _complete(event)]
        for event in out:
            event.time = time_for(event.trigger, times) or relative_time(event.trigger, times, published=self.published)
        out = [part for event in out for part in self._gapped(event, sentence, times)]
        fallback = unclaimed_time(self.entities.doc, [event.trigger for event in out], times)
        if fallback is not None:
            for event in out:
                if event.time is None and is_main_clause(event.trigger):
                    event.time = fallback
        opening = opening_time(self.entities.doc, sentence, times)
        for event in out:
            if event.time is None and opening is not None and not _anterior(event.trigger):
                event.time = opening
        return out

    def _gapped(self, event: RawEvent, sentence: Span, times: list[TimeMention]) -> list[RawEvent]:
        """ "took X on Monday and Y on Tuesday", "took A, B and ultimately Y on 15 August": a place after the
        first that its own date follows is taken on that date, an event of its own."""
        if event.kind not in (EventKind.TAKE_CONTROL, EventKind.HANDOVER) or len(event.places) < 2:
            return [event]
        text = doc_text(self.entities.doc)
        own: dict[EntityRef, TimeMention] = {}
        for place in event.places[1:]:
            ends = [
                self.entities.doc[span.end - 1].idx + len(self.entities.doc[span.end - 1])
                for span in self.entities.spans
                if span.entity == place and sentence.start <= span.start < sentence.end and span.start > event.trigger.i
            ]
            for end in ends:
                after = next(
                    (
                        t
                        for t in times
                        if t.value is not None and 0 <= t.start - end <= 1 and not text[end : t.start].strip()
                    ),
                    None,
                )
                if after is not None and after.value != event.time and after.start > event.trigger.idx:
                    own[place] = after
        if not own:
            return [event]
        event.places = [p for p in event.places if p not in own]  # the first place keeps the event's date
        return [event, *(replace(event, places=[place], time=time.value) for place, time in own.items())]

    def without_provinces_named_for_capitals(self, events: list[RawEvent]) -> list[RawEvent]:
        """A province taken whose capital the article reports taken is that capital under the
        province's name ("Fall of Samangan" over "the Taliban captured Samangan (Aibak)"): its
        capture is dropped, and an event left with no place with it."""
        taken = {p.key for event in events if event.kind == EventKind.TAKE_CONTROL for p in event.places}
        for event in events:
            if event.kind == EventKind.TAKE_CONTROL:
                event.places = [
                    p
                    for p in event.places
                    if not (
                        p.kind == "Province"
                        and (capital := self.entities.capital_of(p)) is not None
                        and capital.key in taken
                    )
                ]
        return [event for event in events if _complete(event)]

    def statement(self, claim: RawClaim, times: list[TimeMention]) -> RawEvent:
        """The act of making a claim, as an event: who spoke, when (the reporting clause's time)."""
        verb, speaker = claim.reporting_verb, claim.speaker
        assert speaker is not None  # a statement is made of a claim whose speaker is known
        event = RawEvent(EventKind.STATEMENT, claim.sentence, verb, verb, agents=[speaker], confidence=claim.confidence)
        event.time = time_for(verb, times)
        return event


def _contains(region: EntityRef, place: EntityRef) -> bool:
    """Does ``region`` (a province) contain ``place``?"""
    if region.kind != "Province" or place.kind not in ("City", "District", "Place"):
        return False
    if place.located_in is not None:
        return place.located_in == region.key
    return (
        place.world is not None
        and region.world is not None
        and place.country == region.country
        and place.world.admin1_code is not None
        and place.world.admin1_code == region.world.admin1_code
    )


def _union(items: Iterable[EntityRef]) -> list[EntityRef]:
    return list(dict.fromkeys(items))


def _complete(event: RawEvent) -> bool:
    if event.kind in _EVENT_NEEDS_PLACE or event.kind == EventKind.TAKE_CONTROL:
        return bool(event.places)
    if event.kind in (EventKind.SURRENDER, EventKind.WITHDRAWAL, EventKind.EVACUATION):
        return bool(event.agents or event.places)
    if event.kind == EventKind.APPOINTMENT:
        return bool(event.targets)
    return bool(event.places or event.targets)


def _anterior(trigger: Token) -> bool:
    """ "having taken over X", "which they had captured": done before the time the sentence opens with."""
    return any(c.dep_ == "aux" and c.lower_ in ("having", "had") for c in trigger.children)
