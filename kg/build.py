"""``kg build``: articles in, one named graph per article out, idempotently.

Each article is one atomic store update (its old graph and metadata dropped, the new ones
inserted), so a crash never leaves half an article, and re-running resumes from the ledger.
An article whose inputs and extractor are unchanged is skipped without being re-extracted.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import secrets
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from importlib import resources

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from kg import __version__
from kg.config import SCHEDULER_TIMEOUT
from kg.errors import (
    ClusterError,
    ConfigError,
    KgError,
    QueryError,
    SkippedInput,
    StoreError,
    StoreUnavailableError,
    brief,
)
from kg.extract.extractor import Extractor
from kg.extract.records import Extraction
from kg.ingest import InputRef, Skip, iter_inputs, read_input
from kg.ingest.article import Article
from kg.ingest.reader import DEFAULT_TIMEOUT
from kg.namespaces import KG, Minter
from kg.parallel import Built, ExtractionPool
from kg.rdf import (
    RunInfo,
    article_graph_quads,
    provenance_quads,
    run_end_quad,
    run_quads,
    text_literal,
)
from kg.resolve import MergeReport, update_merged_view
from kg.sparql.update import insert_data
from kg.store import LedgerEntry, Store

INGESTED, UNCHANGED, DUPLICATE, SKIPPED, FAILED = "ingested", "unchanged", "duplicate", "skipped", "failed"


@dataclass(frozen=True, slots=True)
class FileResult:
    """What happened to one input."""

    key: str
    source_name: str
    status: str
    detail: str = ""
    quads: int = 0
    events: int = 0
    missing_date: bool = False
    """Ingested without a publication date (none found, or only an ambiguous one)."""


@dataclass(slots=True)
class BuildReport:
    results: list[FileResult] = field(default_factory=list)
    run: RunInfo | None = None
    reference_graphs_updated: list[str] = field(default_factory=list)
    merge: MergeReport | None = None
    """What recomputing the cross-article view changed (skipped when no article changed)."""
    run_quads: int = 0
    """Quads that record the extraction run (written with the first article that changed)."""

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def missing_dates(self) -> int:
        """Articles ingested by this build with no publication date."""
        return sum(1 for r in self.results if r.status == INGESTED and r.missing_date)

    @property
    def failed(self) -> bool:
        return self.count(FAILED) > 0

    @property
    def quads_written(self) -> int:
        return sum(r.quads for r in self.results) + self.run_quads


class BuildAborted(StoreError):
    """The store could not be written (a server lost, a disk full, access refused): the build
    stopped. ``report`` holds what was done before; the article in flight was not written, and
    running the build again resumes from the ledger. The message is one line: the store, the
    cause in words (``No space left on device (ENOSPC)``), what was written, what to do."""

    def __init__(self, report: BuildReport, cause: StoreError, *, location: str) -> None:
        self.report = report
        problem, remedy = _store_failure(cause)
        super().__init__(
            f"the store at {location} {problem} -- the build stopped after writing {report.count(INGESTED)} "
            f"article(s); {remedy}"
        )


class ClusterLost(ClusterError):
    """The Dask scheduler went away during a build: it stopped. ``report`` holds what was done
    before; every article written stays, and running the build again resumes from the ledger."""

    def __init__(self, report: BuildReport, cause: ClusterError) -> None:
        self.report = report
        super().__init__(
            f"{cause} -- the build stopped after writing {report.count(INGESTED)} article(s); once the scheduler "
            f"is back with its workers, {_RESUME}"
        )


_RESUME = "run the build again: it resumes where it stopped"
_REMEDIES = {
    errno.ENOSPC: f"free space on its disk, then {_RESUME}",
    errno.EDQUOT: f"free space within your disk quota, then {_RESUME}",
    errno.EFBIG: f"raise the limit on file size (ulimit -f), then {_RESUME}",
    errno.ENOENT: "its directory was removed while the build ran, taking those articles with it: run the build again to write them anew",
    errno.EROFS: f"make its file system writable, then {_RESUME}",
    errno.EACCES: f"give kg write access to it, then {_RESUME}",
    errno.EPERM: f"give kg write access to it, then {_RESUME}",
    errno.EIO: f"check its disk, then {_RESUME}",
}


def _store_failure(cause: StoreError) -> tuple[str, str]:
    """What went wrong with the store, in words, and what to do about it. The embedded store's
    errors carry the system's message, not an errno: the code is found by its message."""
    if isinstance(cause, StoreUnavailableError):
        return f"stopped answering: {brief(str(cause))}", f"once it is back, {_RESUME}"
    chain = []
    error: BaseException | None = cause
    while error is not None:
        chain.append(error)
        error = error.__cause__
    for code, remedy in _REMEDIES.items():
        if any(getattr(e, "errno", None) == code or os.strerror(code) in str(e) for e in chain):
            return f"could not be written: {os.strerror(code)} ({errno.errorcode[code]})", remedy
    return f"could not be written: {brief(str(cause))}", f"once that is fixed, {_RESUME}"


