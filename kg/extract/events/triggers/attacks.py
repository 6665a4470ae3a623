"""Attacks and their like: an attack verb, a surrender, a threat ("set their sights on X")."""

from __future__ import annotations

from collections.abc import Iterator

from kg.extract import lexicon as lx
from kg.extract import place_words
from kg.extract.events.raw import RawEvent
from kg.extract.events.triggers.trigger import RuleContext, Trigger
from kg.extract.records import EntityRef
from kg.vocab import EventKind


class AttackRules(RuleContext):
    """The handlers of attacks triggers, a part of :class:`~kg.extract.events.triggers.rules.TriggerRules`."""

    def _set_sights(self, t: Trigger) -> Iterator[RawEvent]:
        """ "set their sights on X"."""
        sights = t.object("sight")
        assert sights is not None  # the rule's condition
        places = [
            p
            for c in [*sights.children, *t.children]
            if c.dep_ == "prep" and c.lower_ == "on"
            for g in c.children
            if g.dep_ == "pobj"
            for p in self.places.places_of(g)
        ]
        if places:
            yield self.actors.with_agent(
                RawEvent(EventKind.THREAT, t.index, t.token, sights, places=places, confidence=0.75), t.token
            )

    def _threat(self, t: Trigger) -> Iterator[RawEvent]:
        places = [p for o in t.objects for p in self.places.places_of(o, named_only=True)]
        if places:
            yield self.actors.with_agent(
                RawEvent(EventKind.THREAT, t.index, t.token, t.token, places=places, confidence=0.7), t.token
            )

    def _attack(self, t: Trigger) -> Iterator[RawEvent]:
        kind = lx.ATTACK_TRIGGERS[t.lemma]
        places: list[EntityRef] = []
        targets: list[EntityRef] = []
        for head in t.objects or t.passive_subjects:
            place_list = self.places.places_of(head, named_only=True)
            if place_list:
                places += place_list
            elif (group := self.actors.group(head)) is not None:
                targets.append(group)
        places += [
            p
            for p in self.places.locative_places(t.token, preps=("in", "near", "outside", "to", "at", "on"))
            if p not in places
        ]
        places = [p for p in places if p.kind != "Country"]
        if t.lemma in ("fight", "battle", "clash") and not targets:
            return
        if places or targets:
            yield self.actors.with_agent(
                RawEvent(kind, t.index, t.token, t.token, places=places, targets=targets, confidence=0.7),
                t.token,
                default=False,
            )

    def _surrender(self, t: Trigger) -> Iterator[RawEvent]:
        subjects = [c for c in t.children if c.dep_ == "nsubj"]
        towns = [
            p
            for s in subjects
            if self.entities.entity_at(s) is not None or s.lemma_.lower() in place_words.PLACE_NOUNS
            for p in self.places.places_of(s)
            if p.kind != "Country"
        ]
        if towns:  # "the city of X surrendered to the insurgents": control passed to them
            yield RawEvent(
                EventKind.HANDOVER,
                t.index,
                t.token,
                t.token,
                places=towns,
                agents=self.actors.recipients(t.token),
                confidence=0.75,
            )
            return
        event = self.actors.with_agent(
            RawEvent(EventKind.SURRENDER, t.index, t.token, t.token, confidence=0.75), t.token, default=False
        )
        event.places = self.places.locative_places(t.token)
        yield event
