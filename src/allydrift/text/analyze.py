"""Read any document as evidence: which dimensions each paragraph argues, drift or cohesion.

For every paragraph: a score in [0, 1] per dimension (dictionary density, averaged with the
sentence-embedding similarity to the dimension's descriptions when the ``text`` extra is
installed), the dimensions it argues about, whether it argues drift or cohesion (stance
cues, with negation), the actors and years it names, and its key sentences as evidence.
Per document: a summary per dimension. Nothing here is tuned to particular texts: every
word list and threshold is in the versioned dictionary.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from allydrift.text import classifier, embed
from allydrift.text.actors import ActorIndex, actor_index
from allydrift.text.dictionary import Dictionary, load_dictionary
from allydrift.text.documents import Document, document_from_text, read_document
from allydrift.text.matching import Hit
from allydrift.text.segment import passages, sentences, words
from allydrift.vocabulary import DIMENSIONS

_YEAR = re.compile(r"(?<![\w.,])(1[89]\d\d|20\d\d)(s?)(?![\w%])")
_SCOPE_BREAK = re.compile(r"[,;:()]|\b(?:but|yet|although|though|while|whereas)\b", re.I)
MIN_DENSITY_WORDS = 20
EVIDENCE_SENTENCES = 2


@dataclass
class Evidence:
    """A key sentence and why it was chosen."""

    sentence: str
    dimensions: list[str]
    terms: list[str]
    cues: list[str]


@dataclass
class Paragraph:
    """The reading of one paragraph."""

    index: int
    section: str
    text: str
    n_words: int
    scores: dict[str, float]
    dictionary_scores: dict[str, float]
    embedding_scores: dict[str, float] | None
    dimensions: list[str]
    stance: str
    drift_score: float
    drift_cues: list[str]
    cohesion_cues: list[str]
    actors: list[dict]
    years: list[int]
    decades: list[str]
    evidence: list[Evidence]
    probabilities: dict[str, float] | None = None
    stance_probabilities: dict[str, float] | None = None


@dataclass
class Analysis:
    """The reading of one document."""

    name: str
    title: str
    format: str
    method: str
    dictionary: str
    model: str | None
    n_words: int
    paragraphs: list[Paragraph]
    summary: list[dict]
    stance: dict
    actors: list[dict]
    years: list[int]
    notes: list[str] = field(default_factory=list)
    structure: list[dict] = field(default_factory=list)
    classifier: str | None = None

    def to_dict(self) -> dict:
        """Plain data for JSON."""
        return asdict(self)

    def paragraph_table(self) -> pd.DataFrame:
        """One row per paragraph: dimensions argued, stance, actors, years, key sentence."""
        rows = [
            {
                "paragraph": p.index,
                "dimensions": ", ".join(p.dimensions) or "–",
                "stance": p.stance,
                "drift_score": p.drift_score,
                "actors": ", ".join(a["label"] for a in p.actors),
                "years": ", ".join(map(str, [*p.years, *p.decades])),
                "key_sentence": p.evidence[0].sentence if p.evidence else "",
                **{f"score_{d}": p.scores[d] for d in DIMENSIONS},
            }
            for p in self.paragraphs
        ]
        return pd.DataFrame(rows)

    def summary_table(self) -> pd.DataFrame:
        """One row per dimension: paragraphs arguing it, mean score, drift and cohesion."""
        return pd.DataFrame(self.summary)


def _dictionary_scores(text: str, n_words: int, dictionary: Dictionary) -> tuple[dict, dict]:
    half = dictionary.scoring["dict_half"]
    scores, hits = {}, {}
    for key, dim in dictionary.dimensions.items():
        found = list(dim.lexicon.hits(text))
        density = sum(h.weight for h in found) / max(n_words, MIN_DENSITY_WORDS) * 100
        scores[key] = density / (density + half)
        hits[key] = found
    return scores, hits


def _rescale(cosines: np.ndarray, dictionary: Dictionary) -> np.ndarray:
    lo, hi = dictionary.scoring["embed_floor"], dictionary.scoring["embed_ceiling"]
    return np.clip((cosines - lo) / (hi - lo), 0.0, 1.0)


def _paragraph_cosines(texts: list[str], dictionary: Dictionary) -> np.ndarray:
    """Best cosine of each paragraph (mean of its passages) to each dimension (n × 7)."""
    from allydrift.text.salience import dimension_cosines

    pieces = [passages(t) or [t] for t in texts]
    flat = embed.embed([p for ps in pieces for p in ps])
    bounds = np.cumsum([0] + [len(ps) for ps in pieces])
    vectors = np.stack([embed.mean_unit(flat[a:b]) for a, b in itertools.pairwise(bounds)])
    return dimension_cosines(vectors, dictionary)


def _in_scope(between: str, window: int) -> bool:
    """A negator reaches a cue within ``window`` words and no clause break ("not X but Y")."""
    return len(words(between)) < window and not _SCOPE_BREAK.search(between)


def _negated(
    cue: Hit, negators: list[Hit], refuters: list[Hit], sentence: str, window: int
) -> bool:
    """True if a negator stands just before the cue, or a refuter anywhere after it."""
    if any(ref.start >= cue.end for ref in refuters):
        return True
    return any(
        neg.end <= cue.start and _in_scope(sentence[neg.end : cue.start], window)
        for neg in negators
    )


def _stance(text: str, dictionary: Dictionary, anchored: bool) -> tuple[str, float, list, list]:
    window = int(dictionary.scoring["negation_window"])
    drift: list[str] = []
    cohesion: list[str] = []
    for sentence in sentences(text):
        negators = list(dictionary.negators.hits(sentence))
        refuters = list(dictionary.refuters.hits(sentence))
        for lexicon, side in ((dictionary.drift, drift), (dictionary.cohesion, cohesion)):
            for cue in lexicon.hits(sentence):
                flipped = _negated(cue, negators, refuters, sentence, window)
                other = cohesion if side is drift else drift
                (other if flipped else side).append(("not " if flipped else "") + cue.text)
    total = len(drift) + len(cohesion)
    score = (len(drift) - len(cohesion)) / total if total else 0.0
    margin = dictionary.scoring["stance_margin"]
    if not anchored:
        label = "none"
    elif total == 0:
        label = "neutral"
    else:
        label = "drift" if score >= margin else "cohesion" if score <= -margin else "mixed"
    return label, round(score, 3), drift, cohesion


def _years(text: str) -> tuple[list[int], list[str]]:
    this_year = date.today().year
    years, decades = set(), set()
    for m in _YEAR.finditer(text):
        value = int(m.group(1))
        if 1800 <= value <= this_year + 10:
            (decades.add(f"{value}s") if m.group(2) else years.add(value))
    return sorted(years), sorted(decades)


def _actors(text: str, actors: ActorIndex) -> list[dict]:
    counts = Counter(hit.key for hit in actors.hits(text))
    return [
        {"key": key, "label": actors.labels.get(key, key), "mentions": n}
        for key, n in counts.most_common()
    ]


def _evidence(
    text: str, argued: list[str], dictionary: Dictionary, sentence_cos: np.ndarray | None
) -> list[Evidence]:
    chosen = []
    for i, sentence in enumerate(sentences(text)):
        terms, dims = [], []
        for key in argued:
            found = [h.text for h in dictionary.dimensions[key].lexicon.hits(sentence)]
            if found:
                dims.append(key)
                terms.extend(found)
        cues = [
            h.text for lex in (dictionary.drift, dictionary.cohesion) for h in lex.hits(sentence)
        ]
        weight = len(terms) + 0.5 * len(cues)
        if sentence_cos is not None and argued:
            weight += float(sentence_cos[i, [DIMENSIONS.index(d) for d in argued]].max())
        if weight > 0:
            chosen.append((weight, i, Evidence(sentence, dims, terms, cues)))
    best = sorted(chosen, key=lambda c: -c[0])[:EVIDENCE_SENTENCES]
    return [e for _, _, e in sorted(best, key=lambda c: c[1])]


def _argued(scores: dict[str, float], dictionary: Dictionary) -> list[str]:
    threshold = dictionary.scoring["argue_threshold"]
    top = int(dictionary.scoring["max_dimensions"])
    ranked = sorted((s, k) for k, s in scores.items() if s >= threshold)[::-1]
    return [k for _, k in ranked[:top]]


def _paragraph(index, block, dictionary, actors, cosines, sentence_cos, read=None) -> Paragraph:
    """One paragraph; ``read`` = (probabilities, argued flags, stance probabilities, stance)
    from the trained classifier, which then decides the dimensions and the stance."""
    text = block.text
    n_words = len(words(text))
    dict_scores, hits = _dictionary_scores(text, n_words, dictionary)
    emb = None
    scores = dict(dict_scores)
    if cosines is not None:
        emb = dict(zip(DIMENSIONS, _rescale(cosines, dictionary).round(3).tolist(), strict=True))
        scores = {k: (dict_scores[k] + emb[k]) / 2 for k in DIMENSIONS}
    argued = _argued(scores, dictionary)
    named = _actors(text, actors)
    anchored = bool(list(dictionary.anchors.hits(text))) or bool(hits["ties"]) or len(named) > 1
    stance, drift_score, drift, cohesion = _stance(text, dictionary, anchored)
    proba = stance_proba = None
    if read is not None:
        p, flags, sp, stance = read
        proba = dict(zip(DIMENSIONS, np.round(p, 3).tolist(), strict=True))
        stance_proba = dict(
            zip(("cohesion", "drift", "neutral"), np.round(sp, 3).tolist(), strict=True)
        )
        top = int(dictionary.scoring["max_dimensions"])
        argued = [DIMENSIONS[j] for j in np.argsort(-p, kind="stable") if flags[j]][:top]
        scores = proba
    years, decades = _years(text)
    return Paragraph(
        index=index,
        section=block.section,
        text=text,
        n_words=n_words,
        scores={k: round(v, 3) for k, v in scores.items()},
        dictionary_scores={k: round(v, 3) for k, v in dict_scores.items()},
        embedding_scores=emb,
        dimensions=argued,
        stance=stance,
        drift_score=drift_score,
        drift_cues=drift,
        cohesion_cues=cohesion,
        actors=named,
        years=years,
        decades=decades,
        evidence=_evidence(text, argued, dictionary, sentence_cos),
        probabilities=proba,
        stance_probabilities=stance_proba,
    )


def base_rates() -> dict[str, float]:
    """Share of the labelled UN speech paragraphs (gold, train split) arguing each dimension:
    the background against which a document's dimensions are read as distinctive."""
    from allydrift.text.labels import read_tsv

    gold = read_tsv("gold.tsv")
    gold = gold[gold["split"] == "train"]
    n = max(len(gold), 1)
    return {
        d: max(sum(d in dims.split(",") for dims in gold["dimensions"]), 1) / n for d in DIMENSIONS
    }


