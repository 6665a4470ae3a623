"""The HTTP API: ``create_app(store, settings)`` gives a FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from kg import __version__
from kg.api import errors, sparql
from kg.config import Settings
from kg.store import Store


def create_app(store: Store, settings: Settings) -> FastAPI:
    """An application serving ``store``. Blocking store calls run in worker threads."""
    app = FastAPI(
        title="kg",
        version=__version__,
        description="A knowledge graph built from news articles: SPARQL 1.1 over the merged graph, with provenance.",
    )
    app.state.store = store
    app.state.settings = settings
    errors.install(app)
    app.include_router(sparql.router)

    @app.get("/healthz", summary="Liveness and store size")
    async def healthz() -> JSONResponse:
        quads = await run_in_threadpool(store.quad_count)
        return JSONResponse({"status": "ok", "version": __version__, "quads": quads})

    return app
