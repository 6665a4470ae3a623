"""kg's benchmarks in one run: every figure against a baseline measured in the same run, printed as
a table and written to BENCHMARKS.md.

    python bench/run.py            # full: graphs of 100k, 1M and 10M quads, 1,000-article builds (tens of minutes)
    python bench/run.py --quick    # smallest sizes, under two minutes (a smoke check; no thresholds)

All corpora and graphs are SYNTHETIC, generated from seeds/ and the gazetteer (bench/corpus.py,
bench/graphgen.py), except the html section's: the 181 real pages of the public article-extraction
benchmark (tests/data/article_benchmark). Not part of the test suite: figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import attack, graphgen, httpload, queries  # noqa: E402
from bench.common import (  # noqa: E402
    Figure,
    Results,
    format_number,
    kg_server,
    load_average,
    machine,
    median,
    oxigraph_server,
    peak_rss_mb,
    percentile,
    ratio,
)
from bench.corpus import synthetic_corpus  # noqa: E402
from bench.report import write_report  # noqa: E402
from kg.namespaces import KG  # noqa: E402

ATTACK_TIMEOUT_S = 5.0
"""The query time limit of the attack section: short enough that the attacker's queries are
stopped (and their workers replaced) several times in one run."""
CHEAP_SELECT = f"SELECT ?article ?name WHERE {{ ?article {KG.sourceName} ?name }} LIMIT 10"


@dataclass(frozen=True, slots=True)
class Plan:
    extraction_articles: int
    extraction_passes: int
    html_passes: int
    """Passes over the 181 pages of the html section (the texts are the same each time; best time kept)."""
    growth_articles: tuple[int, int]
    jobs_articles: int
    jobs_passes: int
    cluster_articles: int
    cluster_passes: int
    graph_sizes: tuple[int, ...]
    rdflib_max_quads: int
    rdflib_cap_s: float
    query_reps: int
    query_cap_s: float
    """A query whose single pyoxigraph run takes longer is left out at that size (and larger ones)."""
    query_budget_s: float
    http_graph: int
    http_seconds: float
    load_quads: int
    attack_seconds: float


QUICK = Plan(
    extraction_articles=10,
    extraction_passes=1,
    html_passes=1,
    growth_articles=(5, 15),
    jobs_articles=8,
    jobs_passes=1,
    cluster_articles=30,
    cluster_passes=1,
    graph_sizes=(100_000,),
    rdflib_max_quads=100_000,
    rdflib_cap_s=1.5,
    query_reps=3,
    query_cap_s=2.0,
    query_budget_s=0.3,
    http_graph=100_000,
    http_seconds=1.0,
    load_quads=50_000,
    attack_seconds=10.0,
)
FULL = Plan(
    extraction_articles=100,
    extraction_passes=2,
    html_passes=2,
    growth_articles=(100, 1000),
    jobs_articles=200,
    jobs_passes=2,
    cluster_articles=200,
    cluster_passes=2,
    graph_sizes=(100_000, 1_000_000, 10_000_000),
    rdflib_max_quads=1_000_000,
    rdflib_cap_s=30.0,
    query_reps=10,
    query_cap_s=30.0,
    query_budget_s=5.0,
    http_graph=1_000_000,
    http_seconds=3.0,
    load_quads=1_000_000,
    attack_seconds=45.0,
)


class Bench:
    def __init__(self, plan: Plan, workdir: Path, *, seed_store: Path | None = None) -> None:
        self.plan = plan
        self.seed_store = seed_store
        self.workdir = workdir
        self.results = Results()
        self.template: graphgen.Template | None = None
        self.stores: dict[int, Path] = {}
        self.query_medians: dict[tuple[int, str], float] = {}
        self.over_cap: dict[int, list[str]] = {}

    # ---- inputs --------------------------------------------------------------------------------------

    def corpus(self, count: int) -> Path:
        directory = self.workdir / f"corpus-{count}"
        if not directory.exists():
            synthetic_corpus(directory, count)
        return directory

    def graph_template(self) -> graphgen.Template:
        if self.template is None:
            seed = self.seed_store or graphgen.build_seed_store(self.workdir / "seed")
            self.template = graphgen.load_template(seed)
        return self.template

    def graph_store(self, quads: int) -> Path:
        if quads not in self.stores:
            directory = self.workdir / f"graph-{quads}"
            started = time.perf_counter()
            count = graphgen.load_store(self.graph_template(), quads, directory)
            self.results.note(
                "queries",
                f"graph of {count:,} quads generated and bulk loaded in {time.perf_counter() - started:.1f} s",
            )
            self.stores[quads] = directory
        return self.stores[quads]

    # ---- sections ------------------------------------------------------------------------------------

    def extraction(self) -> None:
        from bench.extraction import measure

        plan = self.plan
        t = measure(self.corpus(plan.extraction_articles), passes=plan.extraction_passes)
        kg_wps, raw_wps, pipe_wps = t.words / t.kg_s, t.words / t.raw_s, t.words / t.pipeline_s
        self.results.add(
            Figure(
                "extraction",
                f"words/s, {t.articles} articles",
                kg_wps,
                raw_wps,
                "words/s",
                "spaCy nlp.pipe (plain model)",
                ratio(kg_wps, raw_wps),
                ">= 0.8x",
                kg_wps / raw_wps >= 0.8,
            )
        )
        self.results.add(
            Figure(
                "extraction",
                f"articles/s, {t.articles} articles",
                t.articles / t.kg_s,
                t.articles / t.raw_s,
                "articles/s",
                "spaCy nlp.pipe (plain model)",
                ratio(t.kg_s, t.raw_s, lower_is_better=True),
            )
        )
        self.results.add(
            Figure(
                "extraction",
                "words/s vs kg's own spaCy pipeline",
                kg_wps,
                pipe_wps,
                "words/s",
                "nlp.pipe with kg's gazetteer ruler",
                ratio(kg_wps, pipe_wps),
                note="kg's Python rules and RDF alone",
            )
        )
        self.results.note(
            "extraction",
            f"{t.words:,} words; best of {plan.extraction_passes} pass(es): kg {t.kg_s:.2f} s, plain spaCy "
            f"{t.raw_s:.2f} s, kg's spaCy pipeline {t.pipeline_s:.2f} s",
        )

    def html(self) -> None:
        """Issue 20: kg's main text of real HTML pages (``read_text``, media type text/html) scored on the
        article-extraction benchmark (181 pages, its own 4-gram shingle F1), against trafilatura.extract
        with its default options on the same pages, in the same run; and the time per page of both."""
        from bench.article_extraction import kg_bodies, load_pages, score, trafilatura_bodies, truth_of

        pages = load_pages()
        truth = truth_of(pages)
        kg_runs, traf_runs = [], []
        for _ in range(self.plan.html_passes):  # alternating, best time of the passes
            kg_runs.append(kg_bodies(pages))
            traf_runs.append(trafilatura_bodies(pages))
        kg, traf = kg_runs[0], traf_runs[0]
        kg_s, traf_s = min(r.seconds for r in kg_runs), min(r.seconds for r in traf_runs)
        kg_score, traf_score = score(kg.texts, truth), score(traf.texts, truth)
        n = len(pages)
        self.results.add(
            Figure(
                "html",
                f"main-text F1, article-extraction benchmark ({n} real pages)",
                kg_score.f1,
                traf_score.f1,
                "F1",
                "trafilatura.extract, default options",
                ratio(kg_score.f1, traf_score.f1),
                note=f"F1 {kg_score.f1:.3f} vs {traf_score.f1:.3f}, precision {kg_score.precision:.3f} vs {traf_score.precision:.3f}, "
                f"recall {kg_score.recall:.3f} vs {traf_score.recall:.3f}",
            )
        )
        self.results.add(
            Figure(
                "html",
                f"HTML pages read, {n} real pages",
                n / kg_s,
                n / traf_s,
                "pages/s",
                "trafilatura.extract, default options",
                ratio(kg_s, traf_s, lower_is_better=True),
                note=f"{kg_s / n * 1000:.1f} vs {traf_s / n * 1000:.1f} ms per page; kg's includes metadata and dates",
            )
        )
        self.results.tables[f"Main text of {n} real HTML pages (article-extraction benchmark)"] = [
            "| extractor | F1 | precision | recall | pages without text | with a publication date | s (best of passes) | ms per page |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            *(
                f"| {name} | {s.f1:.3f} | {s.precision:.3f} | {s.recall:.3f} | {r.skipped} | "
                f"{'-' if r.dated is None else r.dated} | {t:.2f} | {t / n * 1000:.1f} |"
                for name, s, r, t in (
                    ("kg read_text (text/html)", kg_score, kg, kg_s),
                    ("trafilatura.extract (defaults)", traf_score, traf, traf_s),
                )
            ),
        ]
        self.results.note(
            "html",
            f"real pages, not synthetic: github.com/scrapinghub/article-extraction-benchmark (MIT), in "
            f"tests/data/article_benchmark; scored by a port of its evaluate.py (bench/article_extraction.py); "
            f"best of {self.plan.html_passes} pass(es)",
        )

    def jobs(self) -> None:
        from bench.bench_jobs import measure
        from bench.scaling import pipe_seconds

        corpus = self.corpus(self.plan.jobs_articles)
        rates: dict[int, float] = {}
        for _ in range(self.plan.jobs_passes):  # alternating, best of the passes: the host's load comes and goes
            for jobs in (1, 2):
                workdir = Path(tempfile.mkdtemp(dir=self.workdir))
                t = measure("embedded", corpus, jobs, workdir)
                shutil.rmtree(workdir, ignore_errors=True)
                rates[jobs] = max(rates.get(jobs, 0.0), t["articles"] / t["articles_s"])
                self.results.note(
                    "jobs",
                    f"--jobs {jobs}: build {t['build_s']:.1f} s, articles part {t['articles_s']:.1f} s, CPU {t['cpu_s']:.1f} s",
                )
        one, two = pipe_seconds(corpus, 1), pipe_seconds(corpus, 2)
        ceiling = one / two
        self.results.add(
            Figure(
                "extraction",
                f"kg build --jobs 2 vs 1, {self.plan.jobs_articles} articles",
                rates[2],
                rates[1],
                "articles/s",
                "kg build --jobs 1",
                ratio(rates[2], rates[1]),
                ">= 1.8x",
                rates[2] / rates[1] >= 1.8,
                note=f"{rates[2] / rates[1] / ceiling:.0%} of this machine's ceiling (next row)",
            )
        )
        self.results.add(
            Figure(
                "extraction",
                "this machine's ceiling: plain spaCy nlp.pipe, 2 processes vs 1 (same texts)",
                1 / two,
                1 / one,
                "runs/s",
                "1 process",
                ceiling,
                note=f"{one:.1f} s in 1 process, {two:.1f} s in 2",
            )
        )

    def cluster(self) -> None:
        """kg build --scheduler on a local Dask cluster (separate scheduler and worker processes,
        one thread each): one worker against two, alternating, each on a fresh cluster whose
        workers have loaded the extractor (bench/dask_cluster.py). The rate is articles over the
        articles part of the build (first input read to last article written: extraction, the
        client's reads and writes), not the whole build (the merge that follows is serial). The
        CPU each process spent per article gives the bound two one-core workers can reach on two
        cores when the client and the scheduler share those cores with them."""
        from bench.dask_cluster import measure_build
        from bench.scaling import pipe_seconds

        corpus = self.corpus(self.plan.cluster_articles)
        rates: dict[int, float] = {}
        cpu: dict[str, float] = {}
        for _ in range(self.plan.cluster_passes):
            for workers in (1, 2):
                workdir = Path(tempfile.mkdtemp(dir=self.workdir))
                t = measure_build(corpus, workers, workdir)
                shutil.rmtree(workdir, ignore_errors=True)
                rates[workers] = max(rates.get(workers, 0.0), t["articles"] / t["articles_s"])
                per_article = {
                    "worker": t["workers_cpu_s"] / t["articles"] * 1000,
                    "client": t["articles_cpu_s"] / t["articles"] * 1000,
                    "scheduler": t["scheduler_cpu_s"] / t["articles"] * 1000,
                }
                if workers == 1:
                    cpu = per_article
                self.results.note(
                    "cluster",
                    f"{workers} dask worker(s): build {t['build_s']:.1f} s, articles part {t['articles_s']:.1f} s "
                    f"({t['articles'] / t['articles_s']:.2f} articles/s); CPU per article: workers "
                    f"{per_article['worker']:.0f} ms, client {per_article['client']:.0f} ms (articles part), "
                    f"scheduler {per_article['scheduler']:.0f} ms; other processes on the machine: "
                    f"{t['others_cores']:.2f} cores",
                )
        bound = 2 * cpu["worker"] / (cpu["worker"] + cpu["client"] + cpu["scheduler"])
        self.results.note(
            "cluster",
            f"CPU bound of 2 workers vs 1 on 2 cores, client and scheduler included: 2W/(W+C+S) = {bound:.2f}x "
            f"(W, C, S: the 1-worker run's CPU per article of worker, client, scheduler)",
        )
        ceiling = pipe_seconds(corpus, 1) / pipe_seconds(corpus, 2)
        speedup = rates[2] / rates[1]
        self.results.note(
            "cluster", f"this machine's ceiling in the same run (plain spaCy, 2 processes vs 1): {ceiling:.2f}x"
        )
        self.results.add(
            Figure(
                "cluster",
                f"kg build --scheduler, 2 dask workers vs 1, {self.plan.cluster_articles} articles",
                rates[2],
                rates[1],
                "articles/s",
                "1 dask worker",
                ratio(rates[2], rates[1]),
                ">= 1.7x",
                speedup >= 1.7,
                note=f"this machine's ceiling in the same run (plain spaCy, 2 processes vs 1): {ceiling:.2f}x; "
                f"CPU bound with the client and scheduler on the same cores: {bound:.2f}x",
            )
        )
        self._writer(corpus, rates[1])

    def _writer(self, corpus: Path, per_worker: float) -> None:
        """The single writer's own rate into the embedded store and Virtuoso (writes alone): how
        many one-core workers it can keep up with, the saturation point of the README's model. Then
        the alternative to one writer: Virtuoso's ingest of the same article graphs from 1, 2 and 4
        concurrent writers."""
        from bench.bench_jobs import embedded, virtuoso
        from bench.dask_cluster import article_graphs, measure_concurrent_inserts, measure_writer

        graphs: list = []
        for name, backend in (("embedded", embedded), ("virtuoso", virtuoso)):
            workdir = Path(tempfile.mkdtemp(dir=self.workdir))
            try:
                with backend(workdir) as env:
                    w = measure_writer(corpus, env)
                    if name == "embedded":
                        graphs = article_graphs(Path(env["KG_STORE"]))
                    else:
                        concurrent = {n: measure_concurrent_inserts(env, graphs, n, f"w{n}") for n in (1, 2, 4)}
            except RuntimeError as exc:
                self.results.note("cluster", f"writer into {name} skipped: {exc}")
                continue
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
            rate = w["articles"] / w["write_s"]
            self.results.add(
                Figure(
                    "cluster",
                    f"the single writer into {name}: articles written per second (writes alone)",
                    rate,
                    per_worker,
                    "articles/s",
                    "one dask worker's extraction rate",
                    ratio(rate, per_worker),
                    note=f"{w['quads_per_article']:.0f} quads per article; the ratio is how many one-core workers it can feed",
                )
            )
            if name == "virtuoso":
                for writers in (2, 4):
                    self.results.add(
                        Figure(
                            "cluster",
                            f"Virtuoso ingest of {len(graphs)} article graphs, {writers} concurrent writers vs 1",
                            concurrent[writers],
                            concurrent[1],
                            "graphs/s",
                            "1 writer",
                            ratio(concurrent[writers], concurrent[1]),
                            note="INSERT DATA per graph; server and writers on the same 2 cores",
                        )
                    )

    def load(self) -> None:
        from bench.load import article_batches, time_bulk_load, time_kg_writes, time_transaction_extend

        template = self.graph_template()
        clones = max(1, self.plan.load_quads // (template.clone_quads + 5))
        batches, data = article_batches(template, clones)
        quads = sum(len(b) for b in batches)
        kg_s = time_kg_writes(batches, self.workdir / "load-kg")
        bulk_s, count = time_bulk_load(data, self.workdir / "load-bulk")
        extend_s = time_transaction_extend(batches, self.workdir / "load-extend")
        self.results.add(
            Figure(
                "load",
                f"store writes, {quads:,} quads in {len(batches):,} updates",
                quads / kg_s,
                quads / bulk_s,
                "quads/s",
                "pyoxigraph bulk_load",
                ratio(quads / kg_s, quads / bulk_s),
                ">= 0.8x",
                quads / kg_s >= 0.8 * quads / bulk_s,
            )
        )
        self.results.add(
            Figure(
                "load",
                "pyoxigraph Store.extend per article (same batches)",
                quads / extend_s,
                quads / bulk_s,
                "quads/s",
                "pyoxigraph bulk_load",
                ratio(quads / extend_s, quads / bulk_s),
                note="transactional, no SPARQL text",
            )
        )
        if count != quads:
            self.results.note("load", f"bulk load stored {count:,} quads of {quads:,} (duplicates across batches)")

    def queries(self) -> None:
        plan = self.plan
        names = list(queries.named_queries())
        for size in plan.graph_sizes:
            store = self.graph_store(size)
            probed = queries.probe(store, names, cap=plan.query_cap_s)
            over = [n for n, s in probed.items() if s is None]
            if over:
                self.results.note(
                    "queries",
                    f"{size:,} quads: left out (one pyoxigraph run over the {plan.query_cap_s:g} s cap, "
                    f"so at larger sizes too): {', '.join(over)}",
                )
                self.over_cap[size] = over
            names = [n for n in names if n not in over]
            if not names:
                break
            direct = queries.time_pyoxigraph(store, names, reps=plan.query_reps, budget=plan.query_budget_s)
            library = queries.time_kg_library(store, names, reps=plan.query_reps, budget=plan.query_budget_s)
            with kg_server(store, env={"KG_QUERY_TIMEOUT": "3600", "KG_MAX_ROWS": "100000000"}) as (base, _):
                http = queries.time_http(base, names, reps=plan.query_reps, budget=plan.query_budget_s)
            with oxigraph_server(store) as (base, _):
                ox_http = queries.time_http(
                    base, names, reps=plan.query_reps, budget=plan.query_budget_s, path="/query"
                )
            rdf = rdflib_load = None
            rdf_error = ""
            if size <= plan.rdflib_max_quads:
                nq = self.workdir / f"graph-{size}.nq"
                with nq.open("wb") as output:
                    graphgen.write_graph(self.graph_template(), size, output)
                rdf, rdflib_load, rdf_error = queries.time_rdflib(
                    nq, names, cap=plan.rdflib_cap_s, reps=max(1, plan.query_reps // 4), budget=plan.query_budget_s
                )
                nq.unlink()
                self.results.note(
                    "queries",
                    f"{size:,} quads: rdflib loaded the N-Quads in {rdflib_load:.1f} s"
                    + (f" ({rdf_error})" if rdf_error else ""),
                )
            else:
                self.results.note(
                    "queries",
                    f"{size:,} quads: rdflib not run (above {plan.rdflib_max_quads:,} quads: its "
                    "in-memory load alone would take tens of minutes and tens of GiB here)",
                )
            self._query_table(size, names, direct, library, http, ox_http, rdf)

    def _query_table(self, size: int, names: list[str], direct, library, http, ox_http, rdf) -> None:
        rows = [
            "| query | rows | pyoxigraph p50 / p95 ms | kg library p50 / p95 ms | kg HTTP p50 / p95 ms | oxigraph serve p50 / p95 ms | rdflib p50 ms | library / direct | HTTP / direct | HTTP / oxigraph serve | rdflib / kg library |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        lib_ratios, http_ratios, server_ratios, speedups = [], [], [], []
        for name in names:
            d, lib, h, o = (median(t.seconds[name]) for t in (direct, library, http, ox_http))
            self.query_medians[(size, name)] = d
            lib_ratios.append(lib / d)
            http_ratios.append(h / d)
            server_ratios.append(h / o)
            if rdf is not None and name in rdf.seconds:
                r = median(rdf.seconds[name])
                speedups.append(r / lib)
                rdf_cell, speed_cell = f"{r * 1000:,.0f}", f"{r / lib:,.0f}x"
            elif rdf is not None and name in rdf.errors:
                rdf_cell, speed_cell = "rdflib error", "-"
            elif rdf is not None and name in rdf.capped:
                rdf_cell, speed_cell = (
                    f"> {self.plan.rdflib_cap_s * 1000:,.0f} (cut off)",
                    f"> {self.plan.rdflib_cap_s / lib:,.0f}x",
                )
                speedups.append(self.plan.rdflib_cap_s / lib)
            else:
                rdf_cell = speed_cell = "not run"

            def pp(t):
                return f"{median(t.seconds[name]) * 1000:,.1f} / {percentile(t.seconds[name], 95) * 1000:,.1f}"

            rows.append(
                f"| {name} | {direct.rows[name]:,} | {pp(direct)} | {pp(library)} | {pp(http)} | {pp(ox_http)} | {rdf_cell} | "
                f"{lib / d:.2f}x | {h / d:.2f}x | {h / o:.2f}x | {speed_cell} |"
            )
            if library.rows[name] != direct.rows[name] or http.rows[name] != direct.rows[name]:
                self.results.note(
                    "queries",
                    f"{size:,} quads, {name}: row counts differ (pyoxigraph {direct.rows[name]}, "
                    f"library {library.rows[name]}, HTTP {http.rows[name]})",
                )
        for name in self.over_cap.get(size, []):
            rows.append(
                f"| {name} | - | > {self.plan.query_cap_s * 1000:,.0f} (left out) | - | - | - | - | - | - | - | - |"
            )
        self.results.tables[f"Named queries on {size:,} quads"] = rows
        worst_lib, med_lib = max(lib_ratios), median(lib_ratios)
        self.results.add(
            Figure(
                "queries",
                f"{size:,} quads: kg library / pyoxigraph (median; worst)",
                med_lib,
                1.0,
                "x time",
                "pyoxigraph Store.query",
                None,
                "<= 1.2x",
                med_lib <= 1.2,
                note=f"worst query {worst_lib:.2f}x",
            )
        )
        self.results.add(
            Figure(
                "queries",
                f"{size:,} quads: kg HTTP / pyoxigraph (median; worst)",
                median(http_ratios),
                1.0,
                "x time",
                "pyoxigraph Store.query",
                None,
                "<= 1.2x",
                median(http_ratios) <= 1.2,
                note=f"worst query {max(http_ratios):.2f}x; vs oxigraph serve: median {median(server_ratios):.2f}x, worst {max(server_ratios):.2f}x",
            )
        )
        if speedups:
            self.results.add(
                Figure(
                    "queries",
                    f"{size:,} quads: rdflib time / kg library time (median)",
                    median(speedups),
                    None,
                    "x faster",
                    "rdflib SPARQL",
                    None,
                    "~100x",
                    None,
                    note=f"min {min(speedups):,.0f}x, max {max(speedups):,.0f}x",
                )
            )

    def growth_queries(self) -> None:
        sizes = [s for s in self.plan.graph_sizes if any(size == s for size, _ in self.query_medians)]
        if len(sizes) < 2:
            self.results.note("growth", "query growth needs two graph sizes with measurements (--quick has one)")
            return
        lines = [
            "| query | " + " | ".join(f"{s:,} quads ms" for s in sizes) + " | ms per 1M quads at each size |",
            "|---|" + "---:|" * (len(sizes) + 1),
        ]
        measured = [n for n in queries.named_queries() if all((s, n) in self.query_medians for s in sizes)]
        for name in measured:
            times = [self.query_medians[(s, name)] for s in sizes]
            per = " / ".join(format_number(t * 1000 / (s / 1e6)) for t, s in zip(times, sizes))
            lines.append(f"| {name} | " + " | ".join(f"{t * 1000:,.1f}" for t in times) + f" | {per} |")
        self.results.tables["Query latency growth (pyoxigraph p50, kg adds the ratio above)"] = lines
        first, last = sizes[0], sizes[-1]
        if not measured:
            self.results.note("growth", "no query stayed under the time cap at every size")
            return
        slopes = [self.query_medians[(last, n)] / self.query_medians[(first, n)] for n in measured]
        self.results.add(
            Figure(
                "growth",
                f"query time {last // first}x graph ({first:,} -> {last:,} quads)",
                median(slopes),
                last / first,
                "x time",
                "linear",
                None,
                note=f"median over queries; range {min(slopes):.1f}x-{max(slopes):.1f}x",
            )
        )

    def http(self) -> None:
        store = self.graph_store(self.plan.http_graph)
        from urllib.parse import quote

        select = "/sparql?query=" + quote(CHEAP_SELECT)
        results: dict[str, dict[int, dict]] = {}
        with kg_server(store) as (base, process):
            warm_dashboard(base)
            for label, path in (("cheap SELECT", select), ("/api/v1/events", "/api/v1/events")):
                results[label] = {c: httpload.run(base + path, c, self.plan.http_seconds) for c in (1, 4, 16)}
            rss = peak_rss_mb(process.pid)
        with oxigraph_server(store) as (base, _):
            results["oxigraph"] = {
                c: httpload.run(base + "/query?query=" + quote(CHEAP_SELECT), c, self.plan.http_seconds)
                for c in (1, 4, 16)
            }
        lines = ["| endpoint | clients | requests/s | p50 ms | p95 ms | errors |", "|---|---:|---:|---:|---:|---:|"]
        for label, by_clients in results.items():
            for clients, r in by_clients.items():
                name = "oxigraph serve, cheap SELECT" if label == "oxigraph" else f"kg serve, {label}"
                lines.append(
                    f"| {name} | {clients} | {r['rps']:,.1f} | {r['p50_ms']:,.1f} | {r['p95_ms']:,.1f} | {r['errors']} {' '.join(r['error_kinds'])} |"
                )
        self.results.tables[
            f"HTTP on loopback ({self.plan.http_graph:,} quads, {self.plan.http_seconds:g} s per cell)"
        ] = lines
        for clients in (1, 4, 16):
            kg_r, ox_r, ev = (
                results["cheap SELECT"][clients],
                results["oxigraph"][clients],
                results["/api/v1/events"][clients],
            )
            self.results.add(
                Figure(
                    "http",
                    f"cheap SELECT, {clients} clients",
                    kg_r["rps"],
                    ox_r["rps"],
                    "req/s",
                    "oxigraph serve",
                    ratio(kg_r["rps"], ox_r["rps"]),
                    note=f"p95 {kg_r['p95_ms']:.1f} ms vs {ox_r['p95_ms']:.1f} ms",
                )
            )
            self.results.add(
                Figure(
                    "http",
                    f"/api/v1/events (50 with provenance), {clients} clients",
                    ev["rps"],
                    ox_r["rps"],
                    "req/s",
                    "oxigraph serve cheap SELECT",
                    ratio(ev["rps"], ox_r["rps"]),
                    note=f"p95 {ev['p95_ms']:.1f} ms",
                )
            )
        self.results.add(
            Figure(
                "memory", f"kg serve peak RSS under the HTTP load ({self.plan.http_graph:,} quads)", rss, None, "MiB"
            )
        )

    def attack(self) -> None:
        """Issue 14's target: 16 clients on the seed store, one of them sending cross products that
        run to the query time limit, in a loop; the other 15 send a cheap SELECT. p99 of the cheap ones."""
        seed = self.seed_store or self.workdir / "seed"
        if not seed.exists():
            graphgen.build_seed_store(seed)
        store = self.workdir / "attack-store"
        shutil.rmtree(store, ignore_errors=True)
        shutil.copytree(seed, store)
        (store / "LOCK").unlink(missing_ok=True)
        with kg_server(store, env={"KG_QUERY_TIMEOUT": str(ATTACK_TIMEOUT_S)}) as (base, process):
            r = attack.run(base, 16, self.plan.attack_seconds)
            rss = peak_rss_mb(process.pid)
        p99_s = r["cheap_p99_ms"] / 1000
        self.results.add(
            Figure(
                "attack",
                f"cheap SELECT p99, 15 clients beside one attacker ({ATTACK_TIMEOUT_S:g} s query limit, 2 slots)",
                p99_s,
                None,
                "s",
                goal="< 2 s",
                met=p99_s < 2.0,
                note=f"p50 {r['cheap_p50_ms']:.0f} ms, max {r['cheap_max_ms']:.0f} ms, {r['cheap_rps']:.0f} req/s; cheap statuses "
                f"{r['cheap_statuses']}, attacker {r['attacker_statuses']}; server peak RSS {rss or 0:.0f} MiB",
            )
        )

    def startup(self) -> None:
        """Start-up with the world gazetteer (fresh processes) and the peak RSS of a one-article build."""
        code = (
            "import time; t=time.perf_counter(); from kg.extract.extractor import Extractor; e=Extractor(); e.nlp; {world}"
            "print(time.perf_counter()-t)"
        )
        best = {}
        for world in ("e.world;", ""):
            best[world] = min(
                float(
                    subprocess.run(
                        [sys.executable, "-c", code.format(world=world)], capture_output=True, text=True, check=True
                    ).stdout.split()[-1]
                )
                for _ in range(2)
            )
        self.results.add(
            Figure(
                "startup",
                "load the pipeline and the world gazetteer (fresh process)",
                best["e.world;"],
                best[""],
                "s",
                "the pipeline alone",
                ratio(best["e.world;"], best[""], lower_is_better=True),
                "<= 5 s",
                best["e.world;"] <= 5.0,
            )
        )
        one = self.corpus(1)
        data = _timed_build(one, self.workdir / "build-one")
        self.results.add(
            Figure(
                "memory",
                "kg build peak RSS, one article",
                data["rss"] / 1024,
                None,
                "MiB",
                goal="<= 1024 MiB",
                met=data["rss"] / 1024 <= 1024,
            )
        )

    def builds(self) -> None:
        """``kg build`` (the CLI, one process) on two corpus sizes: wall time, articles/s, peak RSS."""
        small, large = self.plan.growth_articles
        figures = {}
        for count in (small, large):
            corpus, store = self.corpus(count), self.workdir / f"build-{count}"
            data = _timed_build(corpus, store)
            if count == large:
                data["merge_s"] = time_merge_from_scratch(store)
            shutil.rmtree(store, ignore_errors=True)
            figures[count] = data
            self.results.note(
                "growth", f"kg build of {count} articles: {data['s']:.1f} s wall, peak RSS {data['rss'] / 1024:.0f} MiB"
            )
        s, l = figures[small]["s"], figures[large]["s"]
        self.results.add(
            Figure(
                "growth",
                f"kg build time, {small} -> {large} articles",
                l / s,
                large / small,
                "x time",
                "linear",
                note=f"{s / small * 1000:.0f} -> {l / large * 1000:.0f} ms per article (wall, incl. ~3 s start-up and the merge)",
            )
        )
        merge_s = figures[large]["merge_s"]
        rest_s = figures[large]["s"] - merge_s  # the build merges once, at the end
        self.results.add(
            Figure(
                "merge",
                f"cross-article merge from scratch, {large} articles",
                merge_s,
                rest_s,
                "s",
                "the rest of their kg build (extraction, writes)",
                ratio(rest_s, merge_s),
                "< 1x the extraction",
                merge_s < rest_s,
                note="ratio > 1: the merge is that many times faster than the rest of the build",
            )
        )
        self.results.add(
            Figure(
                "memory",
                f"kg build peak RSS, {large} articles",
                figures[large]["rss"] / 1024,
                figures[small]["rss"] / 1024,
                "MiB",
                f"kg build of {small} articles",
            )
        )


def _timed_build(corpus: Path, store: Path) -> dict:
    """``kg build`` of ``corpus`` in a child process: exit code, wall seconds, peak RSS (KiB)."""
    wrapper = (
        "import json,resource,subprocess,sys,time; t=time.perf_counter(); r=subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
        "print(json.dumps({'rc': r.returncode, 's': time.perf_counter()-t, 'rss': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))"
    )
    kg = str(Path(sys.executable).parent / "kg")
    out = subprocess.run(
        [sys.executable, "-c", wrapper, kg, "build", "--quiet", "--store", str(store), str(corpus)],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    if data["rc"] != 0:
        raise RuntimeError(f"kg build of {corpus} exited with {data['rc']}")
    return data


def warm_dashboard(base: str, *, timeout: float = 900.0) -> None:
    """Wait until the dashboard's cache is built (its first load is not what the HTTP rows measure;
    past the query time limit the server answers 503 and goes on building it)."""
    import httpx

    deadline = time.monotonic() + timeout
    while httpx.get(base + "/api/v1/stats", timeout=timeout).status_code != 200:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the dashboard did not load within {timeout:.0f} s")
        time.sleep(1)


def time_merge_from_scratch(path: Path) -> float:
    """Seconds for the cross-article merge of a built store with its merged view dropped first
    (so every merged quad is computed and written again)."""
    from kg.config import Settings
    from kg.namespaces import Minter
    from kg.resolve import update_merged_view
    from kg.store.oxigraph import OxigraphStore

    minter = Minter(Settings().base_iri)
    with OxigraphStore(path) as store:
        store.native.remove_graph(minter.merged_graph())
        started = time.perf_counter()
        update_merged_view(store, minter, force=True)
        return time.perf_counter() - started


SECTIONS: dict[str, Callable[[Bench], None]] = {
    "extraction": Bench.extraction,
    "html": Bench.html,
    "startup": Bench.startup,
    "jobs": Bench.jobs,
    "cluster": Bench.cluster,
    "load": Bench.load,
    "queries": Bench.queries,
    "growth-queries": Bench.growth_queries,
    "http": Bench.http,
    "attack": Bench.attack,
    "builds": Bench.builds,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smallest sizes, under two minutes")
    parser.add_argument("--only", help=f"comma-separated sections: {', '.join(SECTIONS)}")
    parser.add_argument(
        "--seed-store", type=Path, help="reuse this build of seeds/ for the graph template (default: build one)"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md", help="the report to write ('-': none)")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    sections = args.only.split(",") if args.only else list(SECTIONS)
    command = "python bench/run.py" + (" --quick" if args.quick else "") + (f" --only {args.only}" if args.only else "")
    info = machine()
    info["command"] = command
    info["load_start"] = load_average()
    started = time.perf_counter()
    print(f"{command}: {info['cpu']}, load average {info['load_start']}", flush=True)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        bench = Bench(plan, Path(tmp), seed_store=args.seed_store)
        for name in sections:
            section_started = time.perf_counter()
            try:
                SECTIONS[name](bench)
            except Exception as exc:  # one broken section is reported, the others still run
                traceback.print_exc()
                bench.results.note(name, f"FAILED: {type(exc).__name__}: {exc}")
            print(f"  ({name}: {time.perf_counter() - section_started:.0f} s)", flush=True)
    info["load_end"] = load_average()
    info["wall"] = f"{time.perf_counter() - started:.0f} s"
    print(f"done in {info['wall']}; load average {info['load_end']}")
    if str(args.output) != "-":
        write_report(args.output, bench.results, info, quick=args.quick)
        print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
