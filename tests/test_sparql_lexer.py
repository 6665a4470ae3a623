"""The one SPARQL lexer: the kinds and spans of its tokens, and the code offsets built on them."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode

from kg.sparql.bind import query_form, where_group_start
from kg.sparql.dataset import add_using
from kg.sparql.guard import scan
from kg.sparql.lexer import code_offsets, tokens


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, text[t.start : t.end]) for t in tokens(text)]


def test_a_query_reads_as_kinds_with_spans() -> None:
    text = 'PREFIX ex: <http://e/#x> SELECT ?s $o { ?s ex:p "a#b"@en-GB ; a ex:C. } # done'
    assert kinds(text) == [
        ("word", "PREFIX"),
        ("pname", "ex:"),
        ("iri", "<http://e/#x>"),
        ("word", "SELECT"),
        ("variable", "?s"),
        ("variable", "$o"),
        ("punct", "{"),
        ("variable", "?s"),
        ("pname", "ex:p"),
        ("string", '"a#b"'),
        ("langtag", "@en-GB"),
        ("punct", ";"),
        ("word", "a"),
        ("pname", "ex:C"),
        ("punct", "."),
        ("punct", "}"),
        ("comment", "# done"),
    ]
    spans = [(t.start, t.end) for t in tokens(text)]
    assert spans[2] == (11, 24) and spans[-1] == (len(text) - 6, len(text))


@pytest.mark.parametrize(
    ("literal", "rest"),
    [
        ('"say \\"hi\\" # not a comment"', " ?x"),
        ("'it\\'s'", " ?x"),
        ("'''a 'quoted' and ''twice'' \n over lines # still a string'''", " ?x"),
        ('"""one " two "" and \\""" three"""', " ?x"),
        ("'''ends at the first three'''", "'' ?x"),
        ("''", " ?x"),
        ('"unterminated at the line end', "\n?x"),
        ("'unterminated at a carriage return", "\r?x"),
        ('"escaped line end \\\n still the string"', " ?x"),
    ],
)
def test_strings_of_every_quote_form_end_where_the_grammar_ends_them(literal: str, rest: str) -> None:
    assert next(tokens(literal + rest)) == ("string", 0, len(literal))


def test_an_unterminated_long_string_runs_to_the_end() -> None:
    assert list(tokens("'''open ' '' ")) == [("string", 0, 13)]
    assert list(tokens('"a\\')) == [("string", 0, 3)]


def test_comments_end_at_either_line_break() -> None:
    assert kinds("# a 'quote' <iri>\nx") == [("comment", "# a 'quote' <iri>"), ("word", "x")]
    assert kinds("#c\rLIMIT 1") == [("comment", "#c"), ("word", "LIMIT"), ("number", "1")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<http://e/a#frag>", [("iri", "<http://e/a#frag>")]),
        ("<http://e/\\u0041#x>", [("iri", "<http://e/\\u0041#x>")]),
        ("?a<?b", [("variable", "?a"), ("punct", "<"), ("variable", "?b")]),
        ("?a < ?b", [("variable", "?a"), ("punct", "<"), ("variable", "?b")]),
        ("<a b>", [("punct", "<"), ("word", "a"), ("word", "b"), ("punct", ">")]),
    ],
)
def test_an_iri_is_read_whole_and_a_lone_less_than_is_an_operator(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ex:a\\#b", [("pname", "ex:a\\#b")]),
        ("ex:it\\'s", [("pname", "ex:it\\'s")]),
        (":local", [("pname", ":local")]),
        ("_:b0", [("pname", "_:b0")]),
        ("ex:a.b.", [("pname", "ex:a.b"), ("punct", ".")]),
        ("ex:%41", [("pname", "ex:%41")]),
        ("?o.FILTER", [("variable", "?o"), ("punct", "."), ("word", "FILTER")]),
        ("1SERVICE", [("number", "1"), ("word", "SERVICE")]),
        ("3.5e-2", [("number", "3.5e-2")]),
    ],
)
def test_prefixed_names_variables_and_numbers(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


def test_code_offsets_skip_strings_iris_and_comments_only() -> None:
    text = "a 'b' <c> # d\ne"
    assert [text[i] for i in code_offsets(text)] == ["a", " ", " ", " ", "\n", "e"]
    assert list(code_offsets(text, 2, 9)) == [5]  # starts in code, a string read to its end
    assert list(code_offsets("ab", 0, 1)) == [0]  # a name cut at the end


def test_the_query_rewrites_see_past_hashes_and_quotes_in_names() -> None:
    query = "PREFIX ex: <http://e/> SELECT * { ?s ex:a\\#b ?o . ?s ex:it\\'s ?x }"
    assert query_form(query) == "SELECT"
    assert where_group_start(query) == query.index("{") + 1
    update = "DELETE { ?s ex:a\\#b ?o } WHERE { ?s ?p ?o }"
    assert "USING <http://e/g> WHERE" in add_using(update, [NamedNode("http://e/g")], [])
    hidden = "SELECT ?s # { '\n{ ?s ?p ?o }"
    assert where_group_start(hidden) == hidden.rindex("{") + 1


def test_the_guard_sees_past_an_iri_with_an_escape() -> None:
    """pyoxigraph reads <http://e/\\u0041#> as an IRI: what follows on the line is code, not a comment."""
    shape = scan("SELECT * { ?s ?p <http://e/\\u0041#> . SERVICE <http://evil/> { ?a ?b ?c } }")
    assert "SERVICE" in shape.keywords
    assert scan("ASK { FILTER(<http://e/\\u0041#> = " + "(" * 200 + "1" + ")" * 200 + ") }").depth > 200
