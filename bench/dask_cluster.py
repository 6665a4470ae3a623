"""A Dask cluster on loopback for the tests and the benchmarks: ``dask scheduler`` and ``dask worker`` as separate
processes, as separate machines would run them (each worker loads kg's extractor through kg's
worker plugin when a build asks for it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import ROOT, free_port


def dask_command() -> list[str]:
    script = Path(sys.executable).parent / "dask"
    return [str(script)] if script.exists() else [sys.executable, "-m", "dask"]


@dataclass
class DaskProcesses:
    """The processes of a cluster this test run started (logs in ``directory``)."""

    directory: Path
    address: str = ""
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def _start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = (self.directory / f"{name}.log").open("w")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        process = subprocess.Popen(
            [*dask_command(), *args], stdout=log, stderr=subprocess.STDOUT, cwd=self.directory, env=env
        )
        log.close()
        self.processes[name] = process
        return process

    def scheduler(self) -> str:
        """``dask scheduler`` on a free loopback port; returns its address once it listens."""
        port = free_port()
        self._start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
        self.address = f"tcp://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while "Scheduler at:" not in (self.directory / "scheduler.log").read_text():
            if self.processes["scheduler"].poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dask scheduler did not start: {(self.directory / 'scheduler.log').read_text()}")
            time.sleep(0.1)
        return self.address

    def worker(self, name: str, *, nanny: bool = True) -> subprocess.Popen[bytes]:
        """``dask worker`` with one thread, attached to this cluster's scheduler (or ``address``);
        without a nanny, a killed worker stays dead."""
        return self._start(
            name,
            "worker",
            self.address,
            "--name",
            name,
            "--nthreads",
            "1",
            "--host",
            "127.0.0.1",
            "--no-dashboard",
            "--local-directory",
            str(self.directory / name),
            *([] if nanny else ["--no-nanny"]),
        )

    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds each process (with its children: a worker's nanny and the worker) has used."""
        import psutil  # (installed with distributed)

        seconds = {}
        for name, process in self.processes.items():
            try:
                root = psutil.Process(process.pid)
                seconds[name] = sum(sum(p.cpu_times()[:2]) for p in [root, *root.children(recursive=True)])
            except psutil.NoSuchProcess:
                seconds[name] = 0.0
        return seconds

    def kill(self, name: str) -> None:
        """SIGKILL, as a crash or the OOM killer would."""
        process = self.processes[name]
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def wait_for_workers(address: str, names: set[str], timeout: float = 90) -> dict[str, str]:
    """Wait until workers with these names are registered with the scheduler: name -> address."""
    from distributed import Client

    with Client(address, timeout=30, set_as_default=False) as client:
        deadline = time.monotonic() + timeout
        while True:
            workers = client.scheduler_info(n_workers=-1)["workers"]
            found = {info["name"]: worker for worker, info in workers.items() if info["name"] in names}
            if set(found) == names:
                return found
            if time.monotonic() > deadline:
                raise RuntimeError(f"dask workers {sorted(names - set(found))} did not join {address}")
            time.sleep(0.2)


@contextmanager
def dask_cluster(directory: Path, workers: int) -> Iterator[DaskProcesses]:
    """A scheduler and ``workers`` workers (with nannies), stopped when the block ends."""
    cluster = DaskProcesses(directory)
    try:
        cluster.scheduler()
        for index in range(workers):
            cluster.worker(f"kg-test-worker-{index}")
        wait_for_workers(cluster.address, {f"kg-test-worker-{index}" for index in range(workers)})
        yield cluster
    finally:
        cluster.stop()


