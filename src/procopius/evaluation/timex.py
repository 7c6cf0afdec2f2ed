"""Temporal expressions scored the TempEval-3 way, shared by the TIMEX data-set scorers.

Our dates become TIMEX-style expressions (`predict_timexes`) and are scored against gold TIMEX2
or TIMEX3 annotations (`TimexTally`), as in UzZaman et al. (2013), "SemEval-2013 Task 1:
TempEval-3: Evaluating Time Expressions, Events, and Temporal Relations":

- strict: a predicted expression counts when its extent is exactly a gold extent;
- relaxed: when it overlaps a gold extent. Pairs are one-to-one (exact pairs first, then the
  largest overlap), so one long prediction covering two gold expressions finds only one of them;
- value: over the relaxed pairs, a value is correct when the two value strings are equal
  (ignoring case and surrounding space). Value precision = correct / predicted, value recall =
  correct / gold, value F1 their harmonic mean (TempEval-3's "attribute F1"); value accuracy =
  correct / relaxed pairs. A gold expression with no value never counts as correct.

How a date of ours becomes a TIMEX value (`timex_value`):

- a day is ``YYYY-MM-DD``, a month ``YYYY-MM``, a year ``YYYY``, a decade ``YYY`` ("1990s" is
  ``199``), a season ``YYYY-SP|SU|FA|WI``, a Monday-to-Sunday week ``YYYY-Www``;
- "early", "mid", "late" do not change the value (TIMEX puts them in MOD, which is not scored);
- a year that is neither written nor found in context is ``XXXX`` ("March 3" alone is
  ``XXXX-03-03``); a relative date with nothing to count from has no value;
- a range ("1861-1865", "from October to March") is split into two expressions at its
  separator, as TIMEX annotates it: the start side takes the start's value, the end side the
  end's. A range with no separator we can find stays whole with the start's value;
- "since", "until", "before", "after", "from", "between", "by" in front of a date are signal
  words in TIMEX, not part of the expression: they are cut from the extent, and the value is
  that of the date they bound ("after March 2011" is ``2011-03``).

The dates are read the way `procopius.pipeline.analyse` reads them (`find_dates`, then a
`DateContext` with the document's publication date and section headings, in reading order),
without the rest of the pipeline.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from procopius.dates import DateContext, DateMention, DateValue, find_dates
from procopius.document import Document

SEASON_CODES = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}

#: value classes for per-type figures when a data set gives no TIMEX3 type
TYPE_ORDER = ("DATE", "TIME", "DURATION", "SET", "REFERENCE", "NO VALUE")

CONVERSION = {
    "day": "YYYY-MM-DD",
    "month": "YYYY-MM",
    "year": "YYYY",
    "decade": "YYY (first three digits)",
    "season": "YYYY-SP|SU|FA|WI",
    "week": "YYYY-Www (ISO week)",
    "qualifiers": "early/mid/late ignored (TIMEX MOD is not scored)",
    "year unknown": "XXXX in place of the year",
    "range": "split at its separator into start and end expressions with their own values",
    "signal words": "since/until/before/after/from/between/by cut from the extent",
}

_SIGNAL_RE = re.compile(r"^(?:since|until|till|up\s+to|before|after|from|between|by)\s+", re.I)
_SEPARATORS = (
    re.compile(r"\s+(?:to|until|till|through|thru|and)\s+", re.I),
    re.compile(r"\s*[-–—/]\s*"),
)


@dataclass(frozen=True)
class Timex:
    """One temporal expression: character extent (end exclusive), value, and TIMEX3 type."""

    start: int
    end: int
    value: str | None = None
    type: str = ""
    text: str = ""

    def overlaps(self, other: Timex) -> bool:
        return self.start < other.end and other.start < self.end


# --- our dates as TIMEX values ------------------------------------------------------------


def _ymd(year: int | None, month: int | None = None, day: int | None = None) -> str:
    out = "XXXX" if year is None else f"{year:04d}"
    if month is not None:
        out += f"-{month:02d}"
        if day is not None:
            out += f"-{day:02d}"
    return out


def _bounds_value(first: date, last: date, season: str | None) -> str:
    """The TIMEX value of an interval found by counting from another date."""
    if first == last:
        return first.isoformat()
    if season is not None:
        return f"{first.year:04d}-{SEASON_CODES[season]}"
    if first.year == last.year:
        if first == date(first.year, 1, 1) and last == date(first.year, 12, 31):
            return f"{first.year:04d}"
        month_end = calendar.monthrange(first.year, first.month)[1]
        if first.day == 1 and first.month == last.month and last.day == month_end:
            return f"{first.year:04d}-{first.month:02d}"
    if (last - first).days == 6 and first.weekday() == 0:
        iso_year, week, _ = first.isocalendar()
        return f"{iso_year:04d}-W{week:02d}"
    return first.isoformat()


def _written_year(mention: DateMention, value: DateValue) -> int | None:
    """The year of the date a mention names (written or filled in from context)."""
    if mention.year is not None:
        return mention.year
    first, last = value.start_date, value.end_date
    if mention.kind == "before" and last is not None:
        return (last + timedelta(days=1)).year
    if mention.kind == "after" and first is not None:
        return (first - timedelta(days=1)).year
    if mention.kind == "until" and last is not None:
        return last.year
    if first is not None:
        return first.year
    return last.year if last is not None else None


def _end_year(mention: DateMention, value: DateValue, start_year: int | None) -> int | None:
    if value.end_date is not None:
        return value.end_date.year
    if mention.end_year is not None:
        return mention.end_year
    return start_year


def timex_value(mention: DateMention, value: DateValue) -> str | None:
    """The TIMEX value of one of our dates (for a range: of its start). None when the date
    could not be placed at all (a relative date with nothing to count from)."""
    if mention.kind == "relative":
        first, last = value.start_date, value.end_date
        if first is None or last is None:
            return None
        return _bounds_value(first, last, mention.season)
    year = _written_year(mention, value)
    if mention.precision == "decade":
        return "XXX" if year is None else f"{year // 10:03d}"
    if mention.precision == "season" and mention.season is not None:
        return f"{_ymd(year)}-{SEASON_CODES[mention.season]}"
    if mention.precision == "year" or mention.month is None:
        return _ymd(year)
    if mention.precision == "month" or mention.day is None:
        return _ymd(year, mention.month)
    return _ymd(year, mention.month, mention.day)


def _end_value(mention: DateMention, value: DateValue) -> str:
    year = _end_year(mention, value, _written_year(mention, value))
    if mention.end_day is not None:
        return _ymd(year, mention.end_month or mention.month, mention.end_day)
    if mention.end_month is not None:
        return _ymd(year, mention.end_month)
    return _ymd(year)


def mention_timexes(text: str, mention: DateMention, value: DateValue) -> list[Timex]:
    """One of our dates as TIMEX-style expressions: signal words cut off, ranges split."""
    start, end = mention.start, mention.end
    span = text[start:end]
    cut = _SIGNAL_RE.match(span)
    if cut and cut.end() < len(span):
        start += cut.end()
        span = span[cut.end() :]
    if mention.kind == "range":
        for sep in _SEPARATORS:
            m = sep.search(span)
            if m and m.start() > 0 and m.end() < len(span):
                left_end, right_start = start + m.start(), start + m.end()
                return [
                    Timex(start, left_end, timex_value(mention, value), "DATE",
                          text[start:left_end]),
                    Timex(right_start, end, _end_value(mention, value), "DATE",
                          text[right_start:end]),
                ]  # fmt: skip
    return [Timex(start, end, timex_value(mention, value), "DATE", text[start:end])]


def predict_timexes(doc: Document) -> list[Timex]:
    """Our dates in a document as TIMEX-style expressions, read as the pipeline reads them."""
    ctx = DateContext(published=doc.published[:10] if doc.published else None)
    section_starts = {s.body_start: s.title for s in doc.sections}
    pending = sorted(section_starts)
    out: list[Timex] = []
    for mention in find_dates(doc.text):
        while pending and pending[0] <= mention.start:
            ctx.note_heading(section_starts[pending.pop(0)])
        value = ctx.resolve(mention)
        ctx.update(value)
        out.extend(mention_timexes(doc.text, mention, value))
    return out


# --- scoring ------------------------------------------------------------------------------


def value_class(value: str | None, timex_type: str = "") -> str:
    """A gold expression's class: its TIMEX3 type when given, else read from a TIMEX2 value."""
    if timex_type:
        return timex_type.upper()
    if not value:
        return "NO VALUE"
    v = value.upper()
    if v.endswith("_REF"):
        return "REFERENCE"
    if v.startswith("P"):
        return "DURATION"
    if "T" in v[4:] and not re.search(r"-(?:W|WE|H|Q)", v[4:]):
        return "TIME"
    return "DATE"


