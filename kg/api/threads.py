"""Running blocking work (store calls, serialisation) off the event loop."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

import anyio.to_thread

from kg.api.errors import ApiError

T = TypeVar("T")

ENGINE_STACK_BYTES = 64 * 2**20
"""Stack for threads that run the engine: pyoxigraph recurses on the shape of a query, and the
default 8 MiB is what the query guard's limits are measured against; 8 times that is the margin."""


def use_engine_stacks() -> None:
    """Give every thread started from now on (worker and streaming threads) ENGINE_STACK_BYTES of
    stack. Only address space is reserved; memory is used as a query recurses."""
    threading.stack_size(ENGINE_STACK_BYTES)


async def run_blocking(fn: Callable[..., T], *args: object, timeout: float | None = None) -> T:
    """``fn(*args)`` in a worker thread. With ``timeout``, answer 503 ``timeout`` after that many
    seconds; the thread cannot be interrupted, so it is abandoned and finishes in the background."""
    call = functools.partial(fn, *args)
    if timeout is None:
        return await anyio.to_thread.run_sync(call)
    with anyio.move_on_after(timeout):
        return await anyio.to_thread.run_sync(call, abandon_on_cancel=True)
    raise ApiError(503, "timeout", "the query ran past its time limit", {"Retry-After": "5"})
