"""kg: news articles in, a provenance-rich knowledge graph out.

As a library (:mod:`kg.library`; imported on first use, so ``import kg`` stays light; the names
differ from the submodule ``kg.build``, which they would otherwise shadow)::

    import kg

    with kg.open_store("data/kg") as store:
        kg.build_paths(store, ["seeds/"])                             # files and folders
        kg.build_texts(store, {"note.txt": "Rebels seized ..."})      # texts in memory
        frame = kg.query_frame(store, kg.named_query("captures"))     # a pandas DataFrame

The data flow, each stage a plain function, re-exported here (also imported on first use); the
CLI (:mod:`kg.cli`) and the HTTP API (:mod:`kg.api`) are thin shells over them::

    ingest  -> kg.iter_inputs / kg.read_input / kg.read_text     (Article; from kg.ingest)
    extract -> kg.Extractor                                      (Extraction; from kg.extract.extractor)
    rdf     -> kg.article_graph_quads                            (quads, one named graph per article; kg.rdf)
    store   -> kg.open_store                                     (embedded Oxigraph, or a SPARQL server; kg.store)
    resolve -> kg.update_merged_view                             (one node per real thing, across articles; kg.resolve)
    serve   -> kg.create_app                                     (SPARQL 1.1, JSON API, dashboard; kg.api)

``kg.build.build`` runs ingest to resolve for files, idempotently; ``kg.run_query`` runs SPARQL
with the server's limits; ``kg.tables`` gives the merged events as ACLED-like tables.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "build_paths": "kg.library",
    "build_texts": "kg.library",
    "named_query": "kg.library",
    "open_store": "kg.library",
    "query_frame": "kg.library",
    "query_rows": "kg.library",
    "iter_inputs": "kg.ingest",
    "read_input": "kg.ingest",
    "read_text": "kg.ingest",
    "Extractor": "kg.extract.extractor",
    "article_graph_quads": "kg.rdf",
    "update_merged_view": "kg.resolve",
    "create_app": "kg.api",
    "run_query": "kg.sparql.query",
}
"""Public name -> the module that defines it, imported when the name is first used."""

__all__ = [
    "__version__",
    "build_paths",
    "build_texts",
    "named_query",
    "open_store",
    "query_frame",
    "query_rows",
    "iter_inputs",
    "read_input",
    "read_text",
    "Extractor",
    "article_graph_quads",
    "update_merged_view",
    "create_app",
    "run_query",
]
assert set(__all__) == {"__version__", *_LAZY}

if TYPE_CHECKING:
    from kg.api import create_app
    from kg.extract.extractor import Extractor
    from kg.ingest import iter_inputs, read_input, read_text
    from kg.library import build_paths, build_texts, named_query, open_store, query_frame, query_rows
    from kg.rdf import article_graph_quads
    from kg.resolve import update_merged_view
    from kg.sparql.query import run_query


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
