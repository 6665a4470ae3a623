"""``/export.ttl``, ``/export.trig``, ``/export.nq``, ``/export.jsonld``: the whole store, streamed,
byte for byte what ``kg export`` writes for the same store."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kg.api.results import with_charset
from kg.api.streaming import stream
from kg.export import EXPORT_FORMATS, MEDIA_TYPES, write_export

router = APIRouter()

DESCRIPTIONS = {
    "ttl": "Turtle: all graphs merged into one default view (as `kg export --format ttl`).",
    "trig": "TriG: the named graphs kept (as `kg export --format trig`).",
    "nq": "N-Quads: the named graphs kept (as `kg export --format nq`).",
    "jsonld": "JSON-LD: the named graphs kept (as `kg export --format jsonld`).",
}


def _endpoint(format: str) -> Callable[[Request], Awaitable[Response]]:
    media = with_charset(MEDIA_TYPES[format])
    headers = {"Content-Disposition": f'attachment; filename="kg.{format}"'}

    async def export(request: Request) -> Response:
        if request.method == "HEAD":
            return Response(media_type=media, headers=headers)
        write = functools.partial(write_export, request.app.state.store, format)
        return await stream(write, media_type=media, headers=headers)

    return export


for _format in EXPORT_FORMATS:
    router.add_api_route(
        f"/export.{_format}",
        _endpoint(_format),
        methods=["GET", "HEAD"],
        summary=f"Export ({_format})",
        description=DESCRIPTIONS.get(_format, ""),
        response_class=Response,
    )
