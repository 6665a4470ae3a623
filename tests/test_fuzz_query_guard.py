"""Hypothesis over SPARQL text, seeded with the W3C syntax tests: the query guard, then the engine
(threat row D4).

Inputs: nesting wrappers (``{ }``, ``( )``, ``[ ]``) at depths around the limit and in the
thousands, braces hidden in strings / comments / IRIs / escaped prefixed names, SERVICE and LOAD
in odd spellings, comments inserted into W3C queries, random character insertions and deletions.
Properties:

- the guard either accepts or raises a kg QueryError (nothing else escapes);
- an accepted input nests at most MAX_DEPTH deep, by the guard's count and by the generator's
  own (independent) count, and pyoxigraph parses it without crashing; the engine runs in a
  separate worker process, so a guard miss shows up as a dead worker, not a dead test run;
- the guard does not refuse what the engine parses for a reason that does not hold: a comment
  never turns an accepted query into a refused one, SERVICE / LOAD / braces where the engine sees
  only text never cause a refusal, and a query the engine parses is never called an update.

CI runs a fixed, derandomised set (about 20 s). ``KG_FUZZ_SECONDS=600`` runs a longer random search.
"""

from __future__ import annotations

import os
import select
import struct
import subprocess
import sys
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import QueryError, QueryRefusedError, QueryTooComplexError
from kg.sparql import guard as sparql_guard
from kg.sparql.guard import MAX_DEPTH
from tests.test_w3c_syntax import ACCEPTED, TESTS

