"""The event filter shared by the list, the map, the timeline, the facets and the exports.

`EventFilter` holds validated query parameters. `store_kwargs` hands them to `Store.events`
(the list and the exports); `where` builds the same conditions as SQL over the store's
`records` table for the aggregate queries (timeline, facets, map points), so every view of one
filter counts the same events.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields, replace
from typing import Any

from procopius import taxonomy
from procopius.store import fold_name, fts_query

DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
_DATE_RE = re.compile(DATE_PATTERN)
_DATE_HIGH = "~"  # sorts after every character of an ISO date prefix, as the store compares


class FilterError(ValueError):
    """A filter parameter that cannot be used; the message names the parameter."""


@dataclass(frozen=True)
class EventFilter:
    """Validated event filters; every field is optional and all given fields must match."""

    date_from: str | None = None
    date_to: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    country: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    min_fatalities: int | None = None
    q: str | None = None

    def without(self, *names: str) -> EventFilter:
        """The same filter with the named fields cleared (for facets that ignore their own)."""
        return replace(self, **dict.fromkeys(names))

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))

    def store_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `Store.events`."""
        return {
            "date_from": self.date_from,
            "date_to": self.date_to,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor": self.actor,
            "country": self.country,
            "bbox": self.bbox,
            "min_fatalities": self.min_fatalities,
            "text": self.q,
        }

    def where(self, alias: str = "r") -> tuple[str, list[Any]] | None:
        """SQL conditions over the `records` table (as `alias`) and their parameters; None
        when the filter can match nothing (free text without a searchable word)."""
        r = alias
        conds = [f"{r}.kind = 'event'"]
        params: list[Any] = []
        if self.date_from:
            conds.append(f"COALESCE({r}.date_end, {r}.date_start) || ? >= ?")
            params += [_DATE_HIGH, self.date_from]
        if self.date_to:
            conds.append(f"COALESCE({r}.date_start, {r}.date_end) <= ? || ?")
            params += [self.date_to, _DATE_HIGH]
        if self.event_type:
            conds.append(f"{r}.event_type = ? COLLATE NOCASE")
            params.append(self.event_type)
        if self.sub_event_type:
            conds.append(f"{r}.sub_event_type = ? COLLATE NOCASE")
            params.append(self.sub_event_type)
        if self.country:
            conds.append(f"{r}.country = ? COLLATE NOCASE")
            params.append(self.country)
        if self.min_fatalities is not None:
            conds.append(f"{r}.fatalities_best >= ?")
            params.append(self.min_fatalities)
        if self.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            conds.append(f"{r}.lat BETWEEN ? AND ?")
            params += [min_lat, max_lat]
            if min_lon <= max_lon:
                conds.append(f"{r}.lon BETWEEN ? AND ?")
            else:  # the box crosses the antimeridian
                conds.append(f"({r}.lon >= ? OR {r}.lon <= ?)")
            params += [min_lon, max_lon]
        if self.actor:
            needle = fold_name(self.actor)
            conds.append(
                f"EXISTS (SELECT 1 FROM event_actors ea WHERE ea.rid = {r}.rid AND "
                "(instr(ea.folded, ?) > 0 OR ea.actor IN "
                "(SELECT actor FROM aliases WHERE instr(folded, ?) > 0)))"
            )
            params += [needle, needle]
        if self.q is not None:
            query = fts_query(self.q)
            if query is None:
                return None
            conds.append(f"{r}.rid IN (SELECT rowid FROM search WHERE search MATCH ?)")
            params.append(query)
        return " AND ".join(conds), params


def parse_date(name: str, value: str | None) -> str | None:
    """An ISO date prefix (YYYY, YYYY-MM or YYYY-MM-DD), or None for an empty value."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if not _DATE_RE.match(value):
        raise FilterError(f"{name}: expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    return value


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """`minlon,minlat,maxlon,maxlat` in degrees; a box whose min_lon exceeds its max_lon
    crosses the antimeridian."""
    if value is None or not value.strip():
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 4:
        raise FilterError(f"bbox: expected minlon,minlat,maxlon,maxlat, got {value!r}")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise FilterError(f"bbox: expected four numbers, got {value!r}") from None
    if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
        raise FilterError("bbox: the numbers must be finite")
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise FilterError("bbox: longitudes must lie between -180 and 180")
    if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise FilterError("bbox: latitudes must lie between -90 and 90")
    if min_lat > max_lat:
        raise FilterError("bbox: minlat is greater than maxlat")
    return (min_lon, min_lat, max_lon, max_lat)


def _known(name: str, value: str | None, valid: list[str]) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    by_fold = {v.casefold(): v for v in valid}
    if value.casefold() not in by_fold:
        raise FilterError(f"{name}: unknown value {value!r}; expected one of {', '.join(valid)}")
    return by_fold[value.casefold()]


def _text(value: str | None) -> str | None:
    return value.strip() if value is not None and value.strip() else None


def make_filter(
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    event_type: str | None = None,
    sub_event_type: str | None = None,
    actor: str | None = None,
    country: str | None = None,
    bbox: str | None = None,
    min_fatalities: int | None = None,
    q: str | None = None,
) -> EventFilter:
    """Check raw query parameters and build the filter; raises FilterError with a message
    that names the bad parameter."""
    start = parse_date("date_from", date_from)
    end = parse_date("date_to", date_to)
    if start and end and start > end + _DATE_HIGH:
        raise FilterError(f"date_from ({start}) is after date_to ({end})")
    if min_fatalities is not None and min_fatalities < 0:
        raise FilterError("min_fatalities: must be 0 or more")
    return EventFilter(
        date_from=start,
        date_to=end,
        event_type=_known("event_type", event_type, taxonomy.event_types()),
        sub_event_type=_known(
            "sub_event_type",
            sub_event_type,
            [s.name for s in taxonomy.all_sub_event_types()],
        ),
        actor=_text(actor),
        country=_text(country),
        bbox=parse_bbox(bbox),
        min_fatalities=min_fatalities,
        q=_text(q),
    )
