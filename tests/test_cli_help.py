"""Every CLI command's help ends with at least one example that parses as a real call."""

from __future__ import annotations

import re
import shlex
from typing import Any

import pytest
import typer

from allydrift.cli import app

GROUP: Any = typer.main.get_command(app)


def _commands() -> list[tuple[str, Any]]:
    found = []
    for name, cmd in sorted(GROUP.commands.items()):
        if hasattr(cmd, "commands"):
            found += [(f"{name} {sub}", c) for sub, c in sorted(cmd.commands.items())]
        else:
            found.append((name, cmd))
    return found


def examples(help_text: str) -> list[str]:
    """The calls after ``Example:``/``Examples:``, separated by `` · ``."""
    match = re.search(r"Examples?:(.*)", help_text or "", flags=re.S)
    if not match:
        return []
    lines = [line.strip() for line in match.group(1).splitlines()]
    kept = [lines[0]]
    for line in lines[1:]:
        if not (kept[-1].endswith("·") or line.startswith("allydrift ")):
            break  # the examples end where a line neither continues nor starts a call
        kept.append(line)
    text = " ".join(" ".join(kept).split())
    return [e.strip() for e in text.split(" · ") if e.strip().startswith("allydrift ")]


@pytest.mark.parametrize(("name", "cmd"), _commands(), ids=[n for n, _ in _commands()])
def test_help_has_a_runnable_example(name: str, cmd: Any) -> None:
    found = examples(cmd.help or "")
    assert found, f"`allydrift {name} --help` shows no example (add 'Example: allydrift …')"
    for example in found:
        words = shlex.split(example.split(" > ")[0].split(" | ")[0])
        prefix = ["allydrift", *name.split()]
        assert words[: len(prefix)] == prefix, f"example {example!r} does not call {name}"
        with cmd.make_context(name, words[len(prefix) :], resilient_parsing=False):
            pass  # parsing succeeded: every option and argument exists


def test_the_example_parser_finds_each_call() -> None:
    text = "Do a thing.\n\nExamples: allydrift a X ·\n  allydrift a Y --z 1\n  Then look."
    assert examples(text) == ["allydrift a X", "allydrift a Y --z 1"]
    assert examples("No example here.") == []
