"""``/api/v1``: the dashboard JSON API over the merged view. Every item carries its provenance."""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import unquote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from kg import queries
from kg.api.errors import ApiError
from kg.api.slots import run_in_slot
from kg.api.ui import ui_config
from kg.api.workers import WorkerContext, WorkerPool
from kg.casualty_view import KINDS, SCOPES, casualty_incidents, casualty_page
from kg.dashboard import Dashboard, EventFilter
from kg.dashboard_models import (
    CasualtyIncidentPage,
    CasualtyPage,
    ClaimPage,
    Entity,
    Event,
    EventPage,
    NamedQuery,
    SourcePage,
    SourceText,
    Timeline,
    UiConfig,
)
from kg.gazetteer import load_gazetteer
from kg.tables import event_table, events_geojson, write_events_csv

router = APIRouter(prefix="/api/v1", tags=["dashboard"])

MAX_LIMIT = 10_000
T = TypeVar("T")
EventTable = tuple[list[dict[str, Any]], int]
"""A page of the event table's rows, and how many rows the filters select."""


# ---- helpers ----------------------------------------------------------------------------------------


def _dashboard(request: Request) -> Dashboard:
    return request.app.state.dashboard


async def _read(request: Request, read: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``read(dashboard, *args, **kwargs)``: it shares the SPARQL endpoint's query slots, workers
    and time limit, and waits its turn longer (a dashboard opens with a burst of requests)."""
    timeout = request.app.state.settings.query_timeout
    workers: WorkerPool | None = request.app.state.workers
    if workers is not None:
        reply = await workers.run(_in_worker, read, *args, timeout=timeout + 0.5, wait=timeout, **kwargs)
        return reply.value
    work = functools.partial(read, _dashboard(request), *args, **kwargs)
    return await run_in_slot(request.app.state.query_slots, work, timeout=timeout + 0.5, wait=timeout)


def _in_worker(context: WorkerContext, read: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return read(context.dashboard, *args, **kwargs)


def _entity(dashboard: Dashboard, iri: str) -> dict[str, Any] | None:
    try:
        return dashboard.entity(iri)
    except ValueError:
        raise ApiError(422, "invalid_request", "not an IRI") from None


def _date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ApiError(422, "invalid_request", f"{name} must be an ISO 8601 date (YYYY-MM-DD)") from None


TypeQ = Query(None, description="Event type (kg class), e.g. TakeControl, Attack; includes subtypes")
ActorQ = Query(None, description="Actor IRI, or part of its name")
PlaceQ = Query(None, description="Place IRI, or part of its name")
FromQ = Query(None, alias="from", description="Earliest date, YYYY-MM-DD")
ToQ = Query(None, alias="to", description="Latest date, YYYY-MM-DD")
StatusQ = Query(None, description="Claimed, Corroborated or Contested")


def _event_query(
    type: str | None = TypeQ,
    actor: str | None = ActorQ,
    place: str | None = PlaceQ,
    date_from: str | None = FromQ,
    date_to: str | None = ToQ,
    status: str | None = StatusQ,
) -> EventFilter:
    """The filters of /events, /timeline, /places.geojson and the event tables, as one dependency."""
    return EventFilter(
        type=type,
        actor=actor,
        place=place,
        status=status,
        date_from=_date(date_from, "from"),
        date_to=_date(date_to, "to"),
    )


async def _event_table(
    request: Request,
    limit: int = Query(MAX_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
    query: EventFilter = Depends(_event_query),
) -> EventTable:
    """The event table's rows selected by the filters and the page, and how many the filters select
    (for /events.csv and /events.geojson)."""
    return await _read(request, event_table, query, limit=limit, offset=offset)


@functools.lru_cache(maxsize=1)
def _gazetteer_geojson() -> dict[str, Any]:
    gazetteer = load_gazetteer()
    features = [
        {
            "type": "Feature",
            "id": entry.iri,
            "geometry": {"type": "Point", "coordinates": list(entry.point)},
            "properties": {
                "iri": entry.iri,
                "label": entry.label,
                "kind": entry.kind,
                "qid": entry.qid,
                "province": gazetteer[entry.province].label
                if entry.province is not None and entry.province in gazetteer
                else None,
            },
        }
        for entry in sorted(gazetteer, key=lambda e: e.iri)
        if entry.is_place and entry.point
    ]
    return {"type": "FeatureCollection", "features": features}


# ---- routes -------------------------------------------------------------------------------------------


@router.get("/events", response_model=EventPage, summary="Events (merged across articles), with their provenance")
async def events(
    request: Request,
    type: str | None = TypeQ,
    actor: str | None = ActorQ,
    place: str | None = PlaceQ,
    date_from: str | None = FromQ,
    date_to: str | None = ToQ,
    status: str | None = StatusQ,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> Any:
    # the filters as parameters, not the dependency: a bad limit is reported before a bad date
    query = _event_query(type, actor, place, date_from, date_to, status)
    return await _read(request, Dashboard.events, query, limit=limit, offset=offset)


@router.get(
    "/events.csv",
    summary="Events as an ACLED-like table (CSV; columns in the README), with the filters of /events; X-Total-Count: the events selected",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
async def events_csv(table: EventTable = Depends(_event_table)) -> Response:
    rows, total = table
    body = io.BytesIO()
    write_events_csv(rows, body)
    return Response(
        body.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="events.csv"', "X-Total-Count": str(total)},
    )


@router.get(
    "/events.geojson",
    summary="Located events as an RFC 7946 FeatureCollection with ISO dates (for QGIS's temporal controller, kepler.gl)",
    response_class=JSONResponse,
    responses={200: {"content": {"application/geo+json": {}}}},
)
async def events_geojson_route(table: EventTable = Depends(_event_table)) -> JSONResponse:
    rows, total = table
    return JSONResponse(events_geojson(rows), media_type="application/geo+json", headers={"X-Total-Count": str(total)})


@router.get("/events/{iri:path}", response_model=Event, summary="One event, with reports and claims")
async def event(request: Request, iri: str) -> Any:
    found = await _read(request, Dashboard.event, unquote(iri))
    if found is None:
        raise ApiError(404, "not_found", "no such event")
    return found


@router.get("/timeline", response_model=Timeline, summary="Events per day (ISO 8601 dates)")
async def timeline(
    request: Request,
    query: EventFilter = Depends(_event_query),
) -> Any:
    return await _read(request, Dashboard.timeline, query)


@router.get(
    "/places.geojson",
    summary="Places with events as an RFC 7946 FeatureCollection ([longitude, latitude])",
    response_class=JSONResponse,
    responses={200: {"content": {"application/geo+json": {}}}},
)
async def places(
    request: Request,
    query: EventFilter = Depends(_event_query),
) -> JSONResponse:
    body = await _read(request, Dashboard.places_geojson, query)
    return JSONResponse(body, media_type="application/geo+json")


@router.get("/entities/{iri:path}", response_model=Entity, summary="An entity: names, identifiers, events, sources")
async def entity(request: Request, iri: str) -> Any:
    found = await _read(request, _entity, unquote(iri))
    if found is None:
        raise ApiError(404, "not_found", "no such entity")
    return found


@router.get("/sources", response_model=SourcePage, summary="Articles with outlet, URL, date and counts")
async def sources(request: Request, limit: int = Query(50, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0)) -> Any:
    return await _read(request, Dashboard.sources, limit=limit, offset=offset)


@router.get(
    "/sources/{article_id}", response_model=SourceText, summary="One article, with the text all offsets index into"
)
async def source(request: Request, article_id: str) -> Any:
    if not (len(article_id) == 16 and all(c in "0123456789abcdef" for c in article_id)):
        raise ApiError(422, "invalid_request", "an article id is 16 lowercase hex digits")
    found = await _read(request, Dashboard.article, article_id)
    if found is None:
        raise ApiError(404, "not_found", "no such article")
    return found


@router.get(
    "/claims", response_model=ClaimPage, summary="Attributed statements; contested=true: only those contradicted"
)
async def claims(
    request: Request,
    contested: bool = False,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> Any:
    return await _read(request, Dashboard.claims, contested=contested, limit=limit, offset=offset)


def _choice(value: str | None, allowed: tuple[str, ...], name: str) -> str | None:
    if value is not None and value not in allowed:
        raise ApiError(422, "invalid_request", f"{name} must be one of: {', '.join(allowed)}")
    return value


@router.get("/casualties", response_model=CasualtyPage, summary="Casualty figures, each with its source and range")
async def casualties(
    request: Request,
    kind: str | None = None,
    scope: str | None = None,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> Any:
    kind, scope = _choice(kind, KINDS, "kind"), _choice(scope, SCOPES, "scope")
    return await _read(request, casualty_page, kind=kind, scope=scope, limit=limit, offset=offset)


@router.get(
    "/casualties/incidents",
    response_model=CasualtyIncidentPage,
    summary="Incident figures side by side: the corpus range with its sources, and disagreement",
)
async def casualty_incident_page(
    request: Request,
    kind: str | None = None,
    incident: str | None = Query(None, description="Only the figures of this merged event (its IRI)"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> Any:
    kind = _choice(kind, KINDS, "kind")
    return await _read(request, casualty_incidents, kind=kind, incident=incident, limit=limit, offset=offset)


@router.get("/stats", summary="Counts: articles, events by type and status, claims, quads")
async def stats(request: Request) -> dict[str, Any]:
    return await _read(request, Dashboard.stats)


@router.get("/queries", response_model=list[NamedQuery], summary="The named queries shipped with kg (kg/queries/*.rq)")
async def named_queries() -> Any:
    return [
        {"name": name, "title": queries.query_title(text), "query": text}
        for name, text in queries.named_queries().items()
    ]


@router.get(
    "/gazetteer.geojson",
    summary="The gazetteer's places that have coordinates (provincial capitals...), as an RFC 7946 FeatureCollection",
    response_class=JSONResponse,
    responses={200: {"content": {"application/geo+json": {}}}},
)
async def gazetteer_geojson() -> JSONResponse:
    return JSONResponse(_gazetteer_geojson(), media_type="application/geo+json")


@router.get("/ui-config", response_model=UiConfig, summary="Settings the dashboard at /ui needs (map tiles)")
async def dashboard_config(request: Request) -> Any:
    return ui_config(request.app.state.settings)
