"""Words as evidence: UN General Debate speeches scored on the alliance dimensions.

- World view: speech similarity of the two states' General Debate speeches in a year,
  by sentence embeddings (``text`` extra) and by TF-IDF (no extra), as a z-score against
  that year's pairs of the states covered in every year (see ``allydrift.text.similarity``).
- History: which partner raises the other's past as grievance (``history_grievance``,
  directed) and grievance against reconciliation about each other (``history_wedge``,
  scored; higher = the past divides); how much both dwell on the past at all
  (``history_salience``, context only: a shared past recalled is not a wedge).
- Monadic salience of each dimension and of the threat actors (China, North Korea,
  Russia), and the directed salience of the partner (mentions of B in A's speech).

A state-year without a speech in the corpus has no row: missing, never zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from allydrift.indicators.registry import (
    DIMENSIONS,
    Pairs,
    Years,
    filter_pairs,
    filter_states,
    filter_years,
    indicator,
    long_rows,
)
from allydrift.vocabulary import THREAT_ACTORS

COVERAGE = (1946, 2024)
SOURCES = ("ungdc",)
_NAMES = {"china": "China", "north_korea": "North Korea", "russia": "Russia (USSR)"}


def _similarity(method: str, name: str, pairs: Pairs, years: Years) -> pd.DataFrame:
    from allydrift.text.similarity import similarity_table

    table = filter_years(filter_pairs(similarity_table(method), pairs, undirected=True), years)
    return long_rows(table, name, "z")


@indicator(
    "speech_similarity",
    dimension="world_view",
    direction=1,
    unit="z-score of embedding cosine within the year",
    kind="undirected",
    sources=SOURCES,
    description="Similarity of the two states' UN General Debate speeches: cosine of their "
    "sentence embeddings (all-MiniLM-L6-v2, passages averaged), standardised against that "
    "year's pairs of the states covered in every year. Needs the `text` extra.",
    coverage=COVERAGE,
)
def speech_similarity(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    from allydrift.text.corpus import require_embeddings

    require_embeddings()
    return _similarity("embedding", "speech_similarity", pairs, years)


@indicator(
    "speech_similarity_tfidf",
    dimension="world_view",
    direction=1,
    unit="z-score of TF-IDF cosine within the year",
    kind="undirected",
    sources=SOURCES,
    description="Similarity of the two states' UN General Debate speeches: cosine of their "
    "TF-IDF word vectors, standardised against that year's pairs of the states covered in "
    "every year (a bag-of-words baseline for speech_similarity).",
    coverage=COVERAGE,
)
def speech_similarity_tfidf(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return _similarity("tfidf", "speech_similarity_tfidf", pairs, years)


def _state_years(column: str, table: pd.DataFrame, pairs: Pairs, years: Years) -> pd.DataFrame:
    """``ccode``, ``year``, ``value`` for states with a COW code, filtered."""
    df = table.dropna(subset=["ccode"])[["ccode", "year", column]].rename(columns={column: "value"})
    df = df.astype({"ccode": "int32", "year": "int32"})
    return filter_years(filter_states(df, pairs), years)


def dyad_mean(states: pd.DataFrame, pairs: Pairs) -> pd.DataFrame:
    """Every undirected pair of states present in a year, with the mean of their values."""
    a = states.rename(columns={"ccode": "ccode1", "value": "v1"})
    b = states.rename(columns={"ccode": "ccode2", "value": "v2"})
    both = a.merge(b, on="year")
    both = both[both["ccode1"] < both["ccode2"]]
    both = both.assign(value=(both["v1"] + both["v2"]) / 2.0)
    return filter_pairs(both[["ccode1", "ccode2", "year", "value"]], pairs, undirected=True)


@indicator(
    "history_salience",
    dimension="history",
    direction=0,
    unit="history terms per 1,000 words (mean of both states)",
    kind="undirected",
    sources=SOURCES,
    description="How much the two states' UN General Debate speeches dwell on wartime "
    "history (apology, comfort women, Hiroshima and Nagasaki, war dead, Yasukuni, colonial "
    "rule…): weighted dictionary hits per 1,000 words, mean of both states. Context only "
    "(not scored): recalling a shared past is not a wedge; see history_wedge.",
    coverage=COVERAGE,
)
def history_salience(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    from allydrift.text.salience import dictionary_salience

    states = _state_years("history", dictionary_salience(), pairs, years)
    return long_rows(dyad_mean(states, pairs), "history_salience", "value")


@indicator(
    "history_salience_embedding",
    dimension="history",
    direction=0,
    unit="z-score across speeches (mean of both states)",
    kind="undirected",
    sources=SOURCES,
    description="History salience read by the sentence model: mean cosine of each speech's "
    "passages to short descriptions of wartime memory, z-scored across the corpus, mean of "
    "both states. Needs the `text` extra.",
    coverage=COVERAGE,
)
def history_salience_embedding(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    from allydrift.text.corpus import require_embeddings
    from allydrift.text.salience import embedding_salience

    require_embeddings()
    states = _state_years("history_z", embedding_salience(), pairs, years)
    return long_rows(dyad_mean(states, pairs), "history_salience_embedding", "value")


def _register_dimension_salience(dimension: str) -> None:
    name = f"speech_salience_{dimension}"

    @indicator(
        name,
        dimension=dimension,
        direction=0,
        unit="dictionary terms per 1,000 words",
        kind="monadic",
        sources=SOURCES,
        description=f"Salience of the {dimension.replace('_', ' ')} dimension in the state's "
        "UN General Debate speech: weighted dictionary hits per 1,000 words.",
        coverage=COVERAGE,
    )
    def compute(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
        from allydrift.text.salience import dictionary_salience

        states = _state_years(dimension, dictionary_salience(), pairs, years)
        return long_rows(states, name, "value", keys=("ccode", "year"))


def _register_actor_salience(key: str, iso3: str) -> None:
    name = f"speech_mentions_{key}"

    @indicator(
        name,
        dimension="threat",
        direction=0,
        unit="mentions per 1,000 words",
        kind="monadic",
        sources=SOURCES,
        description=f"Mentions of {_NAMES[key]} (names, demonyms, capital, leaders) in the "
        "state's UN General Debate speech, per 1,000 words.",
        coverage=COVERAGE,
    )
    def compute(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
        from allydrift.text.salience import actor_mentions

        rates = actor_mentions([iso3])
        states = _state_years("rate", rates, pairs, years)
        return long_rows(states, name, "value", keys=("ccode", "year"))


for _dimension in DIMENSIONS:
    _register_dimension_salience(_dimension)
for _key, _iso3 in THREAT_ACTORS.items():
    _register_actor_salience(_key, _iso3)


def partner_mentions_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """Directed: mentions of state B (``ccode2``) in A's (``ccode1``) speech per 1,000 words."""
    from allydrift.sources.ungdc import state_for_code
    from allydrift.text.salience import actor_mentions

    rates = actor_mentions()
    rates = filter_years(rates.dropna(subset=["ccode"]), years)
    keys = rates[["target", "year"]].drop_duplicates()
    codes = [state_for_code(t, int(y))[0] for t, y in keys.itertuples(index=False)]
    keys = keys.assign(ccode2=pd.array(codes, dtype="Int64"))
    out = rates.merge(keys, on=["target", "year"]).dropna(subset=["ccode2"])
    out = out.assign(ccode1=out["ccode"].astype(np.int32), ccode2=out["ccode2"].astype(np.int32))
    out = out[out["ccode1"] != out["ccode2"]]
    out = out.groupby(["ccode1", "ccode2", "year"], as_index=False)["rate"].sum()
    return filter_pairs(out, pairs, undirected=False)


