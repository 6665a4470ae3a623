"""Where the article is: the countries it names, the one it is about, and the place context the
world gazetteer weighs its candidates by."""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span, Token

from kg.extract.entities.refs import clean_name
from kg.extract.records import EntityRef
from kg.gazetteer import Gazetteer
from kg.gazetteer.countries import Country, country_by_code, country_named, country_of_demonym
from kg.gazetteer.world import PlaceContext, WorldGazetteer


class ArticleContext:
    """The countries one parsed article names, and its focus country."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, world: WorldGazetteer | None) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.world = world
        self.countries = self._countries_named()
        self.focus_country: str | None = self.countries.most_common(1)[0][0] if self.countries else None
        """The country the article is about: the one it names most often."""
        self._place_context: PlaceContext | None = None
        top = self.countries.most_common(1)[0][1] if self.countries else 0
        self.story_countries = frozenset(
            c for c, n in self.countries.items() if c == self.focus_country or (n >= 2 and 2 * n >= top)
        )
        """The countries the article is about: the one it names most and any it names nearly as often
        (a war across a border, "Croatian forces ... in Bosnia")."""

    def _countries_named(self) -> Counter[str]:
        """ISO codes of the countries the article names, by name, demonym or a region-pack place."""
        counts: Counter[str] = Counter()
        resolved: dict[str, Country | None] = {}  # one look-up per name, however often the article repeats it
        for ent in self.doc.ents:
            country = None
            if ent.ent_id_ and ent.ent_id_ in self.gazetteer:
                code = self.gazetteer[ent.ent_id_].country
                if code and self.gazetteer[ent.ent_id_].is_place:
                    counts[code] += 1
                continue
            weight = 2  # a country named counts more than a nationality or a town
            if ent.label_ in ("GPE", "LOC"):
                name = clean_name(ent.text)
                country = country_named(name)
                if country is None and self.world is not None:
                    if name not in resolved:
                        found = self.world.resolve(name, PlaceContext())
                        resolved[name] = country_by_code(found.place.country) if found and found.score >= 0.5 else None
                    country = resolved[name]
                    weight = 1
            elif ent.label_ in ("NORP", "PERSON") and len(ent) == 1:
                country, weight = country_of_demonym(ent.text), 1
            elif ent.label_ == "ORG":
                country, weight = next((c for t in ent if t.is_title and (c := country_of_demonym(t.text))), None), 1
            if country is not None:
                counts[country.code] += weight
        for token in self.doc:  # a one-word country name or nationality the model tagged as nothing
            if token.ent_type_ or not token.is_title or _in_a_name(token):  # ("Fighting in Chad", "Malian troops")
                continue
            if token.pos_ == "PROPN" and (country := country_named(token.text)) is not None:
                counts[country.code] += 1
            elif token.pos_ in ("ADJ", "PROPN") and (country := country_of_demonym(token.text)) is not None:
                counts[country.code] += 1
        return counts

    @property
    def place_context(self) -> PlaceContext:
        """Where the article is: the countries and provinces it names (by name or demonym), its dateline."""
        if self._place_context is None:
            assert self.world is not None
            names = [clean_name(e.text) for e in self.doc.ents if e.label_ in ("GPE", "LOC")]
            dateline = next((clean_name(e.text) for e in self.doc.ents if e.label_ == "GPE" and _is_dateline(e)), None)
            context = self.world.context_from_names(names, dateline=dateline)
            for code, count in self.countries.items():
                context.countries[code] = max(context.countries[code], count)
            self._place_context = context
        return self._place_context


def country_code(entity: EntityRef) -> str | None:
    """The ISO code of a country entity; None for anything else."""
    if entity.kind != "Country":
        return None
    if entity.country is not None:
        return entity.country
    country = country_named(entity.label)
    return country.code if country is not None else None


def _is_dateline(ent: Span) -> bool:
    """ "GOMA, Congo —", "KABUL (Reuters) -": a place that opens a line of the story and is followed by a
    comma, a dash or a parenthesis."""
    doc = ent.doc
    opens_line = ent.start == 0 or "\n" in doc[ent.start - 1].text or "\n" in doc[ent.start - 1].whitespace_
    after = doc[ent.end].text if ent.end < len(doc) else ""
    return opens_line and after in (",", "—", "–", "-", "(") and ent.start_char < 2000


def _in_a_name(token: Token) -> bool:
    """Is ``token`` part of a longer capitalised name ("Chad Smith", "Michael Jordan")?"""
    doc = token.doc
    before = doc[token.i - 1] if token.i > 0 and not token.is_sent_start else None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return any(t is not None and t.is_title and t.pos_ == "PROPN" for t in (before, after))
