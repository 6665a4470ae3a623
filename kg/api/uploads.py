"""RDF request bodies for the Graph Store Protocol: Turtle, N-Triples or JSON-LD (one graph), or a
``multipart/form-data`` body whose parts are such documents.

RDF/XML is refused (415): XML entity expansion is a denial of service in the parsers kg has
(pyoxigraph 0.5.13 expands 7 levels of entities to 120 M characters). JSON-LD is parsed by
pyoxigraph, which never loads a remote ``@context``, once its nesting is known to be shallow: the
parser overflows its stack on a few thousand nested objects. Turtle and N-Triples nesting is
checked the same way before parsing (each open collection or blank node costs the parser memory:
450,000 nested collections, 900 KB, took 175 MB), and parsing stops once the body has given more
triples than ``UploadLimits.quads``, before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from itertools import accumulate, islice
from pathlib import PurePosixPath

from pyoxigraph import RdfFormat, Triple, parse

from kg.api.errors import ApiError
from kg.api.negotiation import content_type
from kg.errors import brief

UPLOAD_TYPES = {
    "text/turtle": RdfFormat.TURTLE,
    "application/x-turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
}
UPLOAD_FORMAT_NAMES = ("Turtle", "N-Triples", "JSON-LD")
_EXTENSIONS = {".ttl": "text/turtle", ".nt": "application/n-triples", ".jsonld": "application/ld+json"}
MULTIPART = "multipart/form-data"
# A string, or an unterminated one to the end: a pattern that cannot fail never backtracks, so it runs
# in linear time (a required closing quote made a run of escaped quotes quadratic)
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"?', re.DOTALL)
_JSON_STEPS = {ord("{"): 1, ord("["): 1, ord("}"): -1, ord("]"): -1}


def json_depth(body: bytes) -> int:
    """How deeply the objects and arrays of a JSON document nest (strings skipped)."""
    structure = _JSON_STRING.sub(b"", body)
    return max(accumulate(_JSON_STEPS.get(byte, 0) for byte in structure), default=0)


# What the Turtle tokenizer reads as something other than punctuation: long and short strings
# (short ones end at a line break, as in the grammar), IRIs, comments, and escapes in prefixed
# names such as ex:a\'b (kg.sparql.lexer reads the same rules, but over SPARQL text, not Turtle
# bytes). No branch rescans text once started (the string branches cannot fail; the IRI branch
# fails at the first character it refuses), so the pass is linear.
_TURTLE_TEXT = re.compile(
    rb'"""(?:(?:""?)?(?:[^"\\]|\\.))*(?:""")?'
    rb"|'''(?:(?:''?)?(?:[^'\\]|\\.))*(?:''')?"
    rb'|"(?:[^"\\\r\n]|\\.)*"?'
    rb"|'(?:[^'\\\r\n]|\\.)*'?"
    rb'|<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>'
    rb"|#[^\r\n]*"
    rb"|\\.",
    re.DOTALL,
)
# [ ] blank nodes, ( ) collections, << >> and <<( )>> triple terms (the < > of IRIs are gone)
_TURTLE_STEPS = {ord("["): 1, ord("("): 1, ord("<"): 1, ord("]"): -1, ord(")"): -1, ord(">"): -1}


def turtle_depth(body: bytes) -> int:
    """How deeply the blank nodes, collections and triple terms of a Turtle or N-Triples document
    nest (strings, IRIs, comments and escapes skipped; a stray closer never takes it below 0)."""
    structure = _TURTLE_TEXT.sub(b"", body)
    steps = (_TURTLE_STEPS[byte] for byte in structure if byte in _TURTLE_STEPS)
    return max(accumulate(steps, lambda depth, step: max(0, depth + step)), default=0)


@dataclass(frozen=True, slots=True)
class UploadLimits:
    """How much one Graph Store body may hold: ``quads`` triples, nested at most ``depth`` levels."""

    quads: int
    depth: int


def _unsupported(media: str) -> ApiError:
    shown = media or "no Content-Type"
    return ApiError(
        415,
        "unsupported_media_type",
        f"cannot read {shown}: send text/turtle, application/n-triples, application/ld+json or multipart/form-data of those",
    )


def parse_graph(body: bytes, media: str, *, base_iri: str | None, max_depth: int) -> Iterator[Triple]:
    """The triples of one RDF document, as the parser gives them (400 on a syntax error, a named
    graph or nesting past ``max_depth``; 415 on a format kg does not read)."""
    rdf_format = UPLOAD_TYPES.get(media)
    if rdf_format is None:
        raise _unsupported(media)
    depth = json_depth(body) if rdf_format == RdfFormat.JSON_LD else turtle_depth(body)
    if depth > max_depth:
        raise ApiError(
            400, "upload_too_complex", f"the {media} body nests deeper than {max_depth} levels (KG_MAX_UPLOAD_DEPTH)"
        )
    try:
        for quad in parse(
            body, format=rdf_format, base_iri=base_iri, without_named_graphs=True, rename_blank_nodes=True
        ):
            yield quad.triple
    except SyntaxError as exc:
        raise ApiError(400, "malformed_rdf", f"the {media} body does not parse: {brief(str(exc.msg or exc))}") from None
    except ValueError as exc:  # e.g. an invalid base IRI
        raise ApiError(400, "malformed_rdf", f"the {media} body cannot be read: {brief(str(exc))}") from None


def _part_media(part: EmailMessage) -> str:
    if part.get("content-type") is None:
        name = part.get_filename() or ""
        return _EXTENSIONS.get(PurePosixPath(name).suffix.lower(), "")
    media, charset = content_type(part.get("content-type"))
    if charset is not None and charset not in ("utf-8", "utf8"):
        raise ApiError(415, "unsupported_media_type", f"only UTF-8 is accepted, not charset={charset}")
    return media


def parse_multipart(body: bytes, header: str, *, base_iri: str | None, max_depth: int) -> Iterator[Triple]:
    """The triples of every part of a ``multipart/form-data`` body, one part after the other."""
    try:
        message = BytesParser(policy=policy.HTTP).parsebytes(
            b"Content-Type: " + header.encode("latin-1") + b"\r\n\r\n" + body
        )
    except (UnicodeEncodeError, ValueError):
        raise ApiError(400, "invalid_request", "the multipart body cannot be read") from None
    if not isinstance(message, EmailMessage) or not message.is_multipart() or message.defects:
        raise ApiError(400, "invalid_request", "the multipart body is malformed (check the boundary)")
    for part in message.iter_parts():
        assert isinstance(part, EmailMessage)
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            raise ApiError(400, "invalid_request", "a multipart part is itself multipart")
        yield from parse_graph(payload, _part_media(part), base_iri=base_iri, max_depth=max_depth)


def parse_body(body: bytes, header: str | None, *, base_iri: str | None, limits: UploadLimits) -> list[Triple]:
    """The triples of a GSP request body, whatever its (accepted) Content-Type: 413 as soon as the
    parser has given more than ``limits.quads``."""
    media, charset = content_type(header)
    if charset is not None and charset not in ("utf-8", "utf8"):
        raise ApiError(415, "unsupported_media_type", f"only UTF-8 is accepted, not charset={charset}")
    if media == MULTIPART:
        triples = parse_multipart(body, header or "", base_iri=base_iri, max_depth=limits.depth)
    else:
        triples = parse_graph(body, media, base_iri=base_iri, max_depth=limits.depth)
    kept = list(islice(triples, limits.quads + 1))
    if len(kept) > limits.quads:
        raise ApiError(
            413, "payload_too_large", f"the body holds more than {limits.quads} triples (KG_MAX_UPLOAD_QUADS)"
        )
    return kept
