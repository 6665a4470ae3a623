"""The ``kg`` command: thin wrappers over the library.

Data goes to stdout; progress (only on a terminal) and errors go to stderr, an error as one line.
Exit codes: 0 success, 1 a negative outcome (a failed article, a path to build that does not exist,
a graph that does not conform, an evaluation below its gate or with a trap fired, an address
``kg serve`` cannot listen on), 2 a usage error. A reader that stops early (``| head``) is no error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from kg import __version__
from kg.config import Settings
from kg.errors import ConfigError, KgError

if TYPE_CHECKING:
    from kg.build import FileResult
    from kg.extract.extractor import Extractor
    from kg.store import Store

app = typer.Typer(
    name="kg",
    help="Turn news articles into a queryable knowledge graph with provenance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help texts are plain: "[env: KG_STORE; ...]" is not a markup tag
)
err = Console(
    stderr=True, highlight=False, markup=False, soft_wrap=True
)  # no markup: messages hold paths and article text

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        "-s",
        metavar="STORE",
        help="Store location: a directory, oxigraph:DIR, or sparql+http(s)://HOST/QUERY-ENDPOINT for a SPARQL server. [env: KG_STORE; default: ./data/kg]",
        show_default=False,
    ),
]
StoreUpdateOption = Annotated[
    str | None,
    typer.Option(
        "--store-update",
        metavar="URL",
        help="SPARQL server: the update endpoint URL. [env: KG_STORE_UPDATE; default: the query endpoint]",
        show_default=False,
    ),
]
StoreGspOption = Annotated[
    str | None,
    typer.Option(
        "--store-gsp",
        metavar="URL",
        help="SPARQL server: the Graph Store Protocol endpoint URL, used for reading whole graphs. [env: KG_STORE_GSP; default: none]",
        show_default=False,
    ),
]

PackOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--pack",
        metavar="FILE",
        help="A region pack (Turtle or TSV) to load over the built-in one; repeatable. [env: KG_PACKS, separated by ':']",
        show_default=False,
    ),
]


def _packs(settings: Settings, packs: list[Path] | None) -> tuple[str, ...]:
    """The region packs named by ``--pack``, else by ``KG_PACKS``."""
    return tuple(str(p) for p in packs) if packs else settings.pack_paths


def _extractor(settings: Settings, packs: list[Path] | None) -> Extractor:
    """The extractor for the settings' model and region packs (raises ``ConfigError`` for a bad pack)."""
    from kg.extract.extractor import Extractor
    from kg.gazetteer import load_gazetteer

    try:
        return Extractor(model=settings.model, gazetteer=load_gazetteer(_packs(settings, packs)))
    except ConfigError as exc:
        _error(f"{exc}")
        raise typer.Exit(2) from None


def _error(message: str) -> None:
    """``error: message`` on stderr, the message taken literally (never as markup) and never wrapped."""
    err.print(Text.assemble(("error:", "red"), " ", message))


def _settings(**overrides: object) -> Settings:
    try:
        return Settings.from_env(**overrides)
    except ConfigError as exc:
        _error(f"{exc}")
        raise typer.Exit(2) from None


def _open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """The store the settings name (a remote one with its endpoints, credentials and timeout)."""
    from kg.store import open_store

    return open_store(settings.store, read_only=read_only, settings=settings)


def _fail(exc: KgError, code: int = 1) -> typer.Exit:
    _error(str(exc))
    return typer.Exit(code)


def _reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


@contextmanager
def _reader_may_leave() -> Iterator[None]:
    """Writing to stdout: a reader that stops early (``kg export | head``) ends the command with
    exit 0, as for other Unix filters, without a traceback or a message on closing stdout."""
    try:
        yield
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None


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
def build(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH", help="Article files (.txt, .html), directories, or - for stdin.")
    ],
    store: StoreOption = None,
    store_update: StoreUpdateOption = None,
    store_gsp: StoreGspOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="Extraction processes (the store is written by this one). [env: KG_JOBS; default: 1]",
            show_default=False,
        ),
    ] = None,
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

    settings = _settings(store=store, store_update=store_update, store_gsp=store_gsp, jobs=jobs)
    inputs = list(iter_inputs(paths))
    missing = [item for item in inputs if isinstance(item, Skip) and item.reason == "missing"]
    if missing:  # a path the user named: an error, found before anything is opened or written
        for item in missing:
            _error(f"cannot read {item.detail}")
        raise typer.Exit(1)
    width = max([len(item.key) for item in inputs] + [8])
    try:
        with _open_store(settings) as kg_store:
            extractor = _extractor(settings, pack)
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
                )
                report = builder.build(inputs)
            total_quads = kg_store.quad_count()
    except KgError as exc:  # BuildAborted too: the lines of the articles written are printed already
        raise _fail(exc) from None

    counts = ", ".join(f"{report.count(s)} {s}" for s in ("ingested", "unchanged", "duplicate", "skipped", "failed"))
    undated = f" ({report.missing_dates} without a publication date)" if report.missing_dates else ""
    try:
        print(
            f"{len(report.results)} input(s): {counts}{undated}; {report.quads_written} quads written; the store at {settings.store} holds {total_quads} quads",
            flush=True,
        )
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
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
    try:
        print(f"{result.status:<10} {result.key:<{width}}  {detail}".rstrip(), flush=True)
    except BrokenPipeError:  # `kg build ... | head`: the reader left; the build goes on, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


