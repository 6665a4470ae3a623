"""Writing SPARQL results: SPARQL 1.1 Query Results JSON, XML, CSV and TSV, a text table, and RDF
syntaxes for graph results.

Each results format is written piece by piece (head, one piece per row, tail), so a result can be
streamed with a byte cap and still end as a well-formed document.
"""

from __future__ import annotations

import csv
import io
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from typing import BinaryIO, TypeAlias
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from kg.namespaces import PREFIXES
from kg.sparql.query import XSD_STRING, AskResult, GraphResult, SelectResult, SolutionStream, Term, TripleStream

JsonTerm: TypeAlias = dict[str, "str | JsonTerm"]
"""A term in SPARQL 1.1 Query Results JSON (a quoted triple nests its terms)."""


def _json_term(term: Term) -> JsonTerm:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out: JsonTerm = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


_NOT_XML = {c: "\ufffd" for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))}
"""C0 controls XML 1.0 cannot hold, not even as character references: written as U+FFFD."""


def _xml_text(value: str) -> str:
    return escape(value.translate(_NOT_XML))


def _xml_term(term: Term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"
        return f"<literal>{_xml_text(term.value)}</literal>"
    return f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate><object>{_xml_term(term.object)}</object></triple>"


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return "_:" + term.value
    if isinstance(term, (NamedNode, Literal)):
        return term.value
    return str(term)


def _csv_line(values: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()


def _tsv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype.value == XSD_STRING and not term.language:
        return json.dumps(term.value, ensure_ascii=False)
    return str(term)


class SolutionFormat(ABC):
    """A SPARQL results format, written as a head, one piece per row, and a tail."""

    @abstractmethod
    def head(self, variables: list[str]) -> str: ...

    @abstractmethod
    def row(self, variables: list[str], row: list[Term | None], first: bool) -> str: ...

    def tail(self, truncated: bool) -> str:
        return ""

    @abstractmethod
    def boolean(self, value: bool) -> str: ...

    def whole(self, result: SelectResult | AskResult) -> bytes:
        """A materialised result in this format."""
        if isinstance(result, AskResult):
            return self.boolean(result.value).encode()
        rows = (self.row(result.variables, row, index == 0) for index, row in enumerate(result.rows))
        return "".join([self.head(result.variables), *rows, self.tail(result.truncated)]).encode()


class JsonFormat(SolutionFormat):
    """SPARQL 1.1 Query Results JSON; a capped result carries ``"kg:truncated": true``."""

    def head(self, variables: list[str]) -> str:
        return '{"head": {"vars": ' + json.dumps(variables, ensure_ascii=False) + '}, "results": {"bindings": ['

    def row(self, variables: list[str], row: list[Term | None], first: bool) -> str:
        binding = {name: _json_term(term) for name, term in zip(variables, row, strict=False) if term is not None}
        return ("" if first else ", ") + json.dumps(binding, ensure_ascii=False)

    def tail(self, truncated: bool) -> str:
        return ']}, "kg:truncated": true}' if truncated else "]}}"

    def boolean(self, value: bool) -> str:
        return json.dumps({"head": {}, "boolean": value})


class XmlFormat(SolutionFormat):
    """SPARQL Query Results XML."""

    def head(self, variables: list[str]) -> str:
        names = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        return f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>{names}</head><results>\n'

    def row(self, variables: list[str], row: list[Term | None], first: bool) -> str:
        bindings = "".join(
            f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
            for name, term in zip(variables, row, strict=False)
            if term is not None
        )
        return f"<result>{bindings}</result>\n"

    def tail(self, truncated: bool) -> str:
        return "</results></sparql>\n"

    def boolean(self, value: bool) -> str:
        return f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/><boolean>{"true" if value else "false"}</boolean></sparql>'


class CsvFormat(SolutionFormat):
    """SPARQL 1.1 Query Results CSV (values only)."""

    def head(self, variables: list[str]) -> str:
        return _csv_line(variables)

    def row(self, variables: list[str], row: list[Term | None], first: bool) -> str:
        return _csv_line([_plain(t) for t in row])

    def boolean(self, value: bool) -> str:
        return _csv_line(["boolean"]) + _csv_line(["true" if value else "false"])


class TsvFormat(SolutionFormat):
    """SPARQL 1.1 Query Results TSV (terms in SPARQL syntax)."""

    def head(self, variables: list[str]) -> str:
        return "\t".join("?" + v for v in variables) + "\n"

    def row(self, variables: list[str], row: list[Term | None], first: bool) -> str:
        return "\t".join(_tsv_term(t) for t in row) + "\n"

    def boolean(self, value: bool) -> str:
        return f"?boolean\n{'true' if value else 'false'}\n"


JSON, XML, CSV, TSV = JsonFormat(), XmlFormat(), CsvFormat(), TsvFormat()


def to_json(result: SelectResult | AskResult) -> bytes:
    return JSON.whole(result)


def to_xml(result: SelectResult | AskResult) -> bytes:
    return XML.whole(result)


def to_csv(result: SelectResult | AskResult) -> bytes:
    return CSV.whole(result)


def to_tsv(result: SelectResult | AskResult) -> bytes:
    return TSV.whole(result)


def stream_solutions(
    format: SolutionFormat,
    answer: SolutionStream | AskResult,
    write: Callable[[bytes], object],
    *,
    max_rows: int,
    max_bytes: int,
) -> bool:
    """Write ``answer`` piece by piece, stopping before the row past ``max_rows`` or the row that
    would take the output past ``max_bytes`` (the closing text included); the document is closed
    either way. Returns whether rows were left out. Never holds more than one row."""
    if isinstance(answer, AskResult):
        write(format.boolean(answer.value).encode())
        return False
    head = format.head(answer.variables).encode()
    budget = max_bytes - len(format.tail(True).encode())
    write(head)
    used, truncated = len(head), False
    for index, row in enumerate(answer.rows):
        piece = format.row(answer.variables, row, index == 0).encode()
        if index >= max_rows or used + len(piece) > budget:
            truncated = True
            break
        write(piece)
        used += len(piece)
    write(format.tail(truncated).encode())
    return truncated


def compact(term: Term | None) -> str:
    """A term for humans: prefixed names for known namespaces, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        for prefix, iri in PREFIXES.items():
            if term.value.startswith(iri) and "/" not in term.value[len(iri) :]:
                return f"{prefix}:{term.value[len(iri) :]}"
        return term.value
    return _plain(term)


def to_table(result: SelectResult | AskResult, *, width: int = 60) -> bytes:
    if isinstance(result, AskResult):
        return b"true\n" if result.value else b"false\n"
    cells = [[compact(t).replace("\n", " ") for t in row] for row in result.rows]
    cells = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(v), *(len(row[i]) for row in cells)]) for i, v in enumerate(result.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(result.variables, widths, strict=False)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)).rstrip() for row in cells]
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


def _prefixes(format: RdfFormat) -> dict[str, str] | None:
    return PREFIXES if format in (RdfFormat.TURTLE, RdfFormat.TRIG) else None


def write_graph(result: GraphResult, output: BinaryIO, format: RdfFormat) -> None:
    serialize(result.triples, output, format=format, prefixes=_prefixes(format))


GRAPH_SLACK = 64 * 1024
"""Room kept under a graph result's byte cap for what the RDF serialiser holds before writing it
out (8 KiB in pyoxigraph 0.5), its prefixes and its closing text."""


class _Counted:
    """A write-only binary file that passes its bytes on and counts them."""

    def __init__(self, write: Callable[[bytes], object]) -> None:
        self._write, self.written = write, 0

    def write(self, data: bytes) -> int:
        self.written += len(data)
        self._write(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Every write is passed on at once."""


_ESCAPING = {RdfFormat.RDF_XML: 6}
"""How much larger than N-Triples a triple can grow in a syntax: RDF/XML writes "&" as "&amp;"
(five bytes for one); the other syntaxes escape at most as N-Triples does, plus their framing."""


def stream_triples(
    answer: TripleStream, write: Callable[[bytes], object], format: RdfFormat, *, max_rows: int, max_bytes: int
) -> bool:
    """Serialise ``answer`` in ``format``, stopping before the triple past ``max_rows`` or one that
    could take the output past ``max_bytes`` (counted at a multiple of its N-Triples size that bounds
    the escaping of the syntax, with GRAPH_SLACK to spare); the document is closed either way.
    Returns whether triples were left out. Never holds more than one triple and the serialiser's buffer."""
    output = _Counted(write)
    truncated = False
    factor = _ESCAPING.get(format, 2)

    def capped() -> Iterator[Triple]:
        nonlocal truncated
        for index, triple in enumerate(answer.triples):
            if index >= max_rows or output.written + GRAPH_SLACK + factor * len(str(triple).encode()) > max_bytes:
                truncated = True
                return
            yield triple

    # pyoxigraph writes to any object with write(); its stubs ask for IO[bytes]
    serialize(capped(), output, format=format, prefixes=_prefixes(format))  # type: ignore[arg-type]
    return truncated
