"""Example scenario files shipped with allydrift (``allydrift scenario USA JPN top-tier``)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


def names() -> list[str]:
    """The shipped examples, by name (file stem)."""
    return sorted(p.stem for p in HERE.glob("*.toml"))


def resolve_example(name_or_path: str) -> str:
    """A shipped example's path when ``name_or_path`` names one, else the path as given."""
    p = HERE / f"{name_or_path}.toml"
    if not Path(name_or_path).exists() and p.is_file():
        return str(p)
    return name_or_path
