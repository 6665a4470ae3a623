"""What the dashboard API serves: the merged view as plain JSON-ready dicts, every item with its
provenance (articles, outlets, evidence sentences with offsets into the stored article text).
Their shapes are declared once, by the pydantic models of :mod:`kg.dashboard_models`.

Functions take a :class:`~kg.store.Store` and work on the embedded and remote stores alike. Event
summaries are cached per version of the merged view (its fingerprint), so filtering and paging a
large graph costs one query per change, not per request.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pyoxigraph import NamedNode

from kg.dashboard_models import ArticleRef
from kg.gazetteer import wkt_point
from kg.namespaces import KG, WD, Minter
from kg.ontology_classes import ancestors
from kg.queries import dashboard_query
from kg.store import Store

T = TypeVar("T")
_VALUES_CHUNK = 500
"""Events per reports query (a VALUES block of IRIs, written by pyoxigraph's serialisation)."""
Row = dict[str, str]
"""A SELECT row as the store gives it: variable -> the bound term's value (unbound ones left out)."""


@dataclass(frozen=True, slots=True)
class EventFilter:
    type: str | None = None
    """A kg event class, matched with its subclasses (``TakeControl`` includes ``Handover``)."""
    actor: str | None = None
    """An actor IRI, or part of its name."""
    place: str | None = None
    """A place IRI, or part of its name."""
    date_from: str | None = None
    date_to: str | None = None
    status: str | None = None

    def matches(self, event: dict[str, Any]) -> bool:
        if self.type and self.type not in event["types"]:
            return False
        if self.status and self.status.lower() != event["status"].lower():
            return False
        if self.place and not _matches(self.place, [event["place"]] if event["place"] else []):
            return False
        if self.actor and not _matches(self.actor, event["actors"]):
            return False
        if self.date_from or self.date_to:
            if not event["date"]:
                return False
            low, high = _interval(event["date"])
            if self.date_from and high < self.date_from:
                return False
            if self.date_to and low > self.date_to:
                return False
        return True


def _matches(needle: str, items: list[dict[str, Any]]) -> bool:
    lowered = needle.lower()
    return any(item["iri"] == needle or lowered in item["label"].lower() for item in items)


def _interval(date: str) -> tuple[str, str]:
    """``2021-08`` -> (``2021-08-01``, ``2021-08-31``): the days a date of any precision covers."""
    if len(date) == 10:
        return date, date
    if len(date) == 7:
        return date + "-01", date + "-31"
    return date + "-01-01", date + "-12-31"


def _point(wkt: str) -> list[float] | None:
    """``[longitude, latitude]`` of a WKT point, as GeoJSON writes coordinates."""
    point = wkt_point(wkt)
    return list(point) if point else None


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri


class Dashboard:
    """Dashboard queries over one store, with the event summaries cached per merged-view version."""

    def __init__(self, store: Store, minter: Minter) -> None:
        self.store = store
        self.minter = minter
        self._lock = threading.Lock()
        self._cache_key: str | None = None
        self._events: list[dict[str, Any]] = []
        self._labels: dict[str, str] = {}
        self._places: dict[str, dict[str, Any]] = {}
        self._claims: tuple[dict[str, dict[str, Any]], dict[str, list[tuple[str, str]]]] | None = None
        self._claims_key: str | None = None
        self._memo: dict[str, Any] = {}
        self._memo_key: str | None = None

    # ---- the cache -----------------------------------------------------------------------------------

    def _rows(self, name: str, *, events: str | None = None, **bindings: NamedNode) -> list[Row]:
        """The rows of ``kg/queries/dashboard/NAME.rq``; ``events`` (IRIs written by pyoxigraph) replaces
        ``$EVENTS`` in the VALUES block of reports.rq."""
        text = dashboard_query(name)
        return self.store.select_rows(text.replace("$EVENTS", events) if events is not None else text, **bindings)

    def _version(self) -> str:
        digest = self.store.graph_digest(self.minter.merged_graph(), self.minter.provenance_graph())
        return digest or ""

    def _load(self) -> None:
        version = self._version()
        with self._lock:
            if version == self._cache_key:
                return
            labels = {row["node"]: row["label"] for row in self._rows("labels")}
            places = self._read_places()
            summaries: dict[str, dict[str, Any]] = {}
            types: dict[str, set[str]] = defaultdict(set)
            for row in self._rows("event_summaries"):
                iri = row["event"]
                types[iri].add(_local(row["type"]))
                summaries.setdefault(
                    iri,
                    {
                        "iri": iri,
                        "status": _local(row["status"]),
                        "date": row.get("date"),
                        "date_precision": _local(row["precision"]).lower() if "precision" in row else None,
                        "place": places.get(row["place"]) if "place" in row else None,
                        "sources": int(row["sources"]),
                        "outlets": int(row["origins"]),
                        "actors": [],
                    },
                )
            for iri, summary in summaries.items():
                kinds = types[iri]
                specific = min(
                    (k for k in kinds if not any(k != o and k in ancestors(o) for o in kinds)), default="Event"
                )
                summary["type"] = specific
                summary["types"] = ancestors(specific)
            for row in self._rows("event_actors"):
                acted = summaries.get(row["event"])
                if acted is not None:
                    acted["actors"].append(
                        {
                            "iri": row["actor"],
                            "label": labels.get(row["actor"], row["actor"]),
                            "role": _local(row["role"]),
                        }
                    )
            events = sorted(summaries.values(), key=lambda e: (e["date"] is None, e["date"] or "", e["iri"]))
            for event in events:
                event["actors"].sort(key=lambda a: (a["role"], a["label"]))
            self._events, self._labels, self._places, self._cache_key = events, labels, places, version

    def memo(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, kept until the merged view changes (for readers built on the dashboard)."""
        self._load()
        with self._lock:
            if self._memo_key != self._cache_key:
                self._memo, self._memo_key = {}, self._cache_key
            if name not in self._memo:
                self._memo[name] = compute()
            return self._memo[name]

    def _read_places(self) -> dict[str, dict[str, Any]]:
        places: dict[str, dict[str, Any]] = {}
        for row in self._rows("places"):
            place = places.setdefault(
                row["place"],
                {
                    "iri": row["place"],
                    "label": row["label"],
                    "kind": "Place",
                    "qid": None,
                    "point": None,
                    "approximate": False,
                },
            )
            if "type" in row and _local(row["type"]) != "Place":
                place["kind"] = _local(row["type"])
            if "qid" in row:
                place["qid"] = row["qid"].removeprefix(WD.iri)
            if "wkt" in row:
                place["point"], place["approximate"] = _point(row["wkt"]), False
            elif place["point"] is None and "withinWkt" in row:
                place["point"], place["approximate"] = _point(row["withinWkt"]), True  # a facility at its city
        return places

    # ---- events ----------------------------------------------------------------------------------------

    def events(self, query: EventFilter, *, limit: int, offset: int, details: bool = True) -> dict[str, Any]:
        self._load()
        selected = [e for e in self._events if query.matches(e)]
        page = selected[offset : offset + limit]
        items = self._with_provenance(page) if details else [_public(e) for e in page]
        return {"total": len(selected), "limit": limit, "offset": offset, "items": items}

    def event(self, iri: str) -> dict[str, Any] | None:
        self._load()
        found = next((e for e in self._events if e["iri"] == iri), None)
        return self._with_provenance([found])[0] if found else None

    def _with_provenance(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The events with their reports and claims: a few queries per page, not per event."""
        reports = self._reports([e["iri"] for e in events])
        claim_index, claims_of = self._claim_index()
        out = []
        for event in events:
            claims: dict[str, list[dict[str, Any]]] = {"supporting": [], "disputing": []}
            for claim_iri, side in claims_of.get(event["iri"], []):
                claim = claim_index.get(claim_iri)
                if claim is not None:
                    claims["supporting" if side == "supports" else "disputing"].append(claim)
            own = reports.get(event["iri"], [])
            dated_by = [r for r in own if r["date"] and r["date"] == event["date"]]
            out.append(
                {
                    **_public(event),
                    "date_source": dated_by[0]["article"] if dated_by else None,
                    "reports": own,
                    "claims": claims,
                }
            )
        return out

    def _reports(self, events: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Event IRI -> its reports, in article and offset order (one query per chunk of events)."""
        articles = self._articles()
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for first in range(0, len(events), _VALUES_CHUNK):
            values = " ".join(str(NamedNode(iri)) for iri in events[first : first + _VALUES_CHUNK])
            for row in self._rows("reports", events=values):
                article = articles.get(row["article"], {"iri": row["article"]})
                out[row["event"]].append(
                    {
                        "article": _article_ref(article),
                        "trigger": row["trigger"],
                        "confidence": float(row["confidence"]),
                        "date": row.get("date"),
                        "date_text": row.get("dateText"),
                        "evidence": {"sentence": row["sentence"], "start": int(row["start"]), "end": int(row["end"])},
                    }
                )
        return out

    def _claim_index(self) -> tuple[dict[str, dict[str, Any]], dict[str, list[tuple[str, str]]]]:
        """Claims by IRI, and event IRI -> (claim IRI, side), read once per merged-view version."""
        with self._lock:
            if self._claims_key != self._cache_key or self._claims is None:
                claims_of: dict[str, list[tuple[str, str]]] = defaultdict(list)
                for row in self._rows("claims_of"):
                    claims_of[row["event"]].append((row["claim"], row["side"]))
                self._claims, self._claims_key = (self._claims_by_iri(), dict(claims_of)), self._cache_key
            return self._claims

    # ---- timeline and map -----------------------------------------------------------------------------

    def timeline(self, query: EventFilter) -> dict[str, Any]:
        self._load()
        days: dict[str, list[str]] = defaultdict(list)
        undated = 0
        for event in self._events:
            if not query.matches(event):
                continue
            if event["date"] and event["date_precision"] == "day":
                days[event["date"]].append(event["iri"])
            else:
                undated += 1
        return {
            "days": [{"date": day, "count": len(iris), "events": iris} for day, iris in sorted(days.items())],
            "not_dated_to_the_day": undated,
        }

    def places_geojson(self, query: EventFilter) -> dict[str, Any]:
        """RFC 7946 FeatureCollection: one Point per place with events, ``[longitude, latitude]``."""
        self._load()
        by_place: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for event in self._events:
            if event["place"] and query.matches(event):
                by_place[event["place"]["iri"]].append(event)
        features = []
        for iri, events in sorted(by_place.items()):
            place = self._places.get(iri) or events[0]["place"]
            if place["point"] is None:
                continue
            dates = sorted(e["date"] for e in events if e["date"])
            counts = Counter(e["type"] for e in events)
            features.append(
                {
                    "type": "Feature",
                    "id": iri,
                    "geometry": {"type": "Point", "coordinates": place["point"]},
                    "properties": {
                        "iri": iri,
                        "label": place["label"],
                        "kind": place["kind"],
                        "qid": place["qid"],
                        "approximate_location": place["approximate"],
                        "event_count": len(events),
                        "event_types": dict(sorted(counts.items())),
                        "first_date": dates[0] if dates else None,
                        "last_date": dates[-1] if dates else None,
                        "events": [e["iri"] for e in events],
                    },
                }
            )
        return {"type": "FeatureCollection", "features": features}

    # ---- entities, sources, claims, stats ------------------------------------------------------------

    def entity(self, iri: str) -> dict[str, Any] | None:
        self._load()
        node = NamedNode(iri)
        props: dict[str, list[str]] = defaultdict(list)
        for row in self._rows("entity", entity=node):
            props[_local(row["p"])].append(row["o"])
        if not props:
            return None
        types = sorted({_local(t) for t in props.get("type", []) if t.startswith(KG.iri)})
        events = [
            _public(e)
            for e in self._events
            if (e["place"] and e["place"]["iri"] == iri) or any(a["iri"] == iri for a in e["actors"])
        ]
        articles = self._articles()
        mentions = [
            {"article": _article_ref(articles.get(row["article"], {"iri": row["article"]})), "count": int(row["count"])}
            for row in self._rows("entity_mentions", entity=node)
        ]
        sames = props.get("sameAs", [])
        return {
            "iri": iri,
            "label": (props.get("label") or [iri])[0],
            "aliases": sorted(set(props.get("altLabel", []))),
            "types": types,
            "identifiers": {
                "wikidata": [s.removeprefix(WD.iri) for s in sames if s.startswith(WD.iri)],
                "verified": not any(v.endswith("#Unverified") for v in props.get("identifierStatus", [])),
            },
            "side": next(iter(props.get("side", [])), None),
            "events": events,
            "sources": sorted(mentions, key=lambda m: -m["count"]),
        }

    def _articles(self) -> dict[str, dict[str, Any]]:
        out = {}
        for row in self._rows("articles"):
            out[row["article"]] = {
                "iri": row["article"],
                "id": row["sha"][:16],
                "graph": row["graph"],
                "source": row.get("url") or row["file"],
                "file": row["file"],
                "url": row.get("url"),
                "title": row.get("title"),
                "outlet": row.get("outlet"),
                "published": row.get("published"),
                "origin": row.get("origin"),
            }
        return out

    def sources(self, *, limit: int, offset: int) -> dict[str, Any]:
        self._load()  # the origins' labels
        articles = sorted(self._articles().values(), key=lambda a: (a["source"], a["iri"]))
        counts = {row["graph"]: row for row in self._rows("article_counts")}
        page = []
        for article in articles[offset : offset + limit]:
            count = counts.get(article["graph"], {})
            page.append(
                {
                    **{k: v for k, v in article.items() if k != "graph"},
                    "origin_label": self._labels.get(article["origin"] or "", None),
                    "events": int(count.get("events", 0)),
                    "claims": int(count.get("claims", 0)),
                    "mentions": int(count.get("mentions", 0)),
                }
            )
        return {"total": len(articles), "limit": limit, "offset": offset, "items": page}

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article by the 16-hex-digit id of its content hash, with its stored text."""
        article = next((a for a in self._articles().values() if a["id"] == article_id), None)
        if article is None:
            return None
        rows = self._rows("article_text", article=NamedNode(article["iri"]))
        return {**{k: v for k, v in article.items() if k != "graph"}, "text": rows[0]["text"] if rows else ""}

    def _claims_by_iri(self) -> dict[str, dict[str, Any]]:
        articles = self._articles()
        contradicting: dict[str, list[str]] = defaultdict(list)
        for row in self._rows("contradictions"):
            contradicting[row["claim"]].append(row["other"])
        out = {}
        for row in self._rows("claims"):
            speaker = row.get("speaker")
            out[row["claim"]] = {
                "iri": row["claim"],
                "quote": row["quote"],
                "speaker": {"iri": speaker, "label": self._labels.get(speaker, row.get("speakerText") or speaker)}
                if speaker
                else None,
                "speaker_text": row.get("speakerText"),
                "role": row.get("role"),
                "told_to": {"iri": row["toldTo"], "label": self._labels.get(row["toldTo"], row["toldTo"])}
                if "toldTo" in row
                else None,
                "unconfirmed": row.get("unconfirmed") == "true",
                "article": _article_ref(articles.get(row["article"], {"iri": row["article"]})),
                "evidence": {"sentence": row["sentence"], "start": int(row["start"]), "end": int(row["end"])},
                "contradicts": sorted(contradicting.get(row["claim"], [])),
            }
        return out

    def claims(self, *, contested: bool, limit: int, offset: int) -> dict[str, Any]:
        self._load()
        claim_index, claims_of = self._claim_index()
        sides: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"supports": [], "disputes": []})
        for event, pairs in claims_of.items():
            for claim, side in pairs:
                sides[claim]["supports" if side == "supports" else "disputes"].append(event)
        items = sorted(
            ({**claim, **{k: sorted(v) for k, v in sides[iri].items()}} for iri, claim in claim_index.items()),
            key=lambda c: (c["article"].get("source", ""), c["iri"]),
        )
        if contested:
            items = [c for c in items if c["contradicts"]]
        return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset : offset + limit]}

    def stats(self) -> dict[str, Any]:
        self._load()
        counts = self._rows("counts")[0]
        return {
            "articles": int(counts.get("articles", 0)),
            "claims": int(counts.get("claims", 0)),
            "mentions": int(counts.get("mentions", 0)),
            "events": len(self._events),
            "events_by_type": dict(sorted(Counter(e["type"] for e in self._events).items())),
            "events_by_status": dict(sorted(Counter(e["status"] for e in self._events).items())),
            "places_with_events": len({e["place"]["iri"] for e in self._events if e["place"]}),
            "quads": self.store.quad_count(),
        }


def _public(event: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if k != "types"}


def _article_ref(article: dict[str, Any]) -> dict[str, Any]:
    """The reference to an article every provenance item carries: the fields of ``ArticleRef``."""
    return {k: article.get(k) for k in ArticleRef.model_fields}
