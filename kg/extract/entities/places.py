"""Place names linked to a gazetteer: a region pack's entry (exact or misspelt), the world
gazetteer's best candidate in the article's context, or a place of the article's own; the names no
model tagged that a place cue marks; and the capitals of provinces and countries."""

from __future__ import annotations

import math
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Span, Token

from kg.extract import lexicon as lx
from kg.extract.entities.context import ArticleContext, country_code
from kg.extract.entities.persons import titled
from kg.extract.entities.refs import clean_name, entity_from_entry, local_entity
from kg.extract.entities.registry import MentionRegistry
from kg.extract.records import EntityRef
from kg.extract.timex import MONTHS, WEEKDAYS
from kg.gazetteer import Entry, Gazetteer
from kg.gazetteer.countries import country_capital, country_named, country_of_demonym
from kg.gazetteer.world import LARGE_POPULATION, WorldGazetteer, WorldPlace
from kg.names import fold, name_key
from kg.vocab import LinkMethod


class PlaceLinker:
    """Links the place names of one parsed article."""

    def __init__(
        self, registry: MentionRegistry, context: ArticleContext, gazetteer: Gazetteer, world: WorldGazetteer | None
    ) -> None:
        self.registry = registry
        self.context = context
        self.gazetteer = gazetteer
        self.world = world
        self._fuzzy_index = gazetteer.place_keys()

    def link(self, ent: Span) -> None:
        """A place name: a close region-pack spelling, else the world gazetteer's best candidate in
        context, else a looser pack spelling, else a place of the article's own."""
        last = ent[-1].lemma_.lower()
        words = {t.lower_ for t in ent} - {"the"}
        of_after = ent.end < len(ent.doc) and ent.doc[ent.end].lower_ == "of"
        if of_after and words & lx.SIDE_NOUNS and words <= lx.COMPASS_WORDS | lx.SIDE_NOUNS:
            return  # "the east coast of X": a side of the place the phrase goes on to name (not "the West Bank")
        if {t.lemma_.lower() for t in ent} & lx.ROUTE_NOUNS:
            # "Highway 47", "the Kabul-Kandahar road": a route, kept as such (no town to take)
            self.registry.add(
                ent.start,
                ent.end,
                local_entity("Route", clean_name(ent.text.removeprefix("the "))),
                LinkMethod.NER,
                0.7,
            )
            return
        first = ent[0].lemma_.lower() if ent[0].lower_ != "the" or len(ent) < 3 else ent[1].lemma_.lower()
        if first in ("camp", "fort") and len(ent) > 1 and ent[-1].text[:1].isupper():
            # "Camp Shorabak", "Fort Apache": a base named after its noun
            label = clean_name(ent.text.removeprefix("the ").removeprefix("The "))
            self.registry.add(ent.start, ent.end, local_entity("MilitaryBase", label), LinkMethod.NER, 0.7)
            return
        if (last in lx.FACILITY_NOUNS or last in lx.BUILDING_NAME_NOUNS) and len(ent) > 1:
            # "the Aden Airport": a facility, in the city its name begins with when the article names it
            label = clean_name(
                ent.text.removeprefix("the ").removeprefix("The ").removeprefix("an ").removeprefix("a ")
            )
            city = self.registry.antecedent(ent[0], kinds=("City",), window=2)
            within = city.key if city is not None and name_key(label).startswith(name_key(city.label)) else None
            site = self._site_after(ent)
            if within is None and site is not None and not label[:1].isupper():
                label, within = f"{site.label} {label}", site.key  # "an army corps base in Kunduz"
            self.registry.add(
                ent.start,
                ent.end,
                local_entity(lx.PLACE_NOUN_KIND.get(last, "Facility"), label, located_in=within),
                LinkMethod.NER,
                0.7,
            )
            return
        kind = place_kind_from_context(ent)
        match = self.fuzzy_place(ent)
        if match is not None and match[1] >= 0.9:
            self.registry.add(
                ent.start, ent.end, entity_from_entry(match[0]), LinkMethod.FUZZY, round(0.6 + 0.3 * match[1], 2)
            )
        elif self._world_place(ent, kind, strong=match is None):
            return
        elif match is not None:
            self.registry.add(
                ent.start, ent.end, entity_from_entry(match[0]), LinkMethod.FUZZY, round(0.6 + 0.3 * match[1], 2)
            )
        else:  # "the Barakat Cemetery": a place of the article's own, named without its article
            self.registry.add(
                ent.start,
                ent.end,
                local_entity(kind or "Place", clean_name(ent.text).removeprefix("the ").removeprefix("The ")),
                LinkMethod.NER,
                0.7,
            )

    def _site_after(self, ent: Span) -> EntityRef | None:
        """The town a facility's name is followed by: "... base in Kunduz"."""
        doc = ent.doc
        if ent.end + 1 < len(doc) and doc[ent.end].lower_ in ("in", "at", "near", "outside"):
            place = self.registry.entity_at(doc[ent.end + 1])
            if place is not None and place.kind in ("City", "District"):
                return place
        return None

    def _world_place(self, ent: Span, kind: str | None, *, strong: bool) -> bool:
        """Link ``ent`` to the world gazetteer. A strong cue (NER said place, "the city of X") takes
        the best candidate; a weak one ("in X" around a name NER called a person) only one in a
        country the article names."""
        if self.world is None or set(fold(ent.text).split()) - lx.PLACE_AFTER_NAME - {"the"} <= lx.COMPASS_WORDS:
            return False
        hint = kind if kind in ("City", "Province", "Country") else ("City" if kind == "District" else None)
        found = self.world.resolve(clean_name(ent.text), self.context.place_context, kind_hint=hint)
        if found is None:
            return False
        place = found.place
        if not strong and place.country not in self.context.countries:
            return False
        after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
        if (
            after is not None
            and after.lower_ == "district"
            and place.kind != "District"
            and place.country != self.context.focus_country
        ):
            return False  # "Ghaziabad District" in a story about Afghanistan: a district there, not the Indian city
        root = ent.root
        if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.lemma_.lower() not in lx.PLACE_NOUN_KIND:
            # "a Pantsir air defense system", "the Damascus government": a name used as an attribute
            # is a place only when it is a large one
            if place.population < LARGE_POPULATION and not place.capital and place.kind == "City":
                return False
        self.registry.add(
            ent.start,
            ent.end,
            self.world_entity(place),
            LinkMethod.WORLD,
            round(0.5 + 0.45 * found.score, 2),
            reason=found.reason,
        )
        return True

    def link_known_city(self, ent: Span) -> bool:
        """A one-word "organisation" that is a large city of a country the article names ("Bangui" tagged
        ORG in a story about the Central African Republic): the gazetteer and the context agree."""
        if len(ent) != 1 or self.world is None:
            return False
        found = self.world.resolve(clean_name(ent.text), self.context.place_context)
        if found is None or found.place.kind != "City" or found.place.country not in self.context.countries:
            return False
        if found.place.population < LARGE_POPULATION and not found.place.capital:
            return False
        self.registry.add(
            ent.start,
            ent.end,
            self.world_entity(found.place),
            LinkMethod.WORLD,
            round(0.5 + 0.45 * found.score, 2),
            reason=found.reason,
        )
        return True

    def world_entity(self, place: WorldPlace) -> EntityRef:
        """A world place as an entity: a region pack's own entry for it when the pack has one (one node
        per place, whichever gazetteer found it)."""
        for entry in self.gazetteer.lookup(place.label) or self._pack_by_key(place.label):
            if (
                entry.is_place
                and entry.country == place.country
                and (entry.kind == place.kind or entry.kind in lx.CITY_LIKE and place.kind in lx.CITY_LIKE)
            ):
                return entity_from_entry(entry)
        return EntityRef(
            key=place.iri, kind=place.kind, label=place.label, iri=place.iri, country=place.country, world=place
        )

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
            code = country_code(place)
            return self.national_capital(code) if code else None
        if place.world is None or self.world is None or place.kind != "Province":
            return None
        core = name_key(place.label).split(" ")
        for candidate in self.world.candidates(place.label) or self.world.candidates(" ".join(core[:1])):
            if (
                candidate.kind == "City"
                and candidate.country == place.country
                and candidate.admin1_code == place.world.admin1_code
            ):
                return self.world_entity(candidate)
        # GeoNames' city data names no seats: a city at least twice as large as any other in the
        # province is taken for its capital (where the data links the province to its cities)
        province = place.world
        cities = sorted(
            (
                p
                for p in self._cities_of(place.country)
                if (p.iso3166_2 == province.iso3166_2 if province.iso3166_2 else p.admin1_code == province.admin1_code)
            ),
            key=lambda p: -p.population,
        )
        if cities and (len(cities) == 1 or cities[0].population >= 2 * cities[1].population):
            return self.world_entity(cities[0])
        return None

    def _cities_of(self, code: str | None) -> tuple[WorldPlace, ...]:
        return largest_cities(self.world, code) if self.world is not None and code else ()

    def national_capital(self, code: str) -> EntityRef | None:
        """The capital city of the country ``code`` (GeoNames)."""
        name = country_capital(code)
        if not name or self.world is None:
            return None
        cities = [p for p in self.world.candidates(name) if p.kind == "City" and p.country == code]
        return self.world_entity(max(cities, key=lambda p: p.population)) if cities else None

    def link_by_context(self, ent: Span) -> bool:
        """A name the model took for a person or organisation that its context calls a place: "the
        Kahmard district centre", "the city of Goma", "Gao, the capital of ...", or "fighting in X" when a
        gazetteer place of that name lies in a country the article names. A name match alone never
        makes a person a place."""
        doc = ent.doc
        after = doc[ent.end] if ent.end < len(doc) else None
        kind = None
        adjective = ent.label_ == "NORP" or ent.root.pos_ == "ADJ"  # "the mainly Kurdish town of X": no name
        if (
            after is not None
            and after.lemma_.lower() in lx.PLACE_AFTER_NAME
            and after.pos_ in ("NOUN", "PROPN")
            and not adjective
        ):
            kind = lx.PLACE_NOUN_KIND.get(after.lemma_.lower())  # "X district"; not "the rebel X capital"
        if (
            ent[-1].lemma_.lower() in lx.PLACE_NOUN_KIND
            and len(ent) > 1
            and all(country_of_demonym(t.text) is not None for t in ent[:-1])
        ):
            return False  # "Chadian Troops Retake Nigerian Village": a Title Case description, no name
        strong = kind is not None or _described_as_place(ent)
        if kind is None:
            kind = place_kind_from_context(ent)
            strong = strong or kind is not None
        out_of = (
            ent.start > 1 and doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].lower_ == "out"
        )  # "pulled out of X"
        # "the governor of X", "the streets of X"
        of_place = (
            ent.start > 1
            and doc[ent.start - 1].lower_ == "of"
            and doc[ent.start - 2].lemma_.lower() in lx.PLACE_OF_WORDS
        )
        weak = len(ent) <= 3 and (
            (ent.start > 0 and doc[ent.start - 1].lower_ in lx.LOCATIVE_CUES)
            or out_of
            or of_place
            or self._taken(ent.root)
        )
        if not (strong or weak) or titled(ent):
            return False
        if after is not None and after.lemma_.lower() in ("district", "province", "city", "town", "village", "valley"):
            match = self.fuzzy_place(ent)
            if match is not None:
                self.registry.add(
                    ent.start, ent.end, entity_from_entry(match[0]), LinkMethod.FUZZY, round(0.6 + 0.3 * match[1], 2)
                )
                return True
        if self._world_place(ent, kind, strong=strong):
            return True
        root = ent.root
        verb = root.head.head if root.dep_ == "conj" else root.head
        if (
            not strong
            and self._taken(root)
            and (lx.verb_lemma(verb) in lx.PLACE_ONLY_CAPTURE_VERBS or _takes_over(root))
        ):
            self.registry.add(
                ent.start, ent.end, local_entity("Place", clean_name(ent.text)), LinkMethod.CONTEXT, 0.6
            )  # "retook A and B"
            return True
        if strong and (match := self.fuzzy_place(ent)) is not None:  # "the sixth provincial capital, Albak"
            self.registry.add(
                ent.start, ent.end, entity_from_entry(match[0]), LinkMethod.FUZZY, round(0.6 + 0.3 * match[1], 2)
            )
            return True
        if strong:  # "the town of X", "X district", "X, a village in ...": a place no gazetteer knows
            self.registry.add(
                ent.start, ent.end, local_entity(kind or "Place", clean_name(ent.text)), LinkMethod.CONTEXT, 0.65
            )
            return True
        return False

    def _taken(self, token: Token) -> bool:
        """Is ``token`` the object of a capture verb, listed with a place, or listed as one of the towns
        taken ("retook X", "A and X", "towns the army retook include X")?"""
        head = token.head
        if token.dep_ in ("dobj", "nsubjpass") and lx.verb_lemma(
            head
        ) in lx.CAPTURE_VERBS | lx.ENTRY_VERBS | lx.HANDOVER_VERBS | {
            "take",
            "control",
            "hold",
            "clear",
            "lose",
            "secure",
        }:
            return True  # "retook X", "entered X", "stormed X", "having taken over X", "now control X", "X was handed over", "X was lost"
        if token.dep_ == "dobj" and head.lemma_.lower() == "include" and taken_towns_verb(head) is not None:
            return True  # "towns the army has reclaimed include X"
        if (
            token.dep_ == "nsubj"
            and head.lemma_.lower() == "change"
            and any(c.dep_ == "dobj" and c.lemma_.lower() == "hand" for c in head.children)
        ):
            return True  # "X changed hands"
        if token.dep_ == "nsubj" and any(
            c.dep_ == "prep"
            and c.lower_ in ("under", "in")
            and any(g.lemma_.lower() in ("control", "hand") for g in c.children)
            for c in head.children
        ):
            return True  # "X is now under their control", "X has been in rebel hands since"
        if any(
            c.dep_ in ("relcl", "acl")
            and lx.verb_lemma(c) in lx.CAPTURE_VERBS
            and (
                c.dep_ == "acl"
                or any(g.dep_ in ("dobj", "nsubjpass") and g.lower_ in lx.RELATIVE_PRONOUNS for g in c.children)
            )
            for c in token.children
        ):
            return True  # "X, which the rebels captured", "X, captured by the rebels"
        if token.dep_ == "pobj" and head.lower_ == "over" and lx.verb_lemma(head.head) == "take":
            return True  # "having taken over X", "over" read as a preposition
        if token.dep_ == "conj" and (
            (entity := self.registry.entity_at(head)) is not None
            and entity.is_place
            or head.ent_type_ in ("GPE", "LOC")
        ):
            return True  # "Dessie and X"
        if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in lx.CAPTURE_NOUNS | {"control"}:
            return True  # "the fall of X", "regained control of X"
        if token.dep_ == "poss" and head.lemma_.lower() in lx.CAPTURE_NOUNS:
            return True  # "X's fall"
        if (
            token.dep_ == "pobj"
            and head.lower_ == "including"
            and head.head.i != token.i
            and (head.head.lemma_.lower() in ("control", "hand") or self._taken(head.head))
        ):
            return True  # "overran several towns, including X"
        if token.dep_ == "nsubj" and head.lemma_.lower() in lx.FALL_VERBS:
            return True  # "X fell to the rebels"
        if (
            token.dep_ == "pobj"
            and head.lower_ in ("from", "of")
            and any(a.lemma_.lower() in lx.DISLODGE_VERBS | {"clear"} for a in list(token.ancestors)[1:4])
        ):
            return True  # "drove the militants out of X", "cleared the last fighters from X"
        return (
            token.dep_ == "conj" and head.dep_ in ("dobj", "nsubjpass") and lx.verb_lemma(head.head) in lx.CAPTURE_VERBS
        )

    def add_untagged(self) -> None:
        """Names no model tagged that a place cue and the world gazetteer agree on: "the cities of A
        and X", "retook X", "fighting in X" (a candidate in a country the article names)."""
        doc = self.registry.doc
        by_token = self.registry.by_token
        i = 0
        while i < len(doc):
            token = doc[i]
            named_by_noun = (
                i >= 2
                and doc[i - 1].lower_ == "of"
                and lx.PLACE_NOUN_KIND.get(doc[i - 2].lemma_.lower()) == "City"
                and (token.lower_ not in WEEKDAYS and token.lower_ not in MONTHS)
            )
            if (
                i in by_token
                or not _name_like(token)
                or token.ent_type_ == "PERSON"
                or (token.ent_type_ in ("DATE", "TIME") and not named_by_noun)
            ):
                # "the town of X" names a town even where the model took X for a date
                i += 1
                continue
            start = i
            while (
                start >= 2
                and doc[start - 1].text == "-"
                and not doc[start - 1].whitespace_
                and not doc[start - 2].whitespace_
                and any(c.isalpha() for c in doc[start - 2].text)
                and start - 2 not in by_token
            ):
                start -= 2  # "Dand-e-Ghori": the name begins before its hyphens, not at "Ghori"
            end = i + 1
            while (
                end < len(doc)
                and end not in by_token
                and end - i < 4
                and (
                    (doc[end].pos_ == "PROPN" and doc[end].is_title)
                    or (
                        doc[end].lower_ in lx.NAME_CONNECTORS
                        and end + 1 < len(doc)
                        and doc[end + 1].is_title
                        and doc[end + 1].pos_ == "PROPN"
                    )
                    or (
                        doc[end].text == "-"
                        and not doc[end - 1].whitespace_
                        and not doc[end].whitespace_
                        and end + 1 < len(doc)
                        and doc[end + 1].is_title
                    )  # "Nur-Fanah"
                )
            ):
                end += 1
            span = doc[start:end]
            if len(span) == 1 and (token.lemma_.lower() in lx.PLACE_NOUN_KIND or token.lower_ in lx.PLACE_NOUN_KIND):
                i = end  # "Troops Recapture Village": a Title Case common noun, no name
                continue
            if country_named(span.text) is not None:
                self._world_place(span, "Country", strong=False)  # "Chad's capture of", in a story about Chad
            elif not (end < len(doc) and doc[end].text == "(") and not self.link_by_context(span):
                self.link_known_city(span)  # "Ramadi was one of the last strongholds": a large city, untagged
            i = end

    def retype_lists_under_a_designator(self) -> None:
        """ "Kandahar, Uruzgan and Zabul provinces": a plural designator after a list makes every name in
        it that kind, the province of a name shared by a province and its capital."""
        doc = self.registry.doc
        for token in doc:
            kind = lx.PLACE_NOUN_KIND.get(token.lemma_.lower())
            if token.tag_ != "NNS" or kind not in ("Province", "District"):
                continue
            heads = (
                [token.head] if token.dep_ == "appos" else [c for c in token.children if c.dep_ in ("compound", "nmod")]
            )
            members = [*heads, *(c for h in heads for c in h.subtree if c.dep_ == "conj" and c.pos_ == "PROPN")]
            if len(members) < 2:
                continue
            for member in members:
                span = self.registry.by_token.get(member.i)
                if span is None or span.entity.kind != "City":
                    continue
                country = span.entity.country
                retyped = next(
                    (e for e in self.gazetteer.lookup(span.entity.label) if e.kind == kind and e.country == country),
                    None,
                )
                if retyped is not None:
                    self.registry.relabel(
                        span.start, span.end, entity_from_entry(retyped), LinkMethod.GAZETTEER, 0.85, keep_links=False
                    )
                elif (
                    kind == "Province"
                    and self.world is not None
                    and (found := self.world.resolve(span.entity.label, self.context.place_context, kind_hint=kind))
                ):
                    if found.place.kind == kind and found.place.country == country:
                        self.registry.relabel(
                            span.start,
                            span.end,
                            self.world_entity(found.place),
                            LinkMethod.WORLD,
                            0.8,
                            reason=found.reason,
                            keep_links=False,
                        )

    def relink_listed_persons(self) -> None:
        """A one-word "person" listed with a place ("Gwoza and Bama fell") is a place when the world
        gazetteer has it in a country the article names: a list holds one kind of thing."""
        if self.world is None:
            return
        doc = self.registry.doc
        for span in [s for s in self.registry.spans if s.entity.kind == "Person" and s.end - s.start == 1]:
            token = doc[span.start]
            partners = [token.head] if token.dep_ == "conj" else []
            partners += [c for c in token.children if c.dep_ == "conj"]
            verb = (
                token.head.head.head
                if token.head.ent_type_ in ("DATE", "TIME") and token.head.dep_ == "pobj"
                else token.head
            )
            if token.dep_ == "conj" and verb.pos_ == "VERB":
                # "took Marib on Monday and Sanaa on Tuesday" (however parsed): the object is the partner
                partners += [c for c in verb.children if c.dep_ == "dobj"]
            if not any(
                (e := self.registry.entity_at(p)) is not None and e.is_place and e.kind != "Country" for p in partners
            ):
                continue
            # the largest place of that name in a country the article names ("Palma" in a story about
            # Mozambique is its town, not the larger city in Spain)
            named = [
                p
                for p in self.world.candidates(clean_name(token.text))
                if p.country in self.context.countries and p.kind != "Country"
            ]
            if named:
                place = max(named, key=lambda p: p.population)
                reason = f"listed with a place; the largest of {len(named)} named {token.text!r} in {place.country_name}, a country the article names"
                self.registry.relabel(
                    span.start, span.end, self.world_entity(place), LinkMethod.WORLD, 0.7, reason=reason
                )

    def exact(self, text: str) -> Entry | None:
        """The region-pack place spelt ``text`` (up to case, accents and punctuation)."""
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
        context = place_kind_from_context(ent)
        threshold = 0.8 if (context or ent.label_ in ("GPE", "LOC")) else 0.88
        best: tuple[float, Entry] | None = None
        named = self.context.countries
        for candidate, entry in self._fuzzy_index:
            if candidate[:1] != key[:1]:
                continue
            if named and entry.country and entry.country not in named:
                continue  # a pack's spelling of a place in a country the article never names: "Fatah" is not Farah
            if context and context in lx.CITY_LIKE and entry.kind not in lx.CITY_LIKE:
                continue
            score = Levenshtein.normalized_similarity(key, candidate)
            if score >= threshold and (best is None or score > best[0]):
                best = (score, entry)
        return (best[1], best[0]) if best else None


