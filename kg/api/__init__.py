"""The HTTP API: ``create_app(store, settings)`` gives a FastAPI application.

``/sparql`` (SPARQL 1.1 Protocol), ``/store`` (Graph Store Protocol), ``/api/v1`` (dashboard JSON),
``/export.*``, ``/healthz``, ``/docs`` (Swagger UI, from local files) and ``/`` (a query form).
Read-only unless ``updates=True`` and a token is configured. Over the embedded store, queries run
in worker processes (kg.api.workers), closed with the application; other blocking store calls run
in threads. Only the Hosts of ``settings.allowed_hosts`` are answered, and every IRI the server mints
starts with ``settings.public_url`` (kg.api.hosts).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from kg import __version__
from kg.api import docs, errors, export, graph_store, home, sparql, ui, v1
from kg.api.held import HeldBytes
from kg.api.hosts import address
from kg.api.middleware import RequestGuard
from kg.api.slots import QuerySlots
from kg.api.threads import run_blocking, use_engine_stacks
from kg.api.workers import WorkerPool
from kg.config import Settings
from kg.dashboard import Dashboard
from kg.errors import ConfigError
from kg.namespaces import Minter
from kg.store import OxigraphStore, Store


def cors_origins(settings: Settings) -> list[str]:
    """``KG_CORS_ORIGINS`` as a list (empty: CORS off)."""
    return [origin.strip().rstrip("/") for origin in settings.cors_origins.split(",") if origin.strip()]


def create_app(
    store: Store, settings: Settings, *, updates: bool = False, bind: tuple[str, int] = ("127.0.0.1", 8000)
) -> FastAPI:
    """An application serving ``store``; with ``updates``, SPARQL Update and Graph Store writes are
    allowed to requests carrying ``settings.update_token`` (which must then be set). ``bind`` is the
    address the server listens on: the defaults of ``public_url`` and ``allowed_hosts`` come from it."""
    if updates and not settings.update_token:
        raise ConfigError("updates need a token: set KG_UPDATE_TOKEN")

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if app.state.workers is not None:
            app.state.workers.close()

    app = FastAPI(
        lifespan=lifespan,
        title="kg",
        version=__version__,
        description="A knowledge graph built from news articles: SPARQL 1.1 over the merged graph, with provenance.",
        docs_url=None,  # served by kg.api.docs from local files, not from a CDN
        redoc_url=None,
    )
    use_engine_stacks()
    app.state.store = store
    app.state.settings = settings
    app.state.address = address(settings, *bind)
    app.state.updates_enabled = updates
    app.state.write_lock = threading.Lock()
    app.state.query_slots = QuerySlots(settings.max_queries)
    app.state.held_bytes = HeldBytes(
        settings.max_queries * settings.max_result_bytes, send_timeout=settings.send_timeout
    )
    # the embedded store: queries run in worker processes that can be killed at their deadline
    app.state.workers = (
        WorkerPool(app.state.query_slots, store, settings.base_iri, memory=settings.query_memory)
        if isinstance(store, OxigraphStore)
        else None
    )
    errors.install(app)
    app.state.dashboard = Dashboard(store, Minter(settings.base_iri))
    for module in (home, sparql, graph_store, export, v1, ui):
        app.include_router(module.router)
    if docs.assets_dir() is not None:
        app.include_router(docs.router)

    @app.get("/healthz", summary="Liveness and store size")
    async def healthz() -> JSONResponse:
        quads = await run_blocking(store.quad_count)
        return JSONResponse(
            {
                "status": "ok",
                "version": __version__,
                "quads": quads,
                "updates": updates,
                "queries_running": app.state.query_slots.running,
            }
        )

    origins = cors_origins(settings)
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "HEAD", "POST", *(["PUT", "DELETE"] if updates else [])],
            allow_headers=["Accept", "Content-Type", *(["Authorization"] if updates else [])],
            expose_headers=["X-Result-Truncated", "X-Total-Count", "Location", "Content-Disposition"],
            allow_credentials=False,
            max_age=600,
        )
    app.add_middleware(RequestGuard, server=app.state.address)
    return app
