"""Native export: JSON Lines, one record dict per line, exactly as `records.to_dict` gives it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from procopius.exports.common import KIND_ORDER, as_dicts


def _order(record: dict[str, Any]) -> tuple[int, str]:
    kind = record.get("kind", "")
    rank = KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
    return rank, str(record.get("id", ""))


def write_native(records: Iterable[Any], out: TextIO) -> int:
    """Write records as JSON Lines, documents first, then actors, events, claims and relations,
    each kind sorted by id. Nothing is dropped or changed. Returns the number of lines."""
    rows = sorted(as_dicts(records), key=_order)
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


def read_native(stream: Iterable[str]) -> list[dict[str, Any]]:
    """Read native JSON Lines back into record dicts (blank lines are ignored)."""
    return [json.loads(line) for line in stream if line.strip()]
