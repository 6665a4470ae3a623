"""The SPARQL shipped with kg, read from the package: the named queries (``kg/queries/*.rq``, the
README's table, the home page's examples and ``/api/v1/queries``) and the dashboard's own
(``kg/queries/dashboard/*.rq``, which are not named queries and are not listed with them)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from kg.namespaces import sparql_prefixes


@lru_cache(maxsize=1)
def named_queries() -> dict[str, str]:
    """The named queries: name (the file name without ``.rq``) -> text, in name order."""
    found = {}
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            found[entry.name.removesuffix(".rq")] = entry.read_text(encoding="utf-8")
    return found


def query_title(text: str) -> str:
    """A named query's title: its first comment line, without the ``#``."""
    comments = (line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#"))
    return next(comments, "")


@lru_cache(maxsize=32)
def dashboard_query(name: str) -> str:
    """``kg/queries/dashboard/NAME.rq``, after the PREFIX declarations of kg's namespaces."""
    text = resources.files(__name__).joinpath("dashboard", f"{name}.rq").read_text(encoding="utf-8")
    return sparql_prefixes() + text
