"""SYNTHETIC graphs of any size shaped like real kg output, for query benchmarks.

The template is a real ``kg build`` of seeds/ (5 articles): their per-article named graphs (mentions,
entities, events, claims, evidence nodes with offsets), the provenance graph, the merged view, and
the reference graphs (ontology, gazetteer). Clone ``n`` copies every article-derived quad with the
article hashes replaced by ``sha256(old:n)`` and every other minted IRI (canonical entities and
events, merge decisions) suffixed ``-sN``; gazetteer and ontology IRIs are kept, so the named queries
join to them as on real data. Each cloned article says, in the provenance graph, that it is synthetic.
Deterministic: the same size gives the same bytes (apart from the seed build's run timestamps).

    python bench/graphgen.py --quads 1000000 --out graph.nq
"""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph
from pyoxigraph import RdfFormat

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/kg-news/id/"
_KEEP_PREFIXES = ("graph/provenance", "graph/merged", "graph/gazetteer", "graph/ontology", "run/", "agent/")
_REFERENCE_GRAPHS = (f"<{BASE}graph/gazetteer>", f"<{BASE}graph/ontology>")
_SHARED_SUBJECTS = tuple(f"<{BASE}{p}" for p in _KEEP_PREFIXES)
_VARIABLE = re.compile(r'(<https://w3id\.org/kg-news/id/[^>]*>|"[0-9a-f]{64}"|"[0-9]{3}_[0-9a-f]{16}\.txt")')
_COMMENT = "<http://www.w3.org/2000/01/rdf-schema#comment>"


def build_seed_store(directory: Path, seeds: Path = ROOT / "seeds") -> Path:
    """``kg build`` of ``seeds`` into a fresh embedded store at ``directory`` (the template's source)."""
    from kg.build import build
    from kg.config import Settings
    from kg.extract.extractor import Extractor
    from kg.namespaces import Minter
    from kg.store.oxigraph import OxigraphStore

    settings = Settings.from_env()
    with OxigraphStore(directory) as store:
        report = build(
            [str(seeds)],
            store=store,
            extractor=Extractor(model=settings.model),
            minter=Minter(BASE),
            max_file_bytes=settings.max_file_bytes,
        )
    if report.failed or report.count("ingested") == 0:
        raise RuntimeError(f"the seed build failed: {report.results}")
    return directory


