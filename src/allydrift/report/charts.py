"""Chart builders (Altair / Vega-Lite): readable in black and white, labelled, sourced."""

from __future__ import annotations

import altair as alt
import pandas as pd

from allydrift.indicators import Indicator

WIDTH = 560
HEIGHT = 170
INK = "#1f2d3d"
ACCENT = "#b3282d"


def _base(title: str, subtitle: list[str]) -> dict:
    return {
        "title": alt.TitleParams(
            title, subtitle=subtitle, anchor="start", fontSize=14, subtitleColor="#555"
        ),
        "width": WIDTH,
        "height": HEIGHT,
    }


def series_chart(
    panel: pd.DataFrame, ind: Indicator, labels: tuple[str, str], source_note: str
) -> alt.Chart | None:
    """One indicator over time for a dyad; monadic indicators show both states.

    Lines differ by dash pattern as well as colour so the chart reads in black and white.
    """
    if ind.kind == "monadic":
        cols = {f"{ind.name}_1": labels[0], f"{ind.name}_2": labels[1]}
    else:
        cols = {ind.name: f"{labels[0]}–{labels[1]}"}
    present = {c: lab for c, lab in cols.items() if c in panel and panel[c].notna().any()}
    if not present:
        return None
    long = panel.melt(id_vars="year", value_vars=list(present), var_name="series")
    long["series"] = long["series"].map(present)
    long = long.dropna(subset=["value"])
    subtitle = [ind.description, f"Source: {source_note}"]
    enc_color = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(range=[INK, ACCENT]),
        legend=alt.Legend(orient="top-left") if len(present) > 1 else None,
    )
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"))
    y = alt.Y("value:Q", title=ind.unit)
    if ind.unit == "0/1":
        mark = alt.Chart(long).mark_area(
            line={"color": INK}, color="#c9d3de", opacity=0.6, interpolate="step-after"
        )
        y = alt.Y(
            "value:Q",
            title="in force",
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(values=[0, 1]),
        )
        enc_color = alt.value("#9fb0c2")
    else:
        mark = alt.Chart(long).mark_line(point=alt.OverlayMarkDef(size=12), strokeWidth=2)
    chart = mark.encode(
        x=x,
        y=y,
        color=enc_color,
        strokeDash=alt.StrokeDash("series:N", legend=None)
        if len(present) > 1
        else alt.value([1, 0]),
        tooltip=[
            alt.Tooltip("year:Q", format="d"),
            "series:N",
            alt.Tooltip("value:Q", format=",.3~f"),
        ],
    )
    props = _base(ind.title, subtitle)
    if ind.unit == "0/1":
        props["height"] = 50
    return chart.properties(**props)


def to_spec(chart: alt.Chart) -> dict:
    """The Vega-Lite spec of a chart, with a print-friendly configuration."""
    configured = chart.configure_view(stroke=None).configure_axis(
        labelColor=INK, titleColor=INK, gridColor="#e6e6e6"
    )
    return configured.to_dict()
