"""Every CLI command against a real on-disk store."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import rdflib
from typer.testing import CliRunner

from kg.cli import app
from kg.store import OxigraphStore
from tests.helpers import QUERIES, SEEDS, kg_command

runner = CliRunner()


def kg(*args: str, store: Path | None = None, input: str | None = None):
    env = {"KG_STORE": str(store)} if store else {}
    return runner.invoke(app, list(args), env=env, input=input)


def test_build_reports_each_file_then_nothing_changes(tmp_path: Path) -> None:
    store = tmp_path / "kg"
    first = kg("build", str(SEEDS), store=store)
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert sum(line.startswith("ingested") for line in lines) == 5
    total = lines[-1]
    assert "5 ingested" in total
    quads = int(total.rsplit("holds ", 1)[1].split()[0])

    second = kg("build", str(SEEDS), store=store)
    assert second.exit_code == 0
    assert sum(line.startswith("unchanged") for line in second.stdout.splitlines()) == 5
    assert "0 quads written" in second.stdout
    assert int(second.stdout.splitlines()[-1].rsplit("holds ", 1)[1].split()[0]) == quads


def test_build_exit_codes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("   \n")
    shutil.copy(SEEDS / "001_6c8beff2a7751072.txt", corpus)
    result = kg("build", str(corpus), store=tmp_path / "kg")
    assert result.exit_code == 0 and "skipped    empty.txt" in result.stdout
    strict = kg("build", "--strict", str(corpus), store=tmp_path / "kg")
    assert strict.exit_code == 1
    assert kg("build", store=tmp_path / "kg").exit_code == 2  # no paths: usage error


def test_build_from_stdin(tmp_path: Path) -> None:
    text = (SEEDS / "004_e4289cc71e153fd7.txt").read_text(encoding="utf-8")
    result = kg("build", "-", store=tmp_path / "kg", input=text)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ingested")


def test_query_formats(seed_store_path: Path) -> None:
    query = "SELECT ?label WHERE { GRAPH <https://w3id.org/kg-news/id/graph/gazetteer> { ?p a <https://w3id.org/kg-news/ontology#Province> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label } } ORDER BY ?label LIMIT 3"
    table = kg("query", query, store=seed_store_path)
    assert table.exit_code == 0 and "Badakhshan" in table.stdout and "3 row(s)" in table.stdout
    as_csv = kg("query", query, "--format", "csv", store=seed_store_path)
    assert list(csv.reader(io.StringIO(as_csv.stdout)))[0] == ["label"]
    as_json = json.loads(kg("query", query, "--format", "json", store=seed_store_path).stdout)
    assert as_json["head"]["vars"] == ["label"] and len(as_json["results"]["bindings"]) == 3
    as_tsv = kg("query", query, "--format", "tsv", store=seed_store_path).stdout
    assert as_tsv.splitlines()[0] == "?label" and as_tsv.splitlines()[1].startswith('"Badakhshan"@en')
    from_stdin = kg("query", "-", "--format", "csv", store=seed_store_path, input=query)
    assert from_stdin.stdout == as_csv.stdout
    construct = kg(
        "query", "CONSTRUCT WHERE { ?s a <https://w3id.org/kg-news/ontology#Province> } LIMIT 2", store=seed_store_path
    )
    assert len(rdflib.Graph().parse(data=construct.stdout, format="turtle")) == 2


def test_query_errors(seed_store_path: Path) -> None:
    bad = kg("query", "SELECT * WHERE {", store=seed_store_path)
    assert bad.exit_code == 2 and "error at 1:" in bad.stderr
    refused = kg("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", store=seed_store_path)
    assert refused.exit_code == 1 and "SERVICE is not allowed" in refused.stderr
    assert kg("query", store=seed_store_path).exit_code == 2
    assert kg("query", "ASK {}", "--format", "yaml", store=seed_store_path).exit_code == 2


def test_query_file_captures_csv(seed_store_path: Path, seed_store) -> None:
    result = kg("query", "-f", str(QUERIES / "captures.rq"), "--format", "csv", store=seed_store_path)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[:5] == ["source", "place_label", "place_qid", "date", "actor_label"]
    assert {r["source"] for r in rows} == {p.name for p in SEEDS.glob("*.txt")}
    texts = {
        r["article"]: r["text"]
        for r in seed_store.select_rows(
            "SELECT ?article ?text WHERE { ?article <https://w3id.org/kg-news/ontology#text> ?text }"
        )
    }
    for row in rows:
        text = texts[row["article"]]
        assert text[int(row["evidence_start"]) : int(row["evidence_end"])] == row["sentence"]


def test_export_formats_round_trip(seed_store_path: Path, tmp_path: Path, seed_store) -> None:
    quads = seed_store.quad_count()
    for fmt, rdf_format in (("nq", pyoxigraph.RdfFormat.N_QUADS), ("trig", pyoxigraph.RdfFormat.TRIG)):
        target = tmp_path / f"out.{fmt}"
        assert kg("export", "-o", str(target), store=seed_store_path).exit_code == 0
        reloaded = pyoxigraph.Store()
        reloaded.load(path=str(target), format=rdf_format)
        assert len(reloaded) == quads
    turtle = kg("export", "--format", "ttl", store=seed_store_path).stdout
    merged = rdflib.Graph().parse(data=turtle, format="turtle")
    distinct = seed_store.select_rows(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    )
    assert len(merged) == int(distinct[0]["n"])
    jsonld = kg("export", "--format", "jsonld", store=seed_store_path).stdout
    assert json.loads(jsonld)
    assert not list(tmp_path.glob(".*.part"))  # no temporary files left behind


def test_validate_conforms_then_detects_a_broken_graph(store_copy: Path) -> None:
    ok = kg("validate", store=store_copy)
    assert ok.exit_code == 0, ok.stdout
    assert ok.stdout.count("conforms") == 5
    with OxigraphStore(store_copy) as store:
        graph = next(g for g in store.named_graphs() if "/graph/article/" in g.value)
        store.update(
            f"INSERT DATA {{ GRAPH {graph} {{ <https://w3id.org/kg-news/id/event/broken> a <https://w3id.org/kg-news/ontology#TakeControl> , <https://w3id.org/kg-news/ontology#Event> ; "
            '<https://w3id.org/kg-news/ontology#confidence> "1.5"^^<http://www.w3.org/2001/XMLSchema#decimal> } }'
        )
    broken = kg("validate", store=store_copy)
    assert broken.exit_code == 1
    assert "VIOLATES" in broken.stdout and "kg:confidence" in broken.stdout and "evidence" in broken.stdout


def test_validate_detects_offsets_that_do_not_match_the_text(store_copy: Path) -> None:
    with OxigraphStore(store_copy) as store:
        store.update(
            "PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX kg: <https://w3id.org/kg-news/ontology#> "
            "DELETE { GRAPH ?g { ?e oa:start ?s } } INSERT { GRAPH ?g { ?e oa:start ?t } } "
            "WHERE { { SELECT ?g ?e ?s WHERE { GRAPH ?g { ?e a kg:Evidence ; oa:start ?s } } LIMIT 1 } BIND(?s + 1 AS ?t) }"
        )
    result = kg("validate", store=store_copy)
    assert result.exit_code == 1 and "do not slice the article text" in result.stdout


def test_console_script_and_version() -> None:
    result = subprocess.run([*kg_command(), "--version"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.startswith("kg ")
    assert subprocess.run([*kg_command(), "nonsense"], capture_output=True, timeout=120).returncode == 2


def test_a_locked_store_gives_a_clear_error(store_copy: Path) -> None:
    with OxigraphStore(store_copy):
        result = kg("build", str(SEEDS), store=store_copy)
    assert result.exit_code == 1 and "in use by another kg process" in result.stderr
