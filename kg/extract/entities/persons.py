"""People: a full name, the single-name mentions that refer back to it, and the cues (a title, a
reporting verb) that make a name a person's whatever NER called it."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract import actor_words, speech_words
from kg.extract.entities.refs import clean_name, local_entity
from kg.extract.entities.registry import MentionRegistry
from kg.extract.records import EntityRef
from kg.names import name_key
from kg.vocab import LinkMethod


class Persons:
    """The people one parsed article names, by full name and surname."""

    def __init__(self, registry: MentionRegistry) -> None:
        self.registry = registry
        self._by_name: dict[str, EntityRef] = {}

    def add(self, ent: Span) -> None:
        """Register ``ent`` as a person: the one of a full name it repeats, else a new one."""
        tokens = [t for t in ent if t.is_alpha or "-" in t.text]
        if not tokens:
            return
        name = clean_name(ent.text).removesuffix("‘s")
        person = self.known(name) or local_entity("Person", name)
        if len(tokens) > 1:
            # A full name: later (and earlier) single-name mentions of the same surname refer to it.
            self._by_name.setdefault(name_key(tokens[-1].text), person)
            self._by_name[name_key(name)] = person
        self.registry.add(ent.start, ent.end, person, LinkMethod.NER, 0.8)

    def known(self, text: str) -> EntityRef | None:
        """The person a name (or a surname) already registered refers to."""
        key = name_key(text.removesuffix("'s").removesuffix("’s"))
        return self._by_name.get(key)


def join_split_names(ents: list[Span]) -> list[Span]:
    """ "Mohammad Yosouf" (PERSON) + "Farahmand" (GPE): a person's last name the model tagged as
    something else, right after the rest of the name, belongs to the person."""
    out: list[Span] = []
    for ent in ents:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.label_ == "PERSON"
            and previous.end == ent.start
            and not ent.ent_id_
            and len(ent) == 1
            and ent[0].pos_ == "PROPN"
        ):
            out[-1] = Span(ent.doc, previous.start, ent.end, label="PERSON")
            continue
        out.append(ent)
    return out


def titled(ent: Span) -> bool:
    """Is the name preceded by a person's title or followed by a reporting verb ("Gao said")?"""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    if before is not None and before.lower_.rstrip(".") in actor_words.PERSON_TITLES:
        return True
    # "Gao said", but not "forces in the town of Dikwa say": the name must be the speaker
    return (
        after is not None
        and after.lemma_.lower() in speech_words.REPORTING_VERBS
        and after.pos_ == "VERB"
        and ent.root.dep_ == "nsubj"
        and ent.root.head.i == after.i
    )
