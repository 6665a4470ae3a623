"""Streaming a serialisation as an HTTP body with flat memory: a background thread writes into a
bounded queue that the response drains. The first chunk (or error) is awaited before the response
starts, so an early failure still gets a proper JSON error; a later one aborts the connection
(a body is never silently cut short)."""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import AsyncIterator, Callable
from typing import BinaryIO

import anyio.to_thread
from fastapi.responses import StreamingResponse

from kg.api.errors import ApiError, from_kg_error
from kg.errors import KgError

CHUNK_BYTES = 64 * 1024
QUEUE_CHUNKS = 8
MAX_STREAMS = 4
STALL_SECONDS = 120.0
_DONE = object()
_slots = threading.BoundedSemaphore(MAX_STREAMS)
log = logging.getLogger("kg.api")


class ClientGone(BrokenPipeError):
    """The response was abandoned; the writer thread stops."""


class _QueueWriter:
    """A write-only binary file whose chunks go to a bounded queue (blocking when it is full)."""

    def __init__(self, chunks: queue.Queue[object], cancelled: threading.Event) -> None:
        self._chunks, self._cancelled = chunks, cancelled
        self._buffer = bytearray()

    def write(self, data: bytes) -> int:
        self._buffer += data
        if len(self._buffer) >= CHUNK_BYTES:
            self.put(bytes(self._buffer))
            self._buffer.clear()
        return len(data)

    def flush(self) -> None:
        """Chunks are sent when full; see :meth:`finish`."""

    def finish(self) -> None:
        if self._buffer:
            self.put(bytes(self._buffer))
            self._buffer.clear()

    def put(self, item: object) -> None:
        """Queue ``item``; give up when the response is cancelled or nothing is read for too long."""
        waited = 0.0
        while not self._cancelled.is_set() and waited < STALL_SECONDS:
            try:
                self._chunks.put(item, timeout=0.25)
                return
            except queue.Full:
                waited += 0.25
        raise ClientGone("the client went away")


def _produce(write: Callable[[BinaryIO], None], writer: _QueueWriter, finished: threading.Event) -> None:
    try:
        write(writer)  # type: ignore[arg-type]  # a write-only file object: all the writers call is write()
        writer.finish()
        writer.put(_DONE)
    except ClientGone:
        pass
    except BaseException as exc:  # handed to the consumer, which maps it to an HTTP error
        with contextlib.suppress(ClientGone):
            writer.put(exc)
    finally:
        finished.set()
        _slots.release()


def _next_chunk(chunks: queue.Queue[object], finished: threading.Event) -> object:
    """The next item, or :class:`ClientGone` once the producer has stopped and left nothing: a
    reader that comes back after the producer gave up must not wait for ever (it holds a thread)."""
    while True:
        try:
            return chunks.get(timeout=0.25)
        except queue.Empty:
            if finished.is_set() and chunks.empty():
                return ClientGone("the export was abandoned: nothing was read from it for too long")


def _as_api_error(exc: BaseException) -> ApiError:
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, KgError):
        return from_kg_error(exc)
    return ApiError(500, "internal_error", "internal error")


async def stream(
    write: Callable[[BinaryIO], None], *, media_type: str, headers: dict[str, str] | None = None
) -> StreamingResponse:
    """A response whose body ``write(output)`` produces in a background thread."""
    if not _slots.acquire(blocking=False):
        raise ApiError(
            503,
            "busy",
            f"at most {MAX_STREAMS} exports or graph downloads at a time; try again shortly",
            {"Retry-After": "5"},
        )
    chunks: queue.Queue[object] = queue.Queue(maxsize=QUEUE_CHUNKS)
    cancelled, finished = threading.Event(), threading.Event()
    writer = _QueueWriter(chunks, cancelled)
    try:
        threading.Thread(target=_produce, args=(write, writer, finished), name="kg-stream", daemon=True).start()
    except BaseException:
        _slots.release()
        raise
    first = await anyio.to_thread.run_sync(_next_chunk, chunks, finished)
    if isinstance(first, BaseException):
        cancelled.set()
        error = _as_api_error(first)
        if error.status >= 500:
            log.error("export failed before its first byte: %s", first, exc_info=first)
        raise error

    async def body() -> AsyncIterator[bytes]:
        item = first
        try:
            while item is not _DONE:
                if isinstance(item, BaseException):
                    raise RuntimeError("the serialisation failed mid-stream") from item
                assert isinstance(item, bytes)
                yield item
                item = await anyio.to_thread.run_sync(_next_chunk, chunks, finished)
        finally:
            cancelled.set()

    return StreamingResponse(body(), media_type=media_type, headers=headers)
