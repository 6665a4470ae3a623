"""``kg build --scheduler``: extraction on a Dask cluster (separate ``dask scheduler`` and ``dask
worker`` processes on loopback) gives exactly the store and the per-file lines of a one-job build,
into the embedded store or Virtuoso; a worker killed mid-build costs no article; a scheduler that
cannot be reached, or goes away, stops the build with one clear line and keeps what was written;
the next build finishes the job and rewrites nothing."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.corpus import synthetic_corpus
from bench.dask_cluster import DaskProcesses, wait_for_workers
from kg.build import Builder, ClusterLost, FileResult
from kg.cli import app
from kg.errors import ClusterError
from kg.extract.extractor import Extractor
from kg.ingest import iter_inputs, read_input
from kg.store import OxigraphStore
from tests.helpers import SEEDS, RemoteServer, canonical_dataset, free_port

runner = CliRunner()
ARTICLES = 50


def kg_build(*args: str, env: dict[str, str]) -> tuple[list[str], str]:
    """``kg build ARGS``: its per-file lines (sorted: a cluster finishes them in any order) and its
    totals line without the store's location."""
    result = runner.invoke(app, ["build", *args], env=env)
    assert result.exit_code == 0, result.output
    *lines, totals = result.stdout.splitlines()
    return sorted(lines), totals.split("; the store at")[0]


def exported(env: dict[str, str]) -> Counter[str]:
    """The whole store, every graph, as canonical N-Quads (run IRIs and timestamps made equal)."""
    result = runner.invoke(app, ["export", "--format", "nq"], env=env)
    assert result.exit_code == 0, result.output
    return canonical_dataset(result.stdout_bytes)


