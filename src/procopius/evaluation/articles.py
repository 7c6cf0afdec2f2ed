"""Score the native output for an article against an `article-gold/1` file.

The gold file says what an analyst would extract from one article: the subject's profile, the
events and the attributed claims. The predicted side is the list of native record dicts
(`procopius.records.to_dict`) produced for the same text. Decisions the format leaves open:

- A system event's overlap with a gold event is its largest single evidence overlap; spans are
  end-exclusive, so touching spans do not overlap.
- Optional gold events (and claims) take no part in the one-to-one matching. A system record
  left unmatched that overlaps an optional gold item and no required one is neither a hit nor a
  false positive. Pairs with optional items are not scored for attributes.
- `split_by_location`: after one-to-one matching, each still-unmatched system event that overlaps
  the gold event and has a location within range of one of its gold locations joins the match;
  the locations of all its system events are pooled for the location accuracy, and the other
  attributes are read from the first (largest-overlap) system event.
- `merge_with` works in both directions.
- Dates: a system date of only a start is the period that start names ("2023-10" is the month).
  With `open_end` the system start must equal the gold start. `best` is accepted as a reading.
- A pair's actors are one unit: correct only when every gold actor is found.
- Event attributes whose gold value is missing, null or an empty list are not scored.
- Profile people are counted per (name, role) pair; a person with no roles is one unit that
  matches that name with any role. Parents, allies and areas match by name (with `also`);
  aliases by name and kind; founding dates by year, and month where the gold has one.
- A profile part that is not scored (no subject, or the field null or absent) is `None`.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from procopius.evaluation.names import any_name_matches, fold_name, gold_names, names_match

GOLD_FORMAT = "article-gold/1"
GOLD_SUFFIX = ".gold.json"
TOWN_RADIUS_KM = 25.0
REGION_RADIUS_KM = 50.0
EARTH_RADIUS_KM = 6371.0088

EVENT_ATTRIBUTES = ("type", "date", "date_precision", "location", "fatalities", "actor")
CLAIM_ATTRIBUTES = ("claimant", "value", "qualifier")
PROFILE_PARTS = ("aliases", "parents", "people", "allies", "founded", "areas")

RunFn = Callable[[str, str | None, str], list[dict[str, Any]]]


class GoldError(Exception):
    """A gold file that cannot be used."""


# --------------------------------------------------------------------------- tallies


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, Any]:
        precision = _ratio(self.tp, self.tp + self.fp)
        recall = _ratio(self.tp, self.tp + self.fn)
        if precision is None or recall is None:
            f1 = None
        elif precision + recall == 0:
            f1 = 0.0
        else:
            f1 = 2 * precision * recall / (precision + recall)
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": precision,
            "recall": recall,
            "f1": f1,
        }


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    def record(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    def add(self, other: Accuracy) -> None:
        self.correct += other.correct
        self.total += other.total

    @property
    def value(self) -> float | None:
        return _ratio(self.correct, self.total)


@dataclass
class PartTally:
    """Counts and attribute accuracies of events or claims."""

    attributes: tuple[str, ...]
    counts: Counts = field(default_factory=Counts)
    accuracy: dict[str, Accuracy] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in self.attributes:
            self.accuracy.setdefault(name, Accuracy())

    def add(self, other: PartTally) -> None:
        self.counts.add(other.counts)
        for name in self.attributes:
            self.accuracy[name].add(other.accuracy[name])

    def as_dict(self) -> dict[str, Any]:
        out = self.counts.as_dict()
        for name in self.attributes:
            out[f"{name}_accuracy"] = self.accuracy[name].value
        return out


@dataclass
class ArticleTally:
    events: PartTally = field(default_factory=lambda: PartTally(EVENT_ATTRIBUTES))
    claims: PartTally = field(default_factory=lambda: PartTally(CLAIM_ATTRIBUTES))
    profile: dict[str, Counts | None] = field(
        default_factory=lambda: {part: None for part in PROFILE_PARTS}
    )

    def add(self, other: ArticleTally) -> None:
        self.events.add(other.events)
        self.claims.add(other.claims)
        for part in PROFILE_PARTS:
            theirs = other.profile[part]
            if theirs is None:
                continue
            mine = self.profile[part]
            if mine is None:
                mine = self.profile[part] = Counts()
            mine.add(theirs)

    def as_dict(self) -> dict[str, Any]:
        return {
            "events": self.events.as_dict(),
            "claims": self.claims.as_dict(),
            "profile": {
                part: (counts.as_dict() if counts is not None else None)
                for part, counts in self.profile.items()
            },
        }


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


# --------------------------------------------------------------------------- spans and matching


def _spans(record: dict[str, Any]) -> list[tuple[int, int]]:
    spans = [(int(e["start"]), int(e["end"])) for e in record.get("evidence") or []]
    if not spans and record.get("kind") == "claim" and record.get("content"):
        content = record["content"]
        spans = [(int(content["start"]), int(content["end"]))]
    return spans


def _overlap(gold_span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> int:
    """Largest overlap, in characters, of any of `spans` with `gold_span` (end exclusive)."""
    start, end = gold_span
    return max((max(0, min(end, e) - max(start, s)) for s, e in spans), default=0)


def _gold_span(item: dict[str, Any]) -> tuple[int, int]:
    evidence = item["evidence"]
    return int(evidence["start"]), int(evidence["end"])


@dataclass
class Matching:
    pairs: dict[int, list[int]]  # gold index -> system indices (first is the primary match)
    neutral: set[int]  # system indices that count neither way
    forgiven: set[int]  # unmatched gold indices not counted as missed (merge_with)
    overlaps: dict[tuple[int, int], int]  # (gold, system) -> overlap

    def counts(self, gold: Sequence[dict[str, Any]], n_system: int) -> Counts:
        used = {s for systems in self.pairs.values() for s in systems}
        fn = sum(
            1
            for g, item in enumerate(gold)
            if g not in self.pairs and not item.get("optional") and g not in self.forgiven
        )
        fp = sum(1 for s in range(n_system) if s not in used and s not in self.neutral)
        return Counts(tp=len(self.pairs), fp=fp, fn=fn)


def _match(
    gold: Sequence[dict[str, Any]],
    system: Sequence[dict[str, Any]],
    joins: Callable[[dict[str, Any], dict[str, Any]], bool] | None = None,
) -> Matching:
    """One-to-one matching by largest evidence overlap, with the optional, split and merge rules.

    `joins(gold_item, system_record)` says whether an extra system record joins a
    `split_by_location` gold item's match.
    """
    system_spans = [_spans(r) for r in system]
    overlaps: dict[tuple[int, int], int] = {}
    for g, item in enumerate(gold):
        span = _gold_span(item)
        for s, spans in enumerate(system_spans):
            amount = _overlap(span, spans)
            if amount > 0:
                overlaps[(g, s)] = amount

    required = {g for g, item in enumerate(gold) if not item.get("optional")}
    candidates = sorted(
        ((amount, g, s) for (g, s), amount in overlaps.items() if g in required),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    pairs: dict[int, list[int]] = {}
    used: set[int] = set()
    for _, g, s in candidates:
        if g in pairs or s in used:
            continue
        pairs[g] = [s]
        used.add(s)

    if joins is not None:
        for g in sorted(pairs):
            if not gold[g].get("split_by_location"):
                continue
            for s in range(len(system)):
                if s not in used and (g, s) in overlaps and joins(gold[g], system[s]):
                    pairs[g].append(s)
                    used.add(s)

    neutral: set[int] = set()
    for s in range(len(system)):
        if s in used:
            continue
        touched = [g for g in range(len(gold)) if (g, s) in overlaps]
        if touched and all(g not in required for g in touched):
            neutral.add(s)

    ids = {item.get("id"): g for g, item in enumerate(gold) if item.get("id")}
    forgiven: set[int] = set()
    for g, item in enumerate(gold):
        partner = ids.get(item.get("merge_with"))
        if partner is None:
            continue
        for missing, matched in ((g, partner), (partner, g)):
            if missing not in pairs and matched in pairs:
                forgiven.add(missing)
    return Matching(pairs=pairs, neutral=neutral, forgiven=forgiven, overlaps=overlaps)


# --------------------------------------------------------------------------- dates


def _parse_bound(value: Any, upper: bool) -> date | None:
    """The first (or last, with `upper`) day of an ISO date or prefix (YYYY, YYYY-MM)."""
    if not isinstance(value, str):
        return None
    parts = value.strip().split("T")[0].split("-")
    try:
        if len(parts) == 1:
            year = int(parts[0])
            return date(year, 12, 31) if upper else date(year, 1, 1)
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            last = calendar.monthrange(year, month)[1]
            return date(year, month, last if upper else 1)
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None
    return None


def date_correct(gold_date: dict[str, Any], system_date: dict[str, Any] | None) -> bool:
    """Whether a system date is an acceptable reading of a gold date."""
    if not system_date:
        return False
    sys_start = _parse_bound(system_date.get("start"), upper=False)
    if sys_start is None:
        return False
    raw_end = system_date.get("end")
    sys_end = _parse_bound(raw_end, upper=True)
    if raw_end is not None and sys_end is None:
        return False

    gold_start = _parse_bound(gold_date.get("start"), upper=False)
    if gold_date.get("open_end"):
        return sys_start == gold_start and (sys_end is None or sys_end >= sys_start)

    if sys_end is None:
        sys_end = _parse_bound(system_date.get("start"), upper=True) or sys_start
    gold_end = _parse_bound(gold_date.get("end") or gold_date.get("start"), upper=True)
    if gold_start is not None and gold_end is not None:
        if gold_start <= sys_start and sys_end <= gold_end:
            return True

    single_day = sys_start == sys_end
    month_day = gold_date.get("month_day")
    accept_years = gold_date.get("accept_years")
    if month_day and accept_years and single_day:
        if sys_start.strftime("%m-%d") == month_day and sys_start.year in accept_years:
            return True

    best = _parse_bound(gold_date.get("best"), upper=False)
    best_end = _parse_bound(gold_date.get("best"), upper=True)
    return best is not None and sys_start == best and sys_end == best_end


# --------------------------------------------------------------------------- places


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def location_found(gold_location: dict[str, Any], system_locations: Sequence[dict]) -> bool:
    """Whether some system location is within range of a gold location (25 km for a town,
    50 km for a region); a gold location without coordinates is matched by name."""
    radius = REGION_RADIUS_KM if gold_location.get("kind") == "region" else TOWN_RADIUS_KM
    glat, glon = gold_location.get("lat"), gold_location.get("lon")
    for loc in system_locations:
        if glat is None or glon is None:
            if loc.get("name") and names_match(loc["name"], gold_names(gold_location)):
                return True
            continue
        lat, lon = loc.get("lat"), loc.get("lon")
        if lat is None or lon is None:
            continue
        if distance_km(float(glat), float(glon), float(lat), float(lon)) <= radius:
            return True
    return False


def _shares_location(gold_event: dict[str, Any], system_event: dict[str, Any]) -> bool:
    system_locations = system_event.get("locations") or []
    return any(location_found(g, system_locations) for g in gold_event.get("locations") or [])


# --------------------------------------------------------------------------- events


def _score_event_pair(
    gold: dict[str, Any], systems: Sequence[dict[str, Any]], tally: PartTally
) -> None:
    primary = systems[0]
    acc = tally.accuracy

    types = gold.get("types") or []
    if types:
        predicted = fold_name(primary.get("acled_sub_event_type") or "")
        acc["type"].record(any(fold_name(t) == predicted for t in types))

    gold_date = gold.get("date")
    if gold_date and gold_date.get("start"):
        acc["date"].record(date_correct(gold_date, primary.get("date")))
    if gold_date and gold_date.get("precision"):
        system_date = primary.get("date") or {}
        acc["date_precision"].record(system_date.get("precision") == gold_date["precision"])

    gold_locations = gold.get("locations") or []
    if gold_locations:
        pooled = [loc for s in systems for loc in s.get("locations") or []]
        if not (gold.get("optional_location") and not pooled):
            acc["location"].record(all(location_found(g, pooled) for g in gold_locations))

    fatalities = gold.get("fatalities")
    if fatalities and fatalities.get("value") is not None:
        best = (primary.get("fatalities") or {}).get("best")
        acc["fatalities"].record(best is not None and best == fatalities["value"])

    gold_actors = gold.get("actors") or []
    if gold_actors:
        names = [a.get("name") for a in primary.get("actors") or []]
        acc["actor"].record(all(any_name_matches(names, gold_names(a)) for a in gold_actors))


def score_events(gold_events: Sequence[dict], predicted: Sequence[dict]) -> PartTally:
    system = [r for r in predicted if r.get("kind") == "event"]
    matching = _match(gold_events, system, joins=_shares_location)
    tally = PartTally(EVENT_ATTRIBUTES, counts=matching.counts(gold_events, len(system)))
    for g, systems in sorted(matching.pairs.items()):
        _score_event_pair(gold_events[g], [system[s] for s in systems], tally)
    return tally


# --------------------------------------------------------------------------- claims


def _same_number(a: Any, b: Any) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def score_claims(gold_claims: Sequence[dict], predicted: Sequence[dict]) -> PartTally:
    system = [r for r in predicted if r.get("kind") == "claim"]
    matching = _match(gold_claims, system)
    tally = PartTally(CLAIM_ATTRIBUTES, counts=matching.counts(gold_claims, len(system)))
    for g, systems in sorted(matching.pairs.items()):
        gold, record = gold_claims[g], system[systems[0]]
        claimant_names = gold_names(gold.get("claimant"))
        if claimant_names:
            claimant = record.get("claimant") or {}
            candidates = [claimant.get("person"), claimant.get("organisation")]
            tally.accuracy["claimant"].record(any_name_matches(candidates, claimant_names))
        quantity = gold.get("quantity")
        if not quantity:
            continue
        predicted_quantity = record.get("quantity") or {}
        if quantity.get("value") is not None:
            tally.accuracy["value"].record(
                _same_number(predicted_quantity.get("value"), quantity["value"])
            )
        if quantity.get("qualifier"):
            tally.accuracy["qualifier"].record(
                predicted_quantity.get("qualifier") == quantity["qualifier"]
            )
    return tally


# --------------------------------------------------------------------------- profile


def _one_to_one(
    gold: Sequence[Any], system: Sequence[Any], same: Callable[[Any, Any], bool]
) -> Counts:
    """Greedy one-to-one matching in order; every gold item takes the first free equal item."""
    used: set[int] = set()
    tp = 0
    for item in gold:
        for s, candidate in enumerate(system):
            if s not in used and same(item, candidate):
                used.add(s)
                tp += 1
                break
    return Counts(tp=tp, fp=len(system) - len(used), fn=len(gold) - tp)


def _named(gold: dict[str, Any], system: dict[str, Any]) -> bool:
    return bool(system.get("name")) and names_match(system["name"], gold_names(gold))


def _alias_equal(gold: dict[str, Any], system: dict[str, Any]) -> bool:
    return system.get("kind") == gold.get("kind") and _named(gold, system)


def _person_units(people: Sequence[dict[str, Any]]) -> list[tuple[dict[str, Any], str | None]]:
    return [(p, role) for p in people for role in (p.get("roles") or [None])]


def _person_equal(gold: tuple[dict, str | None], system: tuple[dict, str | None]) -> bool:
    (gold_person, gold_role), (system_person, system_role) = gold, system
    if not _named(gold_person, system_person):
        return False
    if gold_role is None:
        return True
    return system_role is not None and fold_name(system_role) == fold_name(gold_role)


def _year_month(value: Any) -> tuple[int | None, int | None]:
    parts = str(value or "").strip().split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
    except ValueError:
        return None, None
    return year, month


def _founded_equal(gold: dict[str, Any], system: dict[str, Any]) -> bool:
    gold_year, gold_month = _year_month(gold.get("date"))
    system_year, system_month = _year_month(system.get("date"))
    if gold_year is None or gold_year != system_year:
        return False
    return gold_month is None or gold_month == system_month


def score_profile(subject: dict[str, Any] | None, predicted: Sequence[dict]) -> dict:
    """Counts per profile part; `None` for a part that is not scored."""
    result: dict[str, Counts | None] = {part: None for part in PROFILE_PARTS}
    if subject is None:
        return result
    actor = next((r for r in predicted if r.get("kind") == "actor" and r.get("is_subject")), {})
    for part in PROFILE_PARTS:
        gold_items = subject.get(part)
        if gold_items is None:
            continue
        system_items = actor.get(part) or []
        if part == "aliases":
            counts = _one_to_one(gold_items, system_items, _alias_equal)
        elif part == "people":
            counts = _one_to_one(
                _person_units(gold_items), _person_units(system_items), _person_equal
            )
        elif part == "founded":
            counts = _one_to_one(gold_items, system_items, _founded_equal)
        else:
            counts = _one_to_one(gold_items, system_items, _named)
        result[part] = counts
    return result


# --------------------------------------------------------------------------- articles and files


def _tally_article(gold: dict[str, Any], predicted: Sequence[dict[str, Any]]) -> ArticleTally:
    return ArticleTally(
        events=score_events(gold.get("events") or [], predicted),
        claims=score_claims(gold.get("claims") or [], predicted),
        profile=score_profile(gold.get("subject"), predicted),
    )


def score_article(gold: dict[str, Any], predicted: list[dict[str, Any]]) -> dict[str, Any]:
    """Scores of one article's native records against its gold (the `--json` shape)."""
    return _tally_article(gold, predicted).as_dict()


