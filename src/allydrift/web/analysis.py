"""Index, drift and rank: shown only when ``allydrift.index`` / ``allydrift.drift`` exist.

When those modules are not installed the app hides these features: no endpoints are
registered, the dashboard shows the indicators alone and the compare page offers no
index. One analysis per dyad (``drift.analyse``, which includes the index) is computed
on first use and kept in the service's cache; pages and endpoints slice it by year.
"""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Query, Request, Response

from allydrift.analysis import analyse_drift
from allydrift.countries import State
from allydrift.errors import AllydriftError
from allydrift.vocabulary import LATENT_LABELS
from allydrift.web import features
from allydrift.web.jsonable import records, spec_json
from allydrift.web.params import Span, check_span, resolve_pair, resolve_state

INDEX_NOTE = "allydrift Alliance Cohesion Index, from the sources listed at the end of the page"
Start = Annotated[int | None, Query(ge=1800, le=2100, description="First year (inclusive).")]
End = Annotated[int | None, Query(ge=1800, le=2100, description="Last year (inclusive).")]
Limit = Annotated[int, Query(ge=1, le=1000, description="Rows per page (1–1000).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip.")]


def dyad_analysis(svc: Any, a: State, b: State, years: Span) -> Any:
    """The drift analysis (or, without drift, the index) of ``a``–``b`` over ``years``.

    Computed for the span shown (change points and trends depend on it), so the dashboard
    and ``allydrift report`` agree for the same span; cached per span.
    """
    key = ("analysis", a.ccode, b.ccode, years)
    return svc.dyads.get(key, lambda: _compute(a, b, years))


def _compute(a: State, b: State, years: Span) -> Any:
    return analyse_drift(a, b, years)


def cohesion_of(result: Any) -> Any:
    """The ``Cohesion`` inside a drift analysis (or the cohesion itself)."""
    return getattr(result, "index", result)


def in_span(df: pd.DataFrame | None, years: Span) -> pd.DataFrame:
    """Rows of ``df`` within ``years`` (all if ``None``; empty frame for ``None``)."""
    if df is None:
        return pd.DataFrame()
    if years is None or "year" not in df:
        return df
    return df[df["year"].between(years[0], years[1])]


def index_payload(svc: Any, a: State, b: State, years: Span) -> dict[str, Any]:
    """Scores with band, dimension scores and the method of the dyad's index."""
    c = cohesion_of(dyad_analysis(svc, a, b, years))
    return {
        "dyad": f"{a.iso3 or a.abb}-{b.iso3 or b.abb}",
        "scores": records(in_span(c.scores, years)),
        "dimensions": records(in_span(c.dimensions, years)),
        "method": c.method,
        "links": {"html": f"/dyads/{a.iso3 or a.abb}/{b.iso3 or b.abb}"},
    }


def drift_payload(svc: Any, a: State, b: State, years: Span) -> dict[str, Any]:
    """Change points with attribution, trends, alerts and events of the dyad."""
    d = dyad_analysis(svc, a, b, years)
    return {
        "dyad": f"{a.iso3 or a.abb}-{b.iso3 or b.abb}",
        "changepoints": records(in_span(d.changepoints, years)),
        "attribution": records(in_span(d.attribution, years)),
        "trends": records(d.trends),
        "alerts": records(d.alerts),
        "events": records(in_span(d.events, years)),
        "method": d.method,
    }