@indicator(
    "speech_partner_mentions",
    dimension="ties",
    direction=0,
    unit="mentions per 1,000 words",
    kind="directed",
    sources=SOURCES,
    description="How often state A's UN General Debate speech names state B (names, and "
    "for the main actors demonyms and capitals), per 1,000 words.",
    coverage=COVERAGE,
)
def speech_partner_mentions(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(partner_mentions_table(pairs, years), "speech_partner_mentions", "rate")


def history_pairs(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """Directed: grievance and reconciliation sentences of A's speech about B's past.

    Columns ``ccode1`` (the speaker), ``ccode2`` (the state named), ``year``,
    ``grievance``, ``reconciliation`` (sentence counts) and ``n_words`` (A's speech). Every
    directed pair of states that both spoke that year has a row (zero counts if none).
    """
    from allydrift.sources.ungdc import state_for_code
    from allydrift.text.history import history_sentences

    hist = filter_years(history_sentences().dropna(subset=["ccode"]), years)
    hist = hist[hist["target"] != ""]
    keys = hist[["target", "year"]].drop_duplicates()
    codes = [state_for_code(t, int(y))[0] for t, y in keys.itertuples(index=False)]
    keys = keys.assign(ccode2=pd.array(codes, dtype="Int64"))
    hist = hist.merge(keys, on=["target", "year"]).dropna(subset=["ccode2"])
    hist = hist.assign(
        ccode1=hist["ccode"].astype(np.int32), ccode2=hist["ccode2"].astype(np.int32)
    )
    found = hist.groupby(["ccode1", "ccode2", "year"], as_index=False)[
        ["grievance", "reconciliation"]
    ].sum()
    from allydrift.text.salience import dictionary_salience

    spoke = _state_years("n_words", dictionary_salience(), pairs, years)
    a = spoke.rename(columns={"ccode": "ccode1", "value": "n_words"})
    b = spoke.rename(columns={"ccode": "ccode2"})[["ccode2", "year"]]
    grid = a.merge(b, on="year")
    grid = filter_pairs(grid[grid["ccode1"] != grid["ccode2"]], pairs, undirected=False)
    out = grid.merge(found, on=["ccode1", "ccode2", "year"], how="left")
    out[["grievance", "reconciliation"]] = out[["grievance", "reconciliation"]].fillna(0)
    return out


@indicator(
    "history_grievance",
    dimension="history",
    direction=-1,
    unit="grievance sentences about B's past per 1,000 words of A's speech",
    kind="directed",
    sources=SOURCES,
    description="Which partner raises the other's past: sentences of A's UN General Debate "
    "speech that speak of the past (history terms), name B and read as grievance (apology "
    "demanded, atrocities, comfort women, forced labour, colonial rule, denial, shrines, "
    "reparations) rather than reconciliation, per 1,000 words. Higher = A holds B's past "
    "against it; compare A→B with B→A to see who raises whose past.",
    coverage=COVERAGE,
)
def history_grievance(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    df = history_pairs(pairs, years)
    df = df.assign(value=df["grievance"] / df["n_words"].clip(lower=1) * 1000.0)
    return long_rows(df, "history_grievance", "value", keys=("ccode1", "ccode2", "year"))


@indicator(
    "history_wedge",
    dimension="history",
    direction=-1,
    unit="(grievance − reconciliation) sentences about each other per 1,000 words",
    kind="undirected",
    sources=SOURCES,
    description="History as a wedge: grievance minus reconciliation sentences about each "
    "other's past in both states' UN General Debate speeches, per 1,000 words of the two "
    "speeches. Positive = the past divides them (grievance dominates), negative = they "
    "recall a shared or reconciled past, 0 = neither raises the other's past.",
    coverage=COVERAGE,
)
def history_wedge(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    df = history_pairs(None if pairs is None else pairs + [(b, a) for a, b in pairs], years)
    lo = df[["ccode1", "ccode2"]].min(axis=1)
    hi = df[["ccode1", "ccode2"]].max(axis=1)
    df = df.assign(ccode1=lo, ccode2=hi, net=df["grievance"] - df["reconciliation"])
    both = df.groupby(["ccode1", "ccode2", "year"], as_index=False).agg(
        net=("net", "sum"), n_words=("n_words", "sum"), n=("net", "size")
    )
    both = both[both["n"] == 2]  # both speeches exist
    both = both.assign(value=both["net"] / both["n_words"].clip(lower=1) * 1000.0)
    both = filter_pairs(both, pairs, undirected=True)
    return long_rows(both, "history_wedge", "value")
