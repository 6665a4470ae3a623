"""The store interface: what kg needs from a triple store, whichever one it is."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import BinaryIO

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolution,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
    Variable,
)

from kg.errors import StoreError
from kg.namespaces import KG
from kg.sparql import update as sparql_update

QueryResult = QuerySolutions | QueryBoolean | QueryTriples | Iterable[Triple]
"""SELECT: solutions; ASK: a boolean; CONSTRUCT/DESCRIBE: any iterable of triples."""


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """What the store holds for one document key."""

    key: str
    article: NamedNode
    graph: NamedNode
    sha256: str
    fingerprint: str
    source_name: str


_LEDGER = f"""
SELECT ?key ?article ?graph ?sha ?fingerprint ?source ?prov WHERE {{
  GRAPH ?prov {{
    ?article <{KG.documentKey.value}> ?key ;
             <{KG.graph.value}> ?graph ;
             <{KG.sha256.value}> ?sha ;
             <{KG.fingerprint.value}> ?fingerprint ;
             <{KG.sourceName.value}> ?source .
  }}
}}"""

_GRAPH_DIGEST = f"""
SELECT ?sha ?graph ?prov WHERE {{ GRAPH ?prov {{ ?graph <{KG.sha256.value}> ?sha }} }}"""


class Store(ABC):
    """A triple store kg reads and writes. Implementations: embedded Oxigraph (default) and a remote
    SPARQL 1.1 server (:class:`kg.store.sparql.SparqlStore`)."""

    location: str

    # ---- primitives --------------------------------------------------------------------------------

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, NamedNode | Literal] | None = None,
        union_default_graph: bool = True,
        default_graph: list[NamedNode] | None = None,
        named_graphs: list[NamedNode] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query. ``bindings`` pre-bind variables (never spliced into the text); in a
        SELECT, a bound variable must be projected."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update atomically."""

    @abstractmethod
    def dump(self, output: BinaryIO, *, format: RdfFormat, graph: NamedNode | None = None) -> None:
        """Serialise the whole dataset (or one graph) to ``output``."""

    @abstractmethod
    def named_graphs(self) -> list[NamedNode]: ...

    @abstractmethod
    def quad_count(self) -> int: ...

    def flush(self) -> None:  # noqa: B027 (a no-op where writes are durable on return)
        """Make recent writes durable (also against an OS crash)."""

    def close(self) -> None:  # noqa: B027 (a no-op where nothing is held open)
        """Release the store."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        """Close; when the block failed, a close that fails too (the same full disk) does not hide
        the first error."""
        try:
            self.close()
        except StoreError:
            if exc is None:
                raise

    # ---- kg's bookkeeping, on top of the primitives --------------------------------------------------

    def select_all(
        self, sparql: str, *, order_by: str, bindings: Mapping[str, NamedNode | Literal] | None = None
    ) -> Iterable[QuerySolution]:
        """Every solution of a SELECT that may be long (``order_by``: its ORDER BY expressions, which
        a remote store uses to fetch it in pages)."""
        rows = self.query(sparql, bindings=bindings)
        assert isinstance(rows, QuerySolutions)
        return rows

    def ledger(self, provenance_graph: NamedNode) -> dict[str, LedgerEntry]:
        """Document key -> what is stored for it."""
        rows = self.select_all(_LEDGER, order_by="?key ?article", bindings={"prov": provenance_graph})
        out = {}
        for row in rows:
            key = row["key"].value
            out[key] = LedgerEntry(
                key=key,
                article=row["article"],
                graph=row["graph"],
                sha256=row["sha"].value,
                fingerprint=row["fingerprint"].value,
                source_name=row["source"].value,
            )
        return out

    def replace_article(
        self, *, provenance_graph: NamedNode, key: str, old: Iterable[LedgerEntry], quads: Iterable[Quad]
    ) -> None:
        """In one atomic update: drop the old versions' graphs and metadata, whatever else the store
        holds under document ``key`` (another writer's version, written since the ledger was read)
        and the graphs about to be written (a remnant of a failed attempt), then insert the new quads."""
        quads = list(quads)
        operations = []
        for entry in old:
            operations.append(sparql_update.drop_graph(entry.graph))
            operations.append(sparql_update.delete_subject(provenance_graph, entry.article))
            operations.append(sparql_update.delete_subject(provenance_graph, entry.graph))
        operations += sparql_update.delete_document(provenance_graph, KG.documentKey, Literal(key), KG.graph)
        for graph in sorted({q.graph_name for q in quads} - {provenance_graph}, key=str):
            operations.append(sparql_update.drop_graph(graph))  # type: ignore[arg-type]  # article quads are always in named graphs
        operations.append(sparql_update.insert_data(quads))
        self.update(sparql_update.join(operations))

    def graph_digest(self, graph: NamedNode, provenance_graph: NamedNode) -> str | None:
        rows = self.query(_GRAPH_DIGEST, bindings={"graph": graph, "prov": provenance_graph}, union_default_graph=False)
        assert isinstance(rows, QuerySolutions)
        for row in rows:
            return row["sha"].value
        return None

    def replace_graph(
        self, graph: NamedNode, quads: Iterable[Quad], *, provenance_graph: NamedNode, digest: str
    ) -> None:
        """Replace a reference graph (gazetteer, ontology) and record its digest, atomically."""
        self.update(
            sparql_update.join(
                [
                    sparql_update.drop_graph(graph),
                    sparql_update.delete_subject(provenance_graph, graph),
                    sparql_update.insert_data(
                        [
                            *quads,
                            Quad(graph, KG.sha256, Literal(digest), provenance_graph),
                        ]
                    ),
                ]
            )
        )

    def select_rows(self, sparql: str, **bindings: NamedNode | Literal) -> list[dict[str, str]]:
        """A SELECT as a list of ``{variable: the lexical value of its term}`` (unbound variables omitted)."""
        result = self.query(sparql, bindings=bindings or None)
        assert isinstance(result, QuerySolutions)
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = term.value
            rows.append(row)
        return rows


def variable_bindings(
    bindings: Mapping[str, NamedNode | Literal] | None,
) -> dict[Variable, NamedNode | BlankNode | Literal | Triple] | None:
    if not bindings:
        return None
    return {Variable(name): term for name, term in bindings.items()}