def raw_nquads(path: Path) -> list[str]:
    """The embedded store as sorted N-Quads lines, as written (timestamps and run IRIs included)."""
    with OxigraphStore(path, read_only=True) as store:
        return sorted(str(quad) for quad in store.native)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seeds and 45 SYNTHETIC variants of them (bench/corpus.py)."""
    directory = tmp_path_factory.mktemp("cluster-corpus")
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, directory / seed.name)
    synthetic_corpus(directory, ARTICLES - 5)
    return directory


@pytest.fixture(scope="module")
def one_job(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], str, Counter[str]]:
    """A one-job ``kg build`` of the corpus: its lines, its totals, its store."""
    env = {"KG_STORE": str(tmp_path_factory.mktemp("one-job") / "kg")}
    lines, totals = kg_build(str(corpus), env=env)
    assert len(lines) == ARTICLES and all(line.startswith("ingested") for line in lines)
    return lines, totals, exported(env)


def test_a_cluster_build_prints_and_stores_what_a_one_job_build_does(
    dask_scheduler: str, seed_store_path: Path, tmp_path: Path
) -> None:
    local = kg_build(str(SEEDS), env={"KG_STORE": str(tmp_path / "local")})
    cluster = kg_build("--scheduler", dask_scheduler, str(SEEDS), env={"KG_STORE": str(tmp_path / "kg")})
    assert cluster == local
    assert exported({"KG_STORE": str(tmp_path / "kg")}) == exported({"KG_STORE": str(seed_store_path)})


@pytest.mark.slow
def test_fifty_articles_through_the_cluster_into_virtuoso(
    dask_scheduler: str, virtuoso: RemoteServer, corpus: Path, one_job: tuple[list[str], str, Counter[str]]
) -> None:
    """The article graphs, the merged view and the provenance of a one-job build; then a second
    build finds every article unchanged and writes nothing."""
    virtuoso.clear()
    env = virtuoso.env(KG_SCHEDULER=dask_scheduler)
    try:
        lines, totals = kg_build(str(corpus), env=env)
        assert (lines, totals) == one_job[:2]
        store = exported(virtuoso.env())
        assert store == one_job[2], f"only in Virtuoso: {list(store - one_job[2])[:3]}"
        again, totals = kg_build(str(corpus), env=env)
        assert {line.split()[0] for line in again} == {"unchanged"} and len(again) == ARTICLES
        assert "; 0 quads written" in totals
    finally:
        virtuoso.clear()


@pytest.mark.slow
@pytest.mark.threat("G1")
def test_a_worker_killed_mid_build_costs_no_article(
    dask_scheduler: str,
    corpus: Path,
    one_job: tuple[list[str], str, Counter[str]],
    tmp_path: Path,
    extractor,
    minter,
) -> None:
    """A third worker joins the cluster and is SIGKILLed (no nanny to restart it) while articles
    are on it: the scheduler runs them again on the others, and the store is the one-job store."""
    from distributed import Client

    victim = DaskProcesses(tmp_path / "victim", dask_scheduler)
    victim.directory.mkdir()
    victim.worker("kg-test-victim", nanny=False)
    try:
        victim_address = wait_for_workers(dask_scheduler, {"kg-test-victim"})["kg-test-victim"]
        killed: list[str] = []
        with Client(dask_scheduler, timeout=30, set_as_default=False) as client:

            def kill_the_victim(result: FileResult) -> None:
                if not killed and client.processing(workers=[victim_address]).get(victim_address):
                    victim.kill("kg-test-victim")  # while it holds articles
                    killed.append(result.key)

            with OxigraphStore(tmp_path / "kg") as store:
                builder = Builder(
                    store,
                    extractor,
                    minter,
                    max_file_bytes=2**20,
                    progress=kill_the_victim,
                    scheduler=dask_scheduler,
                )
                report = builder.build(iter_inputs([str(corpus)]))
    finally:
        victim.stop()
    assert killed, "the victim never held an article"
    assert [r.status for r in report.results] == ["ingested"] * ARTICLES
    assert exported({"KG_STORE": str(tmp_path / "kg")}) == one_job[2]


def test_workers_with_another_extractor_are_refused(dask_scheduler: str, extractor, minter) -> None:
    """A client whose extractor differs from the workers' (another kg, model or world data: here
    its fingerprint) gets a clear error, and the workers are not left with the plugin."""
    from distributed import Client

    from kg.cluster import ClusterExtraction

    class Newer(Extractor):
        def fingerprint(self) -> str:
            return "f" * 64

    newer = Newer(model=extractor.model, gazetteer=extractor.gazetteer)
    with pytest.raises(ClusterError, match="has another kg, model or world data than the client"):
        with ClusterExtraction(newer, dask_scheduler, minter):
            pass
    with Client(dask_scheduler, timeout=30, set_as_default=False) as client:
        plugins = client.run(lambda dask_worker: sorted(dask_worker.plugins))
    assert plugins and not any("kg-extractor-ffff" in name for names in plugins.values() for name in names)


def test_a_worker_without_the_extractor_stops_the_build_instead_of_failing_articles(
    dask_scheduler: str, extractor, minter
) -> None:
    """A worker that joined later and could not load the plugin (another kg, no memory): the task finds
    no extractor there, and the client stops with a clear error rather than record the article as failed."""
    from kg.cluster import ClusterExtraction, _extract_on_worker

    article = read_input(next(iter(iter_inputs([str(SEEDS / "000_50a4bb2c8a24be6b.txt")]))))
    with ClusterExtraction(extractor, dask_scheduler, minter) as cluster:
        client = cluster._connected()
        future = client.submit(_extract_on_worker, article, "kg-extractor-not-loaded", minter, pure=False)
        future.exception(timeout=60)
        with pytest.raises(ClusterError, match="has not loaded kg's extractor"):
            cluster._outcome(future)


def test_an_unreachable_scheduler_is_one_line_and_writes_no_article(tmp_path: Path) -> None:
    address = f"tcp://127.0.0.1:{free_port()}"
    env = {"KG_STORE": str(tmp_path / "kg"), "KG_SCHEDULER_TIMEOUT": "1"}
    result = runner.invoke(app, ["build", "--scheduler", address, str(SEEDS)], env=env)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: cannot reach the Dask scheduler at {address}: ")
    assert line.endswith("-- start it (dask scheduler) or check --scheduler / KG_SCHEDULER")
    assert result.stdout == ""
    with OxigraphStore(tmp_path / "kg", read_only=True) as store:
        assert not [g for g in store.named_graphs() if "/graph/article/" in g.value]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scheduler", "127.0.0.1:8786"], "must be a Dask scheduler address such as tcp://HOST:8786"),
        (["--scheduler", "tcp://127.0.0.1:8786", "--jobs", "2"], "exclude each other"),
    ],
)
def test_a_bad_scheduler_setting_is_a_usage_error(args: list[str], message: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", *args, str(SEEDS)], env={"KG_STORE": str(tmp_path / "kg")})
    assert result.exit_code == 2 and message in result.stderr


@pytest.mark.slow
@pytest.mark.threat("G2")
def test_a_scheduler_gone_mid_build_keeps_what_was_written_and_the_rerun_rewrites_nothing(
    dask_scheduler: str, seed_store_path: Path, tmp_path: Path, extractor, minter
) -> None:
    """A cluster of its own (a scheduler, one worker) whose scheduler is SIGKILLed after two articles
    are written: the build stops with ClusterLost, those two stay; a build on another cluster then
    writes the other three, leaves the two as they were, and the store is the one-job store."""
    lost = DaskProcesses(tmp_path / "lost")
    lost.directory.mkdir()
    lost.scheduler()
    lost.worker("kg-test-lone", nanny=False)
    path = tmp_path / "kg"
    try:
        wait_for_workers(lost.address, {"kg-test-lone"})

        def kill_the_scheduler(result: FileResult) -> None:
            if result.status == "ingested" and "scheduler" in lost.processes and len(written) == 1:
                lost.kill("scheduler")
            written.append(result.key)

        written: list[str] = []
        with OxigraphStore(path) as store:
            builder = Builder(
                store, extractor, minter, max_file_bytes=2**20, progress=kill_the_scheduler, scheduler=lost.address
            )
            with pytest.raises(ClusterLost) as stopped:
                builder.build(iter_inputs([str(SEEDS)]))
    finally:
        lost.stop()
    assert str(stopped.value) == (
        f"the Dask scheduler at {lost.address} went away -- the build stopped after writing 2 article(s); once the "
        "scheduler is back with its workers, run the build again: it resumes where it stopped"
    )
    assert [r.status for r in stopped.value.report.results] == ["ingested", "ingested"]
    before = raw_nquads(path)

    with OxigraphStore(path) as store:
        report = Builder(store, extractor, minter, max_file_bytes=2**20, scheduler=dask_scheduler).build(
            iter_inputs([str(SEEDS)])
        )
    statuses = {r.key: r.status for r in report.results}
    assert statuses == {key: "unchanged" if key in written else "ingested" for key in statuses} and len(statuses) == 5
    assert not set(before) - set(raw_nquads(path)), "the rerun rewrote what the first build wrote"
    # the same quads as a one-job build, but two runs (the one stopped, the one that finished) record the same facts
    assert set(exported({"KG_STORE": str(path)})) == set(exported({"KG_STORE": str(seed_store_path)}))
