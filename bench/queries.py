"""Latency of every named query (kg/queries/*.rq) on a SYNTHETIC graph: kg through the library
(:func:`kg.sparql.query.run_query`) and through HTTP (``kg serve``), against pyoxigraph's ``Store.query``
on the same store, and rdflib's SPARQL engine on the same quads (in a subprocess, each query cut off
at a time cap).

    python bench/queries.py --rdflib GRAPH.nq CAP_SECONDS REPS BUDGET_SECONDS QUERY,...   (the rdflib part; JSON on stdout)
    python bench/queries.py --probe STORE QUERY 0                                        (one pyoxigraph run; seconds)
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode

import kg.queries

ROOT = Path(__file__).resolve().parents[1]
GAZ = "https://w3id.org/kg-news/gazetteer/"
BINDINGS = {"entity.rq": {"entity": f"{GAZ}city/kunduz"}}
"""Named queries that need a variable bound (as their header comment says)."""


def named_queries() -> dict[str, str]:
    """file name -> text of every packaged named query."""
    return {f"{name}.rq": text for name, text in kg.queries.named_queries().items()}


def _with_values(name: str, text: str) -> str:
    """The query with its bindings as a trailing VALUES clause (for engines without pre-binding)."""
    bound = BINDINGS.get(name)
    if not bound:
        return text
    variables = " ".join(f"?{v}" for v in bound)
    values = " ".join(str(NamedNode(iri)) for iri in bound.values())
    return f"{text}\nVALUES ({variables}) {{ ({values}) }}"


@dataclass(slots=True)
class Timings:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, list[float]] = field(default_factory=dict)
    capped: set[str] = field(default_factory=set)
    errors: dict[str, str] = field(default_factory=dict)


def time_pyoxigraph(store_dir: Path, names: list[str], *, reps: int, budget: float) -> Timings:
    """pyoxigraph directly: ``Store.query`` on the union default graph, every solution read."""
    import pyoxigraph

    from bench.common import repeat

    store = pyoxigraph.Store.read_only(str(store_dir))
    out = Timings()
    for name in names:
        text = named_queries()[name]
        bound = {pyoxigraph.Variable(k): NamedNode(v) for k, v in BINDINGS.get(name, {}).items()} or None

        def run() -> int:
            result = store.query(text, use_default_graph_as_union=True, substitutions=bound)
            variables = [v.value for v in result.variables]
            return len([[solution[v] for v in variables] for solution in result])

        out.rows[name] = run()
        out.seconds[name] = repeat(run, reps=reps, budget=budget)
    return out


def time_kg_library(store_dir: Path, names: list[str], *, reps: int, budget: float) -> Timings:
    """kg's library path: :func:`kg.sparql.query.run_query` (query guard, deadline, row cap) on an
    :class:`~kg.store.oxigraph.OxigraphStore`."""
    from bench.common import repeat
    from kg.sparql.query import SelectResult, run_query
    from kg.store.oxigraph import OxigraphStore

    store = OxigraphStore(store_dir, read_only=True)
    out = Timings()
    for name in names:
        text = named_queries()[name]
        bound = {k: NamedNode(v) for k, v in BINDINGS.get(name, {}).items()} or None

        def run() -> int:
            result = run_query(store, text, timeout=3600, max_rows=10**8, bindings=bound)
            assert isinstance(result, SelectResult) and not result.truncated
            return len(result.rows)

        out.rows[name] = run()
        out.seconds[name] = repeat(run, reps=reps, budget=budget)
    store.close()
    return out


def time_http(base: str, names: list[str], *, reps: int, budget: float, path: str = "/sparql") -> Timings:
    """A SPARQL endpoint over loopback (one client): POST the query, read the whole JSON result."""
    import httpx

    from bench.common import repeat

    out = Timings()
    with httpx.Client(timeout=3600) as client:
        for name in names:
            query = _with_values(name, named_queries()[name])

            def run() -> int:
                response = client.post(
                    base + path, data={"query": query}, headers={"Accept": "application/sparql-results+json"}
                )
                response.raise_for_status()
                return len(response.json()["results"]["bindings"])

            out.rows[name] = run()
            out.seconds[name] = repeat(run, reps=reps, budget=budget)
    return out


def probe(store_dir: Path, names: list[str], *, cap: float) -> dict[str, float | None]:
    """Seconds of one pyoxigraph run of each query, each in a subprocess killed after ``cap``
    seconds (None): a query past the cap is left out at that size, for every engine."""
    out: dict[str, float | None] = {}
    for name in names:
        try:
            result = subprocess.run(
                [sys.executable, __file__, "--probe", str(store_dir), name, "0"],
                capture_output=True,
                text=True,
                timeout=cap + 2,
                check=True,
            )  # + the interpreter's start
            seconds = float(result.stdout.strip().splitlines()[-1])
            out[name] = seconds if seconds <= cap else None
        except subprocess.TimeoutExpired:
            out[name] = None
    return out


def _probe_main(store_dir: Path, name: str) -> None:
    import pyoxigraph

    store = pyoxigraph.Store.read_only(str(store_dir))
    bound = {pyoxigraph.Variable(k): NamedNode(v) for k, v in BINDINGS.get(name, {}).items()} or None
    started = time.perf_counter()
    for _ in store.query(named_queries()[name], use_default_graph_as_union=True, substitutions=bound):
        pass
    print(time.perf_counter() - started)


def time_rdflib(graph: Path, names: list[str], *, cap: float, reps: int, budget: float) -> tuple[Timings, float, str]:
    """rdflib in a subprocess: (timings, load seconds, error or ""); a query past ``cap`` seconds is
    stopped and listed in ``capped``."""
    command = [sys.executable, __file__, "--rdflib", str(graph), str(cap), str(reps), str(budget), ",".join(names)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        return Timings(), 0.0, (result.stderr.strip().splitlines() or ["failed"])[-1]
    data = json.loads(result.stdout.strip().splitlines()[-1])
    errors = "; ".join(f"{name}: {text}" for name, text in data.get("errors", {}).items())
    timings = Timings(
        rows=data["rows"], seconds=data["seconds"], capped=set(data["capped"]), errors=data.get("errors", {})
    )
    return timings, data["load_s"], errors


def _rdflib_main(graph: Path, cap: float, reps: int, budget: float, names: list[str]) -> None:
    import rdflib

    from bench.common import repeat

    def alarm(*_: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, alarm)
    started = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(str(graph), format="nquads")
    load_s = time.perf_counter() - started
    out: dict[str, object] = {"load_s": load_s, "rows": {}, "seconds": {}, "capped": []}
    for name in names:
        text = named_queries()[name]
        bindings = {k: rdflib.URIRef(v) for k, v in BINDINGS.get(name, {}).items()}

        def run() -> int:
            return len(list(dataset.query(text, initBindings=bindings)))

        signal.setitimer(signal.ITIMER_REAL, cap)
        try:
            out["rows"][name] = run()  # type: ignore[index]
            signal.setitimer(signal.ITIMER_REAL, 0)
            out["seconds"][name] = repeat(run, reps=reps, budget=budget)  # type: ignore[index]
        except TimeoutError:
            out["capped"].append(name)  # type: ignore[union-attr]
        except Exception as exc:  # rdflib cannot run this query: reported, the others still run
            out.setdefault("errors", {})[name] = f"{type(exc).__name__}: {exc}"[:200]  # type: ignore[union-attr]
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    print(json.dumps(out))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--probe":
        _probe_main(Path(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 7 and sys.argv[1] == "--rdflib":
        sys.path.insert(0, str(ROOT))
        _rdflib_main(
            Path(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6].split(",")
        )
    else:
        sys.exit(__doc__)
