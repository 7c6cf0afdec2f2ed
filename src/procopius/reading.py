"""A Reading: one document with every layer the extractors share (sentences, clauses, dates,
places, quantities), built once and queried by character range."""

from __future__ import annotations

from bisect import bisect_left
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
        starts = [s.start for s in self.sentences]
        i = bisect_left(starts, offset + 1) - 1
        if (
            0 <= i < len(self.sentences)
            and self.sentences[i].start <= offset < self.sentences[i].end
        ):
            return self.sentences[i]
        return None


def _within(items: list[Any], start: int, end: int) -> list[Any]:
    return [x for x in items if x.start >= start and x.end <= end]
