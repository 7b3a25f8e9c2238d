"""The CLI's error boundary, output checks, input limits and piped output (issue 12)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from allydrift.cli import _boundary, _common, _show_warning, err
from allydrift.errors import InputError, MissingExtraError

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "allydrift", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


def one_error_line(res: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in res.stdout + res.stderr, res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1, res.stderr
    return lines[0]


# --- usage errors from the click that Typer really ships ----------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["dyad", "USA"], "Missing argument 'b'"),
        (["dyadd", "USA", "JPN"], "No such command 'dyadd'"),
        (["ideal", "--min-votes", "abc"], "Invalid value for '--min-votes'"),
        (["serve", "--port", "99999"], "65535"),
        (["ideal", "--zzz"], "No such option: --zzz"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args, expected):
    res = cli(*args)
    assert res.returncode == 2
    line = one_error_line(res)
    assert expected in line
    assert "--help" in line


def test_bare_command_prints_help_and_exits_non_zero():
    res = cli()
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert "Usage" in res.stdout + res.stderr
    assert "dyad" in res.stdout + res.stderr


def test_dash_h_is_help_everywhere():
    for args in (["ideal", "-h"], ["events", "ingest", "-h"], ["-h"]):
        res = cli(*args)
        assert res.returncode == 0, res.stderr
        assert "Usage" in res.stdout
        assert "Traceback" not in res.stderr


def _boundary_run(exc: BaseException) -> tuple[int, str]:
    def app(standalone_mode: bool = False) -> None:
        raise exc

    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        code = _boundary.run(app, err)
    return code, buf.getvalue()


def test_os_errors_interrupts_and_bugs_are_one_line():
    code, text = _boundary_run(PermissionError(13, "Permission denied", "/srv/x.csv"))
    assert code == _boundary.EXIT_OS
    assert text.count("\n") == 1
    assert "/srv/x.csv" in text
    assert "Permission denied" in text
    code, text = _boundary_run(KeyboardInterrupt())
    assert code == 130
    assert "interrupted" in text
    code, text = _boundary_run(ZeroDivisionError("boom"))
    assert code == _boundary.EXIT_BUG
    assert text.count("\n") == 1
    assert "ALLYDRIFT_DEBUG" in text


def test_notes_about_missing_extras_name_the_extra():
    code, text = _boundary_run(MissingExtraError.for_module("pypdf", "text"))
    assert code == 1
    assert "pip install 'allydrift[text]'" in text
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        _show_warning(str(MissingExtraError.for_module("fastapi", "web")), UserWarning, "", 0)
    assert "pip install 'allydrift[web]'" in buf.getvalue()


# --- output paths and formats are checked before any work --------------------------------


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("{tmp}/missing/r.html", "does not exist"),
        ("/proc/allydrift-x.html", "cannot write"),
        ("{tmp}/folder.html", "is a folder"),
    ],
)
def test_bad_output_paths_fail_before_any_work(tmp_path, output, message):
    # An empty offline cache: any work would fail with "not in the cache" (exit 3) first.
    env = {"ALLYDRIFT_CACHE": str(tmp_path / "cache"), "ALLYDRIFT_OFFLINE": "1"}
    env["ALLYDRIFT_MIRROR"] = ""
    target = output.format(tmp=tmp_path)
    (tmp_path / "folder.html").mkdir()
    (tmp_path / "folder.csv").mkdir()
    for args in (["report", "USA", "JPN", "-o", target], ["dyad", "USA", "JPN", "-f", "csv"]):
        if args[0] == "dyad":
            args = [*args, "-o", target.replace(".html", ".csv")]
        res = cli(*args, env=env)
        assert res.returncode == 1, res.stderr
        assert message in one_error_line(res)
    assert not (tmp_path / "cache" / "tables").exists()


def test_check_output_laws(tmp_path):
    _common.check_output(tmp_path / "ok.csv", "csv", _common.TABLE_FORMATS)
    _common.check_output(None, "table", _common.TABLE_FORMATS)
    with pytest.raises(InputError, match="binary"):
        _common.check_output(None, "parquet", _common.TABLE_FORMATS)
    with pytest.raises(InputError, match="--format must be one of"):
        _common.check_output(tmp_path / "x.csv", "xml", _common.TABLE_FORMATS)
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="is a file, not a folder"):
        _common.check_output(tmp_path / "file" / "x.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # the probe left nothing


# --- input limits --------------------------------------------------------------------------


def test_year_spans_are_limited_and_named():
    assert _common.parse_years("1990-2020") == (1990, 2020)
    assert _common.parse_years("2001") == (2001, 2001)
    for bad in ("1-99999999999999999999", "1500-1510", "2000-2200", "9" * 5000):
        with pytest.raises(InputError, match="from 1600 to 2100"):
            _common.parse_years(bad)
    for bad in ("²", "nineteen", "1990-2000-2010", "-5", "1990-"):
        with pytest.raises(InputError, match="--years expects"):
            _common.parse_years(bad)
    with pytest.raises(InputError, match="FIRST <= LAST"):
        _common.parse_years("2020-1990")


def test_rank_year_is_checked_before_any_work():
    from allydrift.cli.index import _parse_year

    assert _parse_year("2018") == 2018
    assert _parse_year("latest") == "latest"
    for bad in ("99999999999999999999", "1500", "2200"):
        with pytest.raises(InputError, match="from 1600 to 2100"):
            _parse_year(bad)
    for bad in ("²", "twenty", "-5", "20 18"):
        with pytest.raises(InputError, match="--year expects"):
            _parse_year(bad)
    res = cli("rank", "--with", "USA", "--year", "9" * 40)
    assert res.returncode == 1
    line = one_error_line(res)
    assert "1600 to 2100" in line
    assert "9" * 30 not in line


@pytest.mark.data
def test_state_names_are_limited_and_never_echoed_in_full():
    from allydrift.countries import resolve
    from allydrift.errors import UnknownStateError

    with pytest.raises(UnknownStateError) as exc:
        resolve("x" * 10_000)
    assert "at most 100 characters; got 10,000" in str(exc.value)
    assert len(str(exc.value)) < 200
    for odd in ("²", "١٢", "", " "):
        with pytest.raises(UnknownStateError):
            resolve(odd)


@pytest.mark.data
def test_superscript_state_and_huge_span_on_the_command_line():
    res = cli("dyad", "USA", "²")
    assert res.returncode == 1
    assert "not a state" in one_error_line(res)
    res = cli("dyad", "USA", "JPN", "--years", "1-99999999999999999999")
    assert res.returncode == 1
    assert "1600 to 2100" in one_error_line(res)
    res = cli("dyad", "USA", "x" * 10_000)
    assert res.returncode == 1
    assert len(one_error_line(res)) < 300


def test_many_states_are_refused():
    with pytest.raises(InputError, match="at most 300 states; got 1,000"):
        _common.parse_states(",".join(["USA"] * 1000))
    assert _common.parse_states("USA, JPN,") == ["USA", "JPN"]


# --- output that pipes ---------------------------------------------------------------------


@pytest.mark.data
def test_piped_tables_print_in_full():
    res = cli("indicators")
    assert res.returncode == 0, res.stderr
    assert "us_favourable" in res.stdout
    assert "…" not in res.stdout
    header, *rows = res.stdout.strip("\n").split("\n")[1:]
    assert len({len(r.split("\t")) for r in rows}) == 1 == len({len(header.split("\t"))})


def test_print_table_tsv_keeps_long_cells(monkeypatch):
    buf = io.StringIO()
    monkeypatch.setattr(_common, "console", _common.Console(file=buf))
    df = pd.DataFrame({"name": ["x" * 500, "a\tb"], "v": [1.5, None]})
    _common.print_table(df, title="t")
    lines = buf.getvalue().splitlines()
    assert lines[0] == "# t"
    assert lines[1] == "name\tv"
    assert lines[2] == "x" * 500 + "\t1.500"
    assert lines[3] == "a b\t–"


def test_warnings_print_as_one_note():
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf), warnings.catch_warnings():
        _show_warning("the table x was rebuilt", UserWarning, "f.py", 1)
    assert buf.getvalue() == "note: the table x was rebuilt\n"


# --- pinned versions -----------------------------------------------------------------------


def test_constraints_pin_every_declared_dependency():
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version.strip()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"])
    for reqs in project["optional-dependencies"].values():
        declared += [r for r in reqs if not r.startswith("allydrift")]
    missing, outside = [], []
    for text in declared:
        req = Requirement(text)
        name = canonicalize_name(req.name)
        if name not in pins:
            missing.append(req.name)
        elif not req.specifier.contains(pins[name], prereleases=True):
            outside.append(f"{req} (pinned {pins[name]})")
    assert not missing, f"constraints.txt lacks {missing}: regenerate it with pip freeze"
    assert not outside, f"constraints.txt pins outside pyproject's ranges: {outside}"
    assert pins[canonicalize_name("torch")] == "2.13.0"


def test_both_readme_commands_and_ci_use_the_constraints():
    lines = [ln for ln in (ROOT / "README.md").read_text().splitlines() if ln.strip()]
    block = lines[lines.index("```bash") + 1 : lines.index("```bash") + 3]
    assert "pip install -c constraints.txt" in block[0]
    assert block[1] == "bash .ci/run"
    run = (ROOT / ".ci" / "run").read_text()
    installs = [ln for ln in run.splitlines() if 'pip" install' in ln and "upgrade" not in ln]
    assert installs
    assert all("-c constraints.txt" in ln for ln in installs)
