"""K10: ``kg build`` reports each article the moment it is committed, and a store it can no longer
write (a full disk, a removed directory, a server gone) ends the build with one line and exit 1.

Every test runs the real ``kg build`` in its own process against a real store on a real failing
file system or server. The corpora are SYNTHETIC (``test_durability.short_corpus``: template
sentences with gazetteer places swapped in, each labelled as synthetic): not real reporting.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg.store import OxigraphStore, Store
from tests.helpers import (
    RemoteServer,
    free_port,
    kg_command,
    oxigraph_command,
    sparql_answers,
)

from .test_durability import kg_env, short_corpus

DISK_BYTES = 4 * 2**20
"""Room for the reference graphs (about 1.4 MiB of write-ahead log) and some 20 short articles."""


# ---- running a build and reading what it printed ------------------------------------------------------


class Build:
    """``kg build`` in its own process group, its stdout read line by line as it is printed."""

    def __init__(
        self, args: list[str], env: dict[str, str], stderr: Path, *, file_size_limit: int | None = None
    ) -> None:
        with stderr.open("w") as errors:
            self.process = subprocess.Popen(
                [*kg_command(), "build", *args],
                env=env,
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
                start_new_session=True,
            )
        if file_size_limit is not None:  # as `ulimit -f`: a write past it fails with EFBIG (Python ignores SIGXFSZ)
            resource.prlimit(self.process.pid, resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))
        self.stderr = stderr
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def ingested(self) -> list[str]:
        return [line.split()[1] for line in list(self.lines) if line.startswith("ingested ")]

    def wait_for(self, articles: int, timeout: float = 180) -> None:
        """Until ``articles`` ingested lines were printed (the build still running)."""
        deadline = time.monotonic() + timeout
        while len(self.ingested()) < articles:
            assert self.process.poll() is None, f"the build ended first: {self.stderr.read_text()}"
            assert time.monotonic() < deadline, f"fewer than {articles} articles in {timeout} s"
            time.sleep(0.02)

    def kill(self) -> None:
        """SIGKILL to the build and its extraction workers (its process group)."""
        os.killpg(self.process.pid, signal.SIGKILL)

    def finish(self, timeout: float = 300) -> int:
        """The exit code, once the build ended and everything it printed was read."""
        try:
            code = self.process.wait(timeout=timeout)
        finally:
            if self.process.poll() is None:
                self.kill()
        self._reader.join(timeout=30)
        return code


def stored(store: Store, minter) -> set[str]:
    return set(store.ledger(minter.provenance_graph()))


def stored_on_disk(path: Path, minter) -> set[str]:
    with OxigraphStore(path, read_only=True) as store:
        return stored(store, minter)


def one_error_line(build: Build) -> str:
    """The build's stderr, checked to be a single line and no traceback."""
    errors = build.stderr.read_text()
    assert "Traceback" not in errors, errors
    lines = errors.splitlines()
    assert len(lines) == 1, errors
    return lines[0]


# ---- (a) a full disk -------------------------------------------------------------------------------------


@contextmanager
def tmpfs(directory: Path, size: int) -> Iterator[Path]:
    """A tmpfs of ``size`` bytes mounted on ``directory`` (root only)."""
    directory.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root; the file-size-limit variant runs instead")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(directory)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()}); the file-size-limit variant runs instead")
    try:
        yield directory
    finally:
        subprocess.run(["umount", str(directory)], check=True)


@contextmanager
def full_disk(fault: str, tmp_path: Path) -> Iterator[tuple[Path, int | None, str]]:
    """The store's path, the build's file-size limit and the cause it should name, for ``fault``."""
    if fault == "tmpfs":
        with tmpfs(tmp_path / "disk", DISK_BYTES) as disk:
            yield disk / "kg", None, "No space left on device (ENOSPC)"
    else:
        yield tmp_path / "kg", DISK_BYTES, "File too large (EFBIG)"


@pytest.mark.slow
@pytest.mark.threat("K10")
@pytest.mark.parametrize("fault", ["tmpfs", "file_size_limit"])
def test_a_full_disk_ends_the_build_with_one_line_after_reporting_every_article_it_stored(
    tmp_path: Path, minter, fault: str
) -> None:
    """The store on a 4 MiB tmpfs (a real full file system), or under a 4 MiB file-size limit:
    the build stops at the first article that does not fit, says so in one line naming the store
    and the cause, and every article the store holds afterwards had its ``ingested`` line."""
    corpus = short_corpus(tmp_path / "corpus", 60, seed=14)[0].parent
    with full_disk(fault, tmp_path) as (store, limit, cause):
        build = Build([str(corpus)], kg_env(store), tmp_path / "stderr.txt", file_size_limit=limit)
        assert build.finish() == 1, build.stderr.read_text()
        line = one_error_line(build)
        held = stored_on_disk(store, minter)
    assert line.startswith(f"error: the store at {store} could not be written: {cause}"), line
    assert f"the build stopped after writing {len(held)} article(s)" in line and "run the build again" in line, line
    assert 0 < len(held) < 60, "the disk should fill mid-build"
    assert set(build.ingested()) == held, "an article stored without its line, or a line for one not stored"


