"""The web application: the HTTP API, the exploring page and the self-hosted API docs.

Everything the page loads is served from the package: the browser libraries and the basemap
are copied into `static/vendor/` at build time (`make vendor`). Without them the API and the
page still work; the page says the map is unavailable.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from procopius import __version__
from procopius.web.api import router
from procopius.web.queries import WebStore

STATIC = Path(str(resources.files("procopius.web") / "static"))
VENDOR = STATIC / "vendor"
VENDOR_FILES = (
    "leaflet/leaflet.js",
    "leaflet/leaflet.css",
    "markercluster/leaflet.markercluster.js",
    "topojson/topojson-client.min.js",
    "world-atlas/countries-50m.json",
)
SWAGGER_FILES = ("swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css")

# The page loads nothing but its own files; styles may be set inline by the map library.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)

DESCRIPTION = """\
Read-only access to a procopius store: events (ACLED types) with their actors, places,
fatalities, claims and evidence; actor profiles; documents with the spans that support each
record. Events are filtered with the same parameters everywhere (`/api/events`,
`/api/timeline`, `/api/facets`, `/api/map`, `/api/export`) and paged with a cursor: pass a
page's `next` as `after`. Bad parameters get 422 and unknown ids 404, with a `message`.
"""


def vendor_ready(files: tuple[str, ...] = VENDOR_FILES) -> bool:
    """Whether the vendored browser files are installed."""
    return all((VENDOR / name).is_file() for name in files)


def _message(detail: Any) -> str:
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list):
        parts = []
        for err in detail:
            loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
            parts.append(f"{'.'.join(loc) or 'request'}: {err.get('msg', 'invalid')}")
        return "; ".join(parts) or "invalid request"
    return str(detail)


def create_app(db_path: str | Path, read_only: bool = True) -> FastAPI:
    """The FastAPI application over the store at `db_path`. With `read_only` (the default)
    the store must exist and nothing is ever written to it."""
    db = WebStore(db_path, read_only=read_only)
    app = FastAPI(
        title="procopius",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
    )
    app.state.db = db
    app.state.vendor = vendor_ready()
    app.router.add_event_handler("shutdown", db.close)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        message = _message(exc.detail)
        return JSONResponse({"message": message, "detail": exc.detail}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = jsonable_encoder(exc.errors())
        return JSONResponse({"message": _message(errors), "detail": errors}, status_code=422)

    @app.middleware("http")
    async def headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if not request.url.path.startswith("/docs"):
            response.headers.setdefault("Content-Security-Policy", PAGE_POLICY)
        return response

    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if not vendor_ready(SWAGGER_FILES):
            return HTMLResponse(
                "<!doctype html><title>procopius API</title><h1>procopius API</h1>"
                "<p>The API documentation viewer is not installed (run <code>make vendor</code>"
                "). The schema is at <a href='/openapi.json'>/openapi.json</a>.</p>"
            )
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="procopius API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None},
        )

    return app


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the application with uvicorn until interrupted."""
    import uvicorn

    app = create_app(db_path, read_only=True)
    uvicorn.run(app, host=host, port=port, log_level="info")
