"""Event ingest accounts for every line, at any length; damaged archives are named (issue 12)."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allydrift import events
from allydrift.errors import InputError
from allydrift.events import lines as linemod
from test_events import GOOD, gdelt_line, write_lines

# --- the line counter, against a plain-Python reference -------------------------------------


def reference(data: bytes, max_line: int) -> tuple[int, int, bytes]:
    parts = data.split(b"\n")
    if parts and parts[-1] == b"":
        parts = parts[:-1]
        tail = True
    else:
        tail = False
    kept, n, big = [], 0, 0
    for i, line in enumerate(parts):
        last = i == len(parts) - 1 and not tail
        if line in (b"", b"\r"):
            if not last:
                kept.append(line + b"\n")
            continue
        n += 1
        if len(line) > max_line:
            big += 1
        else:
            kept.append(line if last else line + b"\n")
    return n, big, b"".join(kept)


line_bytes = st.one_of(
    st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"x")),
    st.sampled_from([b"", b"\r", b"x" * 40, b"y" * 7 + b"\r"]),
)


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(line_bytes, max_size=30),
    trailing=st.booleans(),
    block=st.integers(1, 16),
    max_line=st.integers(1, 20),
)
def test_count_lines_matches_a_plain_reference_at_any_block_size(
    parts, trailing, block, max_line, monkeypatch_module
):
    data = b"\n".join(parts) + (b"\n" if trailing and parts else b"")
    monkeypatch_module.setattr(linemod, "BLOCK", block)
    sink = io.BytesIO()
    count = linemod.count_lines(io.BytesIO(data), sink, max_line=max_line)
    n, big, kept = reference(data, max_line)
    assert (count.lines, count.oversize) == (n, big)
    assert sink.getvalue() == kept
    assert len(count.examples) == min(big, 5)


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


# --- oversize lines are malformed, never lost ---------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.mark.data
@pytest.mark.parametrize("field_mb", [3, 40])
def test_a_huge_field_is_counted_as_line_length(tmp_path, store, field_mb):
    huge = gdelt_line(event_id="9", a1="USA" + "x" * (field_mb * 1_000_000))
    path = write_lines(tmp_path / "g.export.CSV", [GOOD[0], huge, GOOD[1]])
    (report,) = events.ingest([path], store=store, fmt="gdelt2")
    assert (report.lines, report.events, report.malformed) == (3, 2, 1)
    assert report.problems == {"line_length": 1}
    (example,) = [e for p, e in report.examples if p == "line_length"]
    assert example.startswith("9\t20180601")
    assert len(example) < 200
    assert f"{len(huge):,} bytes" in example


@pytest.mark.data
def test_a_file_whose_only_line_is_60_mb_has_one_line(tmp_path, store):
    path = write_lines(tmp_path / "one.CSV", [gdelt_line(a1="x" * 60_000_000)])
    (report,) = events.ingest([path], store=store, fmt="gdelt2")
    assert (report.lines, report.events, report.problems) == (1, 0, {"line_length": 1})
    assert "1 lines -> 0 events (1 malformed)" in report.summary()


@pytest.mark.data
def test_invalid_utf8_is_counted_as_encoding(tmp_path, store):
    path = tmp_path / "bad.CSV"
    path.write_bytes(
        "\n".join([GOOD[0], GOOD[1]]).encode() + b"\n" + gdelt_line().encode()[:20] + b"\xff\n"
    )
    (report,) = events.ingest([path], store=store, fmt="gdelt2")
    assert report.lines == 3
    assert report.events == 2
    assert report.events + report.malformed == report.lines


@pytest.mark.data
def test_gzipped_oversize_lines_are_counted_too(tmp_path, store):
    text = "\n".join([GOOD[0], gdelt_line(a1="x" * 2_000_000), GOOD[1]]) + "\n"
    path = tmp_path / "g.export.CSV.gz"
    path.write_bytes(gzip.compress(text.encode()))
    (report,) = events.ingest([path], store=store, fmt="gdelt2")
    assert (report.lines, report.events, report.problems) == (3, 2, {"line_length": 1})


# --- damaged archives and an unwritable store: one line naming the file --------------------


def _damaged(tmp_path: Path) -> dict[str, Path]:
    good = ("\n".join(GOOD) + "\n").encode()
    out = {
        "truncated gz": tmp_path / "t.export.CSV.gz",
        "corrupt gz": tmp_path / "c.export.CSV.gz",
        "empty zip": tmp_path / "e.export.CSV.zip",
        "corrupt zip": tmp_path / "c.export.CSV.zip",
        "bad crc zip": tmp_path / "crc.export.CSV.zip",
    }
    out["truncated gz"].write_bytes(gzip.compress(good)[:-12])
    out["corrupt gz"].write_bytes(b"\x1f\x8b" + os.urandom(200))
    with zipfile.ZipFile(out["empty zip"], "w"):
        pass
    out["corrupt zip"].write_bytes(b"PK\x03\x04" + os.urandom(100))
    with zipfile.ZipFile(out["bad crc zip"], "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("x.CSV", good)
    data = bytearray(out["bad crc zip"].read_bytes())
    data[data.index(b"\t") + 3] ^= 0x01  # one byte of the member, not of the headers
    out["bad crc zip"].write_bytes(bytes(data))
    return out


@pytest.mark.data
def test_damaged_archives_give_an_error_naming_the_file(tmp_path, store):
    for label, path in _damaged(tmp_path).items():
        with pytest.raises(InputError) as exc:
            events.ingest([path], store=store)
        message = str(exc.value)
        assert str(path) in message, label
        assert "\n" not in message, label
        assert "Download it again" in message, label


def test_store_that_cannot_be_written_is_refused_before_work(tmp_path):
    path = write_lines(tmp_path / "g.export.CSV", GOOD)
    (tmp_path / "file").write_text("x")
    for bad in ("/proc/allydrift-x", str(tmp_path / "file" / "store")):
        with pytest.raises(InputError, match="cannot write the event store"):
            events.ingest([path], store=bad)


@pytest.mark.data
def test_cli_ingest_errors_are_one_line(tmp_path):
    path = write_lines(tmp_path / "g.export.CSV", GOOD)
    cases = [
        [str(path), "--store", "/proc/allydrift-x"],
        [str(_damaged(tmp_path)["truncated gz"]), "--store", str(tmp_path / "s")],
        [str(tmp_path / "e.export.CSV.zip"), "--store", str(tmp_path / "s")],
    ]
    for args in cases:
        res = subprocess.run(
            [sys.executable, "-m", "allydrift", "events", "ingest", *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert res.returncode == 1, res.stderr
        assert "Traceback" not in res.stderr
        assert len([ln for ln in res.stderr.splitlines() if ln.startswith("error:")]) == 1
