"""A trained reader of paragraphs: which dimensions they argue and which way they lean.

Features of a paragraph: its sentence embedding (all-MiniLM-L6-v2, the unit mean of its
passages) and its seven dictionary scores. Per dimension, a logistic regression (one versus
rest) gives a probability, calibrated by its log-loss fit; the paragraph argues the
dimension when the probability reaches that dimension's threshold, chosen by 5-fold cross
validation on the training split only. Stance (drift / cohesion / neutral) is a
multinomial logistic regression on the same features plus the dictionary's stance cues.

The weights are fitted on the gold labels of ``allydrift.text.labels`` (train split only),
shipped as ``classifier_v1.npz`` and keyed to the embedding model's tag and the dictionary
tag: prediction is plain numpy, so it is deterministic for a given model version.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from allydrift.errors import InputError
from allydrift.text import embed
from allydrift.text.dictionary import Dictionary, load_dictionary
from allydrift.text.segment import passages, words
from allydrift.vocabulary import DIMENSIONS

WEIGHTS = "classifier_v1.npz"
STANCE_CLASSES = ("cohesion", "drift", "neutral")
MIN_WORDS = 20
_C_GRID = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
_PRIOR_GRID = (0.0, 0.25, 0.5, 0.75)
_SEED = 0


@dataclass(frozen=True)
class Weights:
    """Fitted weights: per-dimension logistic models and thresholds, the stance model."""

    model: str
    dictionary: str
    coef: np.ndarray  # 7 × n_features
    intercept: np.ndarray  # 7
    threshold: np.ndarray  # 7
    stance_coef: np.ndarray  # 3 × n_stance_features
    stance_intercept: np.ndarray  # 3
    mean: np.ndarray  # feature standardisation (n_features)
    scale: np.ndarray
    stance_mean: np.ndarray
    stance_scale: np.ndarray
    use_dictionary: np.ndarray  # 7 bool: also argue when the dictionary score reaches its bar
    prior_weight: np.ndarray  # 7: weight of the dictionary + description prior in the blend

    def save(self, path: Path) -> None:
        """Write the weights as a compressed ``.npz``."""
        np.savez_compressed(
            path,
            model=np.array(self.model),
            dictionary=np.array(self.dictionary),
            **{
                k: getattr(self, k)
                for k in (
                    "coef",
                    "intercept",
                    "threshold",
                    "stance_coef",
                    "stance_intercept",
                    "mean",
                    "scale",
                    "stance_mean",
                    "stance_scale",
                    "use_dictionary",
                    "prior_weight",
                )
            },
        )


def _load(fh) -> Weights:
    with np.load(fh) as data:
        fields = {k: data[k] for k in data.files}
    return Weights(
        model=str(fields.pop("model")), dictionary=str(fields.pop("dictionary")), **fields
    )


@cache
def load_weights(path: str | None = None) -> Weights:
    """The shipped weights (default) or weights from ``path``."""
    if path is not None:
        if not Path(path).is_file():
            msg = f"no classifier weights at {path}; expected a .npz from training"
            raise InputError(msg)
        with open(path, "rb") as fh:
            return _load(fh)
    with resources.files("allydrift.text").joinpath(WEIGHTS).open("rb") as fh:
        return _load(fh)


def weights_available() -> bool:
    """True if the shipped weights exist and match the installed embedding model."""
    if not resources.files("allydrift.text").joinpath(WEIGHTS).is_file():
        return False
    return embed.available() and load_weights().model == embed.model_tag()


def dictionary_features(texts: list[str], dictionary: Dictionary) -> np.ndarray:
    """The dictionary score of each dimension per text (n × 7), as ``analyze`` computes it."""
    from allydrift.text.analyze import _dictionary_scores

    rows = []
    for text in texts:
        scores, _ = _dictionary_scores(text, len(words(text)), dictionary)
        rows.append([scores[d] for d in DIMENSIONS])
    return np.asarray(rows, dtype=np.float64).reshape(len(texts), len(DIMENSIONS))


def stance_cues(texts: list[str], dictionary: Dictionary) -> np.ndarray:
    """Drift and cohesion cue counts (after negation) per text (n × 2), log-scaled."""
    from allydrift.text.analyze import _stance

    rows = []
    for text in texts:
        _, _, drift, cohesion = _stance(text, dictionary, True)
        rows.append([np.log1p(len(drift)), np.log1p(len(cohesion))])
    return np.asarray(rows, dtype=np.float64).reshape(len(texts), 2)


def paragraph_vectors(texts: list[str]) -> np.ndarray:
    """Unit sentence embedding of each paragraph: the mean of its passages' vectors."""
    pieces = [passages(t) or [t] for t in texts]
    flat = embed.embed([p for ps in pieces for p in ps])
    bounds = np.cumsum([0] + [len(ps) for ps in pieces])
    if not texts:
        return np.zeros((0, embed.DIM), dtype=np.float32)
    return np.stack([embed.mean_unit(flat[a:b]) for a, b in itertools.pairwise(bounds)])


