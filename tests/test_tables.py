"""The merged events as the tables researchers' tools read, each read back by that tool: the CSV
by pandas, the Parquet by pyarrow, the GeoJSON by RFC 7946 models (geojson-pydantic); over the
CLI and over a real HTTP server."""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path

import httpx
import pandas
import pyarrow.parquet as pq
import pytest
from geojson_pydantic import FeatureCollection

from kg.tables import COLUMN_NAMES, EVENT_COLUMNS
from tests.helpers import kg_command

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _export(store: Path, out: Path) -> None:
    result = subprocess.run(
        [*kg_command(), "export", "-o", str(out)],
        env={"KG_STORE": str(store), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


def _read_csv(source) -> pandas.DataFrame:
    """As an analyst reads it: numbers as numbers (NaN where empty), text with "" for empty."""
    frame = pandas.read_csv(source)
    return frame.apply(lambda column: column if pandas.api.types.is_numeric_dtype(column) else column.fillna(""))


def _merged_events(seed_store) -> int:
    rows = seed_store.select_rows(
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a <https://w3id.org/kg-news/ontology#CanonicalEvent> }"
    )
    return int(rows[0]["n"])


@pytest.fixture(scope="module")
def exported(seed_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tables")
    for name in ("events.csv", "events.parquet", "events.geojson"):
        _export(seed_store_path, folder / name)
    return folder


def test_the_csv_reads_back_in_pandas_with_one_row_per_merged_event(exported: Path, seed_store) -> None:
    frame = _read_csv(exported / "events.csv")
    assert tuple(frame.columns) == COLUMN_NAMES
    assert len(frame) == _merged_events(seed_store) and frame["event_id"].is_unique
    kunduz = frame[(frame["location"] == "Kunduz") & (frame["kg_type"] == "TakeControl")].iloc[0]
    assert (kunduz["event_type"], kunduz["sub_event_type"]) == ("Battles", "Non-state actor overtakes territory")
    assert (kunduz["actor1"], kunduz["admin1"], kunduz["country"]) == ("Taliban", "Kunduz", "Afghanistan")
    assert (
        abs(kunduz["latitude"] - 36.73) < 0.1
        and abs(kunduz["longitude"] - 68.86) < 0.1
        and kunduz["geo_precision"] == 1
    )
    assert kunduz["sources"] == 3 and kunduz["origins"] == 1 and kunduz["status"] == "Claimed"
    assert "Kunduz" in kunduz["evidence"]  # a sentence from the article, verbatim
    assert set(frame["event_type"]) <= {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Strategic developments",
    }
    dated = frame[frame["event_date"] != ""]
    assert all(re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", d) for d in dated["event_date"])
    assert set(dated["date_precision"]) <= {"day", "month", "year"}


def test_the_parquet_reads_back_in_pyarrow_with_typed_columns_and_the_csvs_rows(exported: Path) -> None:
    table = pq.read_table(exported / "events.parquet")
    assert tuple(table.column_names) == COLUMN_NAMES
    assert str(table.schema.field("latitude").type) == "double" and str(table.schema.field("sources").type) == "int32"
    frame = _read_csv(exported / "events.csv")
    assert table.column("event_id").to_pylist() == frame["event_id"].tolist()


def test_the_event_geojson_is_rfc_7946_with_iso_dates_for_time_sliders(exported: Path) -> None:
    data = json.loads((exported / "events.geojson").read_text(encoding="utf-8"))
    collection = FeatureCollection.model_validate(data)
    assert collection.features
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        props = feature["properties"]
        if props["date"]:
            assert props["start"] <= props["end"] and props["start"].startswith(props["date"][:4])
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", props["start"]) and re.fullmatch(r"\d{4}-\d\d-\d\d", props["end"])
        else:
            assert props["start"] is None and props["end"] is None
    months = [f["properties"] for f in data["features"] if f["properties"]["date_precision"] == "month"]
    assert all(p["start"].endswith("-01") and p["end"][8:] in ("28", "29", "30", "31") for p in months)


def test_the_http_tables_take_the_events_filters(server: str) -> None:
    response = httpx.get(server + "/api/v1/events.csv", params={"type": "TakeControl"}, timeout=60)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    frame = _read_csv(io.StringIO(response.text))
    assert len(frame) > 5 and set(frame["kg_type"]) <= {"TakeControl", "Handover"}
    paged = pandas.read_csv(
        io.StringIO(httpx.get(server + "/api/v1/events.csv", params={"limit": 2, "offset": 1}, timeout=60).text)
    )
    assert len(paged) == 2
    geo = httpx.get(server + "/api/v1/events.geojson", params={"place": "Kunduz"}, timeout=60)
    assert geo.headers["content-type"].startswith("application/geo+json")
    collection = FeatureCollection.model_validate(geo.json())
    assert collection.features and all("Kunduz" in f.properties["location"] for f in collection.features)
    assert httpx.get(server + "/api/v1/events.csv", params={"from": "soon"}, timeout=60).status_code == 422


def test_every_column_is_documented_in_the_readme() -> None:
    section = README.split("## Events as tables", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)
    assert documented == [name for name, _ in EVENT_COLUMNS]


def test_parquet_to_stdout_is_a_usage_error(seed_store_path: Path) -> None:
    result = subprocess.run(
        [*kg_command(), "export", "--format", "events.parquet"],
        env={"KG_STORE": str(seed_store_path), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (
        result.returncode == 2 and result.stderr.strip() == "error: Parquet is written to a file: give -o FILE.parquet"
    )
