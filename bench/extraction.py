"""Extraction throughput: kg (read + spaCy with kg's components + events, claims + RDF quads) against
raw spaCy ``nlp.pipe`` of the same model on the same texts, in one process, alternating passes."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(slots=True)
class ExtractionTimes:
    articles: int
    words: int
    kg_s: float
    """read_input + Extractor.extract_many + article_graph_quads, best of the passes."""
    raw_s: float
    """spacy.load(model).pipe(texts): the plain model."""
    pipeline_s: float
    """kg's configured spaCy pipeline alone (the model + sentence fixes + gazetteer EntityRuler)."""


def measure(corpus: Path, *, passes: int) -> ExtractionTimes:
    import spacy

    from kg.config import Settings
    from kg.extract.extractor import BATCH_SIZE, Extractor
    from kg.ingest import iter_inputs, read_input
    from kg.namespaces import Minter
    from kg.rdf import article_graph_quads

    settings = Settings.from_env()
    extractor = Extractor(model=settings.model)
    minter = Minter(settings.base_iri)
    plain = spacy.load(settings.model)
    refs = [r for r in iter_inputs([str(corpus)]) if hasattr(r, "path")]
    texts = [read_input(r, max_bytes=settings.max_file_bytes).text for r in refs]
    for nlp in (plain, extractor.nlp):  # warm up: first-call allocations
        list(nlp.pipe(texts[:2]))
    extractor.world  # noqa: B018  (loaded once per process: its start-up is its own row)

    def kg_pass() -> float:
        started = time.perf_counter()
        articles = (read_input(r, max_bytes=settings.max_file_bytes) for r in refs)
        for article, extraction in extractor.extract_many(articles):
            for _ in article_graph_quads(article, extraction, minter):
                pass
        return time.perf_counter() - started

    def pipe_pass(nlp) -> float:
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
        return time.perf_counter() - started

    kg, raw, pipeline = [], [], []
    for _ in range(passes):
        raw.append(pipe_pass(plain))
        kg.append(kg_pass())
        pipeline.append(pipe_pass(extractor.nlp))
    return ExtractionTimes(len(texts), sum(len(t.split()) for t in texts), min(kg), min(raw), min(pipeline))
