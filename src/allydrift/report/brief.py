"""The one-page brief: what a minister reads about one alliance, HTML and PDF.

Headline (the report's own score sentence), the index with its band and change points
and the projection ahead, the three dimensions that moved most over the last decade
with the timeline events behind them, the peers sentence, the projection (and a
scenario, when given) per dimension, and the sources in one footnote line. Numbers
come from the same ``Report`` as the full report, so they match it.

The chart is drawn to SVG (no script), so the page prints as it shows. The PDF is
printed by headless Chromium (``chromium`` on the path, or ``$ALLYDRIFT_CHROMIUM``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from allydrift.errors import InputError, MissingExtraError
from allydrift.report import Report, generated_stamp
from allydrift.report.summary import DIMENSION_NAMES, as_of_year, key_findings

WINDOW = 10  # years over which the movers are measured
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)


@dataclass(frozen=True)
class Brief:
    """The numbers and sentences of the brief."""

    title: str
    headline: str
    summary: str
    movers: pd.DataFrame  # dimension, start, end, before, after, change, events
    peers: str
    projection: pd.DataFrame  # latent, baseline, band, scenario, scen band, shift
    horizon: int
    origin: int
    scenario: str
    chart_svg: str
    sources: str
    overtake: str


def _well_covered(scores: pd.DataFrame) -> pd.DataFrame:
    """Scores up to the year the report's findings speak of (``summary.as_of_year``)."""
    valid = scores.dropna(subset=["score"])
    year = as_of_year(valid)
    return valid.iloc[0:0] if year is None else valid[valid["year"] <= year]


def movers(report: Report, n: int = 3) -> pd.DataFrame:
    """The ``n`` dimensions whose score changed most over the last ``WINDOW`` years up to
    the year the findings speak of, each with the timeline events of that dimension then."""
    a = report.analysis
    scores = _well_covered(a.index.scores)
    if scores.empty:
        return pd.DataFrame(columns=["dimension", "before", "after", "change", "events"])
    end = int(scores["year"].max())
    start = end - WINDOW
    dims = a.index.dimensions.pivot_table(index="year", columns="dimension", values="score")
    if start not in dims.index or end not in dims.index:
        return pd.DataFrame(columns=["dimension", "before", "after", "change", "events"])
    ch = (dims.loc[end] - dims.loc[start]).dropna()
    top = ch.reindex(ch.abs().sort_values(ascending=False).index).head(n)
    ev = a.events if a.events is not None else pd.DataFrame(columns=["year", "title"])
    rows = []
    for dim, change in top.items():
        if "dimension" in ev:
            mine = ev[(ev["dimension"] == dim) & ev["year"].between(start + 1, end)]
        else:
            mine = ev.iloc[0:0]
        titles = [f"{int(r.year)}: {r.title}" for r in mine.tail(2).itertuples()]
        rows.append(
            {
                "dimension": DIMENSION_NAMES.get(str(dim), str(dim)),
                "key": str(dim),
                "start": start,
                "end": end,
                "before": float(dims.loc[start, dim]),
                "after": float(dims.loc[end, dim]),
                "change": float(change),
                "events": "; ".join(titles) or "no event on the timeline",
            }
        )
    return pd.DataFrame(rows)


