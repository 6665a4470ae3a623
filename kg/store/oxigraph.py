"""The default store: embedded Oxigraph (RocksDB on disk). No server to start."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

import pyoxigraph
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat

from kg.errors import QueryError, QuerySyntaxError, StoreError, StoreLockedError, brief
from kg.namespaces import KG
from kg.sparql.order_by import total_order
from kg.store.base import LedgerEntry, QueryResult, Store, variable_bindings


class OxigraphStore(Store):
    """A pyoxigraph store in a directory. One process may open it for writing at a time, and its
    updates run one at a time: Oxigraph does not detect write-write conflicts, so two concurrent
    replaces of one graph could otherwise both commit, leaving the union of the two versions."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self.read_only = read_only
        self.generation = 0
        """Counts the writes this handle committed: readers holding their own read-only handle on
        the directory (``kg serve``'s query workers) reopen it when the count has moved."""
        self._writing = threading.Lock()
        try:
            if read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(f"no kg store at {self.path} (run `kg build` first, or pass --store)")
                self._store = pyoxigraph.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = pyoxigraph.Store(str(self.path))
        except (
            OSError,
            RuntimeError,
        ) as exc:  # RuntimeError: RocksDB's "Corruption", e.g. a file compacted away during the open
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"the store at {self.path} is locked: it is in use by another kg process (a running "
                    "`kg build`, or `kg serve`: is the server running?); stop it first, or point --store elsewhere"
                ) from exc
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    @property
    def native(self) -> pyoxigraph.Store:
        """The underlying :class:`pyoxigraph.Store` (for benchmarks and bulk paths)."""
        return self._store

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, NamedNode | Literal] | None = None,
        union_default_graph: bool = True,
        default_graph: list[NamedNode] | None = None,
        named_graphs: list[NamedNode] | None = None,
    ) -> QueryResult:
        # pyoxigraph's lists also take blank nodes (and the default graph): typed copies of kg's IRIs
        graphs: list[NamedNode | BlankNode | DefaultGraph] | None = None if default_graph is None else [*default_graph]
        named: list[NamedNode | BlankNode] | None = None if named_graphs is None else [*named_graphs]
        try:
            return self._store.query(
                total_order(sparql),
                substitutions=variable_bindings(bindings),
                use_default_graph_as_union=union_default_graph and default_graph is None,
                default_graph=graphs,
                named_graphs=named,
            )
        except SyntaxError as exc:
            raise QuerySyntaxError(brief(str(exc.msg or exc), 160)) from exc
        except OSError as exc:
            raise StoreError(f"query failed: {exc}") from exc
        except RuntimeError as exc:  # e.g. a binding for a variable the query does not project
            raise QueryError(str(exc)) from exc

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")
        try:
            with self._writing:
                self._store.update(sparql)
                self.generation += 1
        except SyntaxError as exc:
            raise QuerySyntaxError(brief(str(exc.msg or exc), 160)) from exc
        except OSError as exc:
            raise StoreError(f"update failed: {exc}") from exc

    def replace_article(
        self, *, provenance_graph: NamedNode, key: str, old: Iterable[LedgerEntry], quads: Iterable[Quad]
    ) -> None:
        """As :meth:`Store.replace_article`. The first version of a document (nothing stored under
        its key, nothing in the graphs it writes) is added by one transactional ``extend``: just as
        atomic, without the round trip through SPARQL text (BENCHMARKS.md has the rates)."""
        old, quads = list(old), list(quads)
        if not old and not self.read_only:
            graphs = {q.graph_name for q in quads} - {provenance_graph}
            with self._writing:  # no other writer in this process; the directory lock keeps other processes out
                if not self._holds_any(provenance_graph, key, graphs):
                    try:
                        self._store.extend(quads)
                    except OSError as exc:
                        raise StoreError(f"update failed: {exc}") from exc
                    self.generation += 1
                    return
        super().replace_article(provenance_graph=provenance_graph, key=key, old=old, quads=quads)

    def _holds_any(
        self, provenance_graph: NamedNode, key: str, graphs: Iterable[NamedNode | BlankNode | DefaultGraph]
    ) -> bool:
        """Whether a document with ``key`` or any quad in one of ``graphs`` is stored."""
        patterns: list[tuple[None, NamedNode | None, Literal | None, NamedNode | BlankNode | DefaultGraph]]
        patterns = [(None, KG.documentKey, Literal(key), provenance_graph)]
        patterns += [(None, None, None, graph) for graph in graphs]
        return any(next(iter(self._store.quads_for_pattern(*pattern)), None) is not None for pattern in patterns)

    def dump(self, output: BinaryIO, *, format: RdfFormat, graph: NamedNode | None = None) -> None:
        if graph is None and not format.supports_datasets:
            raise ValueError(f"{format.name} holds one graph: name the graph, or use TriG / N-Quads")
        self._store.dump(output, format=format, from_graph=graph)

    def named_graphs(self) -> list[NamedNode]:
        # kg names its graphs with IRIs; a blank-node graph name is left out, as SparqlStore does
        return sorted((g for g in self._store.named_graphs() if isinstance(g, NamedNode)), key=lambda g: g.value)

    def quad_count(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        """Write what is committed to disk (RocksDB does not sync each commit). Under the write
        lock: a flush that overlaps an update from another thread can hang."""
        if not self.read_only:
            with self._writing:
                try:
                    self._store.flush()
                except OSError as exc:  # a full disk, a removed directory
                    raise StoreError(f"cannot write the store at {self.path}: {exc}") from exc

    def close(self) -> None:
        """Flush and release the store (released even when the flush fails)."""
        try:
            if getattr(self, "_store", None) is not None:
                self.flush()
        finally:
            self._store = None  # type: ignore[assignment]  # released: a closed store is not used again