def place_kind_from_context(span: Span) -> str | None:
    """The place kind a name's syntactic context implies: "the district of Panjwai" -> District,
    "a ninth provincial capital, Faizabad" -> City, "Panjwai district" -> District."""
    root = span.root
    after = span.doc[span.end] if span.end < len(span.doc) else None
    adjective = span.label_ == "NORP" or root.pos_ == "ADJ"  # "the mainly Kurdish town of X": no name
    if (
        after is not None
        and after.lemma_.lower() in lx.PLACE_AFTER_NAME
        and after.pos_ == "NOUN"
        and root.dep_ != "poss"
        and not adjective
    ):
        return lx.PLACE_NOUN_KIND.get(after.lemma_.lower())  # "Panjwai district"; not "the rebels' capital"
    listed = root
    while listed.dep_ == "conj" and listed.head.i != listed.i:
        listed = listed.head  # "the villages of A, B and C": C is listed where A stands
    if (
        listed is not root
        and listed.dep_ == "pobj"
        and listed.head.lower_ == "of"
        and listed.head.head.lemma_.lower() in lx.PLACE_NOUN_KIND
    ):
        return lx.PLACE_NOUN_KIND[listed.head.head.lemma_.lower()]
    head = root.head
    if root.dep_ == "appos" and head.lemma_.lower() in lx.PLACE_NOUN_KIND:
        return lx.PLACE_NOUN_KIND[head.lemma_.lower()]
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() == "capital":
        return "Province"  # "the regional capital of X": X is what has the capital
    described = (
        any(t.lower_ in lx.PEOPLE_DESCRIPTION_WORDS for t in span.doc[head.i + 1 : span.start])
        if root.dep_ == "pobj"
        else False
    )
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in lx.PLACE_NOUN_KIND and not described:
        return lx.PLACE_NOUN_KIND[head.head.lemma_.lower()]  # but "the town of mostly ethnic Yazidis" names its people
    located = head.head if root.dep_ == "conj" and head.dep_ == "pobj" else root
    if located.dep_ == "pobj" and located.head.lower_ in ("in", "near", "outside") and _locates_facility(located.head):
        return "City"  # "an army base in X", "took over two bases in X and Y": where a facility is
    return None