def _same_value(gold: str | None, pred: str | None) -> bool:
    if not gold or not pred:
        return False
    return gold.strip().upper() == pred.strip().upper()


def match_timexes(gold: Sequence[Timex], pred: Sequence[Timex]) -> list[tuple[int, int, bool]]:
    """One-to-one pairs (gold index, predicted index, exact extent?): exact pairs first, then
    for each remaining gold expression the unpaired prediction that overlaps it most."""
    pairs: list[tuple[int, int, bool]] = []
    by_span: dict[tuple[int, int], list[int]] = {}
    for j, p in enumerate(pred):
        by_span.setdefault((p.start, p.end), []).append(j)
    used: set[int] = set()
    open_gold: list[int] = []
    for i, g in enumerate(gold):
        free = [j for j in by_span.get((g.start, g.end), []) if j not in used]
        if free:
            used.add(free[0])
            pairs.append((i, free[0], True))
        else:
            open_gold.append(i)
    for i in open_gold:
        g = gold[i]
        best, best_overlap = -1, 0
        for j, p in enumerate(pred):
            if j in used or not g.overlaps(p):
                continue
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > best_overlap:
                best, best_overlap = j, overlap
        if best >= 0:
            used.add(best)
            pairs.append((i, best, False))
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


@dataclass
class TimexTally:
    """Counts summed over documents (micro averages)."""

    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    by_type: dict[str, dict[str, int]] = field(default_factory=dict)
    value_errors: list[dict[str, Any]] = field(default_factory=list)
    keep_errors: int = 20

    def add(self, gold: Sequence[Timex], pred: Sequence[Timex], doc_id: str = "") -> None:
        """Score one document's predictions against its gold expressions."""
        self.gold += len(gold)
        self.predicted += len(pred)
        classes = [value_class(g.value, g.type) for g in gold]
        for c in classes:
            self.by_type.setdefault(c, {"gold": 0, "strict": 0, "relaxed": 0, "value": 0})
            self.by_type[c]["gold"] += 1
        for i, j, exact in match_timexes(gold, pred):
            row = self.by_type[classes[i]]
            self.relaxed += 1
            row["relaxed"] += 1
            if exact:
                self.strict += 1
                row["strict"] += 1
            if _same_value(gold[i].value, pred[j].value):
                self.value += 1
                row["value"] += 1
            elif gold[i].value and len(self.value_errors) < self.keep_errors:
                self.value_errors.append({"document": doc_id, "gold_text": gold[i].text,
                                          "gold": gold[i].value, "ours_text": pred[j].text,
                                          "ours": pred[j].value})  # fmt: skip

    def scores(self) -> dict[str, Any]:
        value = _prf(self.value, self.predicted, self.gold)
        value["accuracy"] = round(self.value / self.relaxed, 4) if self.relaxed else 0.0
        by_type = {}
        for c in sorted(self.by_type, key=lambda c: (TYPE_ORDER + (c,)).index(c)):
            row = self.by_type[c]
            n = row["gold"]
            by_type[c] = {
                "gold": n,
                "strict_recall": round(row["strict"] / n, 4) if n else 0.0,
                "relaxed_recall": round(row["relaxed"] / n, 4) if n else 0.0,
                "value_recall": round(row["value"] / n, 4) if n else 0.0,
            }
        return {
            "strict": _prf(self.strict, self.predicted, self.gold),
            "relaxed": _prf(self.relaxed, self.predicted, self.gold),
            "value": value,
            "by_type": by_type,
            "counts": {
                "gold": self.gold,
                "predicted": self.predicted,
                "strict": self.strict,
                "relaxed": self.relaxed,
                "value": self.value,
            },  # fmt: skip
        }


