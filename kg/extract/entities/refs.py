"""Entity references: a gazetteer entry's, or a local one for a name no gazetteer knows."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract import place_words
from kg.extract.records import EntityRef
from kg.gazetteer import Entry
from kg.namespaces import slug


def entity_from_entry(entry: Entry) -> EntityRef:
    return EntityRef(
        key=entry.iri,
        kind=entry.kind,
        label=entry.label,
        iri=entry.iri,
        located_in=entry.province,
        country=entry.country,
    )


def local_entity(kind: str, label: str, *, located_in: str | None = None, country: str | None = None) -> EntityRef:
    """An entity the gazetteer does not know. Places share one key per name whatever kind the context
    suggested ("Kahmard" in a headline, "the Kahmard district centre" later)."""
    from kg.gazetteer import PLACE_KINDS

    family = "Place" if kind in PLACE_KINDS and kind not in place_words.FACILITY_KINDS else kind
    return EntityRef(key=f"{family}:{slug(label)}", kind=kind, label=label, located_in=located_in, country=country)


def is_acronym(text: str) -> bool:
    """ "RSF", "M23", "SPLA": two to eight letters and digits, at least two of them capitals, or one capital
    and digits."""
    return (
        2 <= len(text) <= 8
        and text[0].isupper()
        and text.isalnum()
        and (sum(c.isupper() for c in text) >= 2 or text[1:].isdigit())
    )


def clean_name(text: str) -> str:
    """A name without its possessive ending and surrounding punctuation: "Kabul's" -> "Kabul"."""
    return text.removesuffix("'s").removesuffix("’s").strip(" ,.;:()\"'“”-–—•*\n")


def followers(members: str, leader: EntityRef) -> EntityRef:
    """The armed men of a person ("forces loyal to X", "X's fighters"): an armed group of their own,
    labelled by whom they follow."""
    return local_entity("ArmedGroup", f"{members} loyal to {leader.label}")


def unnamed_armed_group(acronym: str) -> EntityRef:
    """The group "an NSAG" or "NSAGs" stands for: armed groups a report does not name, this article's own (an
    actor never merged with another article's)."""
    return local_entity(
        "ArmedGroup", "non-state armed groups" if acronym.lower().endswith("s") else "non-state armed group"
    )


def phrase_start(noun: Token, modifiers: list[Token]) -> int:
    """Where a noun phrase of ``noun`` and its ``modifiers`` begins, without a list's dash or bullet before it
    ("- Opposition fighters")."""
    start = min([noun.i, *(m.left_edge.i for m in modifiers)])
    while start < noun.i and noun.doc[start].is_punct:
        start += 1
    return start


_LOYALTY_WORDS = frozenset({"loyal", "allied", "aligned", "affiliated"})
# Words that may stand between a noun and its loyalty, however parsed: "soldiers believed to be loyal to X".
_HEDGE_WORDS = frozenset(
    {
        "believed",
        "thought",
        "said",
        "reported",
        "reportedly",
        "apparently",
        "allegedly",
        "to",
        "be",
        "who",
        "are",
        "were",
    }
)


def loyalty_word(noun: Token) -> Token | None:
    """The word that makes ``noun`` someone's men ("forces loyal to X", "soldiers believed to be loyal to X"):
    in its phrase, or after it with only hedges between; not a negated one ("troops, who are not loyal to X"),
    nor one of another noun's phrase ("soldiers drove out militiamen loyal to X")."""
    subtree = {t.i for t in noun.subtree}
    for word in noun.doc[noun.i + 1 : noun.i + 6]:
        if word.lower_ not in _LOYALTY_WORDS:
            continue
        between = noun.doc[noun.i + 1 : word.i]
        if any(w.dep_ == "neg" or w.lower_ in ("not", "never", "no") for w in (*between, *word.children)):
            return None
        if word.i in subtree and not any(w.pos_ in ("NOUN", "PROPN") for w in between):
            return word
        return word if all(w.lower_ in _HEDGE_WORDS or w.is_punct for w in between) else None
    return None


def side_prefix(word: Token) -> Token | None:
    """The "pro" or "anti" of "pro-X" / "anti-X" right before ``word``, if it has one."""
    doc = word.doc
    if word.i >= 2 and doc[word.i - 1].text == "-" and doc[word.i - 2].lower_ in ("pro", "anti"):
        return doc[word.i - 2]
    return None