def _reference_graphs(minter: Minter, gazetteer: bytes) -> list[tuple[str, NamedNode, bytes]]:
    ontology = resources.files("kg.ontology").joinpath("kg.ttl").read_bytes()
    return [
        ("ontology", minter.ontology_graph(), ontology),
        ("gazetteer", minter.gazetteer_graph(), gazetteer),
    ]


def ensure_reference_graphs(store: Store, minter: Minter, *, gazetteer: bytes) -> list[str]:
    """Load the ontology and the region packs (``gazetteer``, Turtle) into their graphs when they
    changed (or were never loaded)."""
    updated = []
    provenance = minter.provenance_graph()
    for name, graph, data in _reference_graphs(minter, gazetteer):
        digest = hashlib.sha256(data).hexdigest()
        if store.graph_digest(graph, provenance) == digest:
            continue
        quads = [Quad(t.subject, t.predicate, t.object, graph) for t in parse(data, format=RdfFormat.TURTLE)]
        store.replace_graph(graph, quads, provenance_graph=provenance, digest=digest)
        updated.append(name)
    return updated


def ledger_digest(article: Article, extractor_fingerprint: str) -> str:
    """Changes when the article's bytes, its sidecar, or the extractor change."""
    return hashlib.sha256(f"{article.fingerprint}:{extractor_fingerprint}".encode()).hexdigest()


def new_run(extractor: Extractor, minter: Minter) -> RunInfo:
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    run_id = f"{started:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
    return RunInfo(
        iri=minter.run(run_id),
        started=started,
        software_version=__version__,
        model=extractor.model,
        model_version=extractor.model_version,
    )


