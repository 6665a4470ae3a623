"""Trigger words: tables from a verb's or a noun's lemma to the rules that read events off it.

A lemma's rules are tried in the order of the tables below; the first whose condition holds
decides, whether or not it finds an event ("took control of" before "take", "take over" before
"take X").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract import lexicon as lx
from kg.extract.entities import ArticleEntities
from kg.extract.entities.places import taken_towns_verb
from kg.extract.events.actors import ActorFinder
from kg.extract.events.places import PlaceFinder
from kg.extract.events.raw import RawEvent
from kg.extract.mood import ranked_copula
from kg.extract.records import EntityRef
from kg.vocab import EventKind


@dataclass(frozen=True, slots=True)
class Trigger:
    """A trigger word and the dependents the rules look at."""

    token: Token
    lemma: str
    index: int  # the sentence's
    children: tuple[Token, ...]
    particle: frozenset[str]
    objects: tuple[Token, ...]
    passive_subjects: tuple[Token, ...]

    @classmethod
    def at(cls, token: Token, lemma: str, index: int) -> Trigger:
        children = tuple(token.children)
        particle = frozenset(c.lower_ for c in children if c.dep_ == "prt")
        objects = tuple(c for c in children if c.dep_ in ("dobj", "obj"))
        after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if (
            not objects
            and after is not None
            and after.dep_ in ("npadvmod", "advmod")
            and after.head.i == token.i
            and after.pos_ == "PROPN"
        ):
            objects = (after,)  # "forces backed by the coalition recaptured Aden" with the name parsed as an adverb
        if not objects and particle and token.pos_ == "VERB":
            # "took over Jalalabad, capital of ..., to have been ...": the parser made the name the
            # subject of a later clause; the proper noun right after the particle is the object
            next_i = max(c.i for c in children if c.dep_ == "prt") + 1
            after = token.doc[next_i] if next_i < len(token.doc) else None
            if (
                after is not None
                and after.pos_ == "PROPN"
                and after.dep_ in ("nsubj", "nsubjpass")
                and after.head.i > after.i
            ):
                objects = (after,)
            else:  # "have taken over Abeche" parsed with the name as the particle's object
                objects = tuple(g for c in children if c.dep_ == "prt" for g in c.children if g.dep_ == "pobj")
        return cls(
            token,
            lemma,
            index,
            children,
            particle,
            objects,
            tuple(c for c in children if c.dep_ in ("nsubjpass", "csubjpass")),
        )

    def object(self, lemma: str) -> Token | None:
        return next((o for o in self.objects if o.lemma_.lower() == lemma), None)

    def prep(self, word: str) -> Token | None:
        return next((c for c in self.children if c.dep_ == "prep" and c.lower_ == word), None)

    def of(self) -> list[Token]:
        """The objects of its "of" ("the capture of X")."""
        return [
            g for c in self.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"
        ]


Handler = Callable[["TriggerRules", Trigger], Iterator[RawEvent]]
Rule = tuple[Callable[[Trigger], bool], Handler]


class TriggerRules:
    """Reads the events off the trigger words of one parsed article."""

    def __init__(self, entities: ArticleEntities, places: PlaceFinder, actors: ActorFinder) -> None:
        self.entities = entities
        self.doc = entities.doc
        self.places = places
        self.actors = actors

    def events_at(self, token: Token, index: int) -> Iterator[RawEvent]:
        lemma = token.lemma_.lower()
        pos = token.pos_
        if pos in ("VERB", "AUX"):
            lemma = lx.verb_lemma(token)  # the lemmatiser leaves "retook" and "reentered" alone
            yield from self._apply(VERB_RULES, Trigger.at(token, lemma, index))
        elif token.lower_ in lx.CAPTURE_VERB_FORMS and self.entities.entity_at(token) is None:
            yield from self._mistagged_capture(token, index)
        elif pos in ("NOUN", "PROPN"):
            if (
                token.lower_ == "over"
                and token.i >= 2
                and token.doc[token.i - 1].text == "-"
                and token.doc[token.i - 2].lower_ == "take"
            ):
                lemma = "takeover"  # "a rebel take-over of the town", split at its hyphen
            yield from self._apply(NOUN_RULES, Trigger.at(token, lemma, index))
        if lemma == "besieged" or (lemma == "besiege" and token.dep_ == "amod"):
            places = self.places.places_of(token.head)
            if places:
                yield RawEvent(EventKind.SIEGE, index, token, token, places=places, confidence=0.7)

    def _apply(self, table: dict[str, tuple[Rule, ...]], trigger: Trigger) -> Iterator[RawEvent]:
        for applies, handle in table.get(trigger.lemma, ()):
            if applies(trigger):
                yield from handle(self, trigger)
                return

    def _mistagged_capture(self, token: Token, index: int) -> Iterator[RawEvent]:
        """ "the Taliban overran Kohsan" with "overran" tagged as a name: the next place named is the
        object, or for a passive ("X was overrun by"), the nearest place named before it."""
        trigger = Trigger.at(token, lx.CAPTURE_VERB_FORMS[token.lower_], index)
        if trigger.objects:  # the parse still gave it an object: read it as the verb it is
            events = list(self._apply(VERB_RULES, trigger))
            if events:
                yield from events
                return
        doc, sentence = self.doc, self.entities.sentence(token)
        passive = token.i > sentence.start and doc[token.i - 1].lemma_.lower() == "be"
        window = (
            range(token.i - 1, max(sentence.start, token.i - 12) - 1, -1)
            if passive
            else range(token.i + 1, min(sentence.end, token.i + 5))
        )
        for i in window:
            entity = self.entities.entity_at(doc[i])
            if entity is not None and entity.is_place and entity.kind != "Country":
                if passive:  # "Taloqan, capital of Takhar province, was overrun": the place the apposition describes
                    described = next(
                        (
                            e
                            for a in doc[i].ancestors
                            if a.dep_ == "appos" and (e := self.entities.entity_at(a.head)) is not None and e.is_place
                        ),
                        None,
                    )
                    entity = described or entity
                places = [entity]
                event = RawEvent(EventKind.TAKE_CONTROL, index, token, token, places=places, confidence=0.7)
                by = next(
                    (
                        doc[j + 1]
                        for j in range(token.i + 1, min(sentence.end - 1, token.i + 3))
                        if doc[j].lower_ == "by"
                    ),
                    None,
                )
                agent = self.entities.resolve(by) if by is not None else None
                subjects = (
                    [] if passive or agent is not None else self.actors.subjects_of(token)
                )  # its subject, if parsed as one
                if agent is None and not passive and not subjects:
                    agent = next(
                        (
                            e
                            for t in reversed(doc[sentence.start : token.i])
                            if (e := self.entities.entity_at(t)) and not e.is_place
                        ),
                        None,
                    )
                if subjects:
                    event.agents = subjects
                elif agent is not None and not agent.is_place:
                    event.agents = [agent]
                else:
                    self.actors.default_agent(event)
                yield event
                return

    # ---- verbs -----------------------------------------------------------------------------------

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
        places = [
            p
            for o in t.objects or t.passive_subjects
            for p in self.places.places_of(o, named_only=not _definite_place(o))
        ]
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
        if heads and all(h.lemma_.lower() in lx.PERIPHERY_NOUNS or h.lower_ in lx.PERIPHERY_NOUNS for h in heads):
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
            places = [p for p in places if p.kind not in lx.FACILITY_KINDS]
        if not places or (t.lemma == "occupy" and _progressive(t.token) and not _now(t)):
            return  # "had been occupying the district": a state, not a change of hands ("are now occupying" is one)
        event = self.actors.with_agent(
            RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.9), t.token
        )
        losers = self.actors.from_whom(t.token)
        if any(agent in losers for agent in event.agents):
            event.agents = []  # "retook X from the group": the group is who lost it
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
            for p in self.places.places_of(o, named_only=o.lower_ not in lx.THING_PRONOUNS and not _definite_place(o))
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

    def _enter(self, t: Trigger) -> Iterator[RawEvent]:
        """ "entered Kabul, completing their takeover", "entered the city unopposed": an entry that the
        clause says gave control is a capture; so is one into a town that nothing in its sentence or
        the next contests ("troops entered the town. However, they were repelled" is not)."""
        subject = next((c for c in t.children if c.dep_ == "nsubj"), None)
        if (
            subject is not None
            and subject.pos_ == "NOUN"
            and self.actors.as_actor(self.entities.resolve(subject)) is None
            and subject.lemma_.lower() not in lx.ARMED_GROUP_NOUNS | lx.FORCE_NOUNS
        ):
            return  # "residents entered X", "aid convoys entered X": no side took it
        sure = _gave_control(t.token)
        places = [
            p
            for o in t.objects
            for p in self.places.places_of(o, named_only=not sure)  # "entered the city": which, only a cue makes sure
            if p.kind != "Country" and (sure or p.kind not in ("Province", "Region"))
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

    def _flag_over(self, t: Trigger) -> Iterator[RawEvent]:
        """ "raised their flag over the town hall", "hoisted the flag above X": they hold it."""
        flag = next(o for o in t.objects if o.lemma_.lower() in lx.FLAG_NOUNS)
        preps = [
            c
            for c in (*t.children, *flag.children)
            if c.dep_ == "prep" and c.lower_ in ("over", "above", "atop", "on", "in")
        ]
        places = [
            p
            for prep in preps
            for g in prep.children
            if g.dep_ == "pobj"
            for p in self.places.places_of(g) or self.places.locative_places(g, preps=("in", "of"))
        ]  # "over the main square in X"
        places = [
            p for p in dict.fromkeys(places) if p.kind not in ("Country", "Province", "Region")
        ]  # a flag flies over a building or a town
        if places:
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
                c for c in taker.children if c.dep_ == "nsubj" and lx.PLACE_NOUN_KIND.get(c.lemma_.lower()) != "City"
            ]
            named = [
                a
                for c in takers
                for h in (c, *(g for g in c.children if g.dep_ == "conj"))
                if (a := self.actors.as_actor(self.entities.resolve(h)))
            ]
            event.agents = self.actors.agents_by(taker) or list(dict.fromkeys(named))
            yield event

    def _return_after_withdrawal(self, t: Trigger) -> Iterator[RawEvent]:
        """ "the militants returned to X after the troops left": back in the town the other side left."""
        to = t.prep("to")
        leaver = _who_left_after(t.token)
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
        armed = lx.ARMED_ACTOR_KINDS
        # an armed side back where another armed side left: not residents, not after journalists or "they" left
        if places and _armed(event.agents) and left is not None and left.kind in armed and left not in event.agents:
            yield event

    def _move_into(self, t: Trigger) -> Iterator[RawEvent]:
        """ "Iraqi forces moved into Kirkuk", "rebels swept into the town": an uncontested entry."""
        into = t.prep("into")
        heads = [g for g in into.children if g.dep_ == "pobj"] if into is not None else []
        places = [
            p
            for h in heads
            for p in self.places.places_of(h, named_only=True)
            if p.kind not in ("Country", "Province", "Region")
        ]
        if not places:
            return
        if t.lemma in lx.CIVILIAN_MOTION_VERBS:  # "aid workers walked into X": only an armed side walks in to take it
            event = self.actors.with_agent(
                RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.65),
                t.token,
                default=False,
            )
            if _armed(event.agents):
                yield event
            return
        yield self.actors.with_agent(
            RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.65), t.token
        )

    def _dislodge(self, t: Trigger) -> Iterator[RawEvent]:
        """ "drove the militants out of X", "pushed them from X", "militants were driven from X by Y":
        the side that drove them took X."""
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

    def _dislodged_from(self, prep: Token) -> list[EntityRef]:
        pobjs = [g for g in prep.children if g.dep_ == "pobj"]
        pobjs += [
            g for c in prep.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"
        ]
        return [p for g in pobjs for p in self.places.places_of(g, named_only=True)]

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
        places = self.places.places_after_control(control)
        if places:
            event = self.actors.with_agent(
                RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, control, places=places, confidence=0.7),
                t.token,
                default=False,
            )
            if control.lemma_.lower() == "charge" and not _armed(event.agents):
                return  # "elders are now in charge of X", "the new governor is now in charge": officials, not a side
            if _now(t) or (event.agents and not _state_side(event.agents)):
                yield event

    def _under_control(self, t: Trigger) -> Iterator[RawEvent]:
        """ "X is now under Taliban control": the place changed hands; the controller took it."""
        subjects = [c for c in t.children if c.dep_ == "nsubj"]
        # "the camp is now under their control": with "now", a description's antecedent is what changed hands
        places = [p for s in subjects for p in self.places.places_of(s, named_only=not _now(t)) if p.kind != "Country"]
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
            _now(t) or any(c.lower_ in ("back", "again") for c in t.children) or (agents and not _state_side(agents))
        ):
            # now or back in someone's hands; or in an armed group's, which holds no town it did not take
            yield RawEvent(
                EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, agents=agents, confidence=0.7
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
        if event.agents and all(a.kind in lx.ARMED_ACTOR_KINDS for a in event.agents):
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

    def _clear(self, t: Trigger) -> Iterator[RawEvent]:
        """ "cleared X (of militants)", "cleared the last fighters from X": forces retook a named place."""
        places = [p for o in t.objects for p in self.places.places_of(o, named_only=True) if p.kind != "Country"]
        if not places and any(
            o.lemma_.lower() in lx.ARMED_GROUP_NOUNS | lx.FORCE_NOUNS or _no_place_name(o, self.entities.entity_at(o))
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
        if places:
            yield self.actors.with_agent(
                RawEvent(EventKind.TAKE_CONTROL, t.index, t.token, t.token, places=places, confidence=0.7),
                t.token,
                default=False,
            )

    def _now_control(self, t: Trigger) -> Iterator[RawEvent]:
        """ "attacked the town and now control it", "X is now controlled by Y": the report has just
        learnt that it changed hands; "the villages of A and B, all now controlled by Y"."""
        described = _described_by(t)
        if described and described[0].lower_ in ("all", "both"):
            described = (_listed_before(described[0]),)  # "A, B and C — all now controlled by Y": the places listed
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

    def _victory(self, t: Trigger) -> Iterator[RawEvent]:
        """ "claimed victory in X": a capture its claimant reports."""
        victory = t.object("victory")
        assert victory is not None  # the rule's condition
        places = self.places.locative_places(victory, preps=("in", "at", "over"))
        for over in (c for c in victory.children if c.dep_ == "prep" and c.lower_ == "over"):
            # "victory over the group in X": the place hangs on the vanquished
            places += [
                p
                for g in over.children
                if g.dep_ == "pobj"
                for p in self.places.locative_places(g, preps=("in", "at"))
                if p not in places
            ]
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
            if self.entities.entity_at(s) is not None or s.lemma_.lower() in lx.PLACE_NOUNS
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

    def _withdrawal(self, t: Trigger) -> Iterator[RawEvent]:
        kind = lx.WITHDRAWAL_TRIGGERS[t.lemma]
        places = self.places.locative_places(t.token, preps=("from", "in", "out"))
        if t.lemma in ("leave", "abandon", "evacuate") and t.objects:
            places = [p for o in t.objects for p in self.places.places_of(o, named_only=True)] or places
        yield self.actors.with_agent(
            RawEvent(kind, t.index, t.token, t.token, places=places, confidence=0.75), t.token, default=False
        )

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

    # ---- nouns -----------------------------------------------------------------------------------

    def _capture_noun(self, t: Trigger) -> Iterator[RawEvent]:
        """ "the capture of", "the taking of", "the fall of", "X's fall"."""
        places = [p for g in t.of() for p in self.places.places_of(g)]
        places += [
            p
            for c in t.children
            if c.dep_ == "poss" and (e := self.entities.entity_at(c)) is not None and e.is_place
            for p in self.places.places_of(c, named_only=True)
            if p not in places
        ]
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


def _table(*rules: tuple[Iterable[str], Callable[[Trigger], bool], Handler]) -> dict[str, tuple[Rule, ...]]:
    """Each lemma's rules, in the order given."""
    table: dict[str, list[Rule]] = {}
    for lemmas, applies, handle in rules:
        for lemma in lemmas:
            table.setdefault(lemma, []).append((applies, handle))
    return {lemma: tuple(found) for lemma, found in table.items()}


