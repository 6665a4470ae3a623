"""Capture verbs: "took", "captured", "fell (to)", "handed over", "surrendered the city", "lost X",
"broke into", "claimed victory in", "declared X liberated"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import lexicon as lx
from kg.extract import place_words
from kg.extract.events.raw import RawEvent
from kg.extract.events.triggers.conditions import definite_place, participle_of_place, progressive, reported_new
from kg.extract.events.triggers.trigger import RuleContext, Trigger
from kg.extract.mood import ranked_copula
from kg.extract.records import EntityRef
from kg.vocab import EventKind


class CaptureRules(RuleContext):
    """The handlers of capture triggers, a part of :class:`~kg.extract.events.triggers.rules.TriggerRules`."""

    def _take_control(self, t: Trigger) -> Iterator[RawEvent]:
        """ "took/seized/gained/wrested control of X"."""
        control = t.object("control") or t.object("hold")  # "seized hold of X"
        assert control is not None  # the rule's condition
        places = self.places.places_after_control(control)
        if places:
            yield self.actors.with_agent(
                RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, control, places=places, confidence=0.9), t.token
            )

    def _over(self, t: Trigger) -> Iterator[RawEvent]:
        """ "took over X", "X was handed over", "handed X back to Y", "handing the city to Y"."""
        heads = t.objects or t.passive_subjects
        places = [p for h in heads for p in self.places.places_of(h)]
        if places and t.lemma == "hand":
            yield self._handover(t, places)
        elif places:
            yield self.actors.with_agent(
                RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.85), t.token
            )

    def _control_handed(self, t: Trigger) -> Iterator[RawEvent]:
        """ "transferred control of X to Y", "handed control of the base over to Y": a handover."""
        control = t.object("control")
        assert control is not None  # the rule's condition
        places = self.places.places_after_control(control)
        if places:
            yield self._handover(t, places)

    def _handover(self, t: Trigger, places: list[EntityRef]) -> RawEvent:
        """ "Firuz Koh was handed over without a fight": control passes to the recipient. Between allies
        ("the US handed over Bagram to Afghan forces") it is a withdrawal by the giver, not a capture."""
        verb = t.token
        recipients = self.actors.recipients(verb)
        giver = self.actors.subject_of(verb)
        recipient_side = self.actors.side(recipients[0]) if recipients else None
        if recipient_side == "government" and (giver is None or self.actors.side(giver) == "government"):
            return RawEvent(
                EventKind.WITHDRAWAL,
                t.index,
                verb,
                verb,
                agents=[giver] if giver else [],
                targets=recipients,
                places=places,
                confidence=0.7,
            )
        event = RawEvent(EventKind.HANDOVER, t.index, verb, verb, places=places, agents=recipients, confidence=0.85)
        if not event.agents:
            self.actors.default_agent(event)
        return event

    def _take(self, t: Trigger) -> Iterator[RawEvent]:
        """ "have taken Kunduz", "Lashkar Gah was taken by the insurgents", "attacked X and took the
        town" (not "taken prisoner", nor "took it", which may be anything)."""
        heads = t.objects or t.passive_subjects
        if not heads and (noun := participle_of_place(t)) is not None:
            heads = (noun,)  # "the three taken towns were A, B and C"
        places = [p for o in heads for p in self.places.places_of(o, named_only=not definite_place(o))]
        if places:
            yield self.actors.with_agent(
                RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.8), t.token
            )

    def _claim(self, t: Trigger) -> Iterator[RawEvent]:
        """ "the insurgents also claimed a third frontier post": a capture they claim."""
        places = [p for o in t.objects for p in self.places.places_of(o, named_only=True)]
        if places:
            event = self.actors.with_agent(
                RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.6), t.token
            )
            event.attributed = True
            yield event

    def _capture(self, t: Trigger) -> Iterator[RawEvent]:
        heads = t.objects or t.passive_subjects
        if not heads and (
            t.token.dep_ in ("amod", "acl")
            or (t.token.dep_ == "relcl" and any(c.dep_ == "auxpass" for c in t.children))
        ):
            heads = (t.token.head,)  # "captured cities", "the city captured by", "the ninth capital to be captured by"
        described = None if heads else _participle_after_apposition(t.token)
        if described is not None:
            heads = (described,)  # "X, the second-largest city, seized a week ago"
        if heads and all(
            h.lemma_.lower() in place_words.PERIPHERY_NOUNS or h.lower_ in place_words.PERIPHERY_NOUNS for h in heads
        ):
            places = [p for h in heads for p in self.places.places_of(h)]
            if places:  # "captured the outskirts of X": at its edge, not X
                yield self.actors.with_agent(
                    RawEvent(EventKind.ADVANCE, t.index, t.token, t.token, places=places, confidence=0.65),
                    t.token,
                    default=False,
                )
            return
        places = [p for h in heads for p in self.places.places_of(h)]
        if not places:
            places = self.places.contextual_place(heads)
        if t.lemma == "free":  # "freed the town" retook it; "freed the base" most often lifted a siege
            places = [p for p in places if p.kind not in place_words.FACILITY_KINDS]
        if not places or (t.lemma == "occupy" and progressive(t.token) and not reported_new(t)):
            return  # "had been occupying the district": a state, not a change of hands ("are now occupying" is one)
        event = self.actors.with_agent(
            RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.9), t.token
        )
        losers = self.actors.from_whom(t.token)
        if any(agent in losers for agent in event.agents):
            event.agents = []  # "retook X from the group": the group is who lost it
        if described is not None:
            event.agents = self.actors.agents_by(t.token)  # a passive participle: only its "by" names the taker
        yield event

    def _fall(self, t: Trigger) -> Iterator[RawEvent]:
        """ "X fell (to Y)", "X fell under Y's control", "fall: A, B and C"."""
        subjects = [c for c in t.children if c.dep_ in ("nsubj", "csubj")]
        if not subjects and t.token.dep_ in ("acl", "relcl") and t.token.head.dep_ == "attr":
            # "X became the tenth provincial capital to fall": the copula's subject fell
            subjects = [c for c in t.token.head.head.children if c.dep_ == "nsubj"]
        elif not subjects and t.token.dep_ == "xcomp" and ranked_copula(t.token.head):
            subjects = [c for c in t.token.head.children if c.dep_ == "nsubj"]  # "X became the sixth to fall"
        places = [p for s in subjects for p in self.places.places_of(s)] or self.places.colon_list(t.token)
        if places:
            event = RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.85)
            event.agents = self.actors.recipients(t.token) or self.actors.controller(t.token)
            if not event.agents:
                self.actors.default_agent(event)
            yield event

    def _cede(self, t: Trigger) -> Iterator[RawEvent]:
        """ "surrendered the city to", "withdrew from X, leaving it to the rebels"."""
        places = [
            p
            for o in t.objects
            for p in self.places.places_of(o, named_only=o.lower_ not in lx.THING_PRONOUNS and not definite_place(o))
            if p.kind != "Country"
        ]
        if places:
            event = RawEvent(EventKind.HANDOVER, t.index, t.token, t.token, places=places, confidence=0.8)
            event.agents = self.actors.recipients(t.token)
            yield event

    def _break_into(self, t: Trigger) -> Iterator[RawEvent]:
        """ "broke into" a prison is taking it; a city, an assault."""
        into = t.prep("into")
        assert into is not None  # the rule's condition
        places = [p for c in into.children if c.dep_ == "pobj" for p in self.places.places_of(c)]
        facilities = [p for p in places if p.kind in ("Prison", "MilitaryBase", "Facility")]
        if facilities:
            yield self.actors.with_agent(
                RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, into, places=facilities, confidence=0.8), t.token
            )
            if any(p.kind == "Prison" for p in facilities):
                yield self.actors.with_agent(
                    RawEvent(EventKind.PRISON_BREAK, t.index, t.token, into, places=facilities, confidence=0.75),
                    t.token,
                )
        elif places:
            yield self.actors.with_agent(
                RawEvent(EventKind.ASSAULT, t.index, t.token, into, places=places, confidence=0.75), t.token
            )

    def _lose_control(self, t: Trigger) -> Iterator[RawEvent]:
        """ "lost control of X to Y": Y took X."""
        control = t.object("control")
        assert control is not None  # the rule's condition
        places = self.places.places_after_control(control)
        if places:
            event = RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, control, places=places, confidence=0.8)
            event.agents = self.actors.recipients(t.token)
            yield event

    def _come_under(self, t: Trigger) -> Iterator[RawEvent]:
        """ "X came under the control of Y", "X fell under Y's control"."""
        subjects = [c for c in t.children if c.dep_ in ("nsubj", "csubj")]
        places = [p for s in subjects for p in self.places.places_of(s)]
        if places:
            event = RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.8)
            event.agents = self.actors.controller(t.token)
            yield event

    def _returned_to_control(self, t: Trigger) -> Iterator[RawEvent]:
        """ "X returned to government control", "X was returned to Iraqi control", "the return to federal
        control of X": X changed hands, to whoever the control is said to be."""
        if t.token.pos_ == "NOUN":
            control = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children]
            heads = t.of() + [g for c in control for p in c.children if p.lower_ == "of" for g in p.children]
        else:
            heads = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        places = [p for h in heads for p in self.places.places_of(h) if p.kind != "Country"]
        if places:
            event = RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.75)
            event.agents = self.actors.controller(t.token)
            yield event

    def _lose_place(self, t: Trigger) -> Iterator[RawEvent]:
        """ "government troops lost X (to the insurgents)", "X was lost": X changed hands, to the recipient if named."""
        places = [
            p
            for o in t.objects or t.passive_subjects
            for p in self.places.places_of(o, named_only=True)
            if p.kind != "Country"
        ]
        if places:
            yield RawEvent(
                EventKind.TAKE_CONTROL,
                t.index,
                t.token,
                t.token,
                places=places,
                agents=self.actors.recipients(t.token),
                confidence=0.8,
            )

    def _victory(self, t: Trigger) -> Iterator[RawEvent]:
        """ "claimed victory in X": a capture its claimant reports."""
        victory = t.object("victory")
        assert victory is not None  # the rule's condition
        places = self.places.victory_places(victory)
        if places:
            event = self.actors.with_agent(
                RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, victory, places=places, confidence=0.6), t.token
            )
            event.attributed = True
            yield event

    def _declared_taken(self, t: Trigger) -> Iterator[RawEvent]:
        """ "the military declared the city of X liberated": a capture its declarer reports."""
        # the place is the object ("declared X liberated") or the subject of the small clause ("declared X free")
        heads = [
            *t.objects,
            *t.passive_subjects,
            *(
                g
                for c in t.children
                if c.dep_ in ("ccomp", "xcomp") and c.lower_ in lx.DECLARED_TAKEN_WORDS
                for g in c.children
                if g.dep_ in ("nsubj", "nsubjpass")
            ),
        ]  # "X was declared liberated"
        places = [p for o in heads for p in self.places.places_of(o) if p.kind != "Country"]
        if places:
            event = self.actors.with_agent(
                RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.7),
                t.token,
                default=False,
            )
            event.attributed = True
            yield event


def _participle_after_apposition(verb: Token) -> Token | None:
    """The name a bare past participle describes when the parser hung it on the clause: "X, the country's
    second-largest city, seized more than a week ago": X (the participle follows the apposition's comma); "to
    retake the towns of A and B, seized by the rebels": the clause's object, when the participle has its "by"."""
    doc = verb.doc
    if (
        verb.tag_ not in ("VBN", "VBD")
        or verb.dep_ not in ("advcl", "conj", "ccomp")
        or verb.i < 2
        or doc[verb.i - 1].text != ","
    ):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "dobj") for c in verb.children):
        return None
    token = doc[verb.i - 2]
    by = any(c.dep_ == "agent" for c in verb.children)
    for _ in range(6):
        if token.dep_ == "appos":
            return token.head
        if by and token.dep_ in ("dobj", "nsubjpass") and token.head.i == verb.head.i:
            return token  # "to retake the towns of A and B, seized by the rebels in May": the towns
        if token.head.i == token.i or token.head.i >= verb.i - 1:
            return None
        token = token.head
    return None
