"""``/``: the small HTML page — a plain query form over ``/sparql`` with the named queries, links to
the docs and the exports; everything interpolated is escaped."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import httpx

from kg.export import EXPORT_FORMATS
from tests.helpers import QUERIES

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


class _Page(HTMLParser):
    """Forms, links, options and the textarea of a page (and whether it has any script)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str | None]] = []
        self.links: list[str] = []
        self.options: list[str] = []
        self.textarea: str | None = None
        self.scripts = 0
        self._in_textarea = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.forms.append(values)
        elif tag == "a":
            self.links.append(values.get("href") or "")
        elif tag == "option":
            self.options.append(values.get("value") or "")
        elif tag == "textarea":
            self._in_textarea, self.textarea = True, ""
        elif tag == "script":
            self.scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._in_textarea = False

    def handle_data(self, data: str) -> None:
        if self._in_textarea:
            self.textarea = (self.textarea or "") + data


def _page(base: str, **params: str) -> tuple[httpx.Response, _Page]:
    response = httpx.get(base + "/", params=params)
    assert response.status_code == 200 and response.headers["content-type"] == "text/html; charset=utf-8"
    page = _Page()
    page.feed(response.text)
    return response, page


def test_home_links_the_form_the_docs_and_the_exports(server: str) -> None:
    response, page = _page(server)
    assert {"method": "post", "action": "/sparql"} in page.forms
    assert "/docs" in page.links and "/sparql" in page.links
    assert {f"/export.{fmt}" for fmt in EXPORT_FORMATS} <= set(page.links)
    assert page.options == sorted(path.stem for path in QUERIES.glob("*.rq"))
    assert page.scripts == 0 and "default-src 'none'" in response.headers["content-security-policy"]
    for link in ("/docs", "/openapi.json"):
        assert httpx.get(server + link).status_code == 200
    paths = httpx.get(server + "/openapi.json").json()["paths"]
    assert {"/sparql", "/store", "/export.ttl", "/healthz"} <= set(paths)


def test_examples_fill_the_form_escaped(server: str) -> None:
    captures = (QUERIES / "captures.rq").read_text(encoding="utf-8")
    response, page = _page(server, example="captures")
    assert page.textarea == captures  # the parser unescapes what the page escaped
    assert html.escape(captures) in response.text and "<https://" not in response.text.split("<textarea", 1)[1]
    hostile = '"><script>alert(1)</script>'
    response, page = _page(server, example=hostile)
    assert page.scripts == 0 and "<script>" not in response.text


def test_the_form_works_from_a_browser(server: str) -> None:
    _, page = _page(server, example="sources")
    response = httpx.post(server + "/sparql", data={"query": page.textarea or ""}, headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    assert len(re.findall(r"<result>", response.text)) == 5  # one row per seed article
