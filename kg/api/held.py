"""Results held by the server between their query and their client. A query's answer is complete
before it is sent, and its worker and slot are free by then (so a slow reader holds no query slot);
what clients leave unread is bounded here instead: one budget for all the bytes held (503 ``busy``
beyond it), and a deadline on each chunk sent (a client that stops reading loses its connection
and its bytes)."""

from __future__ import annotations

import logging
import threading
from collections import deque

import anyio
from fastapi.responses import Response
from starlette.types import Receive, Scope, Send

from kg.api.errors import ApiError

log = logging.getLogger("kg.api")


class HeldBytes:
    """A budget of bytes the server holds for results not yet sent, and how long each chunk of
    them may wait for its client to read it."""

    def __init__(self, capacity: int, *, send_timeout: float) -> None:
        self.capacity = capacity
        self.send_timeout = send_timeout
        self.held = 0
        self._lock = threading.Lock()

    def take(self, size: int) -> None:
        """Count ``size`` more bytes held, or answer 503 ``busy`` when they do not fit."""
        with self._lock:
            if self.held + size > self.capacity:
                raise ApiError(
                    503,
                    "busy",
                    "too many results are waiting for their clients; try again shortly",
                    {"Retry-After": "5"},
                )
            self.held += size

    def give(self, size: int) -> None:
        with self._lock:
            self.held -= size


class HeldResult(Response):
    """A result in chunks, each sent within the budget's ``send_timeout`` and let go once sent; its
    bytes go back to the budget when it is sent or abandoned."""

    def __init__(self, chunks: deque[bytes], *, budget: HeldBytes, media_type: str, headers: dict[str, str]) -> None:
        self._chunks, self._budget = chunks, budget
        self._size = sum(len(chunk) for chunk in chunks)
        budget.take(self._size)
        super().__init__(media_type=media_type, headers={**headers, "Content-Length": str(self._size)})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
            while True:
                chunk = self._chunks.popleft() if self._chunks else b""
                more = bool(self._chunks)
                with anyio.fail_after(self._budget.send_timeout):
                    await send({"type": "http.response.body", "body": chunk, "more_body": more})
                if not more:
                    break
        except TimeoutError:
            log.warning(
                "a client read nothing of its result for %.0f s; its connection is closed", self._budget.send_timeout
            )
        finally:
            self._chunks.clear()
            self._budget.give(self._size)
