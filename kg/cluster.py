"""Extraction on a Dask cluster (``kg build --scheduler tcp://HOST:PORT``): ``Article`` objects in,
their graphs out (:class:`kg.parallel.Built`: each worker builds the quads of the articles it
extracts), in order of completion, as :class:`kg.parallel.ExtractionPool` does on one machine.
The builder (the single writer) stays in the client's process: it adds each article's provenance
and writes it.

The client reads every input and sends each article's text with its task: workers need kg and the
model installed, not the inputs or the store. :class:`ExtractorPlugin`, a Dask worker plugin, loads
the pipeline and the gazetteer once per worker (and on every worker that joins later); it refuses
to start where kg, the model or the world data differ from the client's, since the ledger would then
record one extractor for the output of another.

A worker lost mid-run costs a retry of its articles: the scheduler runs its tasks again on the other
workers. An article that was running on every worker that died with it
(``distributed.scheduler.allowed-failures`` + 1 deaths) fails alone. A scheduler that cannot be
reached, or goes away, raises :class:`kg.errors.ClusterError`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from distributed import Client, Future, KilledWorker, WorkerPlugin, as_completed, get_worker
from distributed.client import FutureCancelledError

from kg.config import SCHEDULER_TIMEOUT
from kg.errors import ClusterError, ExtractionError, brief
from kg.extract.extractor import Extractor
from kg.gazetteer import Gazetteer
from kg.ingest.article import Article
from kg.namespaces import Minter
from kg.parallel import Built, Failed, build_or_fail


class ExtractorPlugin(WorkerPlugin):
    """Loads kg's extractor once on each worker; tasks find it by the plugin's name."""

    idempotent = True
    """Registered again by the next build of the same extractor: kept, not loaded anew."""

    def __init__(self, model: str, gazetteer: Gazetteer, fingerprint: str) -> None:
        self.model = model
        self.gazetteer = gazetteer
        self.fingerprint = fingerprint
        self.extractor: Extractor | None = None
        self.lock: threading.Lock | None = None  # on the worker: one article at a time per worker

    @property
    def name(self) -> str:
        """One plugin per extractor: a worker keeps the pipelines of earlier builds warm."""
        return f"kg-extractor-{self.fingerprint[:16]}"

    def __getstate__(self) -> dict[str, Any]:
        return {"model": self.model, "gazetteer": self.gazetteer, "fingerprint": self.fingerprint}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.model, self.gazetteer, self.fingerprint = state["model"], state["gazetteer"], state["fingerprint"]
        self.extractor, self.lock = None, None

    async def setup(self, worker: Any) -> None:
        """Load the extractor (in a thread: the worker's event loop keeps answering meanwhile)."""
        extractor = await asyncio.get_running_loop().run_in_executor(None, self._load, worker.address)
        self.extractor, self.lock = extractor, threading.Lock()

    def _load(self, address: str) -> Extractor:
        extractor = Extractor(model=self.model, gazetteer=self.gazetteer)
        if extractor.fingerprint() != self.fingerprint:
            raise ExtractionError(
                f"the worker at {address} has another kg, model or world data than the client "
                "(install the same versions on every worker)"
            )
        extractor.nlp  # noqa: B018  (load it now, not on the first article)
        return extractor


class ExtractorNotLoaded(RuntimeError):
    """Raised on a worker without the build's extractor: the build stops, the article is not failed."""


def _extract_on_worker(article: Article, plugin: str, minter: Minter) -> Built | Failed:
    """The task: ``article`` through the extractor this worker's plugin loaded, and its graph built."""
    worker = get_worker()
    loaded = worker.plugins.get(plugin)
    if not isinstance(loaded, ExtractorPlugin) or loaded.extractor is None or loaded.lock is None:
        # a worker that joined later and could not load it (its log says why): the build stops rather than
        # record the article as failed
        raise ExtractorNotLoaded(f"the Dask worker at {worker.address} has not loaded kg's extractor ({plugin})")
    with loaded.lock:  # a worker with several threads: the extractor is not shared between them
        return build_or_fail(loaded.extractor, article, minter)


class ClusterExtraction:
    """Extraction on the workers of the Dask scheduler at ``address``, with the model and
    gazetteer of ``extractor``, the article graphs' IRIs minted by ``minter``. The ``with`` block
    connects (or raises :class:`ClusterError`) and disconnects; used without it, the first
    :meth:`extract` connects and :meth:`close` disconnects."""

    def __init__(
        self, extractor: Extractor, address: str, minter: Minter, *, timeout: float = SCHEDULER_TIMEOUT
    ) -> None:
        self.address = address
        self.minter = minter
        self.timeout = timeout
        self._plugin = ExtractorPlugin(extractor.model, extractor.gazetteer, extractor.fingerprint())
        self._client: Client | None = None

    def __enter__(self) -> ClusterExtraction:
        self._connected()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is None:
            return
        client, self._client = self._client, None
        if client.status == "running":
            client.close(timeout=self.timeout)
            return
        # the scheduler is gone: closing stops the client's attempts to reconnect, which Dask logs
        # with a traceback; the build says what happened in one line
        logger = logging.getLogger("distributed.client")
        level, logger.level = logger.level, logging.CRITICAL
        try:
            client.close(timeout=self.timeout)
        finally:
            logger.setLevel(level)

    def _connected(self) -> Client:
        if self._client is not None:
            return self._client
        try:
            client = Client(self.address, timeout=self.timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {self.address}: {brief(str(exc))} -- start it "
                "(dask scheduler) or check --scheduler / KG_SCHEDULER"
            ) from None
        self._client = client
        try:
            client.wait_for_workers(1, timeout=self.timeout)
        except TimeoutError:  # (an OSError too: first)
            self.close()
            raise ClusterError(
                f"the Dask scheduler at {self.address} has no worker after {self.timeout:g} s -- start one "
                f"(dask worker {self.address} --nthreads 1)"
            ) from None
        except OSError:  # distributed's comm errors: the scheduler went away
            self.close()
            raise self._lost() from None
        try:
            client.register_plugin(self._plugin, name=self._plugin.name)
        except Exception as exc:
            with contextlib.suppress(Exception):  # or workers that join later would try it again
                client.unregister_worker_plugin(self._plugin.name)
            self.close()
            raise ClusterError(f"the Dask workers cannot load kg's extractor: {brief(str(exc))}") from None
        return client

    def _window(self, client: Client) -> int:
        """Articles in flight: two per worker thread, so no worker waits for its next article."""
        try:
            return max(2, 2 * sum(client.nthreads().values()))
        except OSError:
            raise self._lost() from None

    def extract(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Built | Exception]]:
        """Yield ``(article, extraction or exception)`` as each article finishes. A bounded number
        of articles is in flight, so a long input stream is read as it is consumed."""
        client = self._connected()
        source = iter(articles)
        in_flight: dict[Future, Article] = {}
        finished = as_completed(loop=client.loop)
        window = self._window(client)

        def submit() -> bool:
            article = next(source, None)
            if article is None:
                return False
            if client.status != "running":
                raise self._lost()
            future = client.submit(_extract_on_worker, article, self._plugin.name, self.minter, pure=False)
            in_flight[future] = article
            finished.add(future)
            return True

        while len(in_flight) < window and submit():
            pass
        done = 0
        for future in finished:
            article = in_flight.pop(future)
            outcome = self._outcome(future)
            future.release()  # the worker may forget the result
            done += 1
            if done % window == 0:  # workers come and go: the window follows them
                window = self._window(client)
            while len(in_flight) < window and submit():
                pass
            yield article, outcome

    def _outcome(self, future: Future) -> Built | Exception:
        if future.status == "finished":
            try:  # fetched through the scheduler
                result = future.result(timeout=self.timeout)
            except (OSError, FutureCancelledError):
                raise self._lost() from None
            return ExtractionError(result.message) if isinstance(result, Failed) else result
        if future.status == "error":
            error = future.exception()
            if isinstance(error, ExtractorNotLoaded):
                raise ClusterError(
                    f"{error} -- install the client's kg, model and world data there, or stop that worker"
                )
            if isinstance(error, KilledWorker):
                return ExtractionError(
                    f"every Dask worker that took this article died ({brief(str(error))}): it fails alone"
                )
            return ExtractionError(f"{type(error).__name__}: {brief(str(error))}")
        raise self._lost()  # cancelled: the client lost the scheduler

    def _lost(self) -> ClusterError:
        return ClusterError(f"the Dask scheduler at {self.address} went away")
