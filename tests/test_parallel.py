"""``kg build --jobs N``: extraction in worker processes gives exactly the graphs of an in-process
build; an article that fails, or a worker that dies, costs at most that article."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, serialize
from typer.testing import CliRunner

from bench.corpus import synthetic_corpus
from kg.build import Builder, build
from kg.cli import app
from kg.ingest import iter_inputs
from kg.store import OxigraphStore
from tests.helpers import SEEDS

runner = CliRunner()


def article_nquads(path: Path) -> list[bytes]:
    """The canonical N-Quads of every article graph in an embedded store (sorted lines)."""
    with OxigraphStore(path, read_only=True) as store:
        quads = [q for q in store.native if "/graph/article/" in q.graph_name.value]
    return sorted(serialize(quads, format=RdfFormat.N_QUADS).splitlines())


def test_two_jobs_build_exactly_what_one_job_builds(seed_store_path: Path, tmp_path: Path, extractor, minter) -> None:
    with OxigraphStore(tmp_path / "kg") as store:
        report = build([str(SEEDS)], store=store, extractor=extractor, minter=minter, max_file_bytes=2**20, jobs=2)
    assert [r.status for r in report.results] == ["ingested"] * 5
    assert article_nquads(tmp_path / "kg") == article_nquads(seed_store_path)


def test_a_long_article_is_extracted_alike_with_either_number_of_jobs(tmp_path: Path) -> None:
    """A text parsed in pieces (:func:`kg.extract.nlp.pipe_texts`) gives the same graph in a worker."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("001_6c8beff2a7751072.txt", "004_e4289cc71e153fd7.txt"):
        shutil.copy(SEEDS / name, corpus / name)
    text = (SEEDS / "002_4d77f07ac3bda1b6.txt").read_text(encoding="utf-8")
    (corpus / "long.txt").write_text("\n\n".join([text] * (150_000 // len(text) + 1)), encoding="utf-8")
    outcomes = {}
    for jobs in ("1", "2"):
        result = runner.invoke(
            app, ["build", "--jobs", jobs, str(corpus)], env={"KG_STORE": str(tmp_path / f"kg{jobs}")}
        )
        assert result.exit_code == 0, result.output
        outcomes[jobs] = sorted(line.split(None, 2)[:2] for line in result.stdout.splitlines()[:-1])
    assert outcomes["1"] == [
        ["ingested", name] for name in ("001_6c8beff2a7751072.txt", "004_e4289cc71e153fd7.txt", "long.txt")
    ]
    assert outcomes["2"] == outcomes["1"]
    assert article_nquads(tmp_path / "kg2") == article_nquads(tmp_path / "kg1")


@pytest.mark.threat("G1")
def test_a_worker_killed_mid_build_costs_no_article(seed_store_path: Path, tmp_path: Path, extractor, minter) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    synthetic_corpus(corpus, 1)
    killed = []

    def kill_a_worker(result) -> None:
        if not killed:  # as the OOM killer would, while the others are busy
            worker = multiprocessing.active_children()[0]
            os.kill(worker.pid, signal.SIGKILL)
            killed.append(worker.pid)

    with OxigraphStore(tmp_path / "kg") as store:
        builder = Builder(store, extractor, minter, max_file_bytes=2**20, progress=kill_a_worker, jobs=2)
        report = builder.build(iter_inputs([str(corpus)]))
    assert killed and [r.status for r in report.results] == ["ingested"] * 6
    assert set(article_nquads(seed_store_path)) <= set(article_nquads(tmp_path / "kg"))


def test_an_article_that_fails_in_a_worker_fails_alone(extractor, minter) -> None:
    """An exception while extracting one article comes back as that article's ExtractionError; the
    workers and the other articles go on (an Article whose text is no string cannot be parsed)."""
    import dataclasses

    from kg.errors import ExtractionError
    from kg.ingest.reader import read_text
    from kg.parallel import ExtractionPool

    good = [
        read_text((SEEDS / name).read_bytes(), key=name, source_name=name)
        for name in ("001_6c8beff2a7751072.txt", "004_e4289cc71e153fd7.txt")
    ]
    broken = dataclasses.replace(good[0], key="broken", text=None)  # type: ignore[arg-type]
    with ExtractionPool(extractor, 2, minter) as pool:
        outcomes = {article.key: outcome for article, outcome in pool.extract([good[0], broken, good[1]])}
    assert isinstance(outcomes["broken"], ExtractionError)
    assert all(not isinstance(outcomes[a.key], Exception) and outcomes[a.key].events for a in good)


@pytest.mark.threat("G1")
def test_a_pool_broken_between_results_takes_the_next_articles_in_a_new_one(extractor, minter) -> None:
    """A worker killed while the build handles a result (the pool breaks before the next submit):
    the next articles go to a new pool, and none is lost."""
    import time

    from kg.ingest import read_text
    from kg.parallel import ExtractionPool

    articles = [
        read_text(path.read_bytes(), key=path.name, source_name=path.name) for path in sorted(SEEDS.glob("*.txt"))[:3]
    ]
    with ExtractionPool(extractor, 2, minter) as pool:
        assert [a.key for a, _ in pool.extract(articles[:1])] == [articles[0].key]  # the pool is up
        executor = pool._pool()
        for process in list(executor._processes.values()):
            os.kill(process.pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while not executor._broken and time.monotonic() < deadline:
            time.sleep(0.1)
        assert executor._broken
        results = dict(pool.extract(articles))
    assert sorted(a.key for a in results) == sorted(a.key for a in articles)
    assert not any(isinstance(outcome, Exception) for outcome in results.values())
