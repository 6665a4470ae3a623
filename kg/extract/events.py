"""Typed events with roles, found by trigger words and the dependency parse.

The rules are written against constructions, not sentences: a capture verb and its object
("captured Kunduz"), "control" verbs ("took control of"), a place that "fell (to X)", a place
"handed over", nominalisations ("the capture of", "the taking of", "X remains the Taliban's
biggest prize"), lists and coordination ("fall: Sheberghan, Kunduz, ..."), appositions ("the
sixth provincial capital, Albak"). Planned, threatened, conditional, negated or modal
captures are not captures; threats become :kg:`Threat` events.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from kg.extract import lexicon as lx
from kg.extract.entities import ArticleEntities, local_entity
from kg.extract.model import EntityRef, TimeValue
from kg.extract.timex import TimeMention

_DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east",
     "north-west", "south-east", "south-west", "centre", "center"}
)
_DIRECTION_WORDS = _DIRECTIONS | {"its", "the", "their", "far", "northern", "southern", "eastern", "western"}
_LOCATIVE_PREPS = frozenset({"in", "near", "outside", "from", "with", "between", "around", "across", "towards", "toward", "at", "on", "inside", "beyond", "along"})
_SKIP_IN_LIST = frozenset({",", "and", "as", "well", "then", "also", "(", ")", "-", "–", "—", "or", "too", "."})
_NO_ENTITY = local_entity("Thing", "none")
_QUANTITIES = frozenset({"thousand", "hundred", "dozen", "score", "number", "group", "all", "some", "many", "most", "lot"})
_EVENT_NEEDS_PLACE = frozenset({"TakeControl", "Handover", "Advance", "Threat", "Siege", "Visit"})


@dataclass(slots=True)
class RawEvent:
    """An event as found in one sentence, before events reported twice are merged."""

    kind: str
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


@dataclass(frozen=True, slots=True)
class _Mood:
    real: bool
    threat_by: Token | None = None  # the governor whose subject threatens ("threatening to invade")


class EventFinder:
    """Finds events in the sentences of one parsed article."""

    def __init__(self, entities: ArticleEntities) -> None:
        self.entities = entities
        self.doc = entities.doc

    # ---- entry point -----------------------------------------------------------------------------

    def find(self, sentence: Span, index: int, times: list[TimeMention]) -> list[RawEvent]:
        events: list[RawEvent] = []
        for token in sentence:
            for event in self._events_at(token, index):
                mood = self._mood(event.trigger)
                if not mood.real:
                    if mood.threat_by is not None and event.kind in ("TakeControl", "Assault", "Attack") and event.places:
                        agent = self._subject_of(mood.threat_by) or (event.agents[0] if event.agents else None)
                        events.append(replace(event, kind="Threat", agents=[agent] if agent else [], trigger=mood.threat_by, trigger_end=mood.threat_by, confidence=0.7))
                    continue
                events.append(event)
        for event in events:
            if event.kind in ("TakeControl", "Handover"):  # "the conquest of Afghanistan" is a summary
                event.places = [p for p in event.places if p.kind != "Country"]
        out = [event for event in events if self._complete(event)]
        for event in out:
            event.time = self._time_for(event.trigger, times)
        fallback = self.unclaimed_time(out, times)
        if fallback is not None:
            for event in out:
                if event.time is None and self.is_main_clause(event.trigger):
                    event.time = fallback
        return out

    def _complete(self, event: RawEvent) -> bool:
        if event.kind in _EVENT_NEEDS_PLACE or event.kind == "TakeControl":
            return bool(event.places)
        if event.kind in ("Surrender", "Withdrawal", "Evacuation"):
            return bool(event.agents or event.places)
        if event.kind == "Appointment":
            return bool(event.targets)
        return bool(event.places or event.targets)

    def _events_at(self, token: Token, index: int) -> Iterator[RawEvent]:
        lemma = token.lemma_.lower()
        pos = token.pos_
        if pos in ("VERB", "AUX"):
            yield from self._verb_events(token, lemma, index)
        elif token.lower_ in lx.CAPTURE_VERB_FORMS and self.entities.entity_at(token) is None:
            yield from self._mistagged_capture(token, lx.CAPTURE_VERB_FORMS[token.lower_], index)
        elif pos in ("NOUN", "PROPN"):
            yield from self._noun_events(token, lemma, index)
        if lemma == "besieged" or (lemma == "besiege" and token.dep_ == "amod"):
            places = self._places_of(token.head)
            if places:
                yield RawEvent("Siege", index, token, token, places=places, confidence=0.7)

    def _mistagged_capture(self, token: Token, lemma: str, index: int) -> Iterator[RawEvent]:
        """"the Taliban overran Kohsan" with "overran" tagged as a name: the next place named is the
        object, or for a passive ("X was overrun by"), the nearest place named before it."""
        doc, sentence = self.doc, self.entities.sentence(token)
        passive = token.i > sentence.start and doc[token.i - 1].lemma_.lower() == "be"
        window = range(token.i - 1, max(sentence.start, token.i - 12) - 1, -1) if passive else range(token.i + 1, min(sentence.end, token.i + 5))
        for i in window:
            entity = self.entities.entity_at(doc[i])
            if entity is not None and entity.is_place and entity.kind != "Country":
                places = [entity]
                event = RawEvent("TakeControl", index, token, token, places=places, confidence=0.7)
                by = next((doc[j + 1] for j in range(token.i + 1, min(sentence.end - 1, token.i + 3)) if doc[j].lower_ == "by"), None)
                agent = self.entities.resolve(by) if by is not None else None
                if agent is None and not passive:
                    agent = next((e for t in reversed(doc[sentence.start : token.i]) if (e := self.entities.entity_at(t)) and not e.is_place), None)
                if agent is not None and not agent.is_place:
                    event.agents = [agent]
                else:
                    self._default_agent(event)
                yield event
                return

    # ---- verbs -----------------------------------------------------------------------------------

    def _verb_events(self, verb: Token, lemma: str, index: int) -> Iterator[RawEvent]:
        children = list(verb.children)
        particle = {c.lower_ for c in children if c.dep_ == "prt"}
        objects = [c for c in children if c.dep_ in ("dobj", "obj")]
        passive_subjects = [c for c in children if c.dep_ in ("nsubjpass", "csubjpass")]
        subjects = [c for c in children if c.dep_ in ("nsubj", "csubj")]

        # "took/seized/gained/wrested control of X"; "took over X"
        control = next((o for o in objects if o.lemma_.lower() == "control"), None)
        if lemma in lx.CONTROL_VERBS and control is not None:
            places = self._places_after_control(control)
            if places:
                yield self._with_agent(RawEvent("TakeControl", index, verb, control, places=places, confidence=0.9), verb)
            return
        if lemma in ("take", "hand") and "over" in particle:
            heads = objects or passive_subjects
            places = [p for h in heads for p in self._places_of(h)]
            if places and lemma == "hand":
                yield self._handover(verb, index, places)
            elif places:
                yield self._with_agent(RawEvent("TakeControl", index, verb, verb, places=places, confidence=0.85), verb)
            return
        if lemma == "take" and (objects or passive_subjects) and not particle:
            # "have taken Kunduz", "Lashkar Gah was taken by the insurgents" (not "taken prisoner")
            places = [p for o in objects or passive_subjects for p in self._places_of(o, named_only=True)]
            if places:
                yield self._with_agent(RawEvent("TakeControl", index, verb, verb, places=places, confidence=0.8), verb)
            return
        if lemma == "claim" and objects:
            # "the insurgents also claimed a third frontier post": a capture they claim
            places = [p for o in objects for p in self._places_of(o, named_only=True)]
            if places:
                event = self._with_agent(RawEvent("TakeControl", index, verb, verb, places=places, confidence=0.6), verb)
                event.attributed = True
                yield event
            return
        if lemma in lx.CAPTURE_VERBS:
            heads = objects or passive_subjects
            if not heads and verb.dep_ in ("amod", "acl"):
                heads = [verb.head]  # "captured cities", "the city captured by"
            places = [p for h in heads for p in self._places_of(h)]
            if not places:
                places = self._contextual_place(heads)
            if places:
                yield self._with_agent(RawEvent("TakeControl", index, verb, verb, places=places, confidence=0.9), verb)
            return
        if lemma in lx.FALL_VERBS:
            places = [p for s in subjects for p in self._places_of(s)] or self._colon_list(verb)
            if places:
                event = RawEvent("TakeControl", index, verb, verb, places=places, confidence=0.85)
                event.agents = self._recipients(verb)
                if not event.agents:
                    self._default_agent(event)
                yield event
            return
        if lemma in ("surrender", "cede", "yield") and objects:
            places = [p for o in objects for p in self._places_of(o, named_only=True)]
            if places:
                event = RawEvent("Handover", index, verb, verb, places=places, confidence=0.8)
                event.agents = self._recipients(verb)
                yield event
                return
        if lemma == "break" and any(c.dep_ == "prep" and c.lower_ == "into" for c in children):
            into = next(c for c in children if c.dep_ == "prep" and c.lower_ == "into")
            places = [p for c in into.children if c.dep_ == "pobj" for p in self._places_of(c)]
            facilities = [p for p in places if p.kind in ("Prison", "MilitaryBase", "Facility")]
            if facilities:
                yield self._with_agent(RawEvent("TakeControl", index, verb, into, places=facilities, confidence=0.8), verb)
                if any(p.kind == "Prison" for p in facilities):
                    yield self._with_agent(RawEvent("PrisonBreak", index, verb, into, places=facilities, confidence=0.75), verb)
            elif places:
                yield self._with_agent(RawEvent("Assault", index, verb, into, places=places, confidence=0.75), verb)
            return
        if lemma == "set" and any(o.lemma_.lower() == "sight" for o in objects):
            sights = next(o for o in objects if o.lemma_.lower() == "sight")
            places = [p for c in [*sights.children, *children] if c.dep_ == "prep" and c.lower_ == "on" for g in c.children if g.dep_ == "pobj" for p in self._places_of(g)]
            if places:
                yield self._with_agent(RawEvent("Threat", index, verb, sights, places=places, confidence=0.75), verb)
            return
        if lemma in lx.THREAT_TRIGGERS and objects:
            places = [p for o in objects for p in self._places_of(o, named_only=True)]
            if places:
                yield self._with_agent(RawEvent("Threat", index, verb, verb, places=places, confidence=0.7), verb)
            return
        if lemma in lx.ATTACK_TRIGGERS:
            yield from self._attack(verb, lemma, index, objects or passive_subjects)
            return
        if lemma in lx.SURRENDER_TRIGGERS and not objects:
            event = self._with_agent(RawEvent("Surrender", index, verb, verb, confidence=0.75), verb, default=False)
            event.places = self._locative_places(verb)
            yield event
            return
        if lemma in lx.WITHDRAWAL_TRIGGERS and (lemma != "pull" or "out" in particle) and not passive_subjects:
            kind = lx.WITHDRAWAL_TRIGGERS[lemma]
            places = self._locative_places(verb, preps=("from", "in", "out"))
            if lemma in ("leave", "abandon", "evacuate") and objects:
                places = [p for o in objects for p in self._places_of(o, named_only=True)] or places
            event = self._with_agent(RawEvent(kind, index, verb, verb, places=places, confidence=0.75), verb, default=False)
            yield event
            return
        if lemma in lx.VISIT_TRIGGERS:
            if lemma == "visit":
                places = [p for o in objects for p in self._places_of(o, named_only=True)]
            else:
                places = self._locative_places(verb, preps=("to", "in", "into"))
            subject = self._subject_of(verb)
            if places and subject is not None and subject.kind == "Person":
                yield RawEvent("Visit", index, verb, verb, agents=[subject], places=places, confidence=0.75)
            return
        if lemma in lx.RELEASE_TRIGGERS and (objects or passive_subjects):
            targets = [e for o in objects + passive_subjects if (e := self._group(o)) is not None]
            if targets:
                event = self._with_agent(RawEvent("PrisonerRelease", index, verb, verb, targets=targets, confidence=0.7), verb, default=False)
                event.places = self._locative_places(verb, preps=("in", "near", "at", "outside", "from"))
                for obj in objects:  # "freed all the inmates from the Farah prison"
                    event.places += [p for p in self._locative_places(obj, preps=("from", "of", "in")) if p not in event.places]
                prisons = [p for p in event.places if p.kind == "Prison"]
                if prisons and event.agents and self._side(event.agents[0]) != "government":
                    # "the Taliban freed all the inmates from the Farah prison": they took the prison
                    event.kind = "PrisonBreak"
                    yield RawEvent("TakeControl", index, verb, verb, agents=list(event.agents), places=prisons, confidence=0.75)
                yield event
            return
        if lemma in lx.ADVANCE_TRIGGERS:
            # "inched closer to its outskirts": the preposition may hang from "closer"
            anchors = [verb, *(c for c in children if c.dep_ == "advmod" and c.lower_ in ("closer", "nearer"))]
            places = [p for a in anchors for p in self._locative_places(a, preps=("to", "on", "towards", "toward", "near", "into"))]
            if lemma in ("approach", "encircle", "surround") and objects:
                places = [p for o in objects for p in self._places_of(o)] or places
            if places:
                yield self._with_agent(RawEvent("Advance", index, verb, verb, places=places, confidence=0.7), verb, default=False)
            return
        if lemma in lx.APPOINTMENT_TRIGGERS:
            persons = [e for e in self.entities.mentions_in(verb.left_edge.i, verb.right_edge.i + 1) if e.kind == "Person"]
            if lemma == "replace":
                agents = [c for c in children if c.dep_ == "agent"]
                persons = [e for a in agents for e in self.entities.mentions_in(a.left_edge.i, a.right_edge.i + 1) if e.kind == "Person"]
            if persons:
                yield RawEvent("Appointment", index, verb, verb, targets=persons, confidence=0.65)

    def _handover(self, verb: Token, index: int, places: list[EntityRef]) -> RawEvent:
        """"Firuz Koh was handed over without a fight": control passes to the recipient. Between allies
        ("the US handed over Bagram to Afghan forces") it is a withdrawal by the giver, not a capture."""
        recipients = self._recipients(verb)
        giver = self._subject_of(verb)
        recipient_side = self._side(recipients[0]) if recipients else None
        if recipient_side == "government" and (giver is None or self._side(giver) == "government"):
            return RawEvent("Withdrawal", index, verb, verb, agents=[giver] if giver else [], targets=recipients, places=places, confidence=0.7)
        event = RawEvent("Handover", index, verb, verb, places=places, agents=recipients, confidence=0.85)
        if not event.agents:
            self._default_agent(event)
        return event

    def _side(self, entity: EntityRef) -> str | None:
        gazetteer = self.entities.gazetteer
        return gazetteer[entity.iri].side if entity.iri and entity.iri in gazetteer else None

    def _attack(self, verb: Token, lemma: str, index: int, heads: list[Token]) -> Iterator[RawEvent]:
        kind = lx.ATTACK_TRIGGERS[lemma]
        places: list[EntityRef] = []
        targets: list[EntityRef] = []
        for head in heads:
            place_list = self._places_of(head, named_only=True)
            if place_list:
                places += place_list
            elif (group := self._group(head)) is not None:
                targets.append(group)
        places += [p for p in self._locative_places(verb, preps=("in", "near", "outside", "to", "at", "on")) if p not in places]
        places = [p for p in places if p.kind != "Country"]
        if lemma in ("fight", "battle", "clash") and not targets:
            return
        if places or targets:
            yield self._with_agent(RawEvent(kind, index, verb, verb, places=places, targets=targets, confidence=0.7), verb, default=False)

    # ---- nouns -----------------------------------------------------------------------------------

    def _noun_events(self, noun: Token, lemma: str, index: int) -> Iterator[RawEvent]:
        if lemma in lx.CAPTURE_NOUNS:
            of = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
            places = [p for g in of for p in self._places_of(g)]
            if places:
                kind = "Handover" if lemma == "handover" else "TakeControl"
                event = RawEvent(kind, index, noun, noun, places=places, confidence=0.85)
                yield self._nominal_agent(event, noun)
            return
        if lemma in lx.PRIZE_NOUNS and noun.dep_ == "attr":
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            copula = noun.head
            subjects = [c for c in copula.children if c.dep_ == "nsubj"]
            places = [p for s in subjects for p in self._places_of(s, named_only=True)]
            agent = self.entities.resolve(owner) if owner is not None else None
            if places and agent is not None and not agent.is_place:
                yield RawEvent("TakeControl", index, noun, noun, agents=[agent], places=places, confidence=0.75)
            return
        if lemma in lx.ATTACK_TRIGGERS and lemma not in ("fight", "fighting", "battle", "clash", "offensive"):
            preps = [c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "in", "near", "of")]
            places = [p for c in preps for g in c.children if g.dep_ == "pobj" for p in self._places_of(g, named_only=True)]
            if places:
                event = RawEvent(lx.ATTACK_TRIGGERS[lemma], index, noun, noun, places=places, confidence=0.65)
                yield self._nominal_agent(event, noun, default=False)
            return
        if lemma in lx.SURRENDER_TRIGGERS:
            of = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
            agents = [e for g in of if (e := self._group(g)) is not None]
            places = self._locative_places(noun)
            if agents or places:
                yield RawEvent("Surrender", index, noun, noun, agents=agents, places=places, confidence=0.7)
            return
        if lemma in lx.WITHDRAWAL_TRIGGERS and lemma in ("withdrawal", "departure", "flight", "evacuation"):
            of = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
            agents = [e for g in of if (e := self._group(g)) is not None]
            places = self._locative_places(noun, preps=("from", "in"))
            if agents and places:
                yield RawEvent(lx.WITHDRAWAL_TRIGGERS[lemma], index, noun, noun, agents=agents, places=places, confidence=0.65)
            return
        if lemma == "visit":
            places = self._locative_places(noun, preps=("to", "in"))
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            agent = self.entities.resolve(owner) if owner is not None else None
            if places and agent is not None and agent.kind == "Person":
                yield RawEvent("Visit", index, noun, noun, agents=[agent], places=places, confidence=0.7)

    def statement(self, claim, times: list[TimeMention]) -> RawEvent:
        """The act of making a claim, as an event: who spoke, when (the reporting clause's time)."""
        verb = claim.reporting_verb
        event = RawEvent("Statement", claim.sentence, verb, verb, agents=[claim.speaker], confidence=claim.confidence)
        event.time = self._time_for(verb, times)
        return event

    # ---- arguments -------------------------------------------------------------------------------

    def _places_of(self, head: Token, *, named_only: bool = False) -> list[EntityRef]:
        """The places a noun phrase denotes: its name, the name in "the city of X" or in an apposition
        ("the sixth provincial capital, Albak"), coordinated names, a colon list, or (unless
        ``named_only``) what a definite description or pronoun refers to."""
        found: list[EntityRef] = []
        self._collect_places(head, found, named_only=named_only, depth=0)
        if found:
            last = max(self._span_end(head, found), head.i)
            for extra in self._continuation(last, head):
                if extra not in found:
                    found.append(extra)
            found += [f for f in self._facility_list(head.right_edge.i) if f not in found]
        return found

    def _facility_list(self, end: int) -> list[EntityRef]:
        """Facilities listed after a colon that closes the phrase: "took control of the main areas of
        the city: the governor's office, the police headquarters and the prison"."""
        doc = self.doc
        if end + 1 >= len(doc) or doc[end + 1].text != ":":
            return []
        out = []
        for token in doc[end + 2 : self.entities.sentence(doc[end]).end]:
            entity = self.entities.entity_at(token)
            if entity is not None and entity.kind in lx.FACILITY_KINDS and entity not in out:
                out.append(entity)
        return out

    def _collect_places(self, head: Token, found: list[EntityRef], *, named_only: bool, depth: int) -> None:
        if depth > 6:
            return
        entity = self.entities.entity_at(head)
        if entity is None:
            # a name inside the phrase: "the Spin Boldak border crossing", "the Kahmard district centre"
            for child in _compounds(head):
                if (e := self.entities.entity_at(child)) is not None and e.is_place:
                    entity = e
                    break
        if entity is not None and entity.is_place:
            if entity not in found:
                found.append(entity)
        elif head.lemma_.lower() in lx.PLACE_NOUNS:
            before = len(found)
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            self._collect_places(pobj, found, named_only=True, depth=depth + 1)
                elif child.dep_ == "appos":
                    self._collect_places(child, found, named_only=True, depth=depth + 1)
                    if not found and child.pos_ == "PROPN" and (e := self._named_by_apposition(child, head)) is not None:
                        found.append(e)  # "a third frontier post, Abu Nasr Farahi": a place the models missed
                elif child.dep_ == "prep" and child.lower_ == "including":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            self._collect_places(pobj, found, named_only=True, depth=depth + 1)
            if len(found) == before:
                found.extend(e for e in self._apposition_after(head) if e not in found)
            if len(found) == before:
                found.extend(e for e in self._colon_list(head) if e not in found)
            if len(found) == before and not named_only:
                entity = self.entities.resolve(head)
                if entity is not None and entity.is_place and entity not in found:
                    found.append(entity)
        elif head.lemma_.lower() in lx.PLACE_PART_NOUNS or head.lower_ in lx.PLACE_PART_NOUNS:
            # "its outskirts", "the gates of Kabul": the place whose part it is
            for child in head.children:
                if child.dep_ == "poss":
                    entity = self.entities.resolve(child)
                    if entity is not None and entity.is_place and entity not in found:
                        found.append(entity)
                elif child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            self._collect_places(pobj, found, named_only=named_only, depth=depth + 1)
        elif not named_only and head.pos_ == "PRON":
            entity = self.entities.resolve(head)
            if entity is not None and entity.is_place and entity not in found:
                found.append(entity)
        for child in head.children:
            if child.dep_ == "conj" and (self._names_a_place(child) or _after_conjunction(child)):
                # "A, B and C"; but "Pul-e-Khumri, capital of Baghlan province" is a description
                self._collect_places(child, found, named_only=True, depth=depth + 1)

    def _named_by_apposition(self, name: Token, noun: Token) -> EntityRef | None:
        """A proper name in apposition to a place noun is that kind of place, whatever NER said."""
        known = self.entities.entity_at(name)
        if known is not None and (known.is_place or known.iri is not None):
            return known if known.is_place else None
        start = min([name.i, *[c.i for c in name.lefts if c.dep_ == "compound"]])
        kind = lx.PLACE_NOUN_KIND.get(noun.lemma_.lower(), "Place")
        if any(c.lower_ in ("frontier", "border") for c in noun.lefts):
            kind = "BorderCrossing"
        label = self.doc[start : name.i + 1].text
        return self.entities.relabel(start, name.i + 1, local_entity(kind, label), "context", 0.6)

    def _names_a_place(self, token: Token) -> bool:
        entity = self.entities.entity_at(token) or next(
            (e for c in token.lefts if c.dep_ in ("compound", "nmod") and (e := self.entities.entity_at(c))), None
        )
        return entity is not None and entity.is_place

    def _span_end(self, head: Token, found: list[EntityRef]) -> int:
        """Token index of the last token, in the head's clause, of a place already found."""
        last = head.i
        for token in head.subtree:
            entity = self.entities.entity_at(token)
            if entity is not None and entity in found:
                last = max(last, token.i)
        return last

    def _apposition_after(self, head: Token) -> list[EntityRef]:
        """", Islam Qala" after "Afghanistan's biggest border crossing with Iran": an apposition the
        parser attached elsewhere. The name must follow a comma and suit the head noun's kind."""
        kind = lx.PLACE_NOUN_KIND.get(head.lemma_.lower())
        doc = self.doc
        end = min(head.right_edge.i + 2, self.entities.sentence(head).end)
        for i in range(head.i + 1, end):
            if doc[i - 1].text != ",":
                continue
            entity = self.entities.entity_at(doc[i])
            if entity is not None and entity.is_place and _compatible(kind, entity.kind):
                return [entity]
        return []

    def _colon_list(self, token: Token) -> list[EntityRef]:
        """Places listed after a colon that follows ``token``'s phrase: "cities fall: A, B and C"."""
        doc = self.doc
        sentence = self.entities.sentence(token)
        i = token.i + 1
        while i < sentence.end and doc[i].text != ":" and i <= token.i + 3:
            i += 1
        if i >= sentence.end or doc[i].text != ":":
            return []
        places: list[EntityRef] = []
        for j in range(i + 1, sentence.end):
            entity = self.entities.entity_at(doc[j])
            if entity is not None and entity.is_place:
                if entity not in places:
                    places.append(entity)
            elif doc[j].text not in _SKIP_IN_LIST and not doc[j].is_space:
                break
        return places

    def _continuation(self, last: int, head: Token) -> Iterator[EntityRef]:
        """Coordinated places the parser attached elsewhere: "captured Sheberghan to its west, and
        Kunduz and Taloqan to its east"; "conquered Sar-e-Pul and at the end of the day Taloqan"."""
        doc = self.doc
        sentence = self.entities.sentence(head)
        i = last + 1
        seen_conjunction = False
        while i < sentence.end:
            token = doc[i]
            entity = self.entities.entity_at(token)
            if entity is not None and entity.is_place:
                span = self.entities.span_at(token)
                previous = doc[span[0] - 1] if span and span[0] > 0 else None
                if not seen_conjunction or (previous is not None and previous.lower_ in _LOCATIVE_PREPS | {"of", "to"}):
                    return
                yield entity
                i = span[1] if span else i + 1
                seen_conjunction = False
                continue
            if token.lower_ in ("and", ",", "as", "well", "then", "also", "or", ".") or token.is_space:
                seen_conjunction = seen_conjunction or token.lower_ in ("and", ",", "or")
                i += 1
                continue
            skip = self._skippable(i)
            if skip:
                i = skip
                continue
            return

    def _skippable(self, i: int) -> int:
        """End index of an adjunct between list items ("to its west", "in the south", "at the end of
        the day", "(south)", "further north", ", the group's biggest prize so far,"), or 0."""
        doc = self.doc
        token = doc[i]
        if i > 0 and doc[i - 1].text == "," and token.lower_ not in ("and", "or", "as"):
            # an apposition between commas: no verb, no place name, at most eight words
            j = i
            while j < min(len(doc), i + 9) and doc[j].text != ",":
                if doc[j].pos_ in ("VERB", "AUX") or (self.entities.entity_at(doc[j]) or _NO_ENTITY).is_place:
                    return 0
                j += 1
            return j if j < len(doc) and doc[j].text == "," and j > i else 0
        start = i + 1 if token.pos_ == "ADP" and i + 1 < len(doc) and doc[i + 1].ent_type_ in ("DATE", "TIME") else i
        if doc[start].ent_type_ in ("DATE", "TIME"):  # "on Sunday", "at the end of the day"
            j = start
            while j < len(doc) and doc[j].ent_type_ in ("DATE", "TIME"):
                j += 1
            return j
        if token.text == "(":
            j = i + 1
            while j < len(doc) and j < i + 6 and doc[j].text != ")":
                j += 1
            return j + 1 if j < len(doc) and doc[j].text == ")" else 0
        if token.lower_ in ("to", "in", "at", "further", "farther", "on") and i + 1 < len(doc):
            j = i + 1
            while j < len(doc) and j < i + 5 and doc[j].lower_ in _DIRECTION_WORDS:
                if doc[j].lower_ in _DIRECTIONS:
                    return j + 1
                j += 1
            if token.lower_ in ("further", "farther") and doc[i + 1].lower_ in _DIRECTIONS:
                return i + 2
        return 0

    def _places_after_control(self, control: Token) -> list[EntityRef]:
        """The X in "took control of X", also when an adjunct intervenes ("took control, further
        north, of Sheberghan")."""
        for child in control.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                return [p for g in child.children if g.dep_ == "pobj" for p in self._places_of(g)]
        sentence = self.entities.sentence(control)
        for i in range(control.i + 1, min(sentence.end, control.i + 8)):
            token = self.doc[i]
            if token.lower_ == "of":
                return [p for g in token.children if g.dep_ == "pobj" for p in self._places_of(g)]
            if token.pos_ == "VERB":
                break
        return []

    def _contextual_place(self, heads: list[Token]) -> list[EntityRef]:
        """A proper-noun object of a capture verb that no model recognised ("capture Burka in northern
        Baghlan province"): a place, a district when a province is given."""
        out = []
        for head in heads:
            if head.pos_ != "PROPN" or self.entities.entity_at(head) is not None or head.ent_type_ in ("PERSON", "NORP", "ORG"):
                continue
            start = head.i
            while start > self.entities.sentence(head).start and self.doc[start - 1].dep_ == "compound" and self.doc[start - 1].pos_ == "PROPN":
                start -= 1
            name = self.doc[start : head.i + 1].text
            province = next((p for p in self._locative_places(head, preps=("in",)) if p.kind == "Province"), None)
            described = next(
                (lx.PLACE_NOUN_KIND[c.lemma_.lower()] for c in head.children if c.dep_ == "appos" and c.lemma_.lower() in lx.PLACE_NOUN_KIND),
                None,
            )
            if province is None and described is None:
                continue  # a capitalised object with no place context may be anything
            entity = local_entity(described or "District", name, located_in=province.key if province else None)
            out.append(self.entities.add(start, head.i + 1, entity, "context", 0.6))
        return out

    def _locative_places(self, token: Token, preps: tuple[str, ...] = ("in", "near", "at", "outside")) -> list[EntityRef]:
        places: list[EntityRef] = []
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        places += [p for p in self._places_of(pobj, named_only=child.lower_ != "to") if p not in places]
        return places

    def _group(self, head: Token) -> EntityRef | None:
        """The actor a noun phrase denotes: a mention, "a convoy of Afghan security forces", "thousands
        of inmates"."""
        if head.lemma_.lower() in _QUANTITIES:
            of = next((g for c in head.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), None)
            if of is not None:
                return self._group(of)
        entity = self.entities.resolve(head)
        if entity is not None and not entity.is_place:
            return entity
        for token in head.subtree:
            if token.i != head.i and (e := self.entities.entity_at(token)) is not None and not e.is_place:
                return e
        lemma = head.lemma_.lower()
        if lemma in ("prisoner", "detainee", "inmate", "civilian", "soldier", "resident", "people", "person"):
            return local_entity("GroupOfPeople", "people" if lemma in ("people", "person") else lemma + "s")
        return None

    def _subject_of(self, verb: Token) -> EntityRef | None:
        """The actor that is the subject of ``verb``'s clause, climbing through participles, gerunds
        and raising verbs ("after capturing X", "ended up taking control", "who took control")."""
        current = verb
        for _ in range(6):
            if any(c.dep_ in ("nsubjpass", "auxpass") for c in current.children) and not any(c.dep_ == "agent" for c in current.children):
                return None  # "soldiers were killed": the agent is unknown, not the reporter's subject
            for child in current.children:
                if child.dep_ in ("nsubj", "csubj"):
                    entity = self.entities.resolve(child)
                    if entity is not None and not entity.is_place:
                        return entity
                    return None
                if child.dep_ == "agent":
                    for pobj in child.children:
                        entity = self.entities.resolve(pobj)
                        if entity is not None and not entity.is_place:
                            return entity
            if current.dep_ in ("xcomp", "advcl", "pcomp", "conj", "acl", "relcl") or current.dep_ == "prep":
                if current.dep_ == "relcl":
                    entity = self.entities.resolve(current.head)
                    return entity if entity is not None and not entity.is_place else None
                current = current.head
                continue
            if current.dep_ == "pobj" or current.pos_ == "ADP":
                current = current.head
                continue
            break
        return None

    def _with_agent(self, event: RawEvent, verb: Token, *, default: bool = True) -> RawEvent:
        agent = self._subject_of(verb)
        if agent is not None:
            event.agents = [agent]
        elif default:
            self._default_agent(event)
        return event

    def _nominal_agent(self, event: RawEvent, noun: Token, *, default: bool = True) -> RawEvent:
        for child in noun.children:
            if child.dep_ in ("poss", "compound", "nmod") and (e := self.entities.resolve(child)) is not None and not e.is_place:
                event.agents = [e]
                return event
            if child.dep_ == "prep" and child.lower_ == "by":
                for pobj in child.children:
                    if (e := self.entities.resolve(pobj)) is not None and not e.is_place:
                        event.agents = [e]
                        return event
        governor = noun.head
        while governor.pos_ not in ("VERB", "AUX") and governor.dep_ != "ROOT" and governor.head.i != governor.i:
            governor = governor.head
        if governor.pos_ in ("VERB", "AUX") and governor.lemma_.lower() in lx.REPORTING_VERBS | {"announce", "confirm", "claim"}:
            agent = self._subject_of(governor)
            if agent is not None:
                event.agents = [agent]
                return event
        if default:
            self._default_agent(event)
        return event

    def _recipients(self, verb: Token) -> list[EntityRef]:
        """X in "fell to X", "fell into the hands of X", "handed over to X"."""
        for child in verb.children:
            if child.dep_ in ("prep", "dative") and child.lower_ in ("to", "into"):
                for pobj in child.children:
                    if pobj.dep_ != "pobj":
                        continue
                    target = pobj
                    if pobj.lemma_.lower() == "hand":
                        target = next((g for c in pobj.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), pobj)
                    entity = self.entities.resolve(target)
                    if entity is not None and not entity.is_place:
                        return [entity]
        return []

    def _default_agent(self, event: RawEvent) -> None:
        """No agent in the clause: the armed group the article is about, with less confidence."""
        group = self.entities.dominant_armed_group()
        if group is not None:
            event.agents = [group]
            event.confidence = round(event.confidence * 0.85, 2)

    # ---- mood ------------------------------------------------------------------------------------

    def _mood(self, trigger: Token) -> _Mood:
        """Is the event asserted as having happened? Planned, threatened, attempted, conditional,
        negated, modal or questioned events are not."""
        sentence = self.entities.sentence(trigger)
        if sentence.text.rstrip().endswith("?"):
            return _Mood(False)
        current = trigger
        if trigger.pos_ in ("NOUN", "PROPN"):
            if any(c.dep_ == "det" and c.lower_ == "no" for c in trigger.children):
                return _Mood(False)
            # the verb the nominal hangs from decides: "The loss of Mazar would be a blow"
            while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
                if current.lemma_.lower() in lx.IRREALIS_GOVERNORS and current.pos_ in ("NOUN", "ADJ"):
                    return _Mood(False)
                current = current.head
        for _ in range(8):
            children = list(current.children)
            if any(c.dep_ == "neg" or (c.lower_ in lx.NEGATIONS and c.dep_ in ("neg", "advmod", "preconj")) for c in children):
                return _Mood(False)
            if any(c.dep_ in ("aux", "auxpass") and c.lower_ in lx.MODALS for c in children):
                return _Mood(False)
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in children):
                return _Mood(False)
            if any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children) for c in children) and current.i == trigger.i:
                return _Mood(False)
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
            head = current.head
            head_lemma = head.lemma_.lower()
            if current.dep_ in ("xcomp", "ccomp", "acl", "advcl", "pcomp", "prep", "pobj") and head_lemma in lx.IRREALIS_GOVERNORS:
                return _Mood(False, threat_by=head if head_lemma in lx.THREAT_GOVERNORS else None)
            if infinitive and current.dep_ in ("advcl", "acl", "relcl", "xcomp", "ccomp", "csubj", "nsubj", "ROOT"):
                return _Mood(False, threat_by=head if head_lemma in lx.THREAT_GOVERNORS else None)
            if current.dep_ in ("xcomp", "conj", "acl", "advcl") and current.i != head.i:
                current = head
                continue
            break
        return _Mood(True)

    # ---- time ------------------------------------------------------------------------------------

    def _time_for(self, trigger: Token, times: list[TimeMention]) -> TimeValue | None:
        """The most precise resolved time expression of the trigger's own clause; failing that, of
        the clause that reports it or that it is an adjunct or conjunct of. A vague expression at the
        nearest level ("the following days") means no date."""
        levels = self._clause_levels(trigger)
        found: dict[int, list[tuple[TimeMention, int]]] = {}
        for time in times:
            attached = self._attachment(time, levels)
            if attached is not None:
                found.setdefault(attached[0], []).append((time, attached[1]))
        if not found:
            return None
        # the nearest clause decides; a vague expression there ("Earlier this week the insurgents
        # overran ...") and nothing more precise means no date
        resolved = [t.value for t, _ in found[min(found)] if t.value is not None]
        return max(resolved, key=_rank) if resolved else None

    def unclaimed_time(self, events: list[RawEvent], times: list[TimeMention]) -> TimeValue | None:
        """The one resolved time expression of a sentence that no event's clauses claim, if exactly
        one (the parser sometimes hangs "on Thursday" from a later clause)."""
        claimed = set()
        for event in events:
            levels = self._clause_levels(event.trigger)
            claimed |= {id(t) for t in times if self._attachment(t, levels) is not None}
        free = [t for t in times if id(t) not in claimed and t.value is not None and self._stranded(t)]
        return free[0].value if len(free) == 1 and free[0].value is not None else None

    def _stranded(self, time: TimeMention) -> bool:
        """Does the expression stand before the clause the parser hung it on ("seized Ghazni ..., on
        Thursday, the tenth capital to fall ..., as foreign forces complete their withdrawal")? One
        inside its clause ("prompting Tajikistan to check its forces on June 22") belongs there."""
        span = self.doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None:
            return False
        verb = span.root
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        openers = [c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "mark", "aux", "auxpass")]
        return span.end <= min([verb.i, *openers])

    def _clause_levels(self, trigger: Token) -> list[set[int]]:
        """The trigger with the verb a nominal trigger hangs from, then each clause it is reported by
        or is an adjunct or conjunct of ("announce the capture", "claimed that X was conquered",
        ", taking it", "overran A, and took B")."""
        first = {trigger.i}
        current = trigger
        while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
            current = current.head
            first.add(current.i)
        levels = [first]
        for _ in range(6):
            head = current.head
            if head.i == current.i:
                break
            if current.dep_ == "ccomp" and head.lemma_.lower() in lx.REPORTING_VERBS:
                pass
            elif current.dep_ == "advcl" and not any(c.dep_ == "mark" and c.lower_ not in ("when", "as", "while") for c in current.children):
                pass
            elif current.dep_ not in ("xcomp", "conj"):
                break
            current = head
            levels.append({current.i})
        return levels

    def _attachment(self, time: TimeMention, levels: list[set[int]]) -> tuple[int, int] | None:
        """The level whose clause a time expression hangs from (without crossing another clause), and
        how many dependency steps away."""
        span = self.doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None:
            return None
        current = root = span.root
        for steps in range(10):
            for index, level in enumerate(levels):
                if current.i in level:
                    return index, steps
            if current.head.i == current.i or (current.pos_ in ("VERB", "AUX") and current.i != root.i):
                return None
            current = current.head
        return None

    def is_main_clause(self, trigger: Token) -> bool:
        return any(self.doc[i].dep_ == "ROOT" for level in self._clause_levels(trigger) for i in level)


def _compounds(head: Token) -> Iterator[Token]:
    """The noun-phrase modifiers left of ``head``, through chains of compounds."""
    for child in head.lefts:
        if child.dep_ in ("compound", "nmod", "amod"):
            yield child
            yield from _compounds(child)


def _after_conjunction(token: Token) -> bool:
    """Is ``token`` coordinated by "and"/"or" (not only by a comma, as an apposition is)?"""
    previous = token.doc[token.i - 1] if token.i > 0 else None
    return previous is not None and (previous.dep_ == "cc" or previous.lower_ in ("and", "or")) or any(
        c.dep_ == "cc" for c in token.head.children if c.i < token.i
    )


def _compatible(noun_kind: str | None, entity_kind: str) -> bool:
    if noun_kind is None:
        return True
    if noun_kind == "City":
        return entity_kind in ("City", "Place", "District")
    if noun_kind in lx.FACILITY_KINDS:
        return entity_kind in lx.FACILITY_KINDS or entity_kind == "Place"
    return noun_kind == entity_kind or entity_kind == "Place"


def _rank(value: TimeValue) -> int:
    return {"day": 3, "month": 2, "year": 1}[value.precision]