def _who_left_after(verb: Token) -> Token | None:
    """The subject of an "after"/"once"/"as" clause on ``verb`` that says someone left: "(hours) after
    the troops left/withdrew/pulled out"."""
    clauses = [c for c in verb.children if c.dep_ == "advcl"]
    clauses += [
        g for c in verb.children if c.dep_ == "prep" and c.lower_ == "after" for g in c.children if g.dep_ == "pcomp"
    ]
    for clause in clauses:
        marked = (
            any(c.dep_ == "mark" and c.lower_ in ("after", "once", "as") for c in clause.children)
            or clause.dep_ == "pcomp"
        )
        left = lx.WITHDRAWAL_TRIGGERS.get(clause.lemma_.lower()) == EventKind.WITHDRAWAL and clause.pos_ == "VERB"
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if marked and left and subject is not None:
            return subject
    return None


def _no_place_name(token: Token, entity: EntityRef | None) -> bool:
    """A name that is neither a place's nor a person's: "cleared the Varan Front from X" (not "cleared
    Ahmed Hassan from X of all charges")."""
    return token.pos_ == "PROPN" and entity is not None and not entity.is_place and entity.kind != "Person"


def _holds_now(t: Trigger) -> bool:
    """A state said of the present and as new: "flies", "is flying", "now flies"; not "still flies",
    "no longer flies", "once flew", "flew until 2012"."""
    present = t.token.tag_ in ("VBZ", "VBP") or (
        t.token.tag_ == "VBG" and any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in t.children)
    )
    negated = any(c.dep_ == "neg" or c.lower_ in ("longer", "once", "never") for c in t.children)
    return present and not negated and not _still(t)


