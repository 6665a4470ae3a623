"""Sidecars override page metadata; bad ones are ignored with a warning."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from kg.ingest import InputRef, read_input, read_text
from kg.ingest.sidecar import SidecarWarning

BODY = "Taliban fighters took control of the city of Kunduz on Sunday after days of heavy fighting, officials said."
PAGE = f"""<html><head><title>Page title</title><meta property="og:site_name" content="Page Outlet">
<meta property="article:published_time" content="2021-08-01"><link rel="canonical" href="https://page.example/a">
</head><body><article><p>{BODY}</p></article></body></html>"""
SIDECAR = {
    "url": "https://sidecar.example/story",
    "title": "Sidecar title",
    "outlet": "Sidecar Outlet",
    "published": "2021-08-11T15:48:00+04:30",
}


def _read(path: Path):
    return read_input(InputRef(path.name, path, path.name))


@pytest.mark.parametrize("sidecar_name", ["story.meta.json", "story.html.meta.json"])
def test_sidecar_overrides_the_page(tmp_path: Path, sidecar_name: str) -> None:
    (tmp_path / "story.html").write_text(PAGE)
    (tmp_path / sidecar_name).write_text(json.dumps(SIDECAR))
    article = _read(tmp_path / "story.html")
    assert article.key == article.url == "https://sidecar.example/story"
    assert article.title == "Sidecar title"
    assert article.outlet == "Sidecar Outlet"
    assert article.published is not None
    assert article.published.origin == "sidecar"
    assert article.published.text == "2021-08-11T15:48:00+04:30"
    assert article.published.date == dt.date(2021, 8, 11)
    raw = (tmp_path / "story.html").read_bytes()
    assert article.sha256 == hashlib.sha256(raw).hexdigest()
    assert article.fingerprint == hashlib.sha256(raw + b"\0" + (tmp_path / sidecar_name).read_bytes()).hexdigest()


def test_sidecar_date_only_for_plain_text(tmp_path: Path) -> None:
    (tmp_path / "000_x.txt").write_text(f"WORLD | 11-08-2021 15:48\n\n{BODY}")
    (tmp_path / "000_x.meta.json").write_text(json.dumps({"published": "2021-08-12"}))
    article = _read(tmp_path / "000_x.txt")
    assert article.published is not None
    assert (article.published.value, article.published.origin) == (dt.date(2021, 8, 12), "sidecar")
    assert article.text == BODY  # the dateline is still metadata, not body


def test_sidecar_changes_fingerprint_not_sha(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(BODY)
    before = _read(path)
    (tmp_path / "a.meta.json").write_text(json.dumps({"title": "A title"}))
    after = _read(path)
    assert before.sha256 == after.sha256
    assert before.fingerprint != after.fingerprint


def test_malformed_sidecar_is_ignored_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "story.html").write_text(PAGE)
    (tmp_path / "story.meta.json").write_text('{"url": "https://x.example/", ')
    with pytest.warns(SidecarWarning, match="not valid JSON"):
        article = _read(tmp_path / "story.html")
    assert article.url == "https://page.example/a"
    assert article.title == "Page title"
    assert article.fingerprint != hashlib.sha256((tmp_path / "story.html").read_bytes() + b"\0").hexdigest()


@pytest.mark.parametrize("content", ["[1, 2]", '"just a string"', "null"])
def test_sidecar_that_is_not_an_object(tmp_path: Path, content: str) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "a.meta.json").write_text(content)
    with pytest.warns(SidecarWarning, match="not a JSON object"):
        assert _read(tmp_path / "a.txt").text == BODY


def test_wrong_field_types_are_ignored_one_by_one() -> None:
    sidecar = {
        "url": "javascript:alert(1)",
        "title": ["not", "a", "string"],
        "outlet": "Good Outlet",
        "published": "12 March 2024",
        "extra": {"ignored": True},
    }
    with pytest.warns(SidecarWarning) as record:
        article = read_text(PAGE.encode(), key="p.html", source_name="p.html", media_type="text/html", sidecar=sidecar)
    assert sorted(str(w.message).split("'")[1] for w in record) == ["published", "title", "url"]
    assert article.url == "https://page.example/a"
    assert article.title == "Page title"
    assert article.outlet == "Good Outlet"
    assert article.published is not None and article.published.origin == "htmldate"


def test_oversized_sidecar_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "a.meta.json").write_text(json.dumps({"title": "T", "pad": "x" * 70_000}))
    with pytest.warns(SidecarWarning, match="too_large"):
        article = _read(tmp_path / "a.txt")
    assert article.title is None


def test_symlinked_sidecar_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "elsewhere.json").write_text(json.dumps({"title": "T"}))
    (tmp_path / "a.meta.json").symlink_to(tmp_path / "elsewhere.json")
    with pytest.warns(SidecarWarning):
        assert _read(tmp_path / "a.txt").title is None