class Builder:
    """Builds articles into a store. ``progress`` is called once per input with its result, as
    soon as it is known (an article's right after its update is committed).
    ``jobs`` > 1 extracts in that many worker processes (:mod:`kg.parallel`), ``scheduler`` (a Dask
    scheduler's address) on that cluster's workers (:mod:`kg.cluster`); the store is written from
    this process only, as extractions finish."""

    def __init__(
        self,
        store: Store,
        extractor: Extractor,
        minter: Minter,
        *,
        max_file_bytes: int,
        force: bool = False,
        progress: Callable[[FileResult], None] | None = None,
        jobs: int = 1,
        file_timeout: float | None = DEFAULT_TIMEOUT,
        scheduler: str = "",
        scheduler_timeout: float = SCHEDULER_TIMEOUT,
    ) -> None:
        self.store = store
        self.extractor = extractor
        self.minter = minter
        self.max_file_bytes = max_file_bytes
        self.force = force
        self.progress = progress
        self.jobs = jobs
        self.file_timeout = file_timeout
        self.scheduler = scheduler
        self.scheduler_timeout = scheduler_timeout
        self.report = BuildReport()
        self._fingerprint = extractor.fingerprint()
        self._ledger: dict[str, LedgerEntry] = {}
        self._by_sha: dict[str, LedgerEntry] = {}
        self._by_text: dict[str, str] = {}

    def _record(self, result: FileResult) -> None:
        self.report.results.append(result)
        if self.progress is not None:
            self.progress(result)

    def build(self, inputs: Iterable[InputRef | Skip | Article]) -> BuildReport:
        """Build the inputs (see :func:`kg.ingest.iter_inputs`; an :class:`Article` already read,
        by :func:`kg.ingest.read_text` say, is taken as it is). A store that cannot be read or
        written at any step (a server lost, a disk full) stops the build with :class:`BuildAborted`;
        a Dask scheduler that cannot be reached raises :class:`ClusterError` before anything is
        written, one that goes away stops the build with :class:`ClusterLost`."""
        with self._extraction() as extract:
            try:
                self._build(inputs, extract)
            except StoreError as exc:
                raise BuildAborted(self.report, exc, location=self.store.location) from exc
            except ClusterError as exc:
                raise ClusterLost(self.report, exc) from exc
        return self.report

    @contextmanager
    def _extraction(
        self,
    ) -> Iterator[Callable[[Iterator[Article]], Iterator[tuple[Article, Extraction | Built | Exception]]]]:
        """How articles are extracted: in batches in this process, in ``jobs`` worker processes, or
        on the workers of a Dask cluster (reached here, before anything is written). Workers send
        each article's graph back built (:class:`kg.parallel.Built`), so this process, the single
        writer, does as little per article as it can while they extract."""
        if self.scheduler:
            try:
                from kg.cluster import ClusterExtraction  # Dask is only imported when asked for
            except ImportError as exc:
                raise ConfigError(
                    f"kg build --scheduler needs Dask distributed ({exc}): pip install 'kg[cluster]'"
                ) from None

            with ClusterExtraction(
                self.extractor, self.scheduler, self.minter, timeout=self.scheduler_timeout
            ) as cluster:
                yield cluster.extract
        elif self.jobs > 1:
            with ExtractionPool(self.extractor, self.jobs, self.minter) as pool:
                yield pool.extract
        else:
            yield self.extractor.extract_each

    def _build(
        self,
        inputs: Iterable[InputRef | Skip | Article],
        extract: Callable[[Iterator[Article]], Iterator[tuple[Article, Extraction | Built | Exception]]],
    ) -> None:
        self.report.reference_graphs_updated = ensure_reference_graphs(
            self.store, self.minter, gazetteer=self.extractor.gazetteer.source
        )
        self._ledger = self.store.ledger(self.minter.provenance_graph())
        self._by_sha = {entry.sha256: entry for entry in self._ledger.values()}
        pending = self._pending(inputs)
        with closing(_generator(extract(pending))) as extracted:
            for article, outcome in extracted:
                if isinstance(outcome, Exception):
                    self._record(FileResult(article.key, article.source_name, FAILED, _describe(outcome)))
                    continue
                try:
                    self._write(article, outcome)
                except QueryError as exc:  # the store rejected this article's update: it fails alone
                    self._record(FileResult(article.key, article.source_name, FAILED, str(exc)))
                except StoreError as exc:  # the store cannot be written: stop (build() says so), keep what is done
                    self._record(FileResult(article.key, article.source_name, FAILED, str(exc)))
                    raise
                except KgError as exc:
                    self._record(FileResult(article.key, article.source_name, FAILED, str(exc)))
        if self.report.run is not None:
            self.store.update(insert_data([run_end_quad(self.report.run, _now(), self.minter)]))
        self.report.merge = update_merged_view(self.store, self.minter)
        self.store.flush()

    def _pending(self, inputs: Iterable[InputRef | Skip | Article]) -> Iterator[Article]:
        """Read each input; yield the articles that need extraction, record the rest."""
        seen: set[str] = set()
        for item in inputs:
            if isinstance(item, Skip):
                self._record(FileResult(item.key, item.source_name, SKIPPED, f"{item.reason} {item.detail}".strip()))
                continue
            try:
                article = (
                    item
                    if isinstance(item, Article)
                    else read_input(item, max_bytes=self.max_file_bytes, timeout=self.file_timeout)
                )
            except SkippedInput as exc:
                self._record(FileResult(item.key, item.source_name, SKIPPED, str(exc)))
                continue
            except Exception as exc:  # one unreadable file never stops the build
                self._record(FileResult(item.key, item.source_name, FAILED, _describe(exc)))
                continue
            digest = ledger_digest(article, self._fingerprint)
            entry = self._ledger.get(article.key)
            if not self.force and entry is not None and entry.fingerprint == digest:
                self._record(FileResult(article.key, article.source_name, UNCHANGED))
                continue
            same_bytes = self._by_sha.get(article.sha256)
            renamed = same_bytes is not None and same_bytes.source_name == article.source_name
            if article.sha256 in seen or (same_bytes is not None and same_bytes.key != article.key and not renamed):
                other = same_bytes.key if same_bytes is not None else "an earlier input"
                self._record(FileResult(article.key, article.source_name, DUPLICATE, f"same content as {other}"))
                continue
            same_text = self._same_text(article) if entry is None and not renamed else None
            if same_text is not None:
                self._record(FileResult(article.key, article.source_name, DUPLICATE, f"same text as {same_text}"))
                continue
            seen.add(article.sha256)
            self._by_text[_text_digest(article.text)] = article.key
            yield article

    def _same_text(self, article: Article) -> str | None:
        """The key of another document with the same article text (the same story in other page
        chrome, or re-saved under another name), in this build or in the store."""
        earlier = self._by_text.get(_text_digest(article.text))
        if earlier is not None:
            return earlier
        text = text_literal(article.text, article.lang)
        rows = self.store.select_rows(_SAME_TEXT, prov=self.minter.provenance_graph(), text=text)
        keys = sorted(str(row["key"]) for row in rows if row.get("key") != article.key)
        return keys[0] if keys else None

    def _write(self, article: Article, extraction: Extraction | Built) -> None:
        if isinstance(extraction, Built):  # built by the worker that extracted it
            quads, events = extraction.quads(), extraction.events
        else:
            quads, events = article_graph_quads(article, extraction, self.minter), len(extraction.events)
        old = [e for e in (self._ledger.get(article.key), self._by_sha.get(article.sha256)) if e is not None]
        old = list({e.article.value: e for e in old}.values())
        new_quads = list(quads)
        run = self.report.run
        run_records: list[Quad] = []
        if run is None:  # the first change of this build records the run, in the same update
            run = new_run(self.extractor, self.minter)
            run_records = list(run_quads(run, self.minter))
            new_quads += run_records
            self.report.run_quads = len(run_records)
        digest = ledger_digest(article, self._fingerprint)
        new_quads += provenance_quads(article, minter=self.minter, digest=digest, run=run, generated=_now())
        self.store.replace_article(
            provenance_graph=self.minter.provenance_graph(), key=article.key, old=old, quads=new_quads
        )
        self.report.run = run
        entry = LedgerEntry(
            key=article.key,
            article=self.minter.article(article.sha256),
            graph=self.minter.article_graph(article.sha256),
            sha256=article.sha256,
            fingerprint=digest,
            source_name=article.source_name,
        )
        self._ledger[article.key] = entry
        self._by_sha[article.sha256] = entry
        self._record(
            FileResult(
                article.key,
                article.source_name,
                INGESTED,
                quads=len(new_quads) - len(run_records),  # the article's own: the same whichever is written first
                events=events,
                missing_date=article.published is None,
            )
        )


