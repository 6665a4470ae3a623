"""``/docs``: Swagger UI over ``/openapi.json``, from this server only. The Swagger UI files ship in
the ``fastapi-offline`` package (no CDN); the page has no inline script, and its
Content-Security-Policy allows scripts, styles and requests to this server alone. Without the
package's files ``/docs`` is off (404)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, Response

from kg import __version__
from kg.api.errors import ApiError

router = APIRouter(include_in_schema=False)

ASSETS = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon.png": "image/png",
}
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg {__version__}: API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"><link rel="icon" href="/docs/assets/favicon.png">
</head><body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script>
</body></html>
"""
# validatorUrl null: Swagger UI would otherwise show a badge image from validator.swagger.io
INIT = """window.ui = SwaggerUIBundle({
  url: "/openapi.json", dom_id: "#swagger-ui", layout: "BaseLayout", deepLinking: true, validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
"""


@lru_cache(maxsize=1)
def assets_dir() -> Path | None:
    """The Swagger UI files of the installed ``fastapi-offline`` package (None when absent)."""
    try:
        directory = Path(str(resources.files("fastapi_offline").joinpath("static")))
    except ModuleNotFoundError:
        return None
    return directory if all((directory / name).is_file() for name in ASSETS) else None


@router.get("/docs")
def docs_page() -> HTMLResponse:
    return HTMLResponse(
        PAGE, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY, "Cache-Control": "no-cache", **_HEADERS}
    )


@router.get("/docs/init.js")
def docs_init() -> Response:
    return Response(INIT, media_type=ASSETS["swagger-ui-bundle.js"], headers={"Cache-Control": "no-cache", **_HEADERS})


@router.get("/docs/assets/{name}")
def docs_asset(name: str) -> Response:
    directory = assets_dir()
    if name not in ASSETS or directory is None:
        raise ApiError(404, "not_found", f"there is no asset {name!r}")
    return FileResponse(
        directory / name, media_type=ASSETS[name], headers={"Cache-Control": "public, max-age=86400", **_HEADERS}
    )
