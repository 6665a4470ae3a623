"""The merged events as the tables conflict researchers load: one row per event with ACLED-like
columns (CSV for pandas, R and Stata; Parquet), and a time-enabled GeoJSON (one Feature per
located event, with ISO dates, as QGIS's temporal controller and kepler.gl read them).

The rows come from :class:`~kg.dashboard.Dashboard` (the events and their provenance) plus two
queries: the kind of each actor and the first-level division and country of each place.
"""

from __future__ import annotations

import calendar
import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from typing import IO, Any, NotRequired, TypedDict, cast

from kg.casualty_view import fatalities_by_event
from kg.dashboard import Dashboard, EventFilter
from kg.errors import ConfigError
from kg.gazetteer.countries import country_by_code
from kg.namespaces import sparql_prefixes
from kg.ontology_classes import acled_sub_event_types, ancestors

EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "the merged event's IRI: stable across builds of the same articles"),
    ("event_date", "YYYY-MM-DD, YYYY-MM or YYYY: the most precise date any source fixes; empty if none"),
    ("date_precision", "day, month or year; empty without a date"),
    (
        "event_type",
        "ACLED event type (Battles, Explosions/Remote violence, Violence against civilians, Strategic developments)",
    ),
    ("sub_event_type", "ACLED sub-event type, from the ontology's kg:acledSubEventType of the event's class"),
    ("kg_type", "the kg event class (TakeControl, Attack, Airstrike, ...)"),
    ("actor1", "who did it: the agents' names, '; '-separated"),
    ("actor2", "to whom or against whom: the targets' names, '; '-separated"),
    ("location", "the place's name"),
    ("admin1", "its first-level division (province, state, oblast), where known"),
    ("country", "its country, where known"),
    ("latitude", "WGS84 latitude of the place; empty if unknown"),
    ("longitude", "WGS84 longitude"),
    ("geo_precision", "1 the place itself, 2 a facility placed at its town, 3 a province or country (ACLED's codes)"),
    ("sources", "articles reporting the event"),
    ("origins", "independent origins among them (a wire story carried by two outlets counts once)"),
    ("status", "Claimed (one origin), Corroborated (several) or Contested (a statement disputes it)"),
    ("source_url", "the first reporting article's URL, or its file name"),
    ("evidence", "the first evidence sentence, verbatim from that article"),
    (
        "fatalities_low",
        "people killed in the event: the lowest low any source's figure allows; empty if none gives one",
    ),
    ("fatalities_best", "the most conservative best figure among the sources (as ACLED's fatalities); empty if none"),
    ("fatalities_high", 'the highest high; empty when a source leaves it open ("at least 20") or none gives one'),
)
COLUMN_NAMES = tuple(name for name, _ in EVENT_COLUMNS)

# ACLED's event types and the sub-event types under each (ACLED Codebook, 2023).
ACLED_EVENT_TYPES = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Air/drone strike": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Chemical weapon": "Explosions/Remote violence",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Sexual violence": "Violence against civilians",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}
_STATE_KINDS = frozenset({"MilitaryForce", "ForeignForce", "GovernmentBody"})
_REGION_KINDS = frozenset({"Province", "Region", "Country"})

_P = sparql_prefixes(("kg", "rdf", "rdfs", "sem", "schema"))
_ACTOR_KINDS = (
    _P
    + """
SELECT DISTINCT ?actor ?type WHERE {
  ?event a kg:CanonicalEvent ; kg:agent|kg:target ?actor .
  ?actor a ?type . FILTER(STRSTARTS(STR(?type), STR(kg:)))
}"""
)
_PLACE_REGIONS = (
    _P
    + """
SELECT DISTINCT ?place ?admin1 ?code WHERE {
  ?event a kg:CanonicalEvent ; sem:hasPlace ?place .
  OPTIONAL { ?place (kg:mergedFrom/schema:containedInPlace|schema:containedInPlace)?/kg:province/rdfs:label ?admin1 }
  OPTIONAL { ?place (kg:mergedFrom/schema:containedInPlace|schema:containedInPlace)?/kg:countryCode ?code }
}"""
)


class _ActorKindRow(TypedDict):
    actor: str
    type: str


class _PlaceRegionRow(TypedDict):
    place: str
    admin1: NotRequired[str]
    code: NotRequired[str]


