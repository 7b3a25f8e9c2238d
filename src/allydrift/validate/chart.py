"""The validation figure: hit rate by measure and split, with 90 % intervals."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.errors import InputError


def label(measure: str) -> str:
    """'dim:world_view' → 'world view (dimension)'; the others by name."""
    if measure.startswith("dim:"):
        return f"{measure[4:].replace('_', ' ')} (dimension)"
    return {"index": "overall index", "un_agreement": "UN agreement (baseline)"}.get(
        measure, measure
    )


def hit_rate_chart(hit_rates: pd.DataFrame, title: str = "Episodes in the historians' direction"):
    """A dot-and-interval chart of ``hit_rates`` (as returned by ``run``)."""
    import altair as alt

    if hit_rates.empty:
        msg = "no hit rates to draw; run the episodes test first"
        raise InputError(msg)
    data = hit_rates.assign(
        what=hit_rates["measure"].map(label),
        n=hit_rates["measured"].astype(int),
    )
    order = list(dict.fromkeys(data["what"]))
    y = alt.Y("what:N", sort=order, title=None)
    color = alt.Color("split:N", scale=alt.Scale(domain=["dev", "test", "all"]), title="episodes")
    offset = alt.YOffset("split:N", scale=alt.Scale(domain=["dev", "test", "all"]))
    base = alt.Chart(data).encode(y=y, color=color, yOffset=offset)
    rule = base.mark_rule().encode(
        x=alt.X(
            "lower:Q",
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format="%"),
            title="share of episodes in the historians' direction (90 % interval)",
        ),
        x2="upper:Q",
    )
    tooltip = ["what", "split", "rate", "hits", "n"]
    dots = base.mark_point(filled=True, size=60).encode(x="rate:Q", tooltip=tooltip)
    half = alt.Chart(pd.DataFrame({"x": [0.5]})).mark_rule(strokeDash=[4, 4], color="grey")
    return (
        (rule + dots + half.encode(x="x:Q"))
        .properties(width=420, height=alt.Step(13), title=title)
        .configure_view(stroke=None)
    )


def save_png(chart: object, path: str | Path, scale: float = 2.0) -> Path:
    """Render an Altair chart to PNG with vl-convert."""
    import vl_convert as vlc

    p = Path(path)
    if p.suffix.lower() != ".png":
        msg = f"the chart is written as PNG; got '{p.name}', use a .png name"
        raise InputError(msg)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(vlc.vegalite_to_png(chart.to_dict(), scale=scale))  # type: ignore[attr-defined]
    return p