# ---- query ----------------------------------------------------------------------------------------


@app.command()
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
    store: StoreOption = None,
    store_update: StoreUpdateOption = None,
    store_gsp: StoreGspOption = None,
) -> None:
    """Run a SPARQL query over the store (the default graph is the union of all graphs)."""
    from kg.sparql.formats import GRAPH_FORMATS, SELECT_WRITERS, write_graph
    from kg.sparql.query import GraphResult, parse_binding, run_query

    settings = _settings(store=store, store_update=store_update, store_gsp=store_gsp)
    if (sparql is None) == (file is None):
        _error("give the query as an argument, with -f FILE, or as - for stdin")
        raise typer.Exit(2)
    try:
        text = file.read_text(encoding="utf-8") if file is not None else (sys.stdin.read() if sparql == "-" else sparql)
    except (OSError, UnicodeDecodeError) as exc:
        _error(f"cannot read the query file {file}: {_reason(exc)}")
        raise typer.Exit(2) from None
    try:
        with _open_store(settings, read_only=True) as kg_store:
            bindings = dict(parse_binding(b) for b in bind or ())
            result = run_query(
                kg_store,
                text or "",
                timeout=settings.query_timeout,
                max_rows=settings.max_rows,
                bindings=bindings or None,
            )
    except KgError as exc:
        raise _fail(exc, 2 if isinstance(exc, SyntaxError) else 1) from None
    out = sys.stdout.buffer
    with _reader_may_leave():
        if isinstance(result, GraphResult):
            rdf_format = GRAPH_FORMATS.get("ttl" if format == "table" else format)
            if rdf_format is None:
                _error(f"unknown format {format!r} for a graph result; use one of {', '.join(GRAPH_FORMATS)}")
                raise typer.Exit(2)
            write_graph(result, out, rdf_format)
        else:
            writer = SELECT_WRITERS.get(format)
            if writer is None:
                _error(f"unknown format {format!r}; use one of {', '.join(SELECT_WRITERS)}")
                raise typer.Exit(2)
            out.write(writer(result))
        out.flush()
    if getattr(result, "truncated", False):
        err.print(f"warning: result truncated at {settings.max_rows} rows (KG_MAX_ROWS)")


# ---- export ---------------------------------------------------------------------------------------


@app.command()
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
    store: StoreOption = None,
    store_update: StoreUpdateOption = None,
    store_gsp: StoreGspOption = None,
) -> None:
    """Export the graph (Turtle with all graphs merged; TriG, N-Quads, JSON-LD with named graphs kept) or its events as a table (CSV, Parquet, GeoJSON)."""
    from kg.export import EXPORT_FORMATS, TABLE_FORMATS, export_store, guess_format
    from kg.namespaces import Minter

    settings = _settings(store=store, store_update=store_update, store_gsp=store_gsp)
    chosen = format or guess_format(output) or "ttl"
    if chosen not in (*EXPORT_FORMATS, *TABLE_FORMATS):
        _error(f"unknown export format {chosen!r}; use one of {', '.join((*EXPORT_FORMATS, *TABLE_FORMATS))}")
        raise typer.Exit(2)
    if chosen == "events.parquet" and output == "-":
        _error("Parquet is written to a file: give -o FILE.parquet")
        raise typer.Exit(2)
    try:
        with _open_store(settings, read_only=True) as kg_store, _reader_may_leave():
            export_store(kg_store, chosen, None if output == "-" else Path(output), minter=Minter(settings.base_iri))
    except ConfigError as exc:
        raise _fail(exc, 2) from None
    except KgError as exc:
        raise _fail(exc) from None
    except OSError as exc:
        _error(f"cannot write {output}: {exc.strerror or exc}")
        raise typer.Exit(1) from None


# ---- validate -------------------------------------------------------------------------------------


