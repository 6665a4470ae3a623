"""``kg explain IRI``: why a node of the merged view is what it is, traced to articles and sentences."""

from __future__ import annotations

from collections import defaultdict

from pyoxigraph import NamedNode

from kg.errors import QueryError
from kg.namespaces import curie, sparql_prefixes
from kg.store import Store

_P = sparql_prefixes(("kg", "rdf", "rdfs", "skos", "owl", "sem", "prov", "oa", "schema"))

_TYPES = _P + "SELECT ?node ?type WHERE { ?node a ?type }"
_LABELS = _P + "SELECT ?node ?label WHERE { ?node rdfs:label ?label }"
_ALIASES = _P + "SELECT ?node ?alias WHERE { ?node skos:altLabel ?alias }"
_SAME_AS = _P + "SELECT ?node ?same WHERE { ?node owl:sameAs ?same }"
_MEMBERS = (
    _P
    + """
SELECT ?node ?member ?label ?file WHERE {
  ?node kg:mergedFrom ?member .
  GRAPH ?graph { ?member rdfs:label ?label }
  ?article kg:graph ?graph ; kg:sourceName ?file .
}"""
)
_DECISIONS = (
    _P
    + "SELECT ?node ?decision ?rule ?score ?member WHERE { ?decision kg:canonical ?node ; kg:rule ?rule ; kg:score ?score ; kg:member ?member }"
)
_MENTIONS = (
    _P
    + """
SELECT ?node ?surface ?method ?file (COUNT(?mention) AS ?count) (SAMPLE(?why) AS ?reason) WHERE {
  { ?mention kg:refersTo ?node } UNION { ?local kg:canonical ?node . ?mention kg:refersTo ?local }
  ?mention kg:surface ?surface ; kg:linkMethod ?method ; kg:evidence/prov:wasDerivedFrom ?article .
  ?article kg:sourceName ?file .
  OPTIONAL { ?mention kg:linkReason ?why }
} GROUP BY ?node ?surface ?method ?file"""
)
_EVENT = (
    _P
    + """
SELECT ?node ?status ?date ?agent ?place ?sources ?origins WHERE {
  ?node a kg:CanonicalEvent ; kg:status ?status ; kg:sourceCount ?sources ; kg:originCount ?origins .
  OPTIONAL { ?node kg:date ?date } OPTIONAL { ?node kg:agent/rdfs:label ?agent } OPTIONAL { ?node sem:hasPlace/rdfs:label ?place }
}"""
)
_REPORTS = (
    _P
    + """
SELECT ?node ?report ?file ?start ?end ?sentence ?trigger ?confidence ?date ?text ?fixes WHERE {
  ?node kg:report ?report .
  ?report kg:trigger ?trigger ; kg:confidence ?confidence ; kg:evidence ?evidence .
  ?evidence oa:start ?start ; oa:end ?end ; kg:sentence ?sentence ; prov:wasDerivedFrom ?article .
  ?article kg:sourceName ?file .
  OPTIONAL { ?report kg:date ?date ; kg:dateText ?text }
  BIND(EXISTS { ?node kg:dateFixedBy ?report } AS ?fixes)
} ORDER BY ?file ?start"""
)
_ORIGINS = (
    _P
    + """
SELECT ?node ?origin ?label WHERE { ?node kg:origin ?origin . OPTIONAL { ?origin rdfs:label|kg:sourceName ?label } }"""
)
_CLAIMS = (
    _P
    + """
SELECT ?node ?claim ?side ?quote ?speaker ?file WHERE {
  { ?node kg:supportedBy ?claim BIND("supports" AS ?side) } UNION { ?node kg:disputedBy ?claim BIND("disputes" AS ?side) }
  ?claim kg:quote ?quote ; kg:reportedIn/kg:sourceName ?file .
  OPTIONAL { ?claim kg:speaker/rdfs:label ?name } OPTIONAL { ?claim kg:speakerText ?text }
  BIND(COALESCE(STR(?name), STR(?text), "unknown speaker") AS ?speaker)
}"""
)
_CONFLICTS = _P + "SELECT ?node ?other WHERE { ?node kg:conflictingDate ?other }"
_CANONICAL = _P + "SELECT ?node ?canonical WHERE { ?node kg:canonical ?canonical }"
_EVENTS_AT = (
    _P
    + """
SELECT ?node ?event ?status WHERE {
  ?event a kg:CanonicalEvent ; kg:status ?status .
  { ?event sem:hasPlace ?node } UNION { ?event kg:agent ?node } UNION { ?event kg:target ?node }
} ORDER BY ?event"""
)


def _rows(store: Store, query: str, node: NamedNode) -> list[dict[str, str]]:
    """The rows of a SELECT about ``node`` (every value a term's string value)."""
    return store.select_rows(query, node=node)


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri


