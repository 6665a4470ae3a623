"""Bounded load on loopback (rows J1–J3 of the matrix in SECURITY.md).

These check behaviour under load: no server errors, no crash, clean refusals, memory that does not
grow. They assert no latency figures (machines are noisy); the p95 they see is printed, and the
measured throughput and latency live in BENCHMARKS.md."""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from bench.corpus import synthetic_corpus
from kg.store import OxigraphStore
from tests.helpers import LiveServer, kg_command

pytestmark = pytest.mark.slow

CHEAP = [
    ("GET", "/api/v1/events", {"limit": "20"}),
    ("GET", "/api/v1/stats", {}),
    ("GET", "/api/v1/places.geojson", {}),
    ("GET", "/sparql", {"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"}),
    ("GET", "/export.ttl", {}),
]
VALUES = " ".join(
    "VALUES ?{} {{ {} }}".format(v, " ".join(map(str, range(n))))
    for v, n in (("a", 100), ("b", 100), ("c", 100), ("d", 20))
)
PATHOLOGICAL = [
    ("POST", "/sparql", {"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {VALUES} }}"}),  # seconds inside one operator
    ("GET", "/sparql", {"query": 'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "^(a+)+$")) } LIMIT 1'}),
]


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def _run_mix(live: LiveServer, *, seconds: float, clients: int, pathological: float) -> dict[str, object]:
    """``clients`` threads issue requests for ``seconds``; returns statuses, cheap latencies, RSS samples."""
    statuses: Counter[tuple[str, int]] = Counter()
    latencies: list[float] = []
    failures: list[str] = []
    rss: list[float] = []
    stop = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=live.url, timeout=60) as http:
            while time.monotonic() < stop:
                bad = rng.random() < pathological
                method, path, params = rng.choice(PATHOLOGICAL if bad else CHEAP)
                started = time.monotonic()
                try:
                    if method == "GET":
                        response = http.get(path, params=params)
                    else:
                        response = http.post(path, data=params)
                except httpx.TransportError as exc:
                    failures.append(f"{path}: {exc!r}")
                    continue
                kind = "pathological" if bad else "cheap"
                statuses[(kind, response.status_code)] += 1
                if response.status_code >= 500 and not (
                    response.status_code == 503 and response.headers.get("retry-after")
                ):
                    failures.append(f"{path}: {response.status_code} {response.text[:200]}")
                if not bad and response.status_code == 200:
                    latencies.append(time.monotonic() - started)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        rss.append(_rss_mib(live.pid))
        time.sleep(0.5)
    for thread in threads:
        thread.join()
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) >= 20 else float("nan")
    print(
        f"\n{clients} clients, {seconds:.0f} s, {pathological:.0%} pathological: {sum(statuses.values())} requests, "
        f"statuses {dict(statuses)}, cheap p95 {p95 * 1000:.0f} ms, RSS {rss[0]:.0f} -> {max(rss):.0f} MiB"
    )
    return {"statuses": statuses, "failures": failures, "rss": rss, "latencies": latencies}


def _assert_healthy(live: LiveServer, run: dict[str, object]) -> None:
    assert run["failures"] == []
    rss: list[float] = run["rss"]  # type: ignore[assignment]
    third = max(1, len(rss) // 3)
    # memory does not trend upwards: the last third of the run is within 64 MiB of the first third's peak
    assert max(rss[-third:]) < max(rss[:third]) + 64, rss
    assert httpx.get(live.url + "/healthz").status_code == 200


@pytest.mark.threat("J1")
def test_a_mixed_load_gets_no_server_errors_and_flat_memory(limits_server: LiveServer) -> None:
    run = _run_mix(limits_server, seconds=12, clients=16, pathological=0.0)
    statuses: Counter = run["statuses"]  # type: ignore[assignment]
    assert sum(n for (kind, status), n in statuses.items() if status == 200) > 100
    _assert_healthy(limits_server, run)


@pytest.mark.threat("J2")
def test_pathological_queries_in_the_mix_time_out_cleanly(limits_server: LiveServer) -> None:
    run = _run_mix(limits_server, seconds=12, clients=16, pathological=0.1)
    statuses: Counter = run["statuses"]  # type: ignore[assignment]
    assert {status for (kind, status) in statuses if kind == "pathological"} <= {200, 503}
    assert statuses[("pathological", 503)] > 0  # the 1 s limit stopped them (or they found no slot)
    assert sum(n for (kind, status), n in statuses.items() if kind == "cheap" and status == 200) > 50
    _assert_healthy(limits_server, run)


@pytest.mark.threat("J3")
def test_building_a_synthetic_corpus_stays_within_a_memory_ceiling(tmp_path: Path) -> None:
    """``kg build`` of 40 synthetic articles (SYNTHETIC: bench/corpus.py) in its own process: every
    article written, peak RSS under 1.5 GiB (the spaCy model and pipeline are most of it)."""
    corpus = synthetic_corpus(tmp_path / "corpus", 40)
    command = [*kg_command(), "build", str(tmp_path / "corpus"), "--store", str(tmp_path / "kg")]
    # a fresh parent whose only child is the build, so RUSAGE_CHILDREN is the build's own peak
    measure = (
        "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True); "
        "sys.stderr.buffer.write(done.stderr[-2000:]); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(done.returncode)"
    )
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", measure, *command], capture_output=True, text=True, timeout=900)
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    peak_mib = int(done.stdout.split()[-1]) / 1024
    with OxigraphStore(tmp_path / "kg", read_only=True) as store:
        articles = [g for g in store.named_graphs() if "/graph/article/" in g.value]
    assert len(articles) == len(corpus)
    print(
        f"\nkg build: {len(corpus)} articles in {elapsed:.1f} s ({len(corpus) / elapsed:.2f} articles/s), peak RSS {peak_mib:.0f} MiB"
    )
    assert 100 < peak_mib < 1536
