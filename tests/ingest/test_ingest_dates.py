"""Publication dates: written dates, datelines with a cue, ambiguity, and what is never a date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kg.ingest import InputRef, read_input, read_text
from kg.ingest.dates import find_dateline, is_date_line, parse_iso

EN_BODY = (
    "The Taliban took control of the city on Friday after days of heavy fighting, officials said.\n\n"
    "Government forces withdrew to the airport, where they were still holding out on Saturday, and the "
    "insurgents said they had been welcomed by the residents of the city."
)
RO_BODY = (
    "Talibanii au preluat controlul orașului vineri, după mai multe zile de lupte grele, au declarat oficialii.\n\n"
    "Forțele guvernamentale s-au retras la aeroport, unde încă rezistau sâmbătă, iar insurgenții au spus că "
    "au fost primiți de locuitorii orașului."
)
ES_BODY = (
    "Los talibanes tomaron el control de la ciudad el viernes tras varios días de intensos combates, según "
    "informaron las autoridades.\n\n"
    "Las fuerzas del Gobierno se retiraron al aeropuerto, donde todavía resistían el sábado, y los insurgentes "
    "dijeron que habían sido recibidos por los vecinos de la ciudad."
)


def _plain(text: str, name: str = "a.txt"):
    return read_text(text.encode("utf-8"), key=name, source_name=name, media_type="text/plain")


def test_parse_iso_is_strict() -> None:
    assert parse_iso("2024-03-12") == dt.date(2024, 3, 12)
    assert parse_iso("12 March 2024") is None
    assert parse_iso("2024-03-12T25:00") is None


@pytest.mark.parametrize(
    "line",
    [
        "Tuesday, February 27, 2024",
        "vineri, 19 aprilie 2024 - 7:26",
        "martes, 12 de marzo de 2024",
        "2024-02-27",
        "27.02.2024 10:00",
        "Feb 27, 2024",
    ],
)
def test_date_lines(line: str) -> None:
    assert is_date_line(line)


@pytest.mark.parametrize("line", ["WORLD | 11-08-2021 15:48", "On 27 February 2024 the Taliban advanced.", "6 C"])
def test_not_date_lines(line: str) -> None:
    assert not is_date_line(line)


@pytest.mark.parametrize(
    ("dateline", "body", "expected"),
    [
        ("Publicat: 12 martie 2024, 10:15", RO_BODY, dt.datetime(2024, 3, 12, 10, 15)),
        ("Publicado el 12 de marzo de 2024", ES_BODY, dt.date(2024, 3, 12)),
        ("Published: 12 March 2024", EN_BODY, dt.date(2024, 3, 12)),
        ("Posted on March 12, 2024 at 9:05 am", EN_BODY, dt.datetime(2024, 3, 12, 9, 5)),
        ("By Jane Doe, March 12, 2024", EN_BODY, dt.date(2024, 3, 12)),
        ("POLITICS | 12.03.2024", EN_BODY, dt.date(2024, 3, 12)),
        ("Publicat: 03/04/2024", RO_BODY, dt.date(2024, 4, 3)),  # Romanian: day first
        ("Published: 13/04/2024", EN_BODY, dt.date(2024, 4, 13)),  # unambiguous
    ],
)
def test_dateline_with_cue(dateline: str, body: str, expected: dt.date) -> None:
    article = _plain(f"Taliban take the northern city of Kunduz\n\n{dateline}\n\n{body}")
    assert article.published is not None
    assert article.published.value == expected
    assert article.published.origin == "dateline"
    assert article.published.text == dateline
    assert dateline not in article.text
    assert article.text == f"Taliban take the northern city of Kunduz\n\n{body}"


def test_ambiguous_slash_date_in_english_is_no_date() -> None:
    article = _plain(f"Published: 03/04/2024\n\n{EN_BODY}")
    assert article.published is None


def test_published_preferred_to_updated() -> None:
    found = find_dateline(["Updated: 2024-03-14", "Published: 2024-03-12", "Body text here."], dayfirst=False)
    assert found is not None and found[0] == 1 and found[1].value == dt.date(2024, 3, 12)


def test_dateline_far_down_is_ignored() -> None:
    lines = [f"Line number {i} of the article body." for i in range(20)] + ["Published: 12 March 2024"]
    assert find_dateline(lines, dayfirst=False) is None


@pytest.mark.parametrize(
    "header",
    [
        "Tuesday, February 27, 2024",
        "vineri, 19 aprilie 2024 - 7:26",
        "martes, 12 de marzo de 2024",
        "2024-02-27",
    ],
)
def test_bare_header_date_is_not_a_publication_date(header: str) -> None:
    article = _plain(f"{header}\n\n{EN_BODY}")
    assert article.published is None
    assert header not in article.text


def test_no_date_from_file_name_or_url(tmp_path: Path) -> None:
    path = tmp_path / "2024-03-12-taliban.txt"
    path.write_text(EN_BODY)
    (tmp_path / "2024-03-12-taliban.meta.json").write_text(
        json.dumps({"url": "https://news.example/2024/03/12/taliban-kunduz"})
    )
    article = read_input(InputRef(path.name, path, path.name))
    assert article.url == "https://news.example/2024/03/12/taliban-kunduz"
    assert article.published is None
