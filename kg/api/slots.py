"""Query slots: how many SPARQL queries ``kg serve`` evaluates at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

import anyio

from kg.api.errors import ApiError
from kg.api.threads import run_blocking

T = TypeVar("T")

SLOT_WAIT_SECONDS = 2.0
"""How long a request waits for a free slot before a 503."""


class QuerySlots:
    """At most ``settings.max_queries`` queries evaluate at once; a request waits SLOT_WAIT_SECONDS
    for a slot, then gets 503 ``busy``. Over the embedded store each slot has a worker process that
    is killed at the deadline (kg.api.workers); over a remote store a query runs in a thread (see
    :func:`run_in_slot`), which keeps its slot until it ends, so the load clients can cause stays
    bounded."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.running = 0
        self._semaphore = threading.BoundedSemaphore(size)
        self._count = threading.Lock()

    async def hold(self, *, wait: float = SLOT_WAIT_SECONDS) -> Slot:
        """Wait (without a thread) up to ``wait`` seconds for a free slot."""
        deadline = time.monotonic() + wait
        while not self._semaphore.acquire(blocking=False):
            if time.monotonic() > deadline:
                raise ApiError(503, "busy", f"{self.size} queries are running; try again shortly", {"Retry-After": "5"})
            await anyio.sleep(0.02)
        with self._count:
            self.running += 1
        return Slot(self)

    def _free(self) -> None:
        with self._count:
            self.running -= 1
        self._semaphore.release()


class Slot:
    """One held query slot, given back exactly once: by the query's thread when it ends, or by the
    request when its thread never started (the request was cancelled first)."""

    def __init__(self, slots: QuerySlots) -> None:
        self._slots, self._lock, self._state = slots, threading.Lock(), "held"

    def start(self) -> bool:
        with self._lock:
            if self._state != "held":
                return False
            self._state = "running"
            return True

    def release(self, *, unless_started: bool = False) -> bool:
        """Give the slot back (with ``unless_started``, only if its work never started); whether
        this call gave it back."""
        with self._lock:
            if self._state == "released" or (unless_started and self._state == "running"):
                return False
            self._state = "released"
        self._slots._free()
        return True


async def run_in_slot(
    slots: QuerySlots, work: Callable[[], T], *, timeout: float, wait: float = SLOT_WAIT_SECONDS
) -> T:
    """``work()`` in a worker thread once a slot is free (503 ``busy`` after ``wait`` seconds),
    answered with 503 ``timeout`` after ``timeout`` seconds; the slot is held until the work ends."""
    slot = await slots.hold(wait=wait)

    def held() -> T:
        if not slot.start():
            raise ApiError(503, "busy", "the request was cancelled before its query started", {"Retry-After": "5"})
        try:
            return work()
        finally:
            slot.release()

    try:
        return await run_blocking(held, timeout=timeout)
    finally:
        slot.release(unless_started=True)
