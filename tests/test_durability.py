"""Durability: ``kg build`` killed with SIGKILL at random moments leaves every article graph
complete or absent and the ledger in step with the graphs; a re-run finishes the job and gives the
store a clean run gives. Also: a locked store, concurrent writers of one document, the flush at the
end of a build, and exports that are atomic and round-trip.

The crash corpus is SYNTHETIC: 2,000 short articles built from a few template sentences with
gazetteer places swapped in, each labelled as synthetic in its text. Not real reporting.
"""

from __future__ import annotations

import errno
import os
import random
import re
import shutil
import signal
import subprocess
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph
import pytest
from pyoxigraph import NamedNode, RdfFormat
from typer.testing import CliRunner

from kg.build import Builder, build
from kg.cli import app
from kg.gazetteer import load_gazetteer
from kg.ingest import iter_inputs, read_input
from kg.rdf import article_graph_quads
from kg.store import OxigraphStore
from tests.helpers import SEEDS, copy_store, kg_command, serve

runner = CliRunner()

# ---- a synthetic corpus of short articles --------------------------------------------------------------

_SENTENCES = (
    "Taliban fighters captured {city} on {day} after days of fighting, officials said.",
    "Afghan forces withdrew from {city}, the capital of {province} province, on {day}.",
    "A local lawmaker told AFP that security forces had retreated to the airport of {city}.",
    "Government troops retook {city} on {day}, the Ministry of Defence said.",
    "Residents of {city} said the Taliban now control the road to {other}.",
    "Fighting near {city} forced hundreds of families to flee towards {other}.",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def short_corpus(directory: Path, count: int, *, seed: int) -> list[Path]:
    """``count`` SYNTHETIC articles of 2-4 sentences (template sentences, gazetteer cities)."""
    rng = random.Random(seed)
    gazetteer = load_gazetteer()
    cities = sorted((e for e in gazetteer if e.kind == "City" and e.province), key=lambda e: e.iri)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        city, other = rng.sample(cities, 2)
        values = {"city": city.label, "other": other.label, "province": gazetteer[city.province].label}
        sentences = [s.format(day=rng.choice(_DAYS), **values) for s in rng.sample(_SENTENCES, rng.randint(2, 4))]
        text = (
            f"Fighting around {city.label}\n\n"
            + " ".join(sentences)
            + f"\n\n(Synthetic article {index}, generated for a crash test: not real reporting.)\n"
        )
        path = directory / f"synthetic_{index:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# ---- a store as canonical N-Quads, graph by graph ------------------------------------------------------

RUN_IRI = re.compile(r"<[^>]*/run/[^>]*>")
PROV_TIMES = ("startedAtTime", "endedAtTime", "generatedAtTime")
PROV_TIME = re.compile(r"^(\S+ <http://www\.w3\.org/ns/prov#(?:" + "|".join(PROV_TIMES) + r')>) "[^"]*"')


def normalise(line: str) -> str:
    """What legitimately differs between two builds of the same corpus made equal: the IRI of the
    extraction run (it holds the start time and a random part) and the three PROV timestamps
    (run start and end, when a graph was generated). Nothing else is touched."""
    return PROV_TIME.sub(r'\1 "T"', RUN_IRI.sub("<run>", line))


@dataclass
class Snapshot:
    """A store read back: its N-Quads lines by graph IRI, and its ledger (key -> graph IRI)."""

    graphs: dict[str, list[str]]
    ledger: dict[str, str]

    @property
    def article_graphs(self) -> set[str]:
        return {g for g in self.graphs if "/graph/article/" in g}

    def provenance_by_subject(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for graph, lines in self.graphs.items():
            if graph.endswith("/graph/provenance"):
                for line in lines:
                    out[line.split(" ", 1)[0][1:-1]].append(normalise(line))
        return out

    def canonical(self) -> set[str]:
        return {normalise(line) for lines in self.graphs.values() for line in lines}


def snapshot(path: Path, minter) -> Snapshot:
    """Open the store read-write, as the next build would (it opens without repair), and read it all."""
    with OxigraphStore(path) as store:
        data = store.native.dump(format=RdfFormat.N_QUADS).decode("utf-8")
        ledger = {key: entry.graph.value for key, entry in store.ledger(minter.provenance_graph()).items()}
    graphs: dict[str, list[str]] = defaultdict(list)
    for line in data.splitlines():
        graphs[line.rsplit(" ", 2)[1][1:-1]].append(line)
    return Snapshot({g: sorted(lines) for g, lines in graphs.items()}, ledger)


def kg_env(store: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    return {**env, "KG_STORE": str(store), **extra}


@dataclass
class Reference:
    corpus: Path
    store: Path
    snapshot: Snapshot


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, minter) -> Reference:
    """2,000 short synthetic articles, and the store one uninterrupted ``kg build`` makes of them."""
    base = tmp_path_factory.mktemp("durability")
    corpus = base / "corpus"
    short_corpus(corpus, 2000, seed=8)
    store = base / "clean"
    done = subprocess.run(
        [*kg_command(), "build", "-q", str(corpus)],
        env=kg_env(store),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "2000 ingested" in done.stdout, done.stdout
    return Reference(corpus, store, snapshot(store, minter))


# ---- G1, G2: kill -9 at random moments ------------------------------------------------------------------

KILL_SEEDS = (11, 22, 33)
KILLS_PER_SEED = 7


def check_complete_or_absent(got: Snapshot, expected: Snapshot) -> None:
    """Every article graph is the clean run's, quad for quad, or absent; ledger <-> graphs is a
    bijection; every article's metadata is whole or absent; no other graph is partial."""
    assert got.article_graphs == set(got.ledger.values()), "a graph without a ledger entry, or the reverse"
    assert len(set(got.ledger.values())) == len(got.ledger)
    assert set(got.ledger.items()) <= set(expected.ledger.items())
    for graph in got.article_graphs:
        assert got.graphs[graph] == expected.graphs[graph], f"partial article graph {graph}"
    prov, expected_prov = got.provenance_by_subject(), expected.provenance_by_subject()
    for graph in expected.article_graphs:
        article = graph.replace("/graph/article/", "/article/")
        for subject in (graph, article):
            if graph in got.article_graphs:
                assert sorted(prov.get(subject, [])) == sorted(expected_prov[subject]), f"partial metadata of {subject}"
            else:
                assert subject not in prov, f"metadata of an absent article: {subject}"
    for graph, lines in got.graphs.items():  # ontology, gazetteer: whole or absent; no merged view yet
        if graph not in got.article_graphs and not graph.endswith("/graph/provenance"):
            assert lines == expected.graphs[graph] and not graph.endswith("/graph/merged"), graph


def wal_bytes(store: Path) -> int:
    """The size of the store's RocksDB write-ahead logs: it grows as soon as a build writes."""
    total = 0
    for path in store.glob("*.log") if store.exists() else ():
        try:
            total += path.stat().st_size
        except FileNotFoundError:  # rotated away meanwhile
            pass
    return total


def wait_for_a_write(store: Path, process: subprocess.Popen, log: Path) -> None:
    """Until the build has written (its write-ahead log grew past the smallest size seen since it
    started: opening the store may replay and drop the old logs)."""
    smallest = wal_bytes(store)
    deadline = time.monotonic() + 120
    while (size := wal_bytes(store)) - smallest < 4096:
        smallest = min(smallest, size)
        assert process.poll() is None, f"the build ended before writing: {log.read_text()}"
        assert time.monotonic() < deadline, "the build wrote nothing in 120 s"
        time.sleep(0.01)


@pytest.mark.slow
@pytest.mark.threat("G1", "G2")
def test_kill_9_mid_build_never_leaves_a_partial_article_and_a_rerun_finishes(
    reference: Reference, tmp_path: Path, minter
) -> None:
    """Each kill lands a random 0-0.8 s after the build's first write (seeded: KILL_SEEDS), that
    is while it extracts and writes articles; the store is checked after every kill."""
    store, log = tmp_path / "killed", tmp_path / "build.log"
    total = len(reference.snapshot.ledger)
    written = 0  # articles in the store so far
    landed: list[tuple[int, float, int]] = []  # (seed, delay after the first write, articles the killed build wrote)
    writers = 0  # killed builds that wrote an article (each left an extraction run)
    for seed in KILL_SEEDS:
        rng = random.Random(seed)
        kills = 0
        for _attempt in range(2 * KILLS_PER_SEED):
            if kills == KILLS_PER_SEED:
                break
            with log.open("w") as stderr:
                process = subprocess.Popen(
                    [*kg_command(), "build", "-q", str(reference.corpus)],
                    env=kg_env(store),
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                )
            wait_for_a_write(store, process, log)
            delay = rng.uniform(0.0, 0.8)
            time.sleep(delay)
            assert process.poll() is None, f"the build ended before the kill: {log.read_text()}"
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            got = snapshot(store, minter)
            check_complete_or_absent(got, reference.snapshot)
            now = len(got.ledger)
            writers += now > written
            if written < now < total:
                kills += 1
                landed.append((seed, round(delay, 2), now - written))
            written = now
        assert kills == KILLS_PER_SEED, f"seed {seed}: only {kills} kills landed mid-ingest"
    assert len(landed) >= 20 and 0 < written < total

    rerun = subprocess.run(
        [*kg_command(), "build", str(reference.corpus)],
        env=kg_env(store),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    statuses = [line.split()[0] for line in rerun.stdout.splitlines()[:-1]]
    assert statuses.count("unchanged") == written and statuses.count("ingested") == total - written

    final = snapshot(store, minter)
    expected = reference.snapshot
    assert final.ledger == expected.ledger
    for graph, lines in expected.graphs.items():  # article, merged, ontology and gazetteer graphs: identical
        if not graph.endswith("/graph/provenance"):
            assert final.graphs.get(graph) == lines, graph
    assert final.canonical() == expected.canonical()
    runs = {
        m.group()
        for line in final.graphs[next(g for g in final.graphs if g.endswith("/graph/provenance"))]
        for m in RUN_IRI.finditer(line.split(" ", 1)[0])
    }
    assert len(runs) == writers + 1  # one per build that wrote (a killed one has no end time), and the re-run
    print(f"{len(landed)} kills landed mid-ingest (seed, delay s, articles written): {landed}")


# ---- G3, G4, G5: the same document twice, an edited document, a failed write ------------------------------


def _quads(path: Path) -> int:
    with OxigraphStore(path, read_only=True) as store:
        return store.quad_count()


@pytest.mark.threat("G3")
def test_the_same_document_twice_or_copied_changes_nothing(tmp_path: Path, extractor, minter) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "002_4d77f07ac3bda1b6.txt", corpus / "a.txt")
    store = tmp_path / "kg"
    first = runner.invoke(app, ["build", str(corpus)], env={"KG_STORE": str(store)})
    assert first.exit_code == 0 and first.stdout.startswith("ingested")
    before = _quads(store)
    again = runner.invoke(app, ["build", str(corpus)], env={"KG_STORE": str(store)})
    assert again.exit_code == 0 and again.stdout.startswith("unchanged") and _quads(store) == before
    shutil.copy(corpus / "a.txt", corpus / "copy-of-a.txt")
    copied = runner.invoke(app, ["build", str(corpus)], env={"KG_STORE": str(store)})
    assert copied.exit_code == 0
    lines = {line.split()[1]: line.split()[0] for line in copied.stdout.splitlines()[:-1]}
    assert lines == {"a.txt": "unchanged", "copy-of-a.txt": "duplicate"}
    assert _quads(store) == before
    with OxigraphStore(store, read_only=True) as kg_store:
        assert list(kg_store.ledger(minter.provenance_graph())) == ["a.txt"]
        blank = kg_store.select_rows(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isBlank(?s) || isBlank(?o)) }"
        )
        assert blank == [{"n": "0"}]


@pytest.mark.threat("G5")
def test_a_write_failing_half_way_stores_nothing_of_that_article_and_the_build_goes_on(
    tmp_path: Path, minter, monkeypatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("001_6c8beff2a7751072.txt", "002_4d77f07ac3bda1b6.txt", "004_e4289cc71e153fd7.txt"):
        shutil.copy(SEEDS / name, corpus / name)
    real_update = OxigraphStore.update

    def fail_half_way(self, sparql: str) -> None:
        if "002_4d77f07ac3bda1b6.txt" in sparql:  # the writer has sent half the article, then breaks
            sparql = sparql[: len(sparql) // 2] + " <<< the connection broke"
        real_update(self, sparql)

    monkeypatch.setattr(OxigraphStore, "update", fail_half_way)
    # every article takes the update path (as a replaced version does, and every write to a remote
    # store); a first version's extend failing half-way is test_build.py's
    monkeypatch.setattr(OxigraphStore, "_holds_any", lambda *_: True)
    result = runner.invoke(app, ["build", str(corpus)], env={"KG_STORE": str(tmp_path / "kg")})
    monkeypatch.undo()
    assert result.exit_code == 1
    statuses = {line.split()[1]: line.split()[0] for line in result.stdout.splitlines()[:-1]}
    assert statuses == {
        "001_6c8beff2a7751072.txt": "ingested",
        "002_4d77f07ac3bda1b6.txt": "failed",
        "004_e4289cc71e153fd7.txt": "ingested",
    }
    assert "2 ingested" in result.stdout and "1 failed" in result.stdout
    article = read_input(next(iter(iter_inputs([str(corpus / "002_4d77f07ac3bda1b6.txt")]))), max_bytes=2**20)
    graph, node = minter.article_graph(article.sha256), minter.article(article.sha256)
    with OxigraphStore(tmp_path / "kg", read_only=True) as store:
        assert store.select_rows("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", g=graph) == []
        for subject in (graph, node):  # nor any metadata about it
            assert store.select_rows("SELECT ?s WHERE { GRAPH ?any { ?s ?p ?o } } LIMIT 1", s=subject) == []
        assert sorted(store.ledger(minter.provenance_graph())) == [
            "001_6c8beff2a7751072.txt",
            "004_e4289cc71e153fd7.txt",
        ]


# ---- G6: two writers ----------------------------------------------------------------------------------------


@pytest.mark.threat("G6")
def test_a_build_while_the_server_holds_the_store_fails_at_once_and_harms_nothing(store_copy: Path, minter) -> None:
    before = snapshot(store_copy, minter)
    with serve(store_copy) as live:
        started = time.monotonic()
        result = subprocess.run(
            [*kg_command(), "build", str(SEEDS / "001_6c8beff2a7751072.txt")],
            env=kg_env(store_copy),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        elapsed = time.monotonic() - started
        answer = httpx.post(
            live.url + "/sparql",
            data={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert "is locked" in message and "is the server running?" in message, message
    assert elapsed < 5, f"the build waited {elapsed:.1f} s"  # it fails on the lock, before loading the model
    assert answer.status_code == 200  # the server went on serving
    after = snapshot(store_copy, minter)
    assert after.graphs == before.graphs and after.ledger == before.ledger


# ---- G7: two writers of one document in one process ---------------------------------------------------------


def _expected_graph(path: Path, extractor, minter) -> tuple[str, list[str]]:
    article = read_input(next(iter(iter_inputs([str(path)]))), max_bytes=2**20)
    quads = article_graph_quads(article, extractor.extract(article), minter)
    lines = sorted(pyoxigraph.serialize(quads, format=RdfFormat.N_QUADS).decode().splitlines())
    return minter.article_graph(article.sha256).value, lines


_NON_EMPTY_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.mark.threat("G7")
def test_two_threads_writing_two_versions_of_one_document_leave_one_version_whole(
    tmp_path: Path, extractor, minter
) -> None:
    """Two builders of one store, each with its version of ``report.txt``, write at the same moment
    (a barrier holds the first until the second is ready), round after round."""
    text = (SEEDS / "003_9a410404917cc5f1.txt").read_text(encoding="utf-8")
    store_path = tmp_path / "kg"
    with OxigraphStore(store_path) as store:
        real_replace = store.replace_article
        for round_ in range(6):
            barrier = threading.Barrier(2)

            def together(**kwargs) -> None:
                barrier.wait(timeout=20)
                real_replace(**kwargs)

            store.replace_article = together  # type: ignore[method-assign]
            versions = {}
            for side in ("a", "b"):
                folder = tmp_path / f"round{round_}{side}"
                folder.mkdir()
                edited = (
                    text.replace("Albak", f"Albak{round_}{side}") if side == "b" else text + f"\n\nRound {round_}.\n"
                )
                (folder / "report.txt").write_text(edited, encoding="utf-8")
                graph, lines = _expected_graph(folder / "report.txt", extractor, minter)
                versions[graph] = lines
            reports: dict[str, object] = {}

            def ingest(side: str) -> None:
                builder = Builder(store, extractor, minter, max_file_bytes=2**20)
                try:
                    reports[side] = builder.build(iter_inputs([str(tmp_path / f"round{round_}{side}")]))
                except BaseException as exc:  # reported by the assertion below
                    reports[side] = exc

            threads = [threading.Thread(target=ingest, args=(side,)) for side in ("a", "b")]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
            assert [getattr(r, "results", [r])[0].status for r in reports.values()] == ["ingested", "ingested"], reports
            ledger = store.ledger(minter.provenance_graph())
            assert list(ledger) == ["report.txt"]
            # graphs with triples (Oxigraph keeps the name of a graph emptied by DELETE, not by DROP)
            graphs = [row["g"] for row in store.select_rows(_NON_EMPTY_GRAPHS) if "/graph/article/" in str(row["g"])]
            assert graphs == [ledger["report.txt"].graph.value] and graphs[0] in versions
            stored = sorted(
                pyoxigraph.serialize(
                    store.native.quads_for_pattern(None, None, None, NamedNode(graphs[0])), format=RdfFormat.N_QUADS
                )
                .decode()
                .splitlines()
            )
            assert stored == versions[graphs[0]], "a mix of the two versions"
        store.replace_article = real_replace  # type: ignore[method-assign]


@pytest.mark.threat("G7")
def test_concurrent_graph_store_puts_of_one_graph_never_mix(update_server) -> None:
    graph = "https://example.org/kg-test/g7-race"
    headers = {"Authorization": f"Bearer {update_server.token}", "Content-Type": "application/n-triples"}

    def version(tag: str) -> bytes:
        return "".join(f'<https://example.org/s{i}> <https://example.org/p> "{tag}" .\n' for i in range(2000)).encode()

    try:
        for _round in range(8):
            barrier = threading.Barrier(2)
            statuses = []

            def put(tag: str) -> None:
                barrier.wait(timeout=30)
                statuses.append(
                    httpx.put(
                        update_server.url + "/store",
                        params={"graph": graph},
                        content=version(tag),
                        headers=headers,
                        timeout=60,
                    ).status_code
                )

            threads = [threading.Thread(target=put, args=(tag,)) for tag in ("A", "B")]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            assert sorted(statuses) in ([201, 204], [204, 204]), statuses
            got = httpx.get(
                update_server.url + "/store",
                params={"graph": graph},
                headers={"Accept": "application/n-triples"},
                timeout=30,
            )
            values = {line.rsplit('"', 2)[1] for line in got.text.splitlines() if line}
            assert values in ({"A"}, {"B"}) and len(got.text.splitlines()) == 2000, "a mix of the two versions"
    finally:
        httpx.delete(update_server.url + "/store", params={"graph": graph}, headers=headers, timeout=30)


# ---- G8: durable on a clean exit --------------------------------------------------------------------------------


@pytest.mark.threat("G8")
def test_a_build_flushes_the_store_once_its_writes_are_done(tmp_path: Path, extractor, minter, monkeypatch) -> None:
    """RocksDB does not sync each commit: kg flushes at the end of a build (and on close), so a
    build that returned has its writes on disk. A commit lost to a power cut before that is a whole
    article with its ledger entry (one write batch), which the next build redoes."""
    calls: list[str] = []
    real_update, real_flush, real_close = OxigraphStore.update, OxigraphStore.flush, OxigraphStore.close

    def spy(name, real):
        def call(self, *args, **kwargs):
            calls.append(name)
            return real(self, *args, **kwargs)

        return call

    monkeypatch.setattr(OxigraphStore, "update", spy("update", real_update))
    monkeypatch.setattr(OxigraphStore, "flush", spy("flush", real_flush))
    monkeypatch.setattr(OxigraphStore, "close", spy("close", real_close))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "001_6c8beff2a7751072.txt", corpus)
    result = runner.invoke(app, ["build", str(corpus)], env={"KG_STORE": str(tmp_path / "kg")})
    assert result.exit_code == 0, result.output
    last_update = len(calls) - 1 - calls[::-1].index("update")
    assert {"flush", "close"} <= set(calls[last_update:])
    calls.clear()
    with OxigraphStore(tmp_path / "kg2") as store:  # the library call flushes too, not only the CLI
        build([str(corpus)], store=store, extractor=extractor, minter=minter, max_file_bytes=2**20)
        assert calls[-1] == "flush" and "update" in calls


# ---- G9, G10: exports ---------------------------------------------------------------------------------------------


class FullDisk:
    """A file that takes ``room`` bytes, then fails as a full disk does."""

    def __init__(self, real, room: int) -> None:
        self.real, self.room = real, room

    def write(self, data) -> int:
        if self.room < len(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.real.write(data)

    def __getattr__(self, name: str):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()


@pytest.mark.threat("G9")
def test_an_export_that_fills_the_disk_leaves_the_previous_file_intact(
    seed_store_path: Path, tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "exports" / "kg.ttl"
    first = runner.invoke(app, ["export", "-o", str(target)], env={"KG_STORE": str(seed_store_path)})
    assert first.exit_code == 0
    previous = target.read_bytes()
    real_fdopen = os.fdopen
    monkeypatch.setattr("kg.export.os.fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode), len(previous) // 3))
    for fmt in ("ttl", "nq"):
        result = runner.invoke(
            app, ["export", "--format", fmt, "-o", str(target)], env={"KG_STORE": str(seed_store_path)}
        )
        assert result.exit_code == 1 and "No space left on device" in result.stderr
        assert target.read_bytes() == previous
        assert sorted(p.name for p in target.parent.iterdir()) == ["kg.ttl"]  # no temporary file left either


@pytest.mark.slow
@pytest.mark.threat("G9")
def test_an_export_killed_mid_write_leaves_the_previous_file_intact(reference: Reference, tmp_path: Path) -> None:
    target = tmp_path / "kg.ttl"
    target.write_bytes(b"# the previous export\n")
    process = subprocess.Popen(
        [*kg_command(), "export", "-o", str(target)],
        env=kg_env(reference.store),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    part: list[Path] = []
    while not part or part[0].stat().st_size < 100_000:
        assert process.poll() is None and time.monotonic() < deadline, "the export ended before it could be killed"
        part = list(tmp_path.glob(".kg.ttl.*.part"))
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert target.read_bytes() == b"# the previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name == "kg.ttl"] == ["kg.ttl"]
    complete = runner.invoke(app, ["export", "-o", str(target)], env={"KG_STORE": str(reference.store)})
    assert complete.exit_code == 0 and target.stat().st_size > part[0].stat().st_size  # the kill was mid-write


def _dataset(path: Path) -> set[pyoxigraph.Quad]:
    with OxigraphStore(path, read_only=True) as store:
        return set(store.native)


@pytest.mark.threat("G10")
@pytest.mark.parametrize("fmt", ["trig", "nq", "jsonld", "ttl"])
def test_an_export_loads_back_into_a_fresh_store_as_the_same_dataset(
    seed_store_path: Path, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"kg.{fmt}"
    assert (
        runner.invoke(
            app, ["export", "--format", fmt, "-o", str(target)], env={"KG_STORE": str(seed_store_path)}
        ).exit_code
        == 0
    )
    fresh = pyoxigraph.Store()
    rdf_format = {
        "trig": RdfFormat.TRIG,
        "nq": RdfFormat.N_QUADS,
        "jsonld": RdfFormat.JSON_LD,
        "ttl": RdfFormat.TURTLE,
    }[fmt]
    fresh.load(path=str(target), format=rdf_format)
    source = _dataset(seed_store_path)
    assert not any(
        isinstance(t, pyoxigraph.BlankNode) for q in source for t in (q.subject, q.object)
    )  # equal means isomorphic
    if fmt == "ttl":  # Turtle holds one graph: the merged view of every graph
        assert {q.triple for q in fresh} == {q.triple for q in source}
    else:
        assert set(fresh) == source


def test_a_store_missing_one_of_its_files_is_a_clear_error_not_a_crash(seed_store_path: Path, tmp_path: Path) -> None:
    """RocksDB reports a file deleted under an open (by a compaction of the server's handle, or by
    hand) as "Corruption"; it reaches kg as a StoreError, which the query workers retry and the CLI
    prints as one line."""
    from kg.errors import StoreError

    store = copy_store(seed_store_path, tmp_path / "kg")
    next(store.glob("*.sst")).unlink()
    with pytest.raises(StoreError, match="cannot open the store"):
        OxigraphStore(store, read_only=True)


def test_every_query_worker_of_a_fresh_server_opens_its_store(seed_store_path: Path, tmp_path: Path) -> None:
    """The server compacts a store it has just opened while its workers open their read-only handles
    (which then find files gone): each worker retries its open, and none dies of it."""
    for attempt in range(3):
        store = copy_store(seed_store_path, tmp_path / f"kg{attempt}")
        with serve(store, env={"KG_MAX_QUERIES": "4"}) as live:
            answers = [httpx.get(live.url + "/api/v1/sources", timeout=60) for _ in range(4)]
            assert all(a.status_code == 200 and a.json()["total"] == 5 for a in answers), [a.text for a in answers]
        assert "Traceback" not in (store.parent / "serve.log").read_text()
