"""Deterministic synthetic events in the GDELT 2.0 export format, for scale tests.

The full GDELT archive is not available offline, so benchmarks and tests write files that
look like GDELT 2.0 exports (61 tab-separated fields, no header) and feed them to the real
loader. Actor countries follow a Zipf-like law over CAMEO country codes (a few states make
most of the news), a third of actors carry no country, a share of events is domestic, and
event codes follow the rough frequencies of GDELT's CAMEO roots (consultations and
statements most common, mass violence rare). The same ``seed`` gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from allydrift.errors import InputError
from allydrift.events.schema import FORMATS, ROOT_QUAD

# CAMEO country codes roughly in order of how often GDELT reports them; non-state
# (PSE, HKG) and regional (EUR, AFR, MEA) codes are part of real data too.
_CODES = (
    "USA GBR RUS CHN ISR FRA IND PAK DEU IRN AUS JPN CAN TUR SYR UKR AFG IRQ ITA PSE EGY KOR "
    "PRK NGA ZAF SAU MEX BRA PHL ESP EUR IDN LBN GRC KEN MYS NZL VNM IRL YEM QAT LBY BGD POL "
    "ARE SDN THA VEN AFR SWE NLD BEL CHE AUT SGP HKG TWN MMR JOR LKA NPL ETH SOM ARG COL CHL "
    "PER CUB KWT OMN BHR MAR TUN DZA MLI NER TCD CMR UGA TZA ZWE ZMB MOZ AGO COD SSD RWA GHA "
    "SEN CIV KAZ UZB GEO ARM AZE BLR MDA ROU BGR SRB HRV HUN CZE SVK NOR DNK FIN PRT MEA"
)
COUNTRIES = tuple(_CODES.split())

# (CAMEO event code, Goldstein score) per root code, and the share of events per root.
CODES: dict[int, tuple[tuple[str, float], ...]] = {
    1: (("010", 0.0), ("012", -0.4), ("013", 0.4), ("018", 3.4), ("019", 3.4)),
    2: (("020", 3.0), ("023", 3.4), ("028", 4.0)),
    3: (("030", 4.0), ("031", 5.2), ("036", 4.0), ("037", 5.0)),
    4: (("040", 1.0), ("042", 1.9), ("043", 2.8), ("046", 7.0)),
    5: (("050", 3.5), ("051", 3.4), ("057", 8.0)),
    6: (("060", 6.0), ("061", 6.4)),
    7: (("070", 7.0), ("071", 7.4), ("073", 7.4)),
    8: (("080", 5.0), ("084", 7.0)),
    9: (("090", -2.0),),
    10: (("100", -5.0), ("102", -5.0)),
    11: (("110", -2.0), ("111", -2.0), ("112", -2.0)),
    12: (("120", -4.0), ("128", -5.0)),
    13: (("130", -4.4), ("138", -7.0)),
    14: (("140", -6.5), ("141", -6.5)),
    15: (("150", -7.2),),
    16: (("160", -4.0), ("163", -8.0)),
    17: (("170", -7.0), ("173", -5.0)),
    18: (("180", -9.0), ("183", -10.0)),
    19: (("190", -10.0), ("193", -10.0), ("195", -10.0)),
    20: (("200", -10.0),),
}
ROOT_SHARE = np.array([14, 6, 7, 19, 9, 2, 3, 3, 2, 3, 7, 3, 3, 3, 1, 2, 6, 4, 5, 0.2], dtype=float)

_START = dt.date(2015, 2, 19)  # first day of GDELT 2.0
_N_FIELDS = FORMATS["gdelt2"].n_fields


def _code_table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    codes, scores, probs = [], [], []
    share = ROOT_SHARE / ROOT_SHARE.sum()
    for root, entries in CODES.items():
        for code, score in entries:
            codes.append(code)
            scores.append(score)
            probs.append(share[root - 1] / len(entries))
    return np.array(codes), np.array(scores), np.array(probs)


def _actor_countries(rng: np.random.Generator, n: int) -> pa.Array:
    weights = 1.0 / np.arange(1, len(COUNTRIES) + 1) ** 1.1
    probs = np.append(weights / weights.sum() * 0.65, 0.35)
    return pa.array(rng.choice(len(probs), size=n, p=probs).astype(np.int32))


def _text(values: np.ndarray | pa.Array) -> pa.Array:
    """Numbers as text, the way a TSV holds them (floats in shortest form)."""
    return pc.cast(pa.array(values), pa.string())


def _dates(rng: np.random.Generator, n: int, days: int) -> tuple[np.ndarray, np.ndarray]:
    offsets = np.sort(rng.integers(0, days, size=n))
    dates = np.datetime64(_START) + offsets.astype("timedelta64[D]")
    year = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    month = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (dates - dates.astype("datetime64[M]")).astype(np.int64) + 1
    return year * 10000 + month * 100 + day, offsets


def chunk(n: int, seed: int = 0, first_id: int = 1, days: int = 3650) -> pa.Table:
    """``n`` synthetic GDELT 2.0 events as a table of 61 string columns (no header).

    Events fall on ``days`` days from 2015-02-19, sorted by date; ids start at
    ``first_id``.
    """
    rng = np.random.default_rng(seed)
    codes, scores, probs = _code_table()
    pick = pa.array(rng.choice(len(codes), size=n, p=probs).astype(np.int32))
    names = pa.array([*COUNTRIES, ""])
    gov = pa.array([*("GOV" for _ in COUNTRIES), ""])
    a1 = _actor_countries(rng, n)
    a2 = _actor_countries(rng, n)
    domestic = pa.array((rng.random(n) < 0.25) & (a1.to_numpy() < len(COUNTRIES)))
    a2 = pc.if_else(domestic, a1, a2)
    sqldate, offsets = _dates(rng, n, days)
    mentions = rng.geometric(0.3, size=n)
    empty = pa.array([""] * n, pa.string())
    cols: list[pa.Array] = [empty] * _N_FIELDS
    cols[0] = _text(np.arange(first_id, first_id + n, dtype=np.int64))
    cols[1] = _text(sqldate)
    cols[2] = _text(sqldate // 100)
    cols[3] = _text(sqldate // 10000)
    cols[4] = _text(np.round(2015.1351 + offsets / 365.0, 4))
    for base, actor in ((5, a1), (15, a2)):
        country = pc.take(names, actor)
        cols[base] = pc.binary_join_element_wise(country, pc.take(gov, actor), "")
        cols[base + 1] = country
        cols[base + 2] = country
        cols[base + 7] = pc.take(gov, actor)
    cols[25] = _text(rng.integers(0, 2, size=n))
    event_code = pc.take(pa.array(codes), pick)
    cols[26] = event_code
    cols[27] = event_code
    cols[28] = pc.utf8_slice_codeunits(event_code, 0, 2)
    cols[29] = pc.take(pa.array([str(ROOT_QUAD[int(c[:2])]) for c in codes]), pick)
    cols[30] = pc.take(pa.array([f"{g:.1f}" for g in scores]), pick)
    cols[31] = _text(mentions)
    cols[32] = _text(np.maximum(1, mentions // 2))
    cols[33] = _text(np.maximum(1, mentions - rng.integers(0, 2, size=n)))
    cols[34] = _text(np.round(rng.normal(-1.5, 3.0, size=n), 4))
    for geo in (35, 43, 51):
        cols[geo] = pa.array(np.zeros(n, dtype=np.int8)).cast(pa.string())
    cols[59] = _text(sqldate * 1_000_000 + 150000)
    cols[60] = pc.binary_join_element_wise(pa.scalar("https://news.example/"), cols[0], "")
    return pa.table(cols, names=[f"f{i}" for i in range(_N_FIELDS)])


def _lines(cols: list[pa.Array]) -> pa.Array:
    """Tab-join the fields of each row and end every line with a newline."""
    return pc.binary_join_element_wise(pc.binary_join_element_wise(*cols, "\t"), "\n", "")


def _write_lines(sink: pa.NativeFile, lines: pa.Array | pa.ChunkedArray) -> None:
    """Write a string array's lines as contiguous buffers (no copy, no quoting)."""
    chunks = lines.chunks if isinstance(lines, pa.ChunkedArray) else [lines]
    for part in chunks:
        offsets = np.frombuffer(part.buffers()[1], dtype=np.int32)[part.offset :]
        sink.write(part.buffers()[2][int(offsets[0]) : int(offsets[len(part)])])


