"""The speech corpus as vectors: passage embeddings (cached per year) and TF-IDF.

Embedding ~3,000 long speeches on a CPU takes a while, so passage embeddings are cached in
``<cache>/text/embeddings/`` as one ``.npz`` file per year, named by a digest of the model,
the passage splitter and the speeches of that year. An interrupted run resumes at the first
year not yet on disk; a changed speech, model or splitter recomputes only its year.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from allydrift import config
from allydrift.errors import InputError, MissingExtraError, OptionalDataError
from allydrift.text import embed
from allydrift.text.segment import passages

IMPLICIT_LIMIT = 60
PASSAGE_WORDS = 100
PASSAGE_VERSION = "2"
MAX_PASSAGES = 12
TFIDF_PARAMS = {
    "lowercase": True,
    "token_pattern": r"(?u)\b[^\W\d_]{2,}\b",
    "sublinear_tf": True,
    "min_df": 3,
    "max_df": 0.5,
    "dtype": np.float32,
}


class EmbeddingsNotComputedError(OptionalDataError):
    """The corpus embeddings are not cached and are too many to compute on the way."""


def state_speeches() -> pd.DataFrame:
    """Speeches of states with a COW code (``ungdc`` ``speeches``), one per state-year."""
    from allydrift.sources import ungdc

    df = ungdc.load("speeches")
    df = df.dropna(subset=["ccode"]).drop_duplicates(["ccode", "year"])
    return df.reset_index(drop=True)


def corpus_digest(speeches: pd.DataFrame) -> str:
    """A digest of the speeches' codes, years and texts (part of cache keys)."""
    digest = hashlib.sha256(f"{PASSAGE_WORDS}/{PASSAGE_VERSION}/{MAX_PASSAGES}".encode())
    for code, year, text in speeches[["code", "year", "text"]].itertuples(index=False):
        digest.update(f"{code}|{year}|".encode())
        digest.update(hashlib.sha256(text.encode()).digest())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class CorpusEmbeddings:
    """Passage embeddings of a set of speeches.

    ``passages[offsets[i]:offsets[i + 1]]`` are the unit vectors of speech ``i`` (row ``i``
    of ``speeches``).
    """

    speeches: pd.DataFrame
    passages: np.ndarray
    offsets: np.ndarray

    def speech_vectors(self) -> np.ndarray:
        """One unit vector per speech: the normalised mean of its passage vectors."""
        sums = np.add.reduceat(self.passages, self.offsets[:-1], axis=0)
        counts = np.diff(self.offsets)
        sums[counts == 0] = 0.0
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        return np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)

    def passages_of(self, i: int) -> np.ndarray:
        """The passage vectors of speech ``i``."""
        return self.passages[self.offsets[i] : self.offsets[i + 1]]


def embeddings_dir() -> Path:
    """Where passage embeddings are cached, per model."""
    return config.cache_dir() / "text" / "embeddings" / embed.fast_tag().replace("@", "-")


def _save(path: Path, passages_: np.ndarray, counts: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, passages=passages_.astype(np.float16), counts=counts)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _shard(group: pd.DataFrame) -> Path:
    return embeddings_dir() / f"{int(group['year'].iloc[0])}-{corpus_digest(group)}.npz"


def _year_block(group: pd.DataFrame, batch_size: int) -> tuple[np.ndarray, np.ndarray]:
    path = _shard(group)
    if path.is_file():
        try:
            with np.load(path) as data:
                return data["passages"].astype(np.float32), data["counts"]
        except (OSError, ValueError, KeyError):  # a damaged cache file is rebuilt
            path.unlink(missing_ok=True)
    pieces = [speech_passages(text) for text in group["text"]]
    counts = np.array([len(p) for p in pieces], dtype=np.int64)
    vectors = embed.embed([p for ps in pieces for p in ps], batch_size=batch_size, fast=True)
    _save(path, vectors, counts)
    return vectors, counts


def speech_passages(text: str, limit: int = MAX_PASSAGES) -> list[str]:
    """The passages of a speech that are embedded: all of them, or ``limit`` spread evenly
    over a longer speech (the speech vector is their mean; see docs/text.md)."""
    pieces = passages(text, PASSAGE_WORDS)
    if len(pieces) <= limit:
        return pieces
    picks = np.linspace(0, len(pieces) - 1, limit).round().astype(int)
    return [pieces[i] for i in sorted(set(picks.tolist()))]


