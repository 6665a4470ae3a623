"""kg as a library: the README's example runs as written, in a fresh directory, and ``import kg``
stays light (the CLI imports it for its version)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _example() -> str:
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## kg as a library", 1)[1]
    return re.search(r"```python\n(.*?)```", section, flags=re.DOTALL).group(1)


def test_the_readme_example_runs(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    result = subprocess.run(
        [sys.executable, "-c", _example()], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    assert (
        "Faya" in result.stdout and "2021-04-19" in result.stdout
    )  # the text built from memory, dated from "on Monday"
    check = (
        "import kg\n"
        "with kg.open_store('data/kg', read_only=True) as store:\n"
        "    frame = kg.query_frame(store, kg.named_query('captures'))\n"
        "    print(len(frame), sorted(set(frame['source']))[:2], kg.query_rows(store, 'SELECT (1 AS ?one) WHERE {}'))\n"
    )
    again = subprocess.run(
        [sys.executable, "-c", check], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=300
    )
    assert again.returncode == 0, again.stderr
    count, rest = again.stdout.split(" ", 1)
    assert int(count) > 30 and "000_50a4bb2c8a24be6b.txt" in rest and "[{'one': 1}]" in rest


def test_import_kg_loads_no_pipeline_and_no_store() -> None:
    probe = (
        "import sys, kg; print(sorted(m for m in ('spacy', 'pyoxigraph', 'pandas', 'kg.library') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "[]"
    assert set(__import__("kg").__all__) >= {
        "open_store",
        "build_paths",
        "build_texts",
        "query_rows",
        "query_frame",
        "named_query",
    }
