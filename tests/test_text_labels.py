"""Hand labels of UN speech paragraphs: selection, agreement, gold, frozen split, classifier.

Laws on the label files and on synthetic passes; the texts themselves are read from the
cache (``data``); the classifier tests need the ``text`` extra.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allydrift.errors import InputError
from allydrift.indicators.registry import DIMENSIONS
from allydrift.text import classifier as clf
from allydrift.text import embed
from allydrift.text.labels import load_selection, read_tsv
from allydrift.text.labels.agreement import (
    adjudicate,
    agreement,
    cohen_kappa,
    parse_pass,
    read_pass,
    split_of,
)

needs_model = pytest.mark.skipif(not embed.available(), reason="needs the `text` extra")
LABELS = [*DIMENSIONS, "none"]


def test_selection_spans_decades_regions_and_strata_without_storing_text():
    sel = load_selection()
    assert len(sel) >= 420
    assert sel["id"].is_unique
    assert set(sel.columns) >= {"id", "code", "session", "year", "paragraph", "sha256"}
    assert "text" not in sel.columns
    assert sel["sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
    decades = set(sel["year"] // 10 * 10)
    assert decades == set(range(1940, 2030, 10))
    assert set(sel["stratum"]) == set(LABELS)
    assert sel["region"].nunique() >= 6
    assert (sel.groupby(["code", "year"]).size() == 1).all()  # one paragraph a speech


def test_every_pass_labels_every_selected_paragraph_with_valid_labels():
    ids = set(load_selection()["id"])
    for name in ("pass1.tsv", "pass2.tsv", "gold.tsv"):
        df = read_pass(name)
        assert set(df["id"]) == ids, name
        assert df["stance"].isin(["drift", "cohesion", "neutral"]).all()


def test_split_is_a_frozen_function_of_the_id_alone():
    gold = read_tsv("gold.tsv")
    assert (gold["split"] == [split_of(i) for i in gold["id"]]).all()
    share = (gold["split"] == "test").mean()
    assert 0.25 <= share <= 0.35
    # every dimension has positives on both sides of the split
    g = read_pass("gold.tsv").assign(split=gold["split"].to_numpy())
    for dim in DIMENSIONS:
        has = g["dims"].apply(lambda s, d=dim: d in s)
        assert has[g["split"] == "test"].any(), dim
        assert has[g["split"] == "train"].any(), dim


def test_bad_passes_are_refused_with_a_clear_message():
    good = read_tsv("pass1.tsv").head(3)
    with pytest.raises(InputError, match="stance"):
        parse_pass(good.assign(stance="hostile"))
    with pytest.raises(InputError, match="none"):
        parse_pass(good.assign(dimensions="none,threat"))
    with pytest.raises(InputError, match="not in selection"):
        parse_pass(good.assign(id="XXX-1999-p000"))


_pass = st.lists(
    st.tuples(
        st.frozensets(st.sampled_from(DIMENSIONS), max_size=3),
        st.sampled_from(["drift", "cohesion", "neutral"]),
    ),
    min_size=5,
    max_size=40,
)


def _frame(rows, ids):
    return pd.DataFrame(
        {"id": ids[: len(rows)], "dims": [r[0] for r in rows], "stance": [r[1] for r in rows]}
    )


@settings(max_examples=30, deadline=None)
@given(_pass, _pass)
def test_kappa_laws_self_agreement_symmetry_bounds(a, b):
    ids = load_selection()["id"].tolist()
    n = min(len(a), len(b))
    fa, fb = _frame(a[:n], ids), _frame(b[:n], ids)
    self_ = agreement(fa, fa)
    assert (self_["kappa"] == 1.0).all()
    assert (self_["agree"] == 1.0).all()
    ab, ba = agreement(fa, fb), agreement(fb, fa)
    assert np.allclose(ab["kappa"], ba["kappa"])
    assert ((ab["kappa"] >= -1.0) & (ab["kappa"] <= 1.0)).all()
    gold = adjudicate(fa, fb)
    assert len(gold) == n
    same = [x == y for x, y in zip(a[:n], b[:n], strict=True)]
    for keep, row, orig in zip(same, gold.itertuples(), a[:n], strict=True):
        if keep:
            assert (row.dims, row.stance) == orig


def test_kappa_of_known_tables():
    assert cohen_kappa([1, 1, 0, 0], [1, 1, 0, 0]) == 1.0
    assert cohen_kappa([1, 0, 1, 0], [0, 1, 0, 1]) == pytest.approx(-1.0)
    with pytest.raises(InputError):
        cohen_kappa([1], [1, 0])


@pytest.mark.data
def test_label_texts_come_from_the_cache_and_match_their_hashes():
    from allydrift.text.labels import paragraph_texts

    texts = paragraph_texts()
    assert len(texts) == len(load_selection())
    assert texts["text"].str.split().str.len().between(35, 140).all()


# --- the classifier --------------------------------------------------------------------


def test_shipped_weights_are_keyed_to_the_model_and_have_one_model_per_dimension():
    w = clf.load_weights()
    assert w.model.startswith(embed.MODEL_NAME + "@")
    assert w.coef.shape[0] == len(DIMENSIONS) == len(w.threshold)
    assert w.stance_coef.shape[0] == 3
    assert ((w.threshold > 0) & (w.threshold < 1)).all()


def test_prediction_is_deterministic_and_probabilities_are_bounded():
    rng = np.random.default_rng(3)
    w = clf.load_weights()
    k = 2 * len(DIMENSIONS)  # dictionary and description scores lie in [0, 1]
    x = np.hstack([rng.normal(size=(20, w.coef.shape[1] - k)), rng.uniform(size=(20, k))])
    sx = np.hstack([x, rng.uniform(size=(20, w.stance_coef.shape[1] - x.shape[1]))])
    a, b = clf.predict_features(w, x, sx), clf.predict_features(w, x, sx)
    assert np.array_equal(a.proba, b.proba)
    assert a.stance == b.stance
    assert ((a.proba >= 0) & (a.proba <= 1)).all()
    assert np.allclose(a.stance_proba.sum(axis=1), 1.0)


BASES = (
    "The government confirmed that the foreign air base near the harbour will stay for "
    "another decade. Residents near the runway say the garrison of foreign soldiers, the "
    "noise of the fighter jets and the land taken for the barracks are a burden they never "
    "chose, and they ask that the troops stationed there be withdrawn."
)
APOLOGY = (
    "The survivors of the wartime labour camps still wait for an apology. They want the "
    "government that ran the camps during the war to acknowledge the atrocities committed "
    "by its army, to express remorse for the suffering of the victims, and to stop "
    "honouring the officers responsible at its war memorial."
)


@needs_model
def test_classifier_tags_bases_as_presence_and_an_apology_as_history_deterministically():
    first = clf.predict([BASES, APOLOGY])
    second = clf.predict([BASES, APOLOGY])
    assert np.array_equal(first.proba, second.proba)
    presence, history = DIMENSIONS.index("presence"), DIMENSIONS.index("history")
    assert first.argued[0, presence]
    assert first.argued[1, history]
    assert first.proba[0].argmax() == presence
    assert first.proba[1].argmax() == history


@pytest.mark.data
@needs_model
def test_classifier_beats_the_dictionary_on_the_frozen_test_split():
    from allydrift.text.labels.evaluate import evaluate

    result = evaluate()
    means = result["mean_dimension_macro_f1"]
    assert means["classifier"] > means["dictionary"]
    table = result["table"].set_index("label")
    assert table.loc["stance", "classifier_macro_f1"] > table.loc["stance", "dictionary_macro_f1"]


@needs_model
def test_indicators_never_start_the_corpus_embedding_and_appear_once_it_exists(
    tmp_path, monkeypatch
):
    from allydrift.text import corpus

    speeches = pd.DataFrame(
        {
            "code": ["AAA", "BBB"],
            "ccode": [2, 740],
            "year": [2001, 2001],
            "text": [
                "Foreign bases remain on the island. Residents protest against the garrison.",
                "The prime minister apologised for the war. The victims deserve remembrance.",
            ],
        }
    )
    monkeypatch.setattr(corpus, "embeddings_dir", lambda: tmp_path)
    monkeypatch.setattr(corpus, "state_speeches", lambda: speeches)
    monkeypatch.setattr(corpus, "IMPLICIT_LIMIT", 0)
    with pytest.raises(corpus.EmbeddingsNotComputedError, match="allydrift text embed"):
        corpus.require_embeddings()
    assert not list(tmp_path.glob("*.npz"))
    emb = corpus.corpus_embeddings(progress=False)
    corpus.require_embeddings()  # now present: no error
    assert emb.speech_vectors().shape == (2, embed.DIM)