def missing_speeches(speeches: pd.DataFrame | None = None) -> int:
    """How many of ``speeches`` (default: all) have no cached embeddings yet."""
    embed.require()
    speeches = state_speeches() if speeches is None else speeches
    return sum(
        len(group)
        for _, group in speeches.sort_values(["year", "code"]).groupby("year")
        if not _shard(group).is_file()
    )


def require_embeddings() -> None:
    """Raise ``EmbeddingsNotComputedError`` (before loading any model) unless the corpus
    embeddings are cached: an indicator never starts the corpus embedding on its way."""
    todo = missing_speeches()
    if todo > IMPLICIT_LIMIT:
        msg = (
            f"the sentence embeddings of {todo:,} UN General Debate speeches are not in the "
            "cache yet. Compute them once with: allydrift text embed (resumable; see "
            "docs/text.md for the time it takes). TF-IDF similarity needs no embeddings."
        )
        raise EmbeddingsNotComputedError(msg)


def corpus_embeddings(
    speeches: pd.DataFrame | None = None,
    progress: bool = True,
    batch_size: int = 32,
    max_new: int | None = None,
) -> CorpusEmbeddings:
    """Passage embeddings of ``speeches`` (default: all state speeches), cached per year.

    ``max_new`` caps how many speeches may be embedded on the way (indicators pass
    ``IMPLICIT_LIMIT``): beyond it, ``EmbeddingsNotComputedError`` asks for
    ``allydrift text embed``, so that a report never starts an hour of work unasked.
    """
    from rich.progress import Progress

    embed.require()
    speeches = state_speeches() if speeches is None else speeches.reset_index(drop=True)
    order = speeches.sort_values(["year", "code"], kind="stable").index
    speeches = speeches.loc[order].reset_index(drop=True)
    if max_new is not None and (todo := missing_speeches(speeches)) > max_new:
        msg = (
            f"the sentence embeddings of {todo:,} UN General Debate speeches are not in the "
            "cache yet. Compute them once with: allydrift text embed (about 45 minutes on two "
            "CPU cores; it resumes where it stopped). TF-IDF similarity needs no embeddings: "
            "--method tfidf."
        )
        raise EmbeddingsNotComputedError(msg)
    blocks, all_counts = [], []
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("embedding speeches", total=len(speeches))
        for _, group in speeches.groupby("year", sort=True):
            vectors, counts = _year_block(group, batch_size)
            blocks.append(vectors)
            all_counts.append(counts)
            bar.advance(task, len(group))
    counts = np.concatenate(all_counts) if all_counts else np.zeros(0, dtype=np.int64)
    stacked = np.concatenate(blocks) if blocks else np.zeros((0, embed.DIM), np.float32)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return CorpusEmbeddings(speeches, stacked, offsets)


def _sklearn_text():  # -> the sklearn.feature_extraction.text module
    try:
        from sklearn.feature_extraction import text
    except ImportError:
        msg = "scikit-learn"
        raise MissingExtraError.for_module(msg, "text") from None
    return text


@cache
def tfidf_stop_words() -> tuple[str, ...]:
    """English stop words plus every word of the actors' names and demonyms.

    Two speeches that name each other ("the United States", "Cuba") are not alike in
    world view for that: names are left out of the bag of words.
    """
    from allydrift.text.actors import actor_index
    from allydrift.text.matching import expand

    names = {
        word.lower()
        for _, term, _ in actor_index().lexicon.entries
        for spelling in expand(term)
        for word in re.findall(r"[^\W\d_]{2,}", spelling)
    }
    return tuple(sorted(set(_sklearn_text().ENGLISH_STOP_WORDS) | names))


def tfidf_vectors(texts: list[str], corpus: bool = True):  # -> scipy.sparse.csr_matrix
    """L2-normalised TF-IDF rows of ``texts`` (vocabulary fitted on the same texts).

    Stop words and state names are left out (``tfidf_stop_words``). ``corpus=True`` drops
    rare words (fewer than 3 documents) and words in more than half of them, as for the
    speech corpus; for a handful of texts every word is kept.
    """
    params = {**TFIDF_PARAMS, "stop_words": list(tfidf_stop_words())}
    if not corpus:
        params.update(min_df=1, max_df=1.0)
    try:
        return _sklearn_text().TfidfVectorizer(**params).fit_transform(texts)
    except ValueError:  # sklearn: "empty vocabulary"
        msg = "the texts have no words left after removing English stop words: expected prose"
        raise InputError(msg) from None
