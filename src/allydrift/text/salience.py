"""Salience of each alliance dimension and of named actors in every speech.

Two readings of how much a speech talks about a dimension:

- ``dictionary``: weighted dictionary hits per 1,000 words (core terms count twice), from
  the versioned dictionary (``dictionary_v1.toml``). Needs no model.
- ``embedding``: the mean, over the speech's passages, of the best cosine between the
  passage and the dimension's short descriptions (all-MiniLM-L6-v2), and its z-score
  across all speeches of the corpus. Needs the ``text`` extra.

Actor mentions count the dictionary's actors and every state by name (see ``actors``).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from allydrift.text.dictionary import Dictionary, load_dictionary
from allydrift.vocabulary import DIMENSIONS

SALIENCE_VERSION = "1"
PER_WORDS = 1000.0


def _speech_rows(speech: pd.Series, dictionary: Dictionary, actors) -> list[dict]:
    text = speech["text"]
    rows = []
    for key, dim in dictionary.dimensions.items():
        weight = sum(h.weight for h in dim.lexicon.hits(text))
        rows.append({"measure": key, "kind": "dimension", "count": weight})
    for target, count in actors.counts(text).items():
        rows.append({"measure": target, "kind": "actor", "count": float(count)})
    return rows


def _build_terms() -> pd.DataFrame:
    from allydrift.sources import ungdc
    from allydrift.text.actors import actor_index

    dictionary = load_dictionary()
    actors = actor_index(dictionary)
    speeches = ungdc.load("speeches")
    frames = []
    for speech in speeches.itertuples(index=False):
        rows = pd.DataFrame(_speech_rows(speech._asdict(), dictionary, actors))
        frames.append(
            rows.assign(
                code=speech.code,
                iso3=speech.iso3,
                ccode=speech.ccode,
                year=speech.year,
                n_words=speech.n_words,
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out["rate"] = out["count"] / out["n_words"].clip(lower=1) * PER_WORDS
    out["ccode"] = out["ccode"].astype("Int64")
    cols = ["code", "iso3", "ccode", "year", "n_words", "kind", "measure", "count", "rate"]
    return out[cols]


def speech_terms() -> pd.DataFrame:
    """Dictionary counts of every speech, long: one row per speech and dimension or actor.

    Columns ``code``, ``iso3``, ``ccode``, ``year``, ``n_words``, ``kind`` (``dimension`` or
    ``actor``), ``measure`` (dimension key, or the ISO3 code of the actor named), ``count``
    (weighted hits, or mentions) and ``rate`` (per 1,000 words). Cached as Parquet.
    """
    from allydrift import store
    from allydrift.sources import record_use, ungdc

    record_use(ungdc.SOURCE.id)
    version = f"{SALIENCE_VERSION}-{load_dictionary().tag}"
    return store.table("text.speech_terms", ungdc.speech_files(), lambda _: _build_terms(), version)


def dictionary_salience() -> pd.DataFrame:
    """Per speech (state-year): dictionary salience of each dimension, per 1,000 words."""
    terms = speech_terms()
    dims = terms[terms["kind"] == "dimension"]
    wide = dims.pivot_table(
        index=["code", "iso3", "ccode", "year", "n_words"], columns="measure", values="rate"
    )
    wide = wide.reindex(columns=list(DIMENSIONS)).reset_index()
    wide.columns.name = None
    wide["ccode"] = wide["ccode"].astype("Int64")
    return wide


def actor_mentions(targets: list[str] | None = None) -> pd.DataFrame:
    """Mentions of actors (ISO3) in each speech: count and rate per 1,000 words.

    A speech that never names an actor has a rate of 0 for it (the speech exists), so
    the table is completed with zeros for ``targets`` (default: every actor named once).
    """
    terms = speech_terms()
    acts = terms[terms["kind"] == "actor"]
    speeches = terms.drop_duplicates(["code", "year"])[["code", "iso3", "ccode", "year", "n_words"]]
    targets = sorted(acts["measure"].unique()) if targets is None else targets
    grid = speeches.merge(pd.DataFrame({"target": targets}), how="cross")
    found = acts.rename(columns={"measure": "target"})[["code", "year", "target", "count"]]
    out = grid.merge(found, on=["code", "year", "target"], how="left")
    out["count"] = out["count"].fillna(0.0)
    out["rate"] = out["count"] / out["n_words"].clip(lower=1) * PER_WORDS
    return out


@cache
def description_vectors(tag: str) -> dict[str, np.ndarray]:
    """Embeddings of each dimension's descriptions (needs the ``text`` extra)."""
    from allydrift.text import embed

    dictionary = load_dictionary()
    return {k: embed.embed(list(d.descriptions)) for k, d in dictionary.dimensions.items()}


def dimension_cosines(vectors: np.ndarray, dictionary: Dictionary | None = None) -> np.ndarray:
    """Best cosine of each row of ``vectors`` to each dimension's descriptions (n × 7)."""
    dictionary = dictionary or load_dictionary()
    protos = description_vectors(dictionary.tag)
    if len(vectors) == 0:
        return np.zeros((0, len(DIMENSIONS)))
    return np.stack([(vectors @ protos[d].T).max(axis=1) for d in DIMENSIONS], axis=1)


def _build_embedding() -> pd.DataFrame:
    from allydrift.text.corpus import IMPLICIT_LIMIT, corpus_embeddings

    emb = corpus_embeddings(max_new=IMPLICIT_LIMIT)
    cos = dimension_cosines(emb.passages)
    counts = np.diff(emb.offsets)
    sums = np.add.reduceat(cos, emb.offsets[:-1], axis=0)
    means = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], np.nan)
    out = emb.speeches[["code", "iso3", "ccode", "year", "n_words"]].copy()
    for i, dim in enumerate(DIMENSIONS):
        z = (means[:, i] - np.nanmean(means[:, i])) / np.nanstd(means[:, i], ddof=1)
        out[dim] = means[:, i]
        out[f"{dim}_z"] = z
    return out.reset_index(drop=True)


def embedding_salience() -> pd.DataFrame:
    """Per speech: mean best cosine of its passages to each dimension (and ``<dim>_z``).

    Needs the ``text`` extra; the first call embeds the corpus (cached).
    """
    from allydrift import store
    from allydrift.sources import record_use, ungdc
    from allydrift.text import embed
    from allydrift.text.corpus import PASSAGE_VERSION, PASSAGE_WORDS

    embed.require()
    record_use(ungdc.SOURCE.id)
    version = (
        f"{SALIENCE_VERSION}-{load_dictionary().tag}-{embed.fast_tag()}-"
        f"{PASSAGE_WORDS}-{PASSAGE_VERSION}"
    )
    return store.table(
        "text.salience_embedding", ungdc.speech_files(), lambda _: _build_embedding(), version
    )
