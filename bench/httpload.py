"""A small HTTP load generator: ``CLIENTS`` concurrent keep-alive connections sending the same GET
for ``SECONDS``; prints requests/s, p50/p95 latency and the error count as JSON. Run as its own
process so the client's CPU is not the server's.

    python bench/httpload.py URL CLIENTS SECONDS
"""

from __future__ import annotations

import asyncio
import json
import sys
import time


async def _client(client, url: str, stop: float, latencies: list[float], errors: list[str]) -> None:
    while time.perf_counter() < stop:
        started = time.perf_counter()
        try:
            response = await client.get(url)
            await response.aread()
            if response.status_code != 200:
                errors.append(str(response.status_code))
                continue
        except Exception as exc:  # a refused or reset connection is counted, not fatal
            errors.append(type(exc).__name__)
            continue
        latencies.append(time.perf_counter() - started)


async def load(url: str, clients: int, seconds: float) -> dict[str, float]:
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        limits=limits, timeout=60, headers={"Accept": "application/sparql-results+json, application/json"}
    ) as client:
        await client.get(url)  # warm the server's caches and the connection
        started = time.perf_counter()
        await asyncio.gather(*(_client(client, url, started + seconds, latencies, errors) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q / 100 * len(latencies)))] if latencies else 0.0

    return {
        "requests": len(latencies),
        "errors": len(errors),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50_ms": pct(50) * 1000,
        "p95_ms": pct(95) * 1000,
        "error_kinds": sorted(set(errors))[:5],
    }


def run(url: str, clients: int, seconds: float) -> dict[str, float]:
    """:func:`load` in a subprocess."""
    import subprocess

    result = subprocess.run(
        [sys.executable, __file__, url, str(clients), str(seconds)], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    print(json.dumps(asyncio.run(load(sys.argv[1], int(sys.argv[2]), float(sys.argv[3])))))