def features(vectors: np.ndarray, dict_scores: np.ndarray) -> np.ndarray:
    """Dimension features: the embedding, the dictionary scores and the rescaled cosines to
    each dimension's descriptions (the reading of ``text analyze`` without a classifier)."""
    from allydrift.text.analyze import _rescale
    from allydrift.text.salience import dimension_cosines

    dictionary = load_dictionary()
    cos = _rescale(dimension_cosines(vectors, dictionary), dictionary)
    return np.hstack([vectors.astype(np.float64), dict_scores, cos])


def prior(dim_x: np.ndarray) -> np.ndarray:
    """The untrained reading per dimension: mean of dictionary score and description score."""
    k = len(DIMENSIONS)
    return (dim_x[:, -2 * k : -k] + dim_x[:, -k:]) / 2


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class Prediction:
    """Per text: probability and decision per dimension, stance probabilities and label."""

    proba: np.ndarray  # n × 7
    argued: np.ndarray  # n × 7 bool
    stance_proba: np.ndarray  # n × 3 (STANCE_CLASSES)
    stance: list[str]


def predict_features(
    weights: Weights, dim_x: np.ndarray, stance_x: np.ndarray, n_words: list[int] | None = None
) -> Prediction:
    """Apply the weights to precomputed features (deterministic numpy)."""
    z = ((dim_x - weights.mean) / weights.scale) @ weights.coef.T + weights.intercept
    proba = (1 - weights.prior_weight) * _sigmoid(z) + weights.prior_weight * prior(dim_x)
    k = len(DIMENSIONS)
    argued = (proba >= weights.threshold) | (
        weights.use_dictionary & (dim_x[:, -2 * k : -k] >= _dictionary_bar())
    )
    sz = (stance_x - weights.stance_mean) / weights.stance_scale
    sproba = _softmax(sz @ weights.stance_coef.T + weights.stance_intercept)
    stance = [STANCE_CLASSES[i] for i in sproba.argmax(axis=1)]
    if n_words is not None:  # too short to argue anything: a heading, a caption
        short = np.asarray(n_words) < MIN_WORDS // 4
        argued[short] = False
    return Prediction(proba, argued, sproba, stance)


def predict(texts: list[str], weights: Weights | None = None) -> Prediction:
    """Dimensions and stance of each text with the shipped weights."""
    weights = weights or load_weights()
    if weights.model != embed.model_tag():
        msg = (
            f"the classifier weights were fitted with {weights.model}, but the installed "
            f"model is {embed.model_tag()}: retrain with `python -m allydrift.text.labels train`"
        )
        raise InputError(msg)
    dictionary = load_dictionary()
    vectors = paragraph_vectors(texts)
    dim_x = features(vectors, dictionary_features(texts, dictionary))
    stance_x = np.hstack([dim_x, stance_cues(texts, dictionary)])
    return predict_features(weights, dim_x, stance_x, [len(words(t)) for t in texts])


