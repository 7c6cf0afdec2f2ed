"""Scorers for third-party gold data sets. Each module here is one data set and exposes:

- ``NAME``: the name used on the command line (``procopius eval NAME PATH``);
- ``DESCRIPTION``: one line for ``--help``;
- ``evaluate(path: Path, limit: int | None = None) -> dict``: load the gold data under ``path``,
  run the pipeline, and return a JSON-able result with at least ``dataset``, ``documents``,
  ``annotations``, ``scores`` and ``unscored`` (what could not be scored, and why);
- ``format_result(result: dict) -> str``: the result as a readable table.
"""

from __future__ import annotations

import importlib
from types import ModuleType

#: module names, in the order `procopius eval --help` lists them
MODULES = (
    "re3d",
    "muc4",
    "wikievents",
    "rams",
    "wikiwars",
    "meantime",
    "timeml",
    "geoparsing",
    "polnear",
    "redocred",
    "cascade",
)


def available() -> dict[str, ModuleType]:
    """The data-set scorers that are installed, by command name."""
    out: dict[str, ModuleType] = {}
    for name in MODULES:
        try:
            module = importlib.import_module(f"procopius.evaluation.datasets.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"procopius.evaluation.datasets.{name}":
                continue
            raise
        out[getattr(module, "NAME", name)] = module
    return out
