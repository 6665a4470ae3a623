"""The bad-input catalogue (RELIABILITY.md §6) as fixtures made here, built in one batch into a real
store: every input gets its documented status, none stops the batch, and no script text, control
character or lone surrogate reaches the graph or any export.

The corpus is written by :func:`_write_catalogue`; :data:`EXPECTED` says what the build must report
for each file. The articles are short, so the whole module extracts in a few seconds.
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import http.server
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import warnings
import xml.dom.minidom
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from html import escape as html_escape
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, RdfFormat
from typer.testing import CliRunner

from kg.build import BuildReport, build
from kg.cli import app
from kg.errors import InputError, SkippedInput
from kg.export import write_export
from kg.ingest import InputRef, read_input, read_text
from kg.ingest.decode import DecodeWarning
from kg.ingest.files import display_name
from kg.names import name_key
from kg.namespaces import KG, SCHEMA, XSD, slug
from kg.rdf import article_graph_quads, provenance_quads, text_literal
from kg.store import OxigraphStore

# ---- the stories: short, distinct English articles ----------------------------------------------------

PLACES = [
    "Kunduz",
    "Faizabad",
    "Herat",
    "Ghazni",
    "Sheberghan",
    "Taloqan",
    "Pul-e Khumri",
    "Farah",
    "Zaranj",
    "Aibak",
    "Lashkar Gah",
    "Kandahar",
    "Qala-e-Naw",
    "Maimana",
    "Sar-e Pol",
    "Gardez",
    "Jalalabad",
]


def story(place: str, extra: str = "") -> str:
    """Three short paragraphs about ``place`` (English, so the guessed language is ``en``)."""
    return (
        f"Taliban fighters seized the city of {place} on Sunday, officials said.\n\n"
        f"Residents of {place} said the fighting had lasted for three days and that the governor had fled "
        f"to the capital with his guards.{extra}\n\n"
        "The government said it would send more troops to the north of the country within a week."
    )


def page(body: str, *, head: str = "", lang: str = "en", before: str = "", after: str = "") -> str:
    """An HTML page with ``body`` (paragraphs split on blank lines) inside ``<article>``."""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body>{before}'
        f"<article>{paragraphs}</article>{after}</body></html>"
    )


# Script-laden page (H5): every canary token below must stay out of the graph and the exports.
SCRIPT_TOKENS = [f"CANARY{i}" for i in range(10)]
SCRIPT_PAGE = page(
    story("Herat"),
    head=(
        "<title>Herat falls<script>alert('CANARY0')</script></title><script>var CANARY1 = 1;</script>"
        "<style>body::after { content: 'CANARY2'; }</style>"
    ),
    before=(
        '<div onclick="CANARY3()"><noscript>CANARY4</noscript><template><p>CANARY5</p></template></div>'
        '<a href="javascript:CANARY6()">home</a>'
    ),
    after=(
        "<p><img src=x onerror=\"CANARY7()\"><script>document.write('CANARY8')</script></p>"
        "<svg><script>CANARY9</script></svg>"
    ),
)

# Other-language chrome around English articles (H8).
RO_CHROME = (
    '<nav><a href="/">Acasă</a> <a href="/stiri">Știri</a> <a href="/sport">Sport</a></nav>',
    "<aside><p>Citește și: Guvernul a aprobat noi măsuri</p></aside>"
    '<div class="cookie-banner"><p>Acest site folosește cookie-uri pentru a vă oferi o experiență mai bună. '
    "Accept</p></div><footer>Toate drepturile rezervate</footer>",
)
ES_CHROME = (
    '<nav><a href="/">Inicio</a> <a href="/internacional">Internacional</a></nav>',
    "<aside><p>Lee también: El Gobierno aprueba nuevas medidas</p></aside>"
    '<div id="cookies"><p>Este sitio web utiliza cookies para mejorar su experiencia. Aceptar</p></div>'
    "<footer>Todos los derechos reservados</footer>",
)
EN_CHROME = (
    '<nav><a href="/">Home</a> <a href="/world">World</a></nav>',
    '<div class="newsletter"><p>Subscribe to our newsletter</p></div><footer>All rights reserved</footer>',
)
CHROME_STRINGS = [
    "Acasă",
    "Știri",
    "Citește și",
    "cookie",
    "drepturile",
    "Inicio",
    "Lee también",
    "cookies",
    "derechos",
    "Subscribe",
    "Home",
]

# H1: the same article in six encodings; the common repertoire of cp1250, cp1252 and ISO-8859-16.
H1_TEXT = story("Zürich", " The café owner, René Müller, said: „We are afraid.”")
H1_ENCODINGS = {
    "h1-utf8.html": (None, "utf-8", None),
    "h1-utf8-bom.html": (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    "h1-utf16le-bom.html": (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    "h1-cp1250.html": ("windows-1250", "cp1250", None),
    "h1-iso8859-16.html": ("iso-8859-16", "iso8859-16", None),
    "h1-cp1252.html": ("windows-1252", "cp1252", None),
}

B2_PAYLOAD = 'x" } ; DROP ALL ; INSERT DATA { <http://pwn> <http://pwn> "pwned'
B3_URLS = [
    "https://news.example/a>b",
    "https://news.example/a b",
    'https://news.example/a"b',
    "https://news.example/a{b}",
    "https://news.example/a\nb",
    "https://news.example/a\x00b",
]
JSONLD_DEPTH = 10_000


@dataclass(frozen=True)
class Expect:
    status: str
    reason: str = ""
    """The start of the reported detail (the skip reason)."""


# What the build reports for each file of the catalogue (keys are relative to the corpus).
EXPECTED: dict[str, Expect] = {
    # H1: one is ingested, the others have the same text: near-duplicates, not added again
    "h1-cp1250.html": Expect("ingested"),
    **{name: Expect("duplicate", "same text as h1-cp1250.html") for name in H1_ENCODINGS if name != "h1-cp1250.html"},
    "h2-garbage.txt": Expect("skipped", "encoding"),
    "h2-stray-byte.txt": Expect("ingested"),
    "h3-blank.txt": Expect("skipped", "empty"),
    "h3-empty-body.html": Expect("skipped", "empty"),
    "h3-zero.txt": Expect("skipped", "empty"),
    "h4-line-20mib.html": Expect("skipped", "too_large"),
    "h4-sparse-50mib.html": Expect("skipped", "too_large"),
    "h5-scripts.html": Expect("ingested"),
    "h6-gzip.html": Expect("skipped", "binary"),
    "h6-nul.txt": Expect("skipped", "binary"),
    "h6-pdf.html": Expect("skipped", "binary"),
    "h6-png.html": Expect("skipped", "binary"),
    "h7-controls.txt": Expect("ingested"),
    "h7-surrogates.html": Expect("ingested"),
    "h7-caf\\xe9\\x1b.txt": Expect("ingested"),  # a non-UTF-8 name with an ESC in it, shown escaped
    "h8-chrome-es.html": Expect("ingested"),
    "h8-chrome-ro.html": Expect("ingested"),
    "h8-repost-other-chrome.html": Expect("duplicate", "same text as h8-chrome-ro.html"),
    "h9-cedilla.txt": Expect("ingested"),
    "h9-comma.txt": Expect("ingested"),
    "h9-copy.txt": Expect("duplicate", "same content as"),
    "h10-ambiguous.txt": Expect("ingested"),
    "h10-meta-date.html": Expect("ingested"),
    "h10-no-date.txt": Expect("ingested"),
    "h10-ro-dateline.txt": Expect("ingested"),
    "h11-jsonld.html": Expect("ingested"),
    "h12-fifo.txt": Expect("skipped", "not_a_file"),
    "h12-linked-dir": Expect("skipped", "symlink"),
    "h12-symlink-out.txt": Expect("skipped", "symlink"),
    "b2-injection.txt": Expect("ingested"),
    "b3-iri.html": Expect("ingested"),
    "b3-iri-sidecar.txt": Expect("ingested"),
    "b5-lang.html": Expect("ingested"),
}
# given on the command line as corpus/../outside/dotdot.txt: read as the user asked, keyed by file name
DOTDOT = "dotdot.txt"


def _write_catalogue(corpus: Path, outside: Path, canary: str) -> None:
    """Write every fixture of the catalogue (and a directory outside the corpus that links point to)."""
    corpus.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text(story("Kabul", " OUTSIDE_SECRET"), encoding="utf-8")
    (outside / DOTDOT).write_text(story("Bamyan"), encoding="utf-8")

    def put(name: str, data: bytes | str) -> None:
        (corpus / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    for name, (marker, codec, _) in H1_ENCODINGS.items():
        if marker is None or isinstance(marker, bytes):
            put(name, (marker or b"") + page(H1_TEXT).encode(codec))
        else:
            put(name, page(H1_TEXT, head=f'<meta charset="{marker}">').encode(codec))
    put("h2-garbage.txt", random.Random(0).randbytes(4000))
    stray = story("Jalalabad", " Its mayor, Ștefan Ionescu of Timișoara, said „all is calm”.")
    put("h2-stray-byte.txt", stray.encode() + b"\xff")
    put("h3-zero.txt", b"")
    put("h3-blank.txt", " \n\t\r\n \u00a0\n")
    put("h3-empty-body.html", "<html><head><title>Nothing</title></head><body>  </body></html>")
    with (corpus / "h4-sparse-50mib.html").open("wb") as handle:
        handle.truncate(50 * 2**20)
    put("h4-line-20mib.html", b"<p>" + b"minified " * (20 * 2**20 // 9) + b"</p>")
    put("h5-scripts.html", SCRIPT_PAGE)
    put("h6-png.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    put("h6-pdf.html", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 20)
    put("h6-gzip.html", gzip.compress(page(story("Kabul")).encode()))
    put("h6-nul.txt", story("Kabul").replace(" ", " \x00\x00").encode())
    put("h7-controls.txt", story("Ghazni").replace("Sunday", "Sun\x01day\x1b[31m\x0b\x7f\ufffe\uffff").encode())
    put(
        "h7-surrogates.html",
        page(
            story("Farah").replace("Sunday", "Sunday&#xD800;&#xDFFF;&#1;&#xFFFE;"), head="<title>Farah&#xD800;</title>"
        ),
    )
    put("h7-surrogates.html.meta.json", '{"title": "Farah \\ud800 falls \\u0007", "outlet": "Bad \\udfff News"}')
    with open(os.fsencode(corpus) + b"/h7-caf\xe9\x1b.txt", "wb") as handle:  # not a valid UTF-8 name
        handle.write(story("Zaranj").encode())
    ro_before, ro_after = RO_CHROME
    es_before, es_after = ES_CHROME
    en_before, en_after = EN_CHROME
    put("h8-chrome-ro.html", page(story("Sheberghan"), lang="ro", before=ro_before, after=ro_after))
    put("h8-chrome-es.html", page(story("Taloqan"), lang="es", before=es_before, after=es_after))
    put("h8-repost-other-chrome.html", page(story("Sheberghan"), before=en_before, after=en_after))
    put("h9-cedilla.txt", story("Aibak", " The Romanian envoy Ştefan Ţurcanu visited Timişoara."))
    put("h9-comma.txt", story("Gardez", " The Romanian envoy Ștefan Țurcanu visited Timișoara."))
    shutil.copy(corpus / "h9-comma.txt", corpus / "h9-copy.txt")
    put("h10-no-date.txt", story("Maimana"))
    put(
        "h10-meta-date.html",
        page(story("Kandahar"), head='<meta property="article:published_time" content="2024-03-12T10:15:00+02:00">'),
    )
    put("h10-ro-dateline.txt", "Publicat: 12 martie 2024\n\n" + story("Lashkar Gah"))
    put("h10-ambiguous.txt", "Published: 03/04/2024\n\n" + story("Qala-e-Naw"))
    jsonld = {
        "@context": [canary + "/ctx", "file:///etc/passwd", {"@vocab": canary + "/vocab#"}],
        "@type": "NewsArticle",
        "datePublished": "2024-03-14",
        "publisher": {"@type": "Organization", "name": "Canary Post"},
        "image": canary + "/image.png",
    }
    deep = "[" * JSONLD_DEPTH + "]" * JSONLD_DEPTH
    put(
        "h11-jsonld.html",
        page(
            story("Pul-e Khumri"),
            head=(
                f'<script type="application/ld+json">{deep}</script>'
                f'<script type="application/ld+json">{json.dumps(jsonld)}</script>'
                f'<link rel="alternate" type="application/ld+json" href="{canary}/alternate">'
            ),
        ),
    )
    os.mkfifo(corpus / "h12-fifo.txt")
    (corpus / "h12-symlink-out.txt").symlink_to(outside / "secret.txt")
    (corpus / "h12-linked-dir").symlink_to(outside, target_is_directory=True)
    put("b2-injection.txt", story("Sar-e Pol", f" A reader wrote: {B2_PAYLOAD}"))
    put("b2-injection.txt.meta.json", json.dumps({"title": B2_PAYLOAD, "outlet": B2_PAYLOAD}))
    iri_head = (
        '<link rel="canonical" href="https://news.example/a>b">'
        '<meta property="og:url" content="https://news.example/a b\x00">'
        '<meta property="og:site_name" content="News > {Example}">'
    )
    put("b3-iri.html", page(story("Kunduz"), head=iri_head))
    put("b3-iri-sidecar.txt", story("Faizabad"))
    put("b3-iri-sidecar.txt.meta.json", json.dumps({"url": B3_URLS[0], "outlet": 'Out"let <x> {y}\n'}))
    put(
        "b5-lang.html",
        page(
            story("Zaranj", " Officials spoke."),
            lang='en"@x',
            head=(
                '<meta property="og:locale" content="en&quot;^^&lt;http://evil&gt;">'
                '<meta property="article:published_time" content="2024-03-12&quot;^^&lt;http://evil/type&gt;">'
                '<script type="application/ld+json">{"@type": "NewsArticle", '
                '"datePublished": {"@value": "2024-03-12", "@type": "http://evil/type"}, "inLanguage": "x\\"@y"}'
                "</script>"
            ),
        ),
    )


# ---- a canary HTTP server: any connection to it is a failure --------------------------------------------


class _CanaryServer(http.server.ThreadingHTTPServer):
    connections = 0

    def verify_request(self, request: object, client_address: object) -> bool:
        type(self).connections += 1
        return True


class _CanaryHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.end_headers()
        self.wfile.write(b'{"@context": {"CANARY_FETCHED": "http://example.org/"}}')

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def canary_server() -> Iterator[tuple[str, type[_CanaryServer]]]:
    """A real HTTP server on loopback; ``server.connections`` counts every connection it accepts."""
    server_class = type("Canary", (_CanaryServer,), {"connections": 0})
    server = server_class(("127.0.0.1", 0), _CanaryHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server_class
    finally:
        server.shutdown()
        server.server_close()


# ---- the build ------------------------------------------------------------------------------------------------


@dataclass
class HostileBuild:
    corpus: Path
    outside: Path
    store: Path
    report: BuildReport
    canary_connections: int

    @property
    def results(self) -> dict[str, tuple[str, str]]:
        return {r.key: (r.status, r.detail) for r in self.report.results}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, extractor, minter) -> HostileBuild:
    root = tmp_path_factory.mktemp("hostile")
    corpus, outside = root / "corpus", root / "outside"
    with canary_server() as (canary, server), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sidecar fields refused, bytes replaced: expected here
        _write_catalogue(corpus, outside, canary)
        with OxigraphStore(root / "kg") as store:
            report = build(
                [str(corpus), str(corpus / ".." / "outside" / DOTDOT)],
                store=store,
                extractor=extractor,
                minter=minter,
                max_file_bytes=10 * 2**20,
            )
        connections = server.connections
    return HostileBuild(corpus, outside, root / "kg", report, connections)


@pytest.fixture()
def hostile_store(hostile: HostileBuild) -> Iterator[OxigraphStore]:
    with OxigraphStore(hostile.store, read_only=True) as store:
        yield store


def _article_rows(store: OxigraphStore, key: str) -> dict[str, object]:
    rows = store.select_rows(
        f"""PREFIX kg: <{KG}> PREFIX schema: <{SCHEMA}>
        SELECT ?key ?article ?text ?encoding ?title ?date ?url WHERE {{
          ?article kg:documentKey ?key ; kg:text ?text ; kg:encoding ?encoding .
          OPTIONAL {{ ?article schema:headline ?title }} OPTIONAL {{ ?article schema:datePublished ?date }}
          OPTIONAL {{ ?article schema:url ?url }} }}""",
        key=Literal(key),
    )
    assert len(rows) == 1, (key, rows)
    return rows[0]


def _terms(store: OxigraphStore) -> Iterator[pyoxigraph.Quad]:
    yield from store.native.quads_for_pattern(None, None, None, None)


@pytest.mark.threat("H3", "H4", "H6", "H12", "H13")
def test_every_input_gets_its_documented_status(hostile: HostileBuild) -> None:
    results = hostile.results
    assert results.pop(DOTDOT)[0] == "ingested"
    assert set(results) == set(EXPECTED), set(results) ^ set(EXPECTED)
    for key, expect in EXPECTED.items():
        status, detail = results[key]
        assert status == expect.status, (key, status, detail)
        assert detail.startswith(expect.reason), (key, detail)
    assert not hostile.report.failed
    # nothing outside the corpus was read through a link, and no key or IRI carries a raw path
    assert all(".." not in r.key and "/" not in r.key for r in hostile.report.results)


@pytest.mark.threat("H12")
def test_nothing_outside_the_corpus_leaks_through_links(hostile_store: OxigraphStore) -> None:
    for quad in _terms(hostile_store):
        for term in (quad.subject, quad.object, quad.graph_name):
            if isinstance(term, Literal | NamedNode):
                assert "OUTSIDE_SECRET" not in term.value and ".." not in term.value.replace("...", "")


@pytest.mark.threat("H5", "H7", "B3")
def test_no_script_text_control_characters_or_bad_terms_in_the_graph(hostile_store: OxigraphStore) -> None:
    unsafe = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
    literals = 0
    for quad in _terms(hostile_store):
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            assert not isinstance(term, pyoxigraph.BlankNode)
            if isinstance(term, NamedNode):
                assert NamedNode(term.value) == term and not unsafe.search(term.value)
                assert not re.search(r'[\s<>"{}|\\^`]', term.value), term
            elif isinstance(term, Literal):
                literals += 1
                assert not unsafe.search(term.value), term
                assert not any(token in term.value for token in SCRIPT_TOKENS), term
                assert "javascript" not in term.value.lower()
    assert literals > 1000


def _exports(store: OxigraphStore) -> dict[str, bytes]:
    out = {}
    for fmt in ("ttl", "trig", "nq", "jsonld"):
        buffer = io.BytesIO()
        write_export(store, fmt, buffer)
        out[fmt] = buffer.getvalue()
    triples = [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in store.native]
    out["nt"] = pyoxigraph.serialize(triples, format=RdfFormat.N_TRIPLES)
    return out


@pytest.mark.threat("H5", "H7")
def test_every_export_round_trips_through_both_parsers(hostile_store: OxigraphStore) -> None:
    quads = hostile_store.quad_count()
    triples = len({(q.subject, q.predicate, q.object) for q in hostile_store.native})
    exports = _exports(hostile_store)
    for fmt, data in exports.items():
        for token in [*SCRIPT_TOKENS, "OUTSIDE_SECRET", "CANARY_FETCHED"]:
            assert token.encode() not in data, (fmt, token)
        assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", data), fmt
    oxigraph_formats = {
        "ttl": RdfFormat.TURTLE,
        "trig": RdfFormat.TRIG,
        "nq": RdfFormat.N_QUADS,
        "jsonld": RdfFormat.JSON_LD,
        "nt": RdfFormat.N_TRIPLES,
    }
    for fmt, rdf_format in oxigraph_formats.items():
        reloaded = pyoxigraph.Store()
        reloaded.load(exports[fmt], format=rdf_format)
        assert len(reloaded) == (quads if fmt in ("trig", "nq", "jsonld") else triples), fmt
    for fmt, rdflib_format in (("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")):
        dataset = rdflib.Dataset()
        dataset.parse(data=exports[fmt], format=rdflib_format)
        assert sum(len(g) for g in dataset.graphs()) == quads, fmt
    for fmt, rdflib_format in (("ttl", "turtle"), ("nt", "nt")):
        assert len(rdflib.Graph().parse(data=exports[fmt], format=rdflib_format)) == triples, fmt
    # RDF/XML by rdflib (which writes control characters unescaped if they get that far) stays well-formed
    merged = rdflib.Graph().parse(data=exports["nt"], format="nt")
    rdfxml = merged.serialize(format="xml")
    xml.dom.minidom.parseString(rdfxml.encode())
    assert len(rdflib.Graph().parse(data=rdfxml, format="xml")) == triples


@pytest.mark.threat("H1")
def test_the_same_article_in_six_encodings(hostile: HostileBuild, hostile_store: OxigraphStore) -> None:
    texts = {}
    for name, (_, _, recorded) in H1_ENCODINGS.items():
        article = read_input(InputRef(name, hostile.corpus / name, name))
        texts[name] = article.text
        assert "\ufffd" not in article.text
        assert article.encoding == (recorded or H1_ENCODINGS[name][1]), name
    assert len(set(texts.values())) == 1
    assert texts["h1-utf8.html"] == H1_TEXT
    row = _article_rows(hostile_store, "h1-cp1250.html")
    assert (row["text"], row["encoding"]) == (H1_TEXT, "cp1250")  # the encoding is in the provenance


@pytest.mark.threat("H2")
def test_invalid_utf8_without_a_charset(hostile: HostileBuild, hostile_store: OxigraphStore) -> None:
    # random bytes: skipped (above); valid UTF-8 with one stray byte: UTF-8 with a replacement and a warning
    with pytest.warns(DecodeWarning, match="1 undecodable"):
        article = read_input(InputRef("k", hostile.corpus / "h2-stray-byte.txt", "k"))
    assert article.encoding == "utf-8" and "Ștefan Ionescu" in article.text
    assert article.text.count("\ufffd") == 1
    assert "Ionescu" in str(_article_rows(hostile_store, "h2-stray-byte.txt")["text"])


@pytest.mark.threat("H3", "H4", "H6")
def test_skipped_inputs_leave_no_graph(hostile: HostileBuild, hostile_store: OxigraphStore) -> None:
    keys = {
        row["key"]
        for row in hostile_store.select_rows(f"PREFIX kg: <{KG}> SELECT ?key WHERE {{ ?a kg:documentKey ?key }}")
    }
    ingested = {r.key for r in hostile.report.results if r.status == "ingested"}
    assert keys == ingested
    graphs = [g for g in hostile_store.named_graphs() if "/graph/article/" in g.value]
    assert len(graphs) == len(ingested)


@pytest.mark.threat("H8")
def test_foreign_chrome_is_not_in_the_body(hostile: HostileBuild, hostile_store: OxigraphStore) -> None:
    for name, place in (("h8-chrome-ro.html", "Sheberghan"), ("h8-chrome-es.html", "Taloqan")):
        row = _article_rows(hostile_store, name)
        text = row["text"]
        assert text == story(place), name
        assert not any(chrome in text for chrome in CHROME_STRINGS), name
        assert read_input(InputRef(name, hostile.corpus / name, name)).lang == "en"
    tags = hostile_store.query(
        f'PREFIX kg: <{KG}> SELECT (LANG(?text) AS ?lang) WHERE {{ ?a kg:documentKey "h8-chrome-ro.html" ; kg:text ?text }}'
    )
    assert [row["lang"].value for row in tags] == ["en"]


@pytest.mark.threat("H9")
def test_cedilla_and_comma_below_share_a_match_key(hostile_store: OxigraphStore) -> None:
    assert name_key("Ştefan Ţurcanu") == name_key("Ștefan Țurcanu") and slug("Timişoara") == slug("Timișoara")
    assert "Ştefan Ţurcanu" in str(_article_rows(hostile_store, "h9-cedilla.txt")["text"])  # original kept
    assert "Ștefan Țurcanu" in str(_article_rows(hostile_store, "h9-comma.txt")["text"])
    rows = hostile_store.select_rows(
        f"""PREFIX kg: <{KG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?label ?canonical WHERE {{ ?entity a kg:Person ; rdfs:label ?label ; kg:canonical ?canonical
          FILTER(CONTAINS(?label, "urcanu")) }}"""
    )
    labels = {row["label"] for row in rows}
    assert {"Ştefan Ţurcanu", "Ștefan Țurcanu"} <= labels, rows  # both spellings kept in literals
    assert len({row["canonical"] for row in rows}) == 1  # and merged as one person


@pytest.mark.threat("H10")
def test_dates(hostile: HostileBuild, hostile_store: OxigraphStore) -> None:
    def date_of(key: str) -> Literal | None:
        rows = list(
            hostile_store.query(
                "SELECT ?key ?date WHERE { ?a <https://w3id.org/kg-news/ontology#documentKey> ?key . "
                "OPTIONAL { ?a <https://schema.org/datePublished> ?date } }",
                bindings={"key": Literal(key)},
            )
        )
        assert len(rows) == 1
        return rows[0]["date"]

    assert date_of("h10-no-date.txt") is None
    assert date_of("h10-ambiguous.txt") is None  # 03/04/2024 in an English article: not guessed
    assert date_of("h10-meta-date.html") == Literal("2024-03-12T10:15:00+02:00", datatype=XSD.dateTime)
    assert date_of("h10-ro-dateline.txt") == Literal("2024-03-12", datatype=XSD.date)
    assert date_of("h11-jsonld.html") == Literal("2024-03-14", datatype=XSD.date)
    undated = {r.key for r in hostile.report.results if r.status == "ingested" and r.missing_date}
    assert {"h10-no-date.txt", "h10-ambiguous.txt"} <= undated and "h10-meta-date.html" not in undated
    assert hostile.report.missing_dates == len(undated)
    # the ingestion time is recorded, separately, for every article graph
    generated = hostile_store.select_rows(
        "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?g ?t WHERE { ?g prov:wasDerivedFrom ?a ; prov:generatedAtTime ?t }"
    )
    assert len(generated) == hostile.report.count("ingested")


@pytest.mark.threat("H11", "C5")
def test_jsonld_contexts_are_never_fetched(hostile: HostileBuild, hostile_store: OxigraphStore) -> None:
    assert hostile.canary_connections == 0
    rows = hostile_store.select_rows(
        f"""PREFIX kg: <{KG}> PREFIX schema: <{SCHEMA}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?date WHERE {{ ?a kg:documentKey "h11-jsonld.html" ; schema:datePublished ?date }}"""
    )
    assert rows == [{"date": "2024-03-14"}]  # the inline metadata is still read


@pytest.mark.threat("C5", "H11")
def test_jsonld_reading_opens_no_file_and_no_connection() -> None:
    """An audit hook sees every file open and socket connect in this process while the page is read."""
    events: list[tuple[str, tuple[object, ...]]] = []
    watching = threading.Event()

    def hook(event: str, args: tuple[object, ...]) -> None:
        if watching.is_set() and (event == "open" or event.startswith(("socket.", "urllib.", "subprocess."))):
            events.append((event, args))

    with canary_server() as (canary, server):
        data = {
            "@context": [f"{canary}/ctx", "file:///etc/passwd", {"@import": f"{canary}/import"}],
            "@type": ["NewsArticle"],
            "datePublished": "2024-03-14T08:00:00Z",
            "publisher": [{"name": "Canary Post"}],
        }
        html = (
            page(
                story("Kunduz"),
                head=f'<script type="application/ld+json">{json.dumps(data)}</script>',
                after="<p>&x;</p>",
            )
            .replace("<!DOCTYPE html>", '<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>')
            .encode()
        )
        read_text(html, key="warm", source_name="warm")  # imports and caches loaded before watching
        sys.addaudithook(hook)
        watching.set()
        try:
            article = read_text(html, key="p.html", source_name="p.html", media_type="text/html")
        finally:
            watching.clear()
        assert server.connections == 0
    assert events == []
    assert article.published is not None and article.published.origin == "htmldate"
    assert article.published.value == dt.datetime(2024, 3, 14, 8, tzinfo=dt.UTC)
    assert "root:" not in article.text


@pytest.mark.threat("H12")
def test_fifo_and_non_utf8_name(hostile: HostileBuild, hostile_store: OxigraphStore) -> None:
    # a FIFO read directly (as if swapped in after the directory walk) is refused without blocking
    with pytest.raises(SkippedInput) as info:
        read_input(InputRef("f", hostile.corpus / "h12-fifo.txt", "f"))
    assert info.value.reason == "not_a_file"
    row = _article_rows(hostile_store, "h7-caf\\xe9\\x1b.txt")
    names = hostile_store.select_rows(
        f"PREFIX kg: <{KG}> SELECT ?key ?name WHERE {{ ?a kg:documentKey ?key ; kg:sourceName ?name }}",
        key=Literal(row["key"]),
    )
    assert [row["name"] for row in names] == ["h7-caf\\xe9\\x1b.txt"]
    assert display_name(os.fsdecode(b"caf\xe9\x1b\n.txt")) == "caf\\xe9\\x1b\\x0a.txt"


@pytest.mark.threat("H7")
def test_surrogates_and_controls_from_content_sidecar_and_name(hostile_store: OxigraphStore) -> None:
    row = _article_rows(hostile_store, "h7-surrogates.html")
    assert row["title"] == "Farah falls" and "Sunday" in str(row["text"])
    controls = _article_rows(hostile_store, "h7-controls.txt")
    assert "Sunday[31m" in str(controls["text"])  # ESC, VT, DEL and noncharacters gone; the rest kept
    with pytest.raises(InputError):
        text_literal("lone \ud800 surrogate")
    with pytest.raises(InputError):
        text_literal("bell \x07")


@pytest.mark.threat("B2")
def test_update_injection_through_a_title(store_copy: Path, tmp_path: Path, extractor, minter) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "pwn.txt").write_text(story("Sar-e Pol", f" A reader wrote: {B2_PAYLOAD}"), encoding="utf-8")
    (corpus / "pwn.txt.meta.json").write_text(json.dumps({"title": B2_PAYLOAD}), encoding="utf-8")
    with OxigraphStore(store_copy) as store:
        merged = minter.merged_graph()  # the cross-article view is recomputed when an article is added

        def snapshot() -> set[pyoxigraph.Quad]:
            return {q for q in store.native if merged not in (q.graph_name, q.subject)}

        before = snapshot()
        report = build([str(corpus)], store=store, extractor=extractor, minter=minter, max_file_bytes=2**20)
        after = snapshot()
        assert [r.status for r in report.results] == ["ingested"]
        article = read_input(InputRef("pwn.txt", corpus / "pwn.txt", "pwn.txt"))
        assert article.title is not None and "DROP ALL" in article.title and B2_PAYLOAD in article.text
        graph = minter.article_graph(article.sha256)
        expected = set(article_graph_quads(article, extractor.extract(article), minter))
        added, removed = after - before, before - after
        assert removed == set()  # every other article, the ontology, the gazetteer: untouched
        assert {q for q in added if q.graph_name == graph} == expected  # exactly the article's graph
        prov = minter.provenance_graph()
        assert {q.graph_name for q in added} == {graph, prov}
        node = minter.article(article.sha256)
        assert pyoxigraph.Quad(node, SCHEMA.headline, Literal(article.title, language="en"), prov) in added
        assert pyoxigraph.Quad(node, KG.text, Literal(article.text, language="en"), prov) in added
        assert not any(NamedNode("http://pwn") in (q.subject, q.predicate, q.object) for q in after)


@pytest.mark.threat("B3")
@pytest.mark.parametrize("url", B3_URLS, ids=["gt", "space", "quote", "brace", "newline", "nul"])
def test_iri_injection_through_source_url(tmp_path: Path, minter, url: str) -> None:
    body = story("Kunduz")
    path = tmp_path / "a.txt"
    path.write_text(body, encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text(json.dumps({"url": url, "outlet": url}), encoding="utf-8")
    attribute = html_escape(url, quote=True).replace("\x00", "&#0;")
    head = f'<link rel="canonical" href="{attribute}"><meta property="og:url" content="{attribute}">'
    html = page(body, head=head).encode()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sidecar = read_input(InputRef("a.txt", path, "a.txt"))
    for article in (sidecar, read_text(html, key="a.html", source_name="a.html")):
        # refused (or, once the HTML parser has decoded it, a URL that is a valid IRI); the ingest goes on
        assert article.url is None or (
            NamedNode(article.url).value == article.url and not re.search(r'[\s<>"{}]', article.url)
        )
        quads = list(provenance_quads(article, minter=minter, digest="0" * 64, run=_run(minter), generated=_now()))
        for quad in quads:
            for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
                if isinstance(term, NamedNode):
                    assert not re.search(r'[\s<>"{}\x00]', term.value), term
    assert minter.outlet(url).value.endswith("/outlet/https-news-example-a-b")


@pytest.mark.threat("B5")
def test_language_tags_and_datatypes_from_input(hostile_store: OxigraphStore, minter) -> None:
    allowed = {
        XSD.string,
        XSD.date,
        XSD.dateTime,
        XSD.integer,
        XSD.decimal,
        XSD.anyURI,
        XSD.boolean,
        XSD.gYear,
        XSD.gYearMonth,
        NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"),
        NamedNode("http://www.opengis.net/ont/geosparql#wktLiteral"),  # GeoNames points kg writes itself
    }
    languages = set()
    for quad in _terms(hostile_store):
        if isinstance(quad.object, Literal) and not quad.graph_name.value.endswith(("/gazetteer", "/ontology")):
            assert quad.object.datatype in allowed, quad
            if quad.object.language:
                languages.add(quad.object.language)
    assert languages == {"en"}
    row = _article_rows(hostile_store, "b5-lang.html")
    assert row.get("date") is None  # a date carrying a datatype of its own is not a date
    # a language that is not a language tag is dropped, never pasted into the serialisation
    assert text_literal("x", 'en"@x') == Literal("x")
    assert text_literal("x", "en-GB") == Literal("x", language="en-gb")
    article = read_text(page(story("Herat")).encode(), key="k", source_name="k")
    hostile_lang = replace(article, lang='en"@x ; DROP ALL')
    quads = list(provenance_quads(hostile_lang, minter=minter, digest="0" * 64, run=_run(minter), generated=_now()))
    assert all(not isinstance(q.object, Literal) or not q.object.language for q in quads)
    assert not any(q.predicate == SCHEMA.inLanguage for q in quads)


@pytest.mark.threat("H12")
def test_per_file_timeout_skips_and_the_batch_goes_on(tmp_path: Path, extractor, minter) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # Under html.MAX_ELEMENTS, so the page is read, not refused as too complex, and its reading
    # takes seconds (2 s here), far past the deadline on any machine.
    slow = page("\n\n".join(f"Paragraph {i} of a very long page about the war." for i in range(25_000)))
    (corpus / "a-slow.html").write_text(slow, encoding="utf-8")
    (corpus / "b-good.txt").write_text(story("Herat"), encoding="utf-8")
    with OxigraphStore(tmp_path / "kg") as store:
        report = build(
            [str(corpus)], store=store, extractor=extractor, minter=minter, max_file_bytes=10 * 2**20, file_timeout=0.3
        )
    results = {r.key: (r.status, r.detail) for r in report.results}
    assert results["a-slow.html"][0] == "skipped" and results["a-slow.html"][1].startswith("timeout")
    assert results["b-good.txt"][0] == "ingested"


@pytest.mark.threat("H4")
def test_huge_files_are_refused_with_bounded_memory(tmp_path: Path) -> None:
    """Peak RSS of a fresh process that reads a 50 MiB sparse file and a 20 MiB single line.

    Read from /proc/self/status (VmHWM): on Linux, ``getrusage().ru_maxrss`` survives ``exec`` and
    would report this test process's own peak (the spaCy model and all)."""
    script = textwrap.dedent(
        f"""
        import resource, sys
        from pathlib import Path
        from kg.errors import SkippedInput
        from kg.ingest import InputRef, read_input
        root = Path({str(tmp_path)!r})
        with (root / "sparse.html").open("wb") as handle:
            handle.truncate(50 * 2**20)
        with (root / "line.html").open("wb") as handle:
            for _ in range(20):
                handle.write(b"x" * 2**20)
        reasons = []
        for name in ("sparse.html", "line.html"):
            try:
                read_input(InputRef(name, root / name, name))
            except SkippedInput as exc:
                reasons.append(exc.reason)
        status = Path("/proc/self/status")
        if status.exists():
            peak = int(status.read_text().split("VmHWM:")[1].split()[0])
        else:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 if sys.platform == "darwin" else 1)
        print(" ".join(reasons), peak)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    first, second, peak_kib = result.stdout.split()
    assert (first, second) == ("too_large", "too_large")
    assert int(peak_kib) < 200 * 1024, f"peak RSS {int(peak_kib) // 1024} MiB"


@pytest.mark.threat("H13")
def test_cli_summary_exit_codes_and_strict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-undated.txt").write_text(story("Herat"), encoding="utf-8")
    (corpus / "b-empty.txt").write_bytes(b"")
    (corpus / "c-binary.html").write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    runner = CliRunner()
    env = {"KG_STORE": str(tmp_path / "kg")}
    result = runner.invoke(app, ["build", str(corpus)], env=env)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    rows = {parts[1]: (parts[0], parts[2]) for parts in map(str.split, lines[:-1])}
    assert rows["a-undated.txt"][0] == "ingested"
    assert (rows["b-empty.txt"], rows["c-binary.html"]) == (("skipped", "empty:"), ("skipped", "binary:"))
    assert "1 ingested, 0 unchanged, 0 duplicate, 2 skipped, 0 failed (1 without a publication date)" in lines[-1]
    assert runner.invoke(app, ["build", "--strict", str(corpus)], env=env).exit_code == 1  # skips fail
    # an article that fails: reported, the rest carries on, and the exit code says so
    from kg.extract.extractor import Extractor

    (corpus / "d-fails.txt").write_text(story("Farah"), encoding="utf-8")
    (corpus / "e-fine.txt").write_text(story("Ghazni"), encoding="utf-8")
    original = Extractor.extract_doc

    def explode(self, doc, article):
        if article.source_name == "d-fails.txt":
            raise RuntimeError("boom")
        return original(self, doc, article)

    monkeypatch.setattr(Extractor, "extract_doc", explode)
    failed = runner.invoke(app, ["build", str(corpus)], env=env)
    assert failed.exit_code == 1
    statuses = {line.split()[1]: line.split()[0] for line in failed.stdout.splitlines()[:-1]}
    assert statuses["d-fails.txt"] == "failed" and statuses["e-fine.txt"] == "ingested"


def test_an_edited_repost_under_the_same_url_replaces_the_old_graph(tmp_path: Path, extractor, minter) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    head = '<link rel="canonical" href="https://news.example/2024/kunduz">'
    (corpus / "first-crawl.html").write_text(page(story("Kunduz"), head=head), encoding="utf-8")
    with OxigraphStore(tmp_path / "kg") as store:
        build([str(corpus)], store=store, extractor=extractor, minter=minter, max_file_bytes=2**20)
        (corpus / "first-crawl.html").unlink()
        edited = page(story("Kunduz", " Update: the governor returned."), head=head)
        (corpus / "second-crawl.html").write_text(edited, encoding="utf-8")
        report = build([str(corpus)], store=store, extractor=extractor, minter=minter, max_file_bytes=2**20)
        assert [(r.key, r.status) for r in report.results] == [("https://news.example/2024/kunduz", "ingested")]
        graphs = [g for g in store.named_graphs() if "/graph/article/" in g.value]
        texts = store.select_rows(f"PREFIX kg: <{KG}> SELECT ?text WHERE {{ ?a kg:text ?text }}")
    assert len(graphs) == 1 and len(texts) == 1 and "governor returned" in str(texts[0]["text"])


def _run(minter):
    from kg.rdf import RunInfo

    return RunInfo(iri=minter.run("test"), started=_now(), software_version="0", model="m", model_version="0")


def _now():
    import datetime as dt

    return dt.datetime(2024, 3, 12, tzinfo=dt.UTC)