@app.command()
def validate(
    store: StoreOption = None,
    store_update: StoreUpdateOption = None,
    store_gsp: StoreGspOption = None,
) -> None:
    """Check every article graph against the SHACL shapes (exit 1 if any does not conform)."""
    from kg.namespaces import Minter
    from kg.validate import validate_store

    settings = _settings(store=store, store_update=store_update, store_gsp=store_gsp)
    try:
        with _open_store(settings, read_only=True) as kg_store:
            report = validate_store(kg_store, Minter(settings.base_iri))
    except KgError as exc:
        raise _fail(exc) from None
    with _reader_may_leave():
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
    store: StoreOption = None,
    store_update: StoreUpdateOption = None,
    store_gsp: StoreGspOption = None,
    pack: PackOption = None,
) -> None:
    """Score capture extraction against reference annotations (precision, recall, F1, dates, traps)."""
    from kg.evaluate import (
        captures_from_extraction,
        captures_from_store,
        evaluate,
        format_report,
        read_gold,
    )

    settings = _settings(store=store, store_update=store_update, store_gsp=store_gsp)
    try:
        rows = read_gold(gold)
    except (OSError, KeyError, ValueError) as exc:
        _error(f"cannot read {gold}: {exc}")
        raise typer.Exit(2) from None
    try:
        if articles:
            from kg.errors import SkippedInput
            from kg.ingest import InputRef, iter_inputs, read_input

            readable = []
            for item in iter_inputs(articles):
                if isinstance(item, InputRef):
                    try:
                        readable.append(read_input(item, max_bytes=settings.max_file_bytes))
                    except SkippedInput as exc:
                        err.print(f"skipped {item.key}: {exc}")
            extractor = _extractor(settings, pack)
            captures = []
            for article, extraction in extractor.extract_each(readable):
                if isinstance(extraction, Exception):  # scored as finding nothing, and said so
                    err.print(f"failed {article.source_name}: {type(extraction).__name__}: {extraction}")
                else:
                    captures += captures_from_extraction(article.source_name, extraction)
        else:
            with _open_store(settings, read_only=True) as kg_store:
                captures = captures_from_store(kg_store)
    except KgError as exc:
        raise _fail(exc) from None
    result = evaluate(rows, captures)
    with _reader_may_leave():
        sys.stdout.write(format_report(result))
        sys.stdout.flush()
    if (
        result.trap_violations
        or result.precision < min_precision
        or result.recall < min_recall
        or result.date_accuracy < min_date_accuracy
    ):
        raise typer.Exit(1)


# ---- merge, explain ---------------------------------------------------------------------------------


@app.command()
def merge(
    store: StoreOption = None,
    store_update: StoreUpdateOption = None,
    store_gsp: StoreGspOption = None,
) -> None:
    """Recompute the merged view (kg build does this itself when articles change)."""
    from kg.namespaces import Minter
    from kg.resolve import update_merged_view

    settings = _settings(store=store, store_update=store_update, store_gsp=store_gsp)
    try:
        with _open_store(settings) as kg_store:
            report = update_merged_view(kg_store, Minter(settings.base_iri), force=True)
    except KgError as exc:
        raise _fail(exc) from None
    print(
        f"merged view: {report.events} events, {report.entities} entities merged across articles; {report.inserted} quads added, {report.deleted} removed"
    )


@app.command()
def explain(
    iri: Annotated[str, typer.Argument(metavar="IRI", help="An entity, event or claim IRI (article-level or merged).")],
    store: StoreOption = None,
    store_update: StoreUpdateOption = None,
    store_gsp: StoreGspOption = None,
) -> None:
    """Why a node is what it is: what it was merged from, by which rule, and its sources."""
    from kg.resolve.explain import explain as explain_node

    settings = _settings(store=store, store_update=store_update, store_gsp=store_gsp)
    try:
        with _open_store(settings, read_only=True) as kg_store, _reader_may_leave():
            sys.stdout.write(explain_node(kg_store, iri.strip("<>")))
            sys.stdout.flush()
    except KgError as exc:
        raise _fail(exc) from None


# ---- serve ----------------------------------------------------------------------------------------


@app.command()
def serve(
    host: Annotated[
        str,
        typer.Option(metavar="HOST", help="Interface to bind. Use 0.0.0.0 only behind a firewall or in a container."),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=0, max=65535, metavar="PORT", help="TCP port (0: any free port, printed).")
    ] = 8000,
    store: StoreOption = None,
    store_update: StoreUpdateOption = None,
    store_gsp: StoreGspOption = None,
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
    import uvicorn

    from kg.api import create_app
    from kg.api.listen import listen
    from kg.api.middleware import MAX_HEADER_BYTES

    settings = _settings(store=store, store_update=store_update, store_gsp=store_gsp, public_url=public_url)
    if enable_updates and not settings.update_token:
        _error("--enable-updates needs a token: set KG_UPDATE_TOKEN in the environment")
        raise typer.Exit(2)
    try:
        listener = listen(host, port)  # first: a busy port is one line, before anything is printed
    except KgError as exc:
        raise _fail(exc) from None
    try:
        kg_store = _open_store(settings)
    except KgError as exc:
        listener.close()
        raise _fail(exc) from None
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
        config = uvicorn.Config(
            application,
            host=host,
            port=port,
            log_level=os.environ.get("KG_LOG_LEVEL", "warning"),
            server_header=False,
            http="h11",
            h11_max_incomplete_event_size=MAX_HEADER_BYTES,
            timeout_graceful_shutdown=10,
        )
        uvicorn.Server(config).run(sockets=[listener])
    finally:
        listener.close()
        if application.state.workers is not None:
            application.state.workers.close()
        kg_store.close()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
