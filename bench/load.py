"""Store writes: kg's write path (one atomic ``replace_article`` per article, as ``kg build`` does,
and an ``INSERT DATA`` for each part of the merged view, as kg.resolve does) against pyoxigraph's
bulk loader, on the same quads."""

from __future__ import annotations

import re
import shutil
import time
from collections import defaultdict
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode, Quad, RdfFormat

from bench.graphgen import BASE, Template
from kg.namespaces import KG
from kg.sparql.update import insert_data

_DOCUMENT_KEY = KG.documentKey.value
_SHA16 = re.compile(r"/([0-9a-f]{16})(?:/|$)")


def article_batches(template: Template, clones: int) -> tuple[list[list[Quad]], bytes]:
    """The cloned quads grouped as a build writes them (per article: its graph and its provenance;
    per clone: its merged-view part), and the same quads as N-Quads."""
    from bench.graphgen import clone_bytes

    batches: list[list[Quad]] = []
    data = []
    provenance, merged = f"{BASE}graph/provenance", f"{BASE}graph/merged"
    for clone in range(1, clones + 1):  # clone 0 would repeat the seed IRIs of other runs
        chunk = clone_bytes(template, clone)
        data.append(chunk)
        groups: dict[str, list[Quad]] = defaultdict(list)
        for quad in pyoxigraph.parse(chunk, format=RdfFormat.N_QUADS):
            graph = quad.graph_name.value
            if graph == merged:
                groups["merged"].append(quad)
                continue
            match = _SHA16.search(graph if graph != provenance else quad.subject.value)
            groups[match.group(1) if match else "merged"].append(quad)
        batches.extend(groups.values())
    return batches, b"".join(data)


def time_kg_writes(batches: list[list[Quad]], directory: Path) -> float:
    """Seconds for kg's store to write every batch as one atomic update (then flush)."""
    from kg.store.oxigraph import OxigraphStore

    shutil.rmtree(directory, ignore_errors=True)
    provenance = NamedNode(f"{BASE}graph/provenance")
    with OxigraphStore(directory) as store:
        started = time.perf_counter()
        for batch in batches:
            key = next((q.object.value for q in batch if q.predicate.value == _DOCUMENT_KEY), None)
            if key is None:  # a part of the merged view: added as kg.resolve adds its difference
                store.update(insert_data(batch))
            else:
                store.replace_article(provenance_graph=provenance, key=key, old=[], quads=batch)
        store.flush()
        elapsed = time.perf_counter() - started
    shutil.rmtree(directory, ignore_errors=True)
    return elapsed


def time_bulk_load(data: bytes, directory: Path) -> tuple[float, int]:
    """Seconds for pyoxigraph's ``bulk_load`` of the same N-Quads into a fresh store (then flush)."""
    shutil.rmtree(directory, ignore_errors=True)
    store = pyoxigraph.Store(str(directory))
    started = time.perf_counter()
    store.bulk_load(data, format=RdfFormat.N_QUADS)
    store.flush()
    elapsed = time.perf_counter() - started
    count = len(store)
    del store
    shutil.rmtree(directory, ignore_errors=True)
    return elapsed, count


def time_transaction_extend(batches: list[list[Quad]], directory: Path) -> float:
    """Seconds for pyoxigraph's transactional ``Store.extend`` per batch (the same atomicity as kg's
    updates, without SPARQL text): how much of kg's cost is the text round trip."""
    shutil.rmtree(directory, ignore_errors=True)
    store = pyoxigraph.Store(str(directory))
    started = time.perf_counter()
    for batch in batches:
        store.extend(batch)
    store.flush()
    elapsed = time.perf_counter() - started
    del store
    shutil.rmtree(directory, ignore_errors=True)
    return elapsed
