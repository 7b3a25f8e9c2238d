"""Count every line of a raw event file before it is parsed, and set aside oversize ones.

The engines' CSV readers cap the length of a line (DuckDB: ``max_line_size``) and drop or
mislabel longer ones, so ``prepare`` streams each input once (numpy over 1 MiB blocks,
so millions of lines cost well under a second): it counts the non-blank lines, counts
lines longer than ``MAX_LINE`` bytes as malformed (``line_length``, with the start of
one as an example) and, only where needed, writes a copy without them for the engine.
Compressed inputs (``.gz``, ``.zip``) are decompressed on the way; a damaged or
truncated one raises ``InputError`` naming the file.
"""

from __future__ import annotations

import gzip
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np

from allydrift.errors import InputError

MAX_LINE = 1 << 20
BLOCK = 1 << 20
EXAMPLE = 80


@dataclass
class LineCount:
    """Lines of the inputs: non-blank lines read, oversize ones and an example of them."""

    lines: int = 0
    oversize: int = 0
    examples: list[str] = field(default_factory=list)
    headers: int = 0

    def add(self, other: LineCount) -> None:
        self.lines += other.lines
        self.oversize += other.oversize
        self.headers += other.headers
        self.examples += other.examples[: max(0, 5 - len(self.examples))]


def _damaged(path: str, kind: str, exc: BaseException) -> InputError:
    return InputError(
        f"cannot read the event file '{path}': it is not a complete {kind} file "
        f"({type(exc).__name__}: {str(exc)[:100]}). Download it again, or check that the "
        "name matches its format"
    )


def _example(head: bytes, length: int) -> str:
    text = head[:EXAMPLE].decode("utf-8", "replace")
    return f"{text}… ({length:,} bytes)"


def count_lines(
    src: IO[bytes], sink: IO[bytes] | None = None, max_line: int = MAX_LINE
) -> LineCount:
    """Count the lines of ``src``; copy all but the oversize ones to ``sink`` if given.

    A blank line (empty, or a lone ``\\r``) is not counted: the engines skip it too.
    """
    out = LineCount()
    cur_len = 0  # length of the line that runs past the end of the last block
    head = b""  # its first bytes (for an example)
    keep = bytearray()  # its bytes, while it may still be written (len <= max_line)
    last = b""  # the last byte of the previous block
    while block := src.read(BLOCK):
        arr = np.frombuffer(block, dtype=np.uint8)
        nl = np.flatnonzero(arr == 10)
        if len(nl) == 0:
            if cur_len < EXAMPLE:
                head += block[: EXAMPLE - cur_len]
            if sink is not None and cur_len + len(block) <= max_line:
                keep += block
            else:
                keep.clear()
            cur_len += len(block)
            last = block[-1:]
            continue
        lengths = np.diff(nl, prepend=-1) - 1
        lengths[0] += cur_len
        prev = np.where(nl > 0, arr[np.maximum(nl - 1, 0)], last[0] if last else 0)
        blank = (lengths == 0) | ((lengths == 1) & (prev == 13))
        big = np.flatnonzero(lengths > max_line)
        out.lines += int(len(nl) - blank.sum())
        out.oversize += len(big)
        starts = np.concatenate(([0], nl[:-1] + 1))
        for i in big[: max(0, 5 - len(out.examples))]:
            first = (head + block[: nl[0]]) if i == 0 else block[starts[i] : nl[i]]
            out.examples.append(_example(first, int(lengths[i])))
        if sink is not None:
            pos = 0
            if len(big) and big[0] == 0:
                pos = int(nl[0]) + 1
                big = big[1:]
            else:
                sink.write(keep)
            for i in big:
                sink.write(block[pos : starts[i]])
                pos = int(nl[i]) + 1
            sink.write(block[pos : nl[-1] + 1])
        rest = block[nl[-1] + 1 :]
        cur_len = len(rest)
        head = rest[:EXAMPLE]
        keep = bytearray(rest) if sink is not None and cur_len <= max_line else bytearray()
        last = block[-1:]
    if cur_len > 0 and not (cur_len == 1 and head == b"\r"):
        out.lines += 1
        if cur_len > max_line:
            out.oversize += 1
            if len(out.examples) < 5:
                out.examples.append(_example(head, cur_len))
        elif sink is not None:
            sink.write(keep)
    return out


@contextmanager
def _opened(path: str) -> Iterator[IO[bytes]]:
    if path.endswith(".gz"):
        with gzip.open(path, "rb") as fh:
            yield fh  # type: ignore[misc]
    else:
        with open(path, "rb") as fh:
            yield fh


def _members(path: str) -> list[str]:
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if not n.endswith("/")]
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _damaged(path, "zip", exc) from None
    if not names:
        msg = (
            f"the zip file '{path}' holds no files; expected a GDELT export (.CSV) inside. "
            "Download it again"
        )
        raise InputError(msg)
    return names


def first_line(path: str, limit: int = 1 << 16) -> str:
    """The first line of a raw event file (at most ``limit`` bytes), decompressing it."""
    try:
        if path.endswith(".zip"):
            with zipfile.ZipFile(path) as zf, zf.open(_members(path)[0]) as fh:
                data = fh.readline(limit)
        else:
            with _opened(path) as fh:
                data = fh.readline(limit)
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
        raise _damaged(path, "zip" if path.endswith(".zip") else "gzip", exc) from None
    return data.decode("utf-8", "replace")


def prepare(paths: list[str], tmp: Path, header: str | None = None) -> tuple[list[str], LineCount]:
    """Files the engine can read in full (oversize lines removed, archives expanded).

    Returns the paths to scan and the count of every line read. ``header`` (ICEWS) is a
    first line that is neither an event nor malformed.
    """
    out: list[str] = []
    total = LineCount()
    for i, path in enumerate(paths):
        if path.endswith(".zip"):
            for j, name in enumerate(_members(path)):
                target = tmp / f"{i}-{j}-{Path(name).name}"
                try:
                    with (
                        zipfile.ZipFile(path) as zf,
                        zf.open(name) as src,
                        target.open("wb") as dst,
                    ):
                        total.add(count_lines(src, dst))
                except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
                    raise _damaged(path, "zip", exc) from None
                out.append(str(target))
                total.headers += _has_header(str(target), header)
            continue
        kind = "gzip" if path.endswith(".gz") else "text"
        try:
            with _opened(path) as src:
                count = count_lines(src)
            if count.oversize or path.endswith(".gz"):
                target = tmp / f"{i}-{Path(path).name.removesuffix('.gz')}"
                with _opened(path) as src, target.open("wb") as dst:
                    count_lines(src, dst)
                path_out = str(target)
            else:
                path_out = path
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise _damaged(path, kind, exc) from None
        total.add(count)
        total.headers += _has_header(path_out, header)
        out.append(path_out)
    return out, total


def _has_header(path: str, header: str | None) -> int:
    if header is None:
        return 0
    with open(path, "rb") as fh:
        return int(
            fh.readline(len(header.encode()) + 1).decode("utf-8", "replace").startswith(header)
        )
