"""Reading request bodies safely: a hard size cap, UTF-8 only, url-encoded forms without
``request.form()`` (whose limits older Starlette releases ignored, CVE-2026-54283)."""

from __future__ import annotations

from urllib.parse import parse_qs

import anyio
from fastapi import Request

from kg.api.errors import ApiError
from kg.api.negotiation import content_type

MAX_FORM_FIELDS = 100


def media_type(request: Request) -> str:
    """The request's media type (lower case, no parameters); 415 for a charset other than UTF-8."""
    media, charset = content_type(request.headers.get("content-type"))
    if charset is not None and charset not in ("utf-8", "utf8"):
        raise ApiError(415, "unsupported_media_type", f"only UTF-8 is accepted, not charset={charset}")
    return media


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refused with 413 as soon as it passes ``limit`` bytes (declared or read), and
    with 408 when it takes longer than the ``body_timeout`` setting (a slow sender cannot hold a
    connection and its buffer forever)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise ApiError(413, "payload_too_large", f"request body over {limit} bytes")
    chunks, size = [], 0
    seconds = request.app.state.settings.body_timeout
    with anyio.move_on_after(seconds):
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ApiError(413, "payload_too_large", f"request body over {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
    raise ApiError(408, "request_timeout", f"the request body took more than {seconds:g} s to arrive")


def utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "invalid_request", f"the {what} is not valid UTF-8") from None


def parse_form(body: bytes) -> dict[str, list[str]]:
    """An ``application/x-www-form-urlencoded`` body as ``{name: [values]}`` (at most 100 fields)."""
    try:
        return parse_qs(
            utf8(body, "form body"),
            keep_blank_values=True,
            strict_parsing=False,
            max_num_fields=MAX_FORM_FIELDS,
            encoding="utf-8",
            errors="strict",
            separator="&",
        )
    except UnicodeDecodeError:
        raise ApiError(400, "invalid_request", "a form field is not valid percent-encoded UTF-8") from None
    except ValueError:
        raise ApiError(400, "invalid_request", f"the form has more than {MAX_FORM_FIELDS} fields") from None
