"""kg as a library: open a store, build articles into it (files, or texts you hold in memory),
and query it into rows or a pandas DataFrame. Settings (base IRI, model, limits) come from the
``KG_*`` environment, as for the CLI::

    import kg

    with kg.open_store("data/kg") as store:
        kg.build_paths(store, ["seeds/"])
        kg.build_texts(store, {"note-1.txt": "Rebels seized the town of Faya in Chad on Monday."})
        captures = kg.query_frame(store, kg.named_query("captures"))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pyoxigraph import Literal

from kg.config import Settings
from kg.errors import ConfigError, QueryError
from kg.store import Store
from kg.store import open_store as _open_store

if TYPE_CHECKING:
    import pandas  # type: ignore[import-untyped]  # pandas has no inline types; pandas-stubs is not a dependency

    from kg.build import BuildReport
    from kg.extract.extractor import Extractor

DEFAULT_STORE = "./data/kg"
_NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#int": int,
    "http://www.w3.org/2001/XMLSchema#long": int,
    "http://www.w3.org/2001/XMLSchema#decimal": float,
    "http://www.w3.org/2001/XMLSchema#double": float,
    "http://www.w3.org/2001/XMLSchema#float": float,
}


def open_store(location: str = DEFAULT_STORE, *, read_only: bool = False) -> Store:
    """The store at ``location`` (a directory, ``oxigraph:DIR`` or ``sparql+http(s)://...``),
    created if it is a directory that does not exist yet. Use it in a ``with`` block."""
    return _open_store(location, read_only=read_only)


@lru_cache(maxsize=4)
def _extractor(model: str, packs: tuple[str, ...]) -> Extractor:
    from kg.extract.extractor import Extractor
    from kg.gazetteer import load_gazetteer

    return Extractor(model=model, gazetteer=load_gazetteer(packs))


def build_paths(
    store: Store, paths: Sequence[str], *, force: bool = False, jobs: int = 1, packs: Sequence[str] = ()
) -> BuildReport:
    """Build article files and directories into ``store``, as ``kg build`` does (one named graph
    per article, the merged view updated); the spaCy pipeline is loaded once per process."""
    from kg.build import build
    from kg.namespaces import Minter

    settings = Settings.from_env()
    return build(
        list(paths),
        store=store,
        extractor=_extractor(settings.model, tuple(packs) or settings.pack_paths),
        minter=Minter(settings.base_iri),
        max_file_bytes=settings.max_file_bytes,
        force=force,
        jobs=jobs,
    )


def build_texts(
    store: Store,
    texts: Mapping[str, str],
    *,
    metadata: Mapping[str, Mapping[str, str]] | None = None,
    force: bool = False,
    packs: Sequence[str] = (),
) -> BuildReport:
    """Build articles held in memory: ``{name: text}`` (a name ending in ``.html`` is read as
    HTML). ``metadata[name]`` may give ``url``, ``title``, ``outlet`` and ``published``
    (YYYY-MM-DD), as a sidecar file does; without ``published``, relative dates stay unresolved."""
    from kg.build import Builder
    from kg.ingest import read_text
    from kg.namespaces import Minter

    settings = Settings.from_env()
    articles = [
        read_text(
            text.encode("utf-8"), key=name, source_name=name, sidecar=dict((metadata or {}).get(name, {})) or None
        )
        for name, text in texts.items()
    ]
    builder = Builder(
        store,
        _extractor(settings.model, tuple(packs) or settings.pack_paths),
        Minter(settings.base_iri),
        max_file_bytes=settings.max_file_bytes,
        force=force,
    )
    return builder.build(articles)


def named_query(name: str) -> str:
    """The text of a named query shipped with kg (``captures``, ``timeline``, ``events``, ...)."""
    from kg.queries import named_queries

    text = named_queries().get(name)
    if text is None:
        raise ConfigError(f"no named query {name!r}; see the README's table of named queries")
    return text


def query_rows(store: Store, sparql: str, *, bind: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """A SELECT's rows as ``{variable: value}`` (IRIs and strings as ``str``, numbers as numbers,
    unbound as None), with the server's limits (``KG_QUERY_TIMEOUT``, ``KG_MAX_ROWS``).
    ``bind`` pre-binds variables as ``kg query --bind`` does: ``http(s)://``, ``urn:`` or
    ``<...>`` values are IRIs, anything else text."""
    variables, rows = _select(store, sparql, bind)
    return [dict(zip(variables, row, strict=False)) for row in rows]


def query_frame(store: Store, sparql: str, *, bind: Mapping[str, str] | None = None) -> pandas.DataFrame:
    """A SELECT as a pandas DataFrame, one column per projected variable (needs pandas:
    ``pip install 'kg[tables]'``)."""
    try:
        import pandas
    except ImportError:
        raise ConfigError(
            "kg.query_frame needs pandas: pip install 'kg[tables]' (or use kg.query_rows for plain rows)"
        ) from None
    variables, rows = _select(store, sparql, bind)
    return pandas.DataFrame(rows, columns=variables)


def _select(store: Store, sparql: str, bind: Mapping[str, str] | None) -> tuple[list[str], list[list[Any]]]:
    from kg.sparql.query import SelectResult, parse_binding, run_query

    settings = Settings.from_env()
    bindings = dict(parse_binding(f"{name}={value}") for name, value in (bind or {}).items())
    result = run_query(
        store, sparql, timeout=settings.query_timeout, max_rows=settings.max_rows, bindings=bindings or None
    )
    if not isinstance(result, SelectResult):
        raise QueryError(
            "kg.query_rows and kg.query_frame read SELECT queries; use kg.run_query for ASK, CONSTRUCT and DESCRIBE"
        )
    return result.variables, [[_value(term) for term in row] for row in result.rows]


def _value(term: object) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        convert = _NUMERIC.get(term.datatype.value)
        if convert is not None:
            try:
                return convert(term.value)
            except ValueError:
                return term.value
    return getattr(term, "value", str(term))


__all__ = ("open_store", "build_paths", "build_texts", "named_query", "query_rows", "query_frame")
