"""Text as evidence: dictionary matching, document analysis, speech similarity, salience.

Laws on hand-written texts and seeded synthetic data; facts on the real UN speeches
(``data``). Tests that need the sentence model skip only when the ``text`` extra is
missing; CI installs it, so they run there.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allydrift.errors import InputError, MissingExtraError
from allydrift.indicators.registry import DIMENSIONS
from allydrift.text import analyze_files, analyze_text, embed, load_dictionary, read_document
from allydrift.text.matching import Lexicon
from allydrift.text.segment import paragraphs, passages, sentences
from allydrift.text.similarity import normalise_year, pairs_by_year, similarity_matrix

FIXTURES = Path(__file__).parent / "fixtures" / "text"
needs_model = pytest.mark.skipif(not embed.available(), reason="needs the `text` extra")


def _top(analysis, index: int) -> str:
    scores = analysis.paragraphs[index].scores
    return max(scores, key=scores.get)


def _synthetic_texts(n: int, seed: int = 7) -> list[str]:
    rng = np.random.default_rng(seed)
    letters = list("abcdefghijklmnopqrstuvwxyz")
    vocab = ["".join(rng.choice(letters, size=7)) for _ in range(400)]
    return [" ".join(rng.choice(vocab, size=300)) for _ in range(n)]


# --- dictionary and matching -------------------------------------------------------------


def test_lexicon_syntax_hyphens_stars_groups_capitals_and_exclusions():
    lex = Lexicon(
        [
            ("a", "burden sharing", 2.0),
            ("b", "apolog*", 1.0),
            ("c", "labo(u|)r", 1.0),
            ("d", "US", 1.0),
            ("e", "america", 1.0),
            ("e", "latin america", 0.0),
        ]
    )
    text = "Burden-sharing and APOLOGIES; labor, labour; us and US; Latin America, America."
    found = [(h.key, h.text) for h in lex.hits(text)]
    assert found == [
        ("a", "Burden-sharing"),
        ("b", "APOLOGIES"),
        ("c", "labor"),
        ("c", "labour"),
        ("d", "US"),
        ("e", "America"),
    ]
    assert lex.weights(text)["a"] == 2.0


def test_lexicon_prefers_the_longest_term_and_matches_whole_words_only():
    lex = Lexicon([("x", "republic of china", 1.0), ("y", "people's republic of china", 1.0)])
    hits = list(lex.hits("The People’s Republic of China; the Republic of China; republics"))
    assert [h.key for h in hits] == ["y", "x"]
    assert not list(Lexicon([("z", "base", 1.0)]).hits("database, based, basement"))


def test_dictionary_covers_every_dimension_with_descriptions():
    d = load_dictionary()
    assert list(d.dimensions) == list(DIMENSIONS)
    assert all(dim.descriptions for dim in d.dimensions.values())
    assert d.version
    assert d.tag.startswith(d.name)


@pytest.mark.parametrize(
    "phrase",
    [
        "the prime minister's apology",
        "the comfort women",
        "the atomic bombing of Hiroshima",
        "Nagasaki",
        "the war dead",
        "a visit to the Yasukuni Shrine",
        "35 years of colonial rule",
        "forced labour during the war",
        "remorse for wartime aggression",
    ],
)
def test_history_dictionary_catches_wartime_memory(phrase):
    lexicon = load_dictionary().dimensions["history"].lexicon
    assert list(lexicon.hits(f"They spoke about {phrase} again."))


def test_history_dictionary_ignores_today_words_that_only_look_historical():
    lexicon = load_dictionary().dimensions["values"].lexicon
    assert not list(lexicon.hits("The Democratic People's Republic of Korea fired a missile."))


# --- segmentation --------------------------------------------------------------------------


def test_sentences_keep_abbreviations_and_quotes_together():
    text = 'Mr. Abe met U.S. officials. He said: "The alliance is strong." Then they left!'
    assert sentences(text) == [
        "Mr. Abe met U.S. officials.",
        'He said: "The alliance is strong."',
        "Then they left!",
    ]


def test_numbered_hard_wrapped_speech_paragraphs():
    speech = "1.\tMr. President, I congratulate\nyou on your election.\n2.\tThe world has\nchanged."
    assert paragraphs(speech) == [
        "Mr. President, I congratulate you on your election.",
        "The world has changed.",
    ]


def test_passages_respect_the_word_limit_and_keep_every_word():
    text = " ".join(f"Sentence number {i} has exactly seven words." for i in range(50))
    parts = passages(text, max_words=30)
    assert all(len(p.split()) <= 30 for p in parts)
    assert sum(len(p.split()) for p in parts) == len(text.split())


# --- similarity laws ------------------------------------------------------------------------


def test_tfidf_similarity_is_symmetric_and_each_text_is_most_similar_to_itself():
    m = similarity_matrix(_synthetic_texts(6), method="tfidf")
    np.testing.assert_allclose(m, m.T, atol=1e-6)
    np.testing.assert_allclose(np.diag(m), 1.0, atol=1e-5)
    assert (m.argmax(axis=1) == np.arange(6)).all()
    assert ((m >= -1e-6) & (m <= 1 + 1e-6)).all()


def test_yearly_pairs_are_undirected_and_normalised_against_the_reference():
    rng = np.random.default_rng(3)
    codes = [2, 20, 200, 220, 740, 710, 365, 900]
    speeches = pd.DataFrame(
        {"ccode": codes * 2 + [732, 731], "year": [2010] * 8 + [2015] * 8 + [2015, 2015]}
    )
    vectors = rng.normal(size=(len(speeches), 16))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    pairs = pairs_by_year(speeches, vectors)
    assert (pairs.ccode1 < pairs.ccode2).all()
    assert not pairs.duplicated(["ccode1", "ccode2", "year"]).any()
    core = pairs[pairs.ccode1.isin(codes) & pairs.ccode2.isin(codes)]
    for _, year in core.groupby("year"):
        assert year.z_core.mean() == pytest.approx(0.0, abs=1e-9)
    later = pairs[pairs.year == 2015]
    assert later.n_core.iloc[0] == 28
    assert later.n_all.iloc[0] == 45
    assert later.pct_all.between(0, 1).all()
    assert later.pct_all.max() == 1.0


def test_normalise_year_without_spread_gives_missing_not_zero():
    frame = pd.DataFrame({"cosine": [0.5, 0.5, 0.5]})
    out = normalise_year(frame, np.array([True, True, True]))
    assert out.z.isna().all()


# --- document analysis -----------------------------------------------------------------------


@pytest.mark.parametrize("embeddings", [False, pytest.param(True, marks=needs_model)])
def test_bases_paragraph_scores_presence_and_apology_paragraph_history(embeddings):
    (analysis,) = analyze_files([FIXTURES / "paragraphs.txt"], embeddings=embeddings)
    assert _top(analysis, 0) == "presence"
    assert _top(analysis, 1) == "history"
    assert "presence" in analysis.paragraphs[0].dimensions
    assert "history" in analysis.paragraphs[1].dimensions


def test_commentary_reads_as_drift_or_cohesion_with_evidence():
    drift, cohesion = analyze_files(
        [FIXTURES / "drift_essay.md", FIXTURES / "cohesion_oped.html"], embeddings=False
    )
    assert drift.stance["label"] == "drift"
    assert cohesion.stance["label"] == "cohesion"
    argued = {d for p in drift.paragraphs for d in p.dimensions}
    assert {"presence", "history", "burden_sharing", "threat"} <= argued
    assert all(p.evidence for p in drift.paragraphs if p.dimensions)
    named = {a["key"] for a in drift.actors}
    assert {"USA", "JPN", "CHN", "PRK"} <= named
    assert 1991 in drift.years
    assert 2015 in drift.years


def test_html_and_markdown_extraction_skip_navigation_scripts_and_headings():
    html_doc = read_document(FIXTURES / "cohesion_oped.html")
    assert html_doc.title == "An Alliance Stronger Than Ever"
    text = html_doc.text
    assert "tracking" not in text
    assert "cookie" not in text
    assert "Home" not in text
    md = read_document(FIXTURES / "drift_essay.md")
    assert md.format == "markdown"
    assert not any(b.text.startswith("#") for b in md.blocks)
    assert {b.section for b in md.blocks} >= {"Okinawa and the burden of the garrison"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The alliance between the two allies is drifting apart.", "drift"),
        ("The alliance between the two allies is not drifting apart.", "cohesion"),
        ("Fears of a rift between the allies have proved wrong.", "cohesion"),
        (
            "Despite the frictions, relations between the allies have never been stronger.",
            "cohesion",
        ),
        ("The reason is not sentiment but shared values between the allies.", "cohesion"),
        ("The rain fell on the city and the river rose.", "none"),
    ],
)
def test_stance_reads_negation_and_refutation(text, expected):
    analysis = analyze_text(text + " " + text, embeddings=False)
    assert analysis.paragraphs[0].stance == expected


def test_json_and_html_outputs_are_self_contained(tmp_path):
    from allydrift.text import render

    analyses = analyze_files([FIXTURES / "drift_essay.md"], embeddings=False)
    data = json.loads(render.to_json(analyses))
    para = data["documents"][0]["paragraphs"][2]
    assert set(para) >= {"dimensions", "stance", "actors", "years", "evidence", "scores"}
    page = render.to_html(analyses)
    assert "<svg" in page
    assert "<script src" not in page
    assert "cdn" not in page.lower()
    assert "allydrift-data" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n  ", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        ((FIXTURES / "french.txt").read_bytes(), "English"),
        ((FIXTURES / "japanese.txt").read_bytes(), "English"),
    ],
    ids=["empty", "blank", "binary", "french", "japanese"],
)
def test_bad_documents_give_a_clear_message(tmp_path, content, message):
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        analyze_files([path], embeddings=False)


def _tiny_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with ``lines`` of Helvetica text, written by hand."""
    content = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({x}) Tj T*" for x in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out + trailer.encode()


