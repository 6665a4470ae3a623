"""Actors other than people: armed groups by name or context ("the militant group X", "X rebels"),
organisations typed by their names, acronyms and their long forms; states' forces and the descriptors that
mean a known actor are in ``forces``."""

from __future__ import annotations

import re

import numpy
from spacy.symbols import PROPN, nsubj  # type: ignore[import-not-found]  # compiled, and spaCy ships no stub for it
from spacy.tokens import Doc, Span, Token

from kg.extract import actor_words, place_words
from kg.extract import lexicon as lx
from kg.extract.doc_text import doc_text, doc_words
from kg.extract.entities.context import ArticleContext
from kg.extract.entities.forces import StateForces, takes_places
from kg.extract.entities.persons import titled
from kg.extract.entities.places import PlaceLinker
from kg.extract.entities.refs import clean_name, entity_from_entry, is_acronym, local_entity, side_prefix
from kg.extract.entities.registry import MentionRegistry
from kg.extract.records import EntityRef
from kg.extract.timex import MONTHS
from kg.gazetteer import Gazetteer
from kg.gazetteer.countries import country_named, country_of_demonym
from kg.vocab import LinkMethod

# Words that make a force's name many states' troops: "Coalition Forces", "Multinational Force".
_MULTINATIONAL_WORDS = frozenset({"coalition", "multinational", "allied", "international"})


# Units an army numbers: "2nd Battalion", "101st Airborne Division", "3rd Marine Regiment".
_ORDINAL = re.compile(r"\d+(st|nd|rd|th)")
_NUMBERED_UNITS = frozenset({"battalion", "brigade", "division", "regiment", "corps", "company", "squadron"})


