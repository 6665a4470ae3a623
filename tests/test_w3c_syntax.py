"""The W3C SPARQL syntax suites through the endpoint's own checks (threat rows I1 and D5).

Every positive syntax test must pass kg's guard and parse in pyoxigraph; every negative one must be
rejected by one of them (the endpoint answers 400 either way). The exceptions are listed below with
their reasons, and the list is exact: an entry that stops applying fails too. A sample of the
query tests also goes through a real ``kg serve`` to show the 200 / 400 over HTTP.

Suites (tests/w3c/sparql11 and tests/w3c/sparql10, copied from the W3C test suites):
SPARQL 1.1 syntax-query, syntax-update-1, syntax-update-2, syntax-fed; SPARQL 1.0 syntax-sparql1..5.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import httpx
import pyoxigraph
import pytest
import rdflib
from rdflib import RDF, Namespace
from rdflib.collection import Collection

from kg.errors import QueryError
from kg.sparql import guard as sparql_guard
from tests.helpers import LiveServer

W3C = Path(__file__).resolve().parent / "w3c"
SUITES = [
    "sparql11/syntax-query",
    "sparql11/syntax-update-1",
    "sparql11/syntax-update-2",
    "sparql11/syntax-fed",
    *(f"sparql10/syntax-sparql{i}" for i in range(1, 6)),
]
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")

ACCEPTED = "accepted"
SYNTAX = "syntax error"
REJECTED = "rejected"  # by the guard or the parser: a negative test, answered with 400
SERVICE = "refused: SERVICE is not allowed"
LOAD = "refused: LOAD is not allowed"
UNSUPPORTED = "unsupported custom function"

# test -> (the verdict kg gives, why it differs from the manifest)
POLICY = "kg refuses it by policy (C1/C3: never fetch remote data); the endpoint answers 400"
CUSTOM_FUNCTION = "parses; pyoxigraph has no such custom function, so the endpoint answers 400"
EXCEPTIONS: dict[str, tuple[str, str]] = {
    "sparql11/syntax-fed/test_1": (SERVICE, POLICY),
    "sparql11/syntax-fed/test_2": (SERVICE, POLICY),
    "sparql11/syntax-fed/test_3": (SERVICE, POLICY),
    "sparql11/syntax-update-1/test_1": (LOAD, POLICY),
    "sparql11/syntax-update-1/test_2": (LOAD, POLICY),
    "sparql11/syntax-update-1/test_3": (LOAD, POLICY),
    "sparql11/syntax-update-1/test_4": (LOAD, POLICY),
    "sparql11/syntax-update-1/test_37": (LOAD, POLICY),
    "sparql11/syntax-query/test_4": (UNSUPPORTED, CUSTOM_FUNCTION),
    "sparql10/syntax-sparql1/syntax-expr-05": (UNSUPPORTED, CUSTOM_FUNCTION),
    "sparql10/syntax-sparql1/syntax-order-05": (UNSUPPORTED, CUSTOM_FUNCTION),
    "sparql10/syntax-sparql1/syntax-order-06": (UNSUPPORTED, CUSTOM_FUNCTION),
    "sparql10/syntax-sparql2/syntax-function-01": (UNSUPPORTED, CUSTOM_FUNCTION),
    "sparql10/syntax-sparql2/syntax-function-02": (UNSUPPORTED, CUSTOM_FUNCTION),
    "sparql10/syntax-sparql2/syntax-function-03": (UNSUPPORTED, CUSTOM_FUNCTION),
    "sparql10/syntax-sparql2/syntax-function-04": (UNSUPPORTED, CUSTOM_FUNCTION),
    # SPARQL 1.0 documents that SPARQL 1.1 changed (pyoxigraph implements 1.1; Oxigraph's own
    # test suite runs the current w3c/rdf-tests manifests, where these were revised or excluded)
    "sparql10/syntax-sparql1/syntax-lit-08": (
        SYNTAX,
        "`123.` is a decimal in SPARQL 1.0 only; in 1.1 DECIMAL needs digits after the dot",
    ),
    "sparql10/syntax-sparql2/syntax-esc-04": (
        SYNTAX,
        "\\u escapes outside strings (SPARQL 1.1 §19.2) are not supported by pyoxigraph; "
        "the guard relies on that (a \\u007B outside a string is no brace to either)",
    ),
    "sparql10/syntax-sparql2/syntax-esc-05": (SYNTAX, "as syntax-esc-04"),
    "sparql10/syntax-sparql3/syn-bad-26": (
        ACCEPTED,
        "pyoxigraph reads `?x<?a&&?b>?y` as comparisons, not as the IRI <?a&&?b> the "
        "longest-token rule asks for (Oxigraph's own test suite skips it: 'tokenizer')",
    ),
}


@dataclass(frozen=True)
class SyntaxTest:
    id: str  # suite/name
    path: Path
    base: str  # the document's URL, the base IRI for relative references
    positive: bool
    update: bool

    @property
    def text(self) -> str:
        return self.path.read_bytes().decode("utf-8")

    @property
    def expected(self) -> str:
        if self.id in EXCEPTIONS:
            return EXCEPTIONS[self.id][0]
        return ACCEPTED if self.positive else REJECTED


@cache
def load_syntax_tests() -> tuple[SyntaxTest, ...]:
    """All syntax tests of SUITES, in manifest order."""
    tests: list[SyntaxTest] = []
    for suite in SUITES:
        manifest = W3C / suite / "manifest.ttl"
        graph = rdflib.Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
        head = next(graph.subjects(RDF.type, MF.Manifest))
        for entry in Collection(graph, graph.value(head, MF.entries)):
            kind = str(graph.value(entry, RDF.type)).rpartition("#")[2]
            action = graph.value(entry, MF.action)
            action = graph.value(action, QT.query) or action
            name = str(entry).rpartition("#")[2]
            path = Path(str(action).removeprefix("file://"))
            tests.append(
                SyntaxTest(f"{suite}/{name}", path, str(action), kind.startswith("Positive"), "Update" in kind)
            )
    return tuple(tests)


def verdict(text: str, *, update: bool, base: str | None = None) -> str:
    """What the endpoint's checks make of a document: the guard, then pyoxigraph's parser (the
    store is empty and in memory, so an update's effects stay there)."""
    try:
        sparql_guard.check(text, allow_update=update)
    except QueryError as exc:
        return f"refused: {exc}"
    try:
        if update:
            pyoxigraph.Store().update(text, base_iri=base)
        else:
            pyoxigraph.Store().query(text, base_iri=base)
    except SyntaxError:
        return SYNTAX
    except RuntimeError as exc:
        # parsed, then refused by the engine (an unknown function) or failed on the empty store
        # (an update naming a graph that does not exist)
        return UNSUPPORTED if "custom function" in str(exc) else ACCEPTED
    except OSError:
        return ACCEPTED  # an update that parsed and then tried to read a file or URL
    return ACCEPTED


TESTS = load_syntax_tests()


@pytest.mark.threat("I1", "D5")
@pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])
def test_guard_and_engine_agree_with_the_manifest(test: SyntaxTest) -> None:
    got = verdict(test.text, update=test.update, base=test.base)
    if test.expected == REJECTED:
        assert got != ACCEPTED, f"{test.id}: a negative syntax test was accepted"
    else:
        assert got.startswith(test.expected), f"{test.id}: expected {test.expected!r}, got {got!r}"


