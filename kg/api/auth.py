"""Who may write: only a server started with updates enabled, and only a request carrying its
bearer token (compared in constant time)."""

from __future__ import annotations

import hmac

from fastapi import Request

from kg.api.errors import ApiError


def updates_enabled(request: Request) -> bool:
    return bool(request.app.state.updates_enabled)


def token_matches(header: str | None, token: str) -> bool:
    """True when ``header`` is ``Bearer <token>`` (scheme case-insensitive; constant-time compare)."""
    if not token or not header:
        return False
    scheme, _, given = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8"))


def require_writer(request: Request) -> None:
    """403 unless updates are enabled and the request carries the configured bearer token."""
    if not updates_enabled(request):
        raise ApiError(403, "updates_disabled", "this endpoint is read-only: updates are not enabled on this server")
    if not token_matches(request.headers.get("authorization"), request.app.state.settings.update_token):
        raise ApiError(
            403,
            "forbidden",
            "writing needs the header Authorization: Bearer <token> with the server's token",
            {"WWW-Authenticate": 'Bearer realm="kg"'},
        )
