"""What kg does differently when the remote store is Virtuoso (open source 7.2, measured on
Debian's 7.2.5; see the README's "Running kg against a triple-store server").

* Updates are prefixed with ``DEFINE sql:big-data-const 1``: without it, an ``INSERT DATA`` of more
  than about 2,000 triples fails (SP031, "generated SQL text has exceeded 10000 lines"), and it is
  about 20x faster.
* ``ResultSetMaxRows`` caps every result. A capped SELECT carries ``X-SPARQL-MaxRows``; a capped
  CONSTRUCT or Graph Store GET carries nothing, so the cap is read from the server's configuration.
* Errors come as HTTP 500 with a SQL state: class 40 (a deadlock, or "Transaction aborted due to a
  database checkpoint") is worth retrying; most others are not.
* ``geo:wktLiteral`` values are stored as Virtuoso geometries with single-precision coordinates and
  come back typed ``virtrdf:Geometry`` (openlink/virtuoso-opensource#456, #808). kg restores the
  datatype and the shortest decimal of each coordinate, which gives back the written literal for
  coordinates of up to 7 significant digits (the gazetteer has at most 7).
* The default graph is the union of all graphs, Virtuoso's own system graphs included; their
  blank nodes are labelled ``nodeID://...``, which kg turns into valid labels.
"""

from __future__ import annotations

import json
import re
import struct
from typing import Any

from pyoxigraph import Literal, NamedNode, Triple

UPDATE_PREFIX = "DEFINE sql:big-data-const 1\n"
MAX_ROWS_QUERY = "SELECT (bif:cfg_item_value(bif:virtuoso_ini_path(), 'SPARQL', 'ResultSetMaxRows') AS ?rows) WHERE {}"
TIMEOUT_STATE = "S1TAT"  # "Returning incomplete results, query interrupted by result timeout"
GEOMETRY = "http://www.openlinksw.com/schemas/virtrdf#Geometry"
WKT = NamedNode("http://www.opengis.net/ont/geosparql#wktLiteral")

_STATE = re.compile(rb"Virtuoso (\w{5}) Error")
_BNODE_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def is_virtuoso(server_header: str) -> bool:
    return server_header.lower().startswith("virtuoso")


def sql_state(body: bytes) -> str | None:
    match = _STATE.search(body[:2000])
    return match.group(1).decode() if match else None


def is_transient(body: bytes) -> bool:
    """A deadlock or checkpoint abort: the same request may well succeed a moment later."""
    state = sql_state(body)
    text = body[:2000].lower()
    return (state is not None and state.startswith("40")) or b"checkpoint" in text or b"deadlock" in text


def is_permission_error(body: bytes) -> bool:
    return b"SR186" in body[:2000] or b"No permission" in body[:2000]


# ---- geometries back to geo:wktLiteral ----------------------------------------------------------------


def _shortest_single(number: str) -> str:
    """The shortest decimal that reads back to the same single-precision float."""
    value = _single(float(number))
    for digits in range(1, 10):
        text = f"{value:.{digits}g}"
        if "e" not in text and _single(float(text)) == value:
            return text
    return number


def _single(value: float) -> float:
    return struct.unpack("f", struct.pack("f", value))[0]


def restore_wkt(text: str) -> str:
    return _NUMBER.sub(lambda m: _shortest_single(m.group(0)), text)


def restore_term(term: Any) -> Any:
    if isinstance(term, Literal) and term.datatype.value == GEOMETRY:
        return Literal(restore_wkt(term.value), datatype=WKT)
    return term


def restore_triple(triple: Triple) -> Triple:
    if isinstance(triple.object, Literal) and triple.object.datatype.value == GEOMETRY:
        return Triple(triple.subject, triple.predicate, restore_term(triple.object))
    return triple


def restore_json_results(body: bytes) -> bytes:
    """SPARQL JSON results as other engines write them: geometries back to geo:wktLiteral, and
    blank node labels such as ``nodeID://b10007`` (from Virtuoso's own graphs) made valid."""
    if GEOMETRY.encode() not in body and b"nodeID://" not in body:
        return body
    document = json.loads(body)
    for row in document.get("results", {}).get("bindings", []):
        for value in row.values():
            if value.get("datatype") == GEOMETRY:
                value["datatype"] = WKT.value
                value["value"] = restore_wkt(value["value"])
            elif value.get("type") == "bnode":
                value["value"] = _BNODE_UNSAFE.sub("_", value["value"].removeprefix("nodeID://"))
    return json.dumps(document).encode()
