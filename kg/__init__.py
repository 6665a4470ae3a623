"""kg: news articles in, a provenance-rich knowledge graph out.

The stages are plain functions; the CLI (:mod:`kg.cli`) and the HTTP API (:mod:`kg.api`)
are thin shells over them::

    ingest  -> kg.ingest.iter_inputs / read_input    (Article)
    extract -> kg.extract.Extractor                  (Extraction)
    rdf     -> kg.rdf.article_graph_quads            (pyoxigraph quads, one named graph per article)
    store   -> kg.store.open_store                   (embedded Oxigraph on disk)
    build   -> kg.build.build                        (all of the above, idempotent)
    query   -> kg.query.run_query                    (SPARQL with limits)
"""

__version__ = "0.1.0"