def _locates_facility(prep: Token) -> bool:
    """Does ``prep`` say where a facility is: hung on the facility noun, or on the verb right after
    the facility that is its object (the parser's usual attachment: "took over [two bases] [in X]")?"""
    head = prep.head
    if lx.facility_noun(head) is not None and head.pos_ == "NOUN":
        return True
    before = prep.doc[prep.i - 1] if prep.i > 0 else None
    return (
        before is not None
        and before.dep_ == "dobj"
        and before.head.i == head.i
        and lx.facility_noun(before) is not None
        and before.pos_ == "NOUN"
    )


@lru_cache(maxsize=64)
@lru_cache(maxsize=256)
def largest_cities(world: WorldGazetteer, code: str) -> tuple[WorldPlace, ...]:
    """The cities of a country, most populous first, without the quarters GeoNames lists as cities of
    their own ("Al Mawsil al Jadidah", 2 km from Mosul and more populous in the data): entries within
    15 km of a larger one are one city, the entry with the most names."""
    clusters: list[list[WorldPlace]] = []
    for place in sorted(
        (p for p in world.places if p.kind == "City" and p.country == code), key=lambda p: -p.population
    ):
        cluster = next((c for c in clusters[:50] if _near(place, c[0])), None)
        if cluster is None:
            clusters.append([place])
        else:
            cluster.append(place)
    # each cluster is one city, ranked by its largest entry and named by the entry with the most names
    return tuple(max(cluster, key=world.name_count) for cluster in clusters)