def _chart(report: Report, proj: Any) -> str:
    """The index with band and change points, then the projection (and scenario), as SVG."""
    import altair as alt
    import vl_convert as vlc

    scores = report.analysis.index.scores.dropna(subset=["score"])
    hist = _well_covered(scores)
    cols = ["year", "score", "lower", "upper"]
    hist = hist[cols].assign(path="index")
    ahead = scores[scores["year"] > hist["year"].max()][cols]  # the model's own projection
    frames = [hist]
    if proj is not None:
        joint = pd.concat([hist.tail(1)[cols], ahead], ignore_index=True)
        for name, table in (
            ("baseline projection", proj.projection.baseline),
            ("scenario", proj.projection.scenario),
        ):
            if table is not None:
                over = table[table["latent"] == "overall"][cols]
                frames.append(pd.concat([joint, over], ignore_index=True).assign(path=name))
    data = pd.concat(frames, ignore_index=True)[["year", "score", "lower", "upper", "path"]]
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d"), scale=alt.Scale(nice=False))
    y = alt.Y("score:Q", scale=alt.Scale(domain=[0, 100]), title="index (0–100)")
    dash = alt.StrokeDash(
        "path:N",
        scale=alt.Scale(
            domain=["index", "baseline projection", "scenario"],
            range=[[1, 0], [5, 3], [2, 2]],
        ),
        legend=alt.Legend(orient="bottom-left", title=None, direction="horizontal"),
    )
    band = (
        alt.Chart(data)
        .mark_area(opacity=0.35, color="#9aa5b1")
        .encode(x=x, y="lower:Q", y2="upper:Q", detail="path:N")
    )
    line = (
        alt.Chart(data).mark_line(color="black", strokeWidth=1.8).encode(x=x, y=y, strokeDash=dash)
    )
    layers = [band, line]
    cps = report.analysis.changepoints
    if cps is not None and not cps.empty:
        if "series" in cps:
            cps = cps[cps["series"] == "overall"]
        rule = alt.Chart(cps[["year"]]).mark_rule(color="black", strokeDash=[1, 2])
        text = alt.Chart(cps[["year"]]).mark_text(dy=-2, dx=2, align="left", fontSize=8, y=0)
        layers += [rule.encode(x="year:Q"), text.encode(x="year:Q", text="year:Q")]
    chart = alt.layer(*layers).properties(width=640, height=150)
    spec = chart.configure_view(stroke=None).configure_axis(labelFontSize=9).to_dict()
    return vlc.vegalite_to_svg(spec)


def _projection_table(proj: Any) -> pd.DataFrame:
    p = proj.projection
    last = int(p.baseline["year"].max())
    b = p.baseline[p.baseline["year"] == last].set_index("latent")
    out = pd.DataFrame(
        {
            "latent": [DIMENSION_NAMES.get(str(i), str(i)) for i in b.index],
            "baseline": b["score"].to_numpy(),
            "band": [f"{lo:.0f}–{hi:.0f}" for lo, hi in zip(b["lower"], b["upper"], strict=True)],
        }
    )
    if p.scenario is not None:
        s = p.scenario[p.scenario["year"] == last].set_index("latent").reindex(b.index)
        out["scenario"] = s["score"].to_numpy()
        out["scenario band"] = [
            f"{lo:.0f}–{hi:.0f}" for lo, hi in zip(s["lower"], s["upper"], strict=True)
        ]
        out["shift"] = out["scenario"] - out["baseline"]
    return out


def headline_of(report: Report, proj: Any) -> str:
    """One sentence: the last well-covered score with its band, and where the
    projection (and scenario) put it at the horizon."""
    scores = _well_covered(report.analysis.index.scores)
    if scores.empty:
        return ""
    last = scores.iloc[-1]
    pair = f"{report.labels[0]}–{report.labels[1]}"
    text = (
        f"{pair} cohesion: {last['score']:.0f} out of 100 in {int(last['year'])} "
        f"(90 % band {last['lower']:.0f}–{last['upper']:.0f})"
    )
    p = proj.projection
    horizon = int(p.baseline["year"].max())
    b = p.baseline[(p.baseline["year"] == horizon) & (p.baseline["latent"] == "overall")].iloc[0]
    text += f"; projected {b['score']:.0f} ({b['lower']:.0f}–{b['upper']:.0f}) in {horizon}"
    if p.scenario is not None:
        s = p.scenario[(p.scenario["year"] == horizon) & (p.scenario["latent"] == "overall")]
        text += f", {s['score'].iloc[0]:.0f} under the scenario"
    return text + "."