def _progressive(verb: Token) -> bool:
    return verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in verb.children)


def _under_control(t: Trigger) -> bool:
    under = t.prep("under")
    return under is not None and any(g.lemma_.lower() == "control" for g in under.children)


def _in_control(t: Trigger) -> bool:
    """ "X are (now, in full) control of Y"; the handler decides whose hold counts as a change of hands."""
    inside = t.prep("in")
    control = (
        next(
            (g for g in inside.children if g.lemma_.lower() == "control" or (g.lemma_.lower() == "charge" and _now(t))),
            None,
        )
        if inside is not None
        else None
    )
    return control is not None and not _still(t)  # "now in charge of X"; but "in charge of security" is no place


def _armed(actors: list[EntityRef]) -> bool:
    """Are there takers, all of them armed sides (no residents, officials or aid workers)?"""
    return bool(actors) and all(a.kind in lx.ARMED_ACTOR_KINDS for a in actors)


def _state_side(actors: list[EntityRef]) -> bool:
    return any(a.kind in ("MilitaryForce", "GovernmentBody", "Country") for a in actors)


def _under_control_or_hands(t: Trigger) -> bool:
    """ "X is (now) under the insurgents' control", "X is now in the hands of Y", "X is back in
    government hands"; the handler decides whose hold counts as a change of hands."""
    under = (
        t.prep("under")
        or t.prep("in")
        or next(
            (
                p
                for c in t.children
                if c.lower_ in ("back", "again")
                for p in c.children
                if p.dep_ == "prep" and p.lower_ in ("in", "under")
            ),
            None,
        )
    )
    held = (
        [g for g in under.children if g.dep_ == "pobj" and g.lemma_.lower() in ("control", "hand")]
        if under is not None
        else []
    )
    return bool(held) and not _still(t) and not _in_control(t)


