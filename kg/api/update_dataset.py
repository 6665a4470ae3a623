"""``using-graph-uri`` / ``using-named-graph-uri`` (SPARQL 1.1 Protocol §2.2.3): the request's
parameters checked and turned into the update's ``USING`` / ``USING NAMED`` clauses
(:mod:`kg.sparql.dataset`), with the protocol's 400 answers.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from kg.api.errors import ApiError
from kg.sparql.dataset import add_using, names_dataset


def absolute_iris(values: list[str], name: str) -> list[NamedNode]:
    """The request parameter ``name``'s values as IRIs (400 unless every one is absolute)."""
    try:
        return [NamedNode(v) for v in values]
    except ValueError:
        raise ApiError(400, "invalid_request", f"{name} must be absolute IRIs") from None


def apply_dataset(text: str, using: list[str], using_named: list[str]) -> str:
    """``text`` with the protocol's dataset added as USING / USING NAMED clauses. 400 when the
    request also names a dataset itself (USING, USING NAMED or WITH)."""
    if not using and not using_named:
        return text
    graphs = absolute_iris(using, "using-graph-uri")
    named = absolute_iris(using_named, "using-named-graph-uri")
    if names_dataset(text):
        raise ApiError(
            400,
            "invalid_request",
            "using-graph-uri / using-named-graph-uri cannot be combined with USING, USING NAMED or WITH in the update",
        )
    return add_using(text, graphs, named)