_SAME_TEXT = f"""PREFIX kg: <{KG}>
SELECT ?key ?prov ?text WHERE {{ GRAPH ?prov {{ ?article kg:text ?text ; kg:documentKey ?key }} }} LIMIT 2"""


def _generator(
    items: Iterator[tuple[Article, Extraction | Built | Exception]],
) -> Generator[tuple[Article, Extraction | Built | Exception], None, None]:
    """``items`` as a generator, closed (with the pool or client behind it) when the build stops."""
    yield from items


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if not isinstance(exc, KgError) else str(exc)


def build(
    paths: Sequence[str],
    *,
    store: Store,
    extractor: Extractor,
    minter: Minter,
    max_file_bytes: int,
    force: bool = False,
    progress: Callable[[FileResult], None] | None = None,
    jobs: int = 1,
    file_timeout: float | None = DEFAULT_TIMEOUT,
    scheduler: str = "",
    scheduler_timeout: float = SCHEDULER_TIMEOUT,
) -> BuildReport:
    """Build ``paths`` (files, directories, ``-``) into ``store``; see :class:`Builder`. An input
    that takes longer than ``file_timeout`` seconds to read is skipped with reason ``timeout``."""
    builder = Builder(
        store,
        extractor,
        minter,
        max_file_bytes=max_file_bytes,
        force=force,
        progress=progress,
        jobs=jobs,
        file_timeout=file_timeout,
        scheduler=scheduler,
        scheduler_timeout=scheduler_timeout,
    )
    return builder.build(iter_inputs(paths))
