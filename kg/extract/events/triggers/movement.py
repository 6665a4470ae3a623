"""Movement: entering a place, moving in after the other side left, returning, driving a side out,
clearing it, withdrawing and advancing."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import actor_words, place_words
from kg.extract import lexicon as lx
from kg.extract.events.raw import RawEvent
from kg.extract.events.triggers.conditions import (
    all_armed,
    definite_place,
    gave_control,
    no_place_name,
    who_left_after,
)
from kg.extract.events.triggers.trigger import RuleContext, Trigger
from kg.extract.records import EntityRef
from kg.vocab import EventKind


class MovementRules(RuleContext):
    """The handlers of movement triggers, a part of :class:`~kg.extract.events.triggers.rules.TriggerRules`."""

    def _moved_in_after_withdrawal(self, t: Trigger) -> Iterator[RawEvent]:
        """ "The army pulled out of X and the rebels moved in", "soldiers abandoned their posts in X and
        the rebels took over": the place the other side left in the same sentence."""
        places = self._left_before(t.token, self.entities.sentence(t.token).start)
        if places:
            yield self.actors.with_agent(
                RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.65),
                t.token,
                default=False,
            )

    def _left_before(self, token: Token, start: int) -> list[EntityRef]:
        """The places a side withdrew from, fled or abandoned between ``start`` and ``token``."""
        left = [v for v in self.doc[start : token.i] if v.pos_ == "VERB" and v.lemma_.lower() in lx.WITHDRAWAL_TRIGGERS]
        places: list[EntityRef] = []
        for verb in left:
            found = self.places.locative_places(verb, preps=("from", "out", "of", "in"))
            found += [
                p
                for c in verb.children
                if c.lower_ == "out"
                for of in c.children
                if of.lower_ == "of"
                for g in of.children
                if g.dep_ == "pobj"
                for p in self.places.places_of(g, named_only=True)
            ]  # "pulled out of X"
            found += [p for o in verb.children if o.dep_ == "dobj" for p in self.places.places_of(o, named_only=True)]
            found += [
                p for o in verb.children if o.dep_ == "dobj" for p in self.places.locative_places(o, preps=("in",))
            ]
            places += [p for p in found if p.kind != "Country" and p not in places]
        return places

    def _enter(self, t: Trigger) -> Iterator[RawEvent]:
        """ "entered Kabul, completing their takeover", "entered the city unopposed": an entry that the
        clause says gave control is a capture; so is one into a town that nothing in its sentence or
        the next contests ("troops entered the town. However, they were repelled" is not)."""
        subject = next((c for c in t.children if c.dep_ == "nsubj"), None)
        if subject is None and t.token.dep_ == "acl":
            subject = t.token.head  # "humanitarian assistance entering X"
        if (
            subject is not None
            and subject.pos_ == "NOUN"
            and self.actors.as_actor(self.entities.resolve(subject)) is None
            and subject.lemma_.lower() not in actor_words.ARMED_GROUP_NOUNS | actor_words.FORCE_NOUNS
        ):
            return  # "residents entered X", "aid convoys entered X", "assistance entering X": no side took it
        sure = gave_control(t.token)
        prelude = (
            t.token.dep_ == "pcomp"
            and t.token.head.lower_ == "after"
            and lx.verb_lemma(t.token.head.head) in lx.CAPTURE_VERBS
        )  # "the first town they captured after entering the district": the capture says what they took
        places = [
            p
            for o in t.objects
            for p in self.places.places_of(o, named_only=not sure)  # "entered the city": which, only a cue makes sure
            if p.kind != "Country"
            and (sure or p.kind not in ("Province", "Region", "District"))  # into a district is not through it
            and not (prelude and not sure)
        ]
        if not places:  # "the militants abandoned X, and troops entered the town": the town they left
            left = self._left_before(t.token, self.entities.sentence_before(t.token).start)
            places = [p for o in t.objects for p in self.places.places_of(o) if p in left]
        if places:
            yield self.actors.with_agent(
                RawEvent(
                    EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.8 if sure else 0.65
                ),
                t.token,
            )

    def _return_after_withdrawal(self, t: Trigger) -> Iterator[RawEvent]:
        """ "the militants returned to X after the troops left": back in the town the other side left."""
        to = t.prep("to")
        leaver = who_left_after(t.token)
        assert to is not None and leaver is not None  # the rule's condition
        places = [
            p
            for g in to.children
            if g.dep_ == "pobj"
            for p in self.places.places_of(g, named_only=True)
            if p.kind in ("City", "District", "Place")
        ]
        event = self.actors.with_agent(
            RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.65),
            t.token,
            default=False,
        )
        left = self.actors.as_actor(self.entities.resolve(leaver))
        armed = actor_words.ARMED_ACTOR_KINDS
        # an armed side back where another armed side left: not residents, not after journalists or "they" left
        if places and all_armed(event.agents) and left is not None and left.kind in armed and left not in event.agents:
            yield event

    def _move_into(self, t: Trigger) -> Iterator[RawEvent]:
        """ "Iraqi forces moved into Kirkuk", "rebels swept into the town": an uncontested entry."""
        into = t.prep("into")
        heads = [g for g in into.children if g.dep_ == "pobj"] if into is not None else []
        leaver = who_left_after(t.token)
        left_by = self.actors.group(leaver) if leaver is not None else None
        # "moved into the town after the Peshmerga moved out": a side left it (not "after residents moved out")
        vacated = leaver is not None and (left_by is None or left_by.kind not in ("GroupOfPeople", "Person"))
        places = [
            p
            for h in heads
            for p in self.places.places_of(h, named_only=not (vacated and definite_place(h)))
            if p.kind not in ("Country", "Province", "Region")
        ]
        if not places:
            return
        if t.lemma in lx.CIVILIAN_MOTION_VERBS:  # "aid workers moved into X": only a side moves in to take it
            event = self.actors.with_agent(
                RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.65),
                t.token,
                default=False,
            )
            sides = actor_words.ARMED_ACTOR_KINDS | actor_words.STATE_ACTOR_KINDS
            armed_noun = any(
                c.dep_ == "nsubj" and (c.lemma_.lower() in _ARMED_NOUNS or c.lower_.removesuffix("s") in _ARMED_NOUNS)
                for c in t.children
            )  # "Iraqi Forces Move into X" in a Title Case headline, no actor resolved
            if (event.agents and all(a.kind in sides for a in event.agents)) or (not event.agents and armed_noun):
                yield event
            return
        yield self.actors.with_agent(
            RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.65), t.token
        )

    def _dislodge(self, t: Trigger) -> Iterator[RawEvent]:
        """ "drove the militants out of X", "pushed them from X", "militants were driven from X by Y":
        the side that drove them took X; not "forcing traffic from X to Y"."""
        driven = t.objects or t.passive_subjects
        if driven and not any(self._a_side_driven(o) for o in driven):
            return
        places = [
            p
            for prep in t.children
            if prep.dep_ == "prep" and prep.lower_ in ("from", "out", "of")
            for p in self._dislodged_from(prep)
        ]
        places += [
            p
            for prep in (c for c in t.children if c.dep_ == "prt" and c.lower_ == "out")
            for p in self.places.locative_places(t.token, preps=("of",))
        ]
        places = [p for p in dict.fromkeys(places) if p.kind != "Country"]
        if not places:
            return
        event = RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.75)
        if t.passive_subjects:
            event.agents = self.actors.agents_by(t.token)
        else:
            self.actors.with_agent(event, t.token, default=False)
        yield event

    def _a_side_driven(self, token: Token) -> bool:
        """Is ``token`` a side that can be driven out ("the militants", "them", "the Islamists", "Fatah
        al-Islam"), not a common noun that names none ("traffic", "residents")?"""
        return (
            token.pos_ in ("PRON", "PROPN")
            or token.text[:1].isupper()
            or token.lemma_.lower() in actor_words.ARMED_GROUP_NOUNS | actor_words.FORCE_NOUNS | actor_words.GROUP_NOUNS
            or self.actors.as_actor(self.entities.resolve(token)) is not None
            or any(  # "hundreds of rebels"
                self._a_side_driven(g)
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            )
        )

    def _routed_in(self, t: Trigger) -> Iterator[RawEvent]:
        """ "the army routed the militants in X": an armed side routed in a named place lost it to the
        side that routed it."""
        routed = [self.actors.as_actor(self.entities.resolve(o)) for o in t.objects]
        if not routed or any(a is None for a in routed):
            return  # "routed the attack in X": no side driven out
        places = [p for p in self.places.locative_places(t.token, preps=("in",)) if p.kind != "Country"]
        if places:
            event = RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.7)
            yield self.actors.with_agent(event, t.token, default=False)

    def _dislodged_from(self, prep: Token) -> list[EntityRef]:
        pobjs = [g for g in prep.children if g.dep_ == "pobj"]
        pobjs += [
            g for c in prep.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"
        ]
        # a name, or "the town" and "their town" (the one the text just named), not "the area", "the region"
        return [
            p
            for g in pobjs
            for p in self.places.places_of(
                g,
                named_only=not (
                    (definite_place(g) or _owned_place(g))
                    and place_words.PLACE_NOUN_KIND.get(g.lemma_.lower()) == "City"
                ),
            )
        ]

    def _clear(self, t: Trigger) -> Iterator[RawEvent]:
        """ "cleared X (of militants)", "cleared the last fighters from X", "the town of X has been cleared":
        forces retook a named place."""
        places = [p for o in t.objects for p in self.places.places_of(o, named_only=True) if p.kind != "Country"]
        if not t.objects:  # a passive: a named town, not "the road has been cleared"
            places = [
                p
                for s in t.passive_subjects
                for p in self.places.places_of(s, named_only=True)
                if p.kind in ("City", "District", "Place")
            ]
        if not places and any(
            o.lemma_.lower() in actor_words.ARMED_GROUP_NOUNS | actor_words.FORCE_NOUNS
            or no_place_name(o, self.entities.entity_at(o))
            for o in t.objects
        ):
            places = [
                p
                for prep in (
                    c for c in (*t.children, *t.objects[0].children) if c.dep_ == "prep" and c.lower_ == "from"
                )
                for p in self._dislodged_from(prep)
                if p.kind != "Country"
            ]
        if places and self._cleared_of_fighters(t):
            event = self.actors.with_agent(
                RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.7),
                t.token,
                default=False,
            )
            if t.passive_subjects and not t.objects:
                event.agents = self.actors.agents_by(t.token)
                by = any(c.dep_ == "agent" for c in t.children)
                if (by and not event.agents) or not all(a.kind in actor_words.ARMED_ACTOR_KINDS for a in event.agents):
                    return  # "cleared by health officials"
            yield event

    def _cleared_of_fighters(self, t: Trigger) -> bool:
        """Is a clearing military: of fighters, or of nothing said; not "cleared of debris", "cleared for
        reconstruction", "cleared ahead of the festival"?"""
        for prep in (c for c in t.children if c.dep_ == "prep"):
            if prep.lower_ == "for":
                return False
            if prep.lower_ == "of" and not any(
                g.lemma_.lower() in actor_words.ARMED_GROUP_NOUNS | actor_words.FORCE_NOUNS
                or (self.actors.as_actor(self.entities.resolve(g)) is not None)
                for g in prep.children
                if g.dep_ == "pobj"
            ):
                return False
        return not any(w.lemma_.lower() in lx.CIVIC_OCCASIONS for w in self.entities.sentence(t.token))

    def _withdrawal(self, t: Trigger) -> Iterator[RawEvent]:
        kind = lx.WITHDRAWAL_TRIGGERS[t.lemma]
        places = self.places.locative_places(t.token, preps=("from", "in", "out"))
        if t.lemma in ("leave", "abandon", "evacuate") and t.objects:
            places = [p for o in t.objects for p in self.places.places_of(o, named_only=True)] or places
        yield self.actors.with_agent(
            RawEvent(kind, t.index, t.token, t.token, places=places, confidence=0.75), t.token, default=False
        )

    def _advance(self, t: Trigger) -> Iterator[RawEvent]:
        # "inched closer to its outskirts": the preposition may hang from "closer"
        anchors = [t.token, *(c for c in t.children if c.dep_ == "advmod" and c.lower_ in ("closer", "nearer"))]
        places = [
            p
            for a in anchors
            for p in self.places.locative_places(a, preps=("to", "on", "towards", "toward", "near", "into"))
        ]
        if t.lemma in ("approach", "encircle", "surround") and t.objects:
            places = [p for o in t.objects for p in self.places.places_of(o)] or places
        if places:
            yield self.actors.with_agent(
                RawEvent(EventKind.ADVANCE, t.index, t.token, t.token, places=places, confidence=0.7),
                t.token,
                default=False,
            )


_ARMED_NOUNS = actor_words.FORCE_NOUNS | actor_words.ARMED_GROUP_NOUNS


def _owned_place(token: Token) -> bool:
    """ "their town", "our city": a place noun with a possessive pronoun."""
    return (
        token.pos_ == "NOUN"
        and token.lemma_.lower() in place_words.PLACE_NOUN_KIND
        and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children)
    )
