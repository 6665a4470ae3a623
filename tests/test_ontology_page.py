"""The ontology as a page: generated from kg.ttl, served at /ontology, every term on it."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from importlib import resources

import httpx
from pyoxigraph import RdfFormat, parse

from kg.namespaces import KG, OWL, RDF


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.ids += [v for k, v in attrs if k == "id" and v]


def _terms() -> set[str]:
    data = resources.files("kg.ontology").joinpath("kg.ttl").read_bytes()
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    return {
        t.subject.value.removeprefix(KG.iri)
        for t in parse(data, format=RdfFormat.TURTLE)
        if t.predicate == RDF.type and t.object in kinds and t.subject.value.startswith(KG.iri)
    }


def test_the_page_is_served_with_every_class_and_property_and_its_crosswalks(server: str) -> None:
    response = httpx.get(server + "/ontology", timeout=60)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    rows = _Rows()
    rows.feed(response.text)
    assert set(rows.ids) == _terms() and len(rows.ids) == len(set(rows.ids))
    assert "ACLED Non-state actor overtakes territory" in response.text and "CAMEO 192" in response.text
    assert 'href="http://semanticweb.cs.vu.nl/2009/11/sem/Event"' in response.text  # the SEM mapping, linked
    script = subprocess.run([sys.executable, "-m", "kg.ontology_page"], capture_output=True, text=True, timeout=120)
    assert script.returncode == 0 and script.stdout == response.text  # one generator for both
