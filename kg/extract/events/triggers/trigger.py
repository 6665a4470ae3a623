"""A trigger word with the dependents the rules look at, and what every rule reads: the article's entities
and the place and actor finders."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract import lexicon as lx
from kg.extract.entities import ArticleEntities
from kg.extract.events.actors import ActorFinder, by_phrases
from kg.extract.events.places import PlaceFinder


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
        if not objects:
            objects = _subject_after_subject(token, children) or _antecedent_of_which(token, children)
        if not objects and token.dep_ == "amod" and token.head.lemma_.lower() == "control" and token.tag_ == "VBD":
            objects = (
                token.head,
            )  # "Libyan rebels, backed by air raids, seized control of X" read as "seized control"
        if not objects and particle and token.pos_ == "VERB":
            # "took over Jalalabad, capital of ..., to have been ...": the parser made the name the
            # subject of a later clause; the proper noun right after the particle is the object
            next_i = max(c.i for c in children if c.dep_ == "prt") + 1
            after = token.doc[next_i] if next_i < len(token.doc) else None
            while after is not None and after.dep_ in ("compound", "amod") and after.head.i > after.i:
                after = after.head  # "taking back Mosul International Airport said the commander": the whole name
            if (
                after is not None
                and after.pos_ == "PROPN"
                and after.dep_ in ("nsubj", "nsubjpass")
                and after.head.i > after.i
            ):
                objects = (after,)
            else:  # "have taken over Abeche" parsed with the name as the particle's object
                objects = tuple(g for c in children if c.dep_ == "prt" for g in c.children if g.dep_ == "pobj")
        if (
            not objects
            and lemma in lx.CAPTURE_VERBS
            and token.dep_ == "relcl"
            and token.head.pos_ == "NOUN"
            and any(c.dep_ == "nsubj" for c in children)
            and not any(
                c.dep_ in ("nsubjpass", "ccomp", "xcomp", "prep") or c.tag_ in ("WDT", "WP", "WRB") for c in children
            )
        ):
            objects = (token.head,)  # "X, a city the militants overran": the noun the clause describes
        return cls(
            token,
            lemma,
            index,
            children,
            particle,
            objects,
            _subjects_described(
                tuple(c for c in children if c.dep_ in ("nsubjpass", "csubjpass")) or _gapped_passive(token, objects)
            ),
        )

    def object(self, lemma: str) -> Token | None:
        return next((o for o in self.objects if o.lemma_.lower() == lemma), None)

    def prep(self, word: str) -> Token | None:
        return next((c for c in self.children if c.dep_ == "prep" and c.lower_ == word), None)

    def of(self) -> list[Token]:
        """The objects of its "of" ("the capture of X"); in "the takeover by the rebels of X" the parser
        hangs the "of" on the agent."""
        objects = [
            g for c in self.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"
        ]
        if objects or self.token.pos_ != "NOUN":
            return objects
        return [
            g
            for c in by_phrases(self.token)
            for agent in c.children
            if agent.dep_ == "pobj"
            for o in agent.children
            if o.dep_ == "prep" and o.lower_ == "of"
            for g in o.children
            if g.dep_ == "pobj"
        ]


def _subject_after_subject(token: Token, children: tuple[Token, ...]) -> tuple[Token, ...]:
    """The object the parser made a second subject: in "the forces recaptured A Governorate's B District from
    the group", B District (a noun subject after its verb, when another subject precedes it)."""
    if token.pos_ != "VERB" or token.tag_ not in ("VBD", "VBN", "VBZ", "VBP"):
        return ()
    before = [c for c in children if c.dep_ == "nsubj" and c.i < token.i]
    after = [c for c in children if c.dep_ == "nsubj" and c.i > token.i and c.pos_ in ("PROPN", "NOUN")]
    return tuple(after[:1]) if before and after else ()


def _antecedent_of_which(token: Token, children: tuple[Token, ...]) -> tuple[Token, ...]:
    """The noun a relative clause describes when the parser made its "which" a second subject: in "returns
    to X, which the forces recaptured in January, increased", X."""
    which = next((c for c in children if c.dep_ == "nsubj" and c.tag_ == "WDT"), None)
    if (
        which is None
        or which.i < 2
        or token.doc[which.i - 1].text != ","
        or not any(c.dep_ == "nsubj" and c.i > which.i and c.tag_ != "WDT" for c in children)
    ):
        return ()
    antecedent = token.doc[which.i - 2]
    return (antecedent,) if antecedent.pos_ in ("PROPN", "NOUN") else ()


def _subjects_described(subjects: tuple[Token, ...]) -> tuple[Token, ...]:
    """Without "one" after another subject: in "the X bridge, one of five bridges in Y, was captured" the
    parser makes the description a second subject."""
    return tuple(s for s in subjects if not (s.lower_ == "one" and any(o.i < s.i for o in subjects)))


class RuleContext:
    """What the trigger rules read: the article's entities and parse, and the place and actor finders."""

    def __init__(self, entities: ArticleEntities, places: PlaceFinder, actors: ActorFinder) -> None:
        self.entities = entities
        self.doc = entities.doc
        self.places = places
        self.actors = actors


def _gapped_passive(token: Token, objects: tuple[Token, ...]) -> tuple[Token, ...]:
    """The subject of a passive whose "were" is shared with the clause before it: in "the positions were
    breached and X taken", X (read as the subject of an active "taken")."""
    head = token.head
    if (
        objects
        or token.dep_ != "conj"
        or token.tag_ not in ("VBN", "VBD")
        or not any(c.dep_ == "auxpass" for c in head.children)
        or any(c.dep_ in ("aux", "auxpass", "dobj", "prt") for c in token.children)
    ):
        return ()
    return tuple(c for c in token.children if c.dep_ == "nsubj" and c.pos_ == "PROPN")
