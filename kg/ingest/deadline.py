"""A wall-clock limit on reading one input, so one pathological page cannot stall a build.

Implemented with ``SIGALRM``, which interrupts Python code and regular expressions, not a single
call into C: the long such calls, lxml's parse and the text extractor's XPath queries, are kept
short by the limits of :mod:`kg.ingest.markup` and :data:`kg.ingest.html.MAX_ELEMENTS`.
Only the main thread can receive signals: elsewhere the limit is not enforced. A timer someone
else armed (pytest-timeout, say) is saved and re-armed afterwards with what was left of it.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from kg.errors import SkippedInput


class _Expired(BaseException):
    """Raised in the reading code when the time is up (a BaseException: no ``except Exception``
    on the way can swallow it)."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``SkippedInput("timeout")`` if the block runs longer than ``seconds`` (None: no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    outer_delay, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    if outer_delay and outer_delay <= seconds:
        yield  # an outer timer fires first anyway: leave it alone
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise _Expired

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise SkippedInput("timeout", f"still reading after {seconds:g} s") from None
    finally:
        _disarm()
        signal.signal(signal.SIGALRM, previous)
        if outer_delay:
            left = outer_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), outer_interval)


def _disarm() -> None:
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            return
        except _Expired:  # fired as the block finished: the block is done, so ignore it
            continue
