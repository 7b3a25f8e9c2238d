"""What the dashboard pages show, computed from the service's cached data.

Charts come from ``allydrift.report.charts`` (the same builders as the reports), so the
dashboard and a printed report agree figure for figure.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from allydrift.countries import State
from allydrift.indicators import Indicator, registered
from allydrift.report.coverage import column_coverage
from allydrift.vocabulary import DIMENSIONS, dimension_label, dimension_title
from allydrift.web import analysis
from allydrift.web.jsonable import spec_json
from allydrift.web.params import Span
from allydrift.web.service import DyadData, Service, dyad_id

__all__ = ["compare_view", "dimension_sections", "dyad_view", "measures", "spec_json"]

CHART_WIDTH = 430


def default_span(data: DyadData, years: Span) -> tuple[int, int]:
    """``years`` clamped to the data, or by default since both states' latest spell in the
    system (Japan: 1952) to the latest year with data."""
    lo, hi = int(data.panel["year"].min()), int(data.panel["year"].max())
    if years is None:
        return max(data.a.current_since, data.b.current_since, lo), hi
    return max(years[0], lo), min(years[1], hi)


def shown_indicators(rows: pd.DataFrame) -> list[Indicator]:
    """Indicators with at least one value in ``rows``, in dimension order."""
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    found = []
    for ind in registered().values():
        cols = [f"{ind.name}_1", f"{ind.name}_2"] if ind.kind == "monadic" else [ind.name]
        if any(c in rows and rows[c].notna().any() for c in cols):
            found.append(ind)
    return sorted(found, key=lambda i: (order[i.dimension], i.name))


def dimension_sections(
    rows: pd.DataFrame, inds: list[Indicator], labels: tuple[str, str], used: set[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Charts grouped by dimension, and the list of ``{id, spec}`` to embed."""
    import altair as alt

    from allydrift.report.charts import series_chart, to_spec
    from allydrift.report.coverage import READING
    from allydrift.sources import get

    sections: dict[str, dict[str, Any]] = {}
    charts = []
    for ind in inds:
        note = ", ".join(get(s).title for s in ind.sources if s in used)
        chart = series_chart(rows, ind, labels, note or ", ".join(ind.sources))
        if chart is None:
            continue
        # Description and source go into the HTML caption, where long text wraps.
        chart = chart.properties(
            width=CHART_WIDTH, title=alt.TitleParams(ind.title, anchor="start", fontSize=13)
        )
        chart_id = f"chart-{ind.name}"
        section = sections.setdefault(
            ind.dimension,
            {
                "title": dimension_title(ind.dimension),
                "short": dimension_label(ind.dimension),
                "anchor": f"dim-{ind.dimension}",
                "charts": [],
            },
        )
        section["charts"].append(
            {
                "id": chart_id,
                "label": ind.description,
                "unit": ind.unit,
                "reading": READING.get(ind.direction, ""),
                "source": note or ", ".join(ind.sources),
            }
        )
        charts.append({"id": chart_id, "spec": spec_json(to_spec(chart))})
    return list(sections.values()), charts


def fmt_value(value: Any, unit: str | None) -> str:
    """A table cell: missing as –, 0/1 as integers, large numbers with separators."""
    if value is None or pd.isna(value):
        return "–"
    if unit == "0/1":
        return str(int(value))
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3f}"


def dyad_view(svc: Service, a: State, b: State, years: Span) -> dict[str, Any]:
    """Everything the dyad page shows, for ``years`` (default: since both states exist)."""
    from allydrift.report.findings import series_finding
    from allydrift.sources import get

    data = svc.dyad(a, b)
    span = default_span(data, years)
    rows = data.span(span).reset_index(drop=True)
    labels = (a.iso3 or a.abb, b.iso3 or b.abb)
    inds = shown_indicators(rows)
    used = data.sources_in(rows)
    sections, charts = dimension_sections(rows, inds, labels, set(used))
    columns = [c for c in column_coverage(rows, a, b) if c["n_years"] > 0]
    for col in columns:
        col["sources"] = ", ".join(col["sources"])
    table = [
        [str(int(r["year"]))] + [fmt_value(r[c["column"]], c["unit"]) for c in columns]
        for r in rows.to_dict(orient="records")
    ]
    query = f"?start={span[0]}&end={span[1]}"
    api = f"/api/v1/dyads/{labels[0]}/{labels[1]}"
    extra = analysis.dyad_extras(svc, a, b, span, labels)
    findings = [f for ind in inds if (f := series_finding(rows, ind, labels))]
    return {
        "title": f"{a.name} – {b.name}",
        "subtitle": f"{a} and {b}, {span[0]}–{span[1]} · {len(columns)} series from "
        f"{len(used)} sources",
        "findings": findings,
        "summary": svc.summary(a, b, rows, extra.get("analysis")),
        "sections": sections,
        "charts": extra.pop("charts", []) + charts,
        "columns": columns,
        "rows": table,
        "links": {
            "csv": f"{api}/export{query}&format=csv",
            "parquet": f"{api}/export{query}&format=parquet",
            "bibtex": f"{api}/cite{query}",
        },
        "twin": f"{api}{query}",
        "sources": [get(s) for s in used],
        "command": f"allydrift report {labels[0]} {labels[1]} --years {span[0]}-{span[1]} "
        f"-o {labels[0].lower()}-{labels[1].lower()}.html",
        "selected_a": labels[0],
        "selected_b": labels[1],
        "start": span[0],
        "end": span[1],
        "index_chart": extra.get("index_chart"),
        "dimension_chart": extra.get("dimension_chart"),
        "events": extra.get("events"),
    }


def measures(svc: Service) -> list[tuple[str, str]]:
    """The measures the compare page offers: dyadic indicators (and the index if present)."""
    table = svc.catalogue()
    dyadic = table[table["kind"] != "monadic"]
    out = [(r.indicator, f"{r.indicator} — {r.unit}") for r in dyadic.itertuples()]
    return analysis.compare_measures() + out


def compare_view(
    svc: Service, pairs: list[tuple[State, State]], column: str, years: Span
) -> dict[str, Any]:
    """A chart of one measure for several dyads and a table of their latest values."""
    from allydrift.report.charts import compare_chart, to_spec

    long = analysis.compare_rows(svc, pairs, column, years)
    if long is None:
        long = svc.compare(pairs, column, years)
    ind = registered().get(column)
    unit = ind.unit if ind else "index (0–100)"
    title = ind.title if ind else "Alliance Cohesion Index"
    chart = compare_chart(long, title, unit, ", ".join(ind.sources) if ind else "allydrift")
    summary = []
    for a, b in pairs:
        part = long[long["dyad"] == dyad_id(a, b)].dropna(subset=["value"])
        last = part.iloc[-1] if len(part) else None
        summary.append(
            {
                "dyad": dyad_id(a, b),
                "url": f"/dyads/{a.iso3 or a.abb}/{b.iso3 or b.abb}",
                "year": int(last["year"]) if last is not None else "–",
                "value": fmt_value(last["value"], unit) if last is not None else "–",
                "mean": fmt_value(part["value"].mean(), unit) if len(part) else "–",
                "n": len(part),
            }
        )
    return {
        "chart_id": "chart-compare",
        "charts": [{"id": "chart-compare", "spec": spec_json(to_spec(chart))}],
        "summary": summary,
    }
