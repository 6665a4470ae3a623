"""Query workers: over the embedded store, ``kg serve`` evaluates queries in worker processes, one
per query slot, so a query past its deadline is stopped whatever it is doing (planning, or inside
one of Oxigraph's blocking operators): the server kills its worker and starts another, and the
slot is free at once. A worker that dies on its own costs its request a 500, never the server.

Each worker holds its own read-only handle on the store directory. Writes happen in the server,
which counts them (:attr:`OxigraphStore.generation`); a worker reopens its handle when the count
has moved, as a read-only handle does not see later writes. A job is a module-level function
called with a :class:`WorkerContext`; the bytes it writes reach the server in chunks over a pipe.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.forkserver
import os
import pickle
import resource
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import anyio.to_thread

from kg.api.errors import ApiError, from_kg_error
from kg.api.slots import SLOT_WAIT_SECONDS, QuerySlots
from kg.api.threads import ENGINE_STACK_BYTES
from kg.dashboard import Dashboard
from kg.errors import KgError
from kg.namespaces import Minter
from kg.store.oxigraph import OxigraphStore

CHUNK_BYTES = 256 * 1024
"""Bytes a worker gathers before sending them to the server."""

log = logging.getLogger("kg.api")
# forkserver: workers are forked from a clean process that has imported kg, never from the server,
# which holds the store open (forking a process with RocksDB open is unsafe)
_MP = multiprocessing.get_context("forkserver")
_MP.set_forkserver_preload([__name__])


def _start_fork_server() -> None:
    """Start the fork server in safe-path mode: Python 3.11 runs it with ``-c``, which puts the
    working directory first on its sys.path (the parent's is not passed on), so a directory named
    ``kg`` there (a store, say) would shadow the package. ``PYTHONSAFEPATH`` is set for that one
    start only, so other child processes see the environment they were given."""
    previous = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        if previous is None:
            del os.environ["PYTHONSAFEPATH"]
        else:
            os.environ["PYTHONSAFEPATH"] = previous


@dataclass
class WorkerContext:
    """What a job gets: the store (read-only), a dashboard over it, and ``write``, which streams
    bytes to the server."""

    store: OxigraphStore
    dashboard: Dashboard
    write: Callable[[bytes], None]


@dataclass
class Reply:
    """A job's return value, and the bytes it wrote."""

    value: Any
    chunks: deque[bytes]


Job = tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]


# ---- in the worker process ------------------------------------------------------------------------------


