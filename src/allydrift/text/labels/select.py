"""Choose the paragraphs to label: spread over decades, regions and the dimensions.

A keyword pre-filter (the dictionary's terms plus a few UN-debate phrasings below) puts each
candidate paragraph in one stratum: the dimension with most hits, or ``none`` when no
dimension term occurs. Within each stratum paragraphs are drawn round-robin over decades and
regions, in an order fixed by a hash of the id, so the selection is deterministic. The
stratum only steers the draw: the labels say what a paragraph argues.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

import pandas as pd

from allydrift.text.labels import sha256
from allydrift.vocabulary import DIMENSIONS

MIN_WORDS, MAX_WORDS = 35, 140
PER_STRATUM = 54
PER_SPEECH = 1
# UN-debate phrasings of dimensions the alliance dictionary words for commentary.
_EXTRA = {
    "presence": r"foreign (military )?(bases|troops|forces)|military bases|troops stationed|"
    r"withdrawal of (all )?foreign|occupation forces|garrison",
    "burden_sharing": r"burden|assessed contributions|scale of assessments|financial crisis of "
    r"the (united nations|organization)|share of the (costs|expenses)|peacekeeping budget",
    "ties": r"alliance|allies|allied|treaty of (friendship|alliance|mutual)|partnership|"
    r"bilateral relations|close (friend|friendship)",
    "history": r"colonial(ism)?|apolog|second world war|memorial|war crimes|reparations",
    "threat": r"threat|aggression|nuclear weapons|missile|terroris",
}


def region(ccode: int | None) -> str:
    """Region of a state by its COW code (the COW numbering is by region)."""
    if ccode is None or pd.isna(ccode):
        return "other"
    c = int(ccode)
    if c < 200:
        return "americas"
    if c < 400:
        return "europe"
    if c < 600:
        return "africa"
    if c < 700:
        return "middle_east"
    if c < 900:
        return "asia"
    return "oceania"


def _order(key: str) -> str:
    return hashlib.sha256(("select-v1|" + key).encode()).hexdigest()


def candidates() -> pd.DataFrame:
    """Every paragraph of MIN_WORDS–MAX_WORDS words with its stratum and hit counts."""
    from allydrift.sources import ungdc
    from allydrift.text.dictionary import load_dictionary
    from allydrift.text.segment import paragraphs

    dictionary = load_dictionary()
    extra = {k: re.compile(v, re.I) for k, v in _EXTRA.items()}
    speeches = ungdc.load("speeches").drop_duplicates(["code", "year"])
    rows = []
    for sp in speeches.itertuples(index=False):
        for pos, text in enumerate(paragraphs(sp.text)):
            n = len(text.split())
            if not MIN_WORDS <= n <= MAX_WORDS or not text[:1].isupper():
                continue
            hits = {d: len(list(dictionary.dimensions[d].lexicon.hits(text))) for d in DIMENSIONS}
            for d, rx in extra.items():
                hits[d] += len(rx.findall(text))
            best = max(DIMENSIONS, key=lambda d: (hits[d], -DIMENSIONS.index(d)))
            stratum = best if hits[best] >= 2 else "none" if hits[best] == 0 else ""
            if not stratum:
                continue
            rows.append(
                {
                    "id": f"{sp.code}-{sp.year}-p{pos:03d}",
                    "code": sp.code,
                    "session": int(sp.session),
                    "year": int(sp.year),
                    "paragraph": pos,
                    "n_words": n,
                    "region": region(sp.ccode),
                    "decade": int(sp.year) // 10 * 10,
                    "stratum": stratum,
                    "sha256": sha256(text),
                }
            )
    return pd.DataFrame(rows)


def select(cands: pd.DataFrame, per_stratum: int = PER_STRATUM) -> pd.DataFrame:
    """Round-robin over (decade, region) cells within each stratum; ≤ 1 paragraph a speech."""
    chosen = []
    used: set[tuple[str, int]] = set()
    for stratum in (*DIMENSIONS, "none"):
        pool = cands[cands["stratum"] == stratum]
        cells: dict[tuple, list] = defaultdict(list)
        for row in sorted(pool.itertuples(index=False), key=lambda r: _order(r.id)):
            cells[(row.decade, row.region)].append(row)
        # Decades first so that old speeches are not crowded out by the 2015–2024 years.
        keys = sorted(cells, key=lambda k: _order(f"{stratum}|{k}"))
        taken = 0
        while taken < per_stratum and any(cells[k] for k in keys):
            for decade in sorted({k[0] for k in keys}):
                for key in [k for k in keys if k[0] == decade]:
                    while cells[key]:
                        row = cells[key].pop(0)
                        if (row.code, row.year) not in used:
                            used.add((row.code, row.year))
                            chosen.append(row)
                            taken += 1
                            break
                    break_out = taken >= per_stratum
                    if break_out:
                        break
                    keys.append(keys.pop(keys.index(key)))  # rotate regions within decade
                    break
                if taken >= per_stratum:
                    break
    out = pd.DataFrame(chosen)
    cols = ["id", "code", "session", "year", "paragraph", "n_words", "region", "stratum"]
    return out[[*cols, "sha256"]].sort_values(["year", "code"], ignore_index=True)


def main() -> None:
    """Write ``selection.tsv`` next to this module."""
    from pathlib import Path

    out = select(candidates())
    path = Path(__file__).with_name("selection.tsv")
    header = (
        "# Paragraphs of UN General Debate speeches selected for labelling "
        "(allydrift.text.labels.select).\n"
        "# paragraph = 0-based position under allydrift.text.segment.paragraphs; "
        "sha256 of its UTF-8 text. No text is stored.\n"
    )
    path.write_text(header + out.to_csv(sep="\t", index=False), encoding="utf-8")
    print(f"wrote {len(out)} paragraphs to {path}")


if __name__ == "__main__":
    main()
