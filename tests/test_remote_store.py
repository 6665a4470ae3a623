"""The same kg on a triple-store server. The seeds built with ``kg build`` into the embedded store,
a real PyPI Oxigraph server and a real Virtuoso give the same answer to every named query, the
same export, a second build that writes nothing, and an edited article that replaces its graph.
``kg query``, ``kg export``, ``kg validate`` and ``kg serve`` run unchanged on each."""

from __future__ import annotations

import csv
import io
import re
import secrets
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from pyoxigraph import Literal, NamedNode
from typer.testing import CliRunner

from kg.cli import app
from kg.config import DEFAULT_BASE_IRI, Settings
from kg.sparql.query import SelectResult, run_query
from kg.store import Store, open_store
from tests.helpers import QUERIES, SEEDS, RemoteServer, canonical_dataset, serve

runner = CliRunner()
BACKENDS = ["embedded", "oxigraph", "virtuoso"]
XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass
class Backend:
    """Where a kg store is: the KG_* environment naming it (and the server, for a remote one)."""

    name: str
    env: dict[str, str]
    remote: RemoteServer | None = None

    def open(self, *, read_only: bool = True, **settings: object) -> Store:
        return open_store(self.env["KG_STORE"], read_only=read_only, settings=Settings.from_env(self.env, **settings))


def kg(*args: str, env: dict[str, str]):
    return runner.invoke(app, list(args), env=env)


def backend_for(name: str, request: pytest.FixtureRequest, directory: Path) -> Backend:
    if name == "embedded":
        return Backend(name, {"KG_STORE": str(directory / "kg")})
    remote: RemoteServer = request.getfixturevalue(name)
    return Backend(name, remote.env(), remote)


@pytest.fixture(scope="module", params=BACKENDS)
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    """The five seeds built by ``kg build`` into an empty store of each kind."""
    backend = backend_for(request.param, request, tmp_path_factory.mktemp(f"seeded-{request.param}"))
    if backend.remote:
        backend.remote.clear()
    result = kg("build", str(SEEDS), env=backend.env)
    assert result.exit_code == 0, result.output
    assert "5 ingested" in result.stdout, result.stdout
    yield backend
    if backend.remote:
        backend.remote.clear()


# ---- reads ---------------------------------------------------------------------------------------------


def test_the_store_holds_what_the_embedded_one_holds(seeded: Backend, seed_store) -> None:
    with seeded.open() as store:
        assert store.quad_count() == seed_store.quad_count()
        assert [g.value for g in store.named_graphs()] == [g.value for g in seed_store.named_graphs()]
        assert store.ledger(_provenance()).keys() == seed_store.ledger(_provenance()).keys()


def _provenance() -> NamedNode:
    return NamedNode(DEFAULT_BASE_IRI + "graph/provenance")


@pytest.mark.parametrize("query", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.name)
@pytest.mark.threat("I3")
def test_named_queries_give_the_same_rows(seeded: Backend, seed_store, query: Path) -> None:
    text = query.read_text(encoding="utf-8")
    with seeded.open() as store:
        got = _rows(store, text)
    expected = _rows(seed_store, text)
    assert got[0] == expected[0]
    assert got[1] == expected[1], (
        f"{query.name}: rows only here {got[1] - expected[1]}, only in the embedded store {expected[1] - got[1]}"
    )


def _rows(store: Store, text: str) -> tuple[list[str], Counter[tuple[str, ...]]]:
    """The variables, and the rows as a multiset of strings (see _canonical)."""
    bindings = {name: NamedNode(iri) for name, iri in re.findall(r"--bind (\w+)=(https?://[^\s`]+)", text)}
    result = run_query(store, text, timeout=60, max_rows=100_000, bindings=bindings or None)
    assert isinstance(result, SelectResult) and not result.truncated
    separators = _group_concat_separators(text)
    rows = Counter(
        tuple(_canonical(term, separators.get(name)) for name, term in zip(result.variables, row))
        for row in result.rows
    )
    return result.variables, rows


def _group_concat_separators(text: str) -> dict[str, str]:
    pattern = r'GROUP_CONCAT\s*\((?:[^()";]|\([^()]*\))*(?:;\s*separator\s*=\s*"([^"]*)")?\s*\)\s*AS\s*\?(\w+)'
    return {name: separator if separator else " " for separator, name in re.findall(pattern, text, flags=re.IGNORECASE)}


def _canonical(term, separator: str | None) -> str:
    """A value as a string. GROUP_CONCAT's order is not defined by SPARQL 1.1: its parts are sorted.
    Virtuoso 7.2 has no boolean type (it answers 1 and 0): booleans are compared as 1 and 0."""
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype.value == XSD + "boolean":
        return "1" if term.value in ("true", "1") else "0"
    value = term.value
    return separator.join(sorted(value.split(separator))) if separator and value else value


