"""The static query guard: depth, SERVICE and LOAD refused before any engine sees the text."""

from __future__ import annotations

import pytest

from kg.errors import QueryRefusedError, QueryTooComplexError
from kg.sparql_guard import MAX_DEPTH, check, scan


@pytest.mark.parametrize("depth", [1, MAX_DEPTH])
def test_nesting_up_to_the_limit_is_allowed(depth: int) -> None:
    check("SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 3000, 100_000])
@pytest.mark.threat("A1")
def test_deeper_nesting_is_refused(depth: int) -> None:
    with pytest.raises(QueryTooComplexError, match=f"depth {depth} exceeds {MAX_DEPTH}"):
        check("SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth)
    with pytest.raises(QueryTooComplexError):
        check("SELECT * WHERE { FILTER(" + "(" * depth + "1" + ")" * depth + ") }")


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "select * where { service silent <http://x/> { ?s ?p ?o } }",
        "LOAD <file:///etc/passwd>",
    ],
)
def test_service_and_load_are_refused(query: str) -> None:
    with pytest.raises(QueryRefusedError):
        check(query, allow_update=True)


def test_keywords_inside_strings_iris_comments_and_names_are_ignored() -> None:
    shape = scan('SELECT ?service WHERE { ?s <http://x/SERVICE> "SERVICE {{{{" ; ex:load ?o } # LOAD {{{{')
    assert "SERVICE" not in shape.keywords and "LOAD" not in shape.keywords
    assert shape.depth == 1


def test_updates_are_refused_unless_allowed() -> None:
    with pytest.raises(QueryRefusedError, match="updates are not allowed"):
        check("INSERT DATA { <http://a> <http://b> <http://c> }")
    check("INSERT DATA { <http://a> <http://b> <http://c> }", allow_update=True)


def test_less_than_is_not_an_iri() -> None:
    assert scan("SELECT * WHERE { ?s ?p ?o FILTER(?o < 5 && ?o > 1) }").depth == 2