class ActorLinker(StateForces):
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
            if i >= len(before) - 2 and t.lemma_.lower() in actor_words.GROUP_NOUNS | actor_words.ARMED_GROUP_NOUNS
        ]
        cue = (
            bool(nouns)
            and any(
                t.lemma_.lower() in actor_words.ARMED_GROUP_NOUNS
                or t.lower_ in ("armed", "militant", "rebel", "jihadist")
                for t in before
            )
            and not any(t.pos_ in ("VERB", "AUX", "ADP") for t in before[nouns[-1] + 1 :])
            and not (ent.label_ == "PERSON" and before[-1].text == ",")
        )  # not "rebels entered X", nor "the leader of one vigilante group, X" (a person)
        cue = cue or (
            after is not None
            and after.lemma_.lower() in actor_words.ARMED_GROUP_NOUNS
            and (after.pos_ == "NOUN" or after.tag_ == "VBZ")  # "X militants overran", "militants" read as a verb
        )
        # "Tigrayan forces": forces named after no state
        cue = cue or (
            after is not None
            and after.lemma_.lower() in ("force", "forces")
            and len(ent) == 1
            and country_of_demonym(ent.text) is None
            and ent.label_ in ("ORG", "NORP")
        )
        # "fell to the M23", "was seized by the MNDAA": an acronym a town falls to is a side's
        cue = cue or (len(ent) == 1 and is_acronym(ent.text) and taker_by_syntax(ent.root))
        # "the counter-government group X", "a rival group, X": a group a side's word describes; "the
        # pro-government X": a name with a side
        cue = cue or _a_sides_group_named(ent) or sided(ent)
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

    def add_untagged_acronym_takers(self) -> None:
        """An acronym no model tagged that a town fell to or was taken by ("fell to the RSF", "seized by the
        MNDAA"): an armed group, unless a country's ("fell to the US")."""
        doc, by_token = self.registry.doc, self.registry.by_token
        for token in doc:
            if (
                token.dep_ == "pobj"
                and token.i not in by_token
                and not token.ent_type_
                and is_acronym(token.text)
                and token.lower_ not in actor_words.UNNAMED_ARMED_GROUP_ACRONYMS
                and country_named(token.text) is None
                and taker_by_syntax(token)
            ):
                self.registry.add(token.i, token.i + 1, local_entity("ArmedGroup", token.text), LinkMethod.CONTEXT, 0.5)

    def add_acronyms(self) -> None:
        """ "the Rapid Support Forces (RSF)": the long form before the parentheses is one actor, whatever
        pieces NER made of it, and the acronym, wherever it stands, is the same actor."""
        known: dict[str, EntityRef] = {}
        registry = self.registry
        doc = registry.doc
        if "(" not in doc_text(doc):
            return
        words = doc_words(doc)
        for token in (doc[i] for i, word in enumerate(words) if word == "("):
            if (acronym := _acronym_after(doc, token.i)) is None or acronym in known:
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
                long_form = doc[start : token.i]
                if (
                    current.entity.is_place
                    and current.entity.iri is None
                    and {t.lower_ for t in long_form} & actor_words.ARMED_GROUP_NAME_WORDS
                ):  # "Islamic State West Africa Province (ISWAP)": a group, not a province
                    known[acronym] = registry.relabel(
                        start,
                        token.i,
                        local_entity(self.organization_kind(long_form), clean_name(long_form.text)),
                        LinkMethod.ACRONYM,
                        0.75,
                    )
                else:
                    known[acronym] = current.entity
                continue
            linked = [s for s in registry.spans if s.entity.iri is not None and s.start < token.i and start < s.end]
            if country_named(clean_name(doc[start : token.i].text)) is not None or any(
                not s.entity.is_place or (s.start <= start and s.end >= token.i) for s in linked
            ):
                continue  # a region pack's name or a known place stands (but "Syria" in "Islamic State of Iraq
                # and Syria" is a word of the name)
            label = doc[start : token.i].text
            kind = self.organization_kind(doc[start : token.i])
            known[acronym] = registry.relabel(
                start, token.i, local_entity(kind, label), LinkMethod.ACRONYM, 0.75, keep_links=False
            )
        for token in (doc[i] for i, word in enumerate(words) if word in known):
            entity = known[token.text]
            current = registry.by_token.get(token.i)
            if current is None:
                registry.add(token.i, token.i + 1, entity, LinkMethod.ACRONYM, 0.8)
            elif current.entity != entity and current.entity.iri is None and current.end - current.start == 1:
                registry.relabel(token.i, token.i + 1, entity, LinkMethod.ACRONYM, 0.8)

    def add_untagged_takers(self) -> None:
        """A name no model tagged that is the subject of a capture verb ("Boko Haram captured X"): an
        armed group, unless it is a place or a person's name."""
        doc, by_token = self.registry.doc, self.registry.by_token
        subjects = numpy.flatnonzero(
            (doc.to_array("DEP") == _NSUBJ) & (doc.to_array("POS") == _PROPN)
        )  # no Token per word
        for token in (doc[int(i)] for i in subjects):
            verb = token.head
            acronym = is_acronym(token.text)
            if token.lower_ in actor_words.UNNAMED_ARMED_GROUP_ACRONYMS:
                continue  # "NSAGs took control of X": no group's name (coreference reads it)
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

    def _name_opened_by(self, ent: Span) -> Span | None:
        """An organisation's name a "nationality" opens, the rest of it untagged capitalised words that end
        in what names organisations ("Islamic State", "Islamic Courts Union")."""
        doc = ent.doc
        end = ent.end
        while (
            end < len(doc)
            and end - ent.end < 3
            and doc[end].pos_ == "PROPN"
            and doc[end].is_title
            and not doc[end].ent_type_
            and end not in self.registry.by_token
        ):
            end += 1
        if end == ent.end or doc[end - 1].lower_ not in actor_words.ORGANIZATION_HEAD_WORDS | {"state", "courts"}:
            return None
        if country_of_demonym(ent.text) is not None:
            return None  # "Afghan National Army": a state's forces, named by the rules for nationalities
        return Span(doc, ent.start, end, label="ORG")

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
            if doc[i].lower_ in actor_words.ORGANIZATION_HEAD_WORDS:
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
        if words & actor_words.GOVERNMENT_NAME_WORDS:
            return "GovernmentBody"
        state = "MilitaryForce" if country == self.context.focus_country else "ForeignForce"
        if (
            words & _NUMBERED_UNITS
            and any(_ORDINAL.fullmatch(t.lower_) for t in ent)
            and not (words - _NUMBERED_UNITS) & actor_words.ARMED_GROUP_NAME_WORDS
            and not any(t.tag_ == "POS" for t in ent)
        ):
            return state if country is not None else "MilitaryForce"  # "2nd Battalion", "3rd Infantry Division"
        if lemmas & actor_words.FORCE_NOUNS and country is not None and words & actor_words.STATE_FORCE_NAME_WORDS:
            return state  # "the Sudanese Armed Forces", "Israel Defense Forces"
        if words & actor_words.ARMED_GROUP_NAME_WORDS or lemmas & actor_words.ARMED_GROUP_NOUNS:
            return "ArmedGroup"  # "Free Syrian Army", "Syrian Democratic Forces"
        if lemmas & actor_words.FORCE_NOUNS and words & _MULTINATIONAL_WORDS:
            return "ForeignForce"  # "Coalition Forces", "the Multinational Force": many states' troops, no group
        if lemmas & actor_words.FORCE_NOUNS:
            return state if country is not None else "ArmedGroup"  # "the Sri Lanka Army" / "the Wagner forces"
        if before & actor_words.ARMED_GROUP_NOUNS or (
            before & actor_words.GROUP_NOUNS and before & {"armed", "militant", "rebel", "jihadist"}
        ):
            return "ArmedGroup"
        if words & actor_words.INTERNATIONAL_NAME_WORDS:
            return "InternationalOrganization"
        if ent.root.dep_ == "nsubj" and takes_places(ent.root.head):
            return "ArmedGroup"  # "the KDF captured X": who takes towns is armed
        return "Organization"

    def norp(self, ent: Span) -> None:
        """ "Houthi rebels" is an armed group; "Ukrainian forces", "French and Malian troops" are states'
        forces (one per nationality); other nationalities are not actors by themselves."""
        doc = ent.doc
        if (name := self._name_opened_by(ent)) is not None:
            self.registry.add(
                name.start,
                name.end,
                local_entity(self.organization_kind(name), clean_name(name.text)),
                LinkMethod.NER,
                0.6,
            )
            return  # "the Islamic State", "Islamic" tagged a nationality and "State" nothing
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
        if lemma in actor_words.ARMED_GROUP_NOUNS or (lemma in actor_words.FORCE_NOUNS and country is None):
            # "Houthi rebels", "Libyan rebels", "Tigrayan forces": a non-state armed group
            label = self.registry.doc[ent.start : end].text if adjacent else f"{ent.text} {noun.text}"
            self.registry.add(
                ent.start,
                end,
                local_entity("ArmedGroup", label, country=country.code if country else None),
                LinkMethod.NER,
                0.6,
            )
        elif lemma in actor_words.FORCE_NOUNS and country is not None:
            self.registry.add(ent.start, end, self.forces_of(country.code), LinkMethod.DESCRIPTOR, 0.7)


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
        if is_acronym(text):
            return text
    return None


