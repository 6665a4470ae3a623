"""What the article graph keeps of the world-linked and unlinked names (nothing found is lost)."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Store
from typer.testing import CliRunner

from kg.cli import app
from kg.ingest.reader import read_text
from kg.namespaces import Minter
from kg.rdf import article_graph_quads

TEXT = "The Ardent Relief Society said fighters captured Mosul in Iraq on 10 June 2014.\n"


def _store(pack_extractor) -> tuple[Store, object]:
    article = read_text(TEXT.encode(), key="a", source_name="a.txt")
    extraction = pack_extractor.extract(article)
    store = Store()
    store.extend(article_graph_quads(article, extraction, Minter("https://example.org/id/")))
    return store, extraction


def test_an_unlinked_organisation_stays_as_a_mention_with_its_type_and_offsets(pack_extractor) -> None:
    store, _ = _store(pack_extractor)
    rows = list(
        store.query("""
        PREFIX kg: <https://w3id.org/kg-news/ontology#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?surface ?type ?start WHERE { GRAPH ?g {
          ?m a kg:Mention ; kg:surface ?surface ; oa:start ?start ; kg:refersTo ?e . ?e a ?type
          FILTER(CONTAINS(?surface, "Relief")) } }""")
    )
    assert rows, "the organisation's mention is in the graph"
    surface, kind, start = rows[0]
    assert TEXT[int(start.value) : int(start.value) + len(surface.value)] == surface.value
    assert kind.value.endswith("#Organization")


def test_a_world_place_has_its_geonames_iri_point_country_and_link_reason(pack_extractor) -> None:
    store, _ = _store(pack_extractor)
    rows = list(
        store.query("""
        PREFIX kg: <https://w3id.org/kg-news/ontology#>
        PREFIX geo: <http://www.opengis.net/ont/geosparql#>
        SELECT ?place ?wkt ?code ?reason WHERE { GRAPH ?g {
          ?m kg:surface "Mosul" ; kg:refersTo ?place ; kg:linkReason ?reason .
          ?place geo:hasGeometry/geo:asWKT ?wkt ; kg:countryCode ?code } }""")
    )
    (place, wkt, code, reason) = rows[0]
    assert place.value.startswith("https://sws.geonames.org/") and code.value == "IQ"
    assert wkt.value.startswith("POINT(43.1") and reason.value


def test_the_article_graph_conforms_to_the_shapes(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    store = tmp_path / "store"
    assert CliRunner().invoke(app, ["build", "-s", str(store), str(article)]).exit_code == 0
    result = CliRunner().invoke(app, ["validate", "-s", str(store)])
    assert result.exit_code == 0, result.output
    assert "0 with violations" in result.output