def _main(conn: Connection, path: str, base_iri: str, generation: int, server: int, memory: int) -> None:
    """A worker's life: jobs one at a time, on a thread with the engine's stack, until the server
    closes the pipe or is gone (a worker is the fork server's child: it must not outlive the
    server inside a query nobody will stop). Its heap is capped at ``memory`` bytes (0: no cap), so
    a query that would take the machine's memory ends this process, not another. Ctrl-C reaches the
    server, which ends its workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory:
        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    threading.Thread(target=_watch, args=(server,), name="kg-query-watchdog", daemon=True).start()
    threading.stack_size(ENGINE_STACK_BYTES)
    thread = threading.Thread(target=_serve, args=(conn, path, base_iri, generation), name="kg-query-worker")
    thread.start()
    thread.join()


def _watch(server: int) -> None:
    """End this process once the server process is gone (killed, say, with no chance to stop us)."""
    while True:
        time.sleep(1.0)
        try:
            os.kill(server, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:  # alive, under another user
            pass


OPEN_ATTEMPTS = 10
"""Read-only opens tried, 0.2 s apart, before a job is answered 503: an open races the server's
own handle, whose compactions delete files the open has just listed (RocksDB then reports the
store "corrupted"), most of all right after the server opened a store and compacts it."""


def _open(path: str, base_iri: str) -> tuple[OxigraphStore, Dashboard] | None:
    """A read-only handle on the store, or None (logged) when it cannot be opened now."""
    for attempt in range(OPEN_ATTEMPTS):
        try:
            store = OxigraphStore(path, read_only=True)
        except KgError as exc:
            if attempt + 1 == OPEN_ATTEMPTS:
                log.warning("query worker: %s", exc)
                return None
            time.sleep(0.2)
        else:
            return store, Dashboard(store, Minter(base_iri))
    return None


_UNREADABLE = (
    "error",
    503,
    "store_unavailable",
    "the store cannot be read just now; try again shortly",
    {"Retry-After": "5"},
)


def _serve(conn: Connection, path: str, base_iri: str, generation: int) -> None:
    opened = _open(path, base_iri)
    try:
        while True:
            wanted, job = conn.recv()
            if opened is None or wanted != generation:  # the server wrote since this handle was opened
                opened, generation = _open(path, base_iri), wanted
            if opened is None:
                conn.send(_UNREADABLE)
                continue
            message = _run(conn, job, *opened)
            if message[:3] == _UNREADABLE[:3]:  # e.g. files compacted away: reopen for the next job
                generation = -1
            try:
                conn.send(message)
            except (pickle.PicklingError, TypeError, AttributeError):
                log.exception("query worker: the job's value cannot be sent")
                conn.send(("error", 500, "internal_error", "internal error", None))
    except (EOFError, BrokenPipeError):  # the server is gone
        return


def _run(conn: Connection, job: Job, store: OxigraphStore, dashboard: Dashboard) -> tuple[Any, ...]:
    """Run ``job``, sending what it writes in chunks; the message that ends it."""
    buffer = bytearray()

    def write(data: bytes) -> None:
        buffer.extend(data)
        if len(buffer) >= CHUNK_BYTES:
            conn.send(("chunk", bytes(buffer)))
            buffer.clear()

    fn, args, kwargs = job
    try:
        value = fn(WorkerContext(store, dashboard, write), *args, **kwargs)
    except ApiError as exc:
        return ("error", exc.status, exc.code, exc.message, exc.headers)
    except KgError as exc:
        api = from_kg_error(exc)
        if api.status >= 500:
            log.warning("query worker: %s", exc)
        return ("error", api.status, api.code, api.message, api.headers)
    except Exception:
        log.exception("query worker: the job failed")
        return ("error", 500, "internal_error", "internal error", None)
    if buffer:
        conn.send(("chunk", bytes(buffer)))
    return ("done", value)


# ---- in the server --------------------------------------------------------------------------------------


class Worker:
    """One worker process and the server's end of its pipe, used by one request at a time."""

    def __init__(self, path: str, base_iri: str, generation: Callable[[], int], memory: int) -> None:
        self._path, self._base_iri, self._generation, self._memory = path, base_iri, generation, memory
        self._start()

    def _start(self) -> None:
        ours, theirs = _MP.Pipe()
        process = _MP.Process(
            target=_main,
            args=(theirs, self._path, self._base_iri, self._generation(), os.getpid(), self._memory),
            name="kg-query-worker",
            daemon=True,
        )
        process.start()
        theirs.close()
        self._process, self._conn = process, ours

    def replace(self) -> int | None:
        """SIGKILL the process (nothing else stops a query inside the engine) and start another;
        the old process's exit code (negative: the signal that ended it)."""
        old, conn = self._process, self._conn
        old.kill()
        self._start()
        old.join()
        conn.close()
        return old.exitcode

    def stop(self) -> None:
        self._conn.close()
        self._process.kill()
        self._process.join()

    def call(self, job: Job, deadline: float) -> Reply:
        """Run ``job`` in the process (blocking); past ``deadline`` the process is replaced and the
        answer is 503 ``timeout``. Called by one thread at a time."""
        if not self._process.is_alive():  # it died while idle
            self.replace()
        message = (self._generation(), job)
        try:
            self._conn.send(message)
        except OSError:  # it died just now
            self.replace()
            self._conn.send(message)
        chunks: deque[bytes] = deque()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._conn.poll(remaining):
                self.replace()
                raise ApiError(503, "timeout", "the query ran past its time limit", {"Retry-After": "5"})
            try:
                reply = self._conn.recv()
            except (EOFError, OSError):
                pid, code = self._process.pid, self.replace()
                log.warning("query worker %s ended with exit code %s while running a query; replaced", pid, code)
                raise ApiError(
                    500,
                    "engine_crashed",
                    "the query engine stopped while evaluating this query (it may have needed more memory than a query may use, "
                    "KG_QUERY_MEMORY); it was restarted",
                ) from None
            if reply[0] == "chunk":
                chunks.append(reply[1])
            elif reply[0] == "done":
                return Reply(reply[1], chunks)
            else:
                raise ApiError(*reply[1:])


class WorkerPool:
    """One worker per query slot (workers start with the pool, and are used in turn). :meth:`run`
    holds a slot and a worker for one job."""

    def __init__(self, slots: QuerySlots, store: OxigraphStore, base_iri: str, *, memory: int = 0) -> None:
        self._slots = slots
        _start_fork_server()
        self._closed = False
        self._idle = deque(
            Worker(str(store.path), base_iri, lambda: store.generation, memory) for _ in range(slots.size)
        )
        self._lock = threading.Lock()

    async def run(
        self, fn: Callable[..., Any], *args: Any, timeout: float, wait: float = SLOT_WAIT_SECONDS, **kwargs: Any
    ) -> Reply:
        """``fn(context, *args, **kwargs)`` in a worker once a slot is free (503 ``busy`` after
        ``wait`` seconds), stopped with 503 ``timeout`` after ``timeout`` seconds, which frees the
        slot at once."""
        slot = await self._slots.hold(wait=wait)
        with self._lock:
            worker = self._idle.popleft() if self._idle else None  # in turn, so each is used (and replaced if it died)
        if worker is None:  # the pool is closed: the server is stopping
            slot.release()
            raise ApiError(503, "unavailable", "the server is stopping", {"Retry-After": "5"})
        deadline = time.monotonic() + timeout

        def held() -> Reply:
            # the thread gives the worker and the slot back itself, whatever happens to the request
            # meanwhile (cancelled, or abandoned by the event loop): never two jobs on one worker
            if not slot.start():
                raise ApiError(503, "busy", "the request was cancelled before its query started", {"Retry-After": "5"})
            try:
                return worker.call((fn, args, kwargs), deadline)
            finally:
                self._give_back(worker)
                slot.release()

        try:
            return await anyio.to_thread.run_sync(held)
        finally:
            if slot.release(unless_started=True):  # the thread never ran
                self._give_back(worker)

    def _give_back(self, worker: Worker) -> None:
        with self._lock:
            if not self._closed:
                self._idle.append(worker)
                return
        worker.stop()  # the pool closed while it ran; stopped outside the lock (it waits for the process)

    def close(self) -> None:
        """Stop the idle workers now, and busy ones as their jobs end."""
        with self._lock:
            self._closed = True
            idle, self._idle = list(self._idle), deque()
        for worker in idle:
            worker.stop()
