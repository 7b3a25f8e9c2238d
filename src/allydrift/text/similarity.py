"""Speech similarity of every pair of states in every year (world view).

Two measures: the cosine of the speeches' sentence embeddings (passages embedded with
all-MiniLM-L6-v2 and averaged) and the cosine of their TF-IDF vectors (a bag-of-words
baseline that needs no model). Raw cosines drift with the corpus (speech length, the states
present, the fashions of UN language), so each year is normalised against that year's
distribution of pairs: ``z`` (standard score) and ``pct`` (share of reference pairs with a
lower or equal cosine).

Two reference sets: ``core`` (default) — the pairs of states the mirror has in every year
(the states with a speech before 2015), so that years before and after the mirror adds all
speakers (2015) are normalised alike — and ``all`` — every pair present in the year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from allydrift.errors import InputError

METHODS = ("embedding", "tfidf")
REFERENCES = ("core", "all")
SIMILARITY_VERSION = "1"
ALL_PAIRS_FROM = 2015


def cosine_matrix(vectors) -> np.ndarray:  # vectors: ndarray or scipy sparse, unit rows
    """Cosine similarity of every pair of rows (rows must have unit length)."""
    prod = vectors @ vectors.T
    dense = np.asarray(prod.todense() if hasattr(prod, "todense") else prod, dtype=np.float64)
    return np.clip(dense, -1.0, 1.0)


def similarity_matrix(texts: list[str], method: str = "tfidf") -> np.ndarray:
    """Cosine similarity of every pair of ``texts`` (TF-IDF fitted on the texts themselves).

    >>> m = similarity_matrix([speech_a, speech_b, speech_c])  # m[i, i] == 1
    """
    _check(method, METHODS, "method")
    if len(texts) < 2:
        msg = f"similarity needs at least two texts; got {len(texts)}"
        raise InputError(msg)
    if method == "tfidf":
        from allydrift.text.corpus import tfidf_vectors

        return cosine_matrix(tfidf_vectors(list(texts), corpus=False))
    from allydrift.text import embed
    from allydrift.text.segment import passages

    vectors = np.stack([embed.mean_unit(embed.embed(passages(t) or [t])) for t in texts])
    return cosine_matrix(vectors)


def _check(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        msg = f"{what} must be one of {', '.join(allowed)}; got '{value}'"
        raise InputError(msg)


def _pairs(codes: np.ndarray, sims: np.ndarray, year: int) -> pd.DataFrame:
    """Upper-triangle pairs (``ccode1 < ccode2``) of one year's similarity matrix."""
    order = np.argsort(codes)
    codes, sims = codes[order], sims[np.ix_(order, order)]
    i, j = np.triu_indices(len(codes), k=1)
    return pd.DataFrame(
        {
            "ccode1": codes[i].astype(np.int32),
            "ccode2": codes[j].astype(np.int32),
            "year": np.int32(year),
            "cosine": sims[i, j],
        }
    )


def normalise_year(frame: pd.DataFrame, reference: np.ndarray) -> pd.DataFrame:
    """Add ``z`` and ``pct`` of ``cosine`` against the rows flagged by ``reference``."""
    ref = np.sort(frame.loc[reference, "cosine"].to_numpy())
    values = frame["cosine"].to_numpy()
    sd = ref.std(ddof=1) if len(ref) > 1 else np.nan
    z = (values - ref.mean()) / sd if len(ref) > 1 and sd > 0 else np.full(len(values), np.nan)
    pct = np.searchsorted(ref, values, side="right") / len(ref) if len(ref) else np.nan
    return frame.assign(z=z, pct=pct, n_ref=len(ref))


def core_states(speeches: pd.DataFrame) -> set[int]:
    """States the mirror covers in every period: those with a speech before 2015."""
    early = speeches[speeches["year"] < ALL_PAIRS_FROM]
    return set(early["ccode"].dropna().astype(int))


def pairs_by_year(speeches: pd.DataFrame, vectors) -> pd.DataFrame:
    """Cosine, z and percentile (both references) of every pair in every year."""
    core = core_states(speeches)
    codes_all = speeches["ccode"].to_numpy(dtype=np.int64)
    frames = []
    for year, idx in speeches.groupby("year", sort=True).indices.items():
        if len(idx) < 2:
            continue
        frame = _pairs(codes_all[idx], cosine_matrix(vectors[idx]), int(year))
        in_core = frame["ccode1"].isin(core).to_numpy() & frame["ccode2"].isin(core).to_numpy()
        by_core = normalise_year(frame, in_core)
        by_all = normalise_year(frame, np.ones(len(frame), dtype=bool))
        frames.append(
            by_core.rename(columns={"z": "z_core", "pct": "pct_core", "n_ref": "n_core"}).assign(
                z_all=by_all["z"], pct_all=by_all["pct"], n_all=by_all["n_ref"]
            )
        )
    return pd.concat(frames, ignore_index=True)


def _build(method: str) -> pd.DataFrame:
    from allydrift.text.corpus import (
        IMPLICIT_LIMIT,
        corpus_embeddings,
        state_speeches,
        tfidf_vectors,
    )

    speeches = state_speeches()
    if method == "tfidf":
        return pairs_by_year(speeches, tfidf_vectors(speeches["text"].tolist()))
    emb = corpus_embeddings(speeches, max_new=IMPLICIT_LIMIT)
    speeches = emb.speeches
    return pairs_by_year(speeches, emb.speech_vectors())


def _version(method: str) -> str:
    from allydrift.text.corpus import PASSAGE_VERSION, PASSAGE_WORDS, TFIDF_PARAMS

    if method == "tfidf":
        from allydrift.text.dictionary import load_dictionary

        params = ",".join(f"{k}={v}" for k, v in sorted(TFIDF_PARAMS.items()) if k != "dtype")
        return f"{SIMILARITY_VERSION}-tfidf-{params}-names-{load_dictionary().tag}"
    from allydrift.text import embed

    return f"{SIMILARITY_VERSION}-{embed.fast_tag()}-{PASSAGE_WORDS}-{PASSAGE_VERSION}"


def similarity_table(method: str = "embedding", reference: str = "core") -> pd.DataFrame:
    """Speech similarity of every pair of states and year, cached as Parquet.

    Returns columns ``ccode1 < ccode2``, ``year``, ``cosine``, ``z``, ``pct`` and ``n_ref``
    (the number of reference pairs that year). ``method="embedding"`` needs the ``text``
    extra and, the first time, embeds the whole corpus (see ``bench/text.py`` for timings).
    """
    from allydrift import store
    from allydrift.sources import record_use, ungdc

    _check(method, METHODS, "method")
    _check(reference, REFERENCES, "reference")
    if method == "embedding":
        from allydrift.text import embed

        embed.require()
    record_use(ungdc.SOURCE.id)
    full = store.table(
        f"text.similarity_{method}",
        ungdc.speech_files(),
        lambda _paths: _build(method),
        version=_version(method),
    )
    cols = {f"z_{reference}": "z", f"pct_{reference}": "pct", f"n_{reference}": "n_ref"}
    return full[["ccode1", "ccode2", "year", "cosine", *cols]].rename(columns=cols)
