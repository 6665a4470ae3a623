"""Each named query in queries/ runs on the seed graph and says what it promises."""

from __future__ import annotations

from kg.sparql.query import SelectResult, run_query
from tests.helpers import QUERIES


def rows(store, name: str) -> list[dict[str, str]]:
    result = run_query(store, (QUERIES / name).read_text(encoding="utf-8"), timeout=30, max_rows=10_000)
    assert isinstance(result, SelectResult)
    return [{v: (t.value if t is not None else "") for v, t in zip(result.variables, row)} for row in result.rows]


def test_every_query_file_is_tested() -> None:
    tested = {
        "captures.rq",
        "casualties.rq",
        "events.rq",
        "actors.rq",
        "sources.rq",
        "claims.rq",
        "timeline.rq",
        "contested.rq",
        "corroboration.rq",
        "entity.rq",
    }  # the last four: test_resolve.py
    assert {p.name for p in QUERIES.glob("*.rq")} == tested


def test_captures(seed_store) -> None:
    found = rows(seed_store, "captures.rq")
    by_doc: dict[str, set[str]] = {}
    for row in found:
        by_doc.setdefault(row["source"], set()).add(row["place_label"])
    assert {"Kunduz", "Faizabad", "Zaranj", "Spin Boldak", "Islam Qala"} <= by_doc["000_50a4bb2c8a24be6b.txt"]
    assert {"Kandahar", "Herat", "Lashkar Gah", "Qala-i-Naw", "Firozkoh"} <= by_doc["004_e4289cc71e153fd7.txt"]
    assert "Mazar-i-Sharif" not in by_doc["001_6c8beff2a7751072.txt"]  # "set their sights on" is a threat
    faizabad = next(r for r in found if r["source"].startswith("000") and r["place_label"] == "Faizabad")
    assert (
        faizabad["date"] == "2021-08-11" and faizabad["place_qid"] == "Q156558" and faizabad["actor_label"] == "Taliban"
    )
    assert all(len(r["date"]) in (0, 4, 7, 10) for r in found)
    assert len({(r["source"], r["place_label"], r["date"]) for r in found}) == len(found)  # one row per capture


def test_casualties(seed_store) -> None:
    found = rows(seed_store, "casualties.rq")
    assert list(found[0])[:9] == [
        "source", "kind", "low", "high", "victims_label", "place_label", "date", "speaker_label", "scope"
    ]  # fmt: skip
    by_figure = {(r["source"][:3], r["figure"]): r for r in found}
    khan = by_figure[("002", "more than 60")]
    assert (khan["kind"], khan["low"], khan["high"], khan["speaker_label"], khan["scope"]) == (
        "killed", "61", "", "Mr Khan", "incident"
    )  # fmt: skip
    dozens = next(r for r in found if r["source"].startswith("002") and r["kind"] == "casualties")
    assert (dozens["low"], dozens["high"], dozens["victims_label"], dozens["scope"]) == (
        "24",
        "99",
        "civilians",
        "cumulative",
    )
    assert all(
        r["kind"] in ("killed", "wounded", "casualties", "captured", "surrendered", "missing", "displaced")
        for r in found
    )
    text_of = {}
    for row in found:  # the figure's offsets slice the stored article text to the figure's words
        assert row["figure"] in row["sentence"] and int(row["figure_start"]) < int(row["figure_end"])
        text_of.setdefault(row["article"], row)
    assert len({r["statement"] for r in found}) == len(found)  # one row per statement
    assert not any(r["figure"] in ("three humvees", "40 km") for r in found)  # not people


def test_events_cover_more_than_captures(seed_store) -> None:
    found = rows(seed_store, "events.rq")
    types = {r["type"] for r in found}
    assert {"TakeControl", "Threat", "Withdrawal", "Visit"} <= types
    assert "Event" not in types
    visit = next(r for r in found if r["type"] == "Visit")
    assert visit["agents"] == "Ashraf Ghani" and "Mazar" in visit["places"]
    assert all(r["sentence"] and r["source"] for r in found)


def test_actors(seed_store) -> None:
    found = rows(seed_store, "actors.rq")
    top = found[0]
    assert top["label"] == "Taliban" and top["type"] == "ArmedGroup" and top["qid"] == "Q42418"
    assert int(top["articles"]) == 5
    assert any(r["label"] == "Agence France-Presse" and r["type"] == "NewsAgency" for r in found)


def test_sources(seed_store) -> None:
    found = rows(seed_store, "sources.rq")
    assert len(found) == 5
    first = next(r for r in found if r["source"].startswith("000"))
    assert first["title"].startswith("Afghan leader tries to rally forces")
    assert first["published"].startswith("2021-08-11")
    assert all(int(r["events"]) > 0 for r in found)
    assert (
        next(r for r in found if r["source"].startswith("004"))["published"] == ""
    )  # a render date is not a publication date


def test_claims(seed_store) -> None:
    found = rows(seed_store, "claims.rq")
    attiq = [r for r in found if r["speaker"] == "Zabihullah Attiq"]
    assert attiq and {r["role"] for r in attiq} == {"a local lawmaker"}
    assert any(r["told_to"] == "Agence France-Presse" for r in attiq)
    rahin = next(r for r in found if r["speaker"] == "Abdul Rahim Rahin")
    assert rahin["unconfirmed"] == "true" and "under Taliban control" in rahin["quote"]
    assert any(r["supports"] for r in attiq)


def test_from_names_the_dataset_and_otherwise_the_default_graph_is_the_union(seed_store, minter) -> None:
    """``FROM`` makes the named graph the default graph (the union applies only without one)."""
    merged = minter.merged_graph().value

    def count(text: str) -> int:
        result = run_query(seed_store, text, timeout=30, max_rows=10)
        assert isinstance(result, SelectResult)
        return int(result.rows[0][0].value)

    everything = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    only_merged = count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{merged}> {{ ?s ?p ?o }} }}")
    assert 0 < only_merged < everything
    assert count(f"SELECT (COUNT(*) AS ?n) FROM <{merged}> WHERE {{ ?s ?p ?o }}") == only_merged
    assert count(f"SELECT (COUNT(*) AS ?n) FROM NAMED <{merged}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}") == only_merged


def test_casualties_has_one_row_per_statement_when_articles_share_a_place(tmp_path, extractor, minter) -> None:
    from kg.build import build
    from kg.store import OxigraphStore

    for name in ("one.txt", "two.txt"):  # a world place's label is written into both article graphs
        (tmp_path / name).write_text(
            f"Fighting in Syria ({name})\n\nThe Vale Front said 12 soldiers were killed in Aleppo on Monday.\n",
            encoding="utf-8",
        )
    with OxigraphStore(tmp_path / "kg") as store:
        build([str(tmp_path)], store=store, extractor=extractor, minter=minter, max_file_bytes=10**6)
        found = rows(store, "casualties.rq")
    assert {r["place_label"] for r in found} == {"Aleppo"}
    assert len(found) == len({r["statement"] for r in found}) == 2
