"""Place names linked to a gazetteer: a region pack's entry (exact or misspelt), the world
gazetteer's best candidate in the article's context, or a place of the article's own; and the names no
model tagged that a place cue marks. World places as entities and capitals are in ``world_places``, the
syntactic cues in ``place_cues``."""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Span, Token

from kg.extract import lexicon as lx
from kg.extract import place_words
from kg.extract.entities.context import ArticleContext
from kg.extract.entities.persons import titled
from kg.extract.entities.place_cues import (
    TakenPlaceCues,
    a_person_elsewhere,
    a_side_driven_out_of,
    a_stronghold_taken,
    described_as_place,
    headline_words,
    left_by_a_side,
    named_in_a_capture_noun,
    place_kind_from_context,
    taken_by_a_side,
    taken_by_a_verb,
    takes_over,
)
from kg.extract.entities.refs import clean_name, entity_from_entry, local_entity
from kg.extract.entities.registry import MentionRegistry
from kg.extract.entities.world_places import WorldPlaceEntities
from kg.extract.records import EntityRef
from kg.extract.timex import MONTHS, WEEKDAYS
from kg.gazetteer import Entry, Gazetteer
from kg.gazetteer.countries import country_named, country_of_demonym
from kg.gazetteer.world import LARGE_POPULATION, WorldGazetteer
from kg.names import fold, name_key
from kg.vocab import LinkMethod


