"""ACLED-compatible CSV, with the column names and order of ACLED's data export.

ACLED codes one event per place, so an event with several locations becomes one row per
location (ids `<event id>-1`, `-2`, ...), and its fatalities are written on the first row only, so
that summing the column counts each death once. An event without a location gives one row with
empty place columns. Columns the records cannot fill (region, admin2, admin3, source_scale, tags,
timestamp, and inter codes of actors whose category is unknown) are left empty, never guessed;
unknown fatalities are empty too, not 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from procopius import taxonomy
from procopius.exports.common import (
    Collection,
    cell,
    country,
    country_name,
    date_span,
    evidence_text,
    fatality,
    names_in_role,
    row_ids,
    span_days,
    sub_event,
    write_event_csv,
)

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

CIVILIAN_TARGETING = "Civilian targeting"
CIVILIANS_INTER = 7


def time_precision(date: dict[str, Any] | None) -> int | None:
    """ACLED's time_precision: 1 a known day, 2 a week or a few days within a month, 3 a month or
    longer. None when the event has no date."""
    if not date or not date.get("start"):
        return None
    precision = date.get("precision")
    if precision in ("month", "year"):
        return 3
    days = span_days(date)
    start, end = date_span(date)
    if precision == "day" or days == 1:
        return 1
    if precision == "week" or (days is not None and days <= 7):
        return 2
    if start and end and (start.year, start.month) == (end.year, end.month):
        return 2
    return 3


GEO_PRECISION = {
    "town": 1,
    "exact": 1,
    "near": 2,
    "region": 2,
    "admin2": 2,
    "admin1": 3,
    "country": 3,
}


def geo_precision(location: dict[str, Any]) -> int | None:
    """ACLED's geo_precision: 1 the town itself, 2 near a town or a part of a region, 3 a
    province or larger (ACLED then uses the provincial capital's coordinates)."""
    return GEO_PRECISION.get(location.get("precision") or "")


def _join(names: list[str]) -> str:
    return "; ".join(names)


def event_rows(event: dict[str, Any], records: Collection) -> list[dict[str, str]]:
    """The ACLED rows of one native event dict."""
    sub = sub_event(event)
    start, _ = date_span(event.get("date"))
    actor1 = names_in_role(event, "actor1")
    actor2 = names_in_role(event, "actor2")
    assoc2 = names_in_role(event, "assoc_actor_2")
    victims = names_in_role(event, "victim")

    inter1 = next(
        (records.inter_of(a) for a in event.get("actors") or [] if a.get("role") == "actor1"),
        None,
    )
    inter2: int | None = None
    if actor2:
        inter2 = next(
            (records.inter_of(a) for a in event.get("actors") or [] if a.get("role") == "actor2"),
            None,
        )
        assoc2 = list(dict.fromkeys(assoc2 + victims))
    elif victims:
        actor2, inter2 = victims, CIVILIANS_INTER
    interaction = None
    if actor1 and inter1 is not None and (inter2 is not None or not actor2):
        interaction = taxonomy.interaction_code(inter1, inter2)

    shared = {
        "event_date": start.isoformat() if start else "",
        "year": cell(start.year if start else None),
        "time_precision": cell(time_precision(event.get("date"))),
        "disorder_type": sub.disorder_type if sub else "",
        "event_type": event.get("acled_event_type") or (sub.event_type if sub else ""),
        "sub_event_type": event.get("acled_sub_event_type") or "",
        "actor1": _join(actor1),
        "assoc_actor_1": _join(names_in_role(event, "assoc_actor_1")),
        "inter1": cell(inter1),
        "actor2": _join(actor2),
        "assoc_actor_2": _join(assoc2),
        "inter2": cell(inter2),
        "interaction": cell(interaction),
        "civilian_targeting": CIVILIAN_TARGETING if victims else "",
        "region": "",
        "admin2": "",
        "admin3": "",
        "source": records.source_of(event),
        "source_scale": "",
        "notes": evidence_text(event),
        "tags": "",
        "timestamp": "",
    }
    locations = event.get("locations") or [{}]
    rows = []
    for i, (row_id, loc) in enumerate(
        zip(row_ids(event["id"], len(locations)), locations, strict=True)
    ):
        place = country(loc.get("country"))
        row = dict(shared)
        row.update(
            {
                "event_id_cnty": row_id,
                "iso": cell(place.numeric if place else None),
                "country": country_name(loc.get("country")),
                "admin1": loc.get("admin1") or "",
                "location": loc.get("name") or "",
                "latitude": cell(loc.get("lat")),
                "longitude": cell(loc.get("lon")),
                "geo_precision": cell(geo_precision(loc)) if loc else "",
                "fatalities": cell(fatality(event)) if i == 0 else "",
            }
        )
        rows.append({col: row[col] for col in ACLED_COLUMNS})
    return rows


def write_acled(records: Iterable[Any], out: TextIO) -> int:
    """Write the events among `records` as ACLED CSV; returns the number of rows written."""
    return write_event_csv(records, out, ACLED_COLUMNS, event_rows)