def build_brief(
    report: Report, to: int | None = None, scenario: str | None = None, rival: str | None = None
) -> Brief:
    """The brief of ``report``, with its projection to ``to`` (and ``scenario``)."""
    from allydrift.scenario.analysis import abandonment, crossroads
    from allydrift.sources import get

    if report.analysis is None:
        msg = f"the brief needs the cohesion index, which cannot score {report.a} and {report.b}"
        raise InputError(msg)
    a, b = report.labels
    proj = crossroads(str(report.a.ccode), str(report.b.ccode), to, scenario)
    headline = headline_of(report, proj)
    over = ""
    if rival:
        o = abandonment(str(report.a.ccode), str(report.b.ccode), rival, to, scenario)
        over = (
            f"Chance that {a}–{rival} closeness overtakes {a}–{b} by {int(o.years[-1])}: "
            f"{o.within:.0%}{' (already above)' if o.already else ''}."
        )
    sources = "; ".join(get(s).title for s in sorted(report.sources_used))
    return Brief(
        title=report.title,
        headline=headline,
        summary=key_findings(report.a, report.b, report.panel, report.analysis, None),
        movers=movers(report),
        peers=report.peers.sentence(report.a, report.b) if report.peers is not None else "",
        projection=_projection_table(proj),
        horizon=int(proj.projection.baseline["year"].max()),
        origin=proj.projection.start.year,
        scenario=proj.scenario.title if proj.scenario else "",
        chart_svg=_chart(report, proj),
        sources=sources,
        overtake=over,
    )


def render_brief(report: Report, brief: Brief) -> str:
    """The brief as one self-contained HTML page (A4, prints to one page)."""
    import jinja2
    from markupsafe import Markup

    import allydrift
    from allydrift.report.assets import asset_path

    env = jinja2.Environment(autoescape=jinja2.select_autoescape(["html"]))
    template = env.from_string(asset_path("brief.html").read_text(encoding="utf-8"))
    first, last = report.span
    return template.render(
        b=brief,
        chart=Markup(brief.chart_svg),
        subtitle=f"{report.a.name} and {report.b.name}, {first}–{last}",
        generated=generated_stamp(),
        version=allydrift.__version__,
        movers=brief.movers.to_dict("records"),
        projection=brief.projection.to_dict("records"),
        has_scenario="scenario" in brief.projection,
    )


def chromium() -> str:
    """The Chromium binary that prints the PDF."""
    found = os.environ.get("ALLYDRIFT_CHROMIUM") or shutil.which("chromium")
    found = found or shutil.which("chromium-browser")
    if not found:
        msg = (
            "printing the brief to PDF needs Chromium; install Debian's `chromium` package "
            "or set ALLYDRIFT_CHROMIUM to its path (the HTML brief was still written)"
        )
        raise MissingExtraError(msg)
    return found


def print_pdf(html_path: Path, pdf_path: Path, timeout: float = 120.0) -> Path:
    """Print ``html_path`` to ``pdf_path`` with headless Chromium (a fresh profile)."""
    exe = chromium()
    with tempfile.TemporaryDirectory(prefix="allydrift-chromium-") as profile:
        cmd = [
            exe,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf_path}",
            html_path.resolve().as_uri(),
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0 or not pdf_path.is_file():
        tail = (done.stderr or "").strip().splitlines()[-1:] or ["no message"]
        msg = f"Chromium could not print {html_path} to PDF: {tail[0]}"
        raise InputError(msg)
    return pdf_path


def write_brief(
    report: Report,
    path: str | Path,
    to: int | None = None,
    scenario: str | None = None,
    rival: str | None = None,
    pdf: bool = True,
) -> tuple[Path, Path | None]:
    """Write the brief as ``path`` (.html) and, with ``pdf``, beside it as .pdf."""
    html_path = Path(path).with_suffix(".html")
    html_path.write_text(render_brief(report, build_brief(report, to, scenario, rival)), "utf-8")
    if not pdf:
        return html_path, None
    return html_path, print_pdf(html_path, html_path.with_suffix(".pdf"))