def _summary(paragraphs: list[Paragraph]) -> list[dict]:
    """Per dimension: paragraphs arguing it, scores, stance counts, and its ``lift`` over the
    background rate (mean probability, or share arguing it, over ``base_rates``); ``rank``
    orders the dimensions by lift, so that what every alliance text says does not win."""
    rows = []
    n = max(len(paragraphs), 1)
    base = base_rates()
    for key in DIMENSIONS:
        arguing = [p for p in paragraphs if key in p.dimensions]
        drift = sum(p.stance == "drift" for p in arguing)
        cohesion = sum(p.stance == "cohesion" for p in arguing)
        rows.append(
            {
                "dimension": key,
                "paragraphs": len(arguing),
                "share": round(len(arguing) / n, 3),
                "mean_score": round(float(np.mean([p.scores[key] for p in paragraphs])), 3),
                "max_score": round(max(p.scores[key] for p in paragraphs), 3),
                "drift": drift,
                "cohesion": cohesion,
                "net_drift": round((drift - cohesion) / len(arguing), 3) if arguing else 0.0,
                "base_rate": round(base[key], 3),
                "lift": round(_level(paragraphs, key, len(arguing) / n) / base[key], 2),
            }
        )
    lifts = [float(r["lift"]) for r in rows]  # type: ignore[arg-type]
    order = sorted(range(len(rows)), key=lambda i: (-lifts[i], i))
    for rank, i in enumerate(order, 1):
        rows[i]["rank"] = rank
    return rows


