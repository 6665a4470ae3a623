"""The static query guard: depth, SERVICE and LOAD refused before any engine sees the text."""

from __future__ import annotations

import pytest

from kg.errors import QueryRefusedError, QueryTooComplexError
from kg.sparql.guard import MAX_DEPTH, MAX_TOKENS, check, scan


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


@pytest.mark.threat("A1")
def test_the_token_budget_counts_code_exactly_up_to_the_limit() -> None:
    # 'ASK { FILTER(1' is 5 tokens, each '+1' two more, ') }' two: 7 + 2n
    def query(tokens: int) -> str:
        return "ASK { FILTER(1" + "+1" * ((tokens - 7) // 2) + ") }"

    assert scan(query(MAX_TOKENS - 1)).tokens == MAX_TOKENS - 1
    check(query(MAX_TOKENS - 1))
    with pytest.raises(QueryTooComplexError, match=f"{MAX_TOKENS + 1} tokens of code, more than {MAX_TOKENS}"):
        check(query(MAX_TOKENS + 1))


@pytest.mark.threat("A1")
def test_data_does_not_count_against_the_token_budget() -> None:
    many = " ".join(f"<http://e/{i}>" for i in range(10 * MAX_TOKENS))
    values = f"SELECT * WHERE {{ VALUES (?s ?o) {{ {' '.join(f'({i} ex:x)' for i in range(MAX_TOKENS))} }} ?s ?p ?o }}"
    listed = f"SELECT * WHERE {{ ?s ?p ?o FILTER(?s NOT IN ({many.replace(' ', ', ')}, 'a', 1.5, ex:b, true)) }}"
    insert = f"INSERT DATA {{ GRAPH <http://e/g> {{ <http://e/s> <http://e/p> {many.replace(' ', ', ')} }} }}"
    for text in (values, listed):
        assert scan(text).tokens < 40
        check(text)
    assert scan(insert).tokens == 2
    check(insert, allow_update=True)
    # code inside an IN list still counts
    assert scan("ASK { FILTER(1 IN (" + "?x+" * 100 + "1)) }").tokens > 200
    # code after a data block counts again
    assert scan("SELECT * WHERE { VALUES ?x { 1 } " + "?s ?p ?o . " * 10 + "}").tokens > 40


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
