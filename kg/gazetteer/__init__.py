"""The gazetteer: the places and actors kg links mentions to, loaded from ``ontology/gazetteer.ttl``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from pyoxigraph import NamedNode, RdfFormat, parse

from kg.namespaces import GEO, KG, OWL, RDF, RDFS, SKOS, WD

PLACE_KINDS = frozenset(
    {
        "Country",
        "Province",
        "District",
        "City",
        "Region",
        "Facility",
        "Prison",
        "Airport",
        "MilitaryBase",
        "BorderCrossing",
        "Route",
    }
)
ACTOR_KINDS = frozenset(
    {
        "Person",
        "Organization",
        "ArmedGroup",
        "GovernmentBody",
        "MilitaryForce",
        "InternationalOrganization",
        "MediaOutlet",
        "NewsAgency",
        "GroupOfPeople",
        "ForeignForce",
    }
)
_MATCHABLE_PLACES = frozenset({"City", "Province", "BorderCrossing", "MilitaryBase", "Airport"})
_POINT = re.compile(r"POINT\s*\(\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s*\)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entity."""

    iri: str
    kind: str
    """Local name of its kg class: ``City``, ``Province``, ``ArmedGroup``..."""
    label: str
    aliases: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()
    """Common nouns that refer to this actor only in context (``insurgents`` for the Taliban)."""
    qid: str | None = None
    province: str | None = None
    """IRI of the province a place lies in."""
    point: tuple[float, float] | None = None
    """``(longitude, latitude)``."""
    side: str | None = None
    """For armed and state actors: ``government`` or ``insurgency``."""
    country: str | None = None
    """ISO 3166-1 alpha-2 code of the country a place lies in or an actor belongs to."""

    @staticmethod
    def place_kind(kind: str) -> bool:
        """Whether a kg class names a place: a gazetteer place kind, or ``Place`` (a place of no known kind)."""
        return kind in PLACE_KINDS or kind == "Place"

    @property
    def is_place(self) -> bool:
        return Entry.place_kind(self.kind)

    @property
    def is_actor(self) -> bool:
        return self.kind in ACTOR_KINDS


@dataclass(frozen=True)
class Gazetteer:
    """Entities by IRI, with lookups by name."""

    entries: dict[str, Entry]
    source: bytes = field(default=b"", repr=False, compare=False)
    """The Turtle the entries were read from (the built-in pack, then the user's packs)."""
    _by_name: dict[str, tuple[Entry, ...]] = field(init=False, repr=False, compare=False)
    _place_keys: list[tuple[str, Entry]] | None = field(init=False, repr=False, compare=False)
    countries: frozenset[str] = field(init=False, repr=False, compare=False)
    """The countries the packs' places lie in: the region they describe."""

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "countries", frozenset(e.country for e in self.entries.values() if e.is_place and e.country)
        )
        by_name: dict[str, list[Entry]] = {}
        for entry in self.entries.values():
            for name in (entry.label, *entry.aliases):
                by_name.setdefault(name.casefold(), []).append(entry)
        object.__setattr__(self, "_by_name", {k: tuple(v) for k, v in by_name.items()})
        object.__setattr__(self, "_place_keys", None)

    def place_keys(self) -> list[tuple[str, Entry]]:
        """(spelling-insensitive key, entry) for every name of every city, province, crossing or base:
        the index misspelt names are matched against."""
        if self._place_keys is None:
            from kg.names import name_key

            keys = [
                (name_key(name), entry)
                for entry in self.entries.values()
                if entry.kind in _MATCHABLE_PLACES
                for name in (entry.label, *entry.aliases)
            ]
            object.__setattr__(self, "_place_keys", keys)
            return keys
        return self._place_keys

    def __getitem__(self, iri: str) -> Entry:
        return self.entries[iri]

    def __contains__(self, iri: object) -> bool:
        return iri in self.entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, name: str) -> tuple[Entry, ...]:
        """Entities whose label or alias is ``name`` (case-insensitive)."""
        return self._by_name.get(name.casefold(), ())

    def capital_of(self, province_iri: str) -> Entry | None:
        for entry in self.entries.values():
            if entry.kind == "City" and entry.province == province_iri:
                return entry
        return None

    @classmethod
    def from_turtle(cls, data: bytes | str) -> Gazetteer:
        raw = data.encode() if isinstance(data, str) else data
        return cls(_entries(parse(raw, format=RdfFormat.TURTLE)), source=raw)


def point_wkt(lon: float, lat: float) -> str:
    """The WKT ``POINT(lon lat)`` kg writes: five decimals (about a metre)."""
    return f"POINT({lon:.5f} {lat:.5f})"


def wkt_point(wkt: str) -> tuple[float, float] | None:
    """``(longitude, latitude)`` of a WKT ``POINT(lon lat)``, if ``wkt`` is one."""
    match = _POINT.search(wkt)
    return (float(match.group(1)), float(match.group(2))) if match else None


def gazetteer_bytes() -> bytes:
    """The built-in region pack (Afghanistan), as Turtle."""
    return resources.files("kg.ontology").joinpath("gazetteer.ttl").read_bytes()


@lru_cache(maxsize=8)
def load_gazetteer(packs: tuple[str, ...] = ()) -> Gazetteer:
    """The built-in region pack and the user's ``packs`` (Turtle or TSV files), parsed once per process.

    Raises ``ConfigError`` naming the pack and what is wrong with it."""
    if not packs:
        return Gazetteer.from_turtle(gazetteer_bytes())
    from kg.gazetteer.packs import packs_turtle

    return Gazetteer.from_turtle(packs_turtle(gazetteer_bytes(), packs))


def _entries(triples: Iterable) -> dict[str, Entry]:
    props: dict[str, dict[str, list]] = {}
    for t in triples:
        props.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)

    def one(values: dict[str, list], pred: NamedNode) -> str | None:
        found = values.get(pred.value)
        return found[0].value if found else None

    entries: dict[str, Entry] = {}
    for iri, values in props.items():
        kinds = [o.value.removeprefix(KG.iri) for o in values.get(RDF.type.value, []) if o.value.startswith(KG.iri)]
        kind = next((k for k in kinds if k in PLACE_KINDS or k in ACTOR_KINDS), None)
        if kind is None:
            continue
        label = one(values, RDFS.label) or iri
        qid = next(
            (o.value.removeprefix(WD.iri) for o in values.get(OWL.sameAs.value, []) if o.value.startswith(WD.iri)),
            None,
        )
        point = None
        geometry = one(values, GEO.hasGeometry)
        if geometry and (wkt := one(props.get(geometry, {}), GEO.asWKT)):
            point = wkt_point(wkt)
        entries[iri] = Entry(
            iri=iri,
            kind=kind,
            label=label,
            aliases=tuple(sorted(o.value for o in values.get(SKOS.altLabel.value, []))),
            descriptors=tuple(sorted(o.value for o in values.get(KG.descriptor.value, []))),
            qid=qid,
            province=one(values, KG.province),
            point=point,
            side=one(values, KG.side),
            country=one(values, KG.countryCode),
        )
    return entries
