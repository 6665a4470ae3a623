"""An installed kg carries its ontology, gazetteer, shapes and queries."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT, build_wheel


@pytest.mark.slow
def test_the_wheel_carries_ontology_and_queries(tmp_path: Path) -> None:
    names = set(zipfile.ZipFile(build_wheel(tmp_path)).namelist())
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
