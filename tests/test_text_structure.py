"""Document structure and input checks for ``text analyze``: hand-written texts only."""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

from allydrift.errors import InputError
from allydrift.text import analyze_files, analyze_text, embed, read_document
from allydrift.text.render import to_terminal
from allydrift.text.structure import is_heading, is_reference, kind_of

ESSAY = """Garrisons and grudges

Why the allies quarrel

The foreign bases on the island have been a source of friction for decades. Residents protest
against the noise of the aircraft and the land the soldiers occupy, and the governors have asked
the capital to move the troops elsewhere.

Figure 2: Protests against the bases by year, 1995-2020.

Memories of the war still divide the two neighbours. Each visit by a minister to the shrine
for the war dead brings demands for an apology for wartime atrocities.

1. See the governor's statement of 12 May 2019, p. 4.

References

Smith, J. (2019). The Island Garrison: Bases and Protest. Oxford University Press.

Tanaka, H. and Lee, M. (2021). Apology politics in East Asia. Journal of Asian Security, 14(2),
pp. 101-130. doi:10.1000/jas.2021.14

Ministry of Defence (2020). Defense of Japan 2020. Tokyo. https://www.mod.go.jp/e/publ/w_paper/
"""


def test_forms_of_non_argument_blocks():
    assert is_heading("Why the allies quarrel")
    assert not is_heading("The bases stay.")
    assert is_reference("Smith, J. (2019). The Island Garrison. Oxford University Press.")
    assert not is_reference(
        "In 2019 the governor asked the government to move the base, and the review took a year."
    )
    assert kind_of("Table 1: Troops stationed abroad, 2020.") == "caption"
    assert kind_of("Source: Ministry of Defence, 2020.") == "caption"
    assert kind_of("3. Ibid., p. 12.") == "footnote"
    assert kind_of("Any text at all with no form of a reference.", "Bibliography") == "reference"


def test_reference_lists_headings_captions_and_notes_are_shown_not_scored():
    analysis = analyze_text(ESSAY, embeddings=False)
    texts = [p.text for p in analysis.paragraphs]
    assert len(texts) == 2
    assert texts[0].startswith("The foreign bases")
    assert texts[1].startswith("Memories")
    kinds = [s["kind"] for s in analysis.structure]
    assert kinds.count("reference") == 3
    assert {"heading", "caption", "footnote"} <= set(kinds)
    shown = to_terminal(analysis, 80)
    assert "[reference] Smith, J." in shown
    assert "Not scored" in shown
    assert all(len(line) <= 80 for line in shown.splitlines())


def test_markdown_reference_section_is_not_scored(tmp_path):
    md = tmp_path / "essay.md"
    md.write_text(
        "# Title\n\nThe alliance shares democratic values and a common view of the world "
        "order, which keeps the partners close.\n\n## Bibliography\n\nAnything written here "
        "is a reference entry, even a sentence that talks about troops and bases.\n",
        encoding="utf-8",
    )
    (analysis,) = analyze_files([md], embeddings=False)
    assert len(analysis.paragraphs) == 1
    assert [s["kind"] for s in analysis.structure].count("reference") == 1


def test_a_50_megabyte_file_gets_a_one_line_message(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError, match=r"52\.4 MB.*--max-bytes") as err:
        read_document(big)
    assert "\n" not in str(err.value)
    small = tmp_path / "essay.txt"
    small.write_text(ESSAY, encoding="utf-8")
    with pytest.raises(InputError, match=r"limit of 0\.0001 MB"):
        read_document(small, max_bytes=100)


def _run(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    from allydrift.cli import main

    monkeypatch.setattr(sys, "argv", ["allydrift", "text", "analyze", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    return exit_info.value.code, capsys.readouterr().err.strip()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x00\x01\x02\x03binary\x00" * 100, "binary"),
        (
            "Ceci est un texte en français sur l'alliance et les bases militaires étrangères "
            "qui ne plaisent pas aux habitants de l'île depuis des décennies.".encode(),
            "English",
        ),
    ],
    ids=["empty", "binary", "french"],
)
def test_cli_bad_files_get_one_line_messages(tmp_path, monkeypatch, capsys, content, message):
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    code, err = _run(monkeypatch, capsys, str(path), "--no-embed")
    assert code != 0
    assert message in err
    assert "Traceback" not in err
    assert len(err.splitlines()) <= 2


def test_cli_max_bytes_option(tmp_path, monkeypatch, capsys):
    from allydrift.cli import app

    path = tmp_path / "essay.txt"
    path.write_text(ESSAY, encoding="utf-8")
    code, err = _run(monkeypatch, capsys, str(path), "--no-embed", "--max-bytes", "100")
    assert code != 0
    assert "--max-bytes" in err
    ok = CliRunner().invoke(app, ["text", "analyze", str(path), "--no-embed", "--width", "80"])
    assert ok.exit_code == 0, ok.output
    assert all(len(line) <= 80 for line in ok.output.splitlines())


VALUES_ESSAY = "values_history_essay.md"
BURDEN_ESSAY = "burden_presence_essay.md"


@pytest.mark.skipif(not embed.available(), reason="needs the `text` extra")
def test_each_essay_ranks_its_own_dimensions_above_the_generic_ones():
    from pathlib import Path

    here = Path(__file__).parent / "fixtures" / "text"
    a, b = analyze_files([here / VALUES_ESSAY, here / BURDEN_ESSAY])
    top = {
        name: [r["dimension"] for r in sorted(x.summary, key=lambda r: r["rank"])[:3]]
        for name, x in (("a", a), ("b", b))
    }
    assert len(set(top["a"]) & {"values", "world_view", "history"}) >= 2, top
    assert len(set(top["b"]) & {"burden_sharing", "presence", "threat"}) >= 2, top
    assert top["a"][0] != top["b"][0]
    assert [s["kind"] for s in a.structure].count("reference") == 2


@pytest.mark.skipif(not embed.available(), reason="needs the `text` extra")
def test_evidence_per_paragraph_in_json_html_and_terminal():
    import json

    from allydrift.text import render

    analysis = analyze_text(ESSAY)
    assert analysis.method == "classifier"
    data = json.loads(render.to_json([analysis]))["documents"][0]
    para = data["paragraphs"][0]
    assert set(para["probabilities"]) == {
        "world_view",
        "values",
        "history",
        "burden_sharing",
        "presence",
        "threat",
        "ties",
    }
    assert para["dimensions"]
    assert para["evidence"][0]["sentence"]
    assert all(0 <= v <= 1 for v in para["probabilities"].values())
    assert {s["kind"] for s in data["structure"]} >= {"reference", "heading"}
    page = render.to_html([analysis])
    assert "<mark>" in page
    assert "Not scored" in page
    text = render.to_terminal(analysis, 80)
    assert "driven by:" in text
    assert all(len(line) <= 80 for line in text.splitlines())