def explain(store: Store, iri: str) -> str:
    """A readable account of ``iri``: what it is, what it was merged from and why, and its sources."""
    try:
        node = NamedNode(iri)
    except ValueError:
        raise QueryError(f"not an IRI: {iri!r}") from None
    canonical = _rows(store, _CANONICAL, node)
    if canonical:  # an article-level node: explain its merged node
        target = canonical[0]["canonical"]
        return f"{iri}\n  is part of {target}\n\n" + explain(store, target)
    types = sorted(curie(r["type"]) for r in _rows(store, _TYPES, node))
    if not types:
        raise QueryError(f"{iri} is not in the graph")
    labels = sorted({r["label"] for r in _rows(store, _LABELS, node)})
    lines = [f"{labels[0] if labels else iri}  ({', '.join(types)})"]
    if labels:
        lines.append(f"  {iri}")
    same = [r["same"] for r in _rows(store, _SAME_AS, node)]
    if same:
        lines.append(f"  same as: {', '.join(same)} (unverified identifier)")
    aliases = sorted({r["alias"] for r in _rows(store, _ALIASES, node)})
    if aliases:
        lines.append(f"  also called: {', '.join(aliases)}")
    if "kg:CanonicalEvent" in types:
        lines += _explain_event(store, node)
    else:
        lines += _explain_entity(store, node)
    return "\n".join(lines) + "\n"


def _explain_entity(store: Store, node: NamedNode) -> list[str]:
    lines = []
    members = _rows(store, _MEMBERS, node)
    if members:
        lines.append(f"  merged from {len(members)} article-level entities:")
        lines += [
            f"    {m['label']!r} in {m['file']}  <{m['member']}>"
            for m in sorted(members, key=lambda m: (m["file"], m["label"]))
        ]
        decisions: dict[str, dict] = defaultdict(lambda: {"members": []})
        for row in _rows(store, _DECISIONS, node):
            decision = decisions[row["decision"]]
            decision.update(rule=row["rule"], score=row["score"])
            decision["members"].append(row["member"])
        labels = {m["member"]: f"{m['label']!r} ({m['file']})" for m in members}
        lines.append("  because:")
        for decision in sorted(decisions.values(), key=lambda d: (d["rule"], sorted(d["members"]))):
            pair = " = ".join(labels.get(m, m) for m in sorted(decision["members"]))
            lines.append(f"    {decision['rule']} (score {decision['score']}): {pair}")
    mentions = _rows(store, _MENTIONS, node)
    if mentions:
        total = sum(int(m["count"]) for m in mentions)
        files = {m["file"] for m in mentions}
        lines.append(f"  {total} mention(s) in {len(files)} article(s):")
        for m in sorted(mentions, key=lambda m: (-int(m["count"]), m["surface"], m["file"])):
            reason = f" ({m['reason']})" if m.get("reason") else ""
            lines.append(f"    {m['surface']!r} ×{m['count']} in {m['file']} — linked by {m['method']}{reason}")
    events = _rows(store, _EVENTS_AT, node)
    if events:
        lines.append(f"  takes part in {len(events)} merged event(s):")
        lines += [f"    {e['event']} ({_short(e['status'])})" for e in events]
    return lines


def _explain_event(store: Store, node: NamedNode) -> list[str]:
    info = _rows(store, _EVENT, node)[0]
    lines = [
        f"  {info.get('agent', 'unknown actor')} at {info.get('place', 'an unnamed place')}, "
        f"date {info.get('date', 'not fixed by any source')}",
    ]
    origins = sorted(r.get("label", r["origin"]) for r in _rows(store, _ORIGINS, node))
    lines.append(
        f"  status {_short(info['status'])}: {info['sources']} article(s), {info['origins']} independent origin(s) ({'; '.join(origins)})"
    )
    conflicts = [r["other"] for r in _rows(store, _CONFLICTS, node)]
    if conflicts:
        lines.append(f"  CONFLICTING DATES reported: {', '.join(conflicts)} (kept, not overwritten)")
    lines.append("  reported by:")
    reports: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in _rows(store, _REPORTS, node):  # in order of file and offset
        reports[r["report"]].append(r)
    for evidence in reports.values():  # one report: its trigger once, then each sentence it rests on
        r = evidence[0]
        date = (
            f", date {r['date']} from {r['text']!r}" + (" — fixes the date" if r.get("fixes") == "true" else "")
            if "date" in r
            else ""
        )
        lines.append(f"    {r['file']}: {r['trigger']!r} (confidence {r['confidence']}{date})")
        lines += [f"      [{e['start']}:{e['end']}] “{e['sentence']}”" for e in evidence]
    claims = _rows(store, _CLAIMS, node)
    if claims:
        lines.append("  statements:")
        for c in sorted(claims, key=lambda c: (c["side"], c["file"], c["claim"])):
            lines.append(f"    {c['side']}: {c['speaker']} in {c['file']}: “{c['quote']}”")
    return lines
