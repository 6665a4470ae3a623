"""Facilities: a place and a facility noun ("Kunduz airport", "the city's prison"), a name of their
own ("Pul-e-Charkhi prison"), a unit's ("the headquarters of the 217th Pamir Corps"), or definite
and in a city just named ("took the city ... and the prison")."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract import actor_words, place_words
from kg.extract import lexicon as lx
from kg.extract.entities.refs import local_entity
from kg.extract.entities.registry import MentionRegistry
from kg.extract.records import EntityRef
from kg.gazetteer.countries import country_of_demonym
from kg.vocab import LinkMethod


class FacilityLinker:
    """Finds the facilities of one parsed article."""

    def __init__(self, registry: MentionRegistry) -> None:
        self.registry = registry

    def add_all(self) -> None:
        """Facilities named by a place and a facility noun ("Badghis provincial prison", "Kunduz
        airport", "the city's prison", "the air base in Kandahar"), by a name of their own
        ("Pul-e-Charkhi prison"), or definite and in a city just named ("took the city: ... and the
        prison"). Gazetteer facilities are kept; "the facility" after one is coreference, not new."""
        registry = self.registry
        doc, by_token = registry.doc, registry.by_token
        for token in doc:
            lemma = place_words.facility_noun(token) or ""
            if not lemma or token.pos_ not in ("NOUN", "PROPN") or token.i in by_token:
                continue
            if lemma == "camp" and any(c.lower_ in place_words.CIVILIAN_CAMP_WORDS for c in token.subtree):
                continue  # "a camp for displaced people", "the refugee camp": no military position
            if lemma in ("port", "seaport") and self._port_town(token):
                continue  # "the port of Umm Qasr": the port town itself, as "the town of X" is the town
            appositions = [c for c in token.children if c.dep_ == "appos"]
            if token.i + 2 < len(doc) and doc[token.i + 1].text == ",":
                appositions.append(doc[token.i + 2])  # the apposition however parsed
            if lemma == "headquarters" and any(
                (e := self.registry.entity_at(c)) is not None and e.kind in ("City", "District") for c in appositions
            ):
                continue  # "the rebel headquarters, Kilinochchi": the town that is the headquarters
            institution = any(
                c.lower_ in place_words.INSTITUTION_MODIFIERS
                for c in token.lefts
                if c.dep_ in ("compound", "amod", "nmod", "poss")
            )
            holder = next(
                (
                    g
                    for c in token.rights
                    if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children
                    if g.dep_ == "pobj" and g.lemma_.lower() in place_words.INSTITUTION_MODIFIERS and g.pos_ == "NOUN"
                ),
                None,
            )
            institution = institution or holder is not None  # "the office of the governor"
            if lemma in ("building", "hall", "site", "office") and not institution:
                continue
            if (
                token.tag_ == "NNS"
                and not _definite(token)
                and not any(c.dep_ == "nummod" for c in token.lefts)
                and self._anchor(token) is None
            ):
                continue  # "seized government buildings": which ones, the text does not say; but "military sites in X"
            first = min(
                [token.i, *[c.left_edge.i for c in token.lefts if c.dep_ in ("compound", "amod", "poss", "nmod")]]
            )
            covered = [i for i in range(first, token.i) if i in by_token]
            owned = any(
                doc[j].tag_ == "POS" for j in range(first, token.i)
            )  # "the Congolese armed forces' air base": its owner's
            anchored = self._anchor(token) is not None
            named = [
                by_token[i]
                for i in covered
                if by_token[i].entity.iri is None
                and not by_token[i].entity.is_place
                and not (owned and by_token[i].entity.kind in actor_words.ARMED_ACTOR_KINDS)
                and not (doc[i].text.isupper() and anchored)
            ]  # "the IDF outpost on Mount X": X's, the IDF's
            if any(lx.capture_verb_form(t.lower_) and t.text[:1].isupper() for t in doc[first : token.i]):
                continue  # "Al-Qaida Seizes Major Airport": a headline's verb and its object, no facility's name
            if named and named[0].start >= first and all(s.end <= token.i for s in named):
                # "Pul-e-Charkhi prison" with the name read as an organisation: the facility's own name
                name_start = min(s.start for s in named)
                label = doc[name_start : token.i + 1].text
                city = (
                    self._anchor(token)
                    or self._clause_place(token)
                    or registry.antecedent(token, kinds=("City",), window=2)
                )
                if city is not None and not label[:1].isupper():
                    label = f"{city.label} {label}"  # "an army corps base in Kunduz": no name of its own
                kind = "Prison" if lemma in ("prison", "jail") else place_words.PLACE_NOUN_KIND.get(lemma, "Facility")
                registry.relabel(
                    name_start,
                    token.i + 1,
                    local_entity(kind, label, located_in=city.key if city else None),
                    LinkMethod.FACILITY,
                    0.7,
                )
                continue
            if covered:
                first = max(first, max(covered) + 1)  # the place's own mention stays: "[Badghis] [provincial prison]"
            # "the governor's compound and police headquarters" parsed as one headquarters: two facilities
            other = coordinated_facility_modifier(token)
            other_start = first
            if other is not None:
                cc = next(c.i for c in other.children if c.dep_ == "cc")
                if other.i < first or any(i in by_token for i in range(cc + 1, token.i)):
                    other = None  # "the airport and Marka police station": the town names the second only
                else:
                    first = cc + 1
            modifiers = doc[first : token.i]
            words = [
                t.text if t.i != token.i or t.tag_ != "NNS" or lemma not in _SINGULAR_LABELS else lemma
                for t in doc[first : token.i + 1]
                if t.i not in by_token
                and (
                    t.i == token.i
                    or t.dep_ in ("compound", "nmod")
                    or t.lower_ in place_words.FACILITY_NAME_ADJECTIVES | place_words.INSTITUTION_MODIFIERS
                )
                and (t.lower_ not in ("city", "town") or lemma == "hall")  # "the city's prison", but "City Hall"
            ]
            if holder is not None and not any(w.lower() == holder.lower_ for w in words):
                words.insert(len(words) - 1, holder.lower_)  # "the office of the governor": the governor office
            kind = place_words.PLACE_NOUN_KIND.get(lemma, "Facility")
            if any(t.lemma_.lower() in place_words.PRISON_MODIFIERS for t in modifiers):
                kind = "Prison"  # "Parwan detention facility"
            place = self._anchor(token) or self._shared_anchor(token)
            if place is None and token.i + 1 < len(doc) and doc[token.i + 1].lower_ in ("at", "in"):
                place = self._clause_place(token)  # "retook the airport at X", "at X" hung on the verb
            if place is None and any(c.dep_ == "advmod" and c.lower_ == "there" for c in token.children):
                # "took control of Bagram Air Base and the prison there": the place just named
                place = registry.antecedent(token, kinds=("City", "District", *place_words.FACILITY_KINDS), window=1)
            if place is None and any(
                t.pos_ == "PROPN" and t.dep_ in ("compound", "nmod") and _names(t) for t in modifiers
            ):
                label = " ".join(words)  # a name of its own: "Pul-e-Charkhi prison"
                city = registry.antecedent(token, kinds=("City",), window=2)
                registry.add(
                    first,
                    token.i + 1,
                    local_entity(kind, label, located_in=city.key if city else None),
                    LinkMethod.FACILITY,
                    0.7,
                )
                continue
            if place is None and (unit := self._unit_name(token)) is not None:
                # "the headquarters of the army's 217th Pamir Corps"
                city = registry.antecedent(token, kinds=("City",), window=2)
                registry.add(
                    first,
                    token.i + 1,
                    local_entity(kind, f"{unit} {token.text}", located_in=city.key if city else None),
                    LinkMethod.FACILITY,
                    0.65,
                )
                continue
            same_kind = place_words.FACILITY_KINDS if lemma in ("facility", "compound") else (kind,)
            definite = _definite(token)
            # a base or an airport anywhere before, as in coreference; a building or a station only near
            window = 0 if set(same_kind) <= place_words.NAMED_FACILITY_KINDS else 3
            earlier = registry.antecedent(token, kinds=same_kind, window=window) if definite else None
            if earlier is not None and place is None and earlier.located_in is not None:
                here = registry.antecedent(token, kinds=("City",), window=1)
                if here is not None and earlier.located_in != here.key:
                    earlier = (
                        None  # "In Jowhar the militants also took the airport": Jowhar's, not the one named before
                    )
            if earlier is not None and institution and earlier.label.lower().split()[-1:] != [words[-1].lower()]:
                earlier = None  # "the government headquarters" after "the airport": another facility
            if place is None and (definite or institution) and earlier is None:
                # "took control of the airport in Kunduz" (the parser hung "in Kunduz" on the verb), else
                # the city of the sentence or the one before, else the city the article is about
                place = (
                    self._clause_place(token)
                    or registry.antecedent(token, kinds=("City",), window=2)
                    or registry.focal("City")
                )
            if (
                place is None
                and earlier is not None
                and set(same_kind) <= place_words.NAMED_FACILITY_KINDS
                and (
                    earlier.label.lower().endswith(lemma)
                    or (earlier.kind == kind and registry.antecedent(token, kinds=same_kind, window=1) == earlier)
                )
            ):  # "stormed into the X military base ... and overran the camp": the base of this sentence
                registry.add(
                    first, token.i + 1, earlier, LinkMethod.COREFERENCE, 0.7
                )  # "the mass surrender at the airport": the one named before
                continue
            if place is None:
                continue
            facility = local_entity(kind, " ".join([place.label, *words]), located_in=place.key)
            registry.add(first, token.i + 1, facility, LinkMethod.FACILITY, 0.75)
            if other is not None:
                other_words = [
                    t.text
                    for t in doc[other_start : other.i + 1]
                    if t.i == other.i
                    or t.lower_ in place_words.FACILITY_NAME_ADJECTIVES | place_words.INSTITUTION_MODIFIERS
                ]
                other_kind = place_words.PLACE_NOUN_KIND.get(place_words.facility_noun(other) or "", "Facility")
                registry.add(
                    other_start,
                    other.i + 1,
                    local_entity(other_kind, " ".join([place.label, *other_words]), located_in=place.key),
                    LinkMethod.FACILITY,
                    0.75,
                )

    def _clause_place(self, noun: Token) -> EntityRef | None:
        """The city a locative of ``noun``'s clause names ("took control of the airport in X")."""
        for ancestor in noun.ancestors:
            for child in ancestor.children:
                if child.dep_ == "prep" and child.lower_ in ("in", "at", "near", "outside", "of") and child.i > noun.i:
                    for pobj in child.children:
                        entity = self._named_place(pobj) if pobj.dep_ == "pobj" else None
                        if entity is not None and entity.kind in ("City", "District"):
                            return entity
            if ancestor.pos_ in ("VERB", "AUX"):
                return None
        return None

    def _port_town(self, noun: Token) -> bool:
        """Does "port" name a town after "of" ("the (key) port of X", X a city)?"""
        return any(
            (entity := self._named_place(pobj)) is not None and entity.kind == "City"
            for child in noun.children
            if child.dep_ == "prep" and child.lower_ == "of"
            for pobj in child.children
            if pobj.dep_ == "pobj"
        )

    def _shared_anchor(self, noun: Token) -> EntityRef | None:
        """The place a coordinated list shares: "the radio station, the cement plant and an army
        barracks in X" (the parser hangs "in X" on the last item)."""
        conjuncts = [c for c in noun.subtree if c.dep_ == "conj" and place_words.facility_noun(c)]
        return next((place for c in conjuncts if (place := self._anchor(c)) is not None), None)

    def _unit_name(self, noun: Token) -> str | None:
        """The named unit or body a facility belongs to: "headquarters of the army's 217th Pamir Corps"."""
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                known = self.registry.entity_at(pobj) if pobj is not None else None
                if known is not None and known.kind == "Organization" and known.iri is None:
                    return known.label
                if pobj is not None and pobj.pos_ == "PROPN" and known is None:
                    words = [t for t in pobj.subtree if t.dep_ in ("compound", "nummod", "amod") or t.i == pobj.i]
                    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))
        return None

    def _anchor(self, noun: Token) -> EntityRef | None:
        """The place a facility noun's own modifiers name: "Kunduz airport", "the city's prison",
        "the air base in Kandahar", "the airport at X", "the outpost on Mount X"; the nearest modifier's
        place before a country ("Yemen's Hodeida airport": Hodeida's)."""
        country = None
        for child in reversed(list(noun.lefts)):
            if child.dep_ in ("compound", "nmod", "poss", "amod"):
                entity = self.registry.entity_at(child)
                if entity is None and child.dep_ == "poss" and child.lemma_.lower() in ("city", "town", "province"):
                    entity = self.registry.antecedent(
                        child, kinds=("City",) if child.lemma_.lower() != "province" else ("Province",)
                    )
                if entity is not None and entity.is_place and entity.kind != "Country":
                    return entity
                if entity is not None and entity.is_place:
                    country = country or entity
        if country is not None:
            return country
        for child in noun.rights:
            if child.dep_ == "prep" and child.lower_ in ("in", "of", "near", "outside", "at", "on"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and (entity := self._named_place(pobj)) is not None:
                        return entity
        return None

    def _named_place(self, token: Token) -> EntityRef | None:
        """The place ``token`` names: its own mention, or X in "the (eastern) city of X" or "X city"."""
        entity = self.registry.entity_at(token)
        if entity is None and token.lemma_.lower() in place_words.PLACE_NOUNS:
            entity = next(
                (
                    e
                    for c in token.children
                    if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children
                    if g.dep_ == "pobj" and (e := self.registry.entity_at(g)) is not None
                ),
                None,
            ) or next(
                (
                    e
                    for c in token.lefts
                    if c.dep_ == "compound" and (e := self.registry.entity_at(c)) is not None and e.is_place
                ),
                None,
            )
        return entity if entity is not None and entity.is_place else None


# Facility nouns labelled in the singular when a phrase names several ("two army bases in X" -> "X
# army base"): one label per kind of facility, as a reader would file it.
_SINGULAR_LABELS = frozenset(
    {"base", "airport", "airfield", "prison", "jail", "checkpoint", "compound", "palace", "port", "field", "oilfield"}
)


def coordinated_facility_modifier(noun: Token) -> Token | None:
    """The facility noun coordinated inside ``noun``'s modifiers, as the parser reads "the governor's
    compound and police headquarters" (one headquarters, "compound and police" its modifier)."""
    return next(
        (
            m
            for m in noun.lefts
            if m.dep_ in ("nmod", "compound")
            and place_words.facility_noun(m)
            and any(c.dep_ == "cc" for c in m.children)
        ),
        None,
    )


def _definite(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in noun.lefts)


def _names(token: Token) -> bool:
    """Is a capitalised modifier a name, not a Title Case description ("Major", "Iraqi" in "Major Iraqi Port")?"""
    return token.lower_ not in place_words.DESCRIPTIVE_WORDS and country_of_demonym(token.text) is None
