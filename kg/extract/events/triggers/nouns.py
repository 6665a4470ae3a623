"""Noun triggers: "the capture of X", "X's fall", "the recovery of X from Y", "X remains their biggest
prize", "an attack on X", "the surrender of X", "the withdrawal of Y from X", "his visit to X", "the entry of Y into X"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.extract import actor_words, place_words
from kg.extract import lexicon as lx
from kg.extract.events.raw import RawEvent
from kg.extract.events.triggers.trigger import RuleContext, Trigger
from kg.vocab import EventKind


class NounRules(RuleContext):
    """The handlers of nouns triggers, a part of :class:`~kg.extract.events.triggers.rules.TriggerRules`."""

    def _capture_noun(self, t: Trigger) -> Iterator[RawEvent]:
        """ "the capture of", "the taking of", "the fall of", "X's fall"."""
        if t.token.dep_ == "pobj" and t.token.head.lower_ == "under" and t.prep("by") is None:
            return  # "under the occupation of X": X is the occupier (but "of X by Y": X is occupied)
        places = [p for g in t.of() for p in self.places.places_of(g)]
        places += [
            p
            for c in t.children
            if c.dep_ == "poss" and (e := self.entities.entity_at(c)) is not None and e.is_place
            for p in self.places.places_of(c, named_only=True)
            if p not in places
        ]
        if told_as_done(t.token):
            places += [
                e
                for c in t.children
                if c.dep_ == "poss" and c.pos_ == "NOUN" and c.lemma_.lower() in place_words.PLACE_NOUNS
                if (e := self.entities.resolve(c)) is not None and e.is_place and e not in places
            ]  # "since the city's takeover by the insurgents": the city named before
        if places:
            kind = EventKind.HANDOVER if t.lemma == "handover" else EventKind.TAKE_CONTROL
            event = RawEvent(kind, t.index, t.token, t.token, places=places, confidence=0.85)
            recipients = self.actors.recipients(t.token) if t.lemma in ("fall", "loss", "handover") else []
            if recipients:  # "the fall of X to the rebels"
                event.agents = recipients
                yield event
                return
            if t.lemma == "loss":  # "the government's loss of X": whose loss it was lost it; the taker is unsaid
                self.actors.default_agent(event)
                event.agents = [
                    a
                    for a in event.agents
                    if a not in {self.entities.resolve(c) for c in t.children if c.dep_ == "poss"}
                ]
                yield event
                return
            event = self.actors.nominal_agent(event, t.token)
            losers = {
                self.entities.resolve(g)
                for c in t.token.subtree
                if c.dep_ == "prep" and c.lower_ == "from"
                for g in c.children
                if g.dep_ == "pobj"
            }
            event.agents = [
                a for a in event.agents if a not in losers
            ]  # "the recovery of X from the militants": they lost it
            yield event

    def _recovery(self, t: Trigger) -> Iterator[RawEvent]:
        """ "the recovery of the port city X from the militants": taken back from a side (not "X's recovery
        from the drought")."""
        losers = [
            self.entities.resolve(g)
            for c in t.token.subtree
            if c.dep_ == "prep" and c.lower_ == "from"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        if any(loser is not None and not loser.is_place for loser in losers):
            yield from self._capture_noun(t)

    def _prize(self, t: Trigger) -> Iterator[RawEvent]:
        """ "X remains the Taliban's biggest prize"."""
        owner = next((c for c in t.children if c.dep_ == "poss"), None)
        copula = t.token.head
        subjects = [c for c in copula.children if c.dep_ == "nsubj"]
        places = [p for s in subjects for p in self.places.places_of(s, named_only=True)]
        agent = self.entities.resolve(owner) if owner is not None else None
        if places and agent is not None and not agent.is_place:
            yield RawEvent(
                EventKind.TAKE_CONTROL, t.index, t.token, t.token, agents=[agent], places=places, confidence=0.75
            )

    def _victory_over(self, t: Trigger) -> Iterator[RawEvent]:
        """ "their victory over the Islamic State in X": the winners took X from an armed side (not "a
        victory over the ruling party in the election")."""
        over = t.prep("over")
        vanquished = [e for g in (over.children if over is not None else ()) if (e := self.actors.group(g)) is not None]
        if not any(e.kind in actor_words.ARMED_ACTOR_KINDS for e in vanquished):
            return
        places = [p for p in self.places.victory_places(t.token) if p.kind != "Country"]
        if places:
            event = RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.6)
            yield self.actors.nominal_agent(event, t.token, default=False)

    def _entry_noun(self, t: Trigger) -> Iterator[RawEvent]:
        """ "the entry of the insurgents' forces into the capital on 15 August": an armed side's entry that
        nothing contests takes the town, as "entered X unopposed" does (not a district or a region)."""
        into = entry_into(t)
        if into is None or not told_as_done(t.token):
            return  # "talks on the entry of X into Y", "demanded the entry of": not done
        agents = [
            a for g in t.of() if (a := self.actors.group(g)) is not None and a.kind in actor_words.ARMED_ACTOR_KINDS
        ]
        places = [
            p
            for g in into.children
            if g.dep_ == "pobj"
            for p in self.places.places_of(g)
            if p.kind not in ("Country", "Province", "Region", "District")
        ]
        if agents and places:
            yield RawEvent(
                EventKind.TAKE_CONTROL, t.index, t.token, t.token, agents=agents, places=places, confidence=0.65
            )

    def _transfer_of_control(self, t: Trigger) -> Iterator[RawEvent]:
        """ "the transfer of control of X to Y"; "The military transfers control of X to Y", a headline's
        present tense read as a noun: a handover to Y, or between allies a withdrawal (as for the verb)."""
        control = control_transferred(t)
        if control is None:
            return
        places = self.places.places_after_control(control)
        recipients = self.actors.recipients(control) or self.actors.recipients(t.token)
        if not places or not recipients:
            return
        givers = [
            e
            for c in control.subtree
            if c.i < t.token.i and (e := self.actors.as_actor(self.entities.entity_at(c))) is not None
        ]
        if (
            givers
            and self.actors.side(recipients[0]) == "government"
            and all(self.actors.side(g) == "government" for g in givers)
        ):
            kind, agents, targets = EventKind.WITHDRAWAL, givers[:1], recipients
        else:
            kind, agents, targets = EventKind.HANDOVER, recipients, []
        yield RawEvent(kind, t.index, t.token, control, agents=agents, targets=targets, places=places, confidence=0.8)

    def _attack_noun(self, t: Trigger) -> Iterator[RawEvent]:
        preps = [c for c in t.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "in", "near", "of")]
        places = [
            p for c in preps for g in c.children if g.dep_ == "pobj" for p in self.places.places_of(g, named_only=True)
        ]
        if places:
            event = RawEvent(lx.ATTACK_TRIGGERS[t.lemma], t.index, t.token, t.token, places=places, confidence=0.65)
            yield self.actors.nominal_agent(event, t.token, default=False)

    def _surrender_noun(self, t: Trigger) -> Iterator[RawEvent]:
        towns = [
            p
            for g in t.of()
            if self.entities.entity_at(g) is not None
            for p in self.places.places_of(g, named_only=True)
            if p.kind != "Country"
        ]
        if towns:  # "negotiated the surrender of X to the insurgents"
            yield RawEvent(
                EventKind.HANDOVER,
                t.index,
                t.token,
                t.token,
                places=towns,
                agents=self.actors.recipients(t.token),
                confidence=0.7,
            )
            return
        agents = [e for g in t.of() if (e := self.actors.group(g)) is not None]
        places = self.places.locative_places(t.token)
        if agents or places:
            yield RawEvent(EventKind.SURRENDER, t.index, t.token, t.token, agents=agents, places=places, confidence=0.7)

    def _withdrawal_noun(self, t: Trigger) -> Iterator[RawEvent]:
        agents = [e for g in t.of() if (e := self.actors.group(g)) is not None]
        places = self.places.locative_places(t.token, preps=("from", "in"))
        if agents and places:
            yield RawEvent(
                lx.WITHDRAWAL_TRIGGERS[t.lemma],
                t.index,
                t.token,
                t.token,
                agents=agents,
                places=places,
                confidence=0.65,
            )

    def _visit_noun(self, t: Trigger) -> Iterator[RawEvent]:
        places = self.places.locative_places(t.token, preps=("to", "in"))
        owner = next((c for c in t.children if c.dep_ == "poss"), None)
        agent = self.entities.resolve(owner) if owner is not None else None
        if places and agent is not None and agent.kind == "Person":
            yield RawEvent(EventKind.VISIT, t.index, t.token, t.token, agents=[agent], places=places, confidence=0.7)


