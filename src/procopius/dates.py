"""Dates: find date expressions, normalise them, and resolve missing years from context.

- `find_dates(text)` finds date expressions with a regular grammar (see `dates_grammar`).
- `value_of(mention)` normalises a mention whose year is written into ISO bounds.
- `DateContext` follows the reading position in a document and resolves year-less and
  relative mentions against the latest date read, the section heading or the publication date.
- `parse_date_text(text)` reads a short date string (an infobox value, a byline) and falls back
  to dateparser for forms the grammar does not know, refusing to invent a missing year.

Choices worth knowing:

- Bounds are inclusive ISO days: a month resolves to its first and last day, a year to
  01-01..12-31, a decade to its ten years, a season to its three (meteorological, northern
  hemisphere) months; winter runs from December into February of the next year. Qualifiers
  ("late September 2000") are kept beside the bounds and never narrow them.
- Encyclopedic text is mostly chronological, so a year-less mention takes the year of the latest
  date read even when its month is earlier than that date's month ("In June 2014 ... in March"
  is March 2014). News is read against its publication date: a year-less date that would fall
  after publication moves back a year.
- When the latest date is a range of years, a year-less mention takes the range's first year and
  lists every year of the range in `accept_years`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from procopius.dates_grammar import SEASONS, DateMention, find_dates
from procopius.document import Document, heading_spans

__all__ = [
    "DateContext",
    "DateMention",
    "DateValue",
    "find_dates",
    "parse_date_text",
    "read_document_dates",
    "value_of",
]

NO_YEAR_REASON = "year not written and not found in context"


@dataclass
class DateValue:
    """A normalised date: inclusive ISO bounds, how precise, and how the year was found."""

    start: str | None
    end: str | None
    precision: str  # day | month | year | range
    year_inferred: bool = False
    reason: str | None = None
    qualifier: str | None = None
    open_end: bool = False
    accept_years: list[int] = field(default_factory=list)
    text: str | None = None

    @property
    def start_date(self) -> date | None:
        return date.fromisoformat(self.start) if self.start else None

    @property
    def end_date(self) -> date | None:
        return date.fromisoformat(self.end) if self.end else None

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "precision": self.precision,
            "year_inferred": self.year_inferred,
            "reason": self.reason,
            "qualifier": self.qualifier,
            "open_end": self.open_end,
            "accept_years": list(self.accept_years),
            "text": self.text,
        }


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _first(year: int, month: int | None, day: int | None) -> date:
    return date(year, month or 1, day or 1)


def _last(year: int, month: int | None, day: int | None) -> date:
    m = month or 12
    return date(year, m, day or _last_day(year, m))


def _point_bounds(m: DateMention) -> tuple[date, date]:
    """First and last day covered by a mention's written (or filled-in) fields."""
    assert m.year is not None
    if m.precision == "decade":
        return date(m.year, 1, 1), date(m.end_year or m.year + 9, 12, 31)
    start = _first(m.year, m.month, m.day)
    if m.end_year is None and m.end_month is None and m.end_day is None:
        return start, _last(m.year, m.month, m.day)
    end_year = m.end_year if m.end_year is not None else m.year
    end_month = m.end_month
    if end_month is None and m.end_year is None:
        end_month = m.month
    return start, _last(end_year, end_month, m.end_day)


def _value_precision(m: DateMention) -> str:
    if m.kind != "point" or m.precision in ("range", "decade", "season"):
        return "range"
    return m.precision


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def value_of(mention: DateMention) -> DateValue:
    """Normalise a mention whose year is written (or has been filled in). Year-less and
    relative mentions give a value with no bounds and a reason."""
    precision = _value_precision(mention)
    if mention.kind == "relative":
        return DateValue(None, None, precision if precision != "season" else "range",
                         reason="relative date: needs context", qualifier=mention.qualifier,
                         text=mention.text)  # fmt: skip
    if mention.year is None:
        return DateValue(None, None, precision, reason=NO_YEAR_REASON,
                         qualifier=mention.qualifier, text=mention.text)  # fmt: skip
    try:
        first, last = _point_bounds(mention)
    except ValueError:  # 29 February in a year that has none, after a year was filled in
        return DateValue(None, None, precision, reason="no such day",
                         qualifier=mention.qualifier, text=mention.text)  # fmt: skip
    start: date | None = first
    end: date | None = last
    open_end = False
    if mention.kind == "since":
        end, open_end = None, True
    elif mention.kind == "until":
        start = None
    elif mention.kind == "before":
        start, end = None, first - timedelta(days=1)
    elif mention.kind == "after":
        start, end, open_end = last + timedelta(days=1), None, True
    return DateValue(_iso(start), _iso(end), precision, qualifier=mention.qualifier,
                     open_end=open_end, text=mention.text)  # fmt: skip