class PlaceLinker(WorldPlaceEntities, TakenPlaceCues):
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
        if of_after and words & place_words.SIDE_NOUNS and words <= place_words.COMPASS_WORDS | place_words.SIDE_NOUNS:
            return  # "the east coast of X": a side of the place the phrase goes on to name (not "the West Bank")
        if {t.lemma_.lower() for t in ent} & place_words.ROUTE_NOUNS:
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
        if (last in place_words.FACILITY_NOUNS or last in place_words.BUILDING_NAME_NOUNS) and len(ent) > 1:
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
                local_entity(place_words.PLACE_NOUN_KIND.get(last, "Facility"), label, located_in=within),
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

    def _world_place(self, ent: Span, kind: str | None, *, strong: bool, taken: bool = False) -> bool:
        """Link ``ent`` to the world gazetteer. A strong cue (NER said place, "the city of X") takes
        the best candidate; a weak one ("in X" around a name NER called a person) only one in a
        country the article names, or, when ``ent`` is being taken ("to take X", "won control of X"), a
        capital or a large city that the article calls nowhere a person's."""
        if (
            self.world is None
            or set(fold(ent.text).split()) - place_words.PLACE_AFTER_NAME - {"the"} <= place_words.COMPASS_WORDS
        ):
            return False
        hint = kind if kind in ("City", "Province", "Country") else ("City" if kind == "District" else None)
        found = self.world.resolve(clean_name(ent.text), self.context.place_context, kind_hint=hint)
        if found is None:
            return False
        place = found.place
        if (
            not strong
            and place.country not in self.context.countries
            and not (
                taken
                and place.kind == "City"
                and (place.capital or place.population >= LARGE_POPULATION)
                and not a_person_elsewhere(ent)
            )
        ):
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
        if (
            root.dep_ == "compound"
            and root.head.pos_ == "NOUN"
            and root.head.lemma_.lower() not in place_words.PLACE_NOUN_KIND
        ):
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
            and after.lemma_.lower() in place_words.PLACE_AFTER_NAME
            and after.pos_ in ("NOUN", "PROPN")
            and not adjective
        ):
            kind = place_words.PLACE_NOUN_KIND.get(after.lemma_.lower())  # "X district"; not "the rebel X capital"
        if (
            ent[-1].lemma_.lower() in place_words.PLACE_NOUN_KIND
            and len(ent) > 1
            and all(country_of_demonym(t.text) is not None for t in ent[:-1])
        ):
            return False  # "Chadian Troops Retake Nigerian Village": a Title Case description, no name
        strong = kind is not None or described_as_place(ent)
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
            and doc[ent.start - 2].lemma_.lower() in place_words.PLACE_OF_WORDS
        )
        left = left_by_a_side(ent)
        weak = len(ent) <= 3 and (
            (ent.start > 0 and doc[ent.start - 1].lower_ in place_words.LOCATIVE_CUES)
            or (
                ent.start > 1
                and doc[ent.start - 1].lower_ == "to"
                and doc[ent.start - 2].lemma_.lower() in lx.MOTION_TO_VERBS
            )  # "the rebels returned to X"
            or out_of
            or of_place
            or self._taken(ent.root)
            or left
        )
        if not (strong or weak) or titled(ent) or headline_words(ent):
            return False
        if after is not None and after.lemma_.lower() in ("district", "province", "city", "town", "village", "valley"):
            match = self.fuzzy_place(ent)
            if match is not None:
                self.registry.add(
                    ent.start, ent.end, entity_from_entry(match[0]), LinkMethod.FUZZY, round(0.6 + 0.3 * match[1], 2)
                )
                return True
        if self._world_place(ent, kind, strong=strong, taken=taken_by_a_verb(ent.root) or left):
            return True
        root = ent.root
        verb = self.taking_verb(root)
        taken = self._taken(root) and (
            lx.verb_lemma(verb) in lx.PLACE_ONLY_CAPTURE_VERBS
            or takes_over(root)
            or taken_by_a_side(verb, ent)
            or named_in_a_capture_noun(ent)
            or a_stronghold_taken(ent)
            or a_side_driven_out_of(ent)
        )
        if not strong and (taken or left):  # "retook A and B", "the army abandoned X"
            self.registry.add(ent.start, ent.end, local_entity("Place", clean_name(ent.text)), LinkMethod.CONTEXT, 0.6)
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
                and place_words.PLACE_NOUN_KIND.get(doc[i - 2].lemma_.lower()) == "City"
                and (token.lower_ not in WEEKDAYS and token.lower_ not in MONTHS)
            )
            if (
                i in by_token
                or not _name_like(token)
                or token.ent_type_ == "PERSON"
                or (token.ent_type_ in ("DATE", "TIME") and not named_by_noun)
                or (token.ent_type_ == "NORP" and country_of_demonym(token.text) is not None)  # "Iraqis were freed"
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
                        doc[end].lower_ in place_words.NAME_CONNECTORS
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
            if len(span) == 1 and (
                token.lemma_.lower() in place_words.PLACE_NOUN_KIND or token.lower_ in place_words.PLACE_NOUN_KIND
            ):
                i = end  # "Troops Recapture Village": a Title Case common noun, no name
                continue
            if country_named(span.text) is not None:
                self._world_place(span, "Country", strong=False)  # "Chad's capture of", in a story about Chad
            elif end < len(doc) and doc[end].text == "(":
                if place_kind_from_context(span) is not None:  # "X (Somali: Y) is a city in ...", not "X (XY)"
                    self.link_by_context(span)
            elif not self.link_by_context(span):
                self.link_known_city(span)  # "Ramadi was one of the last strongholds": a large city, untagged
            i = end

    def retype_lists_under_a_designator(self) -> None:
        """ "Kandahar, Uruzgan and Zabul provinces": a plural designator after a list makes every name in
        it that kind, the province of a name shared by a province and its capital."""
        doc = self.registry.doc
        for token in doc:
            kind = place_words.PLACE_NOUN_KIND.get(token.lemma_.lower())
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
            if context and context in place_words.CITY_LIKE and entry.kind not in place_words.CITY_LIKE:
                continue
            score = Levenshtein.normalized_similarity(key, candidate)
            if score >= threshold and (best is None or score > best[0]):
                best = (score, entry)
        return (best[1], best[0]) if best else None


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
