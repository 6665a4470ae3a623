"""The ontology as an HTML page: every class and property of ``ontology/kg.ttl`` with its label,
comment, superclasses or superproperties (SEM, PROV-O, schema.org, GeoSPARQL, ...), domain and
range, and its crosswalks (CAMEO, PLOVER, ACLED, SKOS matches). Generated from the Turtle, never
written by hand: ``kg serve`` serves it at ``/ontology``; ``python -m kg.ontology_page > kg.html``
writes it to a file."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from html import escape
from importlib import resources

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from kg.namespaces import KG, OWL, RDF, RDFS, SKOS, curie

_CLASS_TYPES = {OWL.Class.value, RDFS.Class.value}
_PROPERTY_TYPES = {
    OWL.ObjectProperty.value,
    OWL.DatatypeProperty.value,
    OWL.AnnotationProperty.value,
    RDF.Property.value,
}
_CROSSWALKS = (("CAMEO", KG.cameoCode.value), ("PLOVER", KG.ploverType.value), ("ACLED", KG.acledSubEventType.value))


def _term(iri: str) -> str:
    """A link: to the term's row for kg's own terms, to the vocabulary for the others."""
    target = f"#{curie(iri).removeprefix('kg:')}" if iri.startswith(KG.iri) else iri
    return f'<a href="{escape(target)}"><code>{escape(curie(iri))}</code></a>'


@lru_cache(maxsize=1)
def ontology_html() -> str:
    """The page, rendered from the packaged ``kg.ttl``."""
    data = resources.files("kg.ontology").joinpath("kg.ttl").read_bytes()
    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for triple in parse(data, format=RdfFormat.TURTLE):
        if isinstance(triple.subject, NamedNode):
            value = triple.object.value if isinstance(triple.object, (NamedNode, Literal)) else ""
            facts[triple.subject.value][triple.predicate.value].append(value)
    terms = {iri: f for iri, f in facts.items() if iri.startswith(KG.iri) and iri != KG.iri.rstrip("#")}
    classes = sorted(iri for iri, f in terms.items() if set(f[RDF.type.value]) & _CLASS_TYPES)
    properties = sorted(iri for iri, f in terms.items() if set(f[RDF.type.value]) & _PROPERTY_TYPES)
    header = facts.get(KG.iri.rstrip("#"), {}) or facts.get(KG.iri, {})
    title = next(iter(header.get(RDFS.label.value, [])), "kg ontology")
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        "<style>body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em}"
        "table{border-collapse:collapse;width:100%}td,th{border-top:1px solid #ddd;padding:.35em .5em;"
        "text-align:left;vertical-align:top}th{background:#f4f4f4}code{font-size:.92em}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>Namespace <code>{escape(KG.iri)}</code> ({len(classes)} classes, {len(properties)} properties), "
        "generated from <code>ontology/kg.ttl</code>; the Turtle is at "
        '<a href="/export.ttl">/export.ttl</a> with the data, and every graph kg writes passes '
        "<code>ontology/shapes.ttl</code>. Place data © GeoNames (CC BY 4.0).</p>",
        '<h2 id="classes">Classes</h2>',
        "<table><tr><th>class</th><th>description</th><th>subclass of</th><th>crosswalks</th></tr>",
    ]
    for iri in classes:
        f = terms[iri]
        parents = " ".join(_term(p) for p in sorted(f[RDFS.subClassOf.value]))
        out.append(_row(iri, f, parents, _crosswalks(f)))
    out += [
        "</table>",
        '<h2 id="properties">Properties</h2>',
        "<table><tr><th>property</th><th>description</th><th>domain → range</th><th>maps to</th></tr>",
    ]
    for iri in properties:
        f = terms[iri]
        domain = " ".join(_term(d) for d in sorted(f[RDFS.domain.value])) or "—"
        range_ = " ".join(_term(r) for r in sorted(f[RDFS.range.value])) or "—"
        mapped = " ".join(_term(p) for p in sorted(f[RDFS.subPropertyOf.value] + f[OWL.inverseOf.value]))
        out.append(_row(iri, f, f"{domain} → {range_}", mapped))
    out.append("</table></body></html>")
    return "\n".join(out) + "\n"


def _row(iri: str, f: dict[str, list[str]], third: str, fourth: str) -> str:
    name = curie(iri).removeprefix("kg:")
    label = "; ".join(f[RDFS.label.value])
    comment = " ".join(f[RDFS.comment.value])
    description = escape(label) + (f"<br><small>{escape(comment)}</small>" if comment else "")
    return f'<tr id="{escape(name)}"><td><code>kg:{escape(name)}</code></td><td>{description}</td><td>{third}</td><td>{fourth}</td></tr>'


def _crosswalks(f: dict[str, list[str]]) -> str:
    parts = [f"{name} {escape(', '.join(f[predicate]))}" for name, predicate in _CROSSWALKS if f[predicate]]
    parts += [f"≈ {_term(m)}" for m in sorted(f[SKOS.closeMatch.value])]
    return "<br>".join(parts)


if __name__ == "__main__":
    print(ontology_html(), end="")
