"""ORDER BY over numbers and other literals together: a total order for the embedded engine, which
aborts the process on a comparison that is not one (tests/test_w3c_syntax.py sends such a query)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from kg.sparql.order_by import total_order
from kg.store.oxigraph import OxigraphStore


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * { ?s ?p ?o } ORDER BY DESC(?o)", "SELECT * { ?s ?p ?o } ORDER BY DESC(isNumeric(?o)) DESC(?o) "),
        (
            "SELECT ?x { ?x ?p ?y } ORDER BY ?x ?y LIMIT 5",
            "SELECT ?x { ?x ?p ?y } ORDER BY ASC(isNumeric(?x)) ASC(?x) ASC(isNumeric(?y)) ASC(?y) LIMIT 5",
        ),
        (
            "SELECT * { ?s ?p ?o } order by asc(STRLEN(?o)) <http://e.org/f>(?s)",
            "SELECT * { ?s ?p ?o } order by ASC(isNumeric(STRLEN(?o))) ASC(STRLEN(?o)) ASC(isNumeric(<http://e.org/f>(?s))) ASC(<http://e.org/f>(?s)) ",
        ),
    ],
)
def test_each_key_is_preceded_by_its_numeric_class(query: str, expected: str) -> None:
    assert total_order(query) == expected


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * { ?s ?p "ORDER BY ?s" }',
        "SELECT * { ?s <http://e.org/ORDER BY> ?o }",
        "SELECT * { ?s ?p ?o } # ORDER BY ?o",
        "ASK { ?s ?p ?o }",
    ],
)
def test_order_by_in_strings_iris_and_comments_is_left_alone(query: str) -> None:
    assert total_order(query) == query


def test_a_subquerys_order_by_is_rewritten_too() -> None:
    query = "SELECT * { { SELECT ?a { ?a ?b ?c } ORDER BY DESC(?c) LIMIT 2 } } ORDER BY ?a"
    assert total_order(query).count("isNumeric") == 2


def test_numbers_and_strings_sort_without_taking_the_process_down(tmp_path: Path) -> None:
    """A mix that made pyoxigraph 0.5.13 abort (found with the seed store): in a child process, so
    that the old behaviour shows as a failed test, not a dead test runner."""
    path = tmp_path / "store"
    with OxigraphStore(path) as store:
        graph = NamedNode("https://e.org/g")
        quads = [
            Quad(NamedNode(f"https://e.org/s{i}"), NamedNode("https://e.org/p"), Literal(i), graph) for i in range(400)
        ]
        quads += [
            Quad(NamedNode(f"https://e.org/t{i}"), NamedNode("https://e.org/p"), Literal(f"{i % 97}x"), graph)
            for i in range(400)
        ]
        quads += [
            Quad(NamedNode(f"https://e.org/u{i}"), NamedNode("https://e.org/p"), Literal(f"w{i}", language="en"), graph)
            for i in range(200)
        ]
        store.native.extend(quads)
    code = (
        "import sys; from kg.store.oxigraph import OxigraphStore\n"
        "with OxigraphStore(sys.argv[1], read_only=True) as s:\n"
        "    for q in ('SELECT * { ?s ?p ?o } ORDER BY DESC(?o)', 'SELECT * { ?s ?p ?o } ORDER BY ?o'):\n"
        "        assert len(list(s.query(q))) == 1000\n"
        "print('sorted')\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "sorted" in result.stdout, result.stderr[-2000:]


def test_numbers_still_sort_by_value() -> None:
    from pyoxigraph import Store

    store = Store()
    store.extend(
        [Quad(NamedNode(f"https://e.org/s{i}"), NamedNode("https://e.org/p"), Literal(i)) for i in (10, 9, 100)]
    )
    rows = [int(r["o"].value) for r in store.query(total_order("SELECT ?o { ?s ?p ?o } ORDER BY ?o"))]
    assert rows == [9, 10, 100]