def score_timexes(documents: Iterable[tuple[Sequence[Timex], Sequence[Timex]]]) -> dict[str, Any]:
    """TempEval-3 figures over (gold, predicted) pairs of documents."""
    tally = TimexTally()
    for gold, pred in documents:
        tally.add(gold, pred)
    return tally.scores()


def format_timex_result(result: dict[str, Any]) -> str:
    """A TIMEX scorer's result as a readable table."""
    s = result["scores"]
    lines = [
        f"{result['dataset']}: {result['documents']} documents, "
        f"{result['annotations']} gold expressions read, {s['counts']['gold']} scored, "
        f"{s['counts']['predicted']} predicted",
        f"{'':<10}{'P':>8}{'R':>8}{'F1':>8}",
    ]
    for key in ("strict", "relaxed", "value"):
        row = s[key]
        lines.append(f"{key:<10}{row['precision']:>8.3f}{row['recall']:>8.3f}{row['f1']:>8.3f}")
    lines.append(f"value accuracy over relaxed matches: {s['value']['accuracy']:.3f}")
    lines.append("")
    lines.append(f"{'gold type':<12}{'n':>6}{'strict R':>10}{'relaxed R':>11}{'value R':>9}")
    for c, row in s["by_type"].items():
        lines.append(f"{c:<12}{row['gold']:>6}{row['strict_recall']:>10.3f}"
                     f"{row['relaxed_recall']:>11.3f}{row['value_recall']:>9.3f}")  # fmt: skip
    if result.get("unscored"):
        lines.append("")
        lines.append("not scored:")
        for reason, n in result["unscored"].items():
            lines.append(f"  {n:>6}  {reason}")
    lines.append("")
    lines.append(f"command: {result['command']}")
    return "\n".join(lines)


