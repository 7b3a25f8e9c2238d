"""Reports on one alliance: self-contained HTML (charts, findings, data, citations)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from allydrift.analysis import DyadAnalysis, analyse_dyad
from allydrift.countries import State, resolve
from allydrift.indicators import Indicator, catalogue, registered
from allydrift.report.charts import series_chart
from allydrift.sources import cite, get
from allydrift.vocabulary import LATENT_LABELS

__all__ = ["Report", "build_report", "from_analysis"]

FIRST_INDICATORS = ("un_agreement", "us_troops", "milex_gdp", "pact_defense")


@dataclass
class Report:
    """Everything a report shows, computed once; render with ``to_html`` or ``to_markdown``."""

    a: State
    b: State
    years: tuple[int, int] | None
    panel: pd.DataFrame
    indicators: list[Indicator]
    sources_used: set[str]
    findings: list[str] = field(default_factory=list)
    summary: str = ""
    analysis: Any = None
    peers: Any = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["indicators"] = [i.name for i in self.indicators]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        found = registered()
        state["indicators"] = [found[n] for n in state["indicators"] if n in found]
        self.__dict__.update(state)

    @property
    def labels(self) -> tuple[str, str]:

        return (self.a.iso3 or self.a.abb, self.b.iso3 or self.b.abb)

    @property
    def title(self) -> str:
        return f"The {self.a.name}–{self.b.name} alliance"

    @property
    def span(self) -> tuple[int, int]:
        return int(self.panel.year.min()), int(self.panel.year.max())

    def citations(self) -> str:
        """BibTeX of exactly the sources this report used."""
        return cite(self.sources_used)

    def charts(self) -> dict[str, list[tuple[str, Any]]]:
        """Altair charts by dimension: ``{dimension: [(label, chart), …]}``."""
        out: dict[str, list[tuple[str, Any]]] = {}
        for ind in self.indicators:
            note = ", ".join(get(s).title for s in ind.sources if s in self.sources_used)
            chart = series_chart(self.panel, ind, self.labels, note or ", ".join(ind.sources))
            if chart is not None:
                out.setdefault(ind.dimension, []).append((ind.description, chart))
        return out

    def coverage(self) -> list[dict[str, Any]]:
        """Every series in the panel with its unit, reading and the years it covers."""
        from allydrift.report.coverage import column_coverage

        return column_coverage(self.panel, self.a, self.b)

    def index_charts(self) -> list[tuple[str, Any]]:
        """The index chart (band, change points, events) and the dimension small multiples,
        or nothing when the cohesion index is not installed."""
        from allydrift.report.charts import dimension_chart, index_chart

        if self.analysis is None:
            return []
        c = self.analysis.index
        cps = self.analysis.changepoints
        overall = cps[cps["series"] == "overall"] if "series" in cps else cps
        note = "allydrift cohesion index from " + ", ".join(
            get(s).title for s in sorted(self.sources_used)
        )
        out: list[tuple[str, Any]] = [
            ("index", index_chart(c.scores, overall, self.events(), note))
        ]
        if not c.dimensions.empty:
            out.append(("dimensions", dimension_chart(c.dimensions, LATENT_LABELS)))
        return out

    def events(self) -> pd.DataFrame:
        """The timeline events within the report's span (empty without drift analysis)."""
        if self.analysis is None or self.analysis.events is None:
            return pd.DataFrame(columns=["year", "title"])
        first, last = self.span
        ev = self.analysis.events
        return ev[ev["year"].between(first, last)].reset_index(drop=True)

    def to_html(self, path: str | Path | None = None) -> str:
        """Render the self-contained HTML report (and write it to ``path`` if given)."""
        from allydrift.report.render import render_html

        html = render_html(self)
        if path is not None:
            Path(path).write_text(html, encoding="utf-8")
        return html

    def to_image(self, path: str | Path, scale: float = 2.0) -> Path:
        """The report's charts stacked into one figure: ``.png``, ``.svg`` or ``.pdf``."""
        import altair as alt
        import vl_convert as vlc

        from allydrift.errors import InputError

        path = Path(path)
        charts = [chart for _, chart in self.index_charts()]
        charts += [chart for dim_charts in self.charts().values() for _, chart in dim_charts]
        if not charts:
            msg = f"no data to draw for {self.a} and {self.b}"
            raise InputError(msg)
        figure = alt.vconcat(*charts).resolve_scale(color="independent", strokeDash="independent")
        spec = figure.resolve_legend(color="independent").configure_view(stroke=None).to_dict()

        fmt = path.suffix.lower().lstrip(".")
        if fmt == "png":
            path.write_bytes(vlc.vegalite_to_png(spec, scale=scale))
        elif fmt == "svg":
            path.write_text(vlc.vegalite_to_svg(spec), encoding="utf-8")
        elif fmt == "pdf":
            path.write_bytes(vlc.vegalite_to_pdf(spec))
        else:
            msg = f"figures are written as .png, .svg or .pdf; got '{path.name}'"
            raise InputError(msg)
        return path

    def to_markdown(self, path: str | Path | None = None) -> str:
        """A Markdown brief: findings, the yearly table and the citations."""
        from allydrift.report.render import render_markdown

        text = render_markdown(self)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text


def build_report(
    a: str | int | State,
    b: str | int | State,
    years: tuple[int, int] | None = None,
    indicators: tuple[str, ...] | None = None,
    analysis: bool = True,
) -> Report:
    """The report on the pair (a, b): ``analyse_dyad`` presented.

    With ``analysis`` (the default) the report adds the cohesion index, change points and
    events. Missing data sets are fetched on first use (from ``$ALLYDRIFT_MIRROR`` if set).
    """
    from allydrift.report import memo

    sa = a if isinstance(a, State) else resolve(a)
    sb = b if isinstance(b, State) else resolve(b)
    k = memo.key(sa.ccode, sb.ccode, years, indicators, analysis)
    cached = memo.load(k)
    if isinstance(cached, Report):
        return cached
    report = from_analysis(analyse_dyad(sa, sb, years, indicators=indicators, index=analysis))
    memo.store(k, report)
    return report


def from_analysis(d: DyadAnalysis) -> Report:
    """The ``Report`` view of an analysis of one pair."""
    t = d.table
    return Report(
        d.a,
        d.b,
        d.years,
        t.panel,
        list(t.indicators),
        set(d.sources),
        findings=list(d.findings),
        summary=d.summary,
        analysis=d.drift,
        peers=d.peers,
    )


def generated_stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def catalogue_rows(report: Report) -> list[dict]:
    names = {i.name for i in report.indicators}
    cat = catalogue()
    return cat[cat.indicator.isin(names)].to_dict("records")


def specs_json(sections: list[dict]) -> str:
    specs = {c["id"]: c["spec"] for s in sections for c in s["charts"]}
    return json.dumps(specs).replace("</", "<\\/")