@pytest.mark.threat("I1", "D5")
def test_the_exception_list_names_real_tests_and_the_counts_add_up() -> None:
    ids = {t.id for t in TESTS}
    assert set(EXCEPTIONS) <= ids
    positive = [t for t in TESTS if t.positive]
    negative = [t for t in TESTS if not t.positive]
    # 1.1: 60 + 26 query, 42 + 13 update, 3 federation; 1.0: 149 positive + 50 negative
    assert (len(positive), len(negative)) == (60 + 42 + 3 + 149, 26 + 13 + 50)


def _http_sample() -> list[SyntaxTest]:
    """20 positive and 20 negative query tests, spread over the suites (updates are left out:
    the positive ones would change the shared server's store)."""
    queries = [t for t in TESTS if not t.update]
    positive = [t for t in queries if t.positive and t.expected == ACCEPTED]
    negative = [t for t in queries if t.expected == REJECTED]
    refused = [t for t in queries if t.expected.startswith("refused") or t.expected == UNSUPPORTED]
    pick = lambda items, k: items[:: max(1, len(items) // k)][:k]  # noqa: E731
    return pick(positive, 20) + pick(negative, 20) + pick(refused, 4)


@pytest.mark.threat("I1", "D5")
@pytest.mark.parametrize("test", _http_sample(), ids=lambda t: t.id)
def test_the_endpoint_answers_200_or_400(w3c_server: LiveServer, test: SyntaxTest) -> None:
    response = httpx.post(
        w3c_server.url + "/sparql",
        content=test.text.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, text/turtle"},
        timeout=30,
    )
    if test.expected == ACCEPTED:
        assert response.status_code == 200, response.text
    else:
        assert response.status_code == 400, response.text
        if test.expected.startswith("refused"):
            assert test.expected.removeprefix("refused: ") in response.text