def event_rows(
    dashboard: Dashboard, query: EventFilter | None = None, *, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """One flat row per merged event (columns :data:`EVENT_COLUMNS`), in date order."""
    return event_table(dashboard, query, limit=limit, offset=offset)[0]


def event_table(
    dashboard: Dashboard, query: EventFilter | None = None, *, limit: int | None = None, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """A page of :func:`event_rows` (``limit`` and ``offset`` as ``/api/v1/events``) and the number
    of events the filter selects."""
    page = dashboard.events(
        query or EventFilter(), limit=limit if limit is not None else 10**12, offset=offset, details=True
    )
    kinds, regions = dashboard.memo("tables", lambda: _lookups(dashboard))
    deaths = fatalities_by_event(dashboard)
    return [_row(event, kinds, regions, deaths.get(event["iri"], {})) for event in page["items"]], page["total"]


def _lookups(dashboard: Dashboard) -> tuple[dict[str, set[str]], dict[str, tuple[str | None, str | None]]]:
    """The kinds of the events' actors and the division and country of their places (read once
    per version of the merged view)."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for actor in cast(list[_ActorKindRow], dashboard.store.select_rows(_ACTOR_KINDS)):
        kinds[actor["actor"]].add(actor["type"].rsplit("#", 1)[-1])
    found: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for row in cast(list[_PlaceRegionRow], dashboard.store.select_rows(_PLACE_REGIONS)):
        admin1, codes = found[row["place"]]
        admin1.update([row["admin1"]] if "admin1" in row else [])
        codes.update([row["code"]] if "code" in row else [])
    regions = {place: (min(a, default=None), min(c, default=None)) for place, (a, c) in found.items()}
    return dict(kinds), regions


def _row(
    event: dict[str, Any],
    kinds: dict[str, set[str]],
    regions: dict[str, tuple[str | None, str | None]],
    deaths: dict[str, int | None],
) -> dict[str, Any]:
    agents = [a for a in event["actors"] if a["role"] == "agent"]
    targets = [a for a in event["actors"] if a["role"] == "target"]
    sub_event = _sub_event_type(event["type"], agents, targets, kinds)
    place = event["place"] or {}
    admin1, code = regions.get(place.get("iri", ""), (None, None))
    country = country_by_code(code) if code else None
    point = place.get("point")
    if place.get("kind") == "Province":
        admin1 = admin1 or place["label"]
    country_name = country.name if country else (place["label"] if place.get("kind") == "Country" else "")
    first = event["reports"][0] if event["reports"] else None
    return {
        "event_id": event["iri"],
        "event_date": event["date"] or "",
        "date_precision": event["date_precision"] or "",
        "event_type": ACLED_EVENT_TYPES.get(sub_event, "Strategic developments"),
        "sub_event_type": sub_event,
        "kg_type": event["type"],
        "actor1": "; ".join(a["label"] for a in agents),
        "actor2": "; ".join(a["label"] for a in targets),
        "location": place.get("label", ""),
        "admin1": admin1 or "",
        "country": country_name,
        "latitude": point[1] if point else None,
        "longitude": point[0] if point else None,
        "geo_precision": _geo_precision(place) if point else None,
        "sources": event["sources"],
        "origins": event["outlets"],
        "status": event["status"],
        "source_url": (first["article"].get("source") or first["article"]["iri"]) if first else "",
        "evidence": first["evidence"]["sentence"] if first else "",
        "fatalities_low": deaths.get("low"),
        "fatalities_best": deaths.get("best"),
        "fatalities_high": deaths.get("high"),
    }


def _sub_event_type(
    kind: str, agents: list[dict[str, Any]], targets: list[dict[str, Any]], kinds: dict[str, set[str]]
) -> str:
    """ACLED's sub-event type for a kg event class: the class's own (or its nearest ancestor's),
    chosen by who acted where the ontology gives several (a state's forces "regain" territory)."""
    options = next((found for k in ancestors(kind) if (found := acled_sub_event_types().get(k))), ())
    if not options:
        return "Other"
    if "Government regains territory" in options and "Non-state actor overtakes territory" in options:
        state = any(kinds.get(a["iri"], set()) & _STATE_KINDS for a in agents)
        return "Government regains territory" if state else "Non-state actor overtakes territory"
    if "Attack" in options and any("GroupOfPeople" in kinds.get(t["iri"], set()) for t in targets):
        return "Attack"  # against civilians
    return options[0]


def _geo_precision(place: dict[str, Any]) -> int:
    if place.get("kind") in _REGION_KINDS:
        return 3
    return 2 if place.get("approximate") else 1


def write_events_csv(rows: Iterable[dict[str, Any]], output: IO[bytes]) -> None:
    """RFC 4180 CSV, UTF-8, a header row of :data:`COLUMN_NAMES`. Cells are the text as
    published: one that begins with "=" stays so (open the file in a spreadsheet as data, or
    read it with pandas, R or Stata)."""
    text = io.TextIOWrapper(output, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.DictWriter(text, fieldnames=COLUMN_NAMES)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
        text.flush()
    finally:
        text.detach()  # the caller's stream stays open, whatever happened


def write_events_parquet(rows: list[dict[str, Any]], output: IO[bytes]) -> None:
    """Parquet with typed columns (needs pyarrow: ``pip install 'kg[tables]'``)."""
    try:
        import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type information
        import pyarrow.parquet as pq  # type: ignore[import-untyped]  # as above
    except ImportError:
        raise ConfigError("Parquet needs pyarrow: pip install 'kg[tables]' (or write events.csv)") from None
    types = {
        "latitude": pa.float64(),
        "longitude": pa.float64(),
        "geo_precision": pa.int8(),
        "sources": pa.int32(),
        "origins": pa.int32(),
        "fatalities_low": pa.int64(),
        "fatalities_best": pa.int64(),
        "fatalities_high": pa.int64(),
    }
    schema = pa.schema([(name, types.get(name, pa.string())) for name in COLUMN_NAMES])
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, output)


def events_geojson(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """RFC 7946 FeatureCollection: one Point per event whose place has coordinates. ``date`` is the event's
    date as sources give it; ``start`` and ``end`` the ISO days it covers (a month-precise date
    covers the month), for time sliders; undated events have null dates."""
    features = []
    for row in rows:
        if row["latitude"] is None:
            continue
        start, end = _interval(row["event_date"])
        features.append(
            {
                "type": "Feature",
                "id": row["event_id"],
                "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                "properties": {
                    **{k: v for k, v in row.items() if k not in ("latitude", "longitude")},
                    "date": row["event_date"] or None,
                    "start": start,
                    "end": end,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _interval(date: str) -> tuple[str | None, str | None]:
    if not date:
        return None, None
    if len(date) == 10:
        return date, date
    if len(date) == 7:
        year, month = int(date[:4]), int(date[5:])
        return f"{date}-01", f"{date}-{calendar.monthrange(year, month)[1]:02d}"
    return f"{date}-01-01", f"{date}-12-31"