def load_gold(path: Path) -> tuple[dict[str, Any], str]:
    """Read a gold file and the text it annotates, checking the format and the text's SHA-256."""
    path = Path(path)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GoldError(f"{path}: cannot read gold file: {exc}") from exc
    if not isinstance(gold, dict) or gold.get("format") != GOLD_FORMAT:
        found = gold.get("format") if isinstance(gold, dict) else None
        raise GoldError(f"{path}: format is {found!r}, expected {GOLD_FORMAT!r}")
    if not gold.get("text_file"):
        raise GoldError(f"{path}: no text_file given")
    text_path = path.parent / gold["text_file"]
    try:
        raw = text_path.read_bytes()
    except OSError as exc:
        raise GoldError(f"{path}: text file {text_path} is missing ({exc.strerror})") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GoldError(f"{path}: text file {text_path} is not UTF-8") from exc
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    expected = str(gold.get("text_sha256") or "").lower()
    if digest != expected:
        raise GoldError(
            f"{path}: text file {text_path} does not match the gold file "
            f"(SHA-256 {digest}, expected {expected or 'none given'})"
        )
    return gold, text


def find_gold_files(paths: Sequence[Path]) -> list[Path]:
    """Gold files named directly, and every `*.gold.json` under named directories."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob(f"*{GOLD_SUFFIX}") if p.is_file())
        elif path.exists():
            found.append(path)
        else:
            raise GoldError(f"{path}: no such file or directory")
    return list(dict.fromkeys(found))


def _article_name(path: Path) -> str:
    name = path.name
    return name[: -len(GOLD_SUFFIX)] if name.endswith(GOLD_SUFFIX) else path.stem


def score_files(paths: Sequence[Path], run: RunFn) -> dict[str, Any]:
    """Score every gold file found in `paths`.

    `run(text, published, name)` returns the native record dicts for a text; `name` is the gold
    file's name without `.gold.json`. The result has `overall` (micro-averaged: counts summed
    over files, attribute accuracies pooled over all matched pairs) and `files`, keyed by file
    name (by path where two files share a name).
    """
    gold_paths = find_gold_files(paths)
    if not gold_paths:
        shown = ", ".join(str(p) for p in paths)
        raise GoldError(f"no {GOLD_SUFFIX} files found in {shown}")
    names = [p.name for p in gold_paths]
    overall = ArticleTally()
    files: dict[str, Any] = {}
    for path in gold_paths:
        gold, text = load_gold(path)
        predicted = run(text, gold.get("published"), _article_name(path))
        tally = _tally_article(gold, predicted)
        overall.add(tally)
        key = path.name if names.count(path.name) == 1 else str(path)
        files[key] = tally.as_dict()
    return {"overall": overall.as_dict(), "files": files}


# --------------------------------------------------------------------------- table


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _count_row(label: str, figures: dict[str, Any] | None) -> str:
    if figures is None:
        return f"  {label:<10} (not scored)"
    return (
        f"  {label:<10} P {_fmt(figures['precision']):>4}  R {_fmt(figures['recall']):>4}  "
        f"F1 {_fmt(figures['f1']):>4}   tp {figures['tp']:>3}  fp {figures['fp']:>3}  "
        f"fn {figures['fn']:>3}"
    )


def _accuracy_row(figures: dict[str, Any], labels: Sequence[tuple[str, str]]) -> str:
    cells = "  ".join(f"{label} {_fmt(figures[f'{key}_accuracy'])}" for key, label in labels)
    return f"  {'':<10} {cells}"


_EVENT_LABELS = (
    ("type", "type"),
    ("date", "date"),
    ("date_precision", "date-precision"),
    ("location", "location"),
    ("fatalities", "fatalities"),
    ("actor", "actors"),
)
_CLAIM_LABELS = (("claimant", "claimant"), ("value", "value"), ("qualifier", "qualifier"))


def _block(title: str, scores: dict[str, Any]) -> list[str]:
    lines = [title, _count_row("events", scores["events"])]
    lines.append(_accuracy_row(scores["events"], _EVENT_LABELS))
    lines.append(_count_row("claims", scores["claims"]))
    lines.append(_accuracy_row(scores["claims"], _CLAIM_LABELS))
    for part in PROFILE_PARTS:
        lines.append(_count_row(part, scores["profile"][part]))
    return lines


def format_table(result: dict[str, Any]) -> str:
    """A plain-text report of `score_files` output: each file, then the overall figures."""
    lines: list[str] = []
    for name, scores in result.get("files", {}).items():
        lines += _block(name, scores)
        lines.append("")
    lines += _block("overall (micro-averaged)", result["overall"])
    return "\n".join(lines) + "\n"
