"""Assemble the FastAPI app: routers, the guard middleware, worker lanes and clear errors."""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from allydrift import __version__
from allydrift.errors import AllydriftError
from allydrift.web.guard import Guard, allowed_hosts
from allydrift.web.redact import scrub
from allydrift.web.responses import status_for
from allydrift.web.service import Service
from allydrift.web.workers import Limits, Saturated, Workers

log = logging.getLogger("allydrift.web")
SWITCH_INTERVAL_S = 0.0005  # Python's default is 0.005

DESCRIPTION = """\
Read-only access to allydrift's measures of alliance cohesion: states, dyads, indicators
(with coverage), comparisons of several dyads, data sources and their citations — and,
when installed, the cohesion index, drift (change points, alerts, events) and rankings.

Every list is paginated with `limit` and `offset`; every reply has an `ETag` and
`Cache-Control`. Errors are JSON objects with a `detail` message that says what was
expected and what was found. Every HTML page of the dashboard has a JSON twin here.
"""


def wants_html(request: Request) -> bool:
    """True for dashboard pages, False for the API and the schema."""
    path = request.url.path
    return not (
        path.startswith("/api") or path.startswith("/openapi") or path.startswith("/static")
    )


def build(
    service: Service | None = None,
    maxsize: int = 256,
    *,
    limits: Limits | None = None,
    hosts: Iterable[str] = (),
) -> FastAPI:
    """The app, with a fresh ``Service`` (or the one given) holding its caches.

    ``limits`` bound the worker lanes (default: ``Limits.from_env()``); ``hosts`` are
    allowed in the Host header besides the loopback names and ``$ALLYDRIFT_ALLOW_HOSTS``.
    """
    from allydrift.web import analysis, api, pages

    workers = Workers(limits or Limits.from_env())
    if sys.getswitchinterval() == 0.005:
        # Cold computations are threads holding the GIL between C calls; a shorter switch
        # interval lets the event loop (cached replies) take it back ten times sooner.
        sys.setswitchinterval(SWITCH_INTERVAL_S)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        workers.shutdown()

    app = FastAPI(
        lifespan=lifespan,
        title="allydrift",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.service = service or Service(maxsize)
    app.state.workers = workers
    app.include_router(api.router)
    app.include_router(analysis.router())
    app.include_router(pages.router)
    _add_error_handlers(app)
    app.add_middleware(Guard, hosts=allowed_hosts(hosts))
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AllydriftError)
    async def domain_error(request: Request, exc: AllydriftError) -> Response:
        return _error(request, status_for(exc), str(exc))

    @app.exception_handler(Saturated)
    async def saturated(request: Request, exc: Saturated) -> Response:
        return _error(request, 503, str(exc), {"Retry-After": str(exc.retry_after)})

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, _explain(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"nothing at {request.url.path}; the API starts at /api/v1"
        return _error(request, exc.status_code, detail, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _error(request, 500, "internal error; the server log has the details")


def _explain(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path"))
        given = err.get("input")
        shown = f" (got {given!r})" if given is not None and len(repr(given)) < 80 else ""
        parts.append(f"{where}: {err.get('msg', 'invalid')}{shown}")
    return "invalid request — " + "; ".join(parts)


def _error(
    request: Request, status: int, detail: str, headers: dict[str, str] | None = None
) -> Response:
    detail = scrub(detail)
    if wants_html(request):
        from allydrift.web.pages import error_page

        return error_page(request, status, detail, headers)
    return JSONResponse({"detail": detail, "status": status}, status_code=status, headers=headers)