_SECONDS = float(os.environ.get("KG_FUZZ_SECONDS", "0"))
FUZZ = settings(
    max_examples=int(_SECONDS * 40) if _SECONDS else 150,
    derandomize=not _SECONDS,
    deadline=None,  # the engine worker's timing varies with the machine's load
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
SEEDS = sorted({t.text for t in TESTS if not t.update and t.expected == ACCEPTED})
DEPTHS = [1, 2, 64, 126, 127, 128, 129, 130, 255, 2_500, 3_000, 20_000]
ENGINE_SECONDS = 60  # a shallow query parses in milliseconds; a deep one can take minutes

# ---- the engine in its own process ----------------------------------------------------------------

_WORKER = r"""
import struct, sys
import pyoxigraph
out = sys.stdout.buffer
while True:
    head = sys.stdin.buffer.read(5)
    if len(head) < 5:
        break
    size, update = struct.unpack(">I?", head)
    text = sys.stdin.buffer.read(size).decode("utf-8", "surrogatepass")
    try:
        if update:
            pyoxigraph.Store().update(text)
        else:
            pyoxigraph.Store().query(text)
        verdict = b"parsed"
    except SyntaxError:
        verdict = b"syntax"
    except BaseException:
        verdict = b"parsed"  # parsed, then failed or refused on the empty store
    out.write(verdict + b"\n")
    out.flush()
"""


class Engine:
    """pyoxigraph's parser in a worker process (restarted if it dies)."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None

    def parse(self, text: str, *, update: bool = False) -> str:
        """ "parsed" or "syntax"; raises AssertionError if the engine crashes on ``text``."""
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                [sys.executable, "-c", _WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
        data = text.encode("utf-8", "surrogatepass")
        assert self._process.stdin and self._process.stdout
        try:
            self._process.stdin.write(struct.pack(">I?", len(data), update) + data)
            self._process.stdin.flush()
            ready, _, _ = select.select([self._process.stdout], [], [], ENGINE_SECONDS)
            line = self._process.stdout.readline() if ready else None
        except BrokenPipeError:
            line = b""
        if line is None:
            self._process.kill()
            self._process.wait()
            raise AssertionError(
                f"the engine hung for {ENGINE_SECONDS} s on an input the guard accepted: {text[:300]!r}"
            )
        if not line:
            code = self._process.wait()
            raise AssertionError(f"the engine died (exit {code}) on an input the guard accepted: {text[:300]!r}")
        return line.decode().strip()

    def close(self) -> None:
        if self._process is not None:
            self._process.stdin.close()  # type: ignore[union-attr]
            self._process.wait(timeout=10)


@pytest.fixture(scope="module")
def engine() -> Engine:
    worker = Engine()
    yield worker  # type: ignore[misc]
    worker.close()


def guard(text: str, *, update: bool = False) -> sparql_guard.QueryShape | QueryError:
    """The guard's answer; any exception other than a QueryError fails the test."""
    try:
        return sparql_guard.check(text, allow_update=update)
    except QueryError as exc:
        return exc


# ---- generators -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nested:
    text: str
    depth: int  # the generator's own count of brackets the parser nests


def _nested(kind: str, k: int) -> Nested:
    if kind == "group":
        return Nested("SELECT * WHERE " + "{" * k + " ?s ?p ?o " + "}" * k, k)
    if kind == "filter":
        return Nested("SELECT * WHERE { FILTER(" + "(" * k + "1" + ")" * k + ") }", k + 2)
    if kind == "bnode":
        return Nested("SELECT * WHERE { ?s ?p " + "[ <http://p> " * k + "1" + " ]" * k + " }", k + 1)
    if kind == "collection":
        return Nested("SELECT * WHERE { ?s ?p " + "(" * k + "1" + ")" * k + " }", k + 1)
    if kind == "update":
        return Nested("INSERT DATA { <http://s> <http://p> " + "(" * k + "1" + ")" * k + " }", k + 1)
    # a less-than whose operand looks like an IRI to a lexer: <((( ... 1 ... )))&&?c>
    return Nested("SELECT * WHERE { FILTER(?a<" + "(" * k + "1" + ")" * k + "&&?c>?b) }", k + 2)


nesting = st.builds(
    _nested, st.sampled_from(["group", "filter", "bnode", "collection", "update", "less-than"]), st.sampled_from(DEPTHS)
)

# text the engine reads as a string, comment, IRI or name: braces and keywords inside do not count
INERT = [
    '"{{{{ ((( [[[ SERVICE LOAD"',
    "'''}}} ))) ]]] \" '' {{{'''",
    '"""{{{\nLOAD <file:///etc/passwd>\n"""',
    "'\\' {{{ SERVICE'",
    "<http://example.org/a(b)c#SERVICE>",
    "<urn:load:((>",
    "?service",
    "$load",
    "ex:service",
    "ex:a\\(b",
    "_:load",
]
COMMENTS = ["# {{{{ SERVICE <http://x/> {\n", "# LOAD <file:///etc/passwd>\r", "#\n", "# ''' \" (((\n"]
KEYWORD_SPELLINGS = ["SERVICE", "service", "SeRvIcE", "sErViCe", "SERVICE SILENT", "service\tsilent"]
SERVICE_LEADS = [" ", " . ", "\n", " .", " 1", " true", " ?o.", " ex:.", " # c\r", "}"]


@st.composite
def hidden_nesting(draw: st.DrawFn) -> Nested:
    """Deep brackets that a careless lexer would skip: after ``\\#`` / ``\\'`` in a prefixed name,
    after a comment that ends in CR, inside a less-than operand, after ``'>'``."""
    k = draw(st.sampled_from([129, 3_000]))
    group = "{" * k + " ?s ?p ?o " + "}" * k
    parens = "(" * k + "1" + ")" * k
    prefix = "PREFIX ex: <http://example.org/>\n"
    return draw(
        st.sampled_from(
            [
                Nested(prefix + "SELECT * WHERE { ?s ex:a\\# ?o . " + group + " }", k + 1),
                Nested(prefix + "SELECT * WHERE { ?s ex:a\\' " + parens + " . ?x ex:b\\' ?o }", k + 1),
                Nested("SELECT * WHERE { ?s ?p ?o # comment\r" + group + " }", k + 1),
                Nested("SELECT * WHERE { ?s ?p ?o FILTER(?s<'>'&&" + parens + "='') }", k + 2),
                Nested("SELECT * WHERE { FILTER(?a<" + parens + "&&?c>?b) }", k + 2),
            ]
        )
    )


@st.composite
def service_in_code(draw: st.DrawFn) -> str:
    lead = draw(st.sampled_from(SERVICE_LEADS))
    keyword = draw(st.sampled_from(KEYWORD_SPELLINGS))
    target = draw(st.sampled_from(["<http://127.0.0.1:9/>", ":x", "?endpoint"]))
    return (
        "PREFIX : <http://127.0.0.1:9/> PREFIX ex: <http://e/>\nSELECT * WHERE { ?s ?p ?o"
        + lead
        + keyword
        + " "
        + target
        + " { ?a ?b ?c } }"
    )


def _split_points(text: str) -> list[int]:
    return [i for i, c in enumerate(text) if c in " \n"] or [len(text)]


@st.composite
def decorated(draw: st.DrawFn, pieces: list[str]) -> tuple[str, str]:
    """A W3C query with one of ``pieces`` inserted at a whitespace position: (original, mutant)."""
    seed = draw(st.sampled_from(SEEDS))
    at = draw(st.sampled_from(_split_points(seed)))
    piece = draw(st.sampled_from(pieces))
    return seed, seed[:at] + " " + piece + " " + seed[at:]


SPICE = st.sampled_from(list("{}()[]<>'\"#\\:?$.;,/\r\n\t ") + ["SERVICE", "LOAD", "'''", '"""', "\\u007B", "<<", ">>"])
ANY_CHAR = st.characters(exclude_categories=["Cs"])


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()) and text:
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + draw(st.one_of(SPICE, ANY_CHAR)) + text[at:]
    if draw(st.booleans()):
        k = draw(st.sampled_from(DEPTHS))
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from("{([")) * k + text[at:]
    return text


