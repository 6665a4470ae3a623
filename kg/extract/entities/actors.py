"""Actors other than people: armed groups by name or context ("the militant group X", "X rebels"),
organisations typed by their names, acronyms and their long forms, states' forces ("Syria's army",
"French troops", "security forces") and the descriptors that mean a known actor ("the insurgents")."""

from __future__ import annotations

import numpy
from spacy.symbols import PROPN, nsubj  # type: ignore[import-not-found]  # compiled, and spaCy ships no stub for it
from spacy.tokens import Doc, Span, Token

from kg.extract import lexicon as lx
from kg.extract.entities.context import ArticleContext, country_code
from kg.extract.entities.persons import titled
from kg.extract.entities.places import PlaceLinker
from kg.extract.entities.refs import clean_name, entity_from_entry, local_entity
from kg.extract.entities.registry import MentionRegistry
from kg.extract.records import EntityRef
from kg.extract.timex import MONTHS
from kg.gazetteer import Entry, Gazetteer
from kg.gazetteer.countries import country_by_code, country_named, country_of_demonym
from kg.vocab import LinkMethod


class ActorLinker:
    """Finds and types the groups, organisations and forces of one parsed article."""

    def __init__(
        self, registry: MentionRegistry, context: ArticleContext, places: PlaceLinker, gazetteer: Gazetteer
    ) -> None:
        self.registry = registry
        self.context = context
        self.places = places
        self.gazetteer = gazetteer

    def group_by_context(self, ent: Span) -> bool:
        """ "the militant group X", "X rebels", "X (ABC)" after a group noun: an armed group, whatever
        NER called the name."""
        doc = ent.doc
        before = [t for t in doc[max(0, ent.start - 3) : ent.start]]
        after = doc[ent.end] if ent.end < len(doc) else None
        nouns = [
            i
            for i, t in enumerate(before)
            if i >= len(before) - 2 and t.lemma_.lower() in lx.GROUP_NOUNS | lx.ARMED_GROUP_NOUNS
        ]
        cue = (
            bool(nouns)
            and any(
                t.lemma_.lower() in lx.ARMED_GROUP_NOUNS or t.lower_ in ("armed", "militant", "rebel", "jihadist")
                for t in before
            )
            and not any(t.pos_ in ("VERB", "AUX", "ADP") for t in before[nouns[-1] + 1 :])
        )  # not "rebels entered X"
        cue = cue or (after is not None and after.lemma_.lower() in lx.ARMED_GROUP_NOUNS and after.pos_ == "NOUN")
        # "Tigrayan forces": forces named after no state
        cue = cue or (
            after is not None
            and after.lemma_.lower() in ("force", "forces")
            and len(ent) == 1
            and country_of_demonym(ent.text) is None
            and ent.label_ in ("ORG", "NORP")
        )
        # "the Houthis": a people or movement in the plural, not a person
        cue = cue or (
            ent.label_ == "PERSON"
            and len(ent) == 1
            and ent.start > 0
            and doc[ent.start - 1].lower_ == "the"
            and ent.text.endswith("s")
            and ent[0].tag_ in ("NNPS", "NNP")
        )
        if cue and country_named(clean_name(ent.text)) is not None:
            return False  # "Sierra Leone's rebels": the country's rebels, not a group named after it
        if cue and not (ent.label_ == "PERSON" and titled(ent)):
            start = self.name_start(ent)
            # "Tigrayan forces" names its group with the noun; "M23 fighters" are members of "M23"
            end = (
                ent.end + 1
                if after is not None and after.lemma_.lower() in ("force", "forces") and ent.label_ in ("ORG", "NORP")
                else ent.end
            )
            self.registry.add(
                start, end, local_entity("ArmedGroup", clean_name(doc[start:end].text)), LinkMethod.CONTEXT, 0.65
            )
            return True
        if ent.label_ == "PERSON" and _acronym_after(doc, ent.end) is not None:
            # "Hayat Tahrir al-Sham (HTS)": people are not known by acronyms
            self.registry.add(
                ent.start,
                ent.end,
                local_entity(self.organization_kind(ent), clean_name(ent.text)),
                LinkMethod.CONTEXT,
                0.6,
            )
            return True
        return False

    def add_acronyms(self) -> None:
        """ "the Rapid Support Forces (RSF)": the long form before the parentheses is one actor, whatever
        pieces NER made of it, and the acronym, wherever it stands, is the same actor."""
        known: dict[str, EntityRef] = {}
        registry = self.registry
        doc = registry.doc
        if "(" not in doc.text:
            return
        for token in doc:
            if token.text != "(" or (acronym := _acronym_after(doc, token.i)) is None or acronym in known:
                continue
            start = _long_form_start(doc, token.i, acronym)
            current = registry.by_token.get(token.i - 1)
            if start is None:
                if (
                    current is not None
                    and not current.entity.is_place
                    and current.entity.kind not in ("Person", "GroupOfPeople")
                ):
                    known[acronym] = current.entity
                continue
            if current is not None and current.start == start and current.end == token.i:
                known[acronym] = current.entity
                continue
            if any(s.entity.iri is not None for s in registry.spans if s.start < token.i and start < s.end):
                continue  # a region pack's name stands
            label = doc[start : token.i].text
            kind = self.organization_kind(doc[start : token.i])
            known[acronym] = registry.relabel(start, token.i, local_entity(kind, label), LinkMethod.ACRONYM, 0.75)
        for token in doc:
            entity = known.get(token.text)
            if entity is None:
                continue
            current = registry.by_token.get(token.i)
            if current is None:
                registry.add(token.i, token.i + 1, entity, LinkMethod.ACRONYM, 0.8)
            elif current.entity != entity and current.entity.iri is None and current.end - current.start == 1:
                registry.relabel(token.i, token.i + 1, entity, LinkMethod.ACRONYM, 0.8)

    def add_forces(self) -> None:
        """State forces named by a common noun: "Syria's army", "government troops", "security forces"
        are the forces of the country the article is about (or the one named), never another's; and
        "the rebels" is the armed group the article names most, when it names one. In an article that
        names no country, "government forces" stays the description it is."""
        registry = self.registry
        by_token = registry.by_token
        focus_country = self.context.focus_country
        group = registry.dominant_armed_group()
        foreign = any(span.entity.kind == "ForeignForce" for span in registry.spans)
        for token in registry.doc:
            lemma = token.lemma_.lower()
            if token.i in by_token or token.pos_ != "NOUN":
                continue
            modifiers = [c for c in token.lefts if c.dep_ in ("amod", "compound", "poss", "nmod")]
            start = min([token.i, *(m.left_edge.i for m in modifiers)])
            if any(i in by_token for i in range(start, token.i)):
                owner = next((by_token[m.i].entity for m in modifiers if m.i in by_token), None)
                code = country_code(owner) if owner is not None else None
                owned = token.i - 1 in by_token or any(m.dep_ == "poss" and m.i in by_token for m in modifiers)
                if lemma in lx.FORCE_NOUNS and code is not None and owned:
                    # "Syria's army"
                    registry.add(token.i, token.i + 1, self.forces_of(code), LinkMethod.DESCRIPTOR, 0.7)
                continue
            words = {m.lower_ for m in modifiers}
            nationality = next(
                (
                    c.code
                    for m in modifiers
                    if m.is_title and m.dep_ in ("amod", "compound") and (c := country_of_demonym(m.text))
                ),
                None,
            )
            people = [
                m
                for m in modifiers
                if m.dep_ in ("amod", "compound")
                and m.is_title
                and m.lower_ not in lx.COMMON_GROUP_MODIFIERS
                and (m.tag_ in ("NNP", "NNPS") or not m.is_sent_start)
            ]  # "Special forces" opening a sentence: no name
            if lemma in lx.FORCE_NOUNS and nationality is not None:
                # "Malian troops", untagged
                registry.add(start, token.i + 1, self.forces_of(nationality), LinkMethod.DESCRIPTOR, 0.7)
            elif lemma == "force" and token.tag_ == "NNS" and len(people) == 1 and people[0].i == token.i - 1:
                # "Biafran forces": forces named after a people or a region, no state's
                registry.add(
                    token.i - 1,
                    token.i + 1,
                    local_entity("ArmedGroup", registry.doc[token.i - 1 : token.i + 1].text),
                    LinkMethod.CONTEXT,
                    0.6,
                )
            elif (
                lemma == "government"
                and token.dep_ == "nsubj"
                and focus_country is not None
                and not modifiers
                and _takes_places(token.head)
            ):
                registry.add(
                    token.i, token.i + 1, self.forces_of(focus_country), LinkMethod.DESCRIPTOR, 0.6
                )  # "the government has recaptured X"
            elif lemma in lx.FORCE_NOUNS and lemma not in ("unit", "division", "personnel", "brigade", "battalion"):
                definite = any(c.dep_ == "det" and c.lower_ in ("the", "its") for c in token.lefts)
                state = words & lx.STATE_FORCE_CUES or (lemma in ("army", "military", "police") and definite)
                # bare "troops", "soldiers": the state's, in a story with no foreign force in it
                of_someone = any(
                    c.dep_ == "prep" and c.lower_ == "of" for c in token.rights
                )  # "the troops of General X": his
                state = state or (
                    lemma in ("troop", "soldier")
                    and token.tag_ == "NNS"
                    and not modifiers
                    and not foreign
                    and not of_someone
                )
                if state and focus_country is not None:
                    registry.add(start, token.i + 1, self.forces_of(focus_country), LinkMethod.DESCRIPTOR, 0.65)
                elif state:  # no country named: the forces as the text describes them, this article's own
                    label = registry.doc[start : token.i + 1].text.lower()
                    registry.add(start, token.i + 1, local_entity("MilitaryForce", label), LinkMethod.DESCRIBED, 0.55)
            elif lemma in lx.ARMED_GROUP_NOUNS and (name := self._group_name(token)) is not None:
                # "Islamic State militants": the name before the noun is the group's
                registry.add(
                    name[0],
                    name[1],
                    local_entity("ArmedGroup", registry.doc[name[0] : name[1]].text),
                    LinkMethod.CONTEXT,
                    0.6,
                )
            elif (
                lemma in lx.ARMED_GROUP_NOUNS
                and group is not None
                and group.iri is None
                and not words - {"the", "armed", "rebel", "islamist", "jihadist"}
                and not registry.first_named_later_as_object(group, token)
            ):
                registry.add(start, token.i + 1, group, LinkMethod.DESCRIPTOR, 0.6)

    def add_untagged_takers(self) -> None:
        """A name no model tagged that is the subject of a capture verb ("Boko Haram captured X"): an
        armed group, unless it is a place or a person's name."""
        doc, by_token = self.registry.doc, self.registry.by_token
        subjects = numpy.flatnonzero(
            (doc.to_array("DEP") == _NSUBJ) & (doc.to_array("POS") == _PROPN)
        )  # no Token per word
        for token in (doc[int(i)] for i in subjects):
            verb = token.head
            acronym = _is_acronym(token.text)
            if (
                token.dep_ != "nsubj"
                or token.i in by_token
                or token.ent_type_
                or token.pos_ != "PROPN"
                or not (token.is_title or acronym)
            ):
                continue
            lemma = lx.verb_lemma(verb)
            takes_control = lemma in lx.CONTROL_VERBS and any(
                c.dep_ == "dobj" and c.lemma_.lower() == "control" for c in verb.children
            )
            if lemma not in lx.CAPTURE_VERBS and not takes_control:
                continue
            start = token.left_edge.i + (token.left_edge.dep_ == "det")
            if any(
                i in by_token or doc[i].ent_type_ or not (doc[i].text[:1].isupper() or doc[i].lower_ in _NAME_GLUE)
                for i in range(start, token.i)
            ):
                continue  # "The Tigray People's Liberation Front": capitalised words and their glue only
            span = doc[start : token.i + 1]
            plural_name = (
                token.text.endswith("s") and token.left_edge.lower_ == "the" and token.i == token.left_edge.i + 1
            )  # "the Houthis"
            if (sum(t.is_alpha for t in span) < 2 and not acronym and not plural_name) or country_named(
                span.text
            ) is not None:
                continue  # one capitalised word may be anything; two make a name, and so do "the RSF" and "the Houthis"
            self.registry.add(
                start,
                token.i + 1,
                local_entity(self.organization_kind(span), clean_name(span.text)),
                LinkMethod.CONTEXT,
                0.5,
            )

    def name_start(self, ent: Span) -> int:
        """Where a name NER cut short begins: "Islamic" before an organisation "State" (a capitalised
        word no one claimed that is not a nationality)."""
        doc = self.registry.doc
        start = ent.start
        while (
            start > 0
            and start - 1 not in self.registry.by_token
            and doc[start - 1].is_title
            and start > self.registry.sentence(ent[0]).start
        ):
            word = doc[start - 1]
            if (
                word.pos_ not in ("PROPN", "ADJ")
                or country_of_demonym(word.text) is not None
                or word.ent_type_ in ("DATE", "GPE", "PERSON")
                or word.lower_ in MONTHS
            ):
                break
            start -= 1
        return start

    def _group_name(self, noun: Token) -> tuple[int, int] | None:
        """Token span of a proper name right before a group noun ("Islamic State militants"), if it is
        no nationality."""
        doc = self.registry.doc
        end = noun.i
        start = end
        while (
            start > 0
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].is_title
            and start - 1 not in self.registry.by_token
            and doc[start - 1].lower_ not in MONTHS
            and doc[start - 1].ent_type_ != "DATE"
        ):
            start -= 1  # "Islamic State militants"; not "March" in "on 23 March Séléka rebels"
        if (
            start < end
            and start > 0
            and doc[start - 1].pos_ == "ADJ"
            and doc[start - 1].is_title
            and start - 1 not in self.registry.by_token
            and (country_of_demonym(doc[start - 1].text) is None and not _common_at_start(doc[start - 1]))
        ):
            start -= 1  # "Islamic" tagged as an adjective before "State"
        if start == end or end - start > 4:
            return None
        if end - start == 1 and (country_of_demonym(doc[start].text) is not None or _common_at_start(doc[start])):
            return None
        return start, end

    def descriptor_of_country(self, text: str) -> Entry | None:
        """The region-pack actor of the article's country that ``text`` describes ("Defence Ministry")."""
        if self.context.focus_country is None:
            return None
        key = clean_name(text).removeprefix("the ").removeprefix("The ").casefold()
        for entry in self.gazetteer:
            if (
                entry.is_actor
                and entry.country == self.context.focus_country
                and key in (d.casefold() for d in entry.descriptors)
            ):
                return entry
        return None

    @staticmethod
    def organization_name_end(ent: Span) -> int | None:
        """Where an organisation's name ends when a place name begins it ("Donetsk People's Republic",
        "Tigray Defense Forces"): the end of a run of capitalised words after ``ent`` closed by an
        organisation's head word; None when no such run follows."""
        doc = ent.doc
        i = ent.end
        while i < min(len(doc), ent.end + 5) and (
            doc[i].is_title or doc[i].text.removesuffix("'s").removesuffix("’s").istitle()
        ):
            if doc[i].lower_ in lx.ORGANIZATION_HEAD_WORDS:
                return i + 1
            i += 1
        return None

    def organization_kind(self, ent: Span) -> str:
        """The class an organisation's name and context give it: "X Liberation Front" is an armed group,
        "the Ministry of Y" a government body, "the Sudanese Armed Forces" a state's forces."""
        words = {t.lower_ for t in ent}
        lemmas = {t.lemma_.lower() for t in ent} | {w.removesuffix("s") for w in words}  # "Forces" as a name
        before = {t.lemma_.lower() for t in ent.doc[max(0, ent.start - 3) : ent.start]}
        country = country_in(ent)
        if words & lx.GOVERNMENT_NAME_WORDS:
            return "GovernmentBody"
        state = "MilitaryForce" if country == self.context.focus_country else "ForeignForce"
        if lemmas & lx.FORCE_NOUNS and country is not None and words & lx.STATE_FORCE_NAME_WORDS:
            return state  # "the Sudanese Armed Forces", "Israel Defense Forces"
        if words & lx.ARMED_GROUP_NAME_WORDS or lemmas & lx.ARMED_GROUP_NOUNS:
            return "ArmedGroup"  # "Free Syrian Army", "Syrian Democratic Forces"
        if lemmas & lx.FORCE_NOUNS:
            return state if country is not None else "ArmedGroup"  # "the Sri Lanka Army" / "the Wagner forces"
        if before & lx.ARMED_GROUP_NOUNS or (
            before & lx.GROUP_NOUNS and before & {"armed", "militant", "rebel", "jihadist"}
        ):
            return "ArmedGroup"
        if words & lx.INTERNATIONAL_NAME_WORDS:
            return "InternationalOrganization"
        if ent.root.dep_ == "nsubj" and _takes_places(ent.root.head):
            return "ArmedGroup"  # "the KDF captured X": who takes towns is armed
        return "Organization"

    def norp(self, ent: Span) -> None:
        """ "Houthi rebels" is an armed group; "Ukrainian forces", "French and Malian troops" are states'
        forces (one per nationality); other nationalities are not actors by themselves."""
        doc = ent.doc
        head = ent.root.head if ent.root.dep_ in ("amod", "compound", "nmod", "conj") else None
        while head is not None and head.dep_ == "conj" and head.head.i > head.i and doc[head.i].ent_type_ == "NORP":
            head = head.head
        if head is not None and ent.root.dep_ == "conj" and head.ent_type_ == "NORP":
            head = head.head  # "French and Malian troops": French <- conj - Malian? the noun governs both
        noun = head if head is not None and head.i > ent.root.i else (doc[ent.end] if ent.end < len(doc) else None)
        if noun is None or noun.pos_ != "NOUN" or noun.i in self.registry.by_token:
            if (match := self.places.fuzzy_place(ent)) is not None:
                entry, score = match
                self.registry.add(
                    ent.start, ent.end, entity_from_entry(entry), LinkMethod.FUZZY, round(0.6 + 0.3 * score, 2)
                )
            return
        lemma = noun.lemma_.lower()
        country = country_of_demonym(ent.text)
        adjacent = noun.i == ent.end
        end = noun.i + 1 if adjacent else ent.end
        if lemma in lx.ARMED_GROUP_NOUNS or (lemma in lx.FORCE_NOUNS and country is None):
            # "Houthi rebels", "Libyan rebels", "Tigrayan forces": a non-state armed group
            label = self.registry.doc[ent.start : end].text if adjacent else f"{ent.text} {noun.text}"
            self.registry.add(
                ent.start,
                end,
                local_entity("ArmedGroup", label, country=country.code if country else None),
                LinkMethod.NER,
                0.6,
            )
        elif lemma in lx.FORCE_NOUNS and country is not None:
            self.registry.add(ent.start, end, self.forces_of(country.code), LinkMethod.DESCRIPTOR, 0.7)

    def forces_of(self, code: str) -> EntityRef:
        """The armed forces of the state ``code``: a region pack's actor when it has one, else a local
        actor, foreign unless the article is about that country."""
        forces = [entry for entry in self.gazetteer if entry.kind == "MilitaryForce" and entry.country == code]
        if forces:  # the state's main forces: the entry with descriptors, else the most aliases
            return entity_from_entry(
                max(forces, key=lambda entry: (bool(entry.descriptors), len(entry.aliases), entry.iri))
            )
        country = country_by_code(code)
        name = country.name if country else code
        kind = "MilitaryForce" if code == self.context.focus_country else "ForeignForce"
        return local_entity(kind, f"{name} armed forces", country=code)

    def add_descriptors(self) -> None:
        """Common nouns that mean a known actor in context ("the insurgents" = the Taliban), only when
        the article also names that actor or is about its country."""
        registry = self.registry
        named = {s.entity.key for s in registry.spans}
        descriptors: dict[str, Entry] = {}
        for entry in self.gazetteer:
            # a pack actor's descriptors ("government forces") mean it only where the article names it
            # or is about its country
            if entry.is_actor and (
                entry.iri in named or (entry.country is not None and entry.country == self.context.focus_country)
            ):
                for descriptor in entry.descriptors:
                    descriptors.setdefault(descriptor.lower(), entry)
        if not descriptors:
            return
        longest = max(len(d.split()) for d in descriptors)
        heads = {d.split()[-1] for d in descriptors}
        for token in registry.doc:
            if token.i in registry.by_token or token.pos_ not in ("NOUN", "PROPN"):
                continue
            if token.lower_ not in heads and token.lemma_.lower() not in heads:
                continue
            for size in range(longest, 0, -1):
                start = token.i - size + 1
                if start < 0:
                    continue
                words = registry.doc[start : token.i + 1]
                phrase = " ".join(t.lower_ for t in words)
                lemma_phrase = " ".join([*(t.lower_ for t in words[:-1]), token.lemma_.lower()])
                described = descriptors.get(phrase) or descriptors.get(lemma_phrase)
                if described is not None and not any(t.i in registry.by_token for t in words):
                    registry.add(start, token.i + 1, entity_from_entry(described), LinkMethod.DESCRIPTOR, 0.7)
                    break