def test_pdf_documents_are_read_through_their_text_layer(tmp_path):
    pytest.importorskip("pypdf")
    path = tmp_path / "note.pdf"
    path.write_bytes(
        _tiny_pdf(
            [
                "The American military bases on Okinawa remain a burden for the alliance.",
                "Residents protest against the garrison and the stationing of troops.",
            ]
        )
    )
    (analysis,) = analyze_files([path], embeddings=False)
    assert analysis.format == "pdf"
    assert _top(analysis, 0) == "presence"


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "absent.md")


def test_cli_analyze_writes_json_and_reports_bad_files_without_traceback(
    tmp_path, monkeypatch, capsys
):
    from allydrift.cli import main

    out = tmp_path / "a.json"
    argv = ["allydrift", "text", "analyze", str(FIXTURES / "paragraphs.txt"), "--no-embed"]
    monkeypatch.setattr(sys, "argv", [*argv, "-o", str(out)])
    main()
    assert json.loads(out.read_text())["documents"][0]["name"] == "paragraphs.txt"
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    monkeypatch.setattr(sys, "argv", ["allydrift", "text", "analyze", str(binary)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code != 0
    err = capsys.readouterr().err
    assert "binary" in err
    assert "Traceback" not in err


def test_embedding_features_name_the_extra_when_it_is_missing(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a)
    )
    assert not embed.available()
    with pytest.raises(MissingExtraError, match=r"allydrift\[text\]"):
        analyze_text("The bases on the island are a burden for the alliance.", embeddings=True)
    with pytest.raises(MissingExtraError, match=r"allydrift\[text\]"):
        similarity_matrix(["a text about bases", "another text"], method="embedding")
    analysis = analyze_text("The bases on the island are a burden for the alliance.")
    assert analysis.method == "dictionary"


# --- the sentence model (text extra) ---------------------------------------------------------


@needs_model
def test_embedding_similarity_laws_on_a_few_texts():
    texts = [
        "Foreign military bases and troops stationed on the island anger residents.",
        "The prime minister apologised for wartime atrocities and colonial rule.",
        "Missile tests by a hostile neighbour threaten the region.",
    ]
    m = similarity_matrix(texts, method="embedding")
    np.testing.assert_allclose(m, m.T, atol=1e-5)
    np.testing.assert_allclose(np.diag(m), 1.0, atol=1e-4)
    assert (m.argmax(axis=1) == np.arange(3)).all()
    assert embed.embed(texts).shape == (3, embed.DIM)


# --- real data ---------------------------------------------------------------------------------


@pytest.mark.data
def test_speech_table_maps_codes_to_states():
    from allydrift.sources import ungdc

    df = ungdc.load()
    assert len(df) == 2980
    assert "EU" not in set(df.code)
    jpn = df[df.code == "JPN"]
    assert jpn.year.min() == 1957
    assert len(jpn) == 68
    assert len(df[df.code == "USA"]) == 79
    assert (df[df.code == "AUS"].ccode == 900).all()
    roc = df[(df.code == "CHN") & (df.year <= 1971)]
    assert set(roc.ccode) == {713}
    assert set(roc.iso3) == {"TWN"}
    assert set(df[(df.code == "CHN") & (df.year > 1971)].ccode) == {710}
    assert df[df.code.isin(["PSE", "VAT"])].ccode.isna().all()
    assert not df.text.str.contains("\r").any()
    assert not df.text.str.startswith("\ufeff").any()


@pytest.mark.data
def test_real_speeches_are_most_similar_to_themselves():
    from allydrift.sources import ungdc

    df = ungdc.load()
    texts = df[(df.year == 2023) & df.code.isin(["USA", "JPN", "CHN", "RUS", "FRA"])].text
    m = similarity_matrix(texts.tolist(), method="tfidf")
    assert (m.argmax(axis=1) == np.arange(len(texts))).all()


@needs_model
@pytest.mark.data
def test_real_speech_embeddings_are_most_similar_to_themselves():
    from allydrift.sources import ungdc

    df = ungdc.load()
    texts = df[(df.year == 2024) & df.code.isin(["USA", "JPN", "KOR"])].text
    m = similarity_matrix([t[:4000] for t in texts], method="embedding")
    assert (m.argmax(axis=1) == np.arange(len(texts))).all()


@pytest.mark.data
@pytest.mark.slow
def test_tfidf_indicator_is_undirected_and_zero_centred_on_core_pairs():
    from allydrift.indicators import compute
    from allydrift.text.similarity import core_states

    rows = compute("speech_similarity_tfidf", years=(1990, 1990))
    assert (rows.ccode1 < rows.ccode2).all()
    assert rows.value.mean() == pytest.approx(0.0, abs=1e-9)
    assert {2, 740} <= core_states(pd.DataFrame({"ccode": [2, 740], "year": [1990, 1990]}))


@pytest.mark.data
@pytest.mark.slow
def test_japan_2017_speech_is_its_most_about_north_korea():
    # Prime Minister Abe devoted his 2017 General Debate speech to North Korea.
    from allydrift.indicators import compute

    rows = compute("speech_mentions_north_korea", pairs=[(740, 2)])
    japan = rows[rows.ccode == 740].set_index("year").value
    assert japan.idxmax() == 2017
    history = compute("speech_salience_history", years=(1990, 2024))
    by_state = history.groupby("ccode").value.mean()
    assert by_state[740] > by_state.median()


@needs_model
def test_corpus_embeddings_are_cached_per_year_and_never_started_unasked(tmp_path, monkeypatch):
    from allydrift.text import corpus

    monkeypatch.setattr(corpus, "embeddings_dir", lambda: tmp_path)
    speeches = pd.DataFrame(
        {
            "code": ["AAA", "BBB", "AAA"],
            "ccode": [2, 740, 2],
            "year": [2001, 2001, 2002],
            "text": [
                "Foreign bases remain on the island. Residents protest against the garrison.",
                "The prime minister apologised for the war. The victims deserve remembrance.",
                "Missile tests threaten the region. The allies must deter aggression.",
            ],
        }
    )
    with pytest.raises(corpus.EmbeddingsNotComputedError, match="allydrift text embed"):
        corpus.corpus_embeddings(speeches, progress=False, max_new=2)
    first = corpus.corpus_embeddings(speeches, progress=False)
    assert len(list(tmp_path.glob("*.npz"))) == 2
    again = corpus.corpus_embeddings(speeches, progress=False, max_new=0)
    np.testing.assert_allclose(again.speech_vectors(), first.speech_vectors(), atol=1e-3)
    assert np.diff(again.offsets).tolist() == [len(passages(t)) for t in speeches.text]
