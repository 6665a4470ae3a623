"""kg: news articles in, a provenance-rich knowledge graph out.

As a library (:mod:`kg.library`; imported on first use, so ``import kg`` stays light; the names
differ from the submodules ``kg.build`` and ``kg.query``, which they would otherwise shadow)::

    import kg

    with kg.open_store("data/kg") as store:
        kg.build_paths(store, ["seeds/"])                             # files and folders
        kg.build_texts(store, {"note.txt": "Rebels seized ..."})      # texts in memory
        frame = kg.query_frame(store, kg.named_query("captures"))     # a pandas DataFrame

The data flow, each stage a plain function; the CLI (:mod:`kg.cli`) and the HTTP API
(:mod:`kg.api`) are thin shells over them::

    ingest  -> kg.ingest.iter_inputs / read_input / read_text   (Article)
    extract -> kg.extract.extractor.Extractor                   (Extraction)
    rdf     -> kg.rdf.article_graph_quads                       (quads, one named graph per article)
    store   -> kg.store.open_store                              (embedded Oxigraph, or a SPARQL server)
    resolve -> kg.resolve.update_merged_view                    (one node per real thing, across articles)
    serve   -> kg.api.create_app                                (SPARQL 1.1, JSON API, dashboard)

``kg.build.build`` runs ingest to resolve for files, idempotently; ``kg.query.run_query`` runs
SPARQL with the server's limits; ``kg.tables`` gives the merged events as ACLED-like tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "build_paths", "build_texts", "named_query", "open_store", "query_frame", "query_rows"]

_LIBRARY = frozenset(__all__) - {"__version__"}


if TYPE_CHECKING:
    from kg.library import (
        build_paths,
        build_texts,
        named_query,
        open_store,
        query_frame,
        query_rows,
    )


def __dir__() -> list[str]:
    return sorted({*globals(), *_LIBRARY})


def __getattr__(name: str) -> Any:
    if name in _LIBRARY:
        from kg import library

        return getattr(library, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
