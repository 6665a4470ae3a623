"""The gazetteer: generated from the reference tables, complete, linked, honest about identifiers."""

from __future__ import annotations

import csv
import io
from importlib import resources

import rdflib

from kg.gazetteer import load_gazetteer
from kg.gazetteer.build import gazetteer_turtle
from kg.namespaces import KG


def _capitals() -> list[dict[str, str]]:
    text = resources.files("kg.ontology").joinpath("sources", "af_provincial_capitals.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"))


def test_committed_turtle_is_what_the_generator_produces() -> None:
    committed = resources.files("kg.ontology").joinpath("gazetteer.ttl").read_text(encoding="utf-8")
    assert committed == gazetteer_turtle(), "run: python -m kg.gazetteer.build"


def test_every_province_and_capital_is_there_with_aliases_and_points() -> None:
    gazetteer = load_gazetteer()
    rows = _capitals()
    assert len(rows) == 34
    provinces = [e for e in gazetteer if e.kind == "Province"]
    cities = [e for e in gazetteer if e.kind == "City"]
    assert len(provinces) == 34 and len(cities) == 34
    for row in rows:
        (city,) = [e for e in gazetteer.lookup(row["city"]) if e.kind == "City"]
        assert city.province is not None and gazetteer[city.province].label == row["province"]
        for alias in filter(None, row["city_aliases"].split("|")):
            assert city in gazetteer.lookup(alias), alias
        if row["lat"]:
            lon, lat = city.point  # type: ignore[misc]
            assert (round(lon, 4), round(lat, 4)) == (round(float(row["lon"]), 4), round(float(row["lat"]), 4))
        assert city.qid == (row["city_qid"] or None)


def test_identifiers_are_marked_unverified_and_points_are_lon_lat() -> None:
    graph = rdflib.Graph().parse(
        data=resources.files("kg.ontology").joinpath("gazetteer.ttl").read_bytes(), format="turtle"
    )
    kg = rdflib.Namespace(KG.iri)
    with_ids = set(graph.subjects(rdflib.OWL.sameAs, None))
    assert with_ids and all((s, kg.identifierStatus, kg.Unverified) in graph for s in with_ids)
    kabul = next(iter(load_gazetteer().lookup("Kabul")))
    lon, lat = kabul.point  # type: ignore[misc]
    assert 60 < lon < 75 and 29 < lat < 39  # Afghanistan: longitude first, as WKT and GeoJSON want


def test_main_actors_of_the_corpus() -> None:
    gazetteer = load_gazetteer()
    for name, kind in [
        ("Taliban", "ArmedGroup"),
        ("Afghan government", "GovernmentBody"),
        ("Afghan forces", "MilitaryForce"),
        ("US forces", "MilitaryForce"),
        ("NATO", "InternationalOrganization"),
        ("AFP", "NewsAgency"),
        ("Reuters", "NewsAgency"),
    ]:
        assert [e.kind for e in gazetteer.lookup(name)] == [kind], name
    taliban = gazetteer.lookup("Taliban")[0]
    assert "insurgents" in taliban.descriptors