def country_in(ent: Span) -> str | None:
    """The country a name's own words name: "Sudanese Armed Forces" -> SD, "Sri Lanka Army" -> LK."""
    for token in ent:
        country = country_of_demonym(token.text) if token.is_title else None
        if country is not None:
            return country.code
    words = [t.text for t in ent]
    for size in (3, 2):
        for i in range(len(words) - size + 1):
            if (country := country_named(" ".join(words[i : i + size]))) is not None:
                return country.code
    return None


def _acronym_after(doc: Doc, end: int) -> str | None:
    """ "(RSF)" right after a name: the acronym, if the parentheses hold one."""
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        text = doc[end + 1].text
        if _is_acronym(text):
            return text
    return None


_NSUBJ, _PROPN = nsubj, PROPN
_NAME_GLUE = frozenset({"'s", "’s", "of", "and", "the", "-", "for", "al"})


def _takes_places(verb: Token) -> bool:
    """Is ``verb`` a capture verb ("captured", "retook", "overran")?"""
    return lx.verb_lemma(verb) in lx.CAPTURE_VERBS


def _common_at_start(token: Token) -> bool:
    """ "Opposition fighters", "Government troops" opening a sentence: a capitalised common word."""
    return bool(token.is_sent_start) and token.lower_ in lx.COMMON_GROUP_MODIFIERS


def _is_acronym(text: str) -> bool:
    """ "RSF", "M23", "SPLA": two to eight letters and digits, at least two of them capitals."""
    return 2 <= len(text) <= 8 and text[0].isupper() and text.isalnum() and sum(c.isupper() for c in text) >= 2


def _long_form_start(doc: Doc, paren: int, acronym: str) -> int | None:
    """Where the name an acronym abbreviates starts, right before ``paren``: its capitalised words'
    initials spell the acronym ("Islamic State of Iraq and the Levant (ISIL)"), if they do."""
    letters = [c for c in acronym.upper() if c.isalpha()]
    i = paren - 1
    while i >= 0 and letters:
        word = doc[i]
        if word.lower_ in ("of", "and", "the", "for", "al", "-", "el", "de", "du", "des", "la"):
            i -= 1
            continue
        if not word.text[:1].isupper():
            return None
        parts = [p for p in word.text.replace("-", " ").split() if p[:1].isupper()] or [word.text]
        for part in reversed(parts):
            if letters and part[0].upper() == letters[-1]:
                letters.pop()
            else:
                return None
        i -= 1
    if letters:
        return None
    start = i + 1
    while start < paren and doc[start].lower_ in ("of", "and", "the", "-"):
        start += 1
    return start
