"""An extractor with an invented region pack over the world base, and a fixture that extracts one text
(reading its captures: tests/extract/helpers.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kg.extract.extractor import Extractor
from kg.extract.records import Extraction
from kg.gazetteer import load_gazetteer
from kg.ingest.reader import read_text

PACK = Path(__file__).resolve().parent / "pack.tsv"


@pytest.fixture(scope="session")
def pack_extractor() -> Extractor:
    return Extractor(gazetteer=load_gazetteer((str(PACK),)))


@pytest.fixture(scope="session")
def extract(pack_extractor: Extractor) -> Callable[..., Extraction]:
    def run(text: str, *, published: str | None = "2021-08-12") -> Extraction:
        sidecar = {"published": published} if published else None
        article = read_text(text.encode(), key="t", source_name="t.txt", sidecar=sidecar)
        return pack_extractor.extract(article)

    return run
