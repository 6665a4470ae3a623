"""The README's samples are what kg prints. Each fenced block of ``$ kg ...`` lines is run, in
README order, in a fresh directory laid out as a user's clone (``seeds/``, ``queries/``,
``tests/data/``, no ``KG_STORE``), and its output compared line by line; a line ``...`` stands for
any number of lines. The named-query table must list every query with the columns it returns."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def sample_blocks(text: str) -> list[list[str]]:
    """The fenced blocks whose first line is a ``$ kg`` command."""
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    return [block.splitlines() for block in blocks if block.startswith("$ kg ")]


def commands(block: list[str]) -> list[tuple[str, list[str]]]:
    """``(command, expected output lines)`` for each ``$`` line of a block."""
    runs: list[tuple[str, list[str]]] = []
    for line in block:
        if line.startswith("$ "):
            runs.append((line[2:], []))
        else:
            runs[-1][1].append(line)
    return runs


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is ``expected`` with each ``...`` line standing for any number of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[start:]) for start in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and matches(expected[1:], actual[1:])


def test_the_wildcard_stands_for_any_number_of_lines() -> None:
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"]) and matches(["a", "...", "b"], ["a", "b"])
    assert not matches(["a", "...", "d"], ["a", "b", "c"]) and not matches(["a"], ["a", "b"])


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh working directory with what the README's commands read, as in a clone."""
    where = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "seeds", where / "seeds")
    shutil.copytree((ROOT / "queries").resolve(), where / "queries")
    (where / "tests" / "data").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "data" / "seed_captures.tsv", where / "tests" / "data")
    return where


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environment.get('PATH', '')}"
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=environment, capture_output=True, text=True, timeout=600
    )


def test_the_samples_are_what_kg_prints(clone: Path) -> None:
    blocks = sample_blocks(README)
    assert [block[0] for block in blocks][:2] == [
        "$ kg build seeds/",
        "$ kg query -f queries/captures.rq --format csv | cut -d, -f1-5 | head -6",
    ]
    for block in blocks:
        for command, expected in commands(block):
            run = _run(command, clone)
            assert matches(expected, run.stdout.splitlines()), (
                f"README sample of `{command}` is stale (python tests/test_readme.py --update rewrites the samples); kg printed:\n"
                + run.stdout
                + run.stderr
            )


def refreshed(expected: list[str], actual: list[str]) -> list[str]:
    """``expected`` brought up to date with ``actual``, keeping its shape: the lines before the first
    ``...`` and after the last are taken from ``actual``; a run of lines between two ``...`` is kept
    if ``actual`` still has it, else dropped."""
    if "..." not in expected:
        return actual
    first, last = expected.index("..."), len(expected) - 1 - expected[::-1].index("...")
    middle = expected[first + 1 : last]
    tail = len(expected) - last - 1
    out = [*actual[:first], "..."]
    if middle and "..." not in middle and matches(["...", *middle, "..."], actual):
        out += [*middle, "..."]
    return out + (actual[len(actual) - tail :] if tail else [])


def update(readme: Path = ROOT / "README.md") -> None:
    """Rewrite the README's samples with what kg prints now (run in a fresh clone-like directory)."""
    import tempfile

    text = readme.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        shutil.copytree(ROOT / "seeds", where / "seeds")
        shutil.copytree((ROOT / "queries").resolve(), where / "queries")
        (where / "tests" / "data").mkdir(parents=True)
        shutil.copy(ROOT / "tests" / "data" / "seed_captures.tsv", where / "tests" / "data")
        for block in sample_blocks(text):
            lines = []
            for command, expected in commands(block):
                lines += [f"$ {command}", *refreshed(expected, _run(command, where).stdout.splitlines())]
            text = text.replace("\n".join(block) + "\n", "\n".join(lines) + "\n", 1)
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_readme.py --update  (rewrites the README's samples)")
    update()


def test_the_named_query_table_lists_every_query_with_its_columns(seed_store: OxigraphStore) -> None:
    section = README.split("## Named queries", 1)[1].split("\n## ", 1)[0]
    table = {}
    for row in re.findall(r"^\| `(\w+\.rq)` \|[^|]*\| (.*) \|$", section, flags=re.MULTILINE):
        table[row[0]] = " ".join(re.findall(r"`([^`]*)`", row[1])).split()
    files = sorted(p.name for p in (ROOT / "queries").glob("*.rq"))
    assert sorted(table) == files
    for name in files:
        result = seed_store.query((ROOT / "queries" / name).read_text(encoding="utf-8"))
        assert table[name] == [v.value for v in result.variables], name
