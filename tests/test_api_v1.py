"""The dashboard JSON API over real HTTP: filters, provenance on every item, GeoJSON, errors."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from kg.gazetteer import load_gazetteer
from tests.helpers import serve


def get(server: str, path: str, **params) -> httpx.Response:
    return httpx.get(server + "/api/v1" + path, params=params, timeout=60)


def test_events_filter_and_page(server: str) -> None:
    captures = get(server, "/events", type="TakeControl", limit=500).json()
    assert captures["total"] >= 15 and len(captures["items"]) == captures["total"]
    assert {e["type"] for e in captures["items"]} <= {"TakeControl", "Handover"}
    page = get(server, "/events", type="TakeControl", limit=5, offset=5).json()
    assert page["total"] == captures["total"] and [e["iri"] for e in page["items"]] == [
        e["iri"] for e in captures["items"][5:10]
    ]
    august = get(server, "/events", **{"from": "2021-08-01", "to": "2021-08-31"}).json()
    assert august["items"] and all(e["date"] and e["date"].startswith("2021-08") for e in august["items"])
    taliban = get(server, "/events", actor="taliban", place="Kunduz").json()
    assert taliban["total"] >= 1
    assert all(any(a["label"] == "Taliban" for a in e["actors"]) for e in taliban["items"])


def test_every_event_carries_evidence_its_offsets_reproduce(server: str) -> None:
    texts: dict[str, str] = {}
    events = get(server, "/events", limit=1000).json()["items"]
    assert events
    for event in events:
        assert event["reports"], event["iri"]
        for report in event["reports"]:
            article = report["article"]
            if article["id"] not in texts:
                texts[article["id"]] = get(server, f"/sources/{article['id']}").json()["text"]
            evidence = report["evidence"]
            assert texts[article["id"]][evidence["start"] : evidence["end"]] == evidence["sentence"]


def test_one_capture_with_its_sources_and_date_source(server: str) -> None:
    (faizabad,) = get(server, "/events", type="TakeControl", place="Faizabad").json()["items"]
    assert faizabad["date"] == "2021-08-11" and faizabad["date_source"]["source"] == "000_50a4bb2c8a24be6b.txt"
    assert {r["article"]["source"] for r in faizabad["reports"]} == {
        "000_50a4bb2c8a24be6b.txt",
        "001_6c8beff2a7751072.txt",
    }
    assert faizabad["sources"] == 2 and faizabad["outlets"] == 1
    detail = httpx.get(server + "/api/v1/events/" + faizabad["iri"]).json()
    assert detail["iri"] == faizabad["iri"] and detail["claims"]["supporting"]


def test_timeline_is_iso_and_ordered(server: str) -> None:
    days = get(server, "/timeline", type="TakeControl").json()["days"]
    dates = [d["date"] for d in days]
    assert dates == sorted(dates) and all(len(d) == 10 and d[4] == "-" for d in dates)
    assert "2021-08-06" in dates and all(d["count"] == len(d["events"]) for d in days)


def test_places_geojson_is_rfc7946_with_lon_lat(server: str) -> None:
    response = get(server, "/places.geojson")
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection" and collection["features"]
    gazetteer = load_gazetteer()
    checked = 0
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        properties = feature["properties"]
        assert properties["event_count"] == len(properties["events"]) >= 1
        iri = properties["iri"]
        if iri in gazetteer and gazetteer[iri].point:
            assert [lon, lat] == list(gazetteer[iri].point)  # longitude first
            checked += 1
    assert checked >= 10


def test_entities(server: str) -> None:
    kunduz = httpx.get(server + "/api/v1/entities/https://w3id.org/kg-news/gazetteer/city/kunduz").json()
    assert kunduz["label"] == "Kunduz" and "Kondoz" in kunduz["aliases"] and kunduz["types"] == ["City"]
    assert kunduz["identifiers"] == {"wikidata": ["Q108155"], "verified": False}
    assert kunduz["events"] and kunduz["sources"]
    dostum = httpx.get(server + "/api/v1/entities/https://w3id.org/kg-news/id/person/abdul-rashid-dostum").json()
    assert "Abdul Rashid Dostom" in dostum["aliases"] and len(dostum["sources"]) == 3
    missing = httpx.get(server + "/api/v1/entities/https://example.org/none")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


def test_sources_claims_stats(server: str) -> None:
    sources = get(server, "/sources").json()
    assert sources["total"] == 5 and all(s["events"] > 0 for s in sources["items"])
    wire = {s["file"]: s["origin_label"] for s in sources["items"]}
    assert wire["000_50a4bb2c8a24be6b.txt"] == wire["001_6c8beff2a7751072.txt"] == "Agence France-Presse"
    contested = get(server, "/claims", contested="true").json()["items"]
    assert len(contested) == 2
    a, b = contested
    assert a["contradicts"] == [b["iri"]] and b["contradicts"] == [a["iri"]]
    assert {c["speaker"]["label"] for c in contested} == {"Abdul Rahim Rahin", "Ministry of Defence of Afghanistan"}
    assert all(c["supports"] or c["disputes"] for c in contested)  # each is about an event
    every = get(server, "/claims", limit=500).json()
    assert every["total"] >= len(contested) and {c["iri"] for c in contested} <= {c["iri"] for c in every["items"]}
    stats = get(server, "/stats").json()
    assert stats["articles"] == 5 and stats["events_by_status"]["Contested"] >= 1 and stats["quads"] > 0


def test_casualty_figures_carry_their_source_and_offsets(server: str) -> None:
    page = get(server, "/casualties", limit=500).json()
    assert page["total"] >= 15 and len(page["items"]) == page["total"]
    texts: dict[str, str] = {}
    for item in page["items"]:
        article_id = item["article"].rsplit("/", 1)[-1]
        if article_id not in texts:
            texts[article_id] = get(server, f"/sources/{article_id}").json()["text"]
        assert texts[article_id][item["evidence"]["start"] : item["evidence"]["end"]] == item["figure"]
        assert item["low"] is not None or item["high"] is not None
    khan = next(i for i in page["items"] if i["figure"] == "more than 60")
    assert (khan["kind"], khan["low"], khan["high"], khan["speaker"]) == ("killed", 61, None, "Mr Khan")
    cumulative = get(server, "/casualties", scope="cumulative").json()["items"]
    assert cumulative and all(i["scope"] == "cumulative" for i in cumulative)


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/events", {"from": "yesterday"}, 422),
        ("/events", {"limit": "0"}, 422),
        ("/sources/nothex", {}, 422),
        ("/sources/0000000000000000", {}, 404),
        ("/casualties", {"kind": "eaten"}, 422),
    ],
)
def test_errors_have_one_shape(server: str, path: str, params: dict, status: int) -> None:
    response = get(server, path, **params)
    assert response.status_code == status
    body = response.json()
    assert (
        set(body) == {"error", "message", "request_id"}
        and "Traceback" not in body["message"]
        and "/work" not in body["message"]
    )


def test_openapi_documents_the_dashboard_api(server: str) -> None:
    paths = httpx.get(server + "/openapi.json").json()["paths"]
    for path in (
        "/api/v1/events",
        "/api/v1/timeline",
        "/api/v1/places.geojson",
        "/api/v1/entities/{iri}",
        "/api/v1/sources",
        "/api/v1/claims",
        "/api/v1/casualties",
        "/api/v1/casualties/incidents",
        "/api/v1/stats",
    ):
        assert path in paths


def test_sources_as_a_fresh_servers_first_request_name_the_wire_origins(store_copy: Path) -> None:
    with serve(store_copy) as live:
        sources = httpx.get(live.url + "/api/v1/sources", timeout=60).json()
    wire = {s["file"]: s["origin_label"] for s in sources["items"]}
    assert wire["000_50a4bb2c8a24be6b.txt"] == wire["001_6c8beff2a7751072.txt"] == "Agence France-Presse"
