"""Chart builders (Altair / Vega-Lite): readable in black and white, labelled, sourced."""

from __future__ import annotations

import altair as alt
import pandas as pd

from allydrift.indicators import Indicator

WIDTH = 560
HEIGHT = 170
INK = "#1f2d3d"
ACCENT = "#b3282d"
PLOT_HEIGHT = 230


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
    enc_color: alt.Color | alt.ColorValue = alt.Color(
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
        enc_color = alt.ColorValue("#9fb0c2")  # a channel class: no schema lookup
    else:
        mark = alt.Chart(long).mark_line(point=alt.OverlayMarkDef(size=12), strokeWidth=2)
    chart = mark.encode(
        x=x,
        y=y,
        color=enc_color,
        strokeDash=alt.StrokeDash("series:N", legend=None)
        if len(present) > 1
        else alt.StrokeDashValue([1, 0]),
        tooltip=[
            alt.Tooltip("year:Q", format="d"),
            alt.Tooltip("series:N"),
            alt.Tooltip("value:Q", format=",.3~f"),
        ],
    )
    props = _base(ind.title, subtitle)
    if ind.unit == "0/1":
        props["height"] = 50
    return chart.properties(**props)


def to_spec(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite spec of a chart, with a print-friendly configuration."""
    configured = chart.configure_view(stroke=None).configure_axis(
        labelColor=INK, titleColor=INK, gridColor="#e6e6e6"
    )
    return configured.to_dict(validate=False)  # built by this module: skip the schema check


def compare_chart(long: pd.DataFrame, title: str, unit: str, source_note: str) -> alt.Chart:
    """One measure for several dyads (``dyad``, ``year``, ``value``).

    Dyads differ by dash pattern and point shape as well as colour (black-and-white safe).
    """
    palette = [INK, ACCENT, "#4c78a8", "#7f7f7f", "#2f6b3b", "#8c564b", "#b279a2", "#d08c00"]
    chart = (
        alt.Chart(long.dropna(subset=["value"]))
        .mark_line(point=alt.OverlayMarkDef(size=16, filled=True), strokeWidth=2)
        .encode(
            x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d")),
            y=alt.Y("value:Q", title=unit),
            color=alt.Color(
                "dyad:N",
                title=None,
                scale=alt.Scale(range=palette),
                legend=alt.Legend(orient="top"),
            ),
            strokeDash=alt.StrokeDash("dyad:N", legend=None),
            shape=alt.Shape("dyad:N", legend=None),
            tooltip=[
                "dyad:N",
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("value:Q", format=",.3~f"),
            ],
        )
    )
    props = _base(title, [f"Source: {source_note}"])
    props.update(width=900, height=320)
    return chart.properties(**props)


def index_chart(
    scores: pd.DataFrame,
    changepoints: pd.DataFrame | None,
    events: pd.DataFrame | None,
    source_note: str,
) -> alt.LayerChart:
    """The cohesion index over time: score line, uncertainty band, change points, events.

    Black and white safe: the band is a light grey area, the score a solid black line,
    change points dashed vertical rules labelled with their year, events small numbered
    ticks along the bottom (the numbers refer to the event table).
    """
    data = scores.dropna(subset=["score"])
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(nice=False))
    y_scale = alt.Scale(domain=[0, 100])
    layers = []
    if {"lower", "upper"} <= set(data.columns) and data["lower"].notna().any():
        layers.append(
            alt.Chart(data)
            .mark_area(color="#c9d3de", opacity=0.7)
            .encode(x=x, y=alt.Y("lower:Q", scale=y_scale, title="index (0–100)"), y2="upper:Q")
        )
    layers.append(
        alt.Chart(data)
        .mark_line(color=INK, strokeWidth=2.2, point=alt.OverlayMarkDef(size=14, color=INK))
        .encode(
            x=x,
            y=alt.Y("score:Q", scale=y_scale, title="index (0–100)"),
            tooltip=[alt.Tooltip("year:Q", format="d"), *_band_tooltips(data)],
        )
    )
    if changepoints is not None and not changepoints.empty:
        cps = changepoints[["year"]].assign(label=lambda d: "change " + d["year"].astype(str))
        rule = alt.Chart(cps).mark_rule(color=ACCENT, strokeDash=[6, 4], strokeWidth=1.5)
        text = alt.Chart(cps).mark_text(
            align="left", dx=3, dy=-4, color=ACCENT, fontSize=10, y=0, baseline="top"
        )
        layers += [
            rule.encode(x="year:Q", tooltip=["label:N"]),
            text.encode(x="year:Q", text="label:N"),
        ]
    if events is not None and not events.empty:
        ev = events.reset_index(drop=True)[["year", "title"]].copy()
        ev["n"] = (ev.index + 1).astype(str)
        tick = alt.Chart(ev).mark_tick(color=INK, thickness=1.5, size=10, y=PLOT_HEIGHT - 6)
        label = alt.Chart(ev).mark_text(fontSize=9, color=INK, y=PLOT_HEIGHT - 18)
        layers += [
            tick.encode(x="year:Q", tooltip=[alt.Tooltip("year:Q", format="d"), "title:N"]),
            label.encode(x="year:Q", text="n:N"),
        ]
    subtitle = [
        "Alliance Cohesion Index (0–100; higher = closer), grey band = 90 % uncertainty band",
        "Dashed red lines: detected change points; numbered ticks: events (see the table)",
        f"Source: {source_note}",
    ]
    props = _base("Alliance Cohesion Index", subtitle)
    props.update(width=760, height=PLOT_HEIGHT)
    chart = alt.layer(*layers)
    if not isinstance(chart, alt.LayerChart):  # no layer has a facet encoding to hoist
        msg = "the index chart layers unexpectedly became a facet chart"
        raise TypeError(msg)
    return chart.properties(**props)


def _band_tooltips(data: pd.DataFrame) -> list:
    tips = [alt.Tooltip("score:Q", format=".1f")]
    if {"lower", "upper"} <= set(data.columns):
        tips += [alt.Tooltip("lower:Q", format=".1f"), alt.Tooltip("upper:Q", format=".1f")]
    return tips


def dimension_chart(dimensions: pd.DataFrame, titles: dict[str, str]) -> alt.FacetChart:
    """One small multiple per dimension (score and band), on a shared 0–100 scale."""
    data = dimensions.dropna(subset=["score"]).copy()
    data["panel"] = data["dimension"].map(lambda d: titles.get(d, d))
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickCount=5))
    y = alt.Y("score:Q", title="score (0–100)", scale=alt.Scale(domain=[0, 100]))
    base = alt.Chart()
    layers = []
    if {"lower", "upper"} <= set(data.columns) and data["lower"].notna().any():
        layers.append(
            base.mark_area(color="#c9d3de", opacity=0.7).encode(x=x, y="lower:Q", y2="upper:Q")
        )
    layers.append(
        base.mark_line(color=INK, strokeWidth=1.8).encode(
            x=x,
            y=y,
            tooltip=[
                "panel:N",
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("score:Q", format=".1f"),
            ],
        )
    )
    return (
        alt.layer(*layers, data=data)
        .properties(width=230, height=110)
        .facet(facet=alt.Facet("panel:N", title=None), columns=3)
        .properties(
            title=alt.TitleParams(
                "Dimensions of cohesion",
                subtitle=["Each dimension's score (0–100; higher = closer) with its 90 % band"],
                anchor="start",
                fontSize=14,
                subtitleColor="#555",
            )
        )
    )
