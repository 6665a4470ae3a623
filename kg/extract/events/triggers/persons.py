"""Events about people: a visit, a release of prisoners, an appointment."""

from __future__ import annotations

from collections.abc import Iterator

from kg.extract.events.raw import RawEvent
from kg.extract.events.triggers.trigger import RuleContext, Trigger
from kg.vocab import EventKind


class PersonEventRules(RuleContext):
    """The handlers of persons triggers, a part of :class:`~kg.extract.events.triggers.rules.TriggerRules`."""

    def _visit(self, t: Trigger) -> Iterator[RawEvent]:
        if t.lemma == "visit":
            places = [p for o in t.objects for p in self.places.places_of(o, named_only=True)]
        else:
            places = self.places.locative_places(t.token, preps=("to", "in", "into"))
        subject = self.actors.subject_of(t.token)
        if places and subject is not None and subject.kind == "Person":
            yield RawEvent(EventKind.VISIT, t.index, t.token, t.token, agents=[subject], places=places, confidence=0.75)

    def _release(self, t: Trigger) -> Iterator[RawEvent]:
        targets = [e for o in t.objects + t.passive_subjects if (e := self.actors.group(o)) is not None]
        if targets:
            event = self.actors.with_agent(
                RawEvent(EventKind.PRISONER_RELEASE, t.index, t.token, t.token, targets=targets, confidence=0.7),
                t.token,
                default=False,
            )
            event.places = self.places.locative_places(t.token, preps=("in", "near", "at", "outside", "from"))
            for obj in t.objects:  # "freed all the inmates from the Farah prison"
                event.places += [
                    p for p in self.places.locative_places(obj, preps=("from", "of", "in")) if p not in event.places
                ]
            prisons = [p for p in event.places if p.kind == "Prison"]
            if prisons and event.agents and self.actors.side(event.agents[0]) != "government":
                # "the Taliban freed all the inmates from the Farah prison": they took the prison
                event.kind = EventKind.PRISON_BREAK
                yield RawEvent(
                    EventKind.TAKE_CONTROL,
                    t.index,
                    t.token,
                    t.token,
                    agents=list(event.agents),
                    places=prisons,
                    confidence=0.75,
                )
            yield event

    def _appointment(self, t: Trigger) -> Iterator[RawEvent]:
        verb = t.token
        persons = [e for e in self.entities.mentions_in(verb.left_edge.i, verb.right_edge.i + 1) if e.kind == "Person"]
        if t.lemma == "replace":
            agents = [c for c in t.children if c.dep_ == "agent"]
            persons = [
                e
                for a in agents
                for e in self.entities.mentions_in(a.left_edge.i, a.right_edge.i + 1)
                if e.kind == "Person"
            ]
        if persons:
            yield RawEvent(EventKind.APPOINTMENT, t.index, verb, verb, targets=persons, confidence=0.65)