def write_gdelt(
    path: str | Path,
    rows: int,
    seed: int = 0,
    chunk_rows: int = 1_000_000,
    days: int = 3650,
    malformed: float = 0.0,
) -> Path:
    """Write ``rows`` synthetic GDELT 2.0 events to the TSV file ``path`` in chunks.

    ``malformed`` is the share of lines cut short (fewer fields), for tests of the
    loader's error accounting. Returns ``path``.
    """
    if rows < 0 or not 0.0 <= malformed < 1.0:
        msg = f"rows must be >= 0 and malformed in [0, 1); got {rows}, {malformed}"
        raise InputError(msg)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    seeds = np.random.SeedSequence(seed).spawn(max(1, -(-rows // chunk_rows)))
    with pa.OSFile(str(path), "wb") as sink:
        done = 0
        for child in seeds:
            n = min(chunk_rows, rows - done)
            if n <= 0:
                break
            table = chunk(n, seed=int(child.generate_state(1)[0]), first_id=done + 1, days=days)
            lines = _lines(table.columns)
            if malformed:
                lines = _cut_lines(table, lines, malformed, child)
            _write_lines(sink, lines)
            done += n
    return path


def _cut_lines(
    table: pa.Table, lines: pa.Array, share: float, seed: np.random.SeedSequence
) -> pa.Array:
    """Replace a share of lines by the same line cut after its 11th field."""
    rng = np.random.default_rng(seed.spawn(1)[0])
    bad = pa.array(rng.random(table.num_rows) < share)
    return pc.if_else(bad, _lines(table.columns[:11]), lines)
