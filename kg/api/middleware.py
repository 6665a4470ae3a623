"""The outermost layer of the HTTP API: a request id on every response, and 414 for URLs too long
to be a reasonable GET (before any routing or parsing)."""

from __future__ import annotations

import json
import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_QUERY_STRING_BYTES = 32 * 1024
"""Longest query string accepted; longer SPARQL goes in a POST body."""
MAX_HEADER_BYTES = 256 * 1024
"""What the HTTP parser may buffer for a request line and headers, so that a URL between
MAX_QUERY_STRING_BYTES and this gets a JSON 414 rather than the parser's bare 400."""


def request_id(scope: Scope) -> str:
    """The id of the request being answered (also in the X-Request-Id header and the server log)."""
    return scope.get("state", {}).get("request_id", "")


class RequestGuard:
    """ASGI middleware: tags each request with an id and refuses over-long query strings."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = rid
        header = (b"x-request-id", rid.encode())

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), header]
            await send(message)

        if len(scope.get("query_string", b"")) > MAX_QUERY_STRING_BYTES:
            body = json.dumps({
                "error": "uri_too_long",
                "message": f"the query string is over {MAX_QUERY_STRING_BYTES} bytes: send the query in a POST body",
                "request_id": rid,
            }).encode()
            await send_with_id({"type": "http.response.start", "status": 414, "headers": [
                (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            ]})
            await send_with_id({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send_with_id)