# ---- (b) kill -9 ---------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.threat("K10")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_killed_mid_way_had_printed_the_line_of_every_article_it_committed(
    tmp_path: Path, minter, jobs: int
) -> None:
    """SIGKILL a random moment after the 10th line: each article in the store had its line read
    from the build's stdout, except at most the one committed in the instant of the kill (between
    its commit and its line: no order of the two closes that gap, and a line before the commit
    could announce an article that is never stored). No line names an article not stored."""
    corpus = short_corpus(tmp_path / "corpus", 300, seed=jobs)[0].parent
    store = tmp_path / "kg"
    build = Build(["--jobs", str(jobs), str(corpus)], kg_env(store), tmp_path / "stderr.txt")
    build.wait_for(10)
    time.sleep(random.Random(jobs).uniform(0.0, 0.5))
    build.kill()
    assert build.finish() == -signal.SIGKILL
    printed, held = set(build.ingested()), stored_on_disk(store, minter)
    assert 10 <= len(printed) and len(held) < 300, "the kill should land mid-build"
    assert printed <= held, f"lines for articles not stored: {sorted(printed - held)}"
    assert len(held - printed) <= 1, f"articles stored without their line: {sorted(held - printed)}"


# ---- (c) a lost store: its directory removed, its server gone ---------------------------------------------------


@pytest.mark.slow
@pytest.mark.threat("K10")
def test_a_store_directory_removed_mid_build_ends_it_with_one_line(tmp_path: Path) -> None:
    """RocksDB goes on appending to its open (now unlinked) log, so the loss shows at the next file
    it creates, at the latest the flush that ends the build: one line, exit 1. (A directory made
    read-only is not tested: root, which runs these tests in CI, writes there anyway, and a
    tmpfs cannot be remounted read-only while the build holds files open for writing.)"""
    corpus = short_corpus(tmp_path / "corpus", 40, seed=15)[0].parent
    store = tmp_path / "kg"
    build = Build([str(corpus)], kg_env(store), tmp_path / "stderr.txt")
    build.wait_for(5)
    while store.exists():  # the build may create a file while the tree is being removed
        shutil.rmtree(store, ignore_errors=True)
    assert build.finish() == 1
    line = one_error_line(build)
    assert line.startswith(f"error: the store at {store} could not be written: No such file or directory (ENOENT)"), (
        line
    )
    assert "its directory was removed while the build ran" in line, line


@contextmanager
def oxigraph_process(directory: Path) -> Iterator[tuple[RemoteServer, subprocess.Popen]]:
    """The ``oxigraph`` server on ``directory`` and its process (to kill it)."""
    command = oxigraph_command()
    if command is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph: it is in the test extras)")
    port = free_port()
    process = subprocess.Popen(
        [command, "serve", "--location", str(directory), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not sparql_answers(base + "/query", timeout=1):
            assert process.poll() is None and time.monotonic() < deadline, "the oxigraph server did not start"
            time.sleep(0.05)
        yield RemoteServer("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store"), process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


@pytest.mark.slow
@pytest.mark.threat("K10")
def test_a_remote_store_gone_for_good_ends_the_build_with_one_line(tmp_path: Path, minter) -> None:
    """The server is SIGKILLed mid-build: once the retries are spent, one line naming the store and
    exit 1; the server restarted on its database holds the articles that had their line (and at
    most the one whose update it committed as it was killed, before answering)."""
    corpus = short_corpus(tmp_path / "corpus", 200, seed=16)[0].parent
    database = tmp_path / "db"
    with oxigraph_process(database) as (remote, server):
        build = Build(
            [str(corpus)], {**kg_env(database), **remote.env()}, tmp_path / "stderr.txt"
        )  # KG_STORE: the server
        build.wait_for(5)
        server.kill()
        assert build.finish() == 1
    line = one_error_line(build)
    assert line.startswith(f"error: the store at {remote.location} stopped answering:"), line
    assert "gave up after" in line and "once it is back, run the build again" in line, line
    with oxigraph_process(database) as (restarted, _), restarted.open(read_only=True) as store:
        held = stored(store, minter)
    printed = set(build.ingested())
    assert printed <= held and len(held - printed) <= 1, (sorted(printed), sorted(held))
