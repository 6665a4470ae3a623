"""The export stream's producer and consumer never wait on each other for ever: a reader that comes
back after the producer gave up gets an error (the connection is aborted), not a hung thread."""

from __future__ import annotations

import time
from typing import BinaryIO

import anyio
import pytest

from kg.api import streaming


def _write_forever(output: BinaryIO) -> None:
    while True:
        output.write(b"x" * streaming.CHUNK_BYTES)


def _every_slot_free() -> bool:
    taken = [streaming._slots.acquire(timeout=2) for _ in range(streaming.MAX_STREAMS)]
    for ok in taken:
        if ok:
            streaming._slots.release()
    return all(taken)


def test_a_reader_back_after_the_producer_gave_up_gets_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streaming, "STALL_SECONDS", 0.5)

    async def read_after_a_stall() -> tuple[int, float]:
        response = await streaming.stream(_write_forever, media_type="application/n-quads")
        chunks = response.body_iterator
        received = len(await chunks.__anext__())
        await anyio.sleep(1.5)  # longer than STALL_SECONDS: the producer stops waiting for us
        started = time.monotonic()
        with pytest.raises(RuntimeError, match="failed mid-stream"):
            async for chunk in chunks:
                received += len(chunk)
        return received, time.monotonic() - started

    received, drained_in = anyio.run(read_after_a_stall)
    assert received >= streaming.CHUNK_BYTES * streaming.QUEUE_CHUNKS  # what was queued is delivered first
    assert drained_in < 5
    assert _every_slot_free()


def test_a_failure_before_the_first_byte_is_an_http_error_and_frees_the_slot() -> None:
    def fail(output: BinaryIO) -> None:
        raise OSError("disk gone")

    async def start() -> None:
        await streaming.stream(fail, media_type="text/turtle")

    with pytest.raises(streaming.ApiError) as raised:
        anyio.run(start)
    assert raised.value.status == 500 and "disk" not in raised.value.message
    assert _every_slot_free()
