"""The dashboard's HTML pages; each one links its JSON twin under ``/api/v1``.

Pages are rendered on the server (tables work without JavaScript); charts are Vega-Lite
specs drawn by vega-embed, whose JavaScript the app serves itself from the
vl-convert bundle — never from a CDN. Rendered pages are cached like API replies.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from allydrift import __version__
from allydrift.errors import AllydriftError
from allydrift.web.jsonable import records, state_label
from allydrift.web.params import MAX_DYADS, check_span, form_year, parse_dyads, resolve_pair
from allydrift.web.redact import scrub
from allydrift.web.responses import binary, reply, status_for
from allydrift.web.views import compare_view, default_span, dyad_view, measures
from allydrift.web.workers import Lane

router = APIRouter(include_in_schema=False)

SUGGESTIONS = (
    ("United States – Japan", "/dyads/USA/JPN"),
    ("United States – South Korea", "/dyads/USA/KOR"),
    ("United States – United Kingdom", "/dyads/USA/GBR"),
    ("United States – Germany", "/dyads/USA/DEU"),
    ("Japan – China", "/dyads/JPN/CHN"),
    ("Compare US allies in Asia", "/compare?dyads=USA-JPN,USA-KOR,USA-AUS,USA-PHL"),
)
HTML_MAX_AGE = 60
STATIC_MAX_AGE = 3600
YearQuery = Annotated[str | None, Query(max_length=10, description="A year; empty = not given.")]


@cache
def environment() -> jinja2.Environment:
    """The Jinja environment of the package's templates (autoescaped)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("allydrift.web", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def assets() -> dict[str, tuple[bytes, str, int]]:
    """Static files by name: content, media type, max-age. Nothing is read per request."""
    from allydrift.report.assets import javascript_bundle

    folder = resources.files("allydrift.web") / "static"
    out = {
        "style.css": (folder.joinpath("style.css").read_bytes(), "text/css", STATIC_MAX_AGE),
        "dashboard.js": (
            folder.joinpath("dashboard.js").read_bytes(),
            "text/javascript",
            STATIC_MAX_AGE,
        ),
    }
    out[vega_name()] = (javascript_bundle().encode("utf-8"), "text/javascript", 31_536_000)
    return out


@cache
def vega_name() -> str:
    """Versioned file name of the Vega bundle (so it can be cached for a year)."""
    import vl_convert as vlc

    from allydrift.report.assets import vega_lite_version

    vlc_version = vlc.__version__  # type: ignore[attr-defined]  # stub omits __version__
    return f"vega-{vlc_version}-vl{vega_lite_version()}.js"


def render(name: str, **context: Any) -> str:
    """A template rendered with the common context."""
    context.setdefault("charts", [])
    context.setdefault("twin", None)
    return (
        environment()
        .get_template(name)
        .render(version=__version__, vega_url=f"/static/{vega_name()}", **context)
    )


def state_options(request: Request) -> list[dict[str, str]]:
    """Every state for the pickers, by name."""
    table = request.app.state.service.states()
    return [{"code": r["iso3"] or r["abb"], "name": r["name"]} for r in records(table)]


def error_page(
    request: Request, status: int, detail: str, headers: dict[str, str] | None = None
) -> Response:
    """A 4xx/5xx page that says what went wrong (HTML twin of the JSON error)."""
    heading = {404: "Not found", 405: "Not allowed", 422: "Check the request"}.get(
        status, "Bad request" if status < 500 else "Server error"
    )
    html = render("error.html", status=status, heading=heading, detail=detail)
    return HTMLResponse(html, status_code=status, headers=headers)


@router.get("/", response_class=HTMLResponse)
async def home(
    request: Request,
    a: Annotated[str | None, Query(max_length=60)] = None,
    b: Annotated[str | None, Query(max_length=60)] = None,
    start: YearQuery = None,
    end: YearQuery = None,
) -> Response:
    if a or b:
        try:
            sa, sb = resolve_pair(a or "", b or "")
            first, last = form_year(start, "start"), form_year(end, "end")
            check_span(first, last)
        except AllydriftError as exc:
            html = home_html(request, error=scrub(str(exc)), a=a, b=b, start=start, end=end)
            return HTMLResponse(html, status_code=status_for(exc))
        given = {"start": first, "end": last}
        query = "&".join(f"{k}={v}" for k, v in given.items() if v is not None)
        url = f"/dyads/{state_label(sa)}/{state_label(sb)}" + (f"?{query}" if query else "")
        return RedirectResponse(url, status_code=303)
    build = lambda: _html(home_html(request))  # noqa: E731
    return await reply(request, ("page-home",), build, lane="light", max_age=HTML_MAX_AGE)


def home_html(request: Request, error: str | None = None, **picked: Any) -> str:
    """The dashboard's start page with the state picker."""
    return render(
        "home.html",
        twin="/api/v1",
        states=state_options(request),
        selected_a=picked.get("a"),
        selected_b=picked.get("b"),
        start=picked.get("start"),
        end=picked.get("end"),
        suggestions=SUGGESTIONS,
        error=error,
    )


