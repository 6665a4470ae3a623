"""The SPARQL shipped in kg/queries: the named queries are the top-level .rq files only, and every
dashboard query (kg/queries/dashboard/*.rq) runs on an empty store; ``kg``'s public names resolve."""

from __future__ import annotations

from importlib import resources

from pyoxigraph import NamedNode, Store

import kg
from kg.queries import dashboard_query, named_queries, query_title


def test_the_named_queries_are_the_top_level_files() -> None:
    files = sorted(
        e.name.removesuffix(".rq") for e in resources.files("kg.queries").iterdir() if e.name.endswith(".rq")
    )
    assert list(named_queries()) == files and "captures" in files
    assert all(query_title(text) for text in named_queries().values())


def test_every_dashboard_query_runs() -> None:
    store = Store()
    folder = resources.files("kg.queries").joinpath("dashboard")
    names = sorted(e.name.removesuffix(".rq") for e in folder.iterdir() if e.name.endswith(".rq"))
    assert len(names) == 14
    for name in names:
        text = dashboard_query(name)
        if name == "reports":
            text = text.replace("$EVENTS", str(NamedNode("https://example.org/event")))
        assert len(list(store.query(text))) <= 1, name  # nothing, or one row of zero counts


def test_the_public_names_resolve() -> None:
    for name in kg.__all__:
        assert getattr(kg, name) is not None, name
