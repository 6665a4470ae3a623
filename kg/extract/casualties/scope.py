"""A casualty figure's scope: one incident, a cumulative total ("since January", "so far", "the death
toll", "have been killed", a displacement stock) or a hypothetical ("could kill": the mood rules events use)."""

from __future__ import annotations

import re

from spacy.tokens import Token

from kg.extract.casualties import words as w
from kg.extract.casualties.phrases import lemma_of
from kg.extract.entities import ArticleEntities
from kg.extract.mood import mood
from kg.vocab import CasualtyKind, CasualtyScope

# "in the past week", "over the last couple of months", "in recent months", "this year"
_PERIOD = re.compile(
    r" (?:(?:the|over|in|during) (?:past|last|recent|previous) (?:[\w,-]+ ){0,3}?(?:hours|days|weeks?|months?|years?|decades?)"
    r"|this (?:month|year)) "
)


def scope_of(trigger: Token, head: Token, entities: ArticleEntities) -> CasualtyScope | None:
    """Incident, cumulative or hypothetical; None when the statement is negated."""
    if any(c.dep_ == "neg" for c in trigger.children):
        return None
    if not mood(trigger, entities).real:
        return CasualtyScope.HYPOTHETICAL
    clause = {t.i: t for t in (*trigger.subtree, *head.subtree)}
    if trigger.dep_ == "conj":
        clause.update({c.i: c for c in trigger.head.children if c.dep_ in ("prep", "advmod", "npadvmod")})
        clause.update({t.i: t for c in list(clause.values()) if c.dep_ == "prep" for t in c.subtree})
    figure = {t.i for t in head.subtree}
    aside = {t.i for c in clause.values() if c.dep_ == "appos" for t in c.subtree}
    tokens = sorted((t for t in clause.values() if t.i not in aside), key=lambda t: t.i)
    text = " " + " ".join(t.lower_ for t in tokens) + " "
    if any(f" {cue} " in text for cue in w.CUMULATIVE_WORDS) or _PERIOD.search(text):
        return CasualtyScope.CUMULATIVE  # "since January", "so far", "in the past week", "this year"
    if any(
        t.lower_ == "between" and t.i not in figure and any(d.ent_type_ == "DATE" for d in t.subtree) for t in tokens
    ):
        return CasualtyScope.CUMULATIVE  # "between 1 January and 9 August"
    # "have been killed and 403 wounded": a conjunct with no subject of its own shares its head's tense
    shares = trigger.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in trigger.children)
    verb = trigger.head if shares and not _perfect(trigger) else trigger
    if _perfect(verb):
        return CasualtyScope.CUMULATIVE  # "have been killed", "has displaced": a running total
    if _displacement_stock(trigger):
        return CasualtyScope.CUMULATIVE  # "200,000 displaced people", "IDPs", "are displaced", "fleeing"
    subject = next((c for c in trigger.children if c.dep_ == "nsubj"), None)
    if (
        subject is not None
        and lemma_of(subject) in w.WAR_NOUNS
        and any(c.dep_ == "aux" and lemma_of(c) == "have" for c in trigger.children)
    ):
        return CasualtyScope.CUMULATIVE  # "the conflict has killed 1,000 civilians"
    return CasualtyScope.INCIDENT


def _displacement_stock(trigger: Token) -> bool:
    """A count of the displaced rather than one flight: said by a noun or participle, or in the present
    ("are internally displaced"); "fled", "were displaced" tell of one event."""
    if w.COUNTED_NOUNS.get(lemma_of(trigger)) == CasualtyKind.DISPLACED:
        return True
    if w.STATE_WORDS.get(trigger.lower_) != CasualtyKind.DISPLACED and lemma_of(trigger) not in ("flee", "displace"):
        return False
    if trigger.tag_ == "VBD":
        return False
    auxiliaries = [c for c in trigger.children if c.dep_ in ("aux", "auxpass")]
    return not any(c.lower_ in ("was", "were") for c in auxiliaries)


def _perfect(verb: Token) -> bool:
    """ "has killed", "have been displaced" (not "had", not "to have been")."""
    return any(
        c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve") and c.tag_ in ("VBZ", "VBP") for c in verb.children
    )
