"""The materialised panel: stored once, read in slices, rebuilt when code or data change."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from allydrift import materialised
from allydrift.errors import OptionalDataError
from allydrift.indicators import Indicator, registered
from allydrift.indicators.registry import REGISTRY

PAIRS = [(2, 740), (2, 200), (365, 710)]  # USA–JPN, USA–GBR, RUS–CHN


def _synthetic(pairs, years):
    rng = np.random.default_rng(7)
    rows = [
        {"ccode1": a, "ccode2": b, "year": y, "value": float(rng.normal())}
        for a, b in [(2, 20), (2, 740), (20, 740), (200, 740)]
        for y in range(1950, 2021)
    ]
    df = pd.DataFrame(rows)
    if pairs is not None:
        wanted = {(min(a, b), max(a, b)) for a, b in pairs}
        df = df[[(a, b) in wanted for a, b in zip(df.ccode1, df.ccode2, strict=True)]]
    if years is not None:
        df = df[df.year.between(*years)]
    return df.assign(indicator="zz_synthetic").reset_index(drop=True)


@pytest.fixture
def synthetic(monkeypatch, tmp_path):
    monkeypatch.setenv("ALLYDRIFT_CACHE", str(tmp_path))
    registered()
    ind = Indicator("zz_synthetic", "ties", 1, "x", "undirected", (), "test", _synthetic)
    monkeypatch.setitem(REGISTRY, "zz_synthetic", ind)
    return ind


def test_a_built_table_answers_like_compute(synthetic):
    assert materialised.build(["zz_synthetic"]).status == {"zz_synthetic": "built"}
    got = materialised.read(synthetic, [(740, 2)], (1990, 1999))
    want = _synthetic([(2, 740)], (1990, 1999))
    assert len(got) == 10
    np.testing.assert_allclose(got["value"], want["value"])
    assert (got["ccode1"] == 2).all()
    assert (got["ccode2"] == 740).all()
    every = materialised.read(synthetic)
    assert len(every) == len(_synthetic(None, None))
    assert materialised.build(["zz_synthetic"]).status == {"zz_synthetic": "stored"}


def test_a_code_change_rebuilds_only_that_indicator(synthetic, monkeypatch):
    materialised.build(["zz_synthetic"])
    before = materialised.path(synthetic)
    monkeypatch.setattr(materialised, "PANEL_VERSION", "test-changed")
    materialised.version.cache_clear()
    after = materialised.path(synthetic)
    assert after != before
    assert not after.exists()
    assert materialised.build(["zz_synthetic"]).status == {"zz_synthetic": "built"}
    materialised.version.cache_clear()


def test_a_missing_table_is_built_on_first_read_and_says_so(synthetic):
    with pytest.warns(UserWarning, match="building the indicator panel"):
        rows = materialised.read(synthetic, [(2, 20)])
    assert len(rows) == 71


def test_optional_data_not_computed_is_recorded_with_the_reason(monkeypatch, tmp_path):
    monkeypatch.setenv("ALLYDRIFT_CACHE", str(tmp_path))

    def needs_embeddings(pairs, years):
        msg = "embeddings not computed: run allydrift text embed"
        raise OptionalDataError(msg)

    registered()
    ind = Indicator("zz_optional", "history", 1, "x", "undirected", (), "t", needs_embeddings)
    monkeypatch.setitem(REGISTRY, "zz_optional", ind)
    assert materialised.build(["zz_optional"]).status == {"zz_optional": "unavailable"}
    assert "allydrift text embed" in (materialised.unavailable(ind) or "")
    with pytest.raises(OptionalDataError, match="text embed"):
        materialised.read(ind, [(2, 740)])
    table = materialised.status().set_index("indicator")
    assert table.loc["zz_optional", "state"] == "unavailable"


@pytest.mark.data
@pytest.mark.slow
@pytest.mark.parametrize("pair", PAIRS)
def test_stored_slices_equal_the_direct_computation(pair):
    """The old code path (``ind.compute`` for the pair) gives the same rows."""
    for ind in registered().values():
        if materialised.unavailable(ind) is not None:
            continue
        asked = [pair, pair[::-1]] if ind.kind == "directed" else [pair]
        old = ind.compute(asked, (1946, 2023))
        new = materialised.read(ind, asked, (1946, 2023))
        keys = ["ccode", "year"] if ind.kind == "monadic" else ["ccode1", "ccode2", "year"]
        old = old.sort_values(keys, ignore_index=True)
        new = new.sort_values(keys, ignore_index=True)
        assert len(old) == len(new), ind.name
        for key in keys:
            assert (old[key].to_numpy() == new[key].to_numpy()).all(), ind.name
        np.testing.assert_allclose(new["value"], old["value"], rtol=1e-9, err_msg=ind.name)


@pytest.mark.data
def test_the_index_panel_for_a_pair_is_a_slice_of_the_all_dyad_panel():
    from allydrift.index.panel import build_panel, scored

    inds = [i for i in scored() if materialised.unavailable(i) is None][:6]
    one = build_panel(inds, [(2, 740)], (1980, 2000))
    every = build_panel(inds, None, (1980, 2000))
    mask = ((every.keys["ccode1"] == 2) & (every.keys["ccode2"] == 740)).to_numpy()
    np.testing.assert_array_equal(one.keys.to_numpy(), every.keys[mask].to_numpy())
    np.testing.assert_allclose(one.values, every.values[mask])


def test_an_unavailable_record_lapses_when_optional_data_appear(monkeypatch, tmp_path):
    monkeypatch.setenv("ALLYDRIFT_CACHE", str(tmp_path))
    state = {"ready": False}

    def needs_embeddings(pairs, years):
        if not state["ready"]:
            msg = "embeddings not computed"
            raise OptionalDataError(msg)
        return _synthetic(pairs, years)

    registered()
    ind = Indicator("zz_later", "history", 1, "x", "undirected", (), "t", needs_embeddings)
    monkeypatch.setitem(REGISTRY, "zz_later", ind)
    assert materialised.build(["zz_later"]).status == {"zz_later": "unavailable"}
    state["ready"] = True
    (tmp_path / "text" / "embeddings" / "model").mkdir(parents=True)  # embeddings written
    assert materialised.unavailable(ind) is None
    with pytest.warns(UserWarning, match="building the indicator panel"):
        rows = materialised.read(ind, [(2, 740)], (2000, 2001))
    assert len(rows) == 2
