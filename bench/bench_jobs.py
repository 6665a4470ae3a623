"""Articles per second of ``kg build`` with --jobs 1 and --jobs 2, per store.

    python bench/bench_jobs.py                      # 200 synthetic articles; embedded, Oxigraph server, Virtuoso
    python bench/bench_jobs.py --articles 50 --backends embedded

The corpus is SYNTHETIC: copies of seeds/ with small deterministic edits (bench/corpus.py), each
labelled as such. Every configuration runs in a fresh process on a fresh store: "build" is the
whole build (pipeline load, extraction, writes, reference graphs, the cross-article merge);
"articles" is the articles' part only (from the first input to the last article written). The
Oxigraph server is started if the ``oxigraph`` binary is installed, Virtuoso if ``virtuoso-t`` is
(through .ci/virtuoso.sh); a missing one is reported and skipped. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import free_port, stop  # noqa: E402  (after the sys.path line)
from bench.corpus import synthetic_corpus  # noqa: E402


def _answers(url: str) -> bool:
    import httpx

    try:
        return (
            httpx.get(
                url, params={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"}, timeout=1
            ).status_code
            == 200
        )
    except httpx.TransportError:
        return False


@contextmanager
def embedded(workdir: Path) -> Iterator[dict[str, str]]:
    yield {"KG_STORE": str(workdir / "kg")}


@contextmanager
def oxigraph(workdir: Path) -> Iterator[dict[str, str]]:
    command = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(command).exists():
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    process = subprocess.Popen(
        [
            command,
            "serve",
            "--location",
            str(workdir / "oxigraph"),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        while not _answers(base + "/query"):
            time.sleep(0.05)
        yield {"KG_STORE": f"sparql+{base}/query", "KG_STORE_UPDATE": f"{base}/update", "KG_STORE_GSP": f"{base}/store"}
    finally:
        stop(process)


@contextmanager
def virtuoso(workdir: Path) -> Iterator[dict[str, str]]:
    if shutil.which("virtuoso-t") is None:
        raise RuntimeError("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    directory, http = workdir / "virtuoso", free_port()
    script = ["bash", str(ROOT / ".ci" / "virtuoso.sh")]
    subprocess.run(
        [*script, "start", str(directory), str(http), str(free_port())], check=True, stdout=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{http}"
    try:
        yield {
            "KG_STORE": f"sparql+{base}/sparql",
            "KG_STORE_UPDATE": f"{base}/sparql-auth",
            "KG_STORE_GSP": f"{base}/sparql-graph-crud-auth",
            "KG_STORE_USER": "dba",
            "KG_STORE_PASSWORD": "dba",
        }
    finally:
        subprocess.run([*script, "stop", str(directory)], check=False)


BACKENDS = {"embedded": embedded, "oxigraph": oxigraph, "virtuoso": virtuoso}


def run_one(corpus: Path, jobs: int) -> dict[str, float]:
    """One build in this process (its store from KG_* variables); timings as JSON on stdout."""
    from kg.build import Builder
    from kg.config import Settings
    from kg.extract.extractor import Extractor
    from kg.ingest import iter_inputs
    from kg.namespaces import Minter
    from kg.store import open_store

    settings = Settings.from_env()
    marks: list[tuple[float, float]] = []  # (wall, this process's CPU) as each input is done
    started = time.perf_counter()
    with open_store(settings.store, settings=settings) as store:
        builder = Builder(
            store,
            Extractor(model=settings.model),
            Minter(settings.base_iri),
            max_file_bytes=settings.max_file_bytes,
            progress=lambda _: marks.append((time.perf_counter(), time.process_time())),
            jobs=jobs,
            scheduler=settings.scheduler,  # KG_SCHEDULER: on a Dask cluster (bench/dask_cluster.py)
        )
        first_input, first_cpu = time.perf_counter(), time.process_time()
        report = builder.build(iter_inputs([str(corpus)]))
    finished = time.perf_counter()
    ingested = report.count("ingested")
    assert ingested == len(list(corpus.glob("*.txt"))) and not report.failed, report.results
    return {
        "articles": ingested,
        "build_s": finished - started,
        "articles_s": marks[-1][0] - first_input,
        "articles_cpu_s": marks[-1][1] - first_cpu,  # this process's CPU over the articles part
    }


def measure(backend: str, corpus: Path, jobs: int, workdir: Path) -> dict[str, float]:
    with BACKENDS[backend](workdir) as env:
        return run_in_process(corpus, jobs, env)


def run_in_process(corpus: Path, jobs: int, env: dict[str, str]) -> dict[str, float]:
    """:func:`run_one` in a fresh process with these ``KG_*`` variables; its CPU time added (the
    CPU of processes it did not start, such as a Dask cluster's workers, is not)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [sys.executable, __file__, "--run-one", str(corpus), str(jobs)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    timings = json.loads(result.stdout.strip().splitlines()[-1])
    timings["cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--backends", default="embedded,oxigraph,virtuoso")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--run-one", nargs=2, metavar=("CORPUS", "JOBS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one:
        print(json.dumps(run_one(Path(args.run_one[0]), int(args.run_one[1]))))
        return

    jobs_list = [int(j) for j in args.jobs.split(",")]
    print(
        f"kg build on {args.articles} SYNTHETIC articles (seeds/ with small edits); {os.cpu_count()} CPU cores; "
        f"load average before: {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    header = f"{'store':<10} {'jobs':>4} {'build s':>8} {'art/s build':>11} {'art/s articles':>14} {'CPU s':>7} {'speed-up':>8}"
    print(header + "\n" + "-" * len(header), flush=True)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        synthetic_corpus(corpus, args.articles)
        for backend in args.backends.split(","):
            baseline = None
            for jobs in jobs_list:
                workdir = Path(tempfile.mkdtemp(dir=tmp))
                try:
                    t = measure(backend, corpus, jobs, workdir)
                except RuntimeError as exc:
                    print(f"{backend:<10} {jobs:>4}  skipped: {str(exc).strip().splitlines()[-1]}", flush=True)
                    break
                rate = t["articles"] / t["articles_s"]
                baseline = baseline or rate
                print(
                    f"{backend:<10} {jobs:>4} {t['build_s']:>8.1f} {t['articles'] / t['build_s']:>11.2f} {rate:>14.2f} "
                    f"{t['cpu_s']:>7.1f} {rate / baseline:>7.2f}x",
                    flush=True,
                )
                shutil.rmtree(workdir, ignore_errors=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
