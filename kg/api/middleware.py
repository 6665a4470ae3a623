"""The outermost layer of the HTTP API: a request id on every response, 400 for a Host header the
server does not answer to, and 414 for URLs too long to be a reasonable GET (before any routing or
parsing)."""

from __future__ import annotations

import json
import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.api.hosts import Address

MAX_QUERY_STRING_BYTES = 32 * 1024
"""Longest query string accepted; longer SPARQL goes in a POST body."""
MAX_HEADER_BYTES = 256 * 1024
"""What the HTTP parser may buffer for a request line and headers, so that a URL between
MAX_QUERY_STRING_BYTES and this gets a JSON 414 rather than the parser's bare 400."""


def request_id(scope: Scope) -> str:
    """The id of the request being answered (also in the X-Request-Id header and the server log)."""
    return scope.get("state", {}).get("request_id", "")


def _host(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"host":
            return value.decode("latin-1")
    return None


class RequestGuard:
    """ASGI middleware: tags each request with an id, refuses other Hosts than ``server``'s and
    over-long query strings."""

    def __init__(self, app: ASGIApp, server: Address) -> None:
        self.app = app
        self.server = server

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

        async def refuse(status: int, code: str, message: str) -> None:
            body = json.dumps({"error": code, "message": message, "request_id": rid}).encode()
            await send_with_id(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send_with_id({"type": "http.response.body", "body": body})

        if not self.server.answers(_host(scope)):
            await refuse(400, "invalid_host", "this server does not answer to that Host header (see KG_ALLOWED_HOSTS)")
            return
        if len(scope.get("query_string", b"")) > MAX_QUERY_STRING_BYTES:
            await refuse(
                414,
                "uri_too_long",
                f"the query string is over {MAX_QUERY_STRING_BYTES} bytes: send the query in a POST body",
            )
            return
        await self.app(scope, receive, send_with_id)
