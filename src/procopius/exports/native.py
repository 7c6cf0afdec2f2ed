"""Native export: JSON Lines, one record dict per line, exactly as `records.to_dict` gives it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from procopius.exports.common import KIND_ORDER, as_dicts

# `merge` records (from `procopius.merge`) come after the records they describe.
NATIVE_KIND_ORDER = (*KIND_ORDER, *(() if "merge" in KIND_ORDER else ("merge",)))


def _order(record: dict[str, Any]) -> tuple[int, str, str]:
    kind = record.get("kind", "")
    rank = NATIVE_KIND_ORDER.index(kind) if kind in NATIVE_KIND_ORDER else len(NATIVE_KIND_ORDER)
    return rank, str(kind), str(record.get("id", ""))


def write_native(records: Iterable[Any], out: TextIO) -> int:
    """Write records as JSON Lines, documents first, then actors, events, claims, relations and
    merges, each kind sorted by id. Nothing is dropped or changed. Returns the number of lines."""
    rows = sorted(as_dicts(records), key=_order)
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


def read_native(stream: Iterable[str]) -> list[dict[str, Any]]:
    """Read native JSON Lines back into record dicts (blank lines are ignored)."""
    return [json.loads(line) for line in stream if line.strip()]
