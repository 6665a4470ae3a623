"""The words of a casualty statement's noun phrase: the figure's tokens ("at least 20", "tens of
thousands"), the noun it counts ("dozens of civilians", "others" standing for the troops just named,
"whom" for its antecedent) and the victims' words."""

from __future__ import annotations

import re

from spacy.tokens import Token

from kg.extract.casualties import words as w
from kg.extract.casualties.figures import QUANTITY_WORDS

_NUMBER_RANGE = re.compile(r"\d[\d,]*[–-]\d[\d,]*")  # "2,000–5,000"
# words that may precede a number in its figure
_QUALIFIERS = frozenset(
    "at least more than over up to as many fewer less about around some nearly almost approximately roughly an a "
    "estimated between under below above just close no total upwards in excess maximum minimum another further "
    "additional only of to and - –".split()
)
_RIGHT_QUALIFIERS = frozenset({"or", "more", "and", "to", "-", "–", "of"})


def lemma_of(token: Token) -> str:
    return token.lemma_.lower()


def numlike(token: Token) -> bool:
    return (
        (token.like_num and token.pos_ in ("NUM", "NOUN", "ADJ", "PROPN"))
        or token.lower_ in QUANTITY_WORDS
        or _NUMBER_RANGE.fullmatch(token.text) is not None
    )


def referent(noun: Token | None) -> Token | None:
    """ "civilians, dozens of whom were killed": the noun a relative pronoun stands for."""
    if noun is None or noun.lower_ not in ("whom", "which", "who"):
        return noun
    for ancestor in noun.ancestors:
        if ancestor.dep_ == "relcl":
            return ancestor.head
    return None


def antecedent(noun: Token) -> Token:
    """ "killed several troops, sent several others fleeing": "others" counts what the figure before it
    counted (troops, not civilians)."""
    if noun.lower_ not in ("others", "more"):
        return noun
    sentence = noun.sent
    earlier = [
        t
        for t in sentence
        if t.i < noun.i and t.pos_ == "NOUN" and t.lower_ != noun.lower_ and any(numlike(c) for c in t.children)
    ]
    return earlier[-1] if earlier else noun


def of_noun(token: Token) -> Token | None:
    """The noun "dozens of civilians" or "one of the soldiers" counts (through "tens of thousands of")."""
    current = token
    for _ in range(3):
        preposition = next((c for c in current.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if preposition is None:
            return None
        noun = next((c for c in preposition.children if c.dep_ == "pobj"), None)
        if noun is None:
            return None
        if not numlike(noun):
            return noun
        current = noun
    return None


def figure_tokens(top: Token, counted: Token | None) -> list[Token]:
    """The figure's words: the number with its qualifiers ("at least 20", "tens of thousands", "20 or
    more", "30 to 40"), or "a policeman" for a singular victim."""
    doc = top.doc
    if top.lower_ in ("a", "an", "no") and counted is not None:
        return list(doc[top.i : counted.i + 1])
    subtree = {t.i for t in top.subtree}
    start = top.i
    while start - 1 in subtree and start - 1 >= top.i - 6:
        start -= 1
    while start < top.i and doc[start].lower_ not in _QUALIFIERS and not numlike(doc[start]):
        start += 1  # "so far 300": "so far" says the scope, not the figure
    if start >= 2 and doc[start - 1].lower_ == "to" and doc[start - 2].lower_ == "up" and doc[start - 2].dep_ == "prt":
        start -= 2  # "massacring up to 2,000 civilians": "up" hangs from the verb
    end = top.i
    while (
        end + 1 in subtree
        and end + 1 <= top.i + 4
        and (numlike(doc[end + 1]) or doc[end + 1].lower_ in _RIGHT_QUALIFIERS)
    ):
        end += 1
    while end > top.i and not numlike(doc[end]) and doc[end].lower_ != "more":
        end -= 1
    return list(doc[start : end + 1])


def victims_text(counted: Token | None) -> str | None:
    """The counted noun with its modifiers, without the figure: "Afghan soldiers", "civilians"."""
    if counted is None or counted.lower_ in w.STATE_WORDS:
        return None
    modifiers = [
        t
        for t in counted.lefts
        if t.dep_ in ("amod", "compound", "nmod")
        and not t.like_num
        and t.lower_ not in w.STATE_WORDS
        and t.tag_ != "VBN"
    ]
    words = [*modifiers, counted]
    if len(words) > 1 and words[-1].i - words[0].i + 1 == len(words):
        return counted.doc[words[0].i : counted.i + 1].text
    return counted.text
