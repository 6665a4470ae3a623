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
