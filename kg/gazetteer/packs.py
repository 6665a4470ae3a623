"""Region packs: curated places and actors layered over the world gazetteer.

A pack names what the world base (GeoNames) cannot know: the armed groups and state forces of a
war with their aliases, descriptors and sides, and places GeoNames lacks or spells otherwise
(border crossings, bases, districts). kg ships one pack, Afghanistan (``ontology/gazetteer.ttl``,
generated from ``ontology/sources/``); users add theirs with ``--pack FILE`` or ``KG_PACKS``.

A pack is Turtle in the gazetteer's vocabulary, or a TSV with the columns of :data:`TSV_COLUMNS`
(one entity a row; ``|`` separates several aliases or descriptors)::

    id  type  label  aliases  descriptors  country  province  lat  lon  qid  side
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from pyoxigraph import Literal, RdfFormat, Triple, parse, serialize

from kg.errors import ConfigError
from kg.gazetteer import ACTOR_KINDS, PLACE_KINDS, point_wkt
from kg.namespaces import GAZ, GEO, KG, OWL, PREFIXES, RDF, RDFS, SKOS, WD, slug

TSV_COLUMNS = ("id", "type", "label", "aliases", "descriptors", "country", "province", "lat", "lon", "qid", "side")
MAX_PACK_BYTES = 64 * 2**20


def read_pack(path: str | Path) -> bytes:
    """A user's pack as Turtle. Raises ``ConfigError`` with what to fix when it cannot be used."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read region pack {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_PACK_BYTES:
        raise ConfigError(f"region pack {path} is larger than {MAX_PACK_BYTES // 2**20} MiB")
    if path.suffix.lower() in (".tsv", ".tab", ".txt"):
        return _tsv_to_turtle(data, path)
    try:
        list(parse(data, format=RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise ConfigError(f"region pack {path} is not valid Turtle: {exc}") from None
    return data


def _tsv_to_turtle(data: bytes, path: Path) -> bytes:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"region pack {path} is not UTF-8") from None
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"))
    missing = {"id", "type", "label"} - set(rows[0] if rows else TSV_COLUMNS)
    if not rows or missing:
        raise ConfigError(f"region pack {path}: a TSV pack needs a header with the columns {', '.join(TSV_COLUMNS)}")
    triples = list(_tsv_triples(rows, path))
    prefixes = {k: PREFIXES[k] for k in ("kg", "rdf", "rdfs", "owl", "skos", "geo", "wd")}
    body = serialize(triples, format=RdfFormat.TURTLE, prefixes=prefixes)
    return body or b""


def _tsv_triples(rows: list[dict[str, str]], path: Path) -> Iterator[Triple]:
    nodes = {}
    for number, row in enumerate(rows, start=2):
        kind = (row.get("type") or "").strip()
        if kind not in PLACE_KINDS and kind not in ACTOR_KINDS:
            raise ConfigError(
                f"region pack {path}, row {number}: type {kind!r} is not one of {', '.join(sorted(PLACE_KINDS | ACTOR_KINDS))}"
            )
        segment = "actor" if kind in ACTOR_KINDS else kind.lower()
        nodes[row["id"].strip()] = GAZ[f"pack/{segment}/{slug(row['id'])}"]
    for number, row in enumerate(rows, start=2):
        node = nodes[row["id"].strip()]
        label = row["label"].strip()
        yield Triple(node, RDF.type, KG[row["type"].strip()])
        yield Triple(node, RDFS.label, Literal(label, language="en"))
        for alias in _split(row.get("aliases")):
            yield Triple(node, SKOS.altLabel, Literal(alias, language="en"))
        for descriptor in _split(row.get("descriptors")):
            yield Triple(node, KG.descriptor, Literal(descriptor, language="en"))
        if country := (row.get("country") or "").strip().upper():
            yield Triple(node, KG.countryCode, Literal(country))
        if province := (row.get("province") or "").strip():
            if province not in nodes:
                raise ConfigError(f"region pack {path}, row {number}: province {province!r} is not an id in the pack")
            yield Triple(node, KG.province, nodes[province])
        if side := (row.get("side") or "").strip():
            yield Triple(node, KG.side, Literal(side))
        if qid := (row.get("qid") or "").strip():
            yield Triple(node, OWL.sameAs, WD[qid])
        lat, lon = (row.get("lat") or "").strip(), (row.get("lon") or "").strip()
        if lat and lon:
            try:
                wkt = point_wkt(float(lon), float(lat))
            except ValueError:
                raise ConfigError(f"region pack {path}, row {number}: lat/lon must be decimal degrees") from None
            geometry = GAZ[f"pack/geometry/{slug(row['id'])}"]
            yield Triple(node, GEO.hasGeometry, geometry)
            yield Triple(geometry, RDF.type, GEO.Geometry)
            yield Triple(geometry, GEO.asWKT, Literal(wkt, datatype=GEO.wktLiteral))


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def packs_turtle(builtin: bytes, paths: Sequence[str | Path]) -> bytes:
    """The built-in pack followed by the user's packs, as one Turtle document."""
    return b"\n".join([builtin, *(read_pack(p) for p in paths)])