def test_exports_are_isomorphic(seeded: Backend, seed_store_path: Path) -> None:
    exported = kg("export", "--format", "nq", env=seeded.env)
    assert exported.exit_code == 0, exported.output
    reference = kg("export", "--format", "nq", env={"KG_STORE": str(seed_store_path)})
    got, expected = canonical_dataset(exported.stdout_bytes), canonical_dataset(reference.stdout_bytes)
    assert got == expected, (
        f"only here: {list(got - expected)[:5]}; only in the embedded store: {list(expected - got)[:5]}"
    )


def test_validate_conforms(seeded: Backend) -> None:
    result = kg("validate", env=seeded.env)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("conforms") == 5


def test_kg_query_cli(seeded: Backend, seed_store_path: Path) -> None:
    args = ("query", "-f", str(QUERIES / "captures.rq"), "--format", "csv")
    got = kg(*args, env=seeded.env)
    assert got.exit_code == 0, got.output
    expected = kg(*args, env={"KG_STORE": str(seed_store_path)})
    assert sorted(got.stdout.splitlines()) == sorted(expected.stdout.splitlines())
    bad = kg("query", "SELECT * WHERE {", env=seeded.env)
    assert bad.exit_code == 2
    if seeded.remote:  # the endpoints as options; credentials only ever from the environment
        remote = seeded.remote
        options = ["--store", remote.location, "--store-update", remote.update, "--store-gsp", remote.gsp]
        secrets_only = {"KG_STORE_USER": remote.user, "KG_STORE_PASSWORD": remote.password}
        by_options = kg(*args, *options, env=secrets_only)
        assert by_options.exit_code == 0 and by_options.stdout == got.stdout


def test_kg_serve_on_the_store(seeded: Backend, tmp_path: Path, seed_store) -> None:
    if seeded.remote is None:
        pytest.skip("kg serve on the embedded store is covered by test_api.py")
    with serve(tmp_path / "unused", env=seeded.env) as live:
        response = httpx.post(
            live.url + "/sparql",
            data={"query": (QUERIES / "captures.rq").read_text()},
            headers={"Accept": "text/csv"},
            timeout=60,
        )
        assert response.status_code == 200, response.text
        health = httpx.get(live.url + "/healthz", timeout=30).json()
    rows = list(csv.DictReader(io.StringIO(response.text)))
    expected = run_query(seed_store, (QUERIES / "captures.rq").read_text(), timeout=60, max_rows=100_000)
    assert len(rows) == len(expected.rows) > 20
    assert health["quads"] == seed_store.quad_count()


# ---- writes --------------------------------------------------------------------------------------------


@pytest.mark.threat("G3")
def test_a_second_build_writes_nothing(seeded: Backend) -> None:
    with seeded.open() as store:
        before = store.quad_count()
    result = kg("build", str(SEEDS), env=seeded.env)
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.stdout.splitlines()[:-1]] == ["unchanged"] * 5
    assert "0 quads written" in result.stdout
    with seeded.open() as store:
        assert store.quad_count() == before


@pytest.mark.threat("G4")
def test_an_edited_article_replaces_its_graph(seeded: Backend, tmp_path: Path) -> None:
    """In a namespace of its own (KG_BASE_IRI), so the seeded graphs are left alone."""
    base = f"https://w3id.org/kg-news/test-{secrets.token_hex(4)}/"
    env = {**seeded.env, "KG_BASE_IRI": base}
    if seeded.remote is None:
        env["KG_STORE"] = str(tmp_path / "kg")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("001_6c8beff2a7751072.txt", "003_9a410404917cc5f1.txt"):
        shutil.copy(SEEDS / name, corpus / name)
    try:
        assert kg("build", str(corpus), env=env).exit_code == 0
        before = _article_graphs(env)
        article = corpus / "003_9a410404917cc5f1.txt"
        article.write_text(article.read_text(encoding="utf-8").replace("Albak", "Aibak"), encoding="utf-8")
        result = kg("build", str(corpus), env=env)
        assert result.exit_code == 0, result.output
        assert sorted(line.split()[0] for line in result.stdout.splitlines()[:-1]) == ["ingested", "unchanged"]
        after = _article_graphs(env)
        gone, new = before - after, after - before
        assert len(gone) == 1 and len(new) == 1 and len(after) == 2
        backend = Backend(seeded.name, env)
        with backend.open() as store:
            assert store.ledger(NamedNode(base + "graph/provenance"))["003_9a410404917cc5f1.txt"].graph == NamedNode(
                new.pop()
            )
            old_graph = NamedNode(gone.pop())
            old_article = NamedNode(old_graph.value.replace("/graph/article/", "/article/"))
            assert store.select_rows("SELECT ?old ?p WHERE { ?old ?p ?o } LIMIT 1", old=old_article) == []
            assert store.select_rows("SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", g=old_graph) == []
    finally:
        if seeded.remote:
            seeded.remote.clear(base_iri=base)


def _article_graphs(env: dict[str, str]) -> set[str]:
    with Backend("", env).open() as store:
        return {g.value for g in store.named_graphs() if "/graph/article/" in g.value}
