"""Time spent in each pipeline stage, summed over the documents processed in this process, and
the number of words given to the language model. The benchmark and the corpus engines read
them; they cost one clock reading per stage."""

from __future__ import annotations

import time
from collections import Counter

STAGES = (
    "language model",
    "places",
    "dates",
    "quantities",
    "profile",
    "attribution",
    "events",
    "records",
)

_totals: Counter[str] = Counter()
_parsed_words = 0


class Clock:
    """Marks the end of each stage: `clock.lap("dates")` adds the time since the last lap."""

    __slots__ = ("_last",)

    def __init__(self) -> None:
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        _totals[stage] += now - self._last
        self._last = now


def totals() -> dict[str, float]:
    """Seconds per stage since the last reset, in pipeline order."""
    return {s: _totals.get(s, 0.0) for s in STAGES}


def add_parsed_words(n: int) -> None:
    """Count words given to the language model (the cascade's share of a corpus is read off
    this)."""
    global _parsed_words
    _parsed_words += n


def parsed_words() -> int:
    """Words given to the language model since the last reset."""
    return _parsed_words


def reset() -> None:
    global _parsed_words
    _totals.clear()
    _parsed_words = 0
