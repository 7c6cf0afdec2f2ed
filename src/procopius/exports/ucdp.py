"""UCDP GED-compatible CSV, with the column names and order of the GED codebook (23.1 on).

Only events with a UCDP type of violence are written (UCDP records lethal organised violence:
battles, remote violence and one-sided violence, not protests, riots or strategic developments),
and of those not the ones whose fatalities are known to be zero. The type is the event's own
`ucdp_type_of_violence` when set, otherwise it follows `taxonomy.ucdp_type_of_violence` from the
sub-event type and the actors' categories (from their actor records' `actor_type`).

Like ACLED, GED has one event per place: an event with several locations becomes one row per
location (ids `<event id>-1`, ...), with the death counts on the first row only. Where the
records say nothing (conflict and dyad ids, Gleditsch-Ward numbers, region, event clarity) the
column is empty. `priogrid_gid` is computed from the coordinates (PRIO-GRID's 0.5 degree cells,
numbered from 1 at 180W 90S eastwards, then northwards). Dates are written as YYYY-MM-DD.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, TextIO

from procopius import taxonomy
from procopius.exports.common import (
    Collection,
    cell,
    country_name,
    date_span,
    fatality,
    located,
    names_in_role,
    row_ids,
    span_days,
    sub_event,
    write_event_csv,
)

UCDP_COLUMNS: tuple[str, ...] = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
)

CIVILIANS = "Civilians"
_CIVILIAN_WORDS = ("civilian", "civilians", "non-combatants", "noncombatants")


def date_prec(date: dict[str, Any] | None) -> int | None:
    """GED's date_prec: 1 the exact day, 2 a span of 2-6 days, 3 a week, 4 a month or a span of
    8-30 days, 5 more than a month (a year, a long span). None without a date."""
    if not date or not date.get("start"):
        return None
    precision = date.get("precision")
    if precision == "year":
        return 5
    if precision == "month":
        return 4
    if precision == "week":
        return 3
    days = span_days(date)
    if precision == "day" or days == 1:
        return 1
    if days is None:
        return None
    if days <= 6:
        return 2
    if days == 7:
        return 3
    if days <= 30:
        return 4
    return 5


WHERE_PREC = {
    "town": 1,
    "exact": 1,
    "near": 2,
    "admin2": 3,
    "admin1": 4,
    "region": 5,
    "country": 6,
    "sea": 7,
    "air": 7,
}


def where_prec(location: dict[str, Any]) -> int | None:
    """GED's where_prec: 1 an exact place, 2 within 25 km of one, 3 a second-order and 4 a
    first-order administrative division, 5 a part of a country that is no such division, 6 the
    country, 7 international waters or airspace."""
    return WHERE_PREC.get(location.get("precision") or "")


def priogrid_gid(lat: float, lon: float) -> int:
    """The PRIO-GRID cell holding a point: 720 columns by 360 rows of half a degree."""
    row = min(int(math.floor((lat + 90.0) * 2)), 359)
    col = min(int(math.floor((lon + 180.0) * 2)), 719)
    return row * 720 + col + 1


def _actor_is_state(event: dict[str, Any], role: str, records: Collection) -> bool | None:
    actors = [a for a in event.get("actors") or [] if a.get("role") == role]
    if not actors:
        return None
    return taxonomy.is_state(records.inter_of(actors[0]))


def type_of_violence(event: dict[str, Any], records: Collection) -> int | None:
    """The event's UCDP type: its own field when set, else the taxonomy's actor rule."""
    if event.get("ucdp_type_of_violence") in (1, 2, 3):
        return int(event["ucdp_type_of_violence"])
    sub = sub_event(event)
    if sub is None:
        return None
    return taxonomy.ucdp_type_of_violence(
        sub,
        _actor_is_state(event, "actor1", records),
        _actor_is_state(event, "actor2", records),
        victims_civilian=bool(names_in_role(event, "victim")),
    )


def _sides(event: dict[str, Any], tov: int, records: Collection) -> tuple[str, str]:
    side_a = names_in_role(event, "actor1")
    side_b = names_in_role(event, "actor2")
    if (
        tov == 1
        and _actor_is_state(event, "actor2", records)
        and not _actor_is_state(event, "actor1", records)
    ):
        side_a, side_b = side_b, side_a  # GED puts the government on side A
    if tov == 3 and not side_b:
        side_b = [CIVILIANS]
    return ", ".join(side_a), ", ".join(side_b)


def event_rows(event: dict[str, Any], records: Collection) -> list[dict[str, str]]:
    """The GED rows of one native event dict; none when UCDP would not record it."""
    tov = type_of_violence(event, records)
    best = fatality(event, "best")
    if tov is None or best == 0:
        return []
    start, end = date_span(event.get("date"))
    side_a, side_b = _sides(event, tov, records)
    doc = records.documents.get(event.get("doc") or "", {})
    fat = event.get("fatalities") or {}
    who = (fat.get("who") or "").strip().casefold()
    deaths_civ = best if who in _CIVILIAN_WORDS else None
    deaths_unknown = best if deaths_civ is None else None
    docs = {e.get("doc") for e in event.get("evidence") or [] if e.get("doc")} or {event.get("doc")}

    shared = {
        "year": cell(start.year if start else None),
        "active_year": "",
        "code_status": "",
        "type_of_violence": cell(tov),
        "conflict_dset_id": "",
        "conflict_new_id": "",
        "conflict_name": "",
        "dyad_dset_id": "",
        "dyad_new_id": "",
        "dyad_name": f"{side_a} - {side_b}" if side_a and side_b else "",
        "side_a_dset_id": "",
        "side_a_new_id": "",
        "side_a": side_a,
        "side_b_dset_id": "",
        "side_b_new_id": "",
        "side_b": side_b,
        "number_of_sources": cell(len(docs)),
        "source_article": doc.get("url") or records.source_of(event),
        "source_office": doc.get("source") or "",
        "source_date": (doc.get("published") or "")[:10],
        "source_headline": doc.get("title") or "",
        "source_original": (fat.get("claimed_by") or "") if fat else "",
        "country_id": "",
        "region": "",
        "event_clarity": "",
        "date_prec": cell(date_prec(event.get("date"))),
        "date_start": start.isoformat() if start else "",
        "date_end": end.isoformat() if end else "",
        "deaths_a": "",
        "deaths_b": "",
        "gwnoa": "",
        "gwnob": "",
    }
    locations = event.get("locations") or [{}]
    rows = []
    for i, (row_id, loc) in enumerate(
        zip(row_ids(event["id"], len(locations)), locations, strict=True)
    ):
        first = i == 0
        has_point = located(loc)
        row = dict(shared)
        row.update(
            {
                "id": row_id,
                "relid": row_id,
                "where_prec": cell(where_prec(loc)) if loc else "",
                "where_coordinates": loc.get("name") or "",
                "where_description": ", ".join(
                    p
                    for p in (loc.get("name"), loc.get("admin1"), country_name(loc.get("country")))
                    if p
                ),
                "adm_1": loc.get("admin1") or "",
                "adm_2": "",
                "latitude": cell(loc.get("lat")),
                "longitude": cell(loc.get("lon")),
                "geom_wkt": f"POINT ({loc['lon']} {loc['lat']})" if has_point else "",
                "priogrid_gid": cell(priogrid_gid(loc["lat"], loc["lon"])) if has_point else "",
                "country": country_name(loc.get("country")),
                "deaths_civilians": cell(deaths_civ) if first else "",
                "deaths_unknown": cell(deaths_unknown) if first else "",
                "best": cell(best) if first else "",
                "high": cell(fatality(event, "high")) if first else "",
                "low": cell(fatality(event, "low")) if first else "",
            }
        )
        rows.append({col: row[col] for col in UCDP_COLUMNS})
    return rows


def write_ucdp(records: Iterable[Any], out: TextIO) -> int:
    """Write the events among `records` that UCDP would record as GED CSV; returns the rows."""
    return write_event_csv(records, out, UCDP_COLUMNS, event_rows)
