"""The shipped episode file: dated shifts of alignment with a direction and a citation.

Each episode carries a frozen ``split`` ("dev" or "test"): the parity of the first byte
of sha256 of its id, stored in the file and checked on load, so adding an episode never
moves another one between splits. The test split is for reporting only, never for tuning.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from allydrift.countries import State, resolve
from allydrift.errors import InputError, UnknownStateError

DIRECTIONS = ("closer", "apart")
SPLITS = ("dev", "test")
YEARS = (1946, 2024)
REQUIRED = ("id", "a", "b", "start", "end", "direction", "description", "citation", "split")


@dataclass(frozen=True)
class Episode:
    """One dated shift in a dyad's relations."""

    id: str
    a: State
    b: State
    start: int
    end: int
    direction: str
    description: str
    citation: str
    split: str
    rupture: bool = False

    @property
    def pair(self) -> tuple[int, int]:
        """The COW codes of the dyad, smaller first."""
        x, y = int(self.a.ccode or 0), int(self.b.ccode or 0)
        return (min(x, y), max(x, y))

    @property
    def sign(self) -> int:
        """+1 for "closer", −1 for "apart"."""
        return 1 if self.direction == "closer" else -1


def split_of(episode_id: str) -> str:
    """The frozen split of an id: "dev" if the first byte of sha256(id) is even."""
    return SPLITS[hashlib.sha256(episode_id.encode("utf-8")).digest()[0] % 2]


def default_path() -> Path:
    """The episode file shipped in the package."""
    return Path(str(resources.files("allydrift.validate").joinpath("episodes.toml")))


def resolve_state(value: object, where: str) -> State:
    """Resolve a state named in a validation file, with the entry in the message."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        msg = f"{where}: a state must be an ISO3 code or COW number; got {value!r}"
        raise InputError(msg)
    try:
        state = resolve(value)
    except UnknownStateError as exc:
        msg = f"{where}: {exc}; fix the state in the file"
        raise InputError(msg) from None
    if state.ccode is None:
        msg = f"{where}: {state} has no COW code; the index uses COW dyads"
        raise InputError(msg)
    return state


def _year(entry: dict, key: str, where: str) -> int:
    value = entry[key]
    if not isinstance(value, int) or isinstance(value, bool):
        msg = f"{where}: '{key}' must be a year (integer); got {value!r}"
        raise InputError(msg)
    if not YEARS[0] <= value <= YEARS[1]:
        msg = f"{where}: '{key}' = {value} is outside the data's years {YEARS[0]}–{YEARS[1]}"
        raise InputError(msg)
    return value


def parse(entry: dict, n: int) -> Episode:
    """Check one ``[[episode]]`` table and turn it into an ``Episode``."""
    where = f"episode {n} ({entry.get('id', 'no id')})"
    missing = [k for k in REQUIRED if k not in entry]
    if missing:
        msg = f"{where}: missing {', '.join(missing)}; every episode needs them"
        raise InputError(msg)
    for key in ("id", "description", "citation"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            msg = f"{where}: '{key}' must be non-empty text"
            raise InputError(msg)
    if entry["direction"] not in DIRECTIONS:
        msg = f"{where}: direction must be 'closer' or 'apart'; got {entry['direction']!r}"
        raise InputError(msg)
    start, end = _year(entry, "start", where), _year(entry, "end", where)
    if start > end:
        msg = f"{where}: start {start} is after end {end}"
        raise InputError(msg)
    if entry["split"] != split_of(entry["id"]):
        msg = (
            f"{where}: split is {entry['split']!r} but the hash of the id gives "
            f"{split_of(entry['id'])!r}; splits are frozen by id, do not edit them"
        )
        raise InputError(msg)
    rupture = entry.get("rupture", False)
    if not isinstance(rupture, bool):
        msg = f"{where}: 'rupture' must be true or false; got {rupture!r}"
        raise InputError(msg)
    a, b = resolve_state(entry["a"], where), resolve_state(entry["b"], where)
    if a.ccode == b.ccode:
        msg = f"{where}: a dyad needs two different states; got {a} twice"
        raise InputError(msg)
    return Episode(
        entry["id"],
        a,
        b,
        start,
        end,
        entry["direction"],
        entry["description"].strip(),
        entry["citation"].strip(),
        entry["split"],
        rupture,
    )


def load(path: str | Path | None = None) -> list[Episode]:
    """Read and check an episode file (the shipped one by default)."""
    p = Path(path) if path is not None else default_path()
    if not p.is_file():
        msg = f"episode file {p} does not exist; give a .toml file of [[episode]]s"
        raise InputError(msg)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        msg = f"episode file {p} is not valid TOML: {exc}"
        raise InputError(msg) from None
    entries = data.get("episode")
    if not isinstance(entries, list) or not entries:
        msg = f"episode file {p} has no [[episode]] tables"
        raise InputError(msg)
    episodes = [parse(e, n) for n, e in enumerate(entries, 1)]
    seen: set[str] = set()
    for e in episodes:
        if e.id in seen:
            msg = f"episode file {p}: the id '{e.id}' is used twice; ids must be unique"
            raise InputError(msg)
        seen.add(e.id)
    return episodes


def select(episodes: list[Episode], split: str = "all") -> list[Episode]:
    """The episodes of one split ("dev", "test") or all of them ("all")."""
    if split not in (*SPLITS, "all"):
        msg = f"split must be dev, test or all; got '{split}'"
        raise InputError(msg)
    return [e for e in episodes if split == "all" or e.split == split]


def table(episodes: list[Episode]) -> pd.DataFrame:
    """One row per episode."""
    return pd.DataFrame(
        [
            {
                "id": e.id,
                "state_a": e.a.iso3 or e.a.abb,
                "state_b": e.b.iso3 or e.b.abb,
                "ccode1": e.pair[0],
                "ccode2": e.pair[1],
                "start": e.start,
                "end": e.end,
                "direction": e.direction,
                "rupture": e.rupture,
                "split": e.split,
                "description": e.description,
                "citation": e.citation,
            }
            for e in episodes
        ]
    )
