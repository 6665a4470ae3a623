"""The ``kg`` command: thin wrappers over the library.

Data goes to stdout; progress (only on a terminal) and errors go to stderr. Exit codes: 0 success,
1 a negative outcome (a failed article, a graph that does not conform), 2 a usage error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg import __version__
from kg.config import Settings
from kg.errors import ConfigError, KgError

app = typer.Typer(
    name="kg",
    help="Turn news articles into a queryable knowledge graph with provenance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)

StoreOption = Annotated[
    Optional[str], typer.Option("--store", "-s", help="Store location: a directory or oxigraph:DIR. [env: KG_STORE; default: ./data/kg]", show_default=False)
]


def _settings(**overrides: object) -> Settings:
    try:
        return Settings.from_env(**overrides)
    except ConfigError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


def _fail(exc: KgError, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}", markup=True, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        print(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")] = False,
) -> None:
    """kg: news articles in, a provenance-rich knowledge graph out."""


# ---- build ----------------------------------------------------------------------------------------


@app.command()
def build(
    paths: Annotated[list[str], typer.Argument(help="Article files (.txt, .html), directories, or - for stdin.")],
    store: StoreOption = None,
    force: Annotated[bool, typer.Option("--force", help="Re-extract articles even when unchanged.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when any input was skipped, not only when one failed.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the totals.")] = False,
) -> None:
    """Extract articles into the store: one named graph per article, with provenance."""
    from kg.build import FAILED, SKIPPED, Builder
    from kg.extract.extractor import Extractor
    from kg.ingest import iter_inputs
    from kg.namespaces import Minter
    from kg.store import open_store

    settings = _settings(store=store)
    inputs = list(iter_inputs(paths))
    try:
        with open_store(settings.store) as kg_store:
            extractor = Extractor(model=settings.model)
            show_progress = err.is_terminal and not quiet
            with Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=err, disable=not show_progress, transient=True,
            ) as bar:
                task = bar.add_task("building", total=len(inputs))
                builder = Builder(
                    kg_store, extractor, Minter(settings.base_iri), max_file_bytes=settings.max_file_bytes,
                    force=force, progress=lambda result: bar.advance(task),
                )
                report = builder.build(inputs)
            total_quads = kg_store.quad_count()
    except KgError as exc:
        raise _fail(exc) from None

    if not quiet:
        width = max([len(r.key) for r in report.results] + [8])
        for result in report.results:
            detail = result.detail if result.status in (FAILED, SKIPPED, "duplicate") else (
                f"{result.quads} quads, {result.events} events" if result.quads else ""
            )
            print(f"{result.status:<10} {result.key:<{width}}  {detail}".rstrip())
    counts = ", ".join(f"{report.count(s)} {s}" for s in ("ingested", "unchanged", "duplicate", "skipped", "failed"))
    print(f"{len(report.results)} input(s): {counts}; {report.quads_written} quads written; the store at {settings.store} holds {total_quads} quads")
    if report.failed or (strict and report.count(SKIPPED)):
        raise typer.Exit(1)


# ---- query ----------------------------------------------------------------------------------------


@app.command()
def query(
    sparql: Annotated[Optional[str], typer.Argument(help="The query text, or - to read it from stdin.", show_default=False)] = None,
    file: Annotated[Optional[Path], typer.Option("--file", "-f", help="Read the query from a .rq file.", show_default=False)] = None,
    format: Annotated[str, typer.Option("--format", help="table, csv, tsv, json or xml (SELECT/ASK); ttl, nt, jsonld or rdfxml (CONSTRUCT/DESCRIBE).")] = "table",
    store: StoreOption = None,
) -> None:
    """Run a SPARQL query over the store (the default graph is the union of all graphs)."""
    from kg.query import GRAPH_FORMATS, SELECT_WRITERS, GraphResult, run_query, write_graph
    from kg.store import open_store

    settings = _settings(store=store)
    if (sparql is None) == (file is None):
        err.print("[red]error:[/red] give the query as an argument, with -f FILE, or as - for stdin")
        raise typer.Exit(2)
    text = file.read_text(encoding="utf-8") if file is not None else (sys.stdin.read() if sparql == "-" else sparql)
    try:
        with open_store(settings.store, read_only=True) as kg_store:
            result = run_query(kg_store, text or "", timeout=settings.query_timeout, max_rows=settings.max_rows)
    except KgError as exc:
        raise _fail(exc, 2 if isinstance(exc, SyntaxError) else 1) from None
    out = sys.stdout.buffer
    if isinstance(result, GraphResult):
        rdf_format = GRAPH_FORMATS.get("ttl" if format == "table" else format)
        if rdf_format is None:
            err.print(f"[red]error:[/red] unknown format {format!r} for a graph result; use one of {', '.join(GRAPH_FORMATS)}")
            raise typer.Exit(2)
        write_graph(result, out, rdf_format)
    else:
        writer = SELECT_WRITERS.get(format)
        if writer is None:
            err.print(f"[red]error:[/red] unknown format {format!r}; use one of {', '.join(SELECT_WRITERS)}")
            raise typer.Exit(2)
        out.write(writer(result))
    out.flush()
    if getattr(result, "truncated", False):
        err.print(f"warning: result truncated at {settings.max_rows} rows (KG_MAX_ROWS)")


# ---- export ---------------------------------------------------------------------------------------


@app.command()
def export(
    format: Annotated[Optional[str], typer.Option("--format", help="ttl (merged default view), trig or nq (named graphs kept), jsonld. Default: from the file extension, else ttl.", show_default=False)] = None,
    output: Annotated[str, typer.Option("--output", "-o", help="Output file, or - for stdout.")] = "-",
    store: StoreOption = None,
) -> None:
    """Export the graph: Turtle (all graphs merged) or TriG / N-Quads / JSON-LD (named graphs kept)."""
    from kg.export import EXPORT_FORMATS, export_store, guess_format

    settings = _settings(store=store)
    chosen = format or guess_format(output) or "ttl"
    if chosen not in EXPORT_FORMATS:
        err.print(f"[red]error:[/red] unknown export format {chosen!r}; use one of {', '.join(EXPORT_FORMATS)}")
        raise typer.Exit(2)
    from kg.store import open_store

    try:
        with open_store(settings.store, read_only=True) as kg_store:
            export_store(kg_store, chosen, None if output == "-" else Path(output))
    except KgError as exc:
        raise _fail(exc) from None
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot write {output}: {exc.strerror or exc}")
        raise typer.Exit(1) from None


# ---- validate -------------------------------------------------------------------------------------


@app.command()
def validate(store: StoreOption = None) -> None:
    """Check every article graph against the SHACL shapes (exit 1 if any does not conform)."""
    from kg.namespaces import Minter
    from kg.store import open_store
    from kg.validate import validate_store

    settings = _settings(store=store)
    try:
        with open_store(settings.store, read_only=True) as kg_store:
            report = validate_store(kg_store, Minter(settings.base_iri))
    except KgError as exc:
        raise _fail(exc) from None
    for graph in report.graphs:
        print(f"{'conforms' if graph.conforms else 'VIOLATES':<9} {graph.name}")
        for violation in graph.violations:
            print(f"          - {violation}")
    print(f"{len(report.graphs)} graph(s) checked: {sum(not g.conforms for g in report.graphs)} with violations")
    if not report.conforms:
        raise typer.Exit(1)


# ---- serve ----------------------------------------------------------------------------------------


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind. Use 0.0.0.0 only behind a firewall or in a container.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    store: StoreOption = None,
) -> None:
    """Serve the store over HTTP: SPARQL at /sparql, health at /healthz."""
    import uvicorn

    from kg.api import create_app
    from kg.store import open_store

    settings = _settings(store=store)
    try:
        kg_store = open_store(settings.store)
    except KgError as exc:
        raise _fail(exc) from None
    application = create_app(kg_store, settings)
    shown = f"[{host}]" if ":" in host else host
    err.print(f"kg {__version__} serving {settings.store} ({kg_store.quad_count()} quads)")
    print(f"SPARQL endpoint: http://{shown}:{port}/sparql", flush=True)
    try:
        uvicorn.run(application, host=host, port=port, log_level=os.environ.get("KG_LOG_LEVEL", "warning"))
    finally:
        kg_store.close()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
