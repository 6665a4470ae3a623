"""Mentions of actors and places in a parsed article, linked to the gazetteer where possible, and
the coreference the event and claim rules need ("the city", "they", "the facility", "who")."""

from __future__ import annotations

import bisect
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span, Token

from kg.extract import lexicon as lx
from kg.extract.model import EntityRef, Mention
from kg.extract.nlp import ENTRY_HEADING
from kg.gazetteer import Entry, Gazetteer
from kg.gazetteer.countries import country_by_code, country_capital, country_named, country_of_demonym
from kg.gazetteer.world import PlaceContext, WorldGazetteer, WorldPlace
from kg.namespaces import slug
from kg.names import name_key

_LOCATING_WORDS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "km", "kilometres",
     "kilometers", "miles", "outskirts", "edge", "away"}
)
_ACTOR_KINDS_FOR_THEY = ("ArmedGroup", "MilitaryForce", "GovernmentBody", "Organization", "InternationalOrganization", "GroupOfPeople")


@dataclass(slots=True)
class _Span:
    start: int  # token index
    end: int  # token index, exclusive
    entity: EntityRef
    method: str
    confidence: float
    reason: str | None = None


def entity_from_entry(entry: Entry) -> EntityRef:
    return EntityRef(key=entry.iri, kind=entry.kind, label=entry.label, iri=entry.iri, located_in=entry.province, country=entry.country)


def local_entity(kind: str, label: str, **extra: str | None) -> EntityRef:
    """An entity the gazetteer does not know. Places share one key per name whatever kind the context
    suggested ("Kahmard" in a headline, "the Kahmard district centre" later)."""
    from kg.gazetteer import PLACE_KINDS

    family = "Place" if kind in PLACE_KINDS and kind not in lx.FACILITY_KINDS else kind
    return EntityRef(key=f"{family}:{slug(label)}", kind=kind, label=label, **extra)


