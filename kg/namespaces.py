"""Vocabularies kg uses, and the deterministic minting of kg's own IRIs.

Every IRI kg mints is a pure function of its inputs (content hashes, offsets, slugs), so
rebuilding the same articles yields the same graph, and stored data has no blank nodes.
"""

from __future__ import annotations

import re
import unicodedata

from pyoxigraph import NamedNode


class Namespace:
    """``NS.term`` and ``NS["term"]`` give :class:`pyoxigraph.NamedNode` s under one prefix."""

    __slots__ = ("_terms", "iri")

    def __init__(self, iri: str) -> None:
        self.iri = iri
        self._terms: dict[str, NamedNode] = {}  # made once per term: graphs name the same few terms again and again

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> NamedNode:
        term = self._terms.get(name)
        if term is None:
            term = self._terms[name] = NamedNode(self.iri + name)
        return term

    def __str__(self) -> str:
        return self.iri


KG = Namespace("https://w3id.org/kg-news/ontology#")
GAZ = Namespace("https://w3id.org/kg-news/gazetteer/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCT = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, str] = {
    "kg": KG.iri,
    "gaz": GAZ.iri,
    "rdf": RDF.iri,
    "rdfs": RDFS.iri,
    "owl": OWL.iri,
    "xsd": XSD.iri,
    "skos": SKOS.iri,
    "dct": DCT.iri,
    "prov": PROV.iri,
    "sem": SEM.iri,
    "schema": SCHEMA.iri,
    "geo": GEO.iri,
    "oa": OA.iri,
    "wd": WD.iri,
    "wdt": WDT.iri,
}


def curie(iri: str) -> str:
    """``kg:Capture``, ``sem:Event``: an IRI under the prefix of its vocabulary (the IRI if none)."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def sparql_prefixes(names: tuple[str, ...] | None = None) -> str:
    """PREFIX declarations for a SPARQL query (all known prefixes by default)."""
    chosen = PREFIXES if names is None else {n: PREFIXES[n] for n in names}
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in chosen.items())


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, *, max_length: int = 60) -> str:
    """A lowercase ASCII slug: ``"Mazār-e Sharīf"`` -> ``"mazar-e-sharif"``. Never empty."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    out = _NON_SLUG.sub("-", folded).strip("-")[:max_length].rstrip("-")
    return out or "x"


class Minter:
    """Mints kg's own IRIs under one base (``KG_BASE_IRI``)."""

    __slots__ = ("base",)

    def __init__(self, base: str) -> None:
        self.base = base

    def _iri(self, path: str) -> NamedNode:
        return NamedNode(self.base + path)

    @staticmethod
    def short(sha256: str) -> str:
        """The 16-hex-digit prefix of a content hash that names an article in IRIs."""
        return sha256[:16]

    # Sources and graphs -------------------------------------------------------------
    def article(self, sha256: str) -> NamedNode:
        return self._iri(f"article/{self.short(sha256)}")

    def article_graph(self, sha256: str) -> NamedNode:
        return self._iri(f"graph/article/{self.short(sha256)}")

    def provenance_graph(self) -> NamedNode:
        return self._iri("graph/provenance")

    def merged_graph(self) -> NamedNode:
        """The cross-article view: canonical entities and events, merge decisions, contradictions."""
        return self._iri("graph/merged")

    def gazetteer_graph(self) -> NamedNode:
        return self._iri("graph/gazetteer")

    def ontology_graph(self) -> NamedNode:
        return self._iri("graph/ontology")

    def outlet(self, name: str) -> NamedNode:
        return self._iri(f"outlet/{slug(name)}")

    def run(self, run_id: str) -> NamedNode:
        return self._iri(f"run/{run_id}")

    def agent(self, name: str) -> NamedNode:
        """The software agent (kg itself, the model) that performed extraction runs."""
        return self._iri(f"agent/{slug(name)}")

    # Things an article says -----------------------------------------------------------
    def evidence(self, sha256: str, start: int, end: int) -> NamedNode:
        return self._iri(f"evidence/{self.short(sha256)}/{start}-{end}")

    def mention(self, sha256: str, start: int, end: int) -> NamedNode:
        return self._iri(f"mention/{self.short(sha256)}/{start}-{end}")

    def local_entity(self, sha256: str, kind: str, name: str) -> NamedNode:
        """An entity the gazetteer does not know, scoped to the article that names it."""
        return self._iri(f"entity/{self.short(sha256)}/{kind}/{slug(name)}")

    def event(self, sha256: str, kind: str, anchor: str, start: int) -> NamedNode:
        return self._iri(f"event/{self.short(sha256)}/{slug(kind)}-{slug(anchor)}-{start}")

    def claim(self, sha256: str, start: int) -> NamedNode:
        return self._iri(f"claim/{self.short(sha256)}/{start}")

    def casualty(self, sha256: str, start: int, kind: str) -> NamedNode:
        """A casualty figure: the offset of its words and what it counts."""
        return self._iri(f"casualty/{self.short(sha256)}/{start}-{slug(kind)}")
