"""The actors of an event: who did it, to whom a place fell, which side they are on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Token

from kg.extract import actor_words, place_words, speech_words
from kg.extract import lexicon as lx
from kg.extract.entities import ArticleEntities, local_entity
from kg.extract.events.raw import RawEvent
from kg.extract.records import EntityRef
from kg.gazetteer.countries import country_named, country_of_demonym
from kg.vocab import EventKind, LinkMethod

_ORGANISED = ("MilitaryForce", "ForeignForce", "ArmedGroup", "GovernmentBody", "Organization")
# Verbs that praise someone for what they did: "congratulated X for liberating Y".
_PRAISE_VERBS = frozenset({"congratulate", "thank", "praise", "commend", "credit", "hail", "applaud", "salute"})
# What a side that lost a place did: "al-Shabab fighters fled", "the rebels pulled out", "surrendered", "lost".
_LOSING_VERBS = frozenset(lx.WITHDRAWAL_TRIGGERS) | lx.SURRENDER_TRIGGERS | {"lose"}
# Named-entity types of words that are no one who could take a place.
_NOT_ACTORS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "GPE", "LOC", "FAC"})
# Nouns of fighting that head a clause's subject ("the fighting left X in rebel hands"): no one (the
# efforts, "battle", "offensive", are in speech_words.EFFORT_NOUNS).
_FIGHT_NOUNS = frozenset({"fighting", "siege", "clash"})
_QUANTITIES = frozenset(
    {"thousand", "hundred", "dozen", "score", "number", "group", "all", "some", "many", "most", "lot"}
)


class ActorFinder:
    """Finds the agents and recipients of events in one parsed article."""

    def __init__(self, entities: ArticleEntities) -> None:
        self.entities = entities

    def subject_of(self, verb: Token) -> EntityRef | None:
        """The actor that is the subject of ``verb``'s clause, climbing through participles, gerunds
        and raising verbs ("after capturing X", "ended up taking control", "who took control")."""
        found = self._subject(verb)
        return found[0] if found is not None else None

    def subjects_of(self, verb: Token) -> list[EntityRef]:
        """The subject actor of ``verb``'s clause and those coordinated with it: "Ethiopian and Eritrean
        troops", "the army and allied militias"."""
        found = self._subject(verb)
        if found is None:
            return []
        actor, head = found
        actors = [actor]
        coordinated = [c for c in head.children if c.dep_ == "conj"]
        coordinated += [
            t
            for m in head.children
            if m.dep_ == "amod" and any(c.dep_ == "conj" for c in m.children)
            for t in (m, *(c for c in m.children if c.dep_ == "conj"))
        ]
        for token in coordinated:
            other = self.as_actor(self.entities.resolve(token))
            if other is not None and other not in actors:
                actors.append(other)
        return actors

    def _subject(self, verb: Token) -> tuple[EntityRef, Token] | None:
        """The subject actor of ``verb``'s clause and the token that names it (see :meth:`subject_of`)."""
        current = verb
        for _ in range(6):
            if any(c.dep_ in ("nsubjpass", "auxpass") for c in current.children) and not any(
                c.dep_ == "agent" for c in current.children
            ):
                return None  # "soldiers were killed": the agent is unknown, not the reporter's subject
            past_subject = False
            # two subjects, one a misparse ("According to a lawmaker, X, government forces took Y"): the nearer
            for child in sorted(current.children, key=lambda c: abs(current.i - c.i)):
                if child.dep_ in ("nsubj", "csubj"):
                    actor = (
                        self.as_actor(self.entities.resolve(child))
                        or self._owner_of_effort(child)
                        or self._untagged_subject(child)
                        or self._counted(child)
                    )
                    if actor is None and child.lower_ == "it":
                        # "the military says it has recaptured the town": an organisation, not a place;
                        # "Ethiopia says it has captured X": that state's forces
                        actor = self.as_actor(self.entities.antecedent(child, kinds=(*_ORGANISED, "Country"), window=1))
                    if (
                        actor is None
                        and current is not verb
                        and current.dep_ in ("ccomp", "xcomp")
                        and child.pos_ == "NOUN"
                        and self.entities.resolve(child) is None
                    ):
                        past_subject = True  # "troops are making progress moving east, taking X": not the progress
                        break
                    return (actor, child) if actor is not None else None
                if child.dep_ == "agent":
                    for pobj in child.children:
                        if (actor := self.as_actor(self.entities.resolve(pobj))) is not None:
                            return actor, pobj
            if past_subject:
                current = current.head
                continue
            if (reduced := self._reduced_relative_subject(current)) is not None:
                return reduced
            if self._praise_clause(current):
                # "X congratulated the Y forces for liberating Z": the praised did it; none an actor, nobody named
                return next(iter(self._praised(current)), None)
            if (
                current.dep_ in ("xcomp", "advcl", "pcomp", "conj", "acl", "relcl", "prep")
                or (current.dep_ == "acomp" and current.lemma_.lower() == "able")  # "the army was able to retake X"
            ):
                if current.dep_ == "relcl" or (
                    current.dep_ == "acl"
                    and current.tag_ in ("VBG", "VBN", "VBD")
                    and current.head.pos_ in ("NOUN", "PROPN")
                ):
                    # "the group, which took X"; "the rebels, having taken over X"; "a rebel offensive that took X";
                    # "Troops secured X" parsed as a noun phrase
                    entity = self.entities.resolve(current.head) or self._owner_of_effort(current.head)
                    return (entity, current.head) if entity is not None and not entity.is_place else None
                climbed_conj = current.dep_ == "conj" and current.pos_ in ("VERB", "AUX")
                current = current.head
                if climbed_conj and current.pos_ in ("NOUN", "PROPN") and current.dep_ in ("dobj", "pobj"):
                    current = current.head  # "launched a counterattack and retook X", the verb hung on the noun
                continue
            if current.dep_ == "pobj" or current.pos_ == "ADP":
                current = current.head
                continue
            if current.dep_ == "dobj" and current.pos_ == "NOUN" and current is not verb:
                current = current.head  # "completed a victory in liberating X": the verb the noun is the object of
                continue
            if current.dep_ == "npadvmod" and current.lemma_.lower() in _TIME_SPAN_NOUNS:
                current = current.head  # "overran X on Wednesday, a day after seizing Y": the overrunners
                continue
            break
        return None

    def _untagged_subject(self, subject: Token) -> EntityRef | None:
        """A subject named as a name, though no mention holds it: "the North Koreans" (that state's
        forces), the article's armed group under a spelling the tagger missed, or else an armed group of
        its own named by its words ("ISIS captures X", "the Houthis seized X")."""
        if not (
            subject.tag_ in ("NNP", "NNPS")
            or (subject.tag_ == "NNS" and subject.is_title and not subject.is_sent_start)
            or (subject.is_upper and len(subject) >= 2 and subject.is_alpha)  # "ISIS" tagged a common noun
        ):
            return None
        lemma = subject.lemma_.lower()
        if (
            lemma in place_words.PLACE_NOUN_KIND
            or lemma in actor_words.FORCE_NOUNS | actor_words.GROUP_NOUNS | actor_words.ARMED_GROUP_NOUNS
            or lemma in speech_words.EFFORT_NOUNS | _FIGHT_NOUNS
            or subject.ent_type_ in _NOT_ACTORS
        ):
            return None
        if subject.is_sent_start and not subject.is_upper:
            return None  # "Elders are now in charge of X": a capital any sentence's first word has
        entities, doc = self.entities, subject.doc
        start = subject.i
        while start > 0:  # "North Koreans", "People's Protection Units", "IS-CAP"
            before = doc[start - 1]
            if before.dep_ in ("compound", "amod", "poss") and before.is_title:
                start -= 1
            elif before.dep_ == "case" and start > 1 and doc[start - 2].dep_ == "poss" and doc[start - 2].is_title:
                start -= 2
            elif before.text == "-" and start > 1 and not doc[start - 2].whitespace_ and doc[start - 2].is_upper:
                start -= 2
            else:
                break
        if any(entities.entity_at(t) is not None for t in subject.doc[start : subject.i + 1]):
            return None
        name = subject.doc[start : subject.i + 1].text
        if (country := country_of_demonym(name) or country_of_demonym(subject.text)) is not None:
            return entities.forces_of(country.code)
        group = entities.dominant_armed_group()
        if group is not None and _stems(group.label) & _stems(name):
            return group  # "the Houthis" where the article's group is "Houthi rebels"
        actor = local_entity("ArmedGroup", name)
        return entities.relabel(start, subject.i + 1, actor, LinkMethod.DESCRIBED, 0.55)

    def _reduced_relative_subject(self, verb: Token) -> tuple[EntityRef, Token] | None:
        """ "Rebels bent on toppling the president overran X" parsed with "bent" as a clause of its own
        before the verb, and the actor as its subject: the subject of the verb, which has none."""
        if any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children):
            return None
        for clause in verb.children:
            if clause.dep_ != "ccomp" or clause.i > verb.i or clause.tag_ not in ("VBN", "VBD", "VBP"):
                continue
            if any(c.dep_ in ("aux", "auxpass") for c in clause.children):
                return None  # "The rebels had taken X, he overran ...": a clause of its own
            for child in clause.children:
                if child.dep_ == "nsubj" and (actor := self.as_actor(self.entities.resolve(child))) is not None:
                    return actor, child
        return None

    @staticmethod
    def _praise_clause(verb: Token) -> bool:
        """Is ``verb`` what someone is praised for ("congratulated X for liberating Z")?"""
        prep = verb.head
        return (
            verb.dep_ in ("pcomp", "pobj")
            and prep.lower_ in ("for", "on")
            and prep.head.lemma_.lower() in _PRAISE_VERBS
        )

    def _praised(self, token: Token) -> list[tuple[EntityRef, Token]]:
        """The actors praised for ``token`` (no persons nor peoples) and the words that name them."""
        heads = [c for c in token.head.head.children if c.dep_ == "dobj"]
        heads += [g for c in heads for g in c.conjuncts]
        found: list[tuple[EntityRef, Token]] = []
        for head in heads:
            actor = self.as_actor(self.entities.resolve(head))
            if (
                actor is not None
                and actor.kind not in ("Person", "GroupOfPeople")
                and actor not in (a for a, _ in found)
            ):
                found.append((actor, head))
        return found

    def _owner_of_effort(self, noun: Token) -> EntityRef | None:
        """Whose an offensive or an operation is: "a rebel offensive", "the army's operation", "operations
        by the army"."""
        if noun.lower_ in lx.RELATIVE_PRONOUNS and noun.head.dep_ == "relcl":
            noun = noun.head.head  # "an offensive that took X"
        if noun.lemma_.lower() not in speech_words.EFFORT_NOUNS:
            return None
        owners = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod")]
        owners += [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children]
        return next((a for c in owners if (a := self.as_actor(self.entities.resolve(c)))), None)

    def with_agent(self, event: RawEvent, verb: Token, *, default: bool = True) -> RawEvent:
        agents = self.subjects_of(verb)
        if agents:
            event.agents = agents
        elif self._first_person_subject(verb) and (report := self._report_of(verb)) is not None:
            # "'We captured X,' Taliban spokesman Y said": the speaker's side; a governor's "we", no one named
            event.agents = [side] if (side := self._side_of_speaker(report)) is not None else []
        elif default and not self._state_force_subject(verb):
            self.default_agent(event)
        return event

    @staticmethod
    def _first_person_subject(verb: Token) -> bool:
        return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("we", "us") for c in verb.children)

    @staticmethod
    def _report_of(verb: Token) -> Token | None:
        """The verb of saying whose speaker names a speech verb's quoted clause ("'..., we captured X,' he said")."""
        return next(
            (
                a
                for a in verb.ancestors
                if a.lemma_.lower() in speech_words.REPORTING_VERBS and any(c.dep_ == "nsubj" for c in a.children)
            ),
            None,
        )

    def _state_force_subject(self, verb: Token) -> bool:
        """ "the forces captured X", "government troops retook X", with no force named to resolve them to:
        someone's forces, not the armed group the article is about."""
        return any(c.dep_ == "nsubj" and c.lemma_.lower() in actor_words.BARE_FORCE_NOUNS for c in verb.children)

    def nominal_agent(self, event: RawEvent, noun: Token, *, default: bool = True) -> RawEvent:
        if self._praise_clause(noun):  # "commended the army and its allies for the liberation of X"
            event.agents = [actor for actor, _ in self._praised(noun)]
            return event
        for child in noun.children:
            if child.dep_ == "poss" and (actor := self.as_actor(self.entities.resolve(child))) is not None:
                event.agents = [actor]  # "the insurgents' capture of", "Azerbaijan's capture of"
                return event
            if (
                child.dep_ in ("compound", "nmod")
                and (e := self.entities.resolve(child)) is not None
                and not e.is_place
                and not _a_title_alone(e)
            ):
                event.agents = [e]
                return event
            if child.dep_ == "amod" and (country := country_of_demonym(child.text)) is not None:
                event.agents = [self.entities.forces_of(country.code)]  # "the Russian flag", "the Iraqi recapture"
                return event
        for by in by_phrases(noun):
            for pobj in by.children:
                if (actor := self.as_actor(self.entities.resolve(pobj))) is not None:
                    event.agents = [actor]
                    return event
        governor = noun.head
        while governor.pos_ not in ("VERB", "AUX") and governor.dep_ != "ROOT" and governor.head.i != governor.i:
            governor = governor.head
        if governor.pos_ in ("VERB", "AUX") and governor.lemma_.lower() in speech_words.REPORTING_VERBS | {
            "announce",
            "confirm",
            "claim",
            "result",  # "operations by the army resulted in the retaking of X"
            "lead",
        }:
            agent = self.subject_of(governor)
            if agent is not None and agent.kind == "Person":
                agent = self._side_of_speaker(governor)  # "its commander announced the seizure": his side's
            if agent is not None:
                event.agents = [agent]
                return event
        if default:
            self.default_agent(event)
        return event

    def _side_of_speaker(self, verb: Token) -> EntityRef | None:
        """The armed side a person who announced something speaks for, named in his title ("Taliban
        spokesman X", "coalition commander X"); None for anyone else (a minister abroad, a witness)."""
        speakers = [c for c in verb.children if c.dep_ == "nsubj"]
        speakers += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        return next((side for s in speakers if (side := self.entities.side_of_person(s)) is not None), None)

    def from_whom(self, verb: Token) -> list[EntityRef]:
        """Y in "retook X from Y": who lost the place."""
        return self._first_actor(
            g for c in verb.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children if g.dep_ == "pobj"
        )

    def agents_by(self, verb: Token) -> list[EntityRef]:
        """Y in a passive's "by Y"."""
        return self._first_actor(g for c in verb.children if c.dep_ == "agent" for g in c.children)

    def controller(self, verb: Token) -> list[EntityRef]:
        """Y in "fell under Y's control", "came under the control of Y", "returned to Y's control"."""
        controls = [
            g
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ in ("under", "into", "in", "to")
            for g in c.children
            if g.dep_ == "pobj" and g.lemma_.lower() in ("control", "hand")
        ]
        by = [
            g
            for c in verb.children
            if c.dep_ in ("prep", "agent") and c.lower_ == "by"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        return self._first_actor(
            [
                *(
                    owner
                    for control in controls
                    for owner in (
                        *(c for c in control.children if c.dep_ in ("poss", "compound", "amod")),
                        *(
                            g
                            for c in control.children
                            if c.dep_ in ("prep", "agent") and c.lower_ in ("of", "by")
                            for g in c.children
                            if g.dep_ == "pobj"
                        ),
                    )
                ),
                *(by if controls else []),
            ]  # "under control by the Taliban"
        )

    def recipients(self, verb: Token) -> list[EntityRef]:
        """X in "fell to X", "fell into the hands of X", "handed over to X"."""
        heads = [
            verb,
            *(c for c in verb.children if c.lower_ in ("back", "over") and c.dep_ in ("prt", "advmod")),
        ]  # "handed X back to Y"
        pobjs = [
            g
            for h in heads
            for c in h.children
            if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "into")
            for g in c.children
            if g.dep_ == "pobj"
        ]
        return self._first_actor(
            next((g for c in pobj.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), pobj)
            if pobj.lemma_.lower() == "hand"
            else pobj
            for pobj in pobjs
        )

    def _first_actor(self, heads: Iterable[Token]) -> list[EntityRef]:
        """The first of ``heads`` that refers to an actor, as a one-item list (or none)."""
        for head in heads:
            if (actor := self.as_actor(self.entities.resolve(head))) is not None:
                return [actor]
        return []

    def as_actor(self, entity: EntityRef | None) -> EntityRef | None:
        """The actor an entity stands for: itself, or for a country ("Azerbaijan captured X",
        "Azerbaijan's capture of X") that state's forces; None for other places."""
        if entity is None:
            return None
        if entity.kind == "Country":
            code = entity.country or (c.code if (c := country_named(entity.label)) else None)
            return self.entities.forces_of(code) if code else None
        return None if entity.is_place or _a_title_alone(entity) else entity

    def default_agent(self, event: RawEvent) -> None:
        """No agent in the clause: the armed group the article is about, with less confidence; but a
        place "recaptured" or "liberated" was most often taken back from that group, so none then, nor when
        the sentence names that group as the side that lost the place."""
        if lx.verb_lemma(event.trigger) in lx.RETAKE_VERBS | lx.RETAKE_NOUNS:
            return
        group = self.entities.dominant_armed_group()
        if (
            group is not None
            and not self._named_as_the_loser(group, event.trigger)
            and not self._other_side_named(group, event.trigger)
        ):
            event.agents = [group]
            event.defaulted = True
            event.confidence = round(event.confidence * 0.85, 2)

    def _other_side_named(self, group: EntityRef, trigger: Token) -> bool:
        """Does the trigger's sentence name, before it, armed sides other than ``group`` and not ``group``
        ("government forces and the militias of X captured A", the verb misparsed)? Then the taker is
        one of them, not the group the article is about."""
        named = {
            entity.key
            for token in self.entities.sentence(trigger)
            if token.i < trigger.i
            and (entity := self.entities.entity_at(token)) is not None
            and entity.kind in actor_words.ARMED_ACTOR_KINDS
            and _subject_of_the_taking(token, trigger)
        }
        mentioned = any(
            (e := self.entities.entity_at(t)) is not None and e.key == group.key
            for t in self.entities.sentence(trigger)
        )
        return bool(named) and not mentioned

    def _named_as_the_loser(self, group: EntityRef, trigger: Token) -> bool:
        """Does the trigger's sentence name ``group`` as the side that lost ("taken from the group",
        "after driving out the group", "the group fled")? Then it is not the default captor."""
        entities = self.entities
        for token in entities.sentence(trigger):
            if entities.entity_at(token) != group or (
                token.i > 0 and entities.entity_at(token.doc[token.i - 1]) == group
            ):
                continue  # one look per mention, at its first word
            head = _phrase_head(token)  # "al-Shabab fighters": the fighters
            if head.dep_ == "pobj" and head.head.lower_ in ("from", "against", "over"):
                return True  # not "of": "hundreds of al-Shabab fighters", "a spokesman of the group"
            if head.dep_ == "dobj" and lx.verb_lemma(head.head) in lx.DISLODGE_VERBS:
                return True
            if head.dep_ == "nsubj" and lx.verb_lemma(head.head) in _LOSING_VERBS:
                return True
        return False

    def side(self, entity: EntityRef) -> str | None:
        """The side the gazetteer puts an actor on ("government", ...), if it knows the actor."""
        gazetteer = self.entities.gazetteer
        return gazetteer[entity.iri].side if entity.iri and entity.iri in gazetteer else None

    def _counted(self, subject: Token) -> EntityRef | None:
        """The armed side a number of its men stands for: "hundreds of rebels", "dozens of vigilantes"."""
        if subject.lemma_.lower() not in _QUANTITIES:
            return None
        of = _of_object(subject)
        return self.as_actor(self.entities.resolve(of)) if of is not None else None

    def group(self, head: Token) -> EntityRef | None:
        """The actor a noun phrase denotes: a mention, "a convoy of Afghan security forces", "thousands
        of inmates"."""
        if head.lemma_.lower() in _QUANTITIES:
            of = _of_object(head)
            if of is not None:
                return self.group(of)
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


