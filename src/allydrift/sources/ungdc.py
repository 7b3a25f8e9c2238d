"""UN General Debate Corpus: one speech per country and year, 1946–2024 (a selection).

Tables
------
``speeches`` (default): one row per speech —
``code`` (the corpus file code, ISO3 as the corpus writes it), ``iso3`` and ``ccode`` (the
state that spoke, resolved by code and year), ``session``, ``year``, ``text`` (UTF-8, BOM
removed, line ends normalised to ``\\n``) and ``n_words`` (whitespace-separated tokens).
``speakers``: who spoke — ``year``, ``session``, ``code``, ``country``, ``speaker``, ``post``
(posts are incomplete before 1994).

The mirror holds every year for 19 states (USA, JPN, CHN, KOR, PRK, GBR, DEU, DDR, AUS, PHL,
RUS, FRA, IND, CAN, ITA, NZL, IDN, SGP, VNM) and every speaker for 2015–2024.
Mapping rules:

- The ``EU`` file (the European Union speaks as an observer, 2015–2024) is not a state and
  is left out of ``speeches``.
- ``CHN`` through 1971 (session 26) is the Republic of China delegation: it gets COW 713 /
  ISO3 ``TWN``, as the UN vote tables do (the PRC took the seat after that debate).
- ``RUS`` before 1992 is the USSR (COW 365 throughout); ``DEU`` is West Germany (COW 260)
  until 1989 and Germany (COW 255) from 1990, as the resolver reads the state system (the
  1990 debate preceded unification by days); ``DDR`` is East Germany (COW 265).
- ``PSE`` and ``VAT`` (observer states) have no COW code: ``ccode`` is missing, so they take
  no part in dyad indicators.
- The code is read as an ISO3 code first: ``AUS`` is Australia in every year, although it is
  also Austria's COW abbreviation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from allydrift import store
from allydrift.errors import UnknownStateError
from allydrift.sources.base import Column, Source, TableSpec, record_use
from allydrift.store import FileEntry

_ROOT = "3b277c419f85fd6e1f14f69a5fd29a3a6b59fc96/data/data_original/"
_NAME = re.compile(r"^(?P<code>[A-Z]{2,3})_(?P<session>\d+)_(?P<year>\d{4})\.txt$")
NON_STATES = frozenset({"EU"})
ROC_LAST_YEAR = 1971
SPEECHES_VERSION = "1"

SOURCE = Source(
    id="ungdc",
    title="UN General Debate Corpus (speeches)",
    version="UNGDC v12 + 2024 (selection: 19 states every year, all speakers 2015–2024)",
    licence="CC0 1.0 (UNGDC on Harvard Dataverse); repository states none",
    origin="https://doi.org/10.7910/DVN/0TJX8Y",
    coverage=(1946, 2024),
    description="Speeches of the UN General Debate, one per country and year.",
    citations=("baturo2017ungdc", "jankinungdc"),
    tables={
        "speeches": (
            Column("code", "str", "corpus file code (ISO3 as written by the corpus)"),
            Column("iso3", "str", "ISO3 code of the speaking state (TWN for the ROC seat)"),
            Column("ccode", "Int64", "COW code of the speaking state; NA for PSE and VAT"),
            Column("session", "int", "UNGA session"),
            Column("year", "int", "year of the debate"),
            Column("text", "str", "the speech, UTF-8, LF line ends"),
            Column("n_words", "int", "number of whitespace-separated tokens"),
        ),
        "speakers": (
            Column("year", "int", "year"),
            Column("code", "str", "corpus country code"),
            Column("speaker", "str", "name of the person speaking"),
            Column("post", "str", "post of the speaker (incomplete before 1994)"),
        ),
    },
)


def speech_files() -> list[FileEntry]:
    """The registered speech files of states (the ``EU`` file left out)."""
    out = []
    for entry in SOURCE.files:
        match = _NAME.match(entry.name)
        if "/TXT/" in entry.relpath and match and match["code"] not in NON_STATES:
            out.append(entry)
    return sorted(out, key=lambda e: e.name)


def read_text(path: Path) -> str:
    """A speech file as text: UTF-8, BOM removed, CRLF and CR turned into LF."""
    text = path.read_bytes().decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def state_for_code(code: str, year: int) -> tuple[int | None, str]:
    """COW code and ISO3 of the state an ISO3 ``code`` names in ``year``.

    The code is read as ISO3 first (the resolver alone reads ``AUS`` as Austria's COW
    abbreviation in years when Austria exists); ``(None, code)`` if no state has it.
    """
    from allydrift.countries import resolve, states

    try:
        state = resolve(code, year)
    except UnknownStateError:
        return None, code
    if state.iso3 == code:
        return state.ccode, code
    same = states().dropna(subset=["ccode"])
    same = same[same["iso3"] == code]
    for ccode in same["ccode"]:
        if resolve(int(ccode)).alive(year):
            return int(ccode), code
    return (int(same["ccode"].iloc[0]), code) if len(same) else (None, code)


def _state_of(code: str, year: int) -> tuple[int | None, str]:
    """COW code and ISO3 of the state speaking as ``code`` in ``year`` (the ROC rule)."""
    if code == "CHN" and year <= ROC_LAST_YEAR:
        return 713, "TWN"
    return state_for_code(code, year)


def _speeches(paths: list[Path]) -> pd.DataFrame:
    rows = []
    for path in paths:
        match = _NAME.match(path.name)
        if match is None:
            continue
        text = read_text(path)
        rows.append(
            {
                "code": match["code"],
                "session": int(match["session"]),
                "year": int(match["year"]),
                "text": text,
                "n_words": len(text.split()),
            }
        )
    df = pd.DataFrame(rows)
    keys = df[["code", "year"]].drop_duplicates()
    resolved = [_state_of(c, int(y)) for c, y in keys.itertuples(index=False)]
    keys = keys.assign(ccode=[r[0] for r in resolved], iso3=[r[1] for r in resolved])
    df = df.merge(keys, on=["code", "year"], how="left")
    df["ccode"] = df["ccode"].astype("Int64")
    cols = ["code", "iso3", "ccode", "session", "year", "text", "n_words"]
    return df[cols].sort_values(["year", "code"], ignore_index=True)


def _speakers(paths: list[Path]) -> pd.DataFrame:
    raw = pd.read_excel(paths[0], sheet_name=0)
    raw.columns = [str(c).strip() for c in raw.columns]
    df = pd.DataFrame(
        {
            "year": pd.to_numeric(raw["Year"], errors="coerce").astype("Int64"),
            "session": pd.to_numeric(raw["Session"], errors="coerce").astype("Int64"),
            "code": raw["ISO Code"].astype("string").str.strip(),
            "country": raw["Country"].astype("string").str.strip(),
            "speaker": raw["Name of Person Speaking"].astype("string").str.strip(),
            "post": raw["Post"].astype("string").str.strip(),
        }
    )
    return df.dropna(subset=["year", "code"]).reset_index(drop=True)


_TABLES = {"speakers": TableSpec((_ROOT + "Speakers_by_session.xlsx",), _speakers)}


def load(table: str = "speeches") -> pd.DataFrame:
    """Load ``speeches`` (default) or ``speakers``."""
    if table == "speeches":
        return _load_speeches()
    return SOURCE.load_spec(_TABLES, table)


def _load_speeches() -> pd.DataFrame:
    # ~3,000 input files: pass the entries directly rather than one suffix per file.
    record_use(SOURCE.id)
    return store.table(f"{SOURCE.id}.speeches", speech_files(), _speeches, version=SPEECHES_VERSION)
