"""Read-only queries for the web API over a procopius store.

Records come from `Store` (its event filters, cursors and look-ups). Counts (timeline, facets),
map points and the actor listing are aggregate SQL over the store's tables on connections
opened read-only, one per thread.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from procopius.store import Store, StoreError, fold_name
from procopius.web.filters import EventFilter

INTERVALS = ("day", "week", "month", "year")
MAX_POINTS = 50_000

# The start of an event as a full date, so day and week buckets work for prefixes too.
_FULL_START = (
    "CASE length(r.date_key) WHEN 4 THEN r.date_key || '-01-01' "
    "WHEN 7 THEN r.date_key || '-01' ELSE substr(r.date_key, 1, 10) END"
)
_BUCKET = {
    "day": _FULL_START,
    "week": f"date({_FULL_START}, '-6 days', 'weekday 1')",
    "month": "substr(r.date_key, 1, 7)",
    "year": "substr(r.date_key, 1, 4)",
}
_DATED = "r.date_key <> char(65535) AND r.date_key GLOB '[0-9][0-9][0-9][0-9]*'"
_FIRST_PLACE_PRECISION = (
    "(SELECT json_extract(l.value, '$.precision') FROM json_each(r.json, '$.locations') l "
    "WHERE json_extract(l.value, '$.lat') IS NOT NULL "
    "AND json_extract(l.value, '$.lon') IS NOT NULL LIMIT 1)"
)


# Unfiltered facets from covering indexes: only event rows have these columns set.
_FAST_FACETS = {
    "event_type": "SELECT event_type AS v, count(*) AS n FROM records "
    "WHERE event_type IS NOT NULL GROUP BY v",
    "sub_event_type": "SELECT sub_event_type AS v, count(*) AS n FROM records "
    "WHERE event_type IS NOT NULL AND sub_event_type IS NOT NULL GROUP BY v",
    "country": "SELECT country AS v, count(*) AS n FROM records "
    "WHERE country IS NOT NULL GROUP BY v",
    "actor": "SELECT name AS v, count(DISTINCT rid) AS n FROM event_actors GROUP BY v",
}


class NotFound(LookupError):
    """No record with the id asked for."""


def script_of(name: str) -> str:
    """The writing system of a name, from the Unicode name of its first letter ("Latin",
    "Arabic", "Cyrillic", ...); "Common" when it has no letter."""
    for ch in name:
        if ch.isalpha():
            try:
                word = unicodedata.name(ch).split()[0]
            except ValueError:
                return "Unknown"
            return {"CJK": "Han"}.get(word, word.capitalize())
    return "Common"


class WebStore:
    """A store opened for the web API. With `read_only` the file must exist and is never
    written; the aggregate connections are opened in SQLite's read-only mode."""

    def __init__(self, path: str | Path, read_only: bool = True) -> None:
        self.path = Path(path).expanduser()
        self.read_only = read_only
        if read_only and not self.path.is_file():
            raise StoreError(f"{self.path}: no store here (run `procopius extract` first)")
        self.store = Store(self.path)
        self._lock = threading.Lock()
        self._local = threading.local()

    def close(self) -> None:
        self.store.close()

    # -- connections -------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            mode = "ro" if self.read_only else "rw"
            conn = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode={mode}", uri=True, check_same_thread=False
            )
            conn.execute("PRAGMA query_only = ON")
            self._local.conn = conn
        return conn

    def _sql(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self._conn().execute(sql, params).fetchall()

    @contextmanager
    def _locked(self) -> Iterator[Store]:
        with self._lock:
            yield self.store

    # -- records -----------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self._locked() as store:
            return store.counts()

    def events(
        self, flt: EventFilter, limit: int | None, after: str | None
    ) -> list[dict[str, Any]]:
        """Events matching `flt` from `Store.events`; raises StoreError for an unknown cursor."""
        with self._locked() as store:
            return store.events(**flt.store_kwargs(), limit=limit, after=after)

    def get(self, record_id: str, kind: str | None = None) -> dict[str, Any]:
        with self._locked() as store:
            record = store.get(record_id)
        if record is None or (kind is not None and record.get("kind") != kind):
            raise NotFound(f"no {kind or 'record'} with id {record_id!r}")
        return record

    def records_by_id(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Records by id (the first stored when an id repeats); missing ids are left out."""
        found: dict[str, dict[str, Any]] = {}
        unique = list(dict.fromkeys(i for i in ids if i))
        for i in range(0, len(unique), 500):
            chunk = unique[i : i + 500]
            marks = ",".join("?" for _ in chunk)
            for rid, data in self._sql(
                f"SELECT id, json FROM records WHERE id IN ({marks}) ORDER BY rid DESC", chunk
            ):
                found[rid] = json.loads(data)
        return found

    def document(self, doc_id: str) -> dict[str, Any]:
        with self._locked() as store:
            doc = store.document(doc_id)
        if doc is None:
            raise NotFound(f"no document with id {doc_id!r}")
        return doc

    def document_text(self, doc_id: str) -> str | None:
        rows = self._sql("SELECT text FROM documents WHERE id = ?", (doc_id,))
        return rows[0][0] if rows else None

    def document_header(self, doc_id: str) -> dict[str, Any] | None:
        rows = self._sql(
            "SELECT id, title, source, url, published FROM documents WHERE id = ?", (doc_id,)
        )
        if not rows:
            return None
        keys = ("id", "title", "source", "url", "published")
        return dict(zip(keys, rows[0], strict=True))

    def documents(self) -> list[dict[str, Any]]:
        with self._locked() as store:
            docs = store.documents()
        counts = dict(
            self._sql("SELECT doc, count(*) FROM records WHERE kind = 'event' GROUP BY doc")
        )
        return [{**d, "events": counts.get(d["id"], 0)} for d in docs]

    def doc_records(self, doc_id: str) -> list[dict[str, Any]]:
        with self._locked() as store:
            return [r for r in store.records(doc=doc_id) if r.get("kind") != "document"]

    # -- aggregates ----------------------------------------------------------------------

    def timeline(self, flt: EventFilter, interval: str) -> dict[str, Any]:
        """Event counts and summed best fatality figures per bucket of the events' start
        dates; undated events are counted apart."""
        if interval not in INTERVALS:
            raise ValueError(f"interval must be one of {', '.join(INTERVALS)}")
        where = flt.where()
        if where is None:
            return {"interval": interval, "buckets": [], "undated": 0, "total": 0}
        cond, params = where
        bucket = _BUCKET[interval]
        rows = self._sql(
            f"SELECT {bucket} AS b, count(*), COALESCE(sum(r.fatalities_best), 0) "
            f"FROM records r WHERE {cond} AND {_DATED} GROUP BY b ORDER BY b",
            params,
        )
        total = self._sql(f"SELECT count(*) FROM records r WHERE {cond}", params)[0][0]
        buckets = [{"key": k, "count": n, "fatalities": f} for k, n, f in rows if k]
        dated = sum(b["count"] for b in buckets)
        return {"interval": interval, "buckets": buckets, "undated": total - dated, "total": total}

    def facets(self, flt: EventFilter, top: int = 50) -> dict[str, Any]:
        """Counts of the matching events by event type, sub-event type, country, actor and
        year. Each facet ignores its own filter, so its other values stay selectable."""

        def grouped(
            expr: str, f: EventFilter, join: str = "", fast: str | None = None
        ) -> list[dict[str, Any]]:
            if fast is not None and f.is_empty():
                # Without a filter, a covering index (or the small actors table) answers.
                rows = self._sql(f"{fast} ORDER BY n DESC, v LIMIT ?", [top])
                return [{"value": v, "count": n} for v, n in rows]
            where = f.where()
            if where is None:
                return []
            cond, params = where
            rows = self._sql(
                f"SELECT {expr} AS v, count(DISTINCT r.rid) AS n FROM records r {join} "
                f"WHERE {cond} AND ({expr}) IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT ?",
                [*params, top],
            )
            return [{"value": v, "count": n} for v, n in rows]

        where = flt.where()
        total = (
            0
            if where is None
            else self._sql(f"SELECT count(*) FROM records r WHERE {where[0]}", where[1])[0][0]
        )
        actors = grouped(
            "ea.name",
            flt.without("actor"),
            "JOIN event_actors ea ON ea.rid = r.rid",
            _FAST_FACETS["actor"],
        )
        years = grouped(
            f"CASE WHEN {_DATED} THEN substr(r.date_key, 1, 4) END",
            flt.without("date_from", "date_to"),
        )
        years.sort(key=lambda item: item["value"])
        return {
            "total": total,
            "event_type": grouped(
                "r.event_type",
                flt.without("event_type", "sub_event_type"),
                fast=_FAST_FACETS["event_type"],
            ),
            "sub_event_type": grouped(
                "r.sub_event_type",
                flt.without("sub_event_type"),
                fast=_FAST_FACETS["sub_event_type"],
            ),
            "country": grouped("r.country", flt.without("country"), fast=_FAST_FACETS["country"]),
            "actor": actors,
            "year": years,
        }

    def points(self, flt: EventFilter, limit: int = MAX_POINTS) -> dict[str, Any]:
        """One compact row per matching event with a located place, for the map."""
        fields = ["id", "lat", "lon", "event_type", "fatalities", "precision", "date"]
        where = flt.where()
        if where is None:
            return {"fields": fields, "points": [], "truncated": False}
        cond, params = where
        rows = self._sql(
            f"SELECT r.id, r.lat, r.lon, r.event_type, r.fatalities_best, "
            f"{_FIRST_PLACE_PRECISION}, r.date_start FROM records r "
            f"WHERE {cond} AND r.lat IS NOT NULL AND r.lon IS NOT NULL "
            "ORDER BY r.date_key, r.id LIMIT ?",
            [*params, limit + 1],
        )
        truncated = len(rows) > limit
        return {"fields": fields, "points": [list(r) for r in rows[:limit]], "truncated": truncated}

    # -- actors --------------------------------------------------------------------------

    def actors(self, q: str | None, limit: int, after: str | None) -> dict[str, Any]:
        """Actors ordered by name and id; `q` keeps those with a name or alias containing it
        (folded)."""
        conds = ["r.kind = 'actor'"]
        params: list[Any] = []
        if q:
            conds.append("r.rid IN (SELECT rid FROM aliases WHERE instr(folded, ?) > 0)")
            params.append(fold_name(q))
        if after is not None:
            rows = self._sql(
                "SELECT name, id FROM records WHERE kind = 'actor' AND id = ? LIMIT 1", (after,)
            )
            if not rows:
                raise StoreError(f"unknown cursor {after!r}: no stored actor has that id")
            conds.append("(r.name, r.id) > (?, ?)")
            params += [rows[0][0], rows[0][1]]
        rows = self._sql(
            "SELECT r.json FROM records r WHERE "
            + " AND ".join(conds)
            + " ORDER BY r.name, r.id LIMIT ?",
            [*params, limit + 1],
        )
        page = [json.loads(row[0]) for row in rows[:limit]]
        counts: dict[str, int] = {}
        if page:
            marks = ",".join("?" for _ in page)
            counts = dict(
                self._sql(
                    "SELECT actor, count(DISTINCT rid) FROM event_actors "
                    f"WHERE actor IN ({marks}) GROUP BY actor",
                    [a["id"] for a in page],
                )
            )
        items = [
            {
                "id": actor["id"],
                "doc": actor["doc"],
                "name": actor["name"],
                "is_subject": actor.get("is_subject", False),
                "actor_type": actor.get("actor_type"),
                "aliases": [a["name"] for a in actor.get("aliases") or []],
                "events": counts.get(actor["id"], 0),
            }
            for actor in page
        ]
        next_cursor = items[-1]["id"] if len(rows) > limit and items else None
        return {"actors": items, "next": next_cursor}

    def actor_events(self, actor_id: str, limit: int = 1000) -> list[dict[str, Any]]:
        """Events in which the actor takes part (linked by id), by date."""
        rows = self._sql(
            "SELECT r.json FROM records r WHERE r.kind = 'event' AND r.rid IN "
            "(SELECT rid FROM event_actors WHERE actor = ?) ORDER BY r.date_key, r.id LIMIT ?",
            (actor_id, limit),
        )
        return [json.loads(row[0]) for row in rows]

    def relations_of(self, actor_id: str, names: list[str]) -> list[dict[str, Any]]:
        """Relation records whose source or target is the actor (by id or by one of its
        names)."""
        keys = [actor_id, *names]
        marks = ",".join("?" for _ in keys)
        rows = self._sql(
            "SELECT json FROM records WHERE kind = 'relation' AND ("
            f"json_extract(json, '$.source') IN ({marks}) OR "
            f"json_extract(json, '$.target') IN ({marks})) ORDER BY id",
            [*keys, *keys],
        )
        return [json.loads(row[0]) for row in rows]

    def same_name(self, actor: dict[str, Any], limit: int = 100) -> list[dict[str, Any]]:
        """Actors (of other documents, mostly) that share the actor's name or an alias."""
        names = [actor["name"], *(a["name"] for a in actor.get("aliases") or [])]
        folded = list({fold_name(n) for n in names if fold_name(n)})
        if not folded:
            return []
        marks = ",".join("?" for _ in folded)
        rows = self._sql(
            "SELECT DISTINCT r.id, r.doc, r.name FROM records r JOIN aliases a ON a.rid = r.rid "
            f"WHERE r.kind = 'actor' AND a.folded IN ({marks}) AND r.id <> ? ORDER BY r.id LIMIT ?",
            [*folded, actor["id"], limit],
        )
        return [{"id": i, "doc": d, "name": n} for i, d, n in rows]
