"""Weights of the Alliance Cohesion Index: equal, from a file, or data-driven.

The index weights in two tiers: each dimension has a weight, and each indicator has a
weight within its dimension. A name a scheme does not mention gets weight 1, so equal
weights are the empty scheme. Only ratios matter: the index renormalises over the
indicators and dimensions a dyad-year actually has.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import cast

import numpy as np
import pandas as pd

from allydrift.errors import CoverageError, InputError, MissingExtraError
from allydrift.indicators import DIMENSIONS, registered

#: PCA correlations need at least this many reference dyad-years with both indicators.
MIN_COMPLETE_ROWS = 30


@dataclass(frozen=True)
class Weights:
    """A weighting scheme: dimension weights and within-dimension indicator weights."""

    name: str = "equal"
    dimensions: Mapping[str, float] = field(default_factory=dict)
    indicators: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_values(self.dimensions, "dimension")
        _check_values(self.indicators, "indicator")
        object.__setattr__(self, "dimensions", MappingProxyType(dict(self.dimensions)))
        object.__setattr__(self, "indicators", MappingProxyType(dict(self.indicators)))

    def __reduce__(self) -> tuple:
        """Pickle as plain dicts (read-only mapping proxies cannot be pickled)."""
        return (Weights, (self.name, dict(self.dimensions), dict(self.indicators)))

    def dimension(self, name: str) -> float:
        """The weight of dimension ``name`` (1 if the scheme does not mention it)."""

        return float(self.dimensions.get(name, 1.0))

    def indicator(self, name: str) -> float:
        """The within-dimension weight of indicator ``name`` (1 if not mentioned)."""
        return float(self.indicators.get(name, 1.0))

    def to_dict(self) -> dict[str, object]:
        """A plain dict (for JSON and TOML)."""
        return {
            "name": self.name,
            "dimensions": dict(self.dimensions),
            "indicators": dict(self.indicators),
        }


def _check_values(values: Mapping[str, float], what: str) -> None:
    for key, value in values.items():
        if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            msg = f"the weight of {what} '{key}' must be a finite number ≥ 0; got {value!r}"
            raise InputError(msg)


def equal() -> Weights:
    """Equal weights: every dimension counts the same, every indicator within it too."""
    return Weights("equal")


def from_mapping(data: Mapping[str, object], name: str = "user") -> Weights:
    """Weights from ``{"dimensions": {...}, "indicators": {...}}``, checked against the
    registered dimensions and indicators."""
    unknown_keys = set(data) - {"dimensions", "indicators", "name"}
    if unknown_keys:
        msg = (
            "a weights file has the tables [dimensions] and [indicators]; "
            f"found also {', '.join(sorted(unknown_keys))}"
        )
        raise InputError(msg)
    dims = dict(cast("Mapping[str, float]", data.get("dimensions", {}) or {}))
    inds = dict(cast("Mapping[str, float]", data.get("indicators", {}) or {}))
    bad_dims = sorted(set(dims) - set(DIMENSIONS))
    if bad_dims:
        msg = (
            f"unknown dimension(s) {', '.join(bad_dims)} in the weights; "
            f"the dimensions are {', '.join(DIMENSIONS)}"
        )
        raise InputError(msg)
    bad_inds = sorted(set(inds) - set(registered()))
    if bad_inds:
        msg = (
            f"unknown indicator(s) {', '.join(bad_inds)} in the weights. "
            "Run `allydrift indicators` for the list."
        )
        raise InputError(msg)
    return Weights(str(data.get("name", name)), dims, inds)


def from_file(path: str | Path) -> Weights:
    """Read weights from a TOML (``.toml``) or YAML (``.yaml``/``.yml``) file::

    [dimensions]
    world_view = 2
    ties = 1

    [indicators]
    pact_offense = 0   # drop it from the ties dimension
    """
    path = Path(path)
    if not path.is_file():
        msg = f"weights file {path} does not exist; give a .toml or .yaml file"
        raise InputError(msg)
    text = path.read_text("utf-8")
    data: object
    if path.suffix.lower() == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            msg = f"{path} is not valid TOML: {exc}"
            raise InputError(msg) from None
    elif path.suffix.lower() in {".yaml", ".yml"}:
        data = _read_yaml(text, path)
    else:
        msg = f"weights files are .toml or .yaml; got '{path.name}'"
        raise InputError(msg)
    if not isinstance(data, dict):
        msg = f"{path} must hold tables [dimensions] and [indicators]"
        raise InputError(msg)
    return from_mapping(data, name=path.stem)


def _read_yaml(text: str, path: Path) -> object:
    try:
        import yaml
    except ImportError:
        msg = (
            "YAML weights files need the package 'pyyaml', which is not installed. "
            "Install it with: pip install pyyaml — or write the weights as TOML."
        )
        raise MissingExtraError(msg) from None
    try:
        return yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        msg = f"{path} is not valid YAML: {exc}"
        raise InputError(msg) from None


def principal_component(scores: np.ndarray, names: list[str], dims: list[str]) -> Weights:
    """Data-driven weights from the first principal component of ``scores``.

    ``scores`` holds normalised indicator scores (rows: reference dyad-years, columns:
    ``names``, whose dimensions are ``dims``). Following the OECD/JRC handbook on
    composite indicators, an indicator's weight is its squared loading on the first
    principal component of the correlation matrix (so the weights sum to 1); a
    dimension's weight is the sum of its indicators' weights. Indicators cover different
    years, so each correlation uses the rows where both indicators are observed (at
    least ``MIN_COMPLETE_ROWS``; fewer count as 0). Constant columns get weight 0.
    """
    frame = pd.DataFrame(scores, columns=names)
    varying = (frame.std() > 0).to_numpy()
    if varying.sum() == 0 or frame.notna().sum().max() < MIN_COMPLETE_ROWS:
        msg = (
            f"PCA weights need at least {MIN_COMPLETE_ROWS} reference dyad-years per "
            "indicator that vary; found too few. Use equal weights or a weights file."
        )
        raise CoverageError(msg)
    corr = frame.corr(min_periods=MIN_COMPLETE_ROWS).fillna(0.0).to_numpy(copy=True)
    np.fill_diagonal(corr, varying.astype(float))
    corr[~varying, :] = 0.0
    corr[:, ~varying] = 0.0
    _, vectors = np.linalg.eigh(corr)
    loading = vectors[:, -1] ** 2
    loading /= loading.sum()
    dim_w: dict[str, float] = {}
    for dim, w in zip(dims, loading, strict=True):
        dim_w[dim] = dim_w.get(dim, 0.0) + float(w)
    return Weights("pca", dim_w, {n: float(w) for n, w in zip(names, loading, strict=True)})
