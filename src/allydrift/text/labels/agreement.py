"""Agreement between labelling passes, adjudicated gold labels and the frozen test split.

- ``read_pass(name)``: a pass as one row per id with a set of dimensions and a stance.
- ``agreement(a, b)``: Cohen's kappa per dimension (present / absent) and for stance.
- ``adjudicate(p1, p2)``: the gold labels (rule in the docstring and in docs/text.md).
- ``split_of(id)``: ``test`` for about 30 % of ids, fixed by a hash of the id alone, so no
  label, model or tuning choice can move a paragraph between the splits.
"""

from __future__ import annotations

import hashlib

import pandas as pd

from allydrift.errors import InputError
from allydrift.text.labels import NONE, STANCES, load_selection, read_tsv
from allydrift.vocabulary import DIMENSIONS

TEST_SHARE = 0.30
SPLIT_SALT = "allydrift-text-split-v1"


def split_of(label_id: str) -> str:
    """``test`` or ``train``: the first 8 hex digits of sha256(salt|id) against 30 %."""
    digest = hashlib.sha256(f"{SPLIT_SALT}|{label_id}".encode()).hexdigest()
    return "test" if int(digest[:8], 16) / 16**8 < TEST_SHARE else "train"


def parse_pass(df: pd.DataFrame, name: str = "pass") -> pd.DataFrame:
    """Validate a pass (``id``, ``dimensions``, ``stance``) against the selection."""
    for col in ("id", "dimensions", "stance"):
        if col not in df.columns:
            msg = f"{name}: expected columns id, dimensions, stance; found {list(df)}"
            raise InputError(msg)
    known = set(load_selection()["id"])
    rows = []
    for rid, dims, stance in df[["id", "dimensions", "stance"]].itertuples(index=False):
        rid, stance = str(rid).strip(), str(stance).strip().lower()
        items = {d.strip().lower() for d in str(dims).replace(";", ",").split(",") if d.strip()}
        if rid not in known:
            msg = f"{name}: id '{rid}' is not in selection.tsv"
            raise InputError(msg)
        bad = items - set(DIMENSIONS) - {NONE}
        if bad or not items or (NONE in items and len(items) > 1):
            msg = (
                f"{name}: {rid} has dimensions '{dims}'; expected a comma-separated list of "
                f"{', '.join(DIMENSIONS)} or 'none' alone"
            )
            raise InputError(msg)
        if stance not in STANCES:
            msg = f"{name}: {rid} has stance '{stance}'; expected {', '.join(STANCES)}"
            raise InputError(msg)
        rows.append({"id": rid, "dims": frozenset(items - {NONE}), "stance": stance})
    out = pd.DataFrame(rows)
    if out["id"].duplicated().any():
        msg = f"{name}: duplicate ids, e.g. {out['id'][out['id'].duplicated()].iloc[0]}"
        raise InputError(msg)
    return out


def read_pass(name: str) -> pd.DataFrame:
    """A packaged pass (``pass1.tsv``, ``pass2.tsv``, ``gold.tsv``), validated."""
    return parse_pass(read_tsv(name), name)


def indicator_matrix(df: pd.DataFrame) -> pd.DataFrame:
    """One 0/1 column per dimension (and ``none``), indexed by id."""
    out = pd.DataFrame({d: [int(d in s) for s in df["dims"]] for d in DIMENSIONS}, index=df["id"])
    out[NONE] = (out.sum(axis=1) == 0).astype(int)
    return out


def cohen_kappa(a: list, b: list) -> float:
    """Cohen's kappa of two label lists (1.0 when both are constant and equal)."""
    from sklearn.metrics import cohen_kappa_score

    if len(a) != len(b) or not len(a):
        msg = "kappa needs two label lists of the same, non-zero length"
        raise InputError(msg)
    if len(set(a) | set(b)) == 1:
        return 1.0
    return float(cohen_kappa_score(a, b))


def agreement(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Kappa, raw agreement and prevalence per dimension, ``none`` and stance (common ids)."""
    common = sorted(set(a["id"]) & set(b["id"]))
    if not common:
        msg = "the two passes share no paragraph id"
        raise InputError(msg)
    ma = indicator_matrix(a).loc[common]
    mb = indicator_matrix(b).loc[common]
    rows = []
    for col in (*DIMENSIONS, NONE):
        x, y = ma[col].tolist(), mb[col].tolist()
        rows.append(
            {
                "label": col,
                "n": len(common),
                "kappa": round(cohen_kappa(x, y), 3),
                "agree": round(sum(i == j for i, j in zip(x, y, strict=True)) / len(x), 3),
                "pass1_pos": sum(x),
                "pass2_pos": sum(y),
            }
        )
    sa = a.set_index("id").loc[common, "stance"].tolist()
    sb = b.set_index("id").loc[common, "stance"].tolist()
    rows.append(
        {
            "label": "stance",
            "n": len(common),
            "kappa": round(cohen_kappa(sa, sb), 3),
            "agree": round(sum(i == j for i, j in zip(sa, sb, strict=True)) / len(sa), 3),
            "pass1_pos": sum(s != "neutral" for s in sa),
            "pass2_pos": sum(s != "neutral" for s in sb),
        }
    )
    return pd.DataFrame(rows)


def adjudicate(p1: pd.DataFrame, p2: pd.DataFrame | None = None) -> pd.DataFrame:
    """Gold labels: dimensions both passes give, plus a dimension only one pass gives when the
    other pass gives no dimension the first lacks (one pass saw more, the other nothing
    contrary); otherwise pass 1. Stance: agreement stands; where they differ and one says
    ``neutral``, ``neutral`` (a lean only one labeller saw is not evidence); otherwise pass 1.
    Ids missing from pass 2 keep pass 1. Adds ``source`` (``agree``/``rule``/``pass1``).
    """
    if p2 is None:
        return p1.assign(source="pass1")
    second = p2.set_index("id")
    rows = []
    for rid, d1, s1 in p1[["id", "dims", "stance"]].itertuples(index=False):
        if rid not in second.index:
            rows.append({"id": rid, "dims": d1, "stance": s1, "source": "pass1"})
            continue
        d2, s2 = second.at[rid, "dims"], second.at[rid, "stance"]
        if d1 <= d2 or d2 <= d1:
            dims, dsrc = d1 | d2, "agree" if d1 == d2 else "rule"
        else:
            dims, dsrc = d1, "pass1"
        if s1 == s2:
            stance = s1
        elif "neutral" in (s1, s2):
            stance, dsrc = "neutral", dsrc if dsrc != "agree" else "rule"
        else:
            stance, dsrc = s1, "pass1"
        rows.append({"id": rid, "dims": frozenset(dims), "stance": stance, "source": dsrc})
    return pd.DataFrame(rows)


def to_tsv(df: pd.DataFrame) -> str:
    """A pass or gold table as TSV text (``id``, ``dimensions``, ``stance`` [, ``source``])."""
    out = df.assign(
        dimensions=[",".join(d for d in DIMENSIONS if d in s) or NONE for s in df["dims"]]
    )
    cols = ["id", "dimensions", "stance"] + (["source"] if "source" in df else [])
    return out[cols].to_csv(sep="\t", index=False)