def _now(t: Trigger) -> bool:
    """ "now", "since Sunday", "already": the report says when a hold began or that it is new."""
    return any(c.dep_ == "advmod" and c.lower_ in ("now", "already") for c in t.children) and not _still(t)


def _still(t: Trigger) -> bool:
    """ "still in control of", "remains under government control": a hold kept, no change of hands."""
    return t.lemma == "remain" or any(c.dep_ == "advmod" and c.lower_ in ("still", "firmly") for c in t.children)


def _out_of_or_from(t: Trigger) -> bool:
    """ "drove X out of Y", "driven from Y"."""
    return any(c.dep_ in ("prep", "prt") and c.lower_ in ("from", "out") for c in t.children)


def _gave_control(verb: Token) -> bool:
    """Does the clause of an entry say it gave control ("effectively", "unopposed", "without a fight",
    ", completing their takeover", "and took control")?"""
    clause = [t for t in verb.subtree if t.i > verb.i and not (t.dep_ in ("ccomp", "relcl") and t.head.i == verb.i)]
    clause += [t for c in verb.children if c.dep_ in ("conj", "advcl") for t in c.subtree]
    words = {t.lower_ for t in clause} | {c.lower_ for c in verb.children if c.dep_ == "advmod"}
    if words & lx.ENTRY_CONTROL_CUES:
        return True
    # "without a fight", "meeting no resistance", "with little resistance"
    return bool(words & {"without", "no", "little"}) and bool(words & {"fight", "resistance", "opposition", "battle"})