def load_files(
    files: Sequence[Path], parse: Callable[[Path], Any], limit: int | None, what: str
) -> list[Any]:
    """Parse annotated files in order (at most `limit`); a malformed file is a ValueError
    naming it, and finding none is one too."""
    import xml.etree.ElementTree as ET

    docs: list[Any] = []
    for f in files:
        try:
            docs.append(parse(f))
        except ET.ParseError as exc:
            raise ValueError(f"{f.name}: {exc}") from exc
        if limit is not None and len(docs) >= limit:
            break
    if not docs:
        raise ValueError(f"no {what} found")
    return docs


def published_date(dct: str | None) -> str | None:
    """A document creation time as an ISO date, when it starts with one."""
    if dct and len(dct) >= 10 and dct[:4].isdigit():
        return dct[:10]
    return None


def score_timex_documents(
    name: str,
    path: Path,
    limit: int | None,
    docs: Sequence[Any],
    published_of: Callable[[Any], str | None],
    document_date: str,
) -> dict[str, Any]:
    """The result of a TIMEX set whose documents carry `text`, `doc_id`, `timexes` and
    `unscored`: our dates read with `published_of(doc)` as the publication date, scored."""
    tally = TimexTally()
    unscored: Counter[str] = Counter()
    annotations = 0
    for d in docs:
        annotations += len(d.timexes) + sum(d.unscored.values())
        unscored.update(d.unscored)
        pred = predict_timexes(Document(text=d.text, title=d.doc_id, published=published_of(d)))
        tally.add(d.timexes, pred, d.doc_id)
    return {
        "dataset": name,
        "documents": len(docs),
        "annotations": annotations,
        "scores": tally.scores(),
        "unscored": dict(unscored),
        "conversion": CONVERSION,
        "document_date": document_date,
        "value_errors": tally.value_errors,
        "command": f"procopius eval {name} {path}" + (f" --limit {limit}" if limit else ""),
    }
