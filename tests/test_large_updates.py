"""Updates larger than a server takes in one request (Virtuoso: "The requested string session is
longer than 10Mb", which the merged view of 200 articles reached): staged, then applied by one
small update (kg/store/staging.py), and read back whole from a real Virtuoso and Oxigraph server."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions, Triple

from kg.errors import QueryError
from kg.sparql import update as sparql_update
from kg.store import staging
from tests.helpers import RemoteServer

EX = "https://example.org/kg-test/"
WKT = NamedNode("http://www.opengis.net/ont/geosparql#wktLiteral")
TEN_MB = 10 * 2**20


def big_graph(graph: NamedNode, count: int, tag: str = "") -> list[Quad]:
    """``count`` quads in ``graph``, literals with what escaping must survive (quotes, a newline,
    a backslash, non-ASCII, a language tag) and a geometry, about 200 bytes each."""
    quads = []
    for i in range(count):
        subject = NamedNode(f"{EX}thing/{tag}{i}")
        text = f'Invented report {tag}{i}: "quoted" \\ back\nslash, Zürich–Kyïv ' + "x" * 60
        quads.append(Quad(subject, NamedNode(f"{EX}says"), Literal(text, language="en"), graph))
        if i % 1000 == 0:
            quads.append(
                Quad(subject, NamedNode(f"{EX}where"), Literal(f"POINT(30.{i % 7 + 1} 50.45)", datatype=WKT), graph)
            )
    return quads


def staging_graphs(store) -> list[str]:
    rows = store.query(
        'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "urn:kg:staging:")) }'
    )
    assert isinstance(rows, QuerySolutions)
    return [row["g"].value for row in rows]


def triples(quads: list[Quad] | list[Triple]) -> set[Triple]:
    return {Triple(q.subject, q.predicate, q.object) for q in quads}


# ---- the plan, without a server ------------------------------------------------------------------------


def test_a_small_update_is_sent_as_it_is() -> None:
    text = sparql_update.insert_data(big_graph(NamedNode(f"{EX}g"), 10))
    assert staging.plan(text) is None


def test_a_large_update_keeps_its_operations_in_order_with_the_data_staged() -> None:
    graph, other, prov = NamedNode(f"{EX}g"), NamedNode(f"{EX}h"), NamedNode(f"{EX}prov")
    deleted, inserted = big_graph(graph, 12_000, "old"), big_graph(graph, 12_000, "new") + big_graph(other, 100)
    old_digest, digest = (Quad(graph, NamedNode(f"{EX}sha256"), Literal(d), prov) for d in ("abc", "def"))
    text = sparql_update.join(
        [
            sparql_update.drop_graph(NamedNode(f"{EX}gone")),
            sparql_update.delete_data(deleted),
            sparql_update.insert_data(inserted),
            sparql_update.delete_data([old_digest]),
            sparql_update.insert_data([digest]),
        ]
    )
    assert len(text.encode()) > staging.MAX_UPDATE_BYTES
    staged = staging.plan(text)
    assert staged is not None
    assert len(staged.update) < 5_000
    operations = staged.update.split(staging.SEPARATOR)
    assert operations[0] == sparql_update.drop_graph(NamedNode(f"{EX}gone"))
    assert operations[1].startswith(f"DELETE {{ GRAPH {graph} ") and staged.stages[0].graph.value in operations[1]
    assert operations[2:4] == [
        f"ADD SILENT {staged.stages[1].graph} TO {graph}",
        f"ADD SILENT {staged.stages[2].graph} TO {other}",
    ]
    assert operations[4:] == [sparql_update.delete_data([old_digest]), sparql_update.insert_data([digest])]  # small
    assert set(staged.stages[0].triples) == triples(deleted)
    assert set(staged.stages[1].triples) | set(staged.stages[2].triples) == triples(inserted)
    assert len({stage.graph for stage in staged.stages}) == 3


def test_an_update_kg_did_not_write_is_not_taken_apart() -> None:
    """Triple-quoted literals may hold the separator: such an update is sent as it is."""
    text = 'INSERT DATA { <urn:a> <urn:b> """long ;\n""" }' + " " * staging.MAX_UPDATE_BYTES
    assert staging.plan(text) is None


# ---- against real servers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("server", "through"), [("virtuoso", "graph-store"), ("virtuoso", "insert-data"), ("oxigraph", "graph-store")]
)
def test_a_graph_larger_than_virtuosos_limit_is_written_whole_and_atomically_replaced(
    server: str, through: str, request: pytest.FixtureRequest
) -> None:
    """A reference-graph write of more than 10 MB of update text (one DROP + INSERT DATA), then a
    merged-view-like diff deleting and inserting more than 10 MB: each reads back exactly, and no
    staging graph is left. Staged through the Graph Store Protocol, or without one in pieces."""
    remote: RemoteServer = request.getfixturevalue(server)
    graph, prov = NamedNode(f"{EX}graph/big-{through}"), NamedNode(f"{EX}graph/provenance-{through}")
    first = big_graph(graph, 60_000, "a")
    assert len(sparql_update.insert_data(first).encode()) > TEN_MB
    # read back through the Graph Store Protocol: Virtuoso refuses CONSTRUCT pages past 20,000 sorted rows
    with remote.open(**({} if through == "graph-store" else {"store_gsp": ""})) as store, remote.open() as reader:
        try:
            store.replace_graph(graph, first, provenance_graph=prov, digest="d1")
            assert triples(reader.graph_triples(graph)) == triples(first)
            assert reader.graph_digest(graph, prov) == "d1"
            assert staging_graphs(reader) == []

            second = big_graph(graph, 60_000, "b")
            kept = first[: len(first) // 2]
            store.update(
                sparql_update.join(
                    [sparql_update.delete_data(first[len(first) // 2 :]), sparql_update.insert_data(second)]
                )
            )
            assert triples(reader.graph_triples(graph)) == triples(kept) | triples(second)
            assert staging_graphs(reader) == []

            # an update the server rejects after its data was staged: nothing of it applied, nothing left behind
            with pytest.raises(QueryError):
                store.update(
                    sparql_update.join(
                        [
                            sparql_update.drop_graph(graph),
                            sparql_update.insert_data(first),
                            "DROP GRAPH <urn:a> <urn:b>",
                        ]
                    )
                )
            assert triples(reader.graph_triples(graph)) == triples(kept) | triples(second)
            assert staging_graphs(reader) == []
        finally:
            store.update(sparql_update.join([sparql_update.drop_graph(graph), sparql_update.drop_graph(prov)]))
