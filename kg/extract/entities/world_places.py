"""World-gazetteer places as entities (a region pack's own entry for a place when it has one), and the capitals
of provinces and countries: a pack's, else the world city that shares a province's name or stands out in it."""

from __future__ import annotations

import math
from functools import lru_cache

from kg.extract import place_words
from kg.extract.entities.context import country_code
from kg.extract.entities.refs import entity_from_entry
from kg.extract.records import EntityRef
from kg.gazetteer import Entry, Gazetteer
from kg.gazetteer.countries import country_capital
from kg.gazetteer.world import WorldGazetteer, WorldPlace
from kg.names import name_key


class WorldPlaceEntities:
    """World places as entities and the capitals of places, for :class:`~kg.extract.entities.places.PlaceLinker`."""

    gazetteer: Gazetteer
    world: WorldGazetteer | None
    _fuzzy_index: list[tuple[str, Entry]]

    def world_entity(self, place: WorldPlace) -> EntityRef:
        """A world place as an entity: a region pack's own entry for it when the pack has one (one node
        per place, whichever gazetteer found it)."""
        for entry in self.gazetteer.lookup(place.label) or self._pack_by_key(place.label):
            if (
                entry.is_place
                and entry.country == place.country
                and (
                    entry.kind == place.kind
                    or entry.kind in place_words.CITY_LIKE
                    and place.kind in place_words.CITY_LIKE
                )
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
