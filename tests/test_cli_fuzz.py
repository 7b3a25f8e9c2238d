"""Property-based fuzzing of every CLI command: invalid input never gives a traceback or exit 0.

Hypothesis picks a command (walked from the Typer app, so new commands are fuzzed too),
fills its arguments with valid values, then spoils exactly one thing: an unknown option,
a non-integer for an integer option, a bad ``--years``, ``--format`` or ``-o``, or a bad
state. The command runs in-process through the CLI's real error boundary.
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allydrift.cli import _boundary, app, err

pytestmark = pytest.mark.data

STATE_ARGS = {"a", "b", "senior", "junior", "rival", "state", "state_a", "state_b"}
VALID_STATES = ["USA", "JPN", "CHN"]
# Commands that would start long work if every token were valid: spoil them at parse time.
PARSE_ONLY = {("serve",), ("doctor",), ("text", "embed"), ("sources",), ("events", "status")}


def _walk(cmd: object, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    subs = getattr(cmd, "commands", None)
    if subs is None:
        return [(path, cmd)]
    return [c for name, sub in sorted(subs.items()) for c in _walk(sub, (*path, name))]


COMMANDS = _walk(typer.main.get_command(app))


def run_cli(args: list[str]) -> tuple[int, str, str]:
    """Run ``allydrift ARGS`` in-process through the real boundary; (code, stdout, stderr)."""
    out, errs = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["allydrift", *args]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(errs):
            code = _boundary.run(app, err)
    finally:
        sys.argv = saved
    return code, out.getvalue(), errs.getvalue()


def _opt(cmd: object, name: str) -> object | None:
    return next((p for p in cmd.params if p.name == name), None)  # type: ignore[attr-defined]


def _int_options(cmd: object) -> list[str]:
    return [
        p.opts[0]
        for p in cmd.params  # type: ignore[attr-defined]
        if p.param_type_name == "option" and getattr(p, "bare_type", None) is int
    ]


junk = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=30,
)
bad_ints = st.one_of(
    st.sampled_from(["abc", "1.5", "", "0x1g", "1e3", "--", "²", "9" * 30 + "x"]),
    junk.filter(lambda s: not s.strip().lstrip("+-").isdigit()),
)
bad_years = st.one_of(
    st.sampled_from(
        ["1-99999999999999999999", "nineteen", "2020-1990", "1990-2000-2010", "²", "0-1", "-5"]
    ),
    st.tuples(st.integers(2101, 10**30), st.integers(0, 10**6)).map(lambda t: f"{t[1]}-{t[0]}"),
    junk.filter(lambda s: not s.replace("-", "").strip().isdigit()),
)
bad_states = st.one_of(
    st.sampled_from(["²", "x" * 10_000, "Japn", "zzz", " ", "999999"]),
    junk.map(lambda s: "zq" + s),
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "a-folder").mkdir()
    (root / "essay.txt").write_text("The alliance is drifting apart. " * 20, encoding="utf-8")
    return root


def _base_args(path: tuple[str, ...], cmd: object, workdir: Path, spoil: str) -> list[str]:
    args: list[str] = []
    states = iter(VALID_STATES)
    for p in cmd.params:  # type: ignore[attr-defined]
        if p.param_type_name != "argument":
            continue
        if p.name in STATE_ARGS:
            args.append("\0state" if spoil == "state" and "\0state" not in args else next(states))
        elif p.name in ("paths", "files"):
            args.append(str(workdir / "essay.txt"))
        elif p.name == "search":
            args.append("kor")
        elif p.name == "datasets" and spoil == "dataset":
            args.append("\0dataset")
        elif p.required:
            args.append("USA")
    if _opt(cmd, "store") is not None:
        args += ["--store", str(workdir / "events")]
    return args


def _spoilers(path: tuple[str, ...], cmd: object) -> list[str]:
    kinds = ["unknown_option"]
    if _int_options(cmd):
        kinds.append("bad_int")
    if path in PARSE_ONLY:
        return kinds
    names = {p.name for p in cmd.params}  # type: ignore[attr-defined]
    if "years" in names:
        kinds.append("years")
    if "output" in names:
        kinds.append("output")
    if "fmt" in names and path not in {("events", "ingest"), ("text", "analyze")}:
        kinds.append("format")
    if names & STATE_ARGS:
        kinds.append("state")
    if "datasets" in names:
        kinds.append("dataset")
    return kinds


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_invalid_input_to_any_command_is_one_line_and_non_zero(data, workdir):
    path, cmd = data.draw(st.sampled_from(COMMANDS), label="command")
    spoil = data.draw(st.sampled_from(_spoilers(path, cmd)), label="spoil")
    args = [*path, *_base_args(path, cmd, workdir, spoil)]
    if spoil == "unknown_option":
        args.append("--zz" + data.draw(st.from_regex(r"[a-z\-]{0,12}", fullmatch=True)))
    elif spoil == "bad_int":
        args += [data.draw(st.sampled_from(_int_options(cmd))), data.draw(bad_ints)]
    elif spoil == "years":
        args += ["--years", data.draw(bad_years)]
    elif spoil == "output":
        bad = data.draw(
            st.sampled_from(
                [workdir / "a-folder", Path("/proc/allydrift/x.csv"), workdir / "no" / "x.csv"]
            )
        )
        args += ["-o", str(bad)]
    elif spoil == "format":
        args += [_opt(cmd, "fmt").opts[0], "zz" + data.draw(junk)]  # type: ignore[union-attr]
    elif spoil == "state":
        args[args.index("\0state")] = data.draw(bad_states)
    elif spoil == "dataset":
        args[args.index("\0dataset")] = "zz" + data.draw(junk)
    code, out, errs = run_cli(args)
    shown = f"allydrift {' '.join(a[:40] for a in args)} -> {code}\n{errs[-2000:]}"
    assert "Traceback" not in out + errs, shown
    assert code != 0, shown
    assert code != _boundary.EXIT_BUG, shown
    error_lines = [ln for ln in errs.splitlines() if ln.startswith("error:")]
    assert len(error_lines) == 1, shown
    assert len(error_lines[0]) < 1200, shown  # a 10,000-character input is never echoed


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.binary(max_size=3000), suffix=st.sampled_from(["", ".gz", ".zip", ".tab"]))
def test_events_ingest_of_arbitrary_bytes_never_tracebacks(content, suffix, tmp_path_factory):
    """File inputs: any bytes under any name give a report or one clean error line."""
    root = tmp_path_factory.mktemp("ingest")
    path = root / f"input.export.CSV{suffix}"
    path.write_bytes(content)
    code, out, errs = run_cli(["events", "ingest", str(path), "--store", str(root / "store")])
    assert "Traceback" not in out + errs, errs
    assert code != _boundary.EXIT_BUG, errs
    if code != 0:
        assert len([ln for ln in errs.splitlines() if ln.startswith("error:")]) == 1, errs
    else:
        assert "lines ->" in out
