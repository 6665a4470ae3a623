"""Exports of the whole store: Turtle (all graphs merged into one default view), or TriG /
N-Quads / JSON-LD with the named graphs kept (streamed with flat memory); or the merged events as
tables (CSV, Parquet, GeoJSON: built in memory, one row per event). ``kg export`` and the
server's ``/export.*`` share :func:`write_export`, so they write the same bytes; a file is
replaced only when complete."""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import QuerySolutions, RdfFormat, Triple, serialize

from kg.namespaces import PREFIXES, Minter
from kg.store import Store

EXPORT_FORMATS = {"ttl": RdfFormat.TURTLE, "trig": RdfFormat.TRIG, "nq": RdfFormat.N_QUADS, "jsonld": RdfFormat.JSON_LD}
TABLE_FORMATS = ("events.csv", "events.parquet", "events.geojson")
"""The merged events as flat tables (kg.tables): ACLED-like CSV and Parquet, time-enabled GeoJSON."""
_SUFFIXES = {
    ".ttl": "ttl",
    ".trig": "trig",
    ".nq": "nq",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".csv": "events.csv",
    ".parquet": "events.parquet",
    ".geojson": "events.geojson",
}
MEDIA_TYPES = {
    "ttl": "text/turtle",
    "trig": "application/trig",
    "nq": "application/n-quads",
    "jsonld": "application/ld+json",
}
# every statement of every graph, in store order (a SELECT, not a CONSTRUCT: the engine keeps every
# CONSTRUCT triple in memory to drop duplicates)
_STATEMENTS = "SELECT ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def guess_format(path: str) -> str | None:
    return _SUFFIXES.get(Path(path).suffix.lower())


def merged_triples(store: Store) -> Iterator[Triple]:
    """The merged view, streamed: the triples of each graph in turn. A triple stated in several
    graphs is written once per graph (the parsed graph is the same: a graph is a set)."""
    rows = store.query(_STATEMENTS, union_default_graph=False)
    assert isinstance(rows, QuerySolutions)
    for row in rows:
        yield Triple(row[0], row[1], row[2])


def write_export(store: Store, format: str, output: BinaryIO) -> None:
    """Serialise the store in ``format`` (a key of EXPORT_FORMATS) to ``output``."""
    rdf_format = EXPORT_FORMATS[format]
    if format == "ttl":
        serialize(merged_triples(store), output, format=rdf_format, prefixes=PREFIXES)
    else:
        store.dump(output, format=rdf_format)


def write_table(store: Store, minter: Minter, format: str, output: BinaryIO) -> None:
    """The merged events as a table (a key of TABLE_FORMATS): see :mod:`kg.tables`."""
    from kg.dashboard import Dashboard
    from kg.tables import (
        event_rows,
        events_geojson,
        write_events_csv,
        write_events_parquet,
    )

    rows = event_rows(Dashboard(store, minter))
    if format == "events.csv":
        write_events_csv(rows, output)
    elif format == "events.parquet":
        write_events_parquet(rows, output)
    else:
        output.write(json.dumps(events_geojson(rows), ensure_ascii=False).encode("utf-8"))


def export_store(store: Store, format: str, path: Path | None, *, minter: Minter) -> None:
    """Write an export (a key of EXPORT_FORMATS or TABLE_FORMATS) to ``path`` atomically (a
    temporary file in the same directory, fsync, rename, fsync of the directory), or to stdout. A
    failure or a kill leaves the previous file as it was; a kill can leave a ``.NAME.*.part``
    file beside it, never a truncated ``NAME``."""

    def write(output: BinaryIO) -> None:
        if format in TABLE_FORMATS:
            write_table(store, minter, format, output)
        else:
            write_export(store, format, output)

    if path is None:
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    directory = path.resolve().parent
    directory.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=directory)
    try:
        os.fchmod(fd, _mode_for(path))  # mkstemp makes it 0600
        with os.fdopen(fd, "wb") as output:
            write(output)
            output.flush()
            os.fsync(output.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_directory(directory)


def _mode_for(path: Path) -> int:
    """The permissions of the file an export replaces, or for a new file what the umask allows
    (the umask is read by setting it, so it is set back at once)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (where the platform can open a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
