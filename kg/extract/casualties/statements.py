"""Casualty statements in one sentence: a figure that counts people, what happened to them (the verb or
noun that governs the figure), who caused it, where, and whether it is one incident, a cumulative
total or a hypothetical."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.casualties import words as w
from kg.extract.casualties.figures import Range, figure_range
from kg.extract.casualties.phrases import (
    antecedent,
    figure_tokens,
    lemma_of,
    numlike,
    of_noun,
    referent,
    victims_text,
)
from kg.extract.casualties.relations import combined, relation
from kg.extract.casualties.scope import scope_of
from kg.extract.doc_text import doc_text
from kg.extract.entities import ArticleEntities
from kg.extract.records import EntityRef
from kg.vocab import CasualtyKind, CasualtyScope

_YEAR = re.compile(r"(1[89]|20)\d\d")
_SKIP_ENTITY_TYPES = frozenset({"PERCENT", "MONEY", "ORDINAL", "TIME", "QUANTITY"})
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "on", "across", "around", "outside", "inside", "from", "into"})
_ARTICLE_FIGURES = {"a": Range(1, 1), "an": Range(1, 1), "no": Range(0, 0)}


@dataclass(slots=True)
class RawCasualty:
    kind: CasualtyKind
    sentence: int
    figure: str
    figure_start: int
    figure_end: int
    range: Range
    trigger: Token
    scope: CasualtyScope = CasualtyScope.INCIDENT
    victims: str | None = None
    victims_entity: EntityRef | None = None
    causer: EntityRef | None = None
    place: EntityRef | None = None
    confidence: float = 0.8


class CasualtyFinder:
    """Finds casualty statements sentence by sentence in one parsed article."""

    def __init__(self, entities: ArticleEntities) -> None:
        self.entities = entities
        self.doc = entities.doc

    def find(self, sentence: Span, index: int) -> list[RawCasualty]:
        """The casualty statements of one sentence (``index`` into the article's sentences)."""
        found: list[RawCasualty] = []
        seen: set[tuple[int, str]] = set()
        for top, counted, head in self._figures(sentence):
            governed = relation(head, counted)
            if governed is None:
                continue
            kind, trigger = governed
            if not self._counts_people(kind, counted, head):
                continue
            kind = combined(kind, trigger)
            span = figure_tokens(top, counted)
            start, end = span[0].idx, span[-1].idx + len(span[-1].text)
            text = doc_text(self.doc)[start:end]
            figure = _ARTICLE_FIGURES.get(top.lower_) or figure_range(text)
            if figure is None or (start, kind) in seen:
                continue
            scope = scope_of(trigger, head, self.entities)
            if scope is None:
                continue  # negated: "no one was killed"
            seen.add((start, kind))
            found.append(
                RawCasualty(
                    kind=kind,
                    sentence=index,
                    figure=text,
                    figure_start=start,
                    figure_end=end,
                    range=figure,
                    trigger=trigger,
                    scope=scope,
                    victims=victims_text(referent(counted)),
                    victims_entity=self._victims_entity(referent(counted)),
                    causer=self._causer(trigger, head),
                    place=self._place(trigger),
                    confidence=0.6 if counted is None else 0.8,
                )
            )
        return found

    # ---- figures ---------------------------------------------------------------------------------

    def _figures(self, sentence: Span) -> list[tuple[Token, Token | None, Token]]:
        """(the figure's top token, the noun it counts if any, the head of the counted phrase)."""
        out: list[tuple[Token, Token | None, Token]] = []
        for token in sentence:
            if token.lower_ in _ARTICLE_FIGURES and token.dep_ == "det":
                noun = token.head
                if (
                    (noun.tag_ == "NN" or token.lower_ == "no")
                    and lemma_of(noun) in w.PEOPLE_NOUNS
                    and not any(c.dep_ == "nummod" for c in noun.children)
                    and (noun.dep_ in ("nsubj", "nsubjpass", "dobj") or noun.head.lower_ == "including")
                ):
                    out.append((token, noun, noun))
                continue
            if not numlike(token) or token.ent_type_ in _SKIP_ENTITY_TYPES:
                continue
            if any(c.dep_ == "det" and c.lower_ in ("each", "every", "any") for c in token.children):
                continue  # "each one of these deaths"
            if numlike(token.head) and token.head.i != token.i and token.dep_ != "pobj":
                continue  # part of a larger figure ("thousand" in "five thousand", "tens" in "tens of thousands")
            if token.dep_ == "pobj" and token.head.lower_ == "of" and numlike(token.head.head):
                continue  # "thousands" in "hundreds of thousands"
            if _YEAR.fullmatch(token.text) and token.ent_type_ == "DATE":
                continue
            if (token.dep_ in ("nummod", "compound") or token.lower_ == "several") and token.head.pos_ in (
                "NOUN",
                "PROPN",
                "ADJ",
            ):
                out.append((token, token.head, token.head))
            else:
                out.append((token, of_noun(token), token))
        return out

    def _counts_people(self, kind: CasualtyKind, counted: Token | None, head: Token) -> bool:
        """Does the figure count people? A bare number ("40 were killed") does for most kinds; a counted
        noun must name people for captures and displacement (not towns, not retreating soldiers) and
        must not name things for the others ("40 vehicles"); returning or released people are not
        casualties."""
        if lemma_of(head.head) in w.UNDOING_VERBS or (
            counted is not None and lemma_of(counted.head) in w.UNDOING_VERBS
        ):
            return False
        if counted is None:
            return kind in w.BARE_KINDS
        counted = antecedent(counted)
        lemma = lemma_of(counted)
        if kind == CasualtyKind.DISPLACED and (lemma in w.MILITARY_NOUNS or counted.lower_ in w.MILITARY_NOUNS):
            return False  # "a thousand soldiers fled": a retreat
        if lemma in w.COUNTED_NOUNS or counted.lower_ in w.STATE_WORDS:
            return True
        if lemma in w.PEOPLE_NOUNS or counted.lower_ in w.PEOPLE_NOUNS:
            return True
        entity = self.entities.resolve(counted)
        if entity is not None:
            return not entity.is_place
        if counted.ent_type_ in w.PEOPLE_ENTITY_TYPES:
            return True
        return (
            kind in w.LOOSE_KINDS
            and lemma not in w.THING_NOUNS
            and counted.ent_type_ not in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "GPE", "LOC", "FAC")
        )

    # ---- participants ----------------------------------------------------------------------------

    def _victims_entity(self, counted: Token | None) -> EntityRef | None:
        if counted is None:
            return None
        for token in (counted, *counted.lefts):
            entity = self.entities.resolve(token)
            if entity is not None and not entity.is_place:
                return entity
        return None

    def _causer(self, trigger: Token, head: Token) -> EntityRef | None:
        if trigger.pos_ != "VERB":
            return None
        for child in trigger.children:
            agent = None
            if child.dep_ == "nsubj" and child.i != head.i and lemma_of(trigger) in w.TRANSITIVE_VERBS:
                agent = child
            elif child.dep_ == "agent":
                agent = next((g for g in child.children if g.dep_ == "pobj"), None)
            if agent is not None and (entity := self.entities.resolve(agent)) is not None and not entity.is_place:
                return entity
        return None

    def _place(self, trigger: Token) -> EntityRef | None:
        for token in trigger.subtree:
            if token.dep_ == "pobj" and token.head.lower_ in _PLACE_PREPOSITIONS:
                entity = self.entities.resolve(token)
                if entity is not None and entity.is_place:
                    return entity
                for inner in token.subtree:
                    entity = self.entities.resolve(inner)
                    if entity is not None and entity.is_place:
                        return entity
        return None
