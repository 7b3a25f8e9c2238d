"""The documentation keeps up with the code: every source and indicator is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from allydrift.indicators import registered
from allydrift.sources import all_sources

ROOT = Path(__file__).resolve().parents[1]


def test_readme_starts_with_the_two_commands():
    lines = [ln for ln in (ROOT / "README.md").read_text().splitlines() if ln.strip()]
    block = lines[lines.index("```bash") + 1 : lines.index("```bash") + 3]
    assert "allydrift report USA JPN" in block[0]
    assert "pip install" in block[0]
    assert block[1] == "bash .ci/run"
    assert "pytest" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.parametrize("source", [s.id for s in all_sources()])
def test_every_source_is_listed_in_the_readme(source):
    assert f"`{source}`" in (ROOT / "README.md").read_text()


def test_every_indicator_is_documented():
    docs = "\n".join(p.read_text() for p in (ROOT / "docs").glob("*.md"))
    missing = [name for name in registered() if f"`{name}`" not in docs]
    assert not missing, f"indicators missing from docs/*.md: {missing}"