@dataclass(slots=True)
class Template:
    """The seed build as N-Quads lines, split into what is written once and what is cloned."""

    reference: bytes
    """Ontology and gazetteer graphs."""
    shared: bytes
    """Quads not about one article (the extraction run, the merged view's digest)."""
    pieces: list[str]
    """The cloned lines, split at every variable token (odd indices)."""
    clone_quads: int
    seed_shas: dict[str, str]
    """sha16 -> sha64 of each seed article."""

    @property
    def fixed_quads(self) -> int:
        return self.reference.count(b"\n") + self.shared.count(b"\n")

    def clones_for(self, quads: int) -> int:
        """How many clones make at least ``quads`` quads in all (at least one)."""
        per_clone = self.clone_quads + len(self.seed_shas)  # + the synthetic label of each article
        return max(1, -(-(quads - self.fixed_quads) // per_clone))

    def total_quads(self, clones: int) -> int:
        return self.fixed_quads + clones * (self.clone_quads + len(self.seed_shas))


def load_template(seed_store: Path) -> Template:
    """Read a seed store (see :func:`build_seed_store`) into a :class:`Template`."""
    store = pyoxigraph.Store.read_only(str(seed_store))
    buffer = io.BytesIO()
    store.dump(buffer, format=RdfFormat.N_QUADS)
    reference, shared, cloned = [], [], []
    for line in buffer.getvalue().decode("utf-8").splitlines():
        if not line:
            continue
        if line.endswith(_REFERENCE_GRAPHS[0] + " .") or line.endswith(_REFERENCE_GRAPHS[1] + " ."):
            reference.append(line)
        elif line.startswith(_SHARED_SUBJECTS):
            shared.append(line)
        else:
            cloned.append(line)
    shas = {}
    for line in cloned:
        match = re.search(r'<https://w3id\.org/kg-news/ontology#sha256> "([0-9a-f]{64})"', line)
        if match:
            shas[match.group(1)[:16]] = match.group(1)
    return Template(
        reference=("\n".join(sorted(reference)) + "\n").encode(),
        shared=("\n".join(sorted(shared)) + "\n").encode(),
        pieces=_VARIABLE.split("\n".join(sorted(cloned)) + "\n"),
        clone_quads=len(cloned),
        seed_shas=shas,
    )


def _renamer(template: Template, clone: int) -> dict[str, str]:
    """Token -> its value in clone ``clone`` (clone 0 is the seed build itself)."""
    new16 = {old: hashlib.sha256(f"{full}:{clone}".encode()).hexdigest() for old, full in template.seed_shas.items()}
    mapping: dict[str, str] = {}
    sha_pattern = re.compile("|".join(template.seed_shas))
    for token in set(template.pieces[1::2]):
        if clone == 0:
            mapping[token] = token
        elif token.startswith("<"):
            path = token[len(BASE) + 1 : -1]
            if path.startswith(_KEEP_PREFIXES):
                mapping[token] = token
            elif sha_pattern.search(path):
                mapping[token] = sha_pattern.sub(lambda m: new16[m.group(0)][:16], token)
            else:
                mapping[token] = f"<{BASE}{path}-s{clone}>"
        elif len(token) == 66:  # a sha256 literal: a seed article's own hash, or a fingerprint
            full = token[1:-1]
            mapping[token] = (
                f'"{new16[full[:16]]}"'
                if full[:16] in new16
                else f'"{hashlib.sha256(f"{full}:{clone}".encode()).hexdigest()}"'
            )
        else:  # a source file name
            mapping[token] = f'"synthetic-{clone:05d}-{token[1:-1]}"'
    return mapping


def clone_bytes(template: Template, clone: int) -> bytes:
    """The N-Quads of one clone, with a line per article saying it is synthetic."""
    mapping = _renamer(template, clone)
    pieces = template.pieces.copy()
    for index in range(1, len(pieces), 2):
        pieces[index] = mapping[pieces[index]]
    labels = []
    for sha16 in sorted(template.seed_shas):
        article = mapping[f"<{BASE}article/{sha16}>"]
        labels.append(
            f'{article} {_COMMENT} "SYNTHETIC: clone {clone} of a seed article, generated by bench/graphgen.py '
            f'for benchmarks; not real reporting" <{BASE}graph/provenance> .\n'
        )
    return ("".join(pieces) + "".join(labels)).encode()


def iter_graph(template: Template, clones: int) -> Iterator[bytes]:
    """The whole synthetic dataset as N-Quads chunks: reference graphs, shared quads, then each clone."""
    yield template.reference
    yield template.shared
    for clone in range(clones):
        yield clone_bytes(template, clone)


def write_graph(template: Template, quads: int, output: BinaryIO) -> int:
    """Write a dataset of at least ``quads`` quads as N-Quads; returns the exact number written."""
    clones = template.clones_for(quads)
    for chunk in iter_graph(template, clones):
        output.write(chunk)
    return template.total_quads(clones)


def load_store(template: Template, quads: int, directory: Path) -> int:
    """A fresh embedded store at ``directory`` holding the dataset of :func:`write_graph` (bulk loaded)."""
    store = pyoxigraph.Store(str(directory))
    clones = template.clones_for(quads)
    batch: list[bytes] = []
    for chunk in iter_graph(template, clones):
        batch.append(chunk)
        if sum(len(b) for b in batch) > 64 << 20:
            store.bulk_load(b"".join(batch), format=RdfFormat.N_QUADS)
            batch = []
    if batch:
        store.bulk_load(b"".join(batch), format=RdfFormat.N_QUADS)
    store.flush()
    count = len(store)
    del store
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quads", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True, help="N-Quads file to write")
    parser.add_argument("--seed-store", type=Path, help="an existing build of seeds/ (else one is made)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-graphgen-") as tmp:
        seed_store = args.seed_store or build_seed_store(Path(tmp) / "seed")
        template = load_template(seed_store)
        with args.out.open("wb") as output:
            written = write_graph(template, args.quads, output)
    print(f"{written} SYNTHETIC quads written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