def _level(paragraphs: list[Paragraph], key: str, share: float) -> float:
    """Mean classifier probability of ``key`` (the share arguing it without a classifier)."""
    probs = [p.probabilities[key] for p in paragraphs if p.probabilities is not None]
    return float(np.mean(probs)) if probs else share


def _document_stance(paragraphs: list[Paragraph], margin: float) -> dict:
    counts = Counter(p.stance for p in paragraphs)
    drift, cohesion = counts.get("drift", 0), counts.get("cohesion", 0)
    score = (drift - cohesion) / (drift + cohesion) if drift + cohesion else 0.0
    label = "drift" if score >= margin else "cohesion" if score <= -margin else "mixed"
    if drift + cohesion == 0:
        label = "neutral"
    return {
        "label": label,
        "score": round(score, 3),
        **{k: counts.get(k, 0) for k in ("drift", "cohesion", "mixed", "neutral", "none")},
    }


def _stance_x(dim_x: np.ndarray, texts: list[str], dictionary: Dictionary) -> np.ndarray:
    return np.hstack([dim_x, classifier.stance_cues(texts, dictionary)])


def _use_embeddings(requested: bool | None) -> bool:
    if requested is None:
        return embed.available()
    if requested:
        embed.require()
    return requested


def analyze_document(
    document: Document, embeddings: bool | None = None, dictionary: Dictionary | None = None
) -> Analysis:
    """Analyse a ``Document``; ``embeddings=None`` uses the model if the extra is installed."""
    dictionary = dictionary or load_dictionary()
    actors = actor_index(dictionary)
    use = _use_embeddings(embeddings)
    texts = [b.text for b in document.blocks]
    cosines = sent_cos = reads = None
    trained = use and classifier.weights_available()
    if use:
        from allydrift.text.salience import dimension_cosines

        vectors = classifier.paragraph_vectors(texts)
        cosines = dimension_cosines(vectors, dictionary)
        split = [sentences(t) for t in texts]
        flat_sent = [s for ss in split for s in ss]
        sent_vectors = embed.embed(flat_sent)
        flat = dimension_cosines(sent_vectors, dictionary)
        if trained:  # the classifier decides; key sentences by its reading of each sentence
            weights = classifier.load_weights()
            px = classifier.features(vectors, classifier.dictionary_features(texts, dictionary))
            n_words = [len(words(t)) for t in texts]
            pred = classifier.predict_features(
                weights, px, _stance_x(px, texts, dictionary), n_words
            )
            reads = [
                (pred.proba[i], pred.argued[i], pred.stance_proba[i], pred.stance[i])
                for i in range(len(texts))
            ]
            sx = classifier.features(
                sent_vectors, classifier.dictionary_features(flat_sent, dictionary)
            )
            flat = classifier.predict_features(
                weights, sx, _stance_x(sx, flat_sent, dictionary)
            ).proba
        bounds = np.cumsum([0] + [len(ss) for ss in split])
        sent_cos = [flat[a:b] for a, b in itertools.pairwise(bounds)]
    paragraphs = [
        _paragraph(
            i + 1,
            block,
            dictionary,
            actors,
            None if cosines is None else cosines[i],
            None if sent_cos is None else sent_cos[i],
            None if reads is None else reads[i],
        )
        for i, block in enumerate(document.blocks)
    ]
    notes = list(document.notes)
    if not actors.complete:
        notes.append("state lists not in the cache: only the dictionary's actors are named")
    mentions: Counter = Counter()
    labels = {}
    for p in paragraphs:
        for a in p.actors:
            mentions[a["key"]] += a["mentions"]
            labels[a["key"]] = a["label"]
    return Analysis(
        name=document.name,
        title=document.title,
        format=document.format,
        method=("classifier" if trained else "dictionary + embedding") if use else "dictionary",
        dictionary=dictionary.tag,
        model=embed.model_tag() if use else None,
        n_words=sum(p.n_words for p in paragraphs),
        paragraphs=paragraphs,
        summary=_summary(paragraphs),
        stance=_document_stance(paragraphs, dictionary.scoring["stance_margin"]),
        actors=[{"key": k, "label": labels[k], "mentions": n} for k, n in mentions.most_common()],
        years=sorted({y for p in paragraphs for y in p.years}),
        notes=notes,
        structure=[
            {"kind": b.kind, "section": b.section, "text": b.text} for b in document.skipped
        ],
        classifier=classifier.WEIGHTS if trained else None,
    )


def analyze_text(
    text: str, name: str = "text", fmt: str = "text", embeddings: bool | None = None
) -> Analysis:
    """Analyse a string (``fmt``: ``text``, ``markdown`` or ``html``)."""
    return analyze_document(document_from_text(text, name, fmt), embeddings)


def analyze_files(
    paths: list[str | Path], embeddings: bool | None = None, max_bytes: int | None = None
) -> list[Analysis]:
    """Analyse each file; every file is read and checked before any is analysed."""
    from allydrift.text.documents import MAX_BYTES

    documents = [read_document(p, max_bytes or MAX_BYTES) for p in paths]
    return [analyze_document(d, embeddings) for d in documents]
