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
        raise InputError(f"{where}: a state must be an ISO3 code or COW number; got {value!r}")
    try:
        state = resolve(value)
    except UnknownStateError as exc:
        raise InputError(f"{where}: {exc}; fix the state in the file") from None
    if state.ccode is None:
        raise InputError(f"{where}: {state} has no COW code; the index uses COW dyads")
    return state


def _year(entry: dict, key: str, where: str) -> int:
    value = entry[key]
    if not isinstance(value, int) or isinstance(value, bool):
        raise InputError(f"{where}: '{key}' must be a year (integer); got {value!r}")
    if not YEARS[0] <= value <= YEARS[1]:
        raise InputError(
            f"{where}: '{key}' = {value} is outside the data's years {YEARS[0]}–{YEARS[1]}"
        )
    return value


def parse(entry: dict, n: int) -> Episode:
    """Check one ``[[episode]]`` table and turn it into an ``Episode``."""
    where = f"episode {n} ({entry.get('id', 'no id')})"
    missing = [k for k in REQUIRED if k not in entry]
    if missing:
        raise InputError(f"{where}: missing {', '.join(missing)}; every episode needs them")
    for key in ("id", "description", "citation"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise InputError(f"{where}: '{key}' must be non-empty text")
    if entry["direction"] not in DIRECTIONS:
        raise InputError(
            f"{where}: direction must be 'closer' or 'apart'; got {entry['direction']!r}"
        )
    start, end = _year(entry, "start", where), _year(entry, "end", where)
    if start > end:
        raise InputError(f"{where}: start {start} is after end {end}")
    if entry["split"] != split_of(entry["id"]):
        raise InputError(
            f"{where}: split is {entry['split']!r} but the hash of the id gives "
            f"{split_of(entry['id'])!r}; splits are frozen by id, do not edit them"
        )
    rupture = entry.get("rupture", False)
    if not isinstance(rupture, bool):
        raise InputError(f"{where}: 'rupture' must be true or false; got {rupture!r}")
    a, b = resolve_state(entry["a"], where), resolve_state(entry["b"], where)
    if a.ccode == b.ccode:
        raise InputError(f"{where}: a dyad needs two different states; got {a} twice")
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
        raise InputError(f"episode file {p} does not exist; give a .toml file of [[episode]]s")
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"episode file {p} is not valid TOML: {exc}") from None
    entries = data.get("episode")
    if not isinstance(entries, list) or not entries:
        raise InputError(f"episode file {p} has no [[episode]] tables")
    episodes = [parse(e, n) for n, e in enumerate(entries, 1)]
    seen: set[str] = set()
    for e in episodes:
        if e.id in seen:
            raise InputError(f"episode file {p}: the id '{e.id}' is used twice; ids must be unique")
        seen.add(e.id)
    return episodes


def select(episodes: list[Episode], split: str = "all") -> list[Episode]:
    """The episodes of one split ("dev", "test") or all of them ("all")."""
    if split not in (*SPLITS, "all"):
        raise InputError(f"split must be dev, test or all; got '{split}'")
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
