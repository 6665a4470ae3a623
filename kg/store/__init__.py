"""Where the graph lives. ``open_store("./data/kg")`` or ``open_store("oxigraph:./data/kg")``."""

from __future__ import annotations

from kg.errors import ConfigError
from kg.store.base import LedgerEntry, QueryResult, Store
from kg.store.oxigraph import OxigraphStore

__all__ = ["LedgerEntry", "OxigraphStore", "QueryResult", "Store", "open_store"]


def open_store(location: str, *, read_only: bool = False) -> Store:
    """Open the store named by ``location``: a directory, or ``oxigraph:DIRECTORY``."""
    if location.startswith("oxigraph:"):
        return OxigraphStore(location.removeprefix("oxigraph:"), read_only=read_only)
    if "://" in location:
        raise ConfigError(f"unsupported store location {location!r}: use a directory or oxigraph:DIRECTORY")
    return OxigraphStore(location, read_only=read_only)
