"""The built-in example articles that ship with the package (invented groups, written for
demonstration and testing)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SUFFIXES = (".txt", ".wiki", ".html", ".jsonl")


def example_paths() -> list[Path]:
    """Paths of the example articles, sorted by name."""
    folder = Path(str(resources.files("procopius") / "examples"))
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES)
