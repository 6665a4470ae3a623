"""Extraction in worker processes: ``Article`` objects in, their graphs out (:class:`Built`), in
order of completion. Each worker loads the spaCy pipeline once and builds each article's quads
where it extracted them; the caller (the single writer) stays in the main process and only adds
the provenance and writes.

An exception while extracting an article fails that article only. A worker that dies (killed,
out of memory, a crash in native code) breaks the pool: the articles it may have been working on
are then retried one at a time in a fresh pool, so only an article that kills a worker on its
own fails ("the extraction worker died").
"""

from __future__ import annotations

import multiprocessing
import signal
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from pyoxigraph import Quad, RdfFormat, parse, serialize

from kg.errors import ExtractionError
from kg.extract.extractor import Extractor
from kg.gazetteer import Gazetteer
from kg.ingest.article import Article
from kg.namespaces import Minter
from kg.rdf import article_graph_quads

_WORKER: Extractor | None = None


@dataclass(frozen=True, slots=True)
class Failed:
    """An exception in a worker, as text (exceptions do not always survive pickling)."""

    message: str


@dataclass(frozen=True, slots=True)
class Built:
    """An article's graph, built where it was extracted (:func:`kg.rdf.article_graph_quads`): its
    quads as zlib-compressed N-Quads, about the size of the extraction's pickle (a twentieth of
    the plain N-Quads), and how many events were found."""

    nquads: bytes
    events: int

    def quads(self) -> list[Quad]:
        """The quads, exactly as built (N-Quads keeps every term as it is)."""
        return list(parse(zlib.decompress(self.nquads), format=RdfFormat.N_QUADS))


def build_or_fail(extractor: Extractor, article: Article, minter: Minter) -> Built | Failed:
    """``article`` extracted and its graph built, or its exception as a :class:`Failed` (never
    raised in a worker)."""
    try:
        extraction = extractor.extract(article)
        nquads = serialize(article_graph_quads(article, extraction, minter), format=RdfFormat.N_QUADS)
        assert nquads is not None  # (serialised to bytes when given no output)
        return Built(zlib.compress(nquads, 1), len(extraction.events))
    except Exception as exc:  # one article's failure is reported, never raised in the worker
        return Failed(f"{type(exc).__name__}: {exc}")


def _start_worker(model: str, gazetteer: Gazetteer) -> None:
    """Pool initializer: Ctrl-C is the main process's business; load the pipeline once."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = Extractor(model=model, gazetteer=gazetteer)
    _WORKER.nlp  # noqa: B018  (load it now, not on the first article)


def _extract(article: Article, minter: Minter) -> Built | Failed:
    assert _WORKER is not None
    return build_or_fail(_WORKER, article, minter)


class ExtractionPool:
    """``jobs`` worker processes extracting with the same model and gazetteer as ``extractor``,
    minting IRIs with ``minter``."""

    def __init__(self, extractor: Extractor, jobs: int, minter: Minter) -> None:
        if jobs < 2:
            raise ValueError("a pool needs at least 2 jobs; extract in-process otherwise")
        self.jobs = jobs
        self.minter = minter
        self._initargs = (extractor.model, extractor.gazetteer)
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=self._initargs,
            )
        return self._executor

    def _discard_pool(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def close(self) -> None:
        self._discard_pool()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def extract(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Built | Exception]]:
        """Yield ``(article, extraction or exception)`` as each article finishes. At most
        ``2 * jobs`` articles are in flight, so a long input stream is read as it is consumed."""
        source = iter(articles)
        suspects: deque[Article] = deque()  # in flight when a worker died: each is retried alone
        unsent: deque[Article] = deque()  # read, but the pool broke before it could take them
        in_flight: dict[Future[Built | Failed], Article] = {}
        alone: Future[Built | Failed] | None = None
        while True:
            try:
                if suspects:
                    if not in_flight:
                        alone = self._pool().submit(_extract, suspects[0], self.minter)
                        in_flight[alone] = suspects.popleft()
                else:
                    while (
                        len(in_flight) < 2 * self.jobs
                        and (article := unsent.popleft() if unsent else next(source, None)) is not None
                    ):
                        try:
                            in_flight[self._pool().submit(_extract, article, self.minter)] = article
                        except BrokenProcessPool:
                            unsent.appendleft(article)
                            raise
            except BrokenProcessPool:  # a worker died since the last wait (killed between results)
                if not in_flight:
                    self._discard_pool()  # nothing of it to collect: a new pool takes the articles
                    continue
            if not in_flight:
                return
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            if any(_lost(future) for future in done):  # a worker died: the pool is gone, and with it
                self._discard_pool()  # every article still in it (all its futures are done now)
                done = set(in_flight)
            for future in done:
                article = in_flight.pop(future)
                if not _lost(future):
                    yield article, _result(future)
                elif future is alone:
                    yield article, ExtractionError("the extraction worker died while extracting this article")
                else:
                    suspects.append(article)


def _lost(future: Future[Built | Failed]) -> bool:
    """The article went down with its worker (or was cancelled with the pool)."""
    return future.cancelled() or isinstance(future.exception(), BrokenProcessPool)


def _result(future: Future[Built | Failed]) -> Built | Exception:
    error = future.exception()
    if error is not None:  # e.g. an article that cannot be pickled
        return ExtractionError(f"{type(error).__name__}: {error}")
    outcome = future.result()
    return ExtractionError(outcome.message) if isinstance(outcome, Failed) else outcome
