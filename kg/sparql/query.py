"""Running a SPARQL query against a store with kg's limits (the results formats are in
:mod:`kg.sparql.formats`).

Results are read lazily with a deadline and a row cap; a capped result says so
(``truncated``), it is never silently short.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, Triple

from kg.errors import QueryError, QueryTimeoutError
from kg.sparql import guard
from kg.store import Store

Term = NamedNode | BlankNode | Literal | Triple
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(slots=True)
class SelectResult:
    variables: list[str]
    rows: list[list[Term | None]]
    truncated: bool = False


@dataclass(slots=True)
class AskResult:
    value: bool


@dataclass(slots=True)
class GraphResult:
    triples: list[Triple] = field(default_factory=list)
    truncated: bool = False


Result = SelectResult | AskResult | GraphResult


@dataclass(slots=True)
class SolutionStream:
    """A SELECT's rows, read lazily (each read checks the deadline)."""

    variables: list[str]
    rows: Iterator[list[Term | None]]


@dataclass(slots=True)
class TripleStream:
    """A CONSTRUCT's or DESCRIBE's triples, read lazily (each read checks the deadline)."""

    triples: Iterator[Triple]


Answer = SolutionStream | AskResult | TripleStream


def open_query(
    store: Store,
    sparql: str,
    *,
    timeout: float,
    default_graph: list[NamedNode] | None = None,
    named_graphs: list[NamedNode] | None = None,
    bindings: dict[str, NamedNode | Literal] | None = None,
) -> Answer:
    """Check and start a query; its rows or triples are read lazily, each read raising
    QueryTimeoutError past ``timeout`` seconds. The dataset is as in :func:`run_query`."""
    shape = guard.check(sparql)
    deadline = time.monotonic() + timeout
    own_dataset = default_graph is None and named_graphs is None and "FROM" in shape.keywords
    raw = store.query(
        sparql,
        bindings=bindings,
        default_graph=default_graph,
        named_graphs=named_graphs,
        union_default_graph=not own_dataset,
    )
    if isinstance(raw, QueryBoolean):
        return AskResult(bool(raw))
    if isinstance(raw, QuerySolutions):
        variables = [v.value for v in raw.variables]
        return SolutionStream(variables, ([solution[name] for name in variables] for solution in _until(raw, deadline)))
    return TripleStream(_until(raw, deadline))


def run_query(
    store: Store,
    sparql: str,
    *,
    timeout: float,
    max_rows: int,
    default_graph: list[NamedNode] | None = None,
    named_graphs: list[NamedNode] | None = None,
    bindings: dict[str, NamedNode | Literal] | None = None,
) -> Result:
    """Check, run and read a query. ``bindings`` pre-bind variables (a SELECT must project them).
    The default graph is the union of all graphs, unless ``default_graph`` / ``named_graphs`` or
    the query's own FROM / FROM NAMED name the dataset.
    Raises QueryError subclasses for refused, malformed, too deep or too slow queries."""
    answer = open_query(
        store, sparql, timeout=timeout, default_graph=default_graph, named_graphs=named_graphs, bindings=bindings
    )
    if isinstance(answer, AskResult):
        return answer
    if isinstance(answer, SolutionStream):
        rows = list(itertools.islice(answer.rows, max_rows + 1))
        return SelectResult(answer.variables, rows[:max_rows], len(rows) > max_rows)
    triples = list(itertools.islice(answer.triples, max_rows + 1))
    return GraphResult(triples[:max_rows], len(triples) > max_rows)


def parse_binding(text: str) -> tuple[str, NamedNode | Literal]:
    """``name=https://...`` (an IRI; ``<...>`` also accepted) or ``name=text`` (a plain literal)."""
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not name.isidentifier():
        raise QueryError(f"a binding is NAME=VALUE, got {text!r}")
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    elif not value.startswith(("http://", "https://", "urn:")):
        return name, Literal(value)
    try:
        return name, NamedNode(value)
    except ValueError:
        raise QueryError(f"{value!r} is not a valid IRI") from None


def _until(items: Iterable, deadline: float) -> Iterator:
    for item in items:
        if time.monotonic() > deadline:
            raise QueryTimeoutError("the query ran past its time limit")
        yield item