def _uncontested(verb: Token) -> bool:
    """Does nothing after an entry, in its sentence or the next, contest it ("but", "however",
    "were repelled", "pushed back", "the outskirts")?"""
    doc = verb.doc
    sentence = next(s for s in doc.sents if s.start <= verb.i < s.end)
    if any(t.lower_ in ("outskirts", "suburbs", "edge", "edges") for t in verb.subtree):
        return False  # "entered the outskirts of X": not X
    if any(c.dep_ == "conj" and c.lemma_.lower() in lx.FIGHT_VERBS for c in verb.children):
        return False  # "entered X and clashed with police"
    following = [t for t in sentence if t.i > verb.i]
    after = next((s for s in doc.sents if s.start >= sentence.end), None)
    if after is not None:
        following += list(after)
    return not any(
        t.lower_ in lx.ENTRY_CONTRAST_WORDS
        or t.lemma_.lower() in lx.ENTRY_REPULSION_LEMMAS
        or (t.lemma_.lower() in ("push", "drive", "beat", "force") and any(c.lower_ == "back" for c in t.children))
        or (
            _passive(t) and t.lemma_.lower() in ("push", "drive", "chase", "kick", "expel", "oust", "dislodge")
        )  # "before being driven out"
        for t in following
    )


def _listed_before(quantifier: Token) -> Token:
    """The list an "all" or "both" after a comma or a dash sums up: its first item, however parsed."""
    if quantifier.dep_ == "appos":
        return quantifier.head
    i = max(quantifier.i - 1, 0)
    while i > 0 and quantifier.doc[i].is_punct:
        i -= 1
    item = quantifier.doc[i]
    while item.dep_ == "conj" and item.head.i != item.i:
        item = item.head
    return item


