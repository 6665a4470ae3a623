"""The merged view: one node per real thing, corroboration, contradictions, order independence."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat

from kg.build import build
from kg.resolve import update_merged_view
from kg.sparql.query import SelectResult, run_query
from kg.store import OxigraphStore
from tests.helpers import QUERIES, SEEDS

KG = "https://w3id.org/kg-news/ontology#"
GAZ = "https://w3id.org/kg-news/gazetteer/"
BASE = "https://w3id.org/kg-news/id/"


def rows(store, query: str, **bindings) -> list[dict[str, str]]:
    return store.select_rows(query, **bindings)


def named_query(store, name: str) -> list[dict[str, str]]:
    result = run_query(store, (QUERIES / name).read_text(encoding="utf-8"), timeout=30, max_rows=10_000)
    assert isinstance(result, SelectResult)
    return [{v: (t.value if t is not None else "") for v, t in zip(result.variables, row)} for row in result.rows]


def test_places_are_one_node_each_whatever_the_spelling(seed_store) -> None:
    found = rows(
        seed_store,
        f"""
        SELECT ?place (GROUP_CONCAT(DISTINCT ?surface; separator="|") AS ?surfaces) WHERE {{
          ?mention <{KG}refersTo> ?place ; <{KG}surface> ?surface .
          FILTER(STRSTARTS(STR(?place), "{GAZ}city/"))
        }} GROUP BY ?place""",
    )
    surfaces = {row["place"].removeprefix(GAZ + "city/"): set(row["surfaces"].split("|")) for row in found}
    assert {"Mazar", "Mazar-i-Sharif"} <= surfaces["mazar-i-sharif"]
    assert {"Albak", "Aibak"} <= surfaces["aybak"]
    assert {"Qala-i-Naw", "Qala-e-Naw"} <= surfaces["qala-i-naw"]
    assert {"Sar-e-Pul", "Sar-e-pul"} <= surfaces["sar-e-pul"]
    for city in ("kunduz", "faizabad", "sheberghan", "taloqan", "zaranj"):
        assert city in surfaces


def test_dostum_is_one_person(seed_store) -> None:
    found = rows(
        seed_store,
        f"""
        SELECT DISTINCT ?canonical WHERE {{
          ?local <{KG}canonical> ?canonical ; <http://www.w3.org/2000/01/rdf-schema#label> ?label .
          FILTER(CONTAINS(STR(?label), "Dosto") || CONTAINS(STR(?label), "Dostu"))
        }}""",
    )
    assert len(found) == 1
    decisions = rows(
        seed_store,
        f"SELECT ?rule ?canonical WHERE {{ ?d <{KG}canonical> ?canonical ; <{KG}rule> ?rule }}",
        canonical=NamedNode(found[0]["canonical"]),
    )
    assert "surname-spelling" in {d["rule"] for d in decisions}


def test_capture_events_merge_across_articles(seed_store) -> None:
    timeline = named_query(seed_store, "timeline.rq")
    assert list(timeline[0])[:7] == ["event", "place_label", "place_qid", "date", "actor_label", "sources", "outlets"]
    by_place = {}
    for row in timeline:
        by_place.setdefault(row["place_label"], []).append(row)
    kunduz = [r for r in by_place["Kunduz"] if r["date"] == ""]
    assert len(kunduz) == 1 and int(kunduz[0]["sources"]) >= 3
    (faizabad,) = by_place["Faizabad"]
    assert faizabad["date"] in ("2021-08-10", "2021-08-11") and int(faizabad["sources"]) == 2
    assert faizabad["date_source"] == "000_50a4bb2c8a24be6b.txt"
    # the 1998 capture of Mazar-i-Sharif is its own (historical) event, not merged into 2021
    assert [r["date"] for r in by_place["Mazar-i-Sharif"]] == ["1998"]
    dated = [r["date"] for r in timeline if r["date"]]
    assert dated == sorted(dated)


def test_wire_copies_count_once(seed_store) -> None:
    faizabad = next(r for r in named_query(seed_store, "timeline.rq") if r["place_label"] == "Faizabad")
    assert faizabad["sources"] == "2" and faizabad["outlets"] == "1"  # 000 and 001 both carry AFP's story
    corroboration = named_query(seed_store, "corroboration.rq")
    assert any(int(r["outlets"]) >= 2 and r["status"] == "Corroborated" for r in corroboration)


def test_contradicting_claims_make_the_event_contested(seed_store) -> None:
    contested = named_query(seed_store, "contested.rq")
    qala = [r for r in contested if r["place_label"] == "Qala-i-Naw"]
    assert len({r["event"] for r in qala}) == 1
    (supports,) = [r for r in qala if r["side"] == "supports"]
    (disputes,) = [r for r in qala if r["side"] == "disputes"]
    assert supports["speaker"] == "Abdul Rahim Rahin" and "under Taliban control" in supports["quote"]
    assert "Ministry of Defence" in disputes["speaker"] and "fleeing" in disputes["quote"]
    assert supports["source"] == disputes["source"] and supports["source"].startswith(f"{BASE}article/")
    links = rows(seed_store, f"SELECT ?a ?b WHERE {{ ?a <{KG}contradicts> ?b }}")
    assert len(links) == 2  # both directions of one contradiction


def test_entity_query_with_a_binding(seed_store_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    result = CliRunner().invoke(
        app,
        ["query", "-f", str(QUERIES / "entity.rq"), "--bind", f"entity={GAZ}city/kunduz", "--format", "csv"],
        env={"KG_STORE": str(seed_store_path)},
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "entity,what,value,source,evidence"
    assert any(",mention,Kunduz," in line for line in lines)
    assert any("event (hasPlace)" in line and "takecontrol/taliban/kunduz" in line for line in lines)
    assert all(line.startswith(f"{GAZ}city/kunduz") for line in lines[1:])


def test_explain(seed_store_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    runner = CliRunner()
    env = {"KG_STORE": str(seed_store_path)}
    person = runner.invoke(app, ["explain", "https://w3id.org/kg-news/id/person/abdul-rashid-dostum"], env=env)
    assert person.exit_code == 0, person.output
    assert "surname-spelling" in person.stdout and "'Abdul Rashid Dostom' in 003_9a410404917cc5f1.txt" in person.stdout
    event = runner.invoke(
        app, ["explain", "https://w3id.org/kg-news/id/event/takecontrol/taliban/faizabad/2021"], env=env
    )
    assert (
        "fixes the date" in event.stdout and "overnight" in event.stdout and "001_6c8beff2a7751072.txt" in event.stdout
    )
    missing = runner.invoke(app, ["explain", "https://example.org/nothing"], env=env)
    assert missing.exit_code == 1 and "not in the graph" in missing.stderr


def _merged_nquads(store: OxigraphStore, minter) -> list[str]:
    import io

    buffer = io.BytesIO()
    store.dump(buffer, format=RdfFormat.N_QUADS, graph=minter.merged_graph())
    return sorted(buffer.getvalue().decode().splitlines())


def test_the_order_of_ingestion_does_not_change_the_merged_view(tmp_path: Path, extractor, minter) -> None:
    files = sorted(SEEDS.glob("*.txt"))
    orders = [files, files[::-1], random.Random(7).sample(files, len(files))]
    views = []
    for n, order in enumerate(orders):
        with OxigraphStore(tmp_path / f"kg{n}") as store:
            for path in order:  # one article per build: the view is updated after each
                build([str(path)], store=store, extractor=extractor, minter=minter, max_file_bytes=10 * 2**20)
            views.append(_merged_nquads(store, minter))
    assert views[0] and views[0] == views[1] == views[2]


def test_merging_leaves_article_graphs_untouched_and_is_incremental(tmp_path: Path, extractor, minter) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    with OxigraphStore(tmp_path / "kg") as store:
        build([str(corpus)], store=store, extractor=extractor, minter=minter, max_file_bytes=10 * 2**20)
        articles_before = {g.value for g in store.named_graphs() if "/graph/article/" in g.value}
        import io

        def article_quads() -> list[str]:
            out = []
            for graph in sorted(articles_before):
                buffer = io.BytesIO()
                from pyoxigraph import NamedNode

                store.dump(buffer, format=RdfFormat.N_QUADS, graph=NamedNode(graph))
                out += buffer.getvalue().decode().splitlines()
            return sorted(out)

        before = article_quads()
        assert update_merged_view(store, minter, force=True).inserted == 0  # recomputing changes nothing
        assert article_quads() == before
        # an edit that removes the only dated report of Faizabad's capture un-dates the merged event
        seed = corpus / "000_50a4bb2c8a24be6b.txt"
        seed.write_text(
            seed.read_text(encoding="utf-8").replace("the overnight capture of a ninth", "the capture of a ninth"),
            encoding="utf-8",
        )
        report = build([str(corpus)], store=store, extractor=extractor, minter=minter, max_file_bytes=10 * 2**20)
        assert report.merge is not None and not report.merge.skipped and 0 < report.merge.inserted < 2000
        faizabad = next(r for r in named_query(store, "timeline.rq") if r["place_label"] == "Faizabad")
        assert faizabad["date"] == ""


@pytest.mark.parametrize("name", ["contested.rq", "corroboration.rq", "timeline.rq"])
def test_merged_queries_run(seed_store, name: str) -> None:
    assert named_query(seed_store, name)


def test_places_of_one_name_with_and_without_a_containing_place_merge_without_error() -> None:
    """Two articles name "X airport", one in a city and one not: sorting them must not compare None."""
    from kg.resolve.collect import EntityRecord
    from kg.resolve.entities import _cluster_places

    places = [
        EntityRecord("https://e.org/a/1", "g1", "Airport", "Vellport airport", within="https://e.org/city/v"),
        EntityRecord("https://e.org/a/2", "g2", "Airport", "Vellport airport", within=None),
    ]
    finder = _cluster_places(places, lambda iri: iri, [])
    assert len(finder.groups()) == 1
