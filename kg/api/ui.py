"""``/ui``: the dashboard, a single page built from ``ui/`` (``cd ui && npm ci && npm run build``) into
``kg/ui_static``, which ships in the wheel: serving it needs no Node and nothing from the network.

The page gets a strict Content-Security-Policy: scripts from this server only (no inline script, no
eval), requests (``connect-src``) to this server only, images from this server plus the map-tile host
when ``KG_TILE_URL`` is set.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import (
    FileResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.staticfiles import StaticFiles

from kg.config import Settings

router = APIRouter(include_in_schema=False)

BUILD_HINT = "the dashboard is not built: run `npm ci && npm run build` in ui/"
_HOST = re.compile(r"(?:\{[a-z]\}\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::[0-9]{1,5})?")
_UNSAFE = re.compile(r"""[\s"'<>\\^`|;,]""")


def static_dir() -> Path:
    """The built dashboard inside the installed package."""
    return Path(str(resources.files("kg").joinpath("ui_static")))


def tile_source(tile_url: str) -> str | None:
    """The CSP source (``https://*.tile.example.org``) for a tile URL template, or None when it is not a
    plain http(s) URL whose host is a name (a ``{s}`` subdomain placeholder is allowed first)."""
    if not tile_url or _UNSAFE.search(tile_url):
        return None
    parts = urlsplit(tile_url)
    if parts.scheme not in ("http", "https") or not _HOST.fullmatch(parts.netloc):
        return None
    host = re.sub(r"^\{[a-z]\}\.", "*.", parts.netloc)
    return f"{parts.scheme}://{host}"


def ui_config(settings: Settings) -> dict[str, str | None]:
    """What the page needs to know about the server: the tile URL (None: offline map) and, if the
    configured one was refused, why."""
    source = tile_source(settings.tile_url)
    refused = bool(settings.tile_url) and source is None
    return {
        "tile_url": settings.tile_url if source else None,
        "tile_host": source,
        "tile_url_error": "KG_TILE_URL is not an http(s) URL template with a plain host name: no tiles"
        if refused
        else None,
    }


@lru_cache(maxsize=8)
def content_security_policy(tile_url: str) -> str:
    images = " ".join(filter(None, ("'self'", "data:", tile_source(tile_url))))
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            # Inline styles: YASGUI's table (column-resizer) adds <style> elements and jQuery/DataTables set
            # style attributes through markup. Styles cannot run code, and with img-src, font-src and
            # connect-src locked to this server they cannot send anything elsewhere either.
            "style-src 'self' 'unsafe-inline'",
            f"img-src {images}",
            "font-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


class _Assets(StaticFiles):
    """The hashed bundle files: immutable, never sniffed."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


@lru_cache(maxsize=1)
def _assets() -> _Assets:
    return _Assets(directory=static_dir() / "assets", check_dir=False)


@router.get("/ui")
def ui_redirect() -> RedirectResponse:
    # Relative, so the page and its relative asset and API paths also work behind a path prefix.
    return RedirectResponse("ui/", status_code=307)


@router.get("/ui/")
def ui_page(request: Request) -> Response:
    index = static_dir() / "index.html"
    if not index.is_file():
        return PlainTextResponse(BUILD_HINT, status_code=503)
    settings: Settings = request.app.state.settings
    return FileResponse(
        index,
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": content_security_policy(settings.tile_url),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-cache",
        },
    )


@router.get("/ui/assets/{path:path}")
async def ui_asset(path: str, request: Request) -> Response:
    return await _assets().get_response(path, request.scope)


@router.get("/ui/THIRD_PARTY_LICENSES.txt")
def ui_licenses() -> Response:
    """The licences of every library bundled into the dashboard."""
    return _plain_file("THIRD_PARTY_LICENSES.txt", "text/plain; charset=utf-8")


@router.get("/ui/build-info.json")
def ui_build_info() -> Response:
    """Which sources the bundle was built from (a hash of ui/'s inputs)."""
    return _plain_file("build-info.json", "application/json")


def _plain_file(name: str, media_type: str) -> Response:
    path = static_dir() / name
    if not path.is_file():
        return PlainTextResponse(BUILD_HINT, status_code=503)
    return FileResponse(
        path, media_type=media_type, headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}
    )