def _near(a: WorldPlace, b: WorldPlace, km: float = 15.0) -> bool:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    dlat = math.radians(b.lat - a.lat)
    dlon = math.radians(b.lon - a.lon) * math.cos(math.radians(a.lat))
    return 6371.0 * math.hypot(dlat, dlon) <= km


def _described_as_place(ent: Span) -> bool:
    """ "X, the capital of Y", "X, a town in Y": an apposition after the name that is a place noun."""
    doc = ent.doc
    i = ent.end
    if i >= len(doc) or doc[i].text != ",":
        return False
    window = doc[i + 1 : min(len(doc), i + 7)]
    if len(window) >= 3 and window[0].like_num and window[1].lower_ in lx.DISTANCE_UNITS:
        return True  # "X, 10 miles northeast of Y": a place located by distance
    for j, token in enumerate(window):
        if token.lemma_.lower() in lx.PLACE_NOUN_KIND and token.pos_ == "NOUN":
            return token.dep_ not in (
                "poss",
                "compound",
                "nmod",
            )  # not "X, the town's district commissioner", "X, the town administrator"
        owner = token.pos_ in ("NOUN", "PROPN") and j + 1 < len(window) and window[j + 1].tag_ == "POS"
        if (
            token.pos_ not in ("DET", "ADJ", "ADV", "NUM")
            and token.tag_ != "POS"
            and not owner
            and not token.lower_.endswith(("ern", "est"))
        ):
            return False  # but "X, the insurgents' main base", "X, Gaddafi's compound"
    return False