def _stems(text: str) -> set[str]:
    """The first four letters of each longer word of ``text`` that is no common word of groups' names,
    lower-cased: "Houthi rebels" and "the Houthis" share "hout"; "the Allies" and "the Alliance" nothing."""
    return {
        w[:4]
        for w in text.lower().replace("-", " ").split()
        if len(w) >= 4 and w.isalpha() and w.removesuffix("s") not in _COMMON_NAME_WORDS
    }


_COMMON_NAME_WORDS = (
    actor_words.ARMED_GROUP_NAME_WORDS
    | actor_words.ORGANIZATION_HEAD_WORDS
    | actor_words.FORCE_NOUNS
    | actor_words.ARMED_GROUP_NOUNS
    | actor_words.GROUP_NOUNS
    | {"allie"}  # "allies"
)


def _phrase_head(token: Token) -> Token:
    """The noun a name modifies: "fighters" for "al-Shabab" in "al-Shabab fighters"."""
    head = token
    while head.dep_ in ("compound", "amod", "nmod") and head.head.i != head.i:
        head = head.head
    return head


def _of_object(noun: Token) -> Token | None:
    """Y in "X of Y" ("hundreds of rebels")."""
    return next((g for c in noun.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), None)


def _a_title_alone(entity: EntityRef) -> bool:
    """Is a name only a title ("Spokesperson", "President", read as an organisation), naming no one?"""
    return entity.label.lower().rstrip(".") in actor_words.PERSON_TITLES