def _definite_place(token: Token) -> bool:
    """ "the town", "this city": a definite description of a place, not a pronoun nor a bare noun."""
    return (
        token.pos_ == "NOUN"
        and token.lemma_.lower() in lx.PLACE_NOUN_KIND
        and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children)
    )


def _passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)


def _names_a_place(token: Token) -> bool:
    """Does a noun phrase name a place or a place noun ("freed the town", not "freed 20 hostages")?"""
    return (
        token.ent_type_ in ("GPE", "LOC", "FAC")
        or token.lemma_.lower() in lx.PLACE_NOUNS
        or (token.pos_ == "PROPN" and token.ent_type_ not in ("PERSON", "NORP", "ORG"))
    )


def _described_by(t: Trigger) -> tuple[Token, ...]:
    """The noun a participle describes: "the town of X, freed during a battle"."""
    return (t.token.head,) if t.token.dep_ in ("acl", "amod") and t.token.tag_ == "VBN" else ()


def _moved_in(t: Trigger) -> bool:
    """ "took over", "moved in" with nothing after: into or over what, the sentence said before."""
    words = t.particle | {c.lower_ for c in t.children if c.dep_ == "advmod"}
    return ("over" in words and t.lemma == "take") or ("in" in words and t.lemma != "take")


def _declared_taken(t: Trigger) -> bool:
    """ "declared the city of X liberated", "declared X free of militants"."""
    return any(
        c.dep_ in ("oprd", "xcomp", "ccomp", "acomp") and c.lower_ in lx.DECLARED_TAKEN_WORDS
        for o in (t.token, *t.objects)
        for c in o.children
    ) or any(
        c.dep_ in ("amod", "acl") and c.lower_ in lx.DECLARED_TAKEN_WORDS and c.i > o.i
        for o in t.objects
        for c in o.children
    )