def taken_towns_verb(include: Token) -> Token | None:
    """The capture verb of the towns that ``include`` lists: "towns [captured by X] include", or the
    parse that hangs "include" on the verb ("other towns the army has reclaimed include")."""
    subject = next((c for c in include.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.tag_ == "NNS" and lx.PLACE_NOUN_KIND.get(subject.lemma_.lower()) == "City":
        return next(
            (c for c in subject.children if c.dep_ in ("acl", "relcl") and lx.verb_lemma(c) in lx.CAPTURE_VERBS), None
        )
    verb = include.head
    if include.dep_ in ("conj", "advcl") and lx.verb_lemma(verb) in lx.CAPTURE_VERBS:
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if (
            len(subjects) == 2
            and subjects[0].tag_ == "NNS"
            and lx.PLACE_NOUN_KIND.get(subjects[0].lemma_.lower()) == "City"
        ):
            return verb
    return None


def _name_like(token: Token) -> bool:
    """A capitalised proper noun, or a name with an inner apostrophe the tagger took for a common
    noun ("Sana'a", "Qa'im": not title case to Python)."""
    if token.pos_ == "PROPN" and token.is_title:
        return True
    word = token.text.replace("’", "'")
    return (
        token.pos_ in ("PROPN", "NOUN", "X")
        and "'" in word[1:-1]
        and word[:1].isupper()
        and word.replace("'", "").istitle()
    )


def _takes_over(token: Token) -> bool:
    """Is ``token`` (or the first of its conjuncts) what "took over" takes: a place, in a war report."""
    first = token.head if token.dep_ == "conj" else token
    if first.dep_ == "pobj" and first.head.lower_ == "over":
        return lx.verb_lemma(first.head.head) == "take"
    return (
        first.dep_ == "dobj"
        and lx.verb_lemma(first.head) == "take"
        and any(c.dep_ == "prt" and c.lower_ == "over" for c in first.head.children)
    )