class ArticleEntities:
    """Entity mentions of one parsed article and coreference lookups over them."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, world: WorldGazetteer | None = None) -> None:
        self.doc = doc
        self.text = doc.text  # ``Doc.text`` joins every token again on each access
        self.gazetteer = gazetteer
        self._sentences = list(doc.sents)
        self._sentence_starts = [s.start for s in self._sentences]
        self._spans: list[_Span] = []
        self._by_token: dict[int, _Span] = {}
        self._fuzzy_index = gazetteer.place_keys()
        self._persons: dict[str, EntityRef] = {}
        self._headings = {m.start(): m.span(1) for m in ENTRY_HEADING.finditer(self.text)}
        """Line start -> character span of the place heading a dated list entry on that line."""
        self.world = world
        self.countries = self._countries_named()
        self.focus_country: str | None = self.countries.most_common(1)[0][0] if self.countries else None
        """The country the article is about: the one it names most often."""
        self._place_context: PlaceContext | None = None
        self._link_named_entities()
        self._add_untagged_places()
        self._add_acronyms()
        self._add_facilities()
        self._add_descriptors()
        self._add_forces()

    # ---- building ------------------------------------------------------------------------------

    def add(self, start: int, end: int, entity: EntityRef, method: str, confidence: float, *, reason: str | None = None) -> EntityRef:
        """Register a mention over tokens ``[start, end)`` unless one already covers them."""
        if any(i in self._by_token for i in range(start, end)):
            return self._by_token[start].entity if start in self._by_token else entity
        span = _Span(start, end, entity, method, confidence, reason)
        self._spans.append(span)
        for i in range(start, end):
            self._by_token[i] = span
        return entity

    def relabel(self, start: int, end: int, entity: EntityRef, method: str, confidence: float) -> EntityRef:
        """Replace what the models made of tokens ``[start, end)`` (a place NER called a person)."""
        for span in [s for s in self._spans if s.start < end and start < s.end]:
            if span.entity.iri is not None:
                return span.entity  # gazetteer links stand
            self._spans.remove(span)
            for i in range(span.start, span.end):
                self._by_token.pop(i, None)
        return self.add(start, end, entity, method, confidence)

    def _link_named_entities(self) -> None:
        ents = _join_split_names([e for e in self.doc.ents if e.label_ in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")])
        # Persons first, so a surname elsewhere tagged ORG/GPE ("Dostum", "Ghani") resolves to the person.
        for ent in ents:
            if ent.label_ == "PERSON" and len(ent) <= 2 and country_of_demonym(ent.text) is not None:
                continue  # "Nigerien", "Sri Lankan" read as a name: a nationality
            if ent.label_ == "PERSON" and not ent.ent_id_ and not self._place_by_context(ent) and not self._group_by_context(ent):
                self._person(ent)
        for ent in ents:
            if ent.ent_id_ and ent.ent_id_ in self.gazetteer:
                self.add(ent.start, ent.end, entity_from_entry(self.gazetteer[ent.ent_id_]), "gazetteer", 0.95)
            elif ent.label_ == "PERSON" and len(ent) <= 2 and country_of_demonym(ent.text) is not None:
                self._norp(ent)
            elif ent.label_ == "PERSON":
                continue
            elif ent.label_ in ("GPE", "LOC") and _titled(ent):
                self._person(ent)  # "President Aden said"
            elif (person := self._known_person(ent.text)) is not None:
                self.add(ent.start, ent.end, person, "coreference", 0.8)
            elif (entry := self._exact(ent.text)) is not None:
                self.add(ent.start, ent.end, entity_from_entry(entry), "gazetteer", 0.9)
            elif ent.label_ == "NORP" and country_of_demonym(ent.text) is None and self._place_by_context(ent):
                continue
            elif ent.label_ == "NORP":
                self._norp(ent)
            elif ent.label_ == "ORG" and (self._place_by_context(ent) or self._group_by_context(ent)):
                continue
            elif ent.label_ in ("GPE", "LOC", "FAC"):
                self._link_place(ent)
            elif ent.label_ == "ORG" and (entry := self._descriptor_of_country(ent.text)) is not None:
                self.add(ent.start, ent.end, entity_from_entry(entry), "descriptor", 0.75)  # "the Defence Ministry"
            elif ent.label_ == "ORG":
                ent = Span(self.doc, self._name_start(ent), ent.end, label="ORG")
                label = _clean(ent.text).removeprefix("the ").removeprefix("The ")
                kind = self._organization_kind(ent)
                self.add(ent.start, ent.end, local_entity(kind, label, country=self._country_in(ent)), "ner", 0.6)

    # ---- the world beyond the region packs -------------------------------------------------------

    def _countries_named(self) -> Counter[str]:
        """ISO codes of the countries the article names, by name, demonym or a region-pack place."""
        counts: Counter[str] = Counter()
        for ent in self.doc.ents:
            country = None
            if ent.ent_id_ and ent.ent_id_ in self.gazetteer:
                code = self.gazetteer[ent.ent_id_].country
                if code and self.gazetteer[ent.ent_id_].is_place:
                    counts[code] += 1
                continue
            weight = 2  # a country named counts more than a nationality or a town
            if ent.label_ in ("GPE", "LOC"):
                country = country_named(_clean(ent.text))
                if country is None and self.world is not None and (found := self.world.resolve(_clean(ent.text), PlaceContext())):
                    country = country_by_code(found.place.country) if found.score >= 0.5 else None
                    weight = 1
            elif ent.label_ in ("NORP", "PERSON") and len(ent) == 1:
                country, weight = country_of_demonym(ent.text), 1
            elif ent.label_ == "ORG":
                country, weight = next((c for t in ent if t.is_title and (c := country_of_demonym(t.text))), None), 1
            if country is not None:
                counts[country.code] += weight
        return counts

    def _link_place(self, ent: Span) -> None:
        """A place name: a close region-pack spelling, else the world gazetteer's best candidate in
        context, else a looser pack spelling, else a place of the article's own."""
        last = ent[-1].lemma_.lower()
        if last in lx.FACILITY_NOUNS and len(ent) > 1:
            # "the Aden Airport": a facility, in the city its name begins with when the article names it
            label = _clean(ent.text.removeprefix("the ").removeprefix("The "))
            city = self.antecedent(ent[0], kinds=("City",), window=2)
            within = city.key if city is not None and name_key(label).startswith(name_key(city.label)) else None
            self.add(ent.start, ent.end, local_entity(lx.PLACE_NOUN_KIND.get(last, "Facility"), label, located_in=within), "ner", 0.7)
            return
        kind = self.place_kind_from_context(ent)
        match = self.fuzzy_place(ent)
        if match is not None and match[1] >= 0.9:
            self.add(ent.start, ent.end, entity_from_entry(match[0]), "fuzzy", round(0.6 + 0.3 * match[1], 2))
        elif self._world_place(ent, kind, strong=match is None):
            return
        elif match is not None:
            self.add(ent.start, ent.end, entity_from_entry(match[0]), "fuzzy", round(0.6 + 0.3 * match[1], 2))
        else:
            self.add(ent.start, ent.end, local_entity(kind or "Place", _clean(ent.text)), "ner", 0.7)

    def _world_place(self, ent: Span, kind: str | None, *, strong: bool) -> bool:
        """Link ``ent`` to the world gazetteer. A strong cue (NER said place, "the city of X") takes
        the best candidate; a weak one ("in X" around a name NER called a person) only one in a
        country the article names."""
        if self.world is None:
            return False
        hint = kind if kind in ("City", "Province", "Country") else ("City" if kind == "District" else None)
        found = self.world.resolve(_clean(ent.text), self.place_context, kind_hint=hint)
        if found is None:
            return False
        place = found.place
        if not strong and place.country not in self.countries:
            return False
        self.add(ent.start, ent.end, self.world_entity(place), "world", round(0.5 + 0.45 * found.score, 2), reason=found.reason)
        return True

    def world_entity(self, place: WorldPlace) -> EntityRef:
        """A world place as an entity: a region pack's own entry for it when the pack has one (one node
        per place, whichever gazetteer found it)."""
        for entry in self.gazetteer.lookup(place.label) or self._pack_by_key(place.label):
            if entry.is_place and entry.country == place.country and (entry.kind == place.kind or entry.kind in lx.CITY_LIKE and place.kind in lx.CITY_LIKE):
                return entity_from_entry(entry)
        return EntityRef(key=place.iri, kind=place.kind, label=place.label, iri=place.iri, country=place.country, world=place)

    def _pack_by_key(self, name: str) -> tuple[Entry, ...]:
        key = name_key(name)
        return tuple(entry for k, entry in self._fuzzy_index if k == key)

    def capital_of(self, place: EntityRef) -> EntityRef | None:
        """The capital of a province or a country, when a gazetteer knows it: a region pack's, else the
        world city that shares the province's name ("Kherson" in Kherson oblast), else the country's."""
        if place.iri is not None and place.iri in self.gazetteer:
            entry = self.gazetteer[place.iri]
            if entry.kind == "Province":
                capital = self.gazetteer.capital_of(place.iri)
                return entity_from_entry(capital) if capital is not None else None
        if place.kind == "Country":
            code = self._country_code(place)
            return self.national_capital(code) if code else None
        if place.world is None or self.world is None or place.kind != "Province":
            return None
        core = name_key(place.label).split(" ")
        for candidate in self.world.candidates(place.label) or self.world.candidates(" ".join(core[:1])):
            if candidate.kind == "City" and candidate.country == place.country and candidate.admin1_code == place.world.admin1_code:
                return self.world_entity(candidate)
        return None

    def national_capital(self, code: str) -> EntityRef | None:
        """The capital city of the country ``code`` (GeoNames)."""
        name = country_capital(code)
        if not name or self.world is None:
            return None
        cities = [p for p in self.world.candidates(name) if p.kind == "City" and p.country == code]
        return self.world_entity(max(cities, key=lambda p: p.population)) if cities else None

    def _place_by_context(self, ent: Span) -> bool:
        """A name the model took for a person or organisation that its context calls a place: "the
        Kahmard district centre", "the city of Goma", "Gao, the capital of ...", or "fighting in X" when a
        gazetteer place of that name lies in a country the article names. A name match alone never
        makes a person a place."""
        doc = ent.doc
        after = doc[ent.end] if ent.end < len(doc) else None
        kind = None
        if after is not None and after.lemma_.lower() in lx.PLACE_NOUN_KIND and after.pos_ in ("NOUN", "PROPN"):
            kind = lx.PLACE_NOUN_KIND[after.lemma_.lower()]
        strong = kind is not None or self._described_as_place(ent)
        if kind is None:
            kind = self.place_kind_from_context(ent)
            strong = strong or kind is not None
        weak = len(ent) <= 3 and ((ent.start > 0 and doc[ent.start - 1].lower_ in lx.LOCATIVE_CUES) or self._taken(ent.root))
        if not (strong or weak) or _titled(ent):
            return False
        if after is not None and after.lemma_.lower() in ("district", "province", "city", "town", "village", "valley"):
            match = self.fuzzy_place(ent)
            if match is not None:
                self.add(ent.start, ent.end, entity_from_entry(match[0]), "fuzzy", round(0.6 + 0.3 * match[1], 2))
                return True
        if self._world_place(ent, kind, strong=strong):
            return True
        root = ent.root
        verb = root.head.head if root.dep_ == "conj" else root.head
        if not strong and self._taken(root) and _verb_lemma(verb) in lx.PLACE_ONLY_CAPTURE_VERBS:
            self.add(ent.start, ent.end, local_entity("Place", _clean(ent.text)), "context", 0.6)  # "retook A and B"
            return True
        if strong and (match := self.fuzzy_place(ent)) is not None:  # "the sixth provincial capital, Albak"
            self.add(ent.start, ent.end, entity_from_entry(match[0]), "fuzzy", round(0.6 + 0.3 * match[1], 2))
            return True
        if strong:  # "the town of X", "X district", "X, a village in ...": a place no gazetteer knows
            self.add(ent.start, ent.end, local_entity(kind or "Place", _clean(ent.text)), "context", 0.65)
            return True
        return False

    def _taken(self, token: Token) -> bool:
        """Is ``token`` the object of a capture verb, or listed with a place ("retook X", "A and X")?"""
        head = token.head
        if token.dep_ in ("dobj", "nsubjpass") and _verb_lemma(head) in lx.CAPTURE_VERBS:
            return True
        if token.dep_ == "conj" and ((entity := self.entity_at(head)) is not None and entity.is_place or head.ent_type_ in ("GPE", "LOC")):
            return True  # "Dessie and X"
        if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in lx.CAPTURE_NOUNS | {"control"}:
            return True  # "the fall of X", "regained control of X"
        if token.dep_ == "nsubj" and head.lemma_.lower() in lx.FALL_VERBS:
            return True  # "X fell to the rebels"
        if token.dep_ == "pobj" and head.lower_ in ("from", "of") and any(a.lemma_.lower() in lx.DISLODGE_VERBS for a in list(token.ancestors)[1:4]):
            return True  # "drove the militants out of X"
        return token.dep_ == "conj" and head.dep_ in ("dobj", "nsubjpass") and _verb_lemma(head.head) in lx.CAPTURE_VERBS

    def _add_untagged_places(self) -> None:
        """Names no model tagged that a place cue and the world gazetteer agree on: "the cities of A
        and X", "retook X", "fighting in X" (a candidate in a country the article names)."""
        doc = self.doc
        i = 0
        while i < len(doc):
            token = doc[i]
            if token.pos_ != "PROPN" or i in self._by_token or not token.is_title or token.ent_type_ in ("PERSON", "DATE", "TIME"):
                i += 1
                continue
            end = i + 1
            while end < len(doc) and end not in self._by_token and end - i < 4 and (
                (doc[end].pos_ == "PROPN" and doc[end].is_title)
                or (doc[end].lower_ in lx.NAME_CONNECTORS and end + 1 < len(doc) and doc[end + 1].is_title and doc[end + 1].pos_ == "PROPN")
            ):
                end += 1
            span = doc[i:end]
            if not (end < len(doc) and doc[end].text == "("):
                self._place_by_context(span)
            i = end

    def _described_as_place(self, ent: Span) -> bool:
        """"X, the capital of Y", "X, a town in Y": an apposition after the name that is a place noun."""
        doc = ent.doc
        i = ent.end
        if i >= len(doc) or doc[i].text != ",":
            return False
        for token in doc[i + 1 : min(len(doc), i + 5)]:
            if token.lemma_.lower() in lx.PLACE_NOUN_KIND and token.pos_ == "NOUN":
                return True
            if token.pos_ not in ("DET", "ADJ", "ADV", "NUM") and not token.lower_.endswith(("ern", "est")):
                return False
        return False

    def _group_by_context(self, ent: Span) -> bool:
        """"the militant group X", "X rebels", "X (ABC)" after a group noun: an armed group, whatever
        NER called the name."""
        doc = ent.doc
        before = [t for t in doc[max(0, ent.start - 3) : ent.start]]
        after = doc[ent.end] if ent.end < len(doc) else None
        cue = any(t.lemma_.lower() in lx.GROUP_NOUNS | lx.ARMED_GROUP_NOUNS for t in before[-2:]) and any(
            t.lemma_.lower() in lx.ARMED_GROUP_NOUNS or t.lower_ in ("armed", "militant", "rebel", "jihadist") for t in before
        )
        cue = cue or (after is not None and after.lemma_.lower() in lx.ARMED_GROUP_NOUNS and after.pos_ == "NOUN")
        # "Tigrayan forces": forces named after no state
        cue = cue or (after is not None and after.lemma_.lower() in ("force", "forces") and len(ent) == 1 and country_of_demonym(ent.text) is None
                      and ent.label_ in ("ORG", "NORP"))
        # "the Houthis": a people or movement in the plural, not a person
        cue = cue or (ent.label_ == "PERSON" and len(ent) == 1 and ent.start > 0 and doc[ent.start - 1].lower_ == "the"
                      and ent.text.endswith("s") and ent[0].tag_ in ("NNPS", "NNP"))
        if cue and not (ent.label_ == "PERSON" and _titled(ent)):
            start = self._name_start(ent)
            self.add(start, ent.end, local_entity("ArmedGroup", _clean(doc[start : ent.end].text)), "context", 0.65)
            return True
        if ent.label_ == "PERSON" and _acronym_after(doc, ent.end) is not None:
            # "Hayat Tahrir al-Sham (HTS)": people are not known by acronyms
            self.add(ent.start, ent.end, local_entity(self._organization_kind(ent), _clean(ent.text)), "context", 0.6)
            return True
        return False

    def _add_acronyms(self) -> None:
        """"the Rapid Support Forces (RSF)": the long form before the parentheses is one actor, whatever
        pieces NER made of it, and the acronym, wherever it stands, is the same actor."""
        known: dict[str, EntityRef] = {}
        doc = self.doc
        for token in doc:
            if token.text != "(" or (acronym := _acronym_after(doc, token.i)) is None or acronym in known:
                continue
            start = _long_form_start(doc, token.i, acronym)
            current = self._by_token.get(token.i - 1)
            if start is None:
                if current is not None and not current.entity.is_place and current.entity.kind not in ("Person", "GroupOfPeople"):
                    known[acronym] = current.entity
                continue
            if current is not None and current.start == start and current.end == token.i:
                known[acronym] = current.entity
                continue
            if any(s.entity.iri is not None for s in self._spans if s.start < token.i and start < s.end):
                continue  # a region pack's name stands
            label = doc[start : token.i].text
            kind = self._organization_kind(doc[start : token.i])
            known[acronym] = self.relabel(start, token.i, local_entity(kind, label), "acronym", 0.75)
        for token in doc:
            entity = known.get(token.text)
            if entity is None:
                continue
            current = self._by_token.get(token.i)
            if current is None:
                self.add(token.i, token.i + 1, entity, "acronym", 0.8)
            elif current.entity != entity and current.entity.iri is None and current.end - current.start == 1:
                self.relabel(token.i, token.i + 1, entity, "acronym", 0.8)

    def _add_forces(self) -> None:
        """State forces named by a common noun: "Syria's army", "government troops", "security forces"
        are the forces of the country the article is about (or the one named), never another's; and
        "the rebels" is the armed group the article names most, when it names one."""
        group = self.dominant_armed_group()
        for token in self.doc:
            lemma = token.lemma_.lower()
            if token.i in self._by_token or token.pos_ != "NOUN":
                continue
            modifiers = [c for c in token.lefts if c.dep_ in ("amod", "compound", "poss", "nmod")]
            start = min([token.i, *(m.left_edge.i for m in modifiers)])
            if any(i in self._by_token for i in range(start, token.i)):
                owner = next((self._by_token[m.i].entity for m in modifiers if m.i in self._by_token), None)
                code = self._country_code(owner) if owner is not None else None
                if lemma in lx.FORCE_NOUNS and code is not None and token.i - 1 in self._by_token:
                    self.add(token.i, token.i + 1, self.forces_of(code), "descriptor", 0.7)  # "Syria's army"
                continue
            words = {m.lower_ for m in modifiers}
            if lemma in lx.FORCE_NOUNS and lemma not in ("unit", "division", "personnel", "brigade", "battalion"):
                definite = any(c.dep_ == "det" and c.lower_ in ("the", "its") for c in token.lefts)
                state = words & lx.STATE_FORCE_CUES or (lemma in ("army", "military", "police") and definite)
                if state and self.focus_country is not None:
                    self.add(start, token.i + 1, self.forces_of(self.focus_country), "descriptor", 0.65)
            elif lemma in lx.ARMED_GROUP_NOUNS and (name := self._group_name(token)) is not None:
                # "Islamic State militants": the name before the noun is the group's
                self.add(name[0], name[1], local_entity("ArmedGroup", self.doc[name[0] : name[1]].text), "context", 0.6)
            elif lemma in lx.ARMED_GROUP_NOUNS and group is not None and group.iri is None and not words - {"the", "armed", "rebel", "islamist", "jihadist"}:
                self.add(start, token.i + 1, group, "descriptor", 0.6)

    def _name_start(self, ent: Span) -> int:
        """Where a name NER cut short begins: "Islamic" before an organisation "State" (a capitalised
        word no one claimed that is not a nationality)."""
        start = ent.start
        while start > 0 and start - 1 not in self._by_token and self.doc[start - 1].is_title and start > self.sentence(ent[0]).start:
            word = self.doc[start - 1]
            if word.pos_ not in ("PROPN", "ADJ") or country_of_demonym(word.text) is not None or word.ent_type_ in ("DATE", "GPE", "PERSON"):
                break
            start -= 1
        return start

    def _group_name(self, noun: Token) -> tuple[int, int] | None:
        """Token span of a proper name right before a group noun ("Islamic State militants"), if it is
        no nationality."""
        end = noun.i
        start = end
        while start > 0 and self.doc[start - 1].pos_ == "PROPN" and self.doc[start - 1].is_title and start - 1 not in self._by_token:
            start -= 1
        if start == end or end - start > 4:
            return None
        if end - start == 1 and country_of_demonym(self.doc[start].text) is not None:
            return None
        return start, end

    def _country_code(self, entity: EntityRef) -> str | None:
        if entity.kind != "Country":
            return None
        if entity.country is not None:
            return entity.country
        country = country_named(entity.label)
        return country.code if country is not None else None

    def _descriptor_of_country(self, text: str) -> Entry | None:
        """The region-pack actor of the article's country that ``text`` describes ("Defence Ministry")."""
        if self.focus_country is None:
            return None
        key = _clean(text).removeprefix("the ").removeprefix("The ").casefold()
        for entry in self.gazetteer:
            if entry.is_actor and entry.country == self.focus_country and key in (d.casefold() for d in entry.descriptors):
                return entry
        return None

    def _organization_kind(self, ent: Span) -> str:
        """The class an organisation's name and context give it: "X Liberation Front" is an armed group,
        "the Ministry of Y" a government body, "the Sudanese Armed Forces" a state's forces."""
        words = {t.lower_ for t in ent}
        lemmas = {t.lemma_.lower() for t in ent} | {w.removesuffix("s") for w in words}  # "Forces" as a name
        before = {t.lemma_.lower() for t in ent.doc[max(0, ent.start - 3) : ent.start]}
        country = self._country_in(ent)
        if words & lx.GOVERNMENT_NAME_WORDS:
            return "GovernmentBody"
        if lemmas & lx.FORCE_NOUNS and (country is not None and words & lx.STATE_FORCE_NAME_WORDS):
            return "MilitaryForce" if country == self.focus_country else "ForeignForce"
        if words & lx.ARMED_GROUP_NAME_WORDS or lemmas & lx.ARMED_GROUP_NOUNS or lemmas & lx.FORCE_NOUNS:
            return "ArmedGroup"
        if before & lx.ARMED_GROUP_NOUNS or (before & lx.GROUP_NOUNS and before & {"armed", "militant", "rebel", "jihadist"}):
            return "ArmedGroup"
        if words & lx.INTERNATIONAL_NAME_WORDS:
            return "InternationalOrganization"
        return "Organization"

    def _country_in(self, ent: Span) -> str | None:
        """The country a name's own words name: "Sudanese Armed Forces" -> SD."""
        for token in ent:
            country = country_of_demonym(token.text) if token.is_title else None
            if country is not None:
                return country.code
        return None

    def _norp(self, ent: Span) -> None:
        """"Houthi rebels" is an armed group; "Ukrainian forces", "French and Malian troops" are states'
        forces (one per nationality); other nationalities are not actors by themselves."""
        doc = ent.doc
        head = ent.root.head if ent.root.dep_ in ("amod", "compound", "nmod", "conj") else None
        while head is not None and head.dep_ == "conj" and head.head.i > head.i and doc[head.i].ent_type_ == "NORP":
            head = head.head
        if head is not None and ent.root.dep_ == "conj" and head.ent_type_ == "NORP":
            head = head.head  # "French and Malian troops": French <- conj - Malian? the noun governs both
        noun = head if head is not None and head.i > ent.root.i else (doc[ent.end] if ent.end < len(doc) else None)
        if noun is None or noun.pos_ != "NOUN" or noun.i in self._by_token:
            if (match := self.fuzzy_place(ent)) is not None:
                entry, score = match
                self.add(ent.start, ent.end, entity_from_entry(entry), "fuzzy", round(0.6 + 0.3 * score, 2))
            return
        lemma = noun.lemma_.lower()
        country = country_of_demonym(ent.text)
        adjacent = noun.i == ent.end
        end = noun.i + 1 if adjacent else ent.end
        if lemma in lx.ARMED_GROUP_NOUNS or (lemma in lx.FORCE_NOUNS and country is None):
            # "Houthi rebels", "Libyan rebels", "Tigrayan forces": a non-state armed group
            label = self.doc[ent.start : end].text if adjacent else f"{ent.text} {noun.text}"
            self.add(ent.start, end, local_entity("ArmedGroup", label, country=country.code if country else None), "ner", 0.6)
        elif lemma in lx.FORCE_NOUNS and country is not None:
            self.add(ent.start, end, self.forces_of(country.code), "descriptor", 0.7)

    def forces_of(self, code: str) -> EntityRef:
        """The armed forces of the state ``code``: a region pack's actor when it has one, else a local
        actor, foreign unless the article is about that country."""
        for entry in self.gazetteer:
            if entry.kind == "MilitaryForce" and entry.country == code and entry.descriptors:
                return entity_from_entry(entry)
        name = country_by_code(code).name if country_by_code(code) else code
        kind = "MilitaryForce" if code == self.focus_country else "ForeignForce"
        return local_entity(kind, f"{name} armed forces", country=code)

    @property
    def place_context(self) -> PlaceContext:
        """Where the article is: the countries and provinces it names (by name or demonym), its dateline."""
        if self._place_context is None:
            assert self.world is not None
            names = [_clean(e.text) for e in self.doc.ents if e.label_ in ("GPE", "LOC")]
            dateline = next((_clean(e.text) for e in self.doc.ents if e.label_ == "GPE" and _is_dateline(e)), None)
            context = self.world.context_from_names(names, dateline=dateline)
            for code, count in self.countries.items():
                context.countries[code] = max(context.countries[code], count)
            self._place_context = context
        return self._place_context

    def _person(self, ent: Span) -> None:
        tokens = [t for t in ent if t.is_alpha or "-" in t.text]
        if not tokens:
            return
        name = _clean(ent.text).removesuffix("‘s")
        person = self._known_person(name) or local_entity("Person", name)
        if len(tokens) > 1:
            # A full name: later (and earlier) single-name mentions of the same surname refer to it.
            self._persons.setdefault(name_key(tokens[-1].text), person)
            self._persons[name_key(name)] = person
        self.add(ent.start, ent.end, person, "ner", 0.8)

    def _known_person(self, text: str) -> EntityRef | None:
        key = name_key(text.removesuffix("'s").removesuffix("’s"))
        return self._persons.get(key)

    def _exact(self, text: str) -> Entry | None:
        key = name_key(text)
        for k, entry in self._fuzzy_index:
            if k == key:
                return entry
        return None

    def fuzzy_place(self, ent: Span) -> tuple[Entry, float] | None:
        """The gazetteer place a misspelt name most likely is ("Albak" -> Aibak), if close enough:
        similarity >= 0.8 when the context says it is a place, >= 0.88 otherwise."""
        key = name_key(ent.text)
        if len(key) < 4:
            return None
        context = self.place_kind_from_context(ent)
        threshold = 0.8 if (context or ent.label_ in ("GPE", "LOC")) else 0.88
        best: tuple[float, Entry] | None = None
        for candidate, entry in self._fuzzy_index:
            if candidate[:1] != key[:1]:
                continue
            if context and context in lx.CITY_LIKE and entry.kind not in lx.CITY_LIKE:
                continue
            score = Levenshtein.normalized_similarity(key, candidate)
            if score >= threshold and (best is None or score > best[0]):
                best = (score, entry)
        return (best[1], best[0]) if best else None

    @staticmethod
    def place_kind_from_context(span: Span) -> str | None:
        """The place kind a name's syntactic context implies: "the district of Panjwai" -> District,
        "a ninth provincial capital, Faizabad" -> City, "Panjwai district" -> District."""
        root = span.root
        after = span.doc[span.end] if span.end < len(span.doc) else None
        if after is not None and after.lemma_.lower() in lx.PLACE_NOUN_KIND and after.pos_ == "NOUN":
            return lx.PLACE_NOUN_KIND[after.lemma_.lower()]
        head = root.head
        if root.dep_ == "appos" and head.lemma_.lower() in lx.PLACE_NOUN_KIND:
            return lx.PLACE_NOUN_KIND[head.lemma_.lower()]
        if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in lx.PLACE_NOUN_KIND:
            return lx.PLACE_NOUN_KIND[head.head.lemma_.lower()]
        return None

    def _add_facilities(self) -> None:
        """Facilities named by a place and a facility noun ("Badghis provincial prison", "Kunduz
        airport", "the city's prison", "the air base in Kandahar"), by a name of their own
        ("Pul-e-Charkhi prison"), or definite and in a city just named ("took the city: ... and the
        prison"). Gazetteer facilities are kept; "the facility" after one is coreference, not new."""
        for token in self.doc:
            lemma = token.lemma_.lower()
            if lemma not in lx.FACILITY_NOUNS or token.pos_ not in ("NOUN", "PROPN") or token.i in self._by_token:
                continue
            first = min([token.i, *[c.left_edge.i for c in token.lefts if c.dep_ in ("compound", "amod", "poss", "nmod")]])
            covered = [i for i in range(first, token.i) if i in self._by_token]
            named = [self._by_token[i] for i in covered if self._by_token[i].entity.iri is None and not self._by_token[i].entity.is_place]
            if named and named[0].start >= first and all(s.end <= token.i for s in named):
                # "Pul-e-Charkhi prison" with the name read as an organisation: the facility's own name
                name_start = min(s.start for s in named)
                label = self.doc[name_start : token.i + 1].text
                city = self.antecedent(token, kinds=("City",), window=2)
                kind = "Prison" if token.lemma_.lower() in ("prison", "jail") else lx.PLACE_NOUN_KIND.get(lemma, "Facility")
                self.relabel(name_start, token.i + 1, local_entity(kind, label, located_in=city.key if city else None), "facility", 0.7)
                continue
            if covered:
                first = max(first, max(covered) + 1)  # the place's own mention stays: "[Badghis] [provincial prison]"
            modifiers = self.doc[first : token.i]
            words = [
                t.text
                for t in self.doc[first : token.i + 1]
                if t.i not in self._by_token
                and (t.i == token.i or t.dep_ in ("compound", "nmod", "nummod") or t.lower_ in lx.FACILITY_NAME_ADJECTIVES)
                and t.lower_ not in ("city", "town")
            ]
            kind = lx.PLACE_NOUN_KIND.get(lemma, "Facility")
            if any(t.lemma_.lower() in lx.PRISON_MODIFIERS for t in modifiers):
                kind = "Prison"  # "Parwan detention facility"
            place = self._facility_anchor(token)
            if place is None and any(t.pos_ == "PROPN" and t.dep_ in ("compound", "nmod") for t in modifiers):
                label = " ".join(words)  # a name of its own: "Pul-e-Charkhi prison"
                city = self.antecedent(token, kinds=("City",), window=2)
                self.add(first, token.i + 1, local_entity(kind, label, located_in=city.key if city else None), "facility", 0.7)
                continue
            if place is None and (unit := self._unit_name(token)) is not None:
                # "the headquarters of the army's 217th Pamir Corps"
                city = self.antecedent(token, kinds=("City",), window=2)
                self.add(first, token.i + 1, local_entity(kind, f"{unit} {token.text}", located_in=city.key if city else None), "facility", 0.65)
                continue
            same_kind = lx.FACILITY_KINDS if lemma in ("facility", "compound") else (kind,)
            if place is None and self._definite(token) and self.antecedent(token, kinds=same_kind, window=3) is None:
                # "took control of the airport in Kunduz" (the parser hung "in Kunduz" on the verb), else
                # the city of the sentence or the one before
                place = self._clause_place(token) or self.antecedent(token, kinds=("City",), window=2)
            if place is None:
                continue
            facility = local_entity(kind, " ".join([place.label, *words]), located_in=place.key)
            self.add(first, token.i + 1, facility, "facility", 0.75)

    def _clause_place(self, noun: Token) -> EntityRef | None:
        """The city a locative of ``noun``'s clause names ("took control of the airport in X")."""
        for ancestor in noun.ancestors:
            for child in ancestor.children:
                if child.dep_ == "prep" and child.lower_ in ("in", "at", "near", "outside", "of") and child.i > noun.i:
                    for pobj in child.children:
                        entity = self.entity_at(pobj) if pobj.dep_ == "pobj" else None
                        if entity is not None and entity.kind in ("City", "District"):
                            return entity
            if ancestor.pos_ in ("VERB", "AUX"):
                return None
        return None

    def _unit_name(self, noun: Token) -> str | None:
        """The named unit or body a facility belongs to: "headquarters of the army's 217th Pamir Corps"."""
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                known = self.entity_at(pobj) if pobj is not None else None
                if known is not None and known.kind == "Organization" and known.iri is None:
                    return known.label
                if pobj is not None and pobj.pos_ == "PROPN" and known is None:
                    words = [t for t in pobj.subtree if t.dep_ in ("compound", "nummod", "amod") or t.i == pobj.i]
                    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))
        return None

    @staticmethod
    def _definite(noun: Token) -> bool:
        return any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in noun.lefts)

    def _facility_anchor(self, noun: Token) -> EntityRef | None:
        for child in noun.lefts:
            if child.dep_ in ("compound", "nmod", "poss", "amod"):
                entity = self.entity_at(child)
                if entity is None and child.dep_ == "poss" and child.lemma_.lower() in ("city", "town", "province"):
                    entity = self.antecedent(child, kinds=("City",) if child.lemma_.lower() != "province" else ("Province",))
                if entity is not None and entity.is_place:
                    return entity
        for child in noun.rights:
            if child.dep_ == "prep" and child.lower_ in ("in", "of", "near", "outside"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and (entity := self.entity_at(pobj)) is not None and entity.is_place:
                        return entity
        return None

    def _add_descriptors(self) -> None:
        """Common nouns that mean a known actor in context ("the insurgents" = the Taliban), only when
        the article also names that actor or is about its country."""
        named = {s.entity.key for s in self._spans}
        descriptors: dict[str, Entry] = {}
        for entry in self.gazetteer:
            # a pack actor's descriptors ("government forces") mean it only where the article names it
            # or is about its country
            if entry.is_actor and (entry.iri in named or (entry.country is not None and entry.country == self.focus_country)):
                for descriptor in entry.descriptors:
                    descriptors.setdefault(descriptor.lower(), entry)
        if not descriptors:
            return
        longest = max(len(d.split()) for d in descriptors)
        heads = {d.split()[-1] for d in descriptors}
        for token in self.doc:
            if token.i in self._by_token or token.pos_ not in ("NOUN", "PROPN"):
                continue
            if token.lower_ not in heads and token.lemma_.lower() not in heads:
                continue
            for size in range(longest, 0, -1):
                start = token.i - size + 1
                if start < 0:
                    continue
                words = self.doc[start : token.i + 1]
                phrase = " ".join(t.lower_ for t in words)
                lemma_phrase = " ".join([*(t.lower_ for t in words[:-1]), token.lemma_.lower()])
                entry = descriptors.get(phrase) or descriptors.get(lemma_phrase)
                if entry is not None and not any(t.i in self._by_token for t in words):
                    self.add(start, token.i + 1, entity_from_entry(entry), "descriptor", 0.7)
                    break

    # ---- lookups ---------------------------------------------------------------------------------

    def sentence(self, token: Token) -> Span:
        """The sentence of ``token`` (``Token.sent`` recomputes every sentence of the document)."""
        return self._sentences[bisect.bisect_right(self._sentence_starts, token.i) - 1]

    def entity_at(self, token: Token) -> EntityRef | None:
        span = self._by_token.get(token.i)
        return span.entity if span else None

    def span_at(self, token: Token) -> tuple[int, int] | None:
        span = self._by_token.get(token.i)
        return (span.start, span.end) if span else None

    def mentions_in(self, start: int, end: int) -> list[EntityRef]:
        seen: list[EntityRef] = []
        for span in sorted(self._spans, key=lambda s: s.start):
            if start <= span.start and span.end <= end and span.entity not in seen:
                seen.append(span.entity)
        return seen

    def antecedent(self, token: Token, *, kinds: tuple[str, ...], window: int = 3) -> EntityRef | None:
        """The most recent mention before ``token`` whose kind is one of ``kinds``, within ``window``
        sentences (the current one included)."""
        starts = self._sentence_starts
        current = bisect.bisect_right(starts, token.i) - 1
        floor = starts[max(0, current - window + 1)] if window else 0
        best: _Span | None = None
        for span in self._spans:
            if floor <= span.start and span.end <= token.i and span.entity.kind in kinds and self._salient(span):
                if best is None or span.start > best.start:
                    best = span
        return best.entity if best else None

    def _salient(self, span: _Span) -> bool:
        """Can this mention be what "the city" refers to? Not a place named only to locate another
        ("150 km southwest of Kabul", "north of Kabul") nor a dateline ("KABUL, Aug 12 (Reuters) -")."""
        root = self.doc[span.start : span.end].root
        if root.dep_ == "pobj" and root.head.lower_ in ("of", "from") and root.head.head.lower_ in _LOCATING_WORDS:
            return False
        sentence = self.sentence(root)
        return sum(t.is_alpha for t in sentence) >= 4 or self._in_heading(root.idx)

    def _in_heading(self, char: int) -> bool:
        return any(start <= char < end for start, end in self._headings.values())

    def entry_heading(self, sentence: Span) -> EntityRef | None:
        """The place that heads the dated list entry ``sentence`` is part of ("August 6 – Zaranj: The
        insurgents seize control of the city ..."): what "the city" and the entry's events are about."""
        line = self.text.rfind("\n", 0, sentence.start_char) + 1
        span = self._headings.get(line)
        if span is None:
            return None
        tokens = self.doc.char_span(span[0], span[1], alignment_mode="expand")
        if tokens is None:
            return None
        places = [e for t in tokens if (e := self.entity_at(t)) is not None and e.is_place]
        return places[0] if len(set(places)) == 1 else None

    def resolve(self, token: Token) -> EntityRef | None:
        """What a noun phrase head refers to: a mention, or by coreference a pronoun ("they", "it",
        "he", "who") or a definite description ("the city", "the facility", "this town")."""
        if (entity := self.entity_at(token)) is not None:
            return entity
        lower, lemma = token.lower_, token.lemma_.lower()
        if lower in lx.RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            return self.resolve(token.head.head)
        if lower in lx.PLURAL_PRONOUNS:
            return self.antecedent(token, kinds=_ACTOR_KINDS_FOR_THEY, window=2)
        if lower in lx.PERSON_PRONOUNS:
            return self.antecedent(token, kinds=("Person",), window=3)
        if lower in lx.THING_PRONOUNS:
            return self.antecedent(token, kinds=("City", "District", "Province", "Place", *lx.FACILITY_KINDS), window=2)
        if lemma in lx.ARMED_GROUP_NOUNS or lemma in lx.FORCE_NOUNS or lemma in lx.GROUP_NOUNS:
            # "fighters from the group", "M23 rebels", "troops of the Xian army": the actor they belong to
            members = [c for c in token.children if c.dep_ in ("compound", "nmod", "poss", "amod")]
            members += [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "from", "with", "loyal") for g in c.children if g.dep_ == "pobj"]
            for member in members:
                entity = self.entity_at(member)
                if entity is not None and not entity.is_place and entity.kind not in ("Person", "GroupOfPeople"):
                    return entity
        determiners = {c.lower_ for c in token.lefts if c.dep_ in ("det", "poss")}
        if token.pos_ == "NOUN" and lemma in ("city", "town", "capital") and (described := self._described_city(token)) is not None:
            return described
        if token.pos_ == "NOUN" and determiners & {"the", "this", "that"} and lemma in lx.PLACE_NOUN_KIND and token.tag_ != "NNS":
            kind = lx.PLACE_NOUN_KIND[lemma]
            if kind == "City" and lemma == "capital" and not any(c.lower_ in lx.SUBNATIONAL for c in token.lefts):
                return None
            kinds = lx.FACILITY_KINDS if lemma in ("facility", "compound") else (kind,)
            return self.antecedent(token, kinds=kinds, window=5) or (self.focal(kind) if kind == "City" else None)
        return None

    def _described_city(self, token: Token) -> EntityRef | None:
        """A city described by its country: "the Afghan capital", "the capital" (of the country the
        article is about), "Syria's capital", "the country's third-largest city"."""
        lefts = list(token.lefts)
        words = {c.lower_ for c in lefts}
        if words & lx.SUBNATIONAL:
            return None  # "the provincial capital": an antecedent, not the nation's
        code = None
        for child in lefts:
            if child.dep_ == "poss" and child.lemma_.lower() in ("country", "nation"):
                code = self.focus_country
            elif child.dep_ == "poss" and (entity := self.entity_at(child)) is not None and entity.kind == "Country":
                code = self._country_code(entity)
            elif child.dep_ in ("amod", "compound") and child.is_title and (country := country_of_demonym(child.text)) is not None:
                code = country.code
        superlative = {t.lower_ for c in lefts for t in c.subtree} & {"largest", "biggest"}
        if token.lemma_.lower() == "capital" and not superlative:
            if token.tag_ == "NNS" or any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
                return None  # "the capitals of the provinces", "the capital of X": not the nation's
            definite = "the" in words or code is not None
            return self.national_capital(code or self.focus_country or "") if definite else None
        if not superlative or code is None or self.world is None:
            return None
        rank = next((lx.ORDINALS[w] for c in lefts for t in c.subtree for w in t.lower_.split("-") if w in lx.ORDINALS), 1)
        cities = _largest_cities(self.world, code)
        return self.world_entity(cities[rank - 1]) if len(cities) >= rank else None

    def focal(self, kind: str) -> EntityRef | None:
        """The place of ``kind`` the article is about: named at least three times and half as often again
        as any other (what "the city" means when no city was named just before)."""
        counts: dict[str, tuple[int, EntityRef]] = {}
        for span in self._spans:
            if span.entity.kind == kind:
                n, _ = counts.get(span.entity.key, (0, span.entity))
                counts[span.entity.key] = (n + 1, span.entity)
        ranked = sorted(counts.values(), key=lambda c: -c[0])
        if not ranked or ranked[0][0] < 3 or (len(ranked) > 1 and 2 * ranked[0][0] < 3 * ranked[1][0]):
            return None
        return ranked[0][1]

    def dominant_armed_group(self) -> EntityRef | None:
        """The armed group the article names most often (the default captor)."""
        counts: dict[str, tuple[int, EntityRef]] = {}
        for span in self._spans:
            if span.entity.kind == "ArmedGroup":
                n, _ = counts.get(span.entity.key, (0, span.entity))
                counts[span.entity.key] = (n + 1, span.entity)
        if not counts:
            return None
        return max(counts.values(), key=lambda c: c[0])[1]

    def mentions(self, sentence_index: dict[int, int]) -> list[Mention]:
        """All mentions as character spans; ``sentence_index`` maps a token index to its sentence."""
        out = []
        for span in sorted(self._spans, key=lambda s: s.start):
            first, last = self.doc[span.start], self.doc[span.end - 1]
            start, end = first.idx, last.idx + len(last.text)
            out.append(
                Mention(
                    start=start,
                    end=end,
                    text=self.text[start:end],
                    entity=span.entity,
                    sentence=sentence_index[span.start],
                    method=span.method,
                    confidence=span.confidence,
                    reason=span.reason,
                )
            )
        return out


