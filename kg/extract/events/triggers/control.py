"""Holding a place: "is now under X's control", "now in control of", "now controlled by", "secured",
"changed hands", a flag raised or flying over it, "towns captured by X include A and B"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import actor_words, place_words
from kg.extract import lexicon as lx
from kg.extract.entities.place_cues import taken_towns_verb
from kg.extract.events.raw import RawEvent
from kg.extract.events.triggers.conditions import (
    all_armed,
    described_by,
    held_towns,
    listed_before,
    reported_new,
    state_side,
)
from kg.extract.events.triggers.trigger import RuleContext, Trigger
from kg.extract.records import EntityRef
from kg.vocab import EventKind

# A part of a place held, in "in control of half of X": no change of hands of X.
_PARTS = frozenset({"half", "part", "parts", "some", "portion", "portions", "section", "sections", "pocket", "pockets"})


class ControlRules(RuleContext):
    """The handlers of control triggers, a part of :class:`~kg.extract.events.triggers.rules.TriggerRules`."""

    def _changed_hands(self, t: Trigger) -> Iterator[RawEvent]:
        """ "X changed hands on Sunday": it was taken, by whom the clause may say elsewhere."""
        if any(c.lower_ in ("times", "repeatedly", "often") for c in t.token.subtree):
            return  # "has changed hands several times": a history, not an event
        places = [
            p
            for c in t.children
            if c.dep_ == "nsubj"
            for p in self.places.places_of(c, named_only=True)
            if p.kind != "Country"
        ]
        if places:
            yield RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.65)

    def _in_control(self, t: Trigger) -> Iterator[RawEvent]:
        """ "the rebels are now in control of X": a change of hands the report has just learnt of. Without
        "now", only an armed group's hold is one (it holds no town it did not take); a state's forces
        "in (full) control of" a town most often kept it."""
        control = next(
            g
            for c in t.children
            if c.dep_ == "prep" and c.lower_ == "in"
            for g in c.children
            if g.lemma_.lower() in ("control", "charge")
        )
        held = [g for c in control.children if c.dep_ == "prep" and c.lower_ in ("of", "over") for g in c.children]
        held += [c for g in held for c in g.conjuncts]
        if held and all(g.lemma_.lower() in _PARTS for g in held):
            return  # "in control of half of the city": a hold on part of it, no change of hands
        places = self.places.places_after_control(control)
        if places:
            event = self.actors.with_agent(
                RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, control, places=places, confidence=0.7),
                t.token,
                default=False,
            )
            if control.lemma_.lower() == "charge" and not all_armed(event.agents):
                return  # "elders are now in charge of X", "the new governor is now in charge": officials, not a side
            if reported_new(t) or (event.agents and not state_side(event.agents)):
                yield event

    def _under_control(self, t: Trigger) -> Iterator[RawEvent]:
        """ "X is now under Taliban control": the place changed hands; the controller took it."""
        subjects = [
            c
            for c in t.children
            if c.dep_ == "nsubj"
            # "other key towns in A and B are in the hands of X": which towns, unsaid; A and B are where they lie
            and not (
                c.tag_ == "NNS"
                and c.lemma_.lower() in place_words.PLACE_NOUN_KIND
                and any(g.dep_ == "prep" and g.lower_ == "in" for g in c.children)
                and not any(
                    g.dep_ in ("appos", "nummod") or g.lower_ in ("the", "these", "those", "both") for g in c.children
                )
            )
        ]
        # "the camp is now under their control": with "now", a description's antecedent is what changed hands
        places = [
            p for s in subjects for p in self.places.places_of(s, named_only=not reported_new(t)) if p.kind != "Country"
        ]
        # "all major cities are under Taliban control, including Kabul": the names the clause lists
        listed = [
            g
            for c in t.token.subtree
            if c.lower_ == "including" and c.dep_ == "prep"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        places += [
            p
            for g in listed
            for p in self.places.places_of(g, named_only=True)
            if p.kind != "Country" and p not in places
        ]
        agents = self.actors.controller(t.token)
        if places and (
            reported_new(t)
            or any(c.lower_ in ("back", "again") for c in t.children)
            or (agents and not state_side(agents))
        ):
            # now or back in someone's hands; or in an armed group's, which holds no town it did not take
            yield RawEvent(
                EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, agents=agents, confidence=0.7
            )

    def _now_control(self, t: Trigger) -> Iterator[RawEvent]:
        """ "attacked the town and now control it", "X is now controlled by Y": the report has just
        learnt that it changed hands; "the villages of A and B, all now controlled by Y"."""
        described = described_by(t)
        if described and described[0].lower_ in ("all", "both"):
            described = (listed_before(described[0]),)  # "A, B and C — all now controlled by Y": the places listed
        places = [p for o in t.objects or t.passive_subjects or described for p in self.places.places_of(o)]
        if places and (t.passive_subjects or described) and not t.objects:
            yield RawEvent(
                EventKind.TAKE_CONTROL,
                t.index,
                t.token,
                t.token,
                places=places,
                agents=self.actors.agents_by(t.token),
                confidence=0.7,
            )
        elif places:
            yield self.actors.with_agent(
                RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.7),
                t.token,
                default=False,
            )

    def _secure(self, t: Trigger) -> Iterator[RawEvent]:
        """ "troops secured the town of X", "have secured the towns of A, B and C": an armed side took the
        settlements. An airport, a road or a border "secured" was guarded, not taken; so was a town
        "secured" after the other side attacked it."""
        heads = t.objects or t.passive_subjects
        places = [
            p
            for h in heads
            for p in self.places.places_of(h, named_only=True)
            if p.kind in ("City", "District", "Place")
        ]
        if (
            not places
            or self._defended(t.token)
            or any(w.lemma_.lower() in lx.CIVIC_OCCASIONS for w in self.entities.sentence(t.token))
        ):
            return  # "secured X ahead of Sunday's election": guarded, not taken
        event = self.actors.with_agent(
            RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.7),
            t.token,
            default=False,
        )
        if t.passive_subjects and not t.objects:
            event.agents = self.actors.agents_by(t.token)
            if not event.agents:
                yield event  # "X has been secured": by forces the report need not name
                return
        if event.agents and all(a.kind in actor_words.ARMED_ACTOR_KINDS for a in event.agents):
            yield event

    def _defended(self, verb: Token) -> bool:
        """Does the sentence say someone else attacked ("secured X after militants attacked the town",
        "repelled the attack and secured X")?"""
        securers = set(self.actors.subjects_of(verb))
        return any(
            t.lemma_.lower() in lx.ENTRY_REPULSION_LEMMAS | {"defend", "thwart", "foil"}
            or (t.lemma_.lower() == "attack" and t.pos_ == "VERB" and not set(self.actors.subjects_of(t)) & securers)
            or (
                t.lemma_.lower() == "attack" and t.pos_ == "NOUN" and any(a not in securers for a in self._attackers(t))
            )
            for t in self.entities.sentence(verb)
            if t.i != verb.i
        )

    def _attackers(self, noun: Token) -> list[EntityRef]:
        """Who made an attack a noun names: "a militant attack", "an attack by the rebels"."""
        heads = [c for c in noun.children if c.dep_ in ("compound", "amod", "poss")]
        heads += [
            g for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"
        ]
        return [e for h in heads if (e := self.entities.resolve(h)) is not None and not e.is_place]

    def _flag_over(self, t: Trigger) -> Iterator[RawEvent]:
        """ "raised their flag over the town hall", "hoisted the flag above X", "the X flag has been raised
        over Y": they hold it."""
        flag = next(o for o in (*t.objects, *t.passive_subjects) if o.lemma_.lower() in lx.FLAG_NOUNS)
        preps = [
            c
            for c in (*t.children, *flag.children)
            if c.dep_ == "prep" and c.lower_ in ("over", "above", "atop", "on", "in")
        ]
        places = [
            p
            for prep in preps
            for g in prep.children
            if g.dep_ == "pobj" and g.lower_ not in place_words.EDGE_WORDS  # not "on the outskirts of X"
            for p in self.places.places_of(g) or self.places.locative_places(g, preps=("in", "of"))
        ]  # "over the main square in X"
        places = [
            p for p in dict.fromkeys(places) if p.kind not in ("Country", "Province", "Region")
        ]  # a flag flies over a building or a town
        if places and flag in t.passive_subjects:  # raised "by the rebels", else whose flag: "the Russian flag"
            event = RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.7)
            event.agents = self.actors.agents_by(t.token)
            yield event if event.agents else self.actors.nominal_agent(event, flag, default=False)
        elif places:
            yield self.actors.with_agent(
                RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.75), t.token
            )

    def _flag_flies(self, t: Trigger) -> Iterator[RawEvent]:
        """ "the group's flag now flies over X": its owner holds X."""
        flag = next(c for c in t.children if c.dep_ == "nsubj" and c.lemma_.lower() in lx.FLAG_NOUNS)
        preps = [c for c in t.children if c.dep_ == "prep" and c.lower_ in ("over", "above", "atop")]
        places = [
            p
            for prep in preps
            for g in prep.children
            if g.dep_ == "pobj"
            for p in self.places.places_of(g)
            if p.kind != "Country"
        ]
        if places:
            event = self.actors.nominal_agent(
                RawEvent(
                    EventKind.TAKE_CONTROL,
                    t.index,
                    t.token,
                    t.token,
                    places=list(dict.fromkeys(places)),
                    confidence=0.65,
                ),
                flag,
                default=False,
            )
            if event.agents:  # whose flag: "the national flag flies over X" says no change of hands
                yield event

    def _towns_taken_include(self, t: Trigger) -> Iterator[RawEvent]:
        """ "Towns captured by the rebels include A and B", "Other towns the army has reclaimed include A,
        B and C": the places the list names, taken by whoever took the towns."""
        taker = taken_towns_verb(t.token)
        assert taker is not None  # the rule's condition
        places = [
            p
            for o in t.objects
            for p in self.places.places_of(o, named_only=True)
            if p.kind not in ("Country", "Province", "Region")
        ]
        if places:
            event = RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, taker, places=places, confidence=0.75)
            takers = [
                c
                for c in taker.children
                if c.dep_ == "nsubj" and place_words.PLACE_NOUN_KIND.get(c.lemma_.lower()) != "City"
            ]
            named = [
                a
                for c in takers
                for h in (c, *(g for g in c.children if g.dep_ == "conj"))
                if (a := self.actors.as_actor(self.entities.resolve(h)))
            ]
            event.agents = self.actors.agents_by(taker) or list(dict.fromkeys(named))
            yield event

    def _held_towns_listed(self, t: Trigger) -> Iterator[RawEvent]:
        """ "The towns in rebel hands are A, B and C", "towns now under their control include A": taken by
        the holder when it is an armed group (which holds no town it did not take) or the hold is new."""
        towns = held_towns(t)
        assert towns is not None  # the rule's condition
        places = [
            p
            for c in t.children
            if c.dep_ in ("attr", "dobj")
            for p in self.places.places_of(c, named_only=True)
            if p.kind not in ("Country", "Province", "Region")
        ]
        holders = [h for h in self.actors.controller(towns) if not h.is_place]
        new = any(c.lower_ == "now" for c in (*towns.subtree, *t.children))
        if places and (new or (holders and not state_side(holders))):
            yield RawEvent(
                EventKind.TAKE_CONTROL, t.index, t.token, towns, places=places, agents=holders, confidence=0.7
            )
