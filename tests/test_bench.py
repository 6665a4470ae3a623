"""The benchmark graph generator (bench/graphgen.py) makes graphs shaped like kg's own output:
the requested size, per-article named graphs with evidence and provenance, labelled synthetic,
on which every named query returns rows. No timings here: the benchmarks live in bench/."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from pyoxigraph import NamedNode

from bench import graphgen
from bench.queries import BINDINGS, named_queries
from kg.sparql.query import SelectResult, run_query
from kg.store.oxigraph import OxigraphStore

ID = "https://w3id.org/kg-news/id/"
KG = "https://w3id.org/kg-news/ontology#"


@pytest.fixture(scope="module")
def template(seed_store_path: Path) -> graphgen.Template:
    return graphgen.load_template(seed_store_path)


@pytest.fixture(scope="module")
def graph(template: graphgen.Template, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    directory = tmp_path_factory.mktemp("synthetic") / "kg"
    requested = template.fixed_quads + 2 * template.clone_quads  # about 18k quads: 3 clones
    return directory, graphgen.load_store(template, requested, directory)


def test_the_graph_has_the_requested_size(template: graphgen.Template, graph: tuple[Path, int]) -> None:
    _, count = graph
    requested = template.fixed_quads + 2 * template.clone_quads
    clones = template.clones_for(requested)
    assert count == template.total_quads(clones) >= requested
    assert count - requested < template.clone_quads + len(template.seed_shas)  # at most one clone more


def test_articles_have_their_own_graphs_evidence_and_provenance(
    template: graphgen.Template, graph: tuple[Path, int]
) -> None:
    directory, count = graph
    with OxigraphStore(directory, read_only=True) as store:
        graphs = [g.value for g in store.named_graphs() if g.value.startswith(ID + "graph/article/")]
        clones = template.clones_for(count)
        assert len(graphs) == len(set(graphs)) == len(template.seed_shas) * clones
        rows = store.select_rows(
            """SELECT ?graph (COUNT(DISTINCT ?evidence) AS ?evidence) ?article ?label WHERE {
                 GRAPH ?graph { ?evidence <http://www.w3.org/ns/oa#start> ?start }
                 GRAPH <https://w3id.org/kg-news/id/graph/provenance> {
                   ?graph <http://www.w3.org/ns/prov#wasDerivedFrom> ?article .
                   OPTIONAL { ?article <http://www.w3.org/2000/01/rdf-schema#comment> ?label } }
               } GROUP BY ?graph ?article ?label"""
        )
    assert {row["graph"] for row in rows} == set(graphs)
    assert all(int(row["evidence"]) > 10 for row in rows)
    labelled = [row for row in rows if "label" in row]
    assert len(labelled) == len(template.seed_shas) * clones
    assert all(row["label"].startswith("SYNTHETIC") for row in labelled)


def test_clones_are_deterministic_and_keep_gazetteer_iris(template: graphgen.Template) -> None:
    one, again, other = (
        graphgen.clone_bytes(template, 3),
        graphgen.clone_bytes(template, 3),
        graphgen.clone_bytes(template, 4),
    )
    assert one == again != other
    quads = list(pyoxigraph.parse(one, format=pyoxigraph.RdfFormat.N_QUADS))
    assert any(q.object.value.startswith("https://w3id.org/kg-news/gazetteer/") for q in quads)
    assert not any(sha in q.graph_name.value for q in quads for sha in template.seed_shas)


def test_every_named_query_returns_rows(graph: tuple[Path, int]) -> None:
    directory, _ = graph
    with OxigraphStore(directory, read_only=True) as store:
        for name, text in named_queries().items():
            bindings = {k: NamedNode(v) for k, v in BINDINGS.get(name, {}).items()} or None
            result = run_query(store, text, timeout=60, max_rows=1_000_000, bindings=bindings)
            assert isinstance(result, SelectResult) and result.rows, name
