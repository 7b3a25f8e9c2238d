"""The raw event formats allydrift reads and the canonical table they become.

GDELT event exports are tab-separated without a header: 57 fields in the 1.0 historical
backfiles (1979 – March 2013), 58 in the 1.0 daily files (from April 2013, adding
``SOURCEURL``), 61 in GDELT 2.0 (from February 2015: ``ADM2Code`` in each geography block
and ``DATEADDED`` as ``YYYYMMDDHHMMSS``). ICEWS Dataverse files (``events.YYYY.*.tab``) are
tab-separated with a header line and 20 fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from allydrift.errors import InputError


@dataclass(frozen=True)
class RawFormat:
    """Where a format keeps the fields allydrift reads (0-based field positions)."""

    name: str
    n_fields: int
    event_id: int
    date: int
    actor1: int
    actor2: int
    event_code: int
    goldstein: int
    quad_class: int | None = None
    num_articles: int | None = None
    header: str | None = None
    date_pattern: str = "%Y%m%d"

    @property
    def used(self) -> list[int]:
        """Positions of the fields allydrift reads, in file order."""
        fields = (self.event_id, self.date, self.actor1, self.actor2, self.event_code)
        extra = (self.quad_class, self.goldstein, self.num_articles)
        return sorted({*fields, *(f for f in extra if f is not None)})


class _GdeltPositions(TypedDict):
    event_id: int
    date: int
    actor1: int
    actor2: int
    event_code: int
    quad_class: int
    goldstein: int
    num_articles: int


_GDELT: _GdeltPositions = {
    "event_id": 0,
    "date": 1,
    "actor1": 7,
    "actor2": 17,
    "event_code": 26,
    "quad_class": 29,
    "goldstein": 30,
    "num_articles": 33,
}

FORMATS: dict[str, RawFormat] = {
    "gdelt1": RawFormat("gdelt1", 58, **_GDELT),
    "gdelt1_backfile": RawFormat("gdelt1_backfile", 57, **_GDELT),
    "gdelt2": RawFormat("gdelt2", 61, **_GDELT),
    "icews": RawFormat(
        "icews",
        20,
        event_id=0,
        date=1,
        actor1=4,
        actor2=10,
        event_code=6,
        goldstein=7,
        header="Event ID\t",
        date_pattern="%Y-%m-%d",
    ),
}

ICEWS_COLUMNS = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)

QUAD_CLASSES = {
    1: "verbal_coop",
    2: "material_coop",
    3: "verbal_conflict",
    4: "material_conflict",
}

# CAMEO root code -> QuadClass, as GDELT assigns it (ICEWS files carry no QuadClass).
ROOT_QUAD = {
    root: 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4 for root in range(1, 21)
}

# Columns of the canonical event table (the Parquet dataset written by ``ingest``).
CANONICAL = {
    "event_id": "int64",
    "date": "date",
    "year": "int32",
    "actor1": "string",
    "actor2": "string",
    "ccode1": "int32",
    "ccode2": "int32",
    "event_code": "string",
    "root_code": "int32",
    "quad_class": "int32",
    "goldstein": "float64",
    "num_articles": "int64",
    "format": "string",
    "problem": "string",
    "raw": "string",
}

PROBLEMS = {
    "fields": "wrong number of tab-separated fields",
    "event_id": "event id is not an integer",
    "date": "date is not a valid calendar date",
    "event_code": "CAMEO event code is not 2–4 digits with a root code 01–20",
    "goldstein": "Goldstein score is not a number within [-10, 10]",
    "quad_class": "QuadClass is not 1, 2, 3 or 4",
    "line_length": "line longer than 1 MiB (no event line is; counted, not parsed)",
    "encoding": "line is not valid UTF-8",
    "unreadable": "line the CSV reader refused",
    "unaccounted": "lines the reader skipped without a reason (counted so none is hidden)",
}


def get_format(name: str) -> RawFormat:
    """The ``RawFormat`` called ``name``; raise ``InputError`` naming the known ones."""
    if name not in FORMATS:
        msg = (
            f"unknown event format '{name}'; expected one of {', '.join(FORMATS)} "
            "(or 'auto' to detect it from the first line)"
        )
        raise InputError(msg)
    return FORMATS[name]


def detect_format(first_line: str) -> RawFormat:
    """Guess a file's format from its first line (ICEWS header, or the GDELT field count)."""
    if first_line.startswith(FORMATS["icews"].header or "\0"):
        return FORMATS["icews"]
    n = first_line.rstrip("\r\n").count("\t") + 1
    for fmt in FORMATS.values():
        if fmt.header is None and fmt.n_fields == n:
            return fmt
    msg = (
        f"cannot tell the event format: the first line has {n} tab-separated fields, "
        "expected 57 or 58 (GDELT 1.0), 61 (GDELT 2.0) or an ICEWS header starting "
        "'Event ID'. Pass --format to say which it is."
    )
    raise InputError(msg)
