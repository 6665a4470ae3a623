"""A mixed load with one attacker: ``CLIENTS - 1`` clients send a cheap SELECT in a loop while one
client sends a heavy cross product in a loop (each runs to the query time limit and is stopped);
prints the cheap queries' p50/p99 latency, their status counts and the attacker's, as JSON. Run
as its own process so the clients' CPU is not the server's.

    python bench/attack.py BASE_URL CLIENTS SECONDS
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter

from kg.namespaces import KG

CHEAP = f"SELECT ?article ?name WHERE {{ ?article {KG.sourceName} ?name }} LIMIT 10"
HEAVY = "SELECT (COUNT(*) AS ?c) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


async def _client(client, base: str, query: str, stop: float, latencies: list[float], statuses: Counter) -> None:
    while time.perf_counter() < stop:
        started = time.perf_counter()
        try:
            response = await client.post(base + "/sparql", data={"query": query})
            await response.aread()
            statuses[response.status_code] += 1
        except Exception as exc:  # a refused or reset connection is counted, not fatal
            statuses[type(exc).__name__] += 1
            continue
        if response.status_code == 200:
            latencies.append(time.perf_counter() - started)


async def load(base: str, clients: int, seconds: float) -> dict[str, object]:
    import httpx

    cheap: list[float] = []
    heavy: list[float] = []
    cheap_statuses: Counter = Counter()
    heavy_statuses: Counter = Counter()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        limits=limits, timeout=120, headers={"Accept": "application/sparql-results+json"}
    ) as client:
        await client.post(base + "/sparql", data={"query": CHEAP})  # warm the connection
        started = time.perf_counter()
        stop = started + seconds
        await asyncio.gather(
            _client(client, base, HEAVY, stop, heavy, heavy_statuses),
            *(_client(client, base, CHEAP, stop, cheap, cheap_statuses) for _ in range(clients - 1)),
        )
        elapsed = time.perf_counter() - started
    cheap.sort()

    def pct(q: float) -> float:
        return cheap[min(len(cheap) - 1, int(q / 100 * len(cheap)))] * 1000 if cheap else 0.0

    return {
        "seconds": elapsed,
        "cheap_requests": len(cheap),
        "cheap_rps": len(cheap) / elapsed,
        "cheap_p50_ms": pct(50),
        "cheap_p99_ms": pct(99),
        "cheap_max_ms": cheap[-1] * 1000 if cheap else 0.0,
        "cheap_statuses": {str(k): v for k, v in cheap_statuses.items()},
        "attacker_statuses": {str(k): v for k, v in heavy_statuses.items()},
    }


def run(base: str, clients: int, seconds: float) -> dict[str, object]:
    """:func:`load` in a subprocess."""
    import subprocess

    result = subprocess.run(
        [sys.executable, __file__, base, str(clients), str(seconds)], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    print(json.dumps(asyncio.run(load(sys.argv[1], int(sys.argv[2]), float(sys.argv[3])))))