# ---- properties -----------------------------------------------------------------------------------


def _assert_safe(engine: Engine, text: str, *, update: bool = False) -> sparql_guard.QueryShape | QueryError:
    """The guard answers with a shape or a QueryError, and what it accepts the engine survives."""
    answer = guard(text, update=update)
    if not isinstance(answer, QueryError):
        assert answer.depth <= MAX_DEPTH
        engine.parse(text, update=update)
    return answer


@pytest.mark.threat("D4", "A1")
@FUZZ
@given(case=st.one_of(nesting, hidden_nesting()))
def test_nesting_is_refused_exactly_above_the_limit(engine: Engine, case: Nested) -> None:
    update = case.text.startswith("INSERT")
    answer = _assert_safe(engine, case.text, update=update)
    if case.depth > MAX_DEPTH:
        assert isinstance(answer, QueryTooComplexError), f"depth {case.depth} accepted: {case.text[:200]!r}"
    else:
        assert not isinstance(answer, QueryError), answer
        assert answer.depth == case.depth


@pytest.mark.threat("D4", "C1")
@FUZZ
@given(text=service_in_code())
def test_service_in_code_is_refused_in_any_spelling(engine: Engine, text: str) -> None:
    answer = guard(text)
    if engine.parse(text) == "parsed":  # safe: the text is shallow
        assert isinstance(answer, QueryRefusedError) and "SERVICE" in str(answer), text


@pytest.mark.threat("D4", "D5")
@FUZZ
@given(pair=st.one_of(decorated(INERT), decorated(COMMENTS)))
def test_text_the_engine_skips_never_causes_a_refusal(engine: Engine, pair: tuple[str, str]) -> None:
    original, mutant = pair
    answer = _assert_safe(engine, mutant)
    assert not isinstance(guard(original), QueryError)
    if engine.parse(mutant) == "parsed":
        assert not isinstance(answer, QueryError), f"{answer}: {mutant!r}"


@pytest.mark.threat("D4")
@FUZZ
@given(text=mutated(), update=st.booleans())
def test_mutated_queries_are_accepted_safely_or_refused_cleanly(engine: Engine, text: str, update: bool) -> None:
    answer = _assert_safe(engine, text, update=update)
    if isinstance(answer, QueryRefusedError) and "updates are not allowed" in str(answer):
        assert engine.parse(text) == "syntax", f"a query the engine parses was called an update: {text!r}"


# ---- what the fuzzing found in the first guard (each crashed or reached the engine) ----------------

_DEEP = "(" * 3_000 + "1" + ")" * 3_000
_DEEP_GROUP = "{" * 3_000 + " ?s ?p ?o " + "}" * 3_000
FOUND = [
    ("a less-than read as an IRI hid the nesting (SIGSEGV)", "SELECT * WHERE { FILTER(?a<" + _DEEP + "&&?c>?b) }"),
    (
        "an escaped quote in a prefixed name opened a string (engine hung, then SIGSEGV)",
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\' " + _DEEP + " . ?x ex:b\\' ?o }",
    ),
    (
        "an escaped # in a prefixed name opened a comment (SIGSEGV)",
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\# ?o . " + _DEEP_GROUP + " }",
    ),
    ("a comment ended by CR hid the rest of the line", "SELECT * WHERE { ?s ?p ?o # c\r" + _DEEP_GROUP + " }"),
    ("SERVICE after a comment ended by CR", "SELECT * { ?s ?p ?o # c\rSERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }"),
    ("SERVICE glued to a number", "SELECT * { ?s ?p 1SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }"),
    ("SERVICE glued to a boolean", "SELECT * { ?s ?p trueSERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }"),
    ("SERVICE after a variable and a dot", "SELECT * { ?s ?p ?o.SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }"),
    ("SERVICE with a prefixed-name endpoint", "PREFIX : <http://127.0.0.1:9/> SELECT * { SERVICE:x { ?s ?p ?o } }"),
]


@pytest.mark.threat("D4", "A1", "C1")
@pytest.mark.parametrize(("finding", "text"), FOUND, ids=[f for f, _ in FOUND])
def test_what_the_fuzzing_found_stays_refused(finding: str, text: str) -> None:
    with pytest.raises((QueryTooComplexError, QueryRefusedError)):
        sparql_guard.check(text)