_NSUBJ, _PROPN = nsubj, PROPN
_NAME_GLUE = frozenset({"'s", "’s", "of", "and", "the", "-", "for", "al"})


def taker_by_syntax(token: Token) -> bool:
    """Is ``token`` what a place fell to or was taken by ("X fell to Y", "the town was captured by Y"), the
    subject a name or a place noun (not "the seat fell to Y", "the weapons were seized by Y")?"""
    if token.dep_ != "pobj":
        return False
    prep = token.head
    verb = prep.head
    lemma = lx.verb_lemma(verb)
    if prep.lower_ == "to":
        taking, subject_dep = lemma in lx.FALL_VERBS, "nsubj"
    else:
        taking = prep.dep_ == "agent" and (lemma in lx.CAPTURE_VERBS or (lemma == "take" and verb.tag_ == "VBN"))
        subject_dep = "nsubjpass"
    return taking and any(
        c.dep_ == subject_dep
        and (
            c.pos_ == "PROPN"
            or c.ent_type_ in ("GPE", "LOC", "FAC")
            or c.lemma_.lower() in place_words.PLACE_NOUN_KIND
            or place_words.facility_noun(c) is not None
        )
        for c in verb.children
    )


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


# Words that make a "group" an armed side: "a rival group", "the counter-government group X", "an
# anti-government group" (not "an opposition group" or "the government's group": parties and ministries too).
_SIDE_GROUP_WORDS = frozenset(
    {"rival", "armed", "militant", "rebel", "jihadist", "insurgent", "separatist", "paramilitary", "counter", "anti"}
)


def _a_sides_group_named(ent: Span) -> bool:
    """Is the name in apposition to a group noun that a side's word qualifies ("the counter-government group
    X", "a rival militia, X")? Not a person after a comma ("the leader of a rebel group, X")."""
    head = ent.root.head
    return (
        ent.root.dep_ == "appos"
        and head.lemma_.lower() in actor_words.GROUP_NOUNS | actor_words.ARMED_GROUP_NOUNS
        and any(t.lower_ in _SIDE_GROUP_WORDS for t in head.lefts)
        and not (ent.label_ == "PERSON" and ent.start > 0 and ent.doc[ent.start - 1].text == ",")
    )


def sided(ent: Span) -> bool:
    """Is the name a side's that the words before it place ("the pro-government X"), and not a modifier of a
    noun after it ("the pro-government X newspaper")?"""
    doc, start = ent.doc, ent.start
    return (
        start >= 1
        and side_prefix(doc[start - 1]) is not None
        and ent.root.dep_ not in ("compound", "amod", "nmod", "poss")
    )
