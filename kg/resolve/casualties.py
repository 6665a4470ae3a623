"""Casualty figures in the merged view: figures of the same incident (the canonical event their articles'
events merged into) and kind whose ranges cannot hold the same count are linked ``kg:disagreesWith``
(both ways). Figures are never summed, and cumulative totals and hypotheticals are never grouped with
an incident."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from pyoxigraph import NamedNode, Quad

from kg.namespaces import KG, Minter, sparql_prefixes
from kg.store import Store

_INCIDENT_FIGURES = (
    sparql_prefixes(("kg",))
    + """
SELECT ?statement ?kind ?low ?high ?article ?speaker ?event WHERE {
  GRAPH ?g {
    ?statement a kg:CasualtyStatement ; kg:casualtyKind ?kind ; kg:casualtyScope "incident" ;
        kg:reportedIn ?article ; kg:incident ?event .
    OPTIONAL { ?statement kg:low ?low }
    OPTIONAL { ?statement kg:high ?high }
    OPTIONAL { ?statement kg:speakerText ?speaker }
  }
}"""
)


def disagree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two figures disagree when their ranges cannot hold the same count ("12" and "at least 40"), and
    they come from different articles or speakers."""
    if (a["article"], a["speaker"]) == (b["article"], b["speaker"]):
        return False
    low = max(x for x in (a["low"], b["low"], 0) if x is not None)
    highs = [x for x in (a["high"], b["high"]) if x is not None]
    return bool(highs) and low > min(highs)


def disagreement_quads(store: Store, mapping: dict[str, str], minter: Minter) -> Iterator[Quad]:
    """``kg:disagreesWith`` between the figures of one incident; ``mapping`` is article-level event IRI ->
    canonical event IRI, as the event resolution gives it."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in store.select_rows(_INCIDENT_FIGURES):
        figure = {
            "iri": row["statement"],
            "low": int(row["low"]) if "low" in row else None,
            "high": int(row["high"]) if "high" in row else None,
            "article": row["article"],
            "speaker": row.get("speaker"),
        }
        groups[(mapping.get(row["event"], row["event"]), row["kind"])].append(figure)
    graph = minter.merged_graph()
    for figures in groups.values():
        for a in figures:
            for b in figures:
                if a["iri"] != b["iri"] and disagree(a, b):
                    yield Quad(NamedNode(a["iri"]), KG.disagreesWith, NamedNode(b["iri"]), graph)