# Nouns of "a day after", "hours before": the clause they measure from is the verb's.
_TIME_SPAN_NOUNS = frozenset({"minute", "hour", "day", "week", "month", "year"})


def _subject_of_the_taking(token: Token, trigger: Token) -> bool:
    """Is a mention the subject of the taking however parsed: the head the parser made the root of a
    sentence that holds the trigger ("government forces and the militias of X captured A", the verb read as
    a modifier of A), or the subject of a verb coordinated with the trigger ("X attacked and took A")? Not a
    side that fled as a place was taken, nor one named in a modifier or after a preposition."""
    head = _phrase_head(token)
    if head.dep_ == "conj":
        head = head.head
    if head.dep_ == "ROOT" and head.pos_ in ("NOUN", "PROPN"):
        return any(t.i == trigger.i for t in head.subtree)
    return head.dep_ == "nsubj" and head.head in trigger.conjuncts and lx.verb_lemma(head.head) not in _LOSING_VERBS


def default_to_the_articles_taker(raw_events: list[RawEvent], entities: ArticleEntities) -> None:
    """A taking whose taker no sentence names goes to the side the article shows taking places (named as
    the taker of two takings at least, more than any other), not to the armed group it names most: in a
    story of an army's offensive, "the city was captured on July 28" is the army's. Not when the sentence
    names either side ("taken from the army", "the group attacked X, and the city was captured")."""
    takers = Counter(
        e.agents[0].key
        for e in raw_events
        if e.kind == EventKind.TAKE_CONTROL and e.agents and not e.defaulted and not e.attributed
    )
    ranked = takers.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
        return
    key = ranked[0][0]
    taker = next(a for e in raw_events for a in e.agents[:1] if a.key == key)
    for event in raw_events:
        if not (event.defaulted and event.agents) or event.agents[0].key == key:
            continue
        named = {e.key for t in entities.sentence(event.trigger) if (e := entities.entity_at(t)) is not None}
        if not named & {key, event.agents[0].key}:
            event.agents = [taker]


def by_phrases(noun: Token) -> list[Token]:
    """The "by" of a noun of action: its own, or the one right after it that the parser hung on the verb
    ("confirmed the capture by the rebels of X")."""
    own = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"]
    if own or noun.i + 1 >= len(noun.doc):
        return own
    after = noun.doc[noun.i + 1]
    return [after] if after.lower_ == "by" and after.dep_ == "prep" and after.head.i == noun.head.i else []
