"""One JSON error shape for every 4xx/5xx: ``{"error": code, "message": text, "request_id": id}``.
Unexpected errors are logged with their traceback and request id; the client sees neither."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from kg.api.middleware import request_id
from kg.errors import (
    KgError,
    QueryError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
    QueryTooComplexError,
    ResultTruncatedError,
    StoreError,
)


class ApiError(Exception):
    """An error answered as ``{"error": code, "message": message}`` with ``status``."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        self.status, self.code, self.message, self.headers = status, code, message, headers
        super().__init__(message)


log = logging.getLogger("kg.api")


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None, *, request: Request | None = None
) -> JSONResponse:
    body = {"error": code, "message": message}
    if request is not None:
        body["request_id"] = request_id(request.scope)
    return JSONResponse(body, status_code=status, headers=headers)


def from_kg_error(exc: KgError) -> ApiError:
    if isinstance(exc, QuerySyntaxError):
        return ApiError(400, "malformed_query", str(exc))
    if isinstance(exc, QueryTooComplexError):
        return ApiError(400, "query_too_complex", str(exc))
    if isinstance(exc, QueryRefusedError):  # SERVICE, LOAD, or an update sent as a query
        return ApiError(400, "query_refused", str(exc))
    if isinstance(exc, QueryTimeoutError):
        return ApiError(503, "timeout", str(exc), {"Retry-After": "5"})
    if isinstance(exc, ResultTruncatedError):  # the remote store's answer was cut short: never served as whole
        return ApiError(502, "result_truncated", str(exc))
    if isinstance(exc, QueryError):
        return ApiError(400, "query_error", str(exc))
    if isinstance(exc, StoreError):
        return ApiError(503, "store_unavailable", "the store is unavailable")
    return ApiError(500, "internal_error", "internal error")


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}


def install(app: FastAPI) -> None:
    """Route every error, expected or not, through the one JSON shape (no tracebacks, no paths)."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers, request=request)

    @app.exception_handler(KgError)
    async def _kg_error(request: Request, exc: KgError) -> JSONResponse:
        api = from_kg_error(exc)
        if api.status == 500:
            log.error("request %s: %s", request_id(request.scope), exc, exc_info=exc)
        elif isinstance(exc, StoreError):  # the client is told only that the store is unavailable
            log.warning("request %s: %s", request_id(request.scope), exc)
        return error_response(api.status, api.code, api.message, api.headers, request=request)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None), request=request)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return error_response(
            422, "invalid_request", f"{where}: {first.get('msg', 'invalid request')}", request=request
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("request %s failed", request_id(request.scope), exc_info=exc)
        return error_response(
            500, "internal_error", f"internal error (request {request_id(request.scope)})", request=request
        )
