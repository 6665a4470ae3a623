"""What the ``kg`` commands share: the store and region-pack options and what they turn into
(settings, a store, an extractor), and the output conventions: an error as one line on stderr,
a reader that leaves stdout early (``| head``) is no error."""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from kg.config import Settings
from kg.errors import ConfigError, KgError

if TYPE_CHECKING:
    from kg.extract.extractor import Extractor
    from kg.store import Store

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


@dataclass(frozen=True, slots=True)
class StoreChoice:
    """What the store options of a command name: the store, and a SPARQL server's other endpoints."""

    store: str | None = None
    store_update: str | None = None
    store_gsp: str | None = None


_STORE_PARAMETERS = [
    inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None, annotation=option)
    for name, option in (("store", StoreOption), ("store_update", StoreUpdateOption), ("store_gsp", StoreGspOption))
]


def store_options(command: Callable[..., None]) -> Callable[..., None]:
    """``command`` with the options --store, --store-update and --store-gsp in place of its parameter
    ``store: StoreChoice``, which receives them."""
    signature = inspect.signature(command, eval_str=True)
    parameters = [q for p in signature.parameters.values() for q in (_STORE_PARAMETERS if p.name == "store" else [p])]

    @functools.wraps(command)
    def with_store_options(
        *args: Any,
        store: str | None = None,
        store_update: str | None = None,
        store_gsp: str | None = None,
        **kwargs: Any,
    ) -> None:
        command(*args, store=StoreChoice(store, store_update, store_gsp), **kwargs)

    with_store_options.__dict__["__signature__"] = signature.replace(parameters=parameters)  # what typer reads
    return with_store_options


JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Extraction processes (the store is written by this one). [env: KG_JOBS; default: 1]",
        show_default=False,
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="Extract on the workers of this Dask scheduler, such as tcp://HOST:8786 (the store is written by this "
        "process). [env: KG_SCHEDULER; default: none]",
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


def packs_for(settings: Settings, packs: list[Path] | None) -> tuple[str, ...]:
    """The region packs named by ``--pack``, else by ``KG_PACKS``."""
    return tuple(str(p) for p in packs) if packs else settings.pack_paths


def extractor_for(settings: Settings, packs: list[Path] | None) -> Extractor:
    """The extractor for the settings' model and region packs (raises ``ConfigError`` for a bad pack)."""
    from kg.extract.extractor import Extractor
    from kg.gazetteer import load_gazetteer

    try:
        return Extractor(model=settings.model, gazetteer=load_gazetteer(packs_for(settings, packs)))
    except ConfigError as exc:
        error(f"{exc}")
        raise typer.Exit(2) from None


def error(message: str) -> None:
    """``error: message`` on stderr, the message taken literally (never as markup) and never wrapped."""
    err.print(Text.assemble(("error:", "red"), " ", message))


def settings_for(choice: StoreChoice, **overrides: str | int | None) -> Settings:
    """The settings: defaults, then ``KG_*`` variables, then the command's options (exit 2 if invalid)."""
    try:
        return Settings.from_env(
            None, store=choice.store, store_update=choice.store_update, store_gsp=choice.store_gsp, **overrides
        )
    except ConfigError as exc:
        error(f"{exc}")
        raise typer.Exit(2) from None


def store_for(settings: Settings, *, read_only: bool = False) -> Store:
    """The store the settings name (a remote one with its endpoints, credentials and timeout)."""
    from kg.store import open_store

    return open_store(settings.store, read_only=read_only, settings=settings)


def fail(exc: KgError, code: int = 1) -> typer.Exit:
    error(str(exc))
    return typer.Exit(code)


def reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


@contextmanager
def reader_may_leave() -> Iterator[None]:
    """Writing to stdout: a reader that stops early (``kg export | head``) ends the command with
    exit 0, as for other Unix filters, without a traceback or a message on closing stdout."""
    try:
        yield
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None


def print_line(text: str) -> None:
    """``text`` on stdout, flushed; if the reader has left (``| head``), nothing more is written
    there and the command goes on, quietly."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
