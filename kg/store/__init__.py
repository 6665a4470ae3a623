"""Where the graph lives: ``open_store("./data/kg")`` or ``open_store("oxigraph:./data/kg")``
(embedded), or ``open_store("sparql+http://127.0.0.1:8890/sparql")`` (a SPARQL 1.1 server)."""

from __future__ import annotations

from kg.config import Settings
from kg.errors import ConfigError, ResultTruncatedError, StoreUnavailableError
from kg.store.base import LedgerEntry, QueryResult, Store
from kg.store.oxigraph import OxigraphStore

__all__ = [
    "LedgerEntry",
    "OxigraphStore",
    "QueryResult",
    "ResultTruncatedError",
    "Store",
    "StoreUnavailableError",
    "is_remote",
    "open_store",
]

REMOTE_SCHEMES = ("sparql+http://", "sparql+https://")


def is_remote(location: str) -> bool:
    return location.startswith(REMOTE_SCHEMES)


def open_store(location: str, *, read_only: bool = False, settings: Settings | None = None) -> Store:
    """Open the store named by ``location``: a directory, ``oxigraph:DIRECTORY``, or
    ``sparql+http(s)://HOST/QUERY-ENDPOINT``. A remote store takes its update and Graph Store
    endpoints, credentials, timeout and graph scope from ``settings`` (default: the ``KG_*``
    environment) and checks that the server answers before returning."""
    if location.startswith("oxigraph:"):
        return OxigraphStore(location.removeprefix("oxigraph:"), read_only=read_only)
    if is_remote(location):
        from kg.store.sparql import SparqlStore

        settings = settings or Settings.from_env()
        return SparqlStore(
            location.removeprefix("sparql+"),
            update_url=settings.store_update,
            gsp_url=settings.store_gsp,
            user=settings.store_user,
            password=settings.store_password,
            timeout=settings.query_timeout,
            read_only=read_only,
            graph_prefix=settings.base_iri,
        )
    if "://" in location:
        raise ConfigError(
            f"unsupported store location {location!r}: use a directory, oxigraph:DIRECTORY, or "
            "sparql+http://HOST:PORT/PATH for a SPARQL server"
        )
    return OxigraphStore(location, read_only=read_only)
