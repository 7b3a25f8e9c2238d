"""Train the classifier on the gold train split and measure it on the frozen test split.

``label_features()`` reads the labelled paragraphs from the cache and computes their
features (the embeddings are cached per model and selection). ``fit()`` trains on the
train split only; ``evaluate()`` reports macro-F1 per dimension and for stance on the test
split, for the classifier and for the dictionary reading of ``text analyze``, with the
stance confusion matrices.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from allydrift import config
from allydrift.text import classifier as clf
from allydrift.text import embed
from allydrift.text.labels import paragraph_texts
from allydrift.text.labels.agreement import indicator_matrix, read_pass
from allydrift.vocabulary import DIMENSIONS


@dataclass(frozen=True)
class LabelFeatures:
    """Gold labels, texts and features of the labelled paragraphs (selection order)."""

    gold: pd.DataFrame  # id, dims, stance, split, text
    labels: np.ndarray  # n × 7
    dim_x: np.ndarray
    stance_x: np.ndarray


def _vectors(texts: list[str], ids: list[str]) -> np.ndarray:
    key = hashlib.sha256(("|".join(ids) + embed.model_tag()).encode()).hexdigest()[:16]
    path = config.cache_dir() / "text" / "labels" / f"vectors-{key}.npy"
    if path.is_file():
        return np.load(path)
    vectors = clf.paragraph_vectors(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def label_features() -> LabelFeatures:
    """Gold labels joined with paragraph texts and features."""
    from allydrift.text.dictionary import load_dictionary
    from allydrift.text.labels import read_tsv

    gold = read_pass("gold.tsv")
    gold["split"] = read_tsv("gold.tsv")["split"].to_numpy()
    texts = paragraph_texts().set_index("id")["text"]
    gold["text"] = texts.loc[gold["id"]].to_numpy()
    dictionary = load_dictionary()
    vectors = _vectors(gold["text"].tolist(), gold["id"].tolist())
    dim_x = clf.features(vectors, clf.dictionary_features(gold["text"].tolist(), dictionary))
    stance_x = np.hstack([dim_x, clf.stance_cues(gold["text"].tolist(), dictionary)])
    labels = indicator_matrix(gold)[list(DIMENSIONS)].to_numpy()
    return LabelFeatures(gold, labels, dim_x, stance_x)


def fit(data: LabelFeatures | None = None) -> clf.Weights:
    """Weights fitted on the train split only."""
    data = data or label_features()
    train = (data.gold["split"] == "train").to_numpy()
    return clf.train(
        data.dim_x[train],
        data.stance_x[train],
        data.labels[train],
        data.gold.loc[train, "stance"].tolist(),
    )


def dictionary_reading(texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """Dimensions (n × 7 bool) and stance of each text as the dictionary method reads them."""
    from allydrift.text.analyze import _argued, _dictionary_scores, _stance
    from allydrift.text.dictionary import load_dictionary
    from allydrift.text.segment import words

    dictionary = load_dictionary()
    argued, stances = [], []
    for text in texts:
        scores, _ = _dictionary_scores(text, len(words(text)), dictionary)
        dims = _argued(scores, dictionary)
        argued.append([d in dims for d in DIMENSIONS])
        label = _stance(text, dictionary, True)[0]
        stances.append(label if label in ("drift", "cohesion") else "neutral")
    return np.asarray(argued, dtype=bool), stances


def evaluate(weights: clf.Weights | None = None, data: LabelFeatures | None = None) -> dict:
    """Macro-F1 per dimension and stance on the test split: classifier and dictionary.

    Macro-F1 of a dimension is the mean of the F1 of "argues it" and of "does not"; the
    F1 of the positive class alone is reported beside it.
    """
    from sklearn.metrics import confusion_matrix, f1_score

    data = data or label_features()
    weights = weights or clf.load_weights()
    test = (data.gold["split"] == "test").to_numpy()
    pred = clf.predict_features(weights, data.dim_x[test], data.stance_x[test])
    texts = data.gold.loc[test, "text"].tolist()
    d_argued, d_stance = dictionary_reading(texts)
    y = data.labels[test]
    rows = []
    for j, dim in enumerate(DIMENSIONS):
        rows.append(
            {
                "label": dim,
                "n_pos": int(y[:, j].sum()),
                "classifier_macro_f1": f1_score(y[:, j], pred.argued[:, j], average="macro"),
                "dictionary_macro_f1": f1_score(y[:, j], d_argued[:, j], average="macro"),
                "classifier_f1_pos": f1_score(y[:, j], pred.argued[:, j], zero_division=0),
                "dictionary_f1_pos": f1_score(y[:, j], d_argued[:, j], zero_division=0),
            }
        )
    truth = data.gold.loc[test, "stance"].tolist()
    classes = ["drift", "cohesion", "neutral"]
    rows.append(
        {
            "label": "stance",
            "n_pos": sum(t != "neutral" for t in truth),
            "classifier_macro_f1": f1_score(truth, pred.stance, average="macro", labels=classes),
            "dictionary_macro_f1": f1_score(truth, d_stance, average="macro", labels=classes),
            "classifier_f1_pos": float("nan"),
            "dictionary_f1_pos": float("nan"),
        }
    )
    table = pd.DataFrame(rows).round(3)
    dims = table[table["label"] != "stance"]
    return {
        "n_test": int(test.sum()),
        "n_train": int((~test).sum()),
        "table": table,
        "mean_dimension_macro_f1": {
            "classifier": round(float(dims["classifier_macro_f1"].mean()), 3),
            "dictionary": round(float(dims["dictionary_macro_f1"].mean()), 3),
        },
        "stance_confusion": {
            "labels": classes,
            "classifier": confusion_matrix(truth, pred.stance, labels=classes).tolist(),
            "dictionary": confusion_matrix(truth, d_stance, labels=classes).tolist(),
        },
    }


def weights_path() -> Path:
    """Where the shipped weights live in the source tree."""
    return Path(clf.__file__).with_name(clf.WEIGHTS)
