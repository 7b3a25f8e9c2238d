"""Hand-labelled paragraphs of UN General Debate speeches: the project's own measuring stick.

The labels are keyed by speech (corpus code, session, year) and paragraph position under
``segment.paragraphs``, with the sha256 of the paragraph text; no speech text is stored here.
``paragraph_texts()`` reads the paragraphs back from the cache and checks every hash.

Files in this package: ``selection.tsv`` (which paragraphs), ``pass1.tsv`` and ``pass2.tsv``
(two independent labelling passes), ``gold.tsv`` (adjudicated). Guidelines:
``docs/text-labels.md``.
"""

from __future__ import annotations

import hashlib
from importlib import resources

import pandas as pd

from allydrift.errors import ChecksumError, InputError, NotCachedError

STANCES = ("drift", "cohesion", "neutral")
NONE = "none"
SELECTION = "selection.tsv"


def sha256(text: str) -> str:
    """Hex sha256 of a paragraph's UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_tsv(name: str) -> pd.DataFrame:
    """A packaged label file (``selection.tsv``, ``pass1.tsv``, ``gold.tsv``…)."""
    path = resources.files("allydrift.text.labels").joinpath(name)
    if not path.is_file():
        msg = f"no label file '{name}' in allydrift.text.labels"
        raise InputError(msg)
    with path.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, sep="\t", dtype=str, keep_default_na=False, comment="#")


def load_selection() -> pd.DataFrame:
    """The selected paragraphs: ``id``, ``code``, ``session``, ``year``, ``paragraph``…"""
    df = read_tsv(SELECTION)
    for col in ("session", "year", "paragraph", "n_words"):
        df[col] = df[col].astype(int)
    return df


def paragraph_texts(selection: pd.DataFrame | None = None) -> pd.DataFrame:
    """The selection with a ``text`` column read from the cached speeches, hashes checked."""
    from allydrift.sources import ungdc
    from allydrift.text.segment import paragraphs

    sel = load_selection() if selection is None else selection
    speeches = ungdc.load("speeches").drop_duplicates(["code", "year"])
    by_key = {(c, int(y)): t for c, y, t in speeches[["code", "year", "text"]].itertuples(False)}
    texts: list[str] = []
    split: dict[tuple[str, int], list[str]] = {}
    for row in sel.itertuples(index=False):
        key = (row.code, int(row.year))
        if key not in by_key:
            msg = (
                f"label {row.id}: no speech {row.code} {row.year} in the cache; "
                "import the mirror with `allydrift fetch --from /work/shared/data`"
            )
            raise NotCachedError(msg)
        if key not in split:
            split[key] = paragraphs(by_key[key])
        paras = split[key]
        text = paras[row.paragraph] if row.paragraph < len(paras) else ""
        if sha256(text) != row.sha256:
            msg = (
                f"label {row.id}: paragraph {row.paragraph} of {row.code} {row.year} does not "
                "match its stored hash (the speech or the paragraph splitter changed); "
                "the labels must be re-keyed"
            )
            raise ChecksumError(msg)
        texts.append(text)
    return sel.assign(text=texts)
