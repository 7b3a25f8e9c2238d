"""Laws of the spell counter and of the dyadic merge, on generated dyad tables (no data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from allydrift.spells import add_spells, restricted_cubic_basis, spells
from allydrift.verbs import merge_dyadic


@st.composite
def dyad_tables(draw):
    """A directed dyad-year table over a few states and years, with a symmetric event."""
    states = draw(st.lists(st.integers(2, 999), min_size=2, max_size=5, unique=True))
    first = draw(st.integers(1816, 2000))
    n_years = draw(st.integers(1, 15))
    rows = [
        (a, b, y) for y in range(first, first + n_years) for a in states for b in states if a < b
    ]
    events = draw(
        st.lists(st.sampled_from([0.0, 0.0, 1.0, np.nan]), min_size=len(rows), max_size=len(rows))
    )
    und = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"]).assign(ev=events)
    back = und.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    both = pd.concat([und, back], ignore_index=True)
    return both.sample(frac=1, random_state=draw(st.integers(0, 999))).reset_index(drop=True)


@settings(max_examples=60, deadline=None)
@given(dyad_tables())
def test_spells_keep_rows_count_years_since_the_last_event_and_are_symmetric(df):
    out = add_spells(df, "ev", knots=[0, 2, 5])
    assert len(out) == len(df)
    pd.testing.assert_frame_equal(out[df.columns], df)
    assert out.loc[df.ev.isna(), "ev_spell"].isna().all()
    for _, g in out.sort_values("year").groupby(["ccode1", "ccode2"]):
        prev_year, prev_ev, prev_spell = None, None, None
        for year, ev, spell in g[["year", "ev", "ev_spell"]].itertuples(index=False):
            if np.isnan(ev):
                prev_year = None
                continue
            if prev_year is None or year != prev_year + 1 or prev_ev == 1:
                assert spell == 0
            else:
                assert spell == prev_spell + 1
            prev_year, prev_ev, prev_spell = year, ev, spell
    flipped = out.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1", "ev_spell": "back"})
    m = out.merge(flipped[["ccode1", "ccode2", "year", "back"]], on=["ccode1", "ccode2", "year"])
    assert ((m.ev_spell == m.back) | (m.ev_spell.isna() & m.back.isna())).all()
    assert np.allclose(out.ev_spell2, out.ev_spell**2, equal_nan=True)


@settings(max_examples=60, deadline=None)
@given(dyad_tables(), st.integers(0, 10_000))
def test_undirected_merge_keeps_rows_and_gives_both_directions_one_value(df, seed):
    rng = np.random.default_rng(seed)
    und = df[df.ccode1 < df.ccode2][["ccode1", "ccode2", "year"]].drop_duplicates()
    right = und.sample(frac=0.5, random_state=seed).assign(x=lambda d: rng.normal(size=len(d)))
    out = merge_dyadic(df, right, ["x"], undirected=True)
    assert len(out) == len(df)
    flipped = out.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1", "x": "y"})
    m = out.merge(flipped[["ccode1", "ccode2", "year", "y"]], on=["ccode1", "ccode2", "year"])
    assert ((m.x == m.y) | (m.x.isna() & m.y.isna())).all()


def test_spell_counter_by_hand():
    unit = np.array([1, 1, 1, 1, 1, 2, 2])
    year = np.array([2000, 2001, 2002, 2003, 2005, 2000, 2001])
    event = np.array([0, 1, 0, 0, 0, 1, 0], dtype=float)
    assert spells(unit, year, event).tolist() == [0, 1, 0, 1, 0, 0, 0]


def test_restricted_cubic_basis_is_linear_beyond_the_last_knot():
    x = np.array([10.0, 11.0, 12.0, 13.0])
    basis = restricted_cubic_basis(x, [0, 2, 5])[:, 0]
    assert np.allclose(np.diff(basis, 2), 0)
    assert restricted_cubic_basis(np.array([0.0, 1.0]), [1, 2, 3])[:, 0].tolist() == [0.0, 0.0]