def router() -> APIRouter:
    """The analysis endpoints available in this installation."""
    from allydrift.web.responses import page, reply

    api = APIRouter(prefix="/api/v1", tags=["analysis"])
    found = features()
    if found["index"]:

        @api.get("/dyads/{a}/{b}/index", summary="Cohesion index of a dyad, with its band")
        async def get_index(
            request: Request, a: str, b: str, start: Start = None, end: End = None
        ) -> Response:
            sa, sb = resolve_pair(a, b)
            years = await _span_with_data(request, sa, sb, check_span(start, end))
            svc = request.app.state.service
            key = ("index", sa.ccode, sb.ccode, years)
            return await reply(request, key, lambda: index_payload(svc, sa, sb, years))

        @api.get("/rank", summary="Rank a state's partners (or all allied dyads) by index")
        async def get_rank(
            request: Request,
            state: Annotated[str | None, Query(max_length=60, examples=["USA"])] = None,
            allies: bool = False,
            year: Annotated[int | None, Query(ge=1800, le=2100)] = None,
            limit: Limit = 100,
            offset: Offset = 0,
        ) -> Response:
            from allydrift.index import rank

            found_state = resolve_state(state) if state else None

            def build() -> dict[str, Any]:
                table = rank(found_state, allies=allies, year=year)
                return page(request, records(table), limit, offset)

            key = ("rank", found_state.ccode if found_state else None, allies, year, limit, offset)
            return await reply(request, key, build)

    if found["drift"]:

        @api.get("/dyads/{a}/{b}/drift", summary="Change points, trends, alerts and events")
        async def get_drift(
            request: Request, a: str, b: str, start: Start = None, end: End = None
        ) -> Response:
            sa, sb = resolve_pair(a, b)
            years = await _span_with_data(request, sa, sb, check_span(start, end))
            svc = request.app.state.service
            key = ("drift", sa.ccode, sb.ccode, years)
            return await reply(request, key, lambda: drift_payload(svc, sa, sb, years))

    return api


async def _span_with_data(request: Request, a: State, b: State, years: Span) -> Span:
    """``years`` cut to the dyad's years with data, so equivalent spans share one analysis."""
    from allydrift.web.api import data_span, dyad_data

    return data_span(await dyad_data(request, a, b), years, request)


def dyad_extras(
    svc: Any, a: State, b: State, span: tuple[int, int], labels: tuple[str, str]
) -> dict[str, Any]:
    """Index chart, dimension chart, events and the analysis for the dyad page."""
    from allydrift.report.charts import dimension_chart, index_chart, to_spec

    if not features()["index"]:
        return {}
    try:
        result = dyad_analysis(svc, a, b, span)
    except AllydriftError:
        return {}
    c = cohesion_of(result)
    scores = in_span(c.scores, span)
    if scores.empty or scores["score"].notna().sum() == 0:
        return {}
    cps = in_span(getattr(result, "changepoints", None), span)
    if "series" in cps:
        cps = cps[cps["series"] == "overall"]
    events = in_span(getattr(result, "events", None), span).reset_index(drop=True)
    charts = [
        {
            "id": "chart-index",
            "spec": spec_json(to_spec(index_chart(scores, cps, events, INDEX_NOTE))),
        }
    ]
    dims = in_span(c.dimensions, span)
    if not dims.empty:
        chart = dimension_chart(dims, LATENT_LABELS)
        charts.append({"id": "chart-dimensions", "spec": spec_json(to_spec(chart))})
    table = None
    if not events.empty:
        cols = [c for c in ("year", "title", "kind", "dimension", "source") if c in events]
        rows = events[cols].fillna("").astype(str).to_numpy().tolist()
        table = {"columns": ["#", *cols], "rows": [[str(i + 1), *r] for i, r in enumerate(rows)]}
    analysis = result if hasattr(result, "changepoints") else _IndexOnly(c)
    return {
        "charts": charts,
        "index_chart": "chart-index",
        "dimension_chart": "chart-dimensions" if not dims.empty else None,
        "events": table,
        "analysis": analysis,
    }


class _IndexOnly:
    """Adapter so the key findings can read an index without drift analysis."""

    def __init__(self, index: Any) -> None:
        self.index = index
        self.trends = self.changepoints = self.attribution = None


def compare_measures() -> list[tuple[str, str]]:
    """Extra measures for the compare page (the index, when installed)."""
    return [("index", "Alliance Cohesion Index (0–100)")] if features()["index"] else []


def compare_rows(
    svc: Any, pairs: list[tuple[State, State]], column: str, years: Span
) -> pd.DataFrame | None:
    """Long rows of the index for several dyads, or ``None`` for indicator columns."""
    if column != "index" or not features()["index"]:
        return None
    frames = []
    for a, b in pairs:
        scores = in_span(cohesion_of(dyad_analysis(svc, a, b, years)).scores, years)
        frames.append(
            pd.DataFrame(
                {
                    "dyad": f"{a.iso3 or a.abb}-{b.iso3 or b.abb}",
                    "year": scores["year"],
                    "value": scores["score"],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
