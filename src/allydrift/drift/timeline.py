"""Curated, sourced event timelines that annotate a dyad's series.

Events annotate; they never decide: the change-point detector, trends and alerts never
read a timeline. Bundled timelines are the ``timeline_*.toml`` files in this package;
users add their own file in the same format::

    title = "My events"
    states = ["USA", "JPN"]      # optional: without it the events apply to every dyad

    [[event]]
    year = 2024
    date = "2024-04-10"          # optional, YYYY-MM-DD
    title = "Kishida state visit to Washington"
    kind = "summit"              # treaty, crisis, summit, shock, policy, war, other
    dimension = "ties"           # optional: a dimension of the index
    description = "..."
    source = "The White House, Joint Leaders' Statement, 10 April 2024"
    url = "https://..."          # optional but recommended
"""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib import resources
from pathlib import Path

import pandas as pd

from allydrift.countries import State, resolve
from allydrift.countries.resolver import require_ccode
from allydrift.errors import InputError
from allydrift.indicators import DIMENSIONS

KINDS = ("treaty", "crisis", "summit", "shock", "policy", "war", "other")
COLUMNS = [
    "year",
    "date",
    "title",
    "kind",
    "dimension",
    "description",
    "source",
    "url",
    "timeline",
]


def bundled_files() -> list[Path]:
    """The timeline files shipped with allydrift."""
    folder = resources.files("allydrift.drift")
    return sorted(
        Path(str(f))
        for f in folder.iterdir()
        if f.name.startswith("timeline_") and f.name.endswith(".toml")
    )


def _fail(path: Path, i: int | None, message: str) -> InputError:
    where = f"{path}" if i is None else f"{path}, event {i + 1}"
    return InputError(f"{where}: {message}")


def _event(path: Path, i: int, raw: dict[str, object]) -> dict[str, object]:
    for key in ("year", "title", "source"):
        if not raw.get(key):
            raise _fail(path, i, f"every event needs '{key}'; this one has {sorted(raw)}")
    year = raw["year"]
    if not isinstance(year, int) or not 1000 <= year <= 2200:
        raise _fail(path, i, f"'year' must be a whole year like 1960; got {year!r}")
    date = raw.get("date")
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise _fail(path, i, f"'date' must be YYYY-MM-DD; got {date!r}") from None
    if date is not None and (not isinstance(date, dt.date) or date.year != year):
        raise _fail(path, i, f"'date' {date} does not fall in 'year' {year}")
    kind = raw.get("kind", "other")
    if kind not in KINDS:
        raise _fail(path, i, f"'kind' must be one of {', '.join(KINDS)}; got {kind!r}")
    dim = raw.get("dimension", "")
    if dim and dim not in DIMENSIONS:
        raise _fail(path, i, f"'dimension' must be one of {', '.join(DIMENSIONS)}; got {dim!r}")
    url = raw.get("url", "")
    if url and not str(url).startswith(("https://", "http://")):
        raise _fail(path, i, f"'url' must start with https:// or http://; got {url!r}")
    return {
        "year": year,
        "date": date.isoformat() if date else None,
        "title": str(raw["title"]),
        "kind": kind,
        "dimension": dim or None,
        "description": str(raw.get("description", "")),
        "source": str(raw["source"]),
        "url": str(url) or None,
    }


def read_timeline(path: str | Path) -> tuple[frozenset[int] | None, pd.DataFrame]:
    """The states (COW codes; ``None`` = any dyad) and events of one timeline file."""
    path = Path(path)
    if not path.is_file():
        msg = f"events file {path} does not exist; give a .toml timeline file"
        raise InputError(msg)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise _fail(path, None, f"not valid TOML: {exc}") from None
    events = data.get("event", [])
    if not isinstance(events, list) or not events:
        raise _fail(path, None, "a timeline needs at least one [[event]] table")
    states = data.get("states")
    codes = None
    if states is not None:
        codes = frozenset(require_ccode(resolve(s)) for s in states)
    frame = pd.DataFrame([_event(path, i, e) for i, e in enumerate(events)])
    frame["timeline"] = str(data.get("title", path.stem))
    return codes, frame[COLUMNS]


def timeline(
    a: str | int | State | None = None,
    b: str | int | State | None = None,
    years: tuple[int, int] | None = None,
    extra: str | Path | list[str | Path] | None = None,
) -> pd.DataFrame:
    """Events for the dyad (a, b) in ``years`` from the bundled timelines and ``extra``
    files (every event of every file if no dyad is given), sorted by date."""
    files = bundled_files()
    if extra is not None:
        files += [Path(p) for p in (extra if isinstance(extra, list) else [extra])]
    want = None
    if a is not None and b is not None:
        want = frozenset((s if isinstance(s, State) else resolve(s)).ccode for s in (a, b))
    frames = []
    for path in files:
        codes, events = read_timeline(path)
        if want is None or codes is None or codes == want:
            frames.append(events)
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    if years is not None:
        out = out[out["year"].between(years[0], years[1])]
    key = out["date"].fillna(out["year"].astype(str) + "-07-01")
    return out.assign(_k=key).sort_values(["_k", "title"]).drop(columns="_k").reset_index(drop=True)
