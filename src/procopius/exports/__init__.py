"""Exports: native JSON Lines and its projections to ACLED CSV, UCDP GED CSV, PLOVER JSON Lines
and GeoJSON. Every writer takes native record dicts (or record dataclasses) and a text stream."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TextIO

from procopius.exports.acled import ACLED_COLUMNS, write_acled
from procopius.exports.geojson import feature_collection, write_geojson
from procopius.exports.native import read_native, write_native
from procopius.exports.plover import write_plover
from procopius.exports.ucdp import UCDP_COLUMNS, write_ucdp

Writer = Callable[[Iterable[Any], TextIO], int]

WRITERS: dict[str, Writer] = {
    "native": write_native,
    "acled": write_acled,
    "ucdp": write_ucdp,
    "plover": write_plover,
    "geojson": write_geojson,
}

FORMATS: tuple[str, ...] = tuple(WRITERS)

EXTENSIONS: dict[str, str] = {
    "native": ".jsonl",
    "acled": ".csv",
    "ucdp": ".csv",
    "plover": ".jsonl",
    "geojson": ".geojson",
}


def export(records: Iterable[Any], fmt: str, out: TextIO) -> int:
    """Write `records` to `out` in format `fmt` (one of FORMATS); returns the number of rows,
    lines or features written. Open files for CSV formats with `newline=""`."""
    writer = WRITERS.get(fmt.strip().lower())
    if writer is None:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writer(records, out)


__all__ = [
    "ACLED_COLUMNS",
    "EXTENSIONS",
    "FORMATS",
    "UCDP_COLUMNS",
    "export",
    "feature_collection",
    "read_native",
    "write_acled",
    "write_geojson",
    "write_native",
    "write_plover",
    "write_ucdp",
]
