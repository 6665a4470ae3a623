"""Shared fixtures: the seed articles built once into a real on-disk store, and a real server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.build import build
from kg.config import DEFAULT_BASE_IRI, Settings
from kg.extract.extractor import Extractor
from kg.namespaces import Minter
from kg.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
QUERIES = ROOT / "queries"
GOLD = Path(__file__).resolve().parent / "data" / "seed_captures.tsv"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def minter() -> Minter:
    return Minter(DEFAULT_BASE_IRI)


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor, minter: Minter) -> Path:
    """The five seeds built into an on-disk store (closed again: open it read-only in tests)."""
    path = tmp_path_factory.mktemp("seed-store") / "kg"
    with OxigraphStore(path) as store:
        report = build([str(SEEDS)], store=store, extractor=extractor, minter=minter, max_file_bytes=Settings().max_file_bytes)
    assert report.count("ingested") == 5, report.results
    return path


@pytest.fixture()
def seed_store(seed_store_path: Path) -> Iterator[OxigraphStore]:
    with OxigraphStore(seed_store_path, read_only=True) as store:
        yield store


@pytest.fixture()
def store_copy(seed_store_path: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the seed store."""
    target = tmp_path / "kg"
    shutil.copytree(seed_store_path, target)
    (target / "LOCK").unlink(missing_ok=True)
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kg_command() -> list[str]:
    """The installed console script, as a user runs it."""
    script = Path(sys.executable).parent / "kg"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kg.cli"]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, seed_store_path: Path) -> Iterator[str]:
    """``kg serve`` in its own process on a loopback port, over a copy of the seed store."""
    store = tmp_path_factory.mktemp("served") / "kg"
    shutil.copytree(seed_store_path, store)
    port = free_port()
    env = {**os.environ, "KG_STORE": str(store)}
    process = subprocess.Popen(
        [*kg_command(), "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"kg serve exited: {process.stderr.read() if process.stderr else ''}")
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("kg serve did not come up within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