def _dictionary_bar() -> float:
    return float(load_dictionary().scoring["argue_threshold"])


def _standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    return mean, scale


def _best_threshold(y: np.ndarray, p: np.ndarray, also: np.ndarray | None = None) -> float:
    from sklearn.metrics import f1_score

    also = np.zeros(len(y), dtype=bool) if also is None else also
    grid = np.round(np.arange(0.10, 0.71, 0.025), 3)
    scores = [f1_score(y, (p >= t) | also, average="macro", zero_division=0) for t in grid]
    return float(grid[int(np.argmax(scores))])


def _fit_binary(x: np.ndarray, y: np.ndarray, by_dictionary: np.ndarray, prior_: np.ndarray):
    """Coefficients, intercept, threshold, whether to add the dictionary's decision, and the
    weight of the untrained prior in the blend: C by log loss, then the prior weight, the
    threshold and the dictionary choice by macro-F1, all by 5-fold cross validation on the
    training rows alone."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=_SEED)
    best: tuple[float, float, np.ndarray] | None = None
    for c in _C_GRID:
        model = LogisticRegression(C=c, max_iter=5000)
        p = cross_val_predict(model, x, y, cv=folds, method="predict_proba")[:, 1]
        loss = log_loss(y, p, labels=[0, 1])
        if best is None or loss < best[0]:
            best = (loss, c, p)
    if best is None:
        msg = "no regularisation strength to try"
        raise InputError(msg)
    _, c, p_lr = best
    model = LogisticRegression(C=c, max_iter=5000).fit(x, y)
    from sklearn.metrics import f1_score

    choices = []
    for w in _PRIOR_GRID:
        p = (1 - w) * p_lr + w * prior_
        for use in (False, True):
            also = by_dictionary if use else np.zeros(len(y), dtype=bool)
            t = _best_threshold(y, p, also)
            score = f1_score(y, (p >= t) | also, average="macro")
            choices.append((round(score, 6), -w, not use, t, w, use))
    _, _, _, t, w, use = max(choices)
    return model.coef_[0], model.intercept_[0], t, use, w


def _fit_stance(x: np.ndarray, y: list[str]):  # -> (coef, intercept)
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=_SEED)
    best: tuple[float, float] | None = None
    for c in _C_GRID:
        model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
        pred = cross_val_predict(model, x, y, cv=folds)
        score = f1_score(y, pred, average="macro")
        if best is None or score > best[0]:
            best = (score, c)
    if best is None:
        msg = "no regularisation strength to try"
        raise InputError(msg)
    model = LogisticRegression(C=best[1], max_iter=5000, class_weight="balanced").fit(x, y)
    order = [list(model.classes_).index(k) for k in STANCE_CLASSES]
    return model.coef_[order], model.intercept_[order]


def train(dim_x: np.ndarray, stance_x: np.ndarray, labels: np.ndarray, stance: list[str]):
    """Fit the weights on training features; ``labels`` is n × 7 (0/1)."""
    mean, scale = _standardise(dim_x)
    xs = (dim_x - mean) / scale
    k = len(DIMENSIONS)
    by_dict = dim_x[:, -2 * k : -k] >= _dictionary_bar()
    pri = prior(dim_x)
    fits = [_fit_binary(xs, labels[:, j], by_dict[:, j], pri[:, j]) for j in range(k)]
    smean, sscale = _standardise(stance_x)
    scoef, sint = _fit_stance((stance_x - smean) / sscale, stance)
    return Weights(
        model=embed.model_tag(),
        dictionary=load_dictionary().tag,
        coef=np.stack([f[0] for f in fits]),
        intercept=np.array([f[1] for f in fits]),
        threshold=np.array([f[2] for f in fits]),
        stance_coef=scoef,
        stance_intercept=sint,
        mean=mean,
        scale=scale,
        stance_mean=smean,
        stance_scale=sscale,
        use_dictionary=np.array([f[3] for f in fits], dtype=bool),
        prior_weight=np.array([f[4] for f in fits]),
    )
