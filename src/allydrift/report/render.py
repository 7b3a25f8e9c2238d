"""Render a ``Report`` to self-contained HTML or to a Markdown brief."""

from __future__ import annotations

import re

import jinja2
from markupsafe import Markup

import allydrift
from allydrift.report import Report, catalogue_rows, generated_stamp, specs_json
from allydrift.report.assets import asset_path, javascript_bundle
from allydrift.report.charts import to_spec
from allydrift.sources import get
from allydrift.vocabulary import DIMENSIONS, dimension_title

TITLES = {d: dimension_title(d) for d in DIMENSIONS}


def _sections(report: Report) -> list[dict]:
    sections = []
    for dim, charts in report.charts().items():
        items = [
            {"id": f"chart-{dim}-{i}", "label": label, "spec": to_spec(chart)}
            for i, (label, chart) in enumerate(charts)
        ]
        sections.append({"title": TITLES.get(dim, dim), "charts": items})
    return sections


def _command(report: Report) -> str:
    span = f" --years {report.years[0]}-{report.years[1]}" if report.years else ""
    return f"allydrift report {report.labels[0]} {report.labels[1]}{span} -o report.html"


def _index_sections(report: Report) -> list[dict]:
    labels = {
        "index": ("Alliance Cohesion Index", "cohesion index over time with its uncertainty band"),
        "dimensions": ("Dimensions of cohesion", "one small chart per dimension"),
    }
    return [
        {
            "id": f"chart-{key}",
            "title": labels[key][0],
            "label": labels[key][1],
            "spec": to_spec(chart),
        }
        for key, chart in report.index_charts()
    ]


def render_html(report: Report) -> str:
    """The HTML report: every script and style inlined, no network needed to open it."""
    env = jinja2.Environment(autoescape=jinja2.select_autoescape(["html"]))
    template = env.from_string(asset_path("template.html").read_text(encoding="utf-8"))
    sections = _sections(report)
    index_charts = _index_sections(report)
    first, last = report.span
    table = report.panel.drop(columns=["state_a", "state_b"]).to_html(
        index=False, na_rep="–", float_format=lambda v: f"{v:,.3f}", border=0
    )
    return template.render(
        title=report.title,
        subtitle=f"{report.a} and {report.b}, {first}–{last}",
        generated=generated_stamp(),
        version=allydrift.__version__,
        findings=report.findings,
        summary=report.summary,
        index_charts=index_charts,
        has_index=bool(index_charts),
        events=report.events().to_dict("records"),
        sections=sections,
        catalogue=catalogue_rows(report),
        coverage=report.coverage(),
        table_html=Markup(table),
        sources=[get(s) for s in sorted(report.sources_used)],
        bibtex=report.citations(),
        command=_command(report),
        vega_js=Markup(javascript_bundle().replace("</script", "<\\/script")),
        specs_json=Markup(specs_json([*sections, {"charts": index_charts}])),
    )


def render_markdown(report: Report) -> str:
    """A Markdown brief: findings, the data by year and the BibTeX."""
    first, last = report.span
    table = report.panel.drop(columns=["state_a", "state_b"]).to_markdown(index=False)
    lines = [
        f"# {report.title}",
        "",
        f"{report.a} and {report.b}, {first}–{last}. Generated {generated_stamp()} "
        f"by allydrift {allydrift.__version__}.",
        "",
        "## Key findings",
        "",
        report.summary,
        "",
        *[f"- {line}" for line in report.findings],
        "",
        "## Data by year",
        "",
        table,
        "",
        "## Sources",
        "",
        "```bibtex",
        report.citations().strip(),
        "```",
        "",
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
