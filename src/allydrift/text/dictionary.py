"""The versioned dictionary of the alliance dimensions, compiled into fast matchers.

The dictionary is a TOML file (``dictionary_v1.toml`` in this package; its header documents
the term syntax). ``load_dictionary()`` validates it and compiles each list of terms into
one regular expression whose matches say which term (and so which dimension, actor or cue)
they come from.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from allydrift.errors import InputError
from allydrift.text.matching import Lexicon
from allydrift.vocabulary import DIMENSIONS

DEFAULT_DICTIONARY = "dictionary_v1.toml"
_SCORING_KEYS = (
    "dict_half",
    "embed_floor",
    "embed_ceiling",
    "argue_threshold",
    "max_dimensions",
    "stance_margin",
    "negation_window",
)


@dataclass(frozen=True)
class Dimension:
    """One alliance dimension of the dictionary."""

    key: str
    label: str
    question: str
    descriptions: tuple[str, ...]
    lexicon: Lexicon


@dataclass(frozen=True)
class Actor:
    """A named actor: a label, the state it is (ISO3) and its terms."""

    key: str
    label: str
    iso3: str | None
    terms: tuple[str, ...]
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dictionary:
    """A loaded, validated and compiled dictionary."""

    name: str
    version: str
    digest: str
    scoring: dict[str, float]
    dimensions: dict[str, Dimension]
    actors: dict[str, Actor]
    drift: Lexicon
    cohesion: Lexicon
    negators: Lexicon
    refuters: Lexicon
    anchors: Lexicon

    @property
    def tag(self) -> str:
        """``name-vVERSION-DIGEST8``: identifies the dictionary in cache keys and outputs."""
        return f"{self.name}-v{self.version}-{self.digest[:8]}"

    def actor_entries(self) -> list[tuple[str, str, float]]:
        """Lexicon entries of the dictionary's actors (key = actor key)."""
        rows = [(a.key, t, 1.0) for a in self.actors.values() for t in a.terms]
        return rows + [(a.key, t, 0.0) for a in self.actors.values() for t in a.exclude]


def _require(table: dict, key: str, where: str) -> Any:
    if key not in table:
        msg = f"the dictionary lacks '{key}' in [{where}]; see {DEFAULT_DICTIONARY}"
        raise InputError(msg)
    return table[key]


def _dimension(key: str, spec: dict) -> Dimension:
    core = [(key, t, 2.0) for t in spec.get("core", [])]
    terms = [(key, t, 1.0) for t in _require(spec, "terms", f"dimensions.{key}")]
    terms += [(key, t, 0.0) for t in spec.get("exclude", [])]
    return Dimension(
        key=key,
        label=str(_require(spec, "label", f"dimensions.{key}")),
        question=str(spec.get("question", "")),
        descriptions=tuple(_require(spec, "descriptions", f"dimensions.{key}")),
        lexicon=Lexicon(core + terms),
    )


def _actor(key: str, spec: dict) -> Actor:
    return Actor(
        key=key,
        label=str(_require(spec, "label", f"actors.{key}")),
        iso3=spec.get("iso3"),
        terms=tuple(_require(spec, "terms", f"actors.{key}")),
        exclude=tuple(spec.get("exclude", [])),
    )


def _cues(stance: dict, name: str, key: str) -> Lexicon:
    return Lexicon((key, t, 1.0) for t in _require(stance, name, "stance"))


def parse_dictionary(text: str) -> Dictionary:
    """Validate and compile a dictionary from its TOML text."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = f"the dictionary is not valid TOML: {exc}"
        raise InputError(msg) from None
    meta = _require(raw, "meta", "top level")
    dims = _require(raw, "dimensions", "top level")
    if set(dims) != set(DIMENSIONS):
        msg = (
            f"the dictionary must define exactly the dimensions {', '.join(DIMENSIONS)}; "
            f"found {', '.join(dims)}"
        )
        raise InputError(msg)
    scoring = _require(raw, "scoring", "top level")
    stance = _require(raw, "stance", "top level")
    negators = [("neg", t, 1.0) for t in _require(stance, "negators", "stance")]
    negators += [("neg", t, 0.0) for t in stance.get("not_negators", [])]
    return Dictionary(
        name=str(_require(meta, "name", "meta")),
        version=str(_require(meta, "version", "meta")),
        digest=hashlib.sha256(text.encode()).hexdigest(),
        scoring={k: float(_require(scoring, k, "scoring")) for k in _SCORING_KEYS},
        dimensions={k: _dimension(k, dims[k]) for k in DIMENSIONS},
        actors={k: _actor(k, v) for k, v in raw.get("actors", {}).items()},
        drift=_cues(stance, "drift", "drift"),
        cohesion=_cues(stance, "cohesion", "cohesion"),
        negators=Lexicon(negators),
        refuters=Lexicon(("refute", t, 1.0) for t in stance.get("refuters", [])),
        anchors=_cues(stance, "anchors", "anchor"),
    )


@cache
def _default() -> Dictionary:
    text = resources.files("allydrift.text").joinpath(DEFAULT_DICTIONARY).read_text("utf-8")
    return parse_dictionary(text)


def load_dictionary(path: str | Path | None = None) -> Dictionary:
    """The packaged dictionary (default) or one read from ``path``."""
    if path is None:
        return _default()
    file = Path(path)
    if not file.is_file():
        msg = f"no dictionary file at {file}; expected a TOML file like {DEFAULT_DICTIONARY}"
        raise InputError(msg)
    return parse_dictionary(file.read_text("utf-8"))