def measure_build(corpus: Path, workers: int, workdir: Path) -> dict[str, float]:
    """``kg build --scheduler`` of ``corpus`` (embedded store) on a fresh cluster of ``workers``
    one-thread workers, timed as bench/bench_jobs.py times ``--jobs``; a build of two articles
    first loads the extractor on every worker (a cluster keeps it between builds). Also the CPU
    seconds of the cluster's processes over the build: ``scheduler_cpu_s``, ``workers_cpu_s`` (the
    workers with their nannies), and ``others_cores``: the cores other processes on the machine
    kept busy meanwhile, on average (this machine is shared; a figure taken while they took a
    core says so)."""
    from bench.bench_jobs import run_in_process

    with dask_cluster(workdir, workers) as cluster:
        warm_up = workdir / "warm-up"
        warm_up.mkdir()
        for article in sorted(corpus.glob("*.txt"))[:2]:
            (warm_up / article.name).write_bytes(article.read_bytes())
        env = {"KG_SCHEDULER": cluster.address}
        run_in_process(warm_up, 1, {**env, "KG_STORE": str(workdir / "warm-up-kg")})
        before, machine_before, started = cluster.cpu_seconds(), _machine_busy_seconds(), time.perf_counter()
        timings = run_in_process(corpus, 1, {**env, "KG_STORE": str(workdir / "kg")})
        after, machine_after, wall = cluster.cpu_seconds(), _machine_busy_seconds(), time.perf_counter() - started
    timings["scheduler_cpu_s"] = after["scheduler"] - before["scheduler"]
    timings["workers_cpu_s"] = sum(after[name] - before[name] for name in after if name != "scheduler")
    ours = timings["cpu_s"] + sum(after[name] - before[name] for name in after)
    timings["others_cores"] = max(0.0, (machine_after - machine_before - ours) / wall)
    return timings


def _machine_busy_seconds() -> float:
    """CPU seconds every process on the machine has used (all cores), so that what other jobs took
    during a measurement can be told apart from the build's own."""
    import psutil

    times = psutil.cpu_times()  # (Linux's guest time is inside user; steal is the hypervisor's)
    return times.user + times.system + sum(getattr(times, name, 0.0) for name in ("nice", "irq", "softirq"))


def measure_writer(corpus: Path, env: dict[str, str]) -> dict[str, float]:
    """The single writer's own rate: a one-job build of ``corpus`` into the store ``env`` names
    (``KG_*`` variables), in this process, timing only the writes (``Builder._write``: the article's
    quads built, its one update sent and committed, the ledger updated)."""
    from kg.build import Builder
    from kg.config import Settings
    from kg.extract.extractor import Extractor
    from kg.ingest import iter_inputs
    from kg.namespaces import Minter
    from kg.store import open_store

    settings = Settings.from_env(env)
    seconds = 0.0
    with open_store(settings.store, settings=settings) as store:
        builder = Builder(
            store, Extractor(model=settings.model), Minter(settings.base_iri), max_file_bytes=settings.max_file_bytes
        )
        write = builder._write

        def timed_write(article, extraction) -> None:
            nonlocal seconds
            started = time.perf_counter()
            write(article, extraction)
            seconds += time.perf_counter() - started

        builder._write = timed_write  # type: ignore[method-assign]
        report = builder.build(iter_inputs([str(corpus)]))
    articles = report.count("ingested")
    quads = sum(r.quads for r in report.results)
    return {"articles": articles, "write_s": seconds, "quads_per_article": quads / max(articles, 1)}


def article_graphs(path: Path) -> list[list[Any]]:
    """The quads of each article graph in the embedded store at ``path``."""
    from kg.store import OxigraphStore

    graphs: dict[str, list[Any]] = {}
    with OxigraphStore(path, read_only=True) as store:
        for quad in store.native:
            if "/graph/article/" in quad.graph_name.value:
                graphs.setdefault(quad.graph_name.value, []).append(quad)
    return list(graphs.values())


def measure_concurrent_inserts(env: dict[str, str], graphs: list[list[Any]], writers: int, tag: str) -> float:
    """Graphs per second that ``writers`` threads, each with its own connection, insert into the
    store ``env`` names: each article graph as one ``INSERT DATA`` into a graph of its own (its
    name suffixed with ``tag``), the requests built before the clock starts."""
    from concurrent.futures import ThreadPoolExecutor

    from pyoxigraph import NamedNode, Quad

    from kg.config import Settings
    from kg.sparql.update import insert_data
    from kg.store import open_store

    settings = Settings.from_env(env)
    requests = [
        insert_data([Quad(q.subject, q.predicate, q.object, NamedNode(f"{q.graph_name.value}/{tag}")) for q in quads])
        for quads in graphs
    ]
    stores = [open_store(settings.store, settings=settings) for _ in range(writers)]
    try:

        def send(index: int) -> None:
            for request in requests[index::writers]:
                stores[index].update(request)

        started = time.perf_counter()
        with ThreadPoolExecutor(writers) as pool:
            list(pool.map(send, range(writers)))
        return len(requests) / (time.perf_counter() - started)
    finally:
        for store in stores:
            store.close()
