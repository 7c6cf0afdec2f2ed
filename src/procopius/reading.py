"""A Reading: one document with every layer the extractors share (sentences, clauses, dates,
places, quantities), built once and queried by character range."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from procopius.clauses import Clause
from procopius.document import Document
from procopius.nlp import Sentence


@dataclass
class DateFact:
    start: int
    end: int
    text: str
    mention: Any  # dates.DateMention
    value: Any  # dates.DateValue


@dataclass
class PlaceFact:
    start: int
    end: int
    text: str
    place: Any  # gazetteer.Place


@dataclass
class QuantityFact:
    start: int
    end: int
    text: str
    mention: Any  # quantities.QuantityMention


@dataclass
class Reading:
    doc: Document
    sentences: list[Sentence]
    clauses: list[list[Clause]] = field(default_factory=list)
    dates: list[DateFact] = field(default_factory=list)
    places: list[PlaceFact] = field(default_factory=list)
    quantities: list[QuantityFact] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    #: end of a news dateline ("BEIRUT - "), whose words are neither places nor actors
    dateline_end: int = 0
    #: gazetteer look-up by name (candidates, best first)
    lookup_place: Callable[[str], list[Any]] = field(default=lambda name: [])

    @property
    def text(self) -> str:
        return self.doc.text

    def dates_in(self, start: int, end: int) -> list[DateFact]:
        return _within(self.dates, start, end)

    def places_in(self, start: int, end: int) -> list[PlaceFact]:
        return _within(self.places, start, end)

    def quantities_in(self, start: int, end: int) -> list[QuantityFact]:
        return _within(self.quantities, start, end)

    def sentence_of(self, offset: int) -> Sentence | None:
        i = bisect_right(self.sentences, offset, key=lambda s: s.start) - 1
        if (
            0 <= i < len(self.sentences)
            and self.sentences[i].start <= offset < self.sentences[i].end
        ):
            return self.sentences[i]
        return None


def _within(items: list[Any], start: int, end: int) -> list[Any]:
    """Items (sorted by start, not overlapping) that lie inside [start, end)."""
    lo = bisect_left(items, start, key=lambda x: x.start)
    hi = bisect_left(items, end, key=lambda x: x.start)
    return [x for x in items[lo:hi] if x.end <= end]
