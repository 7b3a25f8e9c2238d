"""Write document analyses as JSON or as one self-contained HTML page (charts inline, no CDN)."""

from __future__ import annotations

import html
import json
import re
import textwrap

import pandas as pd

from allydrift import __version__
from allydrift.text.analyze import Analysis, Paragraph
from allydrift.text.dictionary import load_dictionary
from allydrift.vocabulary import DIMENSIONS

STANCE_COLOURS = {
    "drift": "#c0392b",
    "cohesion": "#2471a3",
    "mixed": "#9b59b6",
    "neutral": "#95a5a6",
    "none": "#e5e7e9",
}


def to_json(analyses: list[Analysis]) -> str:
    """The analyses as a JSON document (the HTML page's twin)."""
    payload = {
        "allydrift": __version__,
        "dimensions": list(DIMENSIONS),
        "documents": [a.to_dict() for a in analyses],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _labels() -> dict[str, str]:
    return {k: d.label for k, d in load_dictionary().dimensions.items()}


def chart(analysis: Analysis):  # -> altair.ConcatChart
    """Paragraph × dimension heat map of scores, beside each paragraph's stance."""
    import altair as alt

    labels = _labels()
    rows = [
        {"paragraph": p.index, "dimension": labels[d], "score": p.scores[d], "stance": p.stance}
        for p in analysis.paragraphs
        for d in DIMENSIONS
    ]
    data = pd.DataFrame(rows)
    order = [labels[d] for d in DIMENSIONS]
    y = alt.Y("paragraph:O", title="paragraph")
    heat = (
        alt.Chart(data)
        .mark_rect()
        .encode(
            x=alt.X("dimension:N", sort=order, title=None, axis=alt.Axis(labelAngle=-35)),
            y=y,
            color=alt.Color("score:Q", scale=alt.Scale(domain=[0, 1], scheme="oranges")),
            tooltip=["paragraph", "dimension", alt.Tooltip("score:Q", format=".2f")],
        )
        .properties(width=44 * len(DIMENSIONS), height=alt.Step(20))
    )
    stance = (
        alt.Chart(data.drop_duplicates("paragraph"))
        .mark_rect()
        .encode(
            y=alt.Y("paragraph:O", axis=None),
            color=alt.Color(
                "stance:N",
                scale=alt.Scale(domain=list(STANCE_COLOURS), range=list(STANCE_COLOURS.values())),
            ),
            tooltip=["paragraph", "stance"],
        )
        .properties(width=18, height=alt.Step(20), title="stance")
    )
    title = f"{analysis.title}: dimensions argued per paragraph"
    return alt.hconcat(heat, stance).resolve_scale(color="independent").properties(title=title[:90])


def chart_svg(analysis: Analysis) -> str:
    """The chart rendered offline to SVG (vl-convert)."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(chart(analysis).to_dict())


def _table(df: pd.DataFrame) -> str:
    return df.to_html(index=False, border=0, classes="t", float_format=lambda v: f"{v:.2f}")


def _marked(text: str, phrases: list[str]) -> str:
    out = html.escape(text)
    for phrase in sorted(set(phrases), key=len, reverse=True):
        if phrase:
            out = re.sub(re.escape(html.escape(phrase)), lambda m: f"<mark>{m.group()}</mark>", out)
    return out


def _chip(p: Paragraph, d: str, labels: dict[str, str]) -> str:
    prob = f" {p.probabilities[d]:.2f}" if p.probabilities else ""
    return f'<span class="chip">{labels[d]}{prob}</span>'


def _paragraph_html(p: Paragraph, labels: dict[str, str]) -> str:
    dims = " ".join(_chip(p, d, labels) for d in p.dimensions) or "–"
    evidence = "".join(f"<li>{_marked(e.sentence, e.terms + e.cues)}</li>" for e in p.evidence)
    actors = ", ".join(f"{a['label']} ({a['mentions']})" for a in p.actors) or "–"
    years = ", ".join(map(str, [*p.years, *p.decades])) or "–"
    colour = STANCE_COLOURS[p.stance]
    return (
        f"<tr><td>{p.index}</td><td>{dims}</td>"
        f'<td><span class="stance" style="background:{colour}">{p.stance}</span></td>'
        f"<td>{html.escape(actors)}</td><td>{years}</td><td><ul>{evidence}</ul></td></tr>"
    )


def _document_html(a: Analysis) -> str:
    labels = _labels()
    summary = a.summary_table().assign(dimension=lambda d: d["dimension"].map(labels))
    rows = "".join(_paragraph_html(p, labels) for p in a.paragraphs)
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in a.notes)
    stance = a.stance
    return f"""
<section>
<h2>{html.escape(a.title)}</h2>
<p class="meta">{html.escape(a.name)} · {a.format} · {len(a.paragraphs)} paragraphs ·
{a.n_words:,} words · method: {a.method} · dictionary {a.dictionary}
{" · model " + html.escape(a.model) if a.model else ""}</p>
<p>Overall: <b>{stance["label"]}</b> ({stance["drift"]} paragraphs argue drift,
{stance["cohesion"]} cohesion, {stance["mixed"]} mixed).</p>
{"<ul class='notes'>" + notes + "</ul>" if notes else ""}
<h3>Summary by dimension</h3>
{_table(summary)}
<figure>{chart_svg(a)}</figure>
<h3>Paragraphs</h3>
<table class="t p"><thead><tr><th>¶</th><th>dimensions argued</th><th>stance</th>
<th>actors</th><th>years</th><th>key sentences (evidence)</th></tr></thead>
<tbody>{rows}</tbody></table>
{_structure_html(a)}
</section>"""


_CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#222;line-height:1.4}
table.t{border-collapse:collapse;margin:.5em 0 1.5em}
table.t td,table.t th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;
vertical-align:top}
.chip{display:inline-block;background:#fdebd0;border-radius:3px;padding:0 5px;margin:1px}
.stance{color:#fff;border-radius:3px;padding:0 6px}
.meta{color:#666;font-size:90%} mark{background:#fff3a0} ul{margin:0;padding-left:1.1em}
figure{margin:1em 0;overflow-x:auto}
"""


def to_html(analyses: list[Analysis]) -> str:
    """One self-contained HTML page: summary, chart (inline SVG) and paragraph table."""
    body = "".join(_document_html(a) for a in analyses)
    data = html.escape(to_json(analyses), quote=False)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>allydrift text analysis</title><style>{_CSS}</style></head>
<body><h1>Alliance dimensions argued in {len(analyses)} document(s)</h1>
<p class="meta">allydrift {__version__}. Scores run from 0 to 1 per paragraph and dimension;
a paragraph argues a dimension when its score reaches the dictionary's threshold. Stance
reads drift and cohesion cues, with negation. The JSON twin is embedded below.</p>
{body}
<script type="application/json" id="allydrift-data">{data}</script>
</body></html>
"""


def _structure_html(a: Analysis) -> str:
    if not a.structure:
        return ""
    items = "".join(
        f"<li><b>{s['kind']}</b>: {html.escape(s['text'][:200])}</li>" for s in a.structure
    )
    return f"<h3>Not scored (headings, references, footnotes, captions)</h3><ul>{items}</ul>"


def _wrap(text: str, width: int, indent: str = "") -> str:
    return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent)


def to_terminal(a: Analysis, width: int = 80) -> str:
    """Plain text for a terminal of ``width`` columns: the dimensions ordered by how
    distinctive they are (lift over UN speech paragraphs), then one block per paragraph
    (dimensions with probabilities, stance, key sentence, the phrases that drove it)."""
    labels = _labels()
    stance = a.stance
    out = [
        _wrap(f"{a.title} ({a.name}) — {len(a.paragraphs)} paragraphs, method: {a.method}", width),
        _wrap(
            f"Overall: {stance['label']} ({stance['drift']} drift, {stance['cohesion']} "
            "cohesion paragraphs)",
            width,
        ),
        "",
        "Distinctive dimensions (lift = level here / level in UN speech paragraphs):",
    ]
    for row in sorted(a.summary, key=lambda r: r["rank"]):
        line = (
            f"  {row['rank']}. {labels[row['dimension']]:<15} lift {row['lift']:>5.2f}  "
            f"{row['paragraphs']:>3} ¶  drift {row['drift']}  cohesion {row['cohesion']}"
        )
        out.append(line[:width])
    for p in a.paragraphs:
        dims = ", ".join(
            labels[d] + (f" {p.probabilities[d]:.2f}" if p.probabilities else "")
            for d in p.dimensions
        )
        head = f"¶{p.index} · {dims or 'no dimension'} · {p.stance}"
        if p.stance_probabilities:
            head += f" {p.stance_probabilities.get(p.stance, 0.0):.2f}"
        out += ["", _wrap(head, width)]
        for e in p.evidence[:1]:
            out.append(_wrap("“" + e.sentence + "”", width, "   "))
            drivers = list(dict.fromkeys(e.terms + e.cues))
            if drivers:
                out.append(_wrap("driven by: " + ", ".join(drivers), width, "   "))
    if a.structure:
        out += ["", "Not scored:"]
        for s in a.structure:
            text = s["text"] if len(s["text"]) <= 150 else s["text"][:147] + "..."
            out.append(_wrap(f"[{s['kind']}] {text}", width, "   "))
    out += [_wrap("note: " + n, width) for n in a.notes]
    return "\n".join(out)
