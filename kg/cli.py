"""The ``kg`` command: thin wrappers over the library.

Data goes to stdout; progress (only on a terminal) and errors go to stderr, an error as one line.
Exit codes: 0 success, 1 a negative outcome (a failed article, a path to build that does not exist,
a graph that does not conform, an evaluation below its gate or with a trap fired, an address
``kg serve`` cannot listen on), 2 a usage error. A reader that stops early (``| head``) is no error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg import __version__
from kg.cli_options import (
    JobsOption,
    PackOption,
    SchedulerOption,
    StoreChoice,
    err,
    error,
    extractor_for,
    fail,
    print_line,
    reader_may_leave,
    reason,
    settings_for,
    store_for,
    store_options,
)
from kg.errors import ConfigError, KgError

if TYPE_CHECKING:
    from kg.build import FileResult

app = typer.Typer(
    name="kg",
    help="Turn news articles into a queryable knowledge graph with provenance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help texts are plain: "[env: KG_STORE; ...]" is not a markup tag
)


def _version(value: bool) -> None:
    if value:
        print(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """kg: news articles in, a provenance-rich knowledge graph out."""


# ---- build ----------------------------------------------------------------------------------------


@app.command()
@store_options
def build(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH", help="Article files (.txt, .html), directories, or - for stdin.")
    ],
    store: StoreChoice = StoreChoice(),
    jobs: JobsOption = None,
    scheduler: SchedulerOption = None,
    force: Annotated[bool, typer.Option("--force", help="Re-extract articles even when unchanged.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any input was skipped, not only when one failed.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the totals.")] = False,
    pack: PackOption = None,
) -> None:
    """Extract articles into the store: one named graph per article, with provenance."""
    from kg.build import SKIPPED, Builder
    from kg.ingest import Skip, iter_inputs
    from kg.namespaces import Minter

    settings = settings_for(store, jobs=jobs, scheduler=scheduler)
    inputs = list(iter_inputs(paths))
    missing = [item for item in inputs if isinstance(item, Skip) and item.reason == "missing"]
    if missing:  # a path the user named: an error, found before anything is opened or written
        for item in missing:
            error(f"cannot read {item.detail}")
        raise typer.Exit(1)
    width = max([len(item.key) for item in inputs] + [8])
    try:
        with store_for(settings) as kg_store:
            extractor = extractor_for(settings, pack)
            show_progress = err.is_terminal and not quiet
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                disable=not show_progress,
                transient=True,
            ) as bar:
                task = bar.add_task("building", total=len(inputs))

                def progress(result: FileResult) -> None:
                    bar.advance(task)
                    if not quiet:
                        _print_result(result, width)

                builder = Builder(
                    kg_store,
                    extractor,
                    Minter(settings.base_iri),
                    max_file_bytes=settings.max_file_bytes,
                    force=force,
                    progress=progress,
                    jobs=settings.jobs,
                    scheduler=settings.scheduler,
                    scheduler_timeout=settings.scheduler_timeout,
                )
                report = builder.build(inputs)
            total_quads = kg_store.quad_count()
    except KgError as exc:  # BuildAborted too: the lines of the articles written are printed already
        raise fail(exc) from None

    counts = ", ".join(f"{report.count(s)} {s}" for s in ("ingested", "unchanged", "duplicate", "skipped", "failed"))
    undated = f" ({report.missing_dates} without a publication date)" if report.missing_dates else ""
    print_line(
        f"{len(report.results)} input(s): {counts}{undated}; {report.quads_written} quads written; the store at {settings.store} holds {total_quads} quads"
    )
    if report.failed or (strict and report.count(SKIPPED)):
        raise typer.Exit(1)


def _print_result(result: FileResult, width: int) -> None:
    """The line of one input, printed as soon as it is known (an article's once it is committed)
    and flushed, so a build that is killed or aborted has reported all it stored: status, key,
    and what was written or went wrong."""
    from kg.build import FAILED, SKIPPED

    detail = (
        result.detail
        if result.status in (FAILED, SKIPPED, "duplicate")
        else (f"{result.quads} quads, {result.events} events" if result.quads else "")
    )
    print_line(f"{result.status:<10} {result.key:<{width}}  {detail}".rstrip())  # `| head`: the build goes on


# ---- query ----------------------------------------------------------------------------------------


@app.command()
@store_options
def query(
    sparql: Annotated[
        str | None,
        typer.Argument(metavar="QUERY", help="The query text, or - to read it from stdin.", show_default=False),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", metavar="FILE", help="Read the query from a .rq file.", show_default=False),
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="table, csv, tsv, json or xml (SELECT/ASK); ttl, nt, jsonld or rdfxml (CONSTRUCT/DESCRIBE).",
        ),
    ] = "table",
    bind: Annotated[
        list[str] | None,
        typer.Option(
            "--bind",
            metavar="NAME=VALUE",
            help="Pre-bind a variable: NAME=IRI or NAME=text (repeatable; a SELECT must project NAME).",
            show_default=False,
        ),
    ] = None,
    store: StoreChoice = StoreChoice(),
) -> None:
    """Run a SPARQL query over the store (the default graph is the union of all graphs)."""
    from kg.sparql.formats import GRAPH_FORMATS, SELECT_WRITERS, write_graph
    from kg.sparql.query import GraphResult, parse_binding, run_query

    settings = settings_for(store)
    if (sparql is None) == (file is None):
        error("give the query as an argument, with -f FILE, or as - for stdin")
        raise typer.Exit(2)
    try:
        text = file.read_text(encoding="utf-8") if file is not None else (sys.stdin.read() if sparql == "-" else sparql)
    except (OSError, UnicodeDecodeError) as exc:
        error(f"cannot read the query file {file}: {reason(exc)}")
        raise typer.Exit(2) from None
    try:
        with store_for(settings, read_only=True) as kg_store:
            bindings = dict(parse_binding(b) for b in bind or ())
            result = run_query(
                kg_store,
                text or "",
                timeout=settings.query_timeout,
                max_rows=settings.max_rows,
                bindings=bindings or None,
            )
    except KgError as exc:
        raise fail(exc, 2 if isinstance(exc, SyntaxError) else 1) from None
    out = sys.stdout.buffer
    with reader_may_leave():
        if isinstance(result, GraphResult):
            rdf_format = GRAPH_FORMATS.get("ttl" if format == "table" else format)
            if rdf_format is None:
                error(f"unknown format {format!r} for a graph result; use one of {', '.join(GRAPH_FORMATS)}")
                raise typer.Exit(2)
            write_graph(result, out, rdf_format)
        else:
            writer = SELECT_WRITERS.get(format)
            if writer is None:
                error(f"unknown format {format!r}; use one of {', '.join(SELECT_WRITERS)}")
                raise typer.Exit(2)
            out.write(writer(result))
        out.flush()
    if getattr(result, "truncated", False):
        err.print(f"warning: result truncated at {settings.max_rows} rows (KG_MAX_ROWS)")


# ---- export ---------------------------------------------------------------------------------------


@app.command()
@store_options
def export(
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="ttl (merged default view), trig or nq (named graphs kept), jsonld; or the merged events as a table: events.csv, events.parquet (with pyarrow), events.geojson. Default: from the file extension, else ttl.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE", help="Output file, or - for stdout.")] = "-",
    store: StoreChoice = StoreChoice(),
) -> None:
    """Export the graph (Turtle with all graphs merged; TriG, N-Quads, JSON-LD with named graphs kept) or its events as a table (CSV, Parquet, GeoJSON)."""
    from kg.export import EXPORT_FORMATS, TABLE_FORMATS, export_store, guess_format
    from kg.namespaces import Minter

    settings = settings_for(store)
    chosen = format or guess_format(output) or "ttl"
    if chosen not in (*EXPORT_FORMATS, *TABLE_FORMATS):
        error(f"unknown export format {chosen!r}; use one of {', '.join((*EXPORT_FORMATS, *TABLE_FORMATS))}")
        raise typer.Exit(2)
    if chosen == "events.parquet" and output == "-":
        error("Parquet is written to a file: give -o FILE.parquet")
        raise typer.Exit(2)
    try:
        with store_for(settings, read_only=True) as kg_store, reader_may_leave():
            export_store(kg_store, chosen, None if output == "-" else Path(output), minter=Minter(settings.base_iri))
    except ConfigError as exc:
        raise fail(exc, 2) from None
    except KgError as exc:
        raise fail(exc) from None
    except OSError as exc:
        error(f"cannot write {output}: {exc.strerror or exc}")
        raise typer.Exit(1) from None


# ---- validate -------------------------------------------------------------------------------------


@app.command()
@store_options
def validate(
    store: StoreChoice = StoreChoice(),
) -> None:
    """Check every article graph against the SHACL shapes (exit 1 if any does not conform)."""
    from kg.namespaces import Minter
    from kg.validate import validate_store

    settings = settings_for(store)
    try:
        with store_for(settings, read_only=True) as kg_store:
            report = validate_store(kg_store, Minter(settings.base_iri))
    except KgError as exc:
        raise fail(exc) from None
    with reader_may_leave():
        for graph in report.graphs:
            print(f"{'conforms' if graph.conforms else 'VIOLATES':<9} {graph.name}")
            for violation in graph.violations:
                print(f"          - {violation}")
        print(
            f"{len(report.graphs)} graph(s) checked: {sum(not g.conforms for g in report.graphs)} with violations",
            flush=True,
        )
    if not report.conforms:
        raise typer.Exit(1)


# ---- eval -----------------------------------------------------------------------------------------


@app.command(name="eval")
@store_options
def evaluate_command(
    gold: Annotated[
        Path,
        typer.Argument(
            metavar="GOLD", help="Reference annotations (TSV: doc place place_kind province actor date kind evidence)."
        ),
    ],
    articles: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ARTICLE",
            help="Articles to extract and score; without them, the store's article graphs are scored.",
            show_default=False,
        ),
    ] = None,
    min_precision: Annotated[float, typer.Option(metavar="P", help="Exit 1 below this precision.")] = 0.0,
    min_recall: Annotated[float, typer.Option(metavar="R", help="Exit 1 below this recall.")] = 0.0,
    min_date_accuracy: Annotated[
        float, typer.Option(metavar="SHARE", help="Exit 1 below this share of gold dates found exactly.")
    ] = 0.0,
    min_range_exact: Annotated[
        float,
        typer.Option(
            metavar="SHARE", help="Casualty gold: exit 1 below this share of found figures with low/high exact."
        ),
    ] = 0.0,
    store: StoreChoice = StoreChoice(),
    pack: PackOption = None,
) -> None:
    """Score capture extraction against reference annotations (precision, recall, F1, dates, traps); a
    casualty gold (columns ``doc kind low high ... figure evidence``) scores casualty figures instead."""
    from kg.cli_casualties import evaluate_casualties_command
    from kg.evaluate import (
        captures_from_articles,
        captures_from_store,
        evaluate,
        format_report,
        read_articles,
        read_gold,
    )
    from kg.evaluate_casualties import is_casualty_gold

    settings = settings_for(store)
    if gold.is_file() and is_casualty_gold(gold):
        evaluate_casualties_command(gold, articles or [], settings, pack, (min_precision, min_recall, min_range_exact))
        return
    try:
        rows = read_gold(gold)
    except (OSError, KeyError, ValueError) as exc:
        error(f"cannot read {gold}: {exc}")
        raise typer.Exit(2) from None
    try:
        if articles:
            readable = read_articles(articles, max_bytes=settings.max_file_bytes, warn=err.print)
            captures = captures_from_articles(readable, extractor_for(settings, pack), warn=err.print)
        else:
            with store_for(settings, read_only=True) as kg_store:
                captures = captures_from_store(kg_store)
    except KgError as exc:
        raise fail(exc) from None
    result = evaluate(rows, captures)
    with reader_may_leave():
        sys.stdout.write(format_report(result))
        sys.stdout.flush()
    if not result.passes(min_precision=min_precision, min_recall=min_recall, min_date_accuracy=min_date_accuracy):
        raise typer.Exit(1)


# ---- merge, explain ---------------------------------------------------------------------------------


@app.command()
@store_options
def merge(
    store: StoreChoice = StoreChoice(),
) -> None:
    """Recompute the merged view (kg build does this itself when articles change)."""
    from kg.namespaces import Minter
    from kg.resolve import update_merged_view

    settings = settings_for(store)
    try:
        with store_for(settings) as kg_store:
            report = update_merged_view(kg_store, Minter(settings.base_iri), force=True)
    except KgError as exc:
        raise fail(exc) from None
    print(
        f"merged view: {report.events} events, {report.entities} entities merged across articles; {report.inserted} quads added, {report.deleted} removed"
    )


@app.command()
@store_options
def explain(
    iri: Annotated[str, typer.Argument(metavar="IRI", help="An entity, event or claim IRI (article-level or merged).")],
    store: StoreChoice = StoreChoice(),
) -> None:
    """Why a node is what it is: what it was merged from, by which rule, and its sources."""
    from kg.resolve.explain import explain as explain_node

    settings = settings_for(store)
    try:
        with store_for(settings, read_only=True) as kg_store, reader_may_leave():
            sys.stdout.write(explain_node(kg_store, iri.strip("<>")))
            sys.stdout.flush()
    except KgError as exc:
        raise fail(exc) from None


# ---- serve ----------------------------------------------------------------------------------------


@app.command()
@store_options
def serve(
    host: Annotated[
        str,
        typer.Option(metavar="HOST", help="Interface to bind. Use 0.0.0.0 only behind a firewall or in a container."),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=0, max=65535, metavar="PORT", help="TCP port (0: any free port, printed).")
    ] = 8000,
    store: StoreChoice = StoreChoice(),
    enable_updates: Annotated[
        bool,
        typer.Option(
            "--enable-updates",
            help="Allow SPARQL Update and Graph Store writes to requests with 'Authorization: Bearer <token>'; the token comes from KG_UPDATE_TOKEN (never the command line).",
        ),
    ] = False,
    public_url: Annotated[
        str | None,
        typer.Option(
            "--public-url",
            metavar="URL",
            help="The canonical URL clients reach the server at (e.g. https://kg.example.org/): the base of every IRI it mints, and with KG_ALLOWED_HOSTS the Host headers it answers. [env: KG_PUBLIC_URL; default: http://HOST:PORT]",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the store over HTTP: SPARQL at /sparql, Graph Store at /store, the JSON API at /api/v1, the dashboard at /ui/."""
    from kg.api import create_app
    from kg.api.listen import listen, run_server

    settings = settings_for(store, public_url=public_url)
    if enable_updates and not settings.update_token:
        error("--enable-updates needs a token: set KG_UPDATE_TOKEN in the environment")
        raise typer.Exit(2)
    try:
        listener = listen(
            host, port, send_timeout=settings.send_timeout
        )  # first: a busy port is one line, before anything is printed
    except KgError as exc:
        raise fail(exc) from None
    try:
        kg_store = store_for(settings)
    except KgError as exc:
        listener.close()
        raise fail(exc) from None
    port = listener.getsockname()[1]  # the port bound, when 0 asked for any
    application = create_app(kg_store, settings, updates=enable_updates, bind=(host, port))
    server = application.state.address
    err.print(f"kg {__version__} serving {settings.store} ({kg_store.quad_count()} quads)")
    err.print(
        "updates: enabled for requests with the bearer token from KG_UPDATE_TOKEN"
        if enable_updates
        else "updates: disabled (read-only)"
    )
    err.print(f"answering Host: {', '.join(sorted(server.hosts))} (KG_ALLOWED_HOSTS)", markup=False)
    if not settings.public_url and host not in ("127.0.0.1", "localhost", "::1"):
        err.print(
            "clients reaching this server by another name get 400: set KG_PUBLIC_URL (or --public-url) to that name"
        )
    print(f"SPARQL endpoint: {server.iri('/sparql')}", flush=True)
    print(f"dashboard: {server.iri('/ui/')}", flush=True)
    try:
        run_server(application, listener, host, port)
    finally:
        kg_store.close()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