def entry_into(t: Trigger) -> Token | None:
    """The "into" of "the entry of Y into X": its own, or the one right after its "of" phrase that the parser
    hung elsewhere ("the departure of A and entry of Y into X")."""
    own = t.prep("into")
    if own is not None:
        return own
    doc = t.token.doc
    after = t.token.right_edge.i + 1
    return doc[after] if after < len(doc) and doc[after].lower_ == "into" and doc[after].dep_ == "prep" else None


def control_transferred(t: Trigger) -> Token | None:
    """The "control" a transfer noun hands over: "the transfer of control of X", or, where a headline's present
    tense ("The army transfers control of X to Y") was read as a noun, the "control" the parser hung on it."""
    if t.token.dep_ == "compound" and t.token.head.lemma_ == "control":
        return t.token.head
    return next((c for c in (*t.of(), *t.children) if c.lemma_ == "control" and c.dep_ in ("pobj", "appos")), None)


def told_as_done(noun: Token) -> bool:
    """Is a noun of action told as done: dated itself, after "since", "after", "following" or "with", or (with
    the nouns it is listed with) the subject of a verb in the past ("the entry of Y into X on 15 August saw
    ..."); not "talks on the entry", "demanded the takeover of", "fear the city's takeover"?"""
    if any(c.dep_ == "prep" and any(g.ent_type_ == "DATE" for g in c.children) for c in noun.children):
        return True
    phrase = noun
    while phrase.dep_ == "conj" or (
        phrase.dep_ == "pobj" and phrase.head.lower_ == "of" and phrase.head.head.pos_ == "NOUN"
    ):
        phrase = phrase.head if phrase.dep_ == "conj" else phrase.head.head  # "the departure of A and entry of Y"
    if phrase.dep_ == "pobj":
        return phrase.head.lower_ in ("since", "after", "following", "with", "upon")
    return phrase.dep_ in ("nsubj", "nsubjpass") and phrase.head.tag_ in ("VBD", "VBN")
