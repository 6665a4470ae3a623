"""Casualty figures across articles: two invented articles report one attack with figures that disagree,
and one gives a cumulative total. The merged view holds one incident with both figures side by side,
linked as disagreeing, and the corpus range with its sources; the total stays out of the incident."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.build import build
from kg.casualty_view import casualty_incidents, casualty_page, corpus_range
from kg.dashboard import Dashboard
from kg.extract.extractor import Extractor
from kg.gazetteer import load_gazetteer
from kg.namespaces import Minter
from kg.resolve.casualties import disagree
from kg.store import OxigraphStore
from kg.tables import event_rows
from tests.helpers import serve

PACK = Path(__file__).resolve().parent / "extract" / "pack.tsv"
ARTICLES = {
    "ministry.txt": "Attack on Vellport\nAugust 11, 2021\n\nVale Front fighters attacked an army base in Vellport on "
    "Tuesday, August 10. The Northmark defense ministry said 12 soldiers were killed in the attack on Vellport. "
    "The conflict has killed 3,000 people since January.\n",
    "group.txt": "Insurgents strike Vellport\nAugust 12, 2021\n\nVale Front fighters attacked an army base in "
    "Vellport on August 10. A Vale Front spokesman said at least 40 soldiers were killed in the attack on "
    "Vellport.\n",
}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, minter: Minter) -> Path:
    folder = tmp_path_factory.mktemp("two-articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "kg"
    extractor = Extractor(gazetteer=load_gazetteer((str(PACK),)))
    with OxigraphStore(path) as store:
        report = build([str(folder)], store=store, extractor=extractor, minter=minter, max_file_bytes=10**6)
    assert report.count("ingested") == 2, report.results
    return path


@pytest.fixture()
def dashboard(store_path: Path, minter: Minter) -> Iterator[Dashboard]:
    with OxigraphStore(store_path, read_only=True) as store:
        yield Dashboard(store, minter)


def test_one_incident_with_disagreeing_figures_and_a_corpus_range(dashboard: Dashboard) -> None:
    incidents = casualty_incidents(dashboard, kind="killed", limit=10, offset=0)["items"]
    assert len(incidents) == 1
    (incident,) = incidents
    figures = {f["source"]: f for f in incident["figures"]}
    assert set(figures) == {"ministry.txt", "group.txt"}
    ministry, group = figures["ministry.txt"], figures["group.txt"]
    assert (ministry["low"], ministry["high"], group["low"], group["high"]) == (12, 12, 40, None)
    assert ministry["disagrees_with"] == [group["iri"]] and group["disagrees_with"] == [ministry["iri"]]
    assert "ministry" in ministry["speaker"] and "spokesman" in group["speaker"]
    assert (incident["low"], incident["high"], incident["disagreement"]) == (12, None, True)
    assert incident["low_sources"] == ["ministry.txt"] and incident["sources"] == ["group.txt", "ministry.txt"]


def test_a_cumulative_total_is_never_added_to_an_incident(dashboard: Dashboard) -> None:
    totals = casualty_page(dashboard, kind=None, scope="cumulative", limit=10, offset=0)["items"]
    assert [(t["figure"], t["low"]) for t in totals] == [("3,000", 3000)]
    incidents = casualty_incidents(dashboard, kind=None, limit=10, offset=0)["items"]
    assert all(f["scope"] == "incident" for i in incidents for f in i["figures"])
    assert all(i["low"] in (None, 12) for i in incidents)  # 3,000 is nowhere in an incident's range


def test_ranges_that_overlap_do_not_disagree() -> None:
    def figure(low: int | None, high: int | None, article: str) -> dict:
        return {"low": low, "high": high, "best": low, "article": article, "speaker": None, "source": article}

    assert not disagree(figure(20, None, "a"), figure(24, 99, "b"))  # "at least 20" and "dozens"
    assert disagree(figure(12, 12, "a"), figure(24, 99, "b"))
    assert not disagree(figure(12, 12, "a"), figure(40, 40, "a"))  # one article, one speaker: two figures
    summary = corpus_range(
        [{**figure(12, 12, "a"), "disagrees_with": []}, {**figure(24, 99, "b"), "disagrees_with": []}]
    )
    assert (summary["low"], summary["high"], summary["best"]) == (12, 99, 12)


def test_the_api_serves_figures_and_incidents_over_http(store_path: Path, tmp_path: Path) -> None:
    with serve(store_path) as live:
        page = httpx.get(live.url + "/api/v1/casualties", params={"kind": "killed", "limit": 1}, timeout=60).json()
        assert page["total"] == 3 and len(page["items"]) == 1
        incidents = httpx.get(live.url + "/api/v1/casualties/incidents", timeout=60).json()
        assert incidents["total"] == 1 and incidents["items"][0]["disagreement"] is True
        bad = httpx.get(live.url + "/api/v1/casualties", params={"scope": "forever"}, timeout=60)
        assert bad.status_code == 422 and set(bad.json()) == {"error", "message", "request_id"}


def test_the_events_table_gives_the_incidents_fatalities(dashboard: Dashboard) -> None:
    rows = event_rows(dashboard)
    attack = next(r for r in rows if r["fatalities_low"] is not None)
    assert attack["location"] == "Vellport" and attack["kg_type"] == "Attack"
    assert (attack["fatalities_low"], attack["fatalities_best"], attack["fatalities_high"]) == (12, 12, None)
    assert sum(1 for r in rows if r["fatalities_low"] is not None) == 1  # the total since January is no event's


def test_the_merged_graph_links_the_disagreeing_figures(store_path: Path, minter: Minter) -> None:
    with OxigraphStore(store_path, read_only=True) as store:
        rows = store.select_rows(
            "PREFIX kg: <https://w3id.org/kg-news/ontology#> "
            f"SELECT ?a ?b WHERE {{ GRAPH {minter.merged_graph()} {{ ?a kg:disagreesWith ?b }} }}"
        )
        figures = {
            r["s"]: r["figure"]
            for r in store.select_rows(
                "PREFIX kg: <https://w3id.org/kg-news/ontology#> SELECT ?s ?figure WHERE { ?s kg:figureText ?figure }"
            )
        }
    pairs = {(figures[r["a"]], figures[r["b"]]) for r in rows}
    assert pairs == {("12", "at least 40"), ("at least 40", "12")}