def _join_split_names(ents: list[Span]) -> list[Span]:
    """"Mohammad Yosouf" (PERSON) + "Farahmand" (GPE): a person's last name the model tagged as
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


@lru_cache(maxsize=64)
def _largest_cities(world: WorldGazetteer, code: str) -> tuple[WorldPlace, ...]:
    """The cities of a country, most populous first."""
    return tuple(sorted((p for p in world.places if p.kind == "City" and p.country == code), key=lambda p: -p.population))


def _is_dateline(ent: Span) -> bool:
    """"GOMA, Congo —", "KABUL (Reuters) -": a place that opens a line of the story and is followed by a
    comma, a dash or a parenthesis."""
    doc = ent.doc
    opens_line = ent.start == 0 or "\n" in doc[ent.start - 1].text or "\n" in doc[ent.start - 1].whitespace_
    after = doc[ent.end].text if ent.end < len(doc) else ""
    return opens_line and after in (",", "—", "–", "-", "(") and ent.start_char < 2000


def _verb_lemma(token: Token) -> str:
    return lx.CAPTURE_VERB_FORMS.get(token.lower_, token.lemma_.lower())


def _acronym_after(doc: Doc, end: int) -> str | None:
    """"(RSF)" right after a name: the acronym, if the parentheses hold one."""
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        text = doc[end + 1].text
        if 2 <= len(text) <= 8 and text[0].isupper() and text.isalnum() and sum(c.isupper() for c in text) >= 2:
            return text
    return None


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


def _titled(ent: Span) -> bool:
    """Is the name preceded by a person's title or followed by a reporting verb ("Gao said")?"""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    if before is not None and before.lower_.rstrip(".") in lx.PERSON_TITLES:
        return True
    return after is not None and after.lemma_.lower() in lx.REPORTING_VERBS and after.pos_ == "VERB"


def _clean(text: str) -> str:
    return text.removesuffix("'s").removesuffix("’s").strip(" ,.;:()\"'“”")
