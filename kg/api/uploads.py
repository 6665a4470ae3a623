"""RDF request bodies for the Graph Store Protocol: Turtle, N-Triples or JSON-LD (one graph), or a
``multipart/form-data`` body whose parts are such documents.

RDF/XML is refused (415): XML entity expansion is a denial of service in the parsers kg has
(pyoxigraph 0.5.13 expands 7 levels of entities to 120 M characters). JSON-LD is parsed by
pyoxigraph, which never loads a remote ``@context``, once its nesting is known to be shallow: the
parser overflows its stack on a few thousand nested objects.
"""

from __future__ import annotations

import re
from itertools import accumulate

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
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
MAX_JSON_DEPTH = 128
# A string, or an unterminated one to the end: a pattern that cannot fail never backtracks, so it runs
# in linear time (a required closing quote made a run of escaped quotes quadratic)
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"?', re.DOTALL)
_JSON_STEPS = {ord("{"): 1, ord("["): 1, ord("}"): -1, ord("]"): -1}


def json_depth(body: bytes) -> int:
    """How deeply the objects and arrays of a JSON document nest (strings skipped)."""
    structure = _JSON_STRING.sub(b"", body)
    return max(accumulate(_JSON_STEPS.get(byte, 0) for byte in structure), default=0)


def _unsupported(media: str) -> ApiError:
    shown = media or "no Content-Type"
    return ApiError(
        415, "unsupported_media_type",
        f"cannot read {shown}: send text/turtle, application/n-triples, application/ld+json or multipart/form-data of those",
    )


def parse_graph(body: bytes, media: str, *, base_iri: str | None) -> list[Triple]:
    """The triples of one RDF document (400 on a syntax error or a named graph, 415 on a format kg
    does not read)."""
    rdf_format = UPLOAD_TYPES.get(media)
    if rdf_format is None:
        raise _unsupported(media)
    if rdf_format == RdfFormat.JSON_LD and json_depth(body) > MAX_JSON_DEPTH:
        raise ApiError(400, "malformed_rdf", f"the JSON-LD body nests deeper than {MAX_JSON_DEPTH} levels")
    try:
        quads = parse(body, format=rdf_format, base_iri=base_iri, without_named_graphs=True, rename_blank_nodes=True)
        return [quad.triple for quad in quads]
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


def parse_multipart(body: bytes, header: str, *, base_iri: str | None) -> list[Triple]:
    """The triples of every part of a ``multipart/form-data`` body, merged."""
    try:
        message = BytesParser(policy=policy.HTTP).parsebytes(
            b"Content-Type: " + header.encode("latin-1") + b"\r\n\r\n" + body
        )
    except (UnicodeEncodeError, ValueError):
        raise ApiError(400, "invalid_request", "the multipart body cannot be read") from None
    if not isinstance(message, EmailMessage) or not message.is_multipart() or message.defects:
        raise ApiError(400, "invalid_request", "the multipart body is malformed (check the boundary)")
    triples: list[Triple] = []
    for part in message.iter_parts():
        assert isinstance(part, EmailMessage)
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            raise ApiError(400, "invalid_request", "a multipart part is itself multipart")
        triples += parse_graph(payload, _part_media(part), base_iri=base_iri)
    return triples


def parse_body(body: bytes, header: str | None, *, base_iri: str | None) -> list[Triple]:
    """The triples of a GSP request body, whatever its (accepted) Content-Type."""
    media, charset = content_type(header)
    if charset is not None and charset not in ("utf-8", "utf8"):
        raise ApiError(415, "unsupported_media_type", f"only UTF-8 is accepted, not charset={charset}")
    if media == MULTIPART:
        return parse_multipart(body, header or "", base_iri=base_iri)
    return parse_graph(body, media, base_iri=base_iri)
