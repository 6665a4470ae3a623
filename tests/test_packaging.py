"""An installed kg carries its ontology, gazetteer, shapes and queries."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT


@pytest.mark.slow
def test_the_wheel_carries_ontology_and_queries(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("kg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "kg/ontology/kg.ttl",
        "kg/ontology/shapes.ttl",
        "kg/ontology/gazetteer.ttl",
        "kg/queries/captures.rq",
        "kg/cli.py",
    ):
        assert required in names, required
    assert not any(name.startswith(("tests/", "seeds/")) for name in names)


def test_top_level_folders_are_the_packaged_ones() -> None:
    assert (ROOT / "ontology").resolve() == (ROOT / "kg" / "ontology").resolve()
    assert (ROOT / "queries").resolve() == (ROOT / "kg" / "queries").resolve()
