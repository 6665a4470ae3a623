"""Region packs: the built-in one (Afghanistan) under the world base, and a user's own, as TSV or Turtle."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import ConfigError
from kg.gazetteer import load_gazetteer
from kg.gazetteer.packs import read_pack

PACK = Path(__file__).resolve().parents[1] / "extract" / "pack.tsv"


def test_a_tsv_pack_adds_places_and_actors_with_their_links() -> None:
    gazetteer = load_gazetteer((str(PACK),))
    (city,) = gazetteer.lookup("Vellport")
    (province,) = gazetteer.lookup("Northmark")
    (group,) = gazetteer.lookup("VLF")
    assert city.kind == "City" and city.province == province.iri and city.point == (68.2, 35.1)
    assert gazetteer.capital_of(province.iri) == city
    assert group.kind == "ArmedGroup" and group.side == "insurgency" and "insurgents" in group.descriptors
    assert load_gazetteer().lookup("Kabul")  # the built-in pack is still there
    assert not load_gazetteer().lookup("Vellport")


def test_a_turtle_pack_round_trips(tmp_path: Path) -> None:
    turtle = tmp_path / "pack.ttl"
    turtle.write_bytes(read_pack(PACK))
    assert load_gazetteer((str(turtle),)).lookup("Vale Liberation Front")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id\ttype\tlabel\nx\tSpaceship\tX\n", "not one of"),
        ("id\ttype\tlabel\tprovince\nx\tCity\tX\tnowhere\n", "not an id in the pack"),
        ("name\tkind\nx\tCity\n", "needs a header"),
        ("id\ttype\tlabel\tlat\tlon\nx\tCity\tX\tnorth\teast\n", "decimal degrees"),
    ],
)
def test_a_broken_tsv_pack_says_what_to_fix(tmp_path: Path, text: str, message: str) -> None:
    pack = tmp_path / "bad.tsv"
    pack.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        read_pack(pack)


def test_broken_turtle_and_missing_files_are_config_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid Turtle"):
        read_pack(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        read_pack(tmp_path / "missing.tsv")


def test_kg_build_with_a_pack_links_its_names(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The Vale Front captured Vellport on 6 August 2021, residents said.\n", encoding="utf-8")
    store = tmp_path / "store"
    result = CliRunner().invoke(app, ["build", "--pack", str(PACK), "-s", str(store), str(article)])
    assert result.exit_code == 0, result.output
    query = "SELECT ?label WHERE { ?e a <https://w3id.org/kg-news/ontology#TakeControl> ; <http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace>/<http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    answer = CliRunner().invoke(app, ["query", "-s", str(store), query])
    assert "Vellport" in answer.output


def test_kg_build_with_a_broken_pack_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["build", "--pack", str(tmp_path / "missing.tsv"), "-s", str(tmp_path / "s"), str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "cannot read region pack" in result.output
