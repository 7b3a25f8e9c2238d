"""Text as evidence: UN General Debate speeches and any document, on the alliance dimensions.

- ``similarity_table(method)``: speech similarity of every pair of states and year
  (``embedding`` with the ``text`` extra, or ``tfidf``), normalised within each year;
  ``dyad_similarity(a, b)`` the same for one pair.
- ``dictionary_salience()`` / ``embedding_salience()``: salience of each dimension in every
  speech; ``state_salience(state)`` for one state; ``actor_mentions()`` names per speech.
- ``analyze_files(paths)`` / ``analyze_text(text)``: paragraph-level reading of any
  document; ``render.to_json`` / ``render.to_html`` write it out.
- ``load_dictionary()``: the versioned dictionary (``dictionary_v1.toml``).
"""

from __future__ import annotations

import pandas as pd

from allydrift.countries import resolve_pair
from allydrift.countries.resolver import require_ccode
from allydrift.errors import CoverageError
from allydrift.text.analyze import Analysis, analyze_document, analyze_files, analyze_text
from allydrift.text.dictionary import Dictionary, load_dictionary
from allydrift.text.documents import Document, read_document
from allydrift.text.salience import actor_mentions, dictionary_salience, embedding_salience
from allydrift.text.similarity import similarity_matrix, similarity_table
from allydrift.vocabulary import THREAT_ACTORS

__all__ = [
    "Analysis",
    "Dictionary",
    "Document",
    "actor_mentions",
    "analyze_document",
    "analyze_files",
    "analyze_text",
    "dictionary_salience",
    "dyad_similarity",
    "embedding_salience",
    "load_dictionary",
    "prepare_embeddings",
    "read_document",
    "similarity_matrix",
    "similarity_table",
    "state_salience",
]

Span = tuple[int, int] | None


def _in_years(df: pd.DataFrame, years: Span) -> pd.DataFrame:
    if years is None:
        return df
    return df[(df["year"] >= years[0]) & (df["year"] <= years[1])]


def dyad_similarity(
    a: str | int, b: str | int, method: str = "tfidf", years: Span = None, reference: str = "core"
) -> pd.DataFrame:
    """Year-by-year speech similarity of states ``a`` and ``b``.

    Columns ``year``, ``state_a``, ``state_b``, ``cosine``, ``z``, ``pct``, ``n_ref``.

    >>> dyad_similarity("USA", "JPN", years=(2000, 2024))
    """
    sa, sb = resolve_pair(a, b)
    lo, hi = sorted((require_ccode(sa), require_ccode(sb)))
    table = similarity_table(method, reference)
    rows = _in_years(table[(table["ccode1"] == lo) & (table["ccode2"] == hi)], years)
    if rows.empty:
        span = f" in {years[0]}–{years[1]}" if years else ""
        msg = (
            f"no pair of UN General Debate speeches for {sa} and {sb}{span}. The mirror "
            "holds every year for 19 states and every speaker for 2015–2024; see "
            "`allydrift sources`."
        )
        raise CoverageError(msg)
    out = rows.drop(columns=["ccode1", "ccode2"]).sort_values("year")
    out.insert(1, "state_a", sa.iso3 or sa.abb)
    out.insert(2, "state_b", sb.iso3 or sb.abb)
    return out.reset_index(drop=True)


def prepare_embeddings(batch_size: int = 32, progress: bool = True) -> dict:
    """Embed the whole corpus (cached per year) and cache the embedding-based tables.

    Returns ``speeches``, ``embedded`` (newly), ``passages`` and ``seconds``.
    """
    import time

    from allydrift.text.corpus import corpus_embeddings, missing_speeches

    start = time.perf_counter()
    todo = missing_speeches()
    emb = corpus_embeddings(progress=progress and todo > 0, batch_size=batch_size)
    similarity_table("embedding")
    embedding_salience()
    return {
        "speeches": len(emb.speeches),
        "embedded": todo,
        "passages": len(emb.passages),
        "seconds": time.perf_counter() - start,
    }


def state_salience(state: str | int, years: Span = None) -> pd.DataFrame:
    """Salience of each dimension (and mentions of China, North Korea, Russia) per year.

    Values are dictionary terms (or mentions) per 1,000 words of the state's speech.
    """
    from allydrift.countries import resolve

    st = resolve(state)
    sal = dictionary_salience()
    rows = _in_years(sal[sal["ccode"] == st.ccode], years)
    if rows.empty:
        raise CoverageError(
            f"no UN General Debate speech of {st} in the corpus"
            + (f" for {years[0]}–{years[1]}" if years else "")
        )
    mentions = actor_mentions(list(THREAT_ACTORS.values()))
    mentions = mentions[mentions["ccode"] == st.ccode].pivot_table(
        index="year", columns="target", values="rate"
    )
    names = {iso: f"mentions_{key}" for key, iso in THREAT_ACTORS.items()}
    out = rows.drop(columns=["code", "iso3", "ccode"]).merge(
        mentions.rename(columns=names).reset_index(), on="year", how="left"
    )
    return out.sort_values("year").reset_index(drop=True)