def _always(_: Trigger) -> bool:
    return True


def _has_object(t: Trigger) -> bool:
    return bool(t.objects)


def _has_object_or_passive_subject(t: Trigger) -> bool:
    return bool(t.objects or t.passive_subjects)


VERB_RULES = _table(
    (lx.CONTROL_VERBS, lambda t: (t.object("control") or t.object("hold")) is not None, TriggerRules._take_control),
    (
        ("take", *lx.ENTRY_MOTION_VERBS),
        lambda t: _moved_in(t) and not t.objects and not t.passive_subjects and t.prep("into") is None,
        TriggerRules._moved_in_after_withdrawal,
    ),
    (("take", "hand"), lambda t: "over" in t.particle, TriggerRules._over),
    (
        ("hand",),
        lambda t: (
            (any(c.lower_ == "back" for c in t.children) or t.prep("to") is not None)
            and _has_object_or_passive_subject(t)
        ),
        TriggerRules._over,
    ),
    (("change",), lambda t: t.object("hand") is not None, TriggerRules._changed_hands),
    (("take",), lambda t: _has_object_or_passive_subject(t) and not (t.particle - {"back"}), TriggerRules._take),
    (("claim",), lambda t: t.object("victory") is not None, TriggerRules._victory),
    (("lose",), lambda t: t.object("control") is not None, TriggerRules._lose_control),
    (("lose",), _has_object_or_passive_subject, TriggerRules._lose_place),
    (("declare", "proclaim", "announce"), lambda t: t.object("victory") is not None, TriggerRules._victory),
    (("declare", "proclaim", "pronounce"), _declared_taken, TriggerRules._declared_taken),
    (("clear",), _has_object, TriggerRules._clear),
    (("secure",), _has_object_or_passive_subject, TriggerRules._secure),
    (("claim",), lambda t: t.object("control") is not None, TriggerRules._take_control),
    (("come",), lambda t: _under_control(t), TriggerRules._come_under),
    (("be",), _in_control, TriggerRules._in_control),
    (("be",), lambda t: _under_control_or_hands(t), TriggerRules._under_control),
    (
        ("control", "hold"),
        lambda t: (_has_object_or_passive_subject(t) or bool(_described_by(t))) and _now(t),
        TriggerRules._now_control,
    ),
    (lx.DISLODGE_VERBS, lambda t: _out_of_or_from(t), TriggerRules._dislodge),
    (("claim",), _has_object, TriggerRules._claim),
    (lx.CAPTURE_VERBS, _always, TriggerRules._capture),
    (
        ("free",),
        lambda t: any(_names_a_place(o) for o in t.objects or t.passive_subjects or _described_by(t)),
        TriggerRules._capture,
    ),
    (lx.FALL_VERBS, _always, TriggerRules._fall),
    (("surrender", "cede", "yield"), _has_object, TriggerRules._cede),
    (("leave", "abandon"), lambda t: _has_object(t) and bool(t.prep("to")), TriggerRules._cede),
    (("break",), lambda t: t.prep("into") is not None, TriggerRules._break_into),
    (("set",), lambda t: t.object("sight") is not None, TriggerRules._set_sights),
    (lx.THREAT_TRIGGERS, _has_object, TriggerRules._threat),
    (("enter",), lambda t: bool(t.objects) and (_gave_control(t.token) or _uncontested(t.token)), TriggerRules._enter),
    (lx.FLAG_VERBS, lambda t: any(o.lemma_.lower() in lx.FLAG_NOUNS for o in t.objects), TriggerRules._flag_over),
    (
        ("fly", "flutter"),
        lambda t: _holds_now(t) and any(c.dep_ == "nsubj" and c.lemma_.lower() in lx.FLAG_NOUNS for c in t.children),
        TriggerRules._flag_flies,
    ),
    (
        ("return",),
        lambda t: t.prep("to") is not None and _who_left_after(t.token) is not None,
        TriggerRules._return_after_withdrawal,
    ),
    (
        ("include",),
        lambda t: bool(t.objects) and taken_towns_verb(t.token) is not None,
        TriggerRules._towns_taken_include,
    ),
    (lx.ENTRY_MOTION_VERBS, lambda t: t.prep("into") is not None and _uncontested(t.token), TriggerRules._move_into),
    (lx.ATTACK_TRIGGERS, _always, TriggerRules._attack),
    (lx.SURRENDER_TRIGGERS, lambda t: not t.objects, TriggerRules._surrender),
    (
        lx.WITHDRAWAL_TRIGGERS,
        lambda t: (t.lemma != "pull" or "out" in t.particle) and not t.passive_subjects,
        TriggerRules._withdrawal,
    ),
    (lx.VISIT_TRIGGERS, _always, TriggerRules._visit),
    (lx.RELEASE_TRIGGERS, _has_object_or_passive_subject, TriggerRules._release),
    (lx.ADVANCE_TRIGGERS, _always, TriggerRules._advance),
    (lx.APPOINTMENT_TRIGGERS, _always, TriggerRules._appointment),
)
NOUN_RULES = _table(
    (lx.CAPTURE_NOUNS, _always, TriggerRules._capture_noun),
    # "the recovery of the port city X from the militants": taken back from a side
    (
        ("recovery",),
        lambda t: bool(t.of()) and any(c.dep_ == "prep" and c.lower_ == "from" for c in t.token.subtree),
        TriggerRules._recovery,
    ),
    (lx.PRIZE_NOUNS, lambda t: t.token.dep_ == "attr", TriggerRules._prize),
    (
        set(lx.ATTACK_TRIGGERS) - {"fight", "fighting", "battle", "clash", "offensive"},
        _always,
        TriggerRules._attack_noun,
    ),
    (lx.SURRENDER_TRIGGERS, _always, TriggerRules._surrender_noun),
    (
        lx.WITHDRAWAL_TRIGGERS.keys() & {"withdrawal", "departure", "flight", "evacuation"},
        _always,
        TriggerRules._withdrawal_noun,
    ),
    (("visit",), _always, TriggerRules._visit_noun),
)