@dataclass
class _Anchor:
    value: DateValue
    first: date
    last: date
    precision: str  # day | month | year | range
    label: str  # for reasons: "2023", "2010-2011"
    years: list[int]


def _anchor_from(value: DateValue) -> _Anchor | None:
    first = value.start_date
    last = value.end_date
    if first is None and last is None:
        return None
    if first is None or last is None:
        # "since March 2011", "until 2019": remember the year only
        known = first or last
        assert known is not None
        first, last = date(known.year, 1, 1), date(known.year, 12, 31)
        return _Anchor(value, first, last, "year", str(known.year), [known.year])
    years = list(range(first.year, last.year + 1))
    if len(value.accept_years) > 1:
        years = sorted(set(years) | set(value.accept_years))
    label = str(first.year) if len(years) == 1 else f"{first.year}-{last.year}"
    precision = value.precision
    if precision == "range" and first.year == last.year and first.month == last.month:
        precision = "day" if first == last else "month"
    return _Anchor(value, first, last, precision, label, years)


def _weekday_on_or_before(day: date, weekday: int) -> date:
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def _add_months(d: date, months: int) -> tuple[int, int]:
    index = d.year * 12 + (d.month - 1) + months
    return index // 12, index % 12 + 1


def _week_of(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


class DateContext:
    """The dates read so far in one document, for resolving what a mention leaves out.

    Call `note_heading(title)` when entering a section, `resolve(mention)` for each date in
    reading order and `update(value)` with the values to remember (or `read(mention)` for
    both)."""

    def __init__(self, published: date | str | None = None) -> None:
        if isinstance(published, str):
            published = _parse_published(published)
        self.published: date | None = published
        self._anchor: _Anchor | None = None
        self._heading: _Anchor | None = None
        self._heading_title: str | None = None

    @classmethod
    def from_heading(cls, title: str, published: date | str | None = None) -> DateContext:
        ctx = cls(published)
        ctx.note_heading(title)
        return ctx

    @property
    def anchor(self) -> DateValue | None:
        """The most recent resolved date, else the heading's date."""
        if self._anchor is not None:
            return self._anchor.value
        return self._heading.value if self._heading is not None else None

    def note_heading(self, title: str) -> None:
        """Enter a section. A heading that holds a year ("2014 Gaza War", "Israel-Hamas war
        (2023-present)") becomes the section's anchor and sets aside dates read before it; a
        heading without a year keeps the running anchor."""
        for mention in find_dates(title):
            if mention.year is None:
                continue
            value = value_of(mention)
            if value.open_end and value.start is not None:
                first = date.fromisoformat(value.start)
                last_year = self.published.year if self.published else first.year
                value = replace(value, end=date(max(last_year, first.year), 12, 31).isoformat())
                value.precision = "range"
            anchor = _anchor_from(value)
            if anchor is not None:
                self._heading = anchor
                self._heading_title = title
                self._anchor = None
                return

    def update(self, value: DateValue) -> None:
        """Remember a resolved date as the latest one read."""
        anchor = _anchor_from(value)
        if anchor is not None:
            self._anchor = anchor

    def read(self, mention: DateMention) -> DateValue:
        """Resolve a mention and remember it."""
        value = self.resolve(mention)
        self.update(value)
        return value

    def resolve(self, mention: DateMention) -> DateValue:
        """A value for a mention, filling in what it leaves out from the context."""
        if mention.kind == "relative":
            return self._resolve_relative(mention)
        if mention.year is not None:
            return value_of(mention)
        anchor, source = self._current()
        if anchor is not None:
            year = anchor.first.year
            reason = (f"year from earlier date: {anchor.label}" if source == "text"
                      else f"year from section heading: {self._heading_title}")  # fmt: skip
            value = value_of(_with_year(mention, year))
            first = value.start_date or value.end_date
            if self.published is not None and first is not None and first > self.published:
                # news: a year-less date cannot be later than the report
                year -= 1
                value = value_of(_with_year(mention, year))
                reason += "; moved back a year (after publication date)"
            value.year_inferred = True
            value.reason = reason
            value.accept_years = list(anchor.years) if len(anchor.years) > 1 else [year]
            return value
        if self.published is not None:
            year = self.published.year
            value = value_of(_with_year(mention, year))
            first = value.start_date or value.end_date
            if first is not None and first > self.published:
                value = value_of(_with_year(mention, year - 1))
                year -= 1
            value.year_inferred = True
            value.reason = "year from publication date"
            value.accept_years = [year]
            return value
        return value_of(mention)

    def _current(self) -> tuple[_Anchor | None, str]:
        if self._anchor is not None:
            return self._anchor, "text"
        if self._heading is not None:
            return self._heading, "heading"
        return None, ""

    def _resolve_relative(self, mention: DateMention) -> DateValue:
        rel = mention.relative
        q = mention.qualifier
        pub = self.published
        if isinstance(rel, str):
            if pub is None:
                return _unresolved(mention, "relative to publication date, which is unknown")
            shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[rel]
            d = pub + timedelta(days=shift)
            return _resolved(d, d, "day", mention, "relative to publication date")
        assert rel is not None
        unit, step = rel
        if unit == "weekday":
            if pub is None:
                return _unresolved(mention, "weekday needs a publication date")
            d = _weekday_on_or_before(pub, step)
            return _resolved(d, d, "day", mention, "most recent such weekday on or before "
                             "publication date")  # fmt: skip
        if unit.startswith("pub_"):
            if pub is None:
                return _unresolved(mention, "relative to publication date, which is unknown")
            return _shift(pub, unit[4:], step, mention, "relative to publication date", pub)
        anchor, source = self._current()
        if anchor is None:
            return _unresolved(mention, "relative date with no earlier date")
        where = "earlier date" if source == "text" else "section heading"
        reason = f"relative to {where}: {anchor.label}"
        if unit == "year":
            if mention.season is not None:
                year = (anchor.last.year if step > 0 else anchor.first.year) + step
                first_m, last_m = SEASONS[mention.season]
                end_year = year + 1 if last_m < first_m else year
                return _resolved(date(year, first_m, 1), _last(end_year, last_m, None), "range",
                                 mention, reason, q)  # fmt: skip
            if step == 0:
                first, last = date(anchor.first.year, 1, 1), date(anchor.last.year, 12, 31)
                prec = "year" if first.year == last.year else "range"
                value = _resolved(first, last, prec, mention, reason, q)
                value.accept_years = list(anchor.years)
                return value
            year = (anchor.last.year if step > 0 else anchor.first.year) + step
            return _resolved(date(year, 1, 1), date(year, 12, 31), "year", mention, reason, q)
        base = anchor.last if step > 0 else anchor.first
        if unit == "month":
            if anchor.precision not in ("day", "month"):
                return _year_only(anchor, mention, f"month not found; {reason}")
            return _spread(_shift(base, "month", step, mention, reason, None), anchor)
        if unit in ("day", "week"):
            if anchor.precision != "day":
                if step == 0 and anchor.precision == "month":
                    return _resolved(anchor.first, anchor.last, "month", mention,
                                     f"day not found; {reason}", q)  # fmt: skip
                return _year_only(anchor, mention, f"day not found; {reason}")
            return _spread(_shift(base, unit, step, mention, reason, None), anchor)
        return _unresolved(mention, f"unknown relative unit: {unit}")  # pragma: no cover


def _spread(value: DateValue, anchor: _Anchor) -> DateValue:
    """Carry an anchor's alternative years over to a date found relative to it."""
    if len(anchor.years) > 1 and value.start is not None:
        offset = int(value.start[:4]) - anchor.first.year
        value.accept_years = [y + offset for y in anchor.years]
    return value


def read_document_dates(doc: Document) -> list[tuple[DateMention, DateValue]]:
    """Every date in a document's prose with its value, read in order: section headings
    anchor their sections, earlier dates anchor later ones, the publication date anchors
    weekdays and "yesterday". Dates inside heading lines are not returned."""
    ctx = DateContext(doc.published)
    headings = heading_spans(doc)
    sections = sorted(doc.sections, key=lambda s: s.start)
    out: list[tuple[DateMention, DateValue]] = []
    next_section = 0
    for mention in find_dates(doc.text):
        while next_section < len(sections) and sections[next_section].start <= mention.start:
            ctx.note_heading(sections[next_section].title)
            next_section += 1
        if any(s <= mention.start < e for s, e in headings):
            continue
        out.append((mention, ctx.read(mention)))
    return out


def _with_year(mention: DateMention, year: int) -> DateMention:
    end_year = mention.end_year
    if mention.end_month is not None or mention.end_day is not None or end_year is not None:
        end_year = year
        if (mention.month is not None and mention.end_month is not None
                and mention.end_month < mention.month):  # fmt: skip
            end_year = year + 1
    return replace(mention, year=year, end_year=end_year)


def _resolved(first: date, last: date, precision: str, mention: DateMention, reason: str,
              qualifier: str | None = None) -> DateValue:  # fmt: skip
    return DateValue(first.isoformat(), last.isoformat(), precision, year_inferred=True,
                     reason=reason, qualifier=qualifier or mention.qualifier,
                     accept_years=sorted({first.year, last.year}), text=mention.text)  # fmt: skip


def _unresolved(mention: DateMention, reason: str) -> DateValue:
    precision = mention.precision if mention.precision in ("day", "month", "year") else "range"
    return DateValue(None, None, precision, reason=reason, qualifier=mention.qualifier,
                     text=mention.text)  # fmt: skip


def _year_only(anchor: _Anchor, mention: DateMention, reason: str) -> DateValue:
    first, last = date(anchor.first.year, 1, 1), date(anchor.last.year, 12, 31)
    return _resolved(first, last, "year" if first.year == last.year else "range", mention, reason)


def _shift(base: date, unit: str, step: int, mention: DateMention, reason: str,
           pub: date | None) -> DateValue:  # fmt: skip
    """The day, week, month or year `step` units from `base`."""
    if unit == "day":
        d = base + timedelta(days=step)
        return _resolved(d, d, "day", mention, reason)
    if unit == "week":
        first, last = _week_of(base + timedelta(weeks=step))
        return _resolved(first, last, "range", mention, reason)
    if unit == "month":
        y, m = _add_months(base, step)
        return _resolved(date(y, m, 1), date(y, m, _last_day(y, m)), "month", mention, reason)
    y = base.year + step
    return _resolved(date(y, 1, 1), date(y, 12, 31), "year", mention, reason)


def _parse_published(text: str) -> date | None:
    value = parse_date_text(text)
    if value is None or value.start is None or value.precision != "day":
        try:
            return date.fromisoformat(text.strip()[:10])
        except ValueError:
            return None
    return value.start_date


# --- fallback for odd forms -------------------------------------------------------------

_DP_BASES = (datetime(1904, 3, 15, 12, 0), datetime(2096, 9, 15, 12, 0))
_TRIM_RE = re.compile(r"^[\s(\[,;:.]+|[\s)\],;:.]+$")


def parse_date_text(text: str) -> DateValue | None:
    """Normalise a short date string (an infobox value, a byline). The grammar reads it when
    one date expression covers the string; otherwise dateparser is asked, and a year, month
    or day that dateparser would have filled in from today is reported as not written."""
    core = _TRIM_RE.sub("", text)
    if not core:
        return None
    mentions = find_dates(core)
    if len(mentions) == 1 and mentions[0].kind != "relative":
        m = mentions[0]
        if m.end - m.start >= len(core) - 4:
            return value_of(m)
    return _dateparser_value(core)


def _dateparser_value(text: str) -> DateValue | None:
    try:
        import dateparser
    except ImportError:  # pragma: no cover - dateparser is a declared dependency
        return None
    parsed = []
    for base, prefer in ((_DP_BASES[0], "first"), (_DP_BASES[1], "last")):
        settings = {
            "PREFER_DAY_OF_MONTH": prefer,
            "RELATIVE_BASE": base,
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PREFER_DATES_FROM": "current_period",
        }
        result = dateparser.parse(text, languages=["en"], settings=settings)
        if result is None:
            return None
        parsed.append(result.date())
    a, b = parsed
    if a.year != b.year:
        return DateValue(None, None, "day" if a.day == b.day else "month",
                         reason=NO_YEAR_REASON, text=text)  # fmt: skip
    if a.month != b.month:
        return DateValue(date(a.year, 1, 1).isoformat(), date(a.year, 12, 31).isoformat(),
                         "year", text=text)  # fmt: skip
    if a.day != b.day:
        return DateValue(date(a.year, a.month, 1).isoformat(),
                         date(a.year, a.month, _last_day(a.year, a.month)).isoformat(),
                         "month", text=text)  # fmt: skip
    return DateValue(a.isoformat(), a.isoformat(), "day", text=text)
