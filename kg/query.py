"""Running a SPARQL query against a store with kg's limits, and writing its results.

Results are read lazily with a deadline and a row cap; a capped result says so
(``truncated``), it is never silently short.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, RdfFormat, Triple, serialize

from kg import sparql_guard
from kg.errors import QueryError, QueryTimeoutError
from kg.namespaces import PREFIXES
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
    shape = sparql_guard.check(sparql)
    deadline = time.monotonic() + timeout
    own_dataset = default_graph is None and named_graphs is None and "FROM" in shape.keywords
    raw = store.query(
        sparql, bindings=bindings, default_graph=default_graph, named_graphs=named_graphs,
        union_default_graph=not own_dataset,
    )
    if isinstance(raw, QueryBoolean):
        return AskResult(bool(raw))
    if isinstance(raw, QuerySolutions):
        variables = [v.value for v in raw.variables]
        rows: list[list[Term | None]] = []
        truncated = False
        for solution in _until(raw, deadline):
            if len(rows) >= max_rows:
                truncated = True
                break
            rows.append([solution[name] for name in variables])
        return SelectResult(variables, rows, truncated)
    triples: list[Triple] = []
    truncated = False
    for triple in _until(raw, deadline):
        if len(triples) >= max_rows:
            truncated = True
            break
        triples.append(triple)
    return GraphResult(triples, truncated)


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


# ---- result formats (SPARQL 1.1 Query Results JSON, XML, CSV, TSV; a text table) --------------------


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _json_term(term.subject), "predicate": _json_term(term.predicate), "object": _json_term(term.object)}}  # type: ignore[dict-item]


def to_json(result: SelectResult | AskResult) -> bytes:
    if isinstance(result, AskResult):
        return json.dumps({"head": {}, "boolean": result.value}).encode()
    bindings = [
        {name: _json_term(term) for name, term in zip(result.variables, row) if term is not None} for row in result.rows
    ]
    body: dict = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    if result.truncated:
        body["kg:truncated"] = True
    return json.dumps(body, ensure_ascii=False).encode()


def _xml_term(term: Term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate><object>{_xml_term(term.object)}</object></triple>"


def to_xml(result: SelectResult | AskResult) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if isinstance(result, AskResult):
        out.append(f"<head/><boolean>{'true' if result.value else 'false'}</boolean></sparql>")
        return "".join(out).encode()
    out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in result.variables) + "</head><results>")
    for row in result.rows:
        out.append("<result>")
        for name, term in zip(result.variables, row):
            if term is not None:
                out.append(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
        out.append("</result>")
    out.append("</results></sparql>")
    return "\n".join(out).encode()


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return "_:" + term.value
    if isinstance(term, (NamedNode, Literal)):
        return term.value
    return str(term)


def to_csv(result: SelectResult | AskResult) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if isinstance(result, AskResult):
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.value else "false"])
    else:
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_plain(t) for t in row])
    return buffer.getvalue().encode()


def _tsv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype.value == XSD_STRING and not term.language:
        return json.dumps(term.value, ensure_ascii=False)
    return str(term)


def to_tsv(result: SelectResult | AskResult) -> bytes:
    if isinstance(result, AskResult):
        return f"?boolean\n{'true' if result.value else 'false'}\n".encode()
    lines = ["\t".join("?" + v for v in result.variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode()


def compact(term: Term | None) -> str:
    """A term for humans: prefixed names for known namespaces, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        for prefix, iri in PREFIXES.items():
            if term.value.startswith(iri) and "/" not in term.value[len(iri):]:
                return f"{prefix}:{term.value[len(iri):]}"
        return term.value
    return _plain(term)


def to_table(result: SelectResult | AskResult, *, width: int = 60) -> bytes:
    if isinstance(result, AskResult):
        return b"true\n" if result.value else b"false\n"
    cells = [[compact(t).replace("\n", " ") for t in row] for row in result.rows]
    cells = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(v), *(len(row[i]) for row in cells)]) for i, v in enumerate(result.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(result.variables, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    footer = f"{len(cells)} row(s)" + (" (truncated: more rows exist)" if result.truncated else "")
    return ("\n".join(lines) + "\n" + footer + "\n").encode()


SELECT_WRITERS = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv, "table": to_table}
GRAPH_FORMATS = {
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "nq": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
}


def write_graph(result: GraphResult, output: BinaryIO, format: RdfFormat) -> None:
    serialize(result.triples, output, format=format, prefixes=PREFIXES if format in (RdfFormat.TURTLE, RdfFormat.TRIG) else None)