@router.get("/dyads/{a}/{b}", response_class=HTMLResponse)
async def dyad_page(
    request: Request,
    a: Annotated[str, Path(max_length=60)],
    b: Annotated[str, Path(max_length=60)],
    start: YearQuery = None,
    end: YearQuery = None,
) -> Response:
    from allydrift.web.api import dyad_data

    sa, sb = resolve_pair(a, b)
    years = check_span(form_year(start, "start"), form_year(end, "end"))
    span = default_span(await dyad_data(request, sa, sb), years)

    def build() -> Any:
        view = dyad_view(request.app.state.service, sa, sb, span)
        return _html(render("dyad.html", states=state_options(request), **view))

    key = ("page-dyad", sa.ccode, sb.ccode, span)
    return await reply(request, key, build, max_age=HTML_MAX_AGE)


@router.get("/compare", response_class=HTMLResponse)
async def compare_page(
    request: Request,
    dyads: Annotated[str | None, Query(max_length=600)] = None,
    column: Annotated[str, Query(max_length=60)] = "un_agreement",
    start: YearQuery = None,
    end: YearQuery = None,
) -> Response:
    from allydrift.web.api import is_warm

    svc = request.app.state.service
    form = {"dyads": dyads or "", "column": column, "start": start, "end": end}

    def base() -> dict[str, Any]:
        return {"measures": measures(svc), "max_dyads": MAX_DYADS, **form}

    if not dyads:
        form["dyads"] = "USA-JPN,USA-KOR,USA-GBR"
        build = lambda: _html(render("compare.html", **base()))  # noqa: E731
        return await reply(request, ("page-compare",), build, lane="light", max_age=HTML_MAX_AGE)
    try:
        pairs = parse_dyads(dyads)
        years = check_span(form_year(start, "start"), form_year(end, "end"))
        query = {"dyads": ",".join(f"{state_label(a)}-{state_label(b)}" for a, b in pairs)}
        query["column"] = column
        if years is not None:
            query.update(start=str(years[0]), end=str(years[1]))
        twin = f"/api/v1/compare?{urlencode(query)}"

        def build() -> Any:
            view = compare_view(svc, pairs, column, years)
            return _html(render("compare.html", twin=twin, **base(), **view))

        warm = column != "index" and all(is_warm(request, a, b) for a, b in pairs)
        key = ("page-compare", tuple((a.ccode, b.ccode) for a, b in pairs), column, years)
        lane: Lane = "light" if warm else "heavy"
        return await reply(request, key, build, lane=lane, max_age=HTML_MAX_AGE)
    except AllydriftError as exc:
        html = render("compare.html", error=scrub(str(exc)), **base())
        return HTMLResponse(html, status_for(exc))


@router.get("/indicators", response_class=HTMLResponse)
async def indicators_page(request: Request) -> Response:
    def build() -> Any:
        table = request.app.state.service.catalogue()
        cols = ["indicator", "dimension", "direction", "unit", "kind", "coverage", "sources"]
        rows = [[r[c] for c in cols] for r in records(table)]
        intro = "Every indicator allydrift computes, with the dimension of alliance health it "
        intro += "measures, which way is 'closer', its unit, and the years its sources cover."
        html = render(
            "table.html",
            heading="Indicators",
            intro=intro,
            columns=cols,
            rows=rows,
            twin="/api/v1/indicators",
        )
        return _html(html)

    return await reply(request, ("page-indicators",), build, lane="light", max_age=HTML_MAX_AGE)


@router.get("/sources", response_class=HTMLResponse)
async def sources_page(request: Request) -> Response:
    def build() -> Any:
        table = request.app.state.service.sources()
        rows = [
            [
                {"text": r["id"], "url": f"/api/v1/sources/{r['id']}"},
                r["title"],
                r["version"],
                r["coverage"],
                r["licence"],
                {"text": "BibTeX", "url": f"/api/v1/cite?sources={r['id']}"},
            ]
            for r in records(table)
        ]
        html = render(
            "table.html",
            heading="Data sources",
            intro="Every data set allydrift reads: pinned by sha256, cited as its producers ask.",
            columns=["id", "title", "version", "coverage", "licence", "citation"],
            rows=rows,
            twin="/api/v1/sources",
        )
        return _html(html)

    return await reply(request, ("page-sources",), build, lane="light", max_age=HTML_MAX_AGE)


@router.get("/api", response_class=HTMLResponse)
async def api_page(request: Request) -> Response:
    def build() -> Any:
        rows = []
        for path, ops in request.app.openapi()["paths"].items():
            for method, op in ops.items():
                params = ", ".join(p["name"] for p in op.get("parameters", []))
                rows.append([method.upper(), {"text": path, "url": path}, op["summary"], params])
        intro = "The JSON API behind every page. Full schema: /openapi.json (OpenAPI 3)."
        html = render(
            "table.html",
            heading="API reference",
            intro=intro,
            columns=["method", "path", "what", "parameters"],
            rows=rows,
            twin="/openapi.json",
        )
        return _html(html)

    return await reply(request, ("page-api",), build, lane="light", max_age=HTML_MAX_AGE)


@router.get("/static/{name}")
def static(name: Annotated[str, Path(max_length=80)]) -> Response:
    found = assets().get(name)
    if found is None:
        return Response(
            b'{"detail":"no such static file","status":404}',
            status_code=404,
            media_type="application/json",
        )
    content, media_type, max_age = found
    headers = {"Cache-Control": f"public, max-age={max_age}"}
    return Response(content, media_type=media_type, headers=headers)


def _html(text: str) -> Any:
    return binary(text.encode("utf-8"), "text/html; charset=utf-8")
