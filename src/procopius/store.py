"""The embedded store: native records in one SQLite file, with full-text search.

One row per record holds its JSON exactly as `records.to_dict` produced it, next to a few
indexed columns for queries (event type, dates, place, fatalities, actor name). An FTS5 table
indexes evidence text and actor names; an aliases table indexes folded actor names.

Writing is by document: `put` replaces everything stored for each document of a `RecordSet`
in a single transaction, so a crash part-way leaves the previous records untouched.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from procopius.names import fold
from procopius.records import (
    SCHEMA_VERSION,
    Actor,
    Claim,
    DocumentRecord,
    Event,
    Evidence,
    Record,
    RecordSet,
    Relation,
    to_dict,
)

STORE_SCHEMA = 1
"""Version of the table layout; bump it (and add a migration) when the tables change."""

KINDS = ("document", "actor", "event", "claim", "relation")
_KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
_SQLITE_HEADER = b"SQLite format 3\x00"
_UNDATED = "\uffff"  # sort key that puts undated events after dated ones
_DATE_HIGH = "~"  # sorts after every character of an ISO date prefix

_APOSTROPHES = "'\u2019\u02bc\u02bb\u2018\u02be\u02bf`\u00b4"
_APOSTROPHE_TO_ASCII = str.maketrans({c: "'" for c in _APOSTROPHES})
_APOSTROPHE_DROP = str.maketrans({c: None for c in _APOSTROPHES})
_DASHES = str.maketrans({c: " " for c in "-\u2010\u2011\u2012\u2013\u2014\u2212"})
_SPACES = re.compile(r"\s+")
_JOINED_WORD = re.compile(r"\w+(?:'\w+)+")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT,
    source TEXT,
    url TEXT,
    published TEXT,
    text TEXT,
    json TEXT NOT NULL,
    stored_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    doc TEXT NOT NULL,
    kind TEXT NOT NULL,
    kind_rank INTEGER NOT NULL,
    json TEXT NOT NULL,
    name TEXT,
    event_type TEXT,
    sub_event_type TEXT,
    date_start TEXT,
    date_end TEXT,
    date_key TEXT,
    country TEXT,
    lat REAL,
    lon REAL,
    fatalities_best INTEGER,
    UNIQUE (doc, id)
);
CREATE INDEX IF NOT EXISTS records_id ON records (id);
CREATE INDEX IF NOT EXISTS records_doc ON records (doc, kind_rank, id);
CREATE INDEX IF NOT EXISTS records_events ON records (kind, date_key, id);
CREATE INDEX IF NOT EXISTS records_event_type ON records (event_type, sub_event_type);
CREATE INDEX IF NOT EXISTS records_country ON records (country);
CREATE INDEX IF NOT EXISTS records_place ON records (lat, lon);
CREATE INDEX IF NOT EXISTS records_name ON records (name);
CREATE TABLE IF NOT EXISTS aliases (
    rid INTEGER NOT NULL,
    actor TEXT NOT NULL,
    name TEXT NOT NULL,
    folded TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS aliases_folded ON aliases (folded);
CREATE INDEX IF NOT EXISTS aliases_rid ON aliases (rid);
CREATE TABLE IF NOT EXISTS event_actors (
    rid INTEGER NOT NULL,
    actor TEXT,
    role TEXT,
    name TEXT NOT NULL,
    folded TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS event_actors_rid ON event_actors (rid);
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5 (
    names,
    evidence,
    tokenize = "unicode61 remove_diacritics 2"
);
"""


class StoreError(Exception):
    """A store that cannot be opened or used; the message is one line for the user."""


def fold_name(name: str) -> str:
    """The form names are compared in (`procopius.names.fold`): NFKC, case-folded, diacritics
    and apostrophes removed, dashes as spaces, a leading "the " dropped."""
    return fold(name)


def _search_text(parts: Sequence[str]) -> str:
    """Text for the FTS index: apostrophe variants made ASCII, plus each word that holds an
    apostrophe written without it, so `Sa'id`, `Saʿid` and `Said` all find each other."""
    text = unicodedata.normalize("NFKC", "\n".join(p for p in parts if p))
    text = text.translate(_APOSTROPHE_TO_ASCII)
    joined = sorted({w.replace("'", "") for w in _JOINED_WORD.findall(text)})
    return text + ("\n" + " ".join(joined) if joined else "")


def fts_query(text: str, prefix: bool = False) -> str | None:
    """A safe FTS5 query from free text: every term quoted (so quotes, hyphens and operator
    words are taken literally) and all terms required. A term ending in `*` is a prefix; with
    `prefix=True` every term is. None when the text holds no searchable term."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHE_TO_ASCII)
    terms: list[str] = []
    for raw in text.split():
        star = prefix or raw.endswith("*")
        term = raw.replace('"', "").rstrip("*")
        if not any(c.isalnum() for c in term):
            continue
        terms.append('"' + term + '"' + ("*" if star else ""))
    return " AND ".join(terms) if terms else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """Records in one SQLite file. Use as a context manager or call `close()`."""

    def __init__(self, path: str | Path) -> None:
        self.path = path if str(path) == ":memory:" else Path(path).expanduser()
        self._lock = threading.RLock()
        self._conn = self._open()

    @staticmethod
    def default_path() -> Path:
        """`$PROCOPIUS_DB` if set, else `procopius.sqlite` in the user's data directory."""
        override = os.environ.get("PROCOPIUS_DB")
        if override:
            return Path(override).expanduser()
        from platformdirs import user_data_dir

        return Path(user_data_dir("procopius", appauthor=False)) / "procopius.sqlite"

    # -- opening -------------------------------------------------------------------------

    def _fail(self, problem: str) -> StoreError:
        return StoreError(f"{self.path}: {problem}")

    def _open(self) -> sqlite3.Connection:
        if isinstance(self.path, Path):
            self._check_file(self.path)
        try:
            conn = sqlite3.connect(
                str(self.path), timeout=30, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise self._fail(f"cannot open ({exc})") from None
        try:
            self._check_schema(conn)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(_SCHEMA)
            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES "
                "('schema_version', ?), ('records_schema', ?), ('created_at', ?)",
                (str(STORE_SCHEMA), SCHEMA_VERSION, _now()),
            )
        except StoreError:
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            raise self._fail(f"cannot use as a store ({exc})") from None
        return conn

    def _check_file(self, path: Path) -> None:
        if path.exists():
            if path.is_dir():
                raise self._fail("is a directory, not a store file")
            try:
                with path.open("rb") as handle:
                    header = handle.read(len(_SQLITE_HEADER))
            except OSError as exc:
                raise self._fail(f"cannot read ({exc.strerror or exc})") from None
            if header and header != _SQLITE_HEADER:
                raise self._fail("not a SQLite database")
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._fail(f"cannot create its folder ({exc.strerror or exc})") from None

    def _check_schema(self, conn: sqlite3.Connection) -> None:
        """Refuse, before writing anything, a database this version does not understand."""
        try:
            tables = {
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        except sqlite3.DatabaseError as exc:
            raise self._fail(f"not a SQLite database ({exc})") from None
        if not tables:
            return
        if "meta" not in tables:
            raise self._fail("a SQLite database, but not a procopius store")
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = row[0] if row else None
        if version is None or not str(version).isdigit():
            raise self._fail(f"unknown store schema {version!r}")
        if int(version) > STORE_SCHEMA:
            raise self._fail(
                f"written by a newer procopius (store schema {version}; "
                f"this version reads {STORE_SCHEMA})"
            )
        if int(version) < STORE_SCHEMA:
            raise self._fail(
                f"store schema {version} is older than {STORE_SCHEMA} and cannot be upgraded"
            )

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------

    def put(self, records: RecordSet) -> dict[str, int]:
        """Store a record set. For each document it touches, every record stored before is
        replaced by the set's records, all in one transaction. Returns counts by kind."""
        documents = {d.id: d for d in records.documents}
        by_doc: dict[str, dict[str, Record]] = {doc_id: {} for doc_id in documents}
        for rec in records:
            if not isinstance(rec, DocumentRecord):
                by_doc.setdefault(rec.doc, {})[rec.id] = rec  # the last of a repeated id wins
        counts = dict.fromkeys(KINDS, 0)
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                for doc_id, recs in by_doc.items():
                    text = records.texts.get(doc_id)
                    self._delete_doc_records(doc_id)
                    if doc_id in documents:
                        self._put_document(documents[doc_id], text)
                        counts["document"] += 1
                    for rec in recs.values():
                        self._insert_record(rec, text)
                        counts[rec.kind] += 1
                self._conn.execute("COMMIT")
            except BaseException as exc:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._fail(f"cannot write ({exc})") from exc
                raise
        return counts

    def delete(self, doc_id: str) -> bool:
        """Remove a document and all its records. True if anything was removed."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                removed = self._delete_doc_records(doc_id)
                removed += self._conn.execute(
                    "DELETE FROM documents WHERE id = ?", (doc_id,)
                ).rowcount
                self._conn.execute("COMMIT")
            except BaseException as exc:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._fail(f"cannot write ({exc})") from exc
                raise
        return removed > 0

    def _delete_doc_records(self, doc_id: str) -> int:
        sub = "SELECT rid FROM records WHERE doc = ?"
        self._conn.execute(f"DELETE FROM search WHERE rowid IN ({sub})", (doc_id,))
        self._conn.execute(f"DELETE FROM aliases WHERE rid IN ({sub})", (doc_id,))
        self._conn.execute(f"DELETE FROM event_actors WHERE rid IN ({sub})", (doc_id,))
        return self._conn.execute("DELETE FROM records WHERE doc = ?", (doc_id,)).rowcount

    def _put_document(self, doc: DocumentRecord, text: str | None) -> None:
        self._conn.execute(
            "INSERT INTO documents (id, title, source, url, published, text, json, stored_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "title = excluded.title, source = excluded.source, url = excluded.url, "
            "published = excluded.published, text = COALESCE(excluded.text, documents.text), "
            "json = excluded.json, stored_at = excluded.stored_at",
            (
                doc.id,
                doc.title,
                doc.source,
                doc.url,
                doc.published,
                text,
                json.dumps(to_dict(doc), ensure_ascii=False),
                _now(),
            ),
        )

    def _insert_record(self, rec: Record, text: str | None) -> None:
        """Insert one non-document record with its index rows."""
        cols: dict[str, Any] = {
            "id": rec.id,
            "doc": rec.doc,  # type: ignore[union-attr]
            "kind": rec.kind,
            "kind_rank": _KIND_RANK.get(rec.kind, len(KINDS)),
            "json": json.dumps(to_dict(rec), ensure_ascii=False),
        }
        names: list[str] = []
        evidence = [_evidence_text(ev, text) for ev in getattr(rec, "evidence", [])]
        if isinstance(rec, Actor):
            cols["name"] = rec.name
            names = [rec.name, *(a.name for a in rec.aliases)]
        elif isinstance(rec, Event):
            cols.update(_event_columns(rec))
            names = [a.name for a in rec.actors] + [loc.name for loc in rec.locations]
        elif isinstance(rec, Claim):
            evidence.append(_evidence_text(rec.content, text))
            names = [n for n in (rec.claimant.person, rec.claimant.organisation) if n]
        elif isinstance(rec, Relation):
            names = [rec.source, rec.target]
        keys = ", ".join(cols)
        marks = ", ".join("?" for _ in cols)
        rid = self._conn.execute(
            f"INSERT INTO records ({keys}) VALUES ({marks})", tuple(cols.values())
        ).lastrowid
        self._conn.execute(
            "INSERT INTO search (rowid, names, evidence) VALUES (?, ?, ?)",
            (rid, _search_text(names), _search_text(evidence)),
        )
        if isinstance(rec, Actor):
            seen: set[str] = set()
            for name in names:
                folded = fold_name(name)
                if folded and folded not in seen:
                    seen.add(folded)
                    self._conn.execute(
                        "INSERT INTO aliases (rid, actor, name, folded) VALUES (?, ?, ?, ?)",
                        (rid, rec.id, name, folded),
                    )
        elif isinstance(rec, Event):
            self._conn.executemany(
                "INSERT INTO event_actors (rid, actor, role, name, folded) VALUES (?, ?, ?, ?, ?)",
                [(rid, a.actor_id, a.role, a.name, fold_name(a.name)) for a in rec.actors],
            )

    # -- reading -------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How many records of each kind are stored."""
        counts = dict.fromkeys(KINDS, 0)
        counts["document"] = self._conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        for kind, n in self._conn.execute("SELECT kind, count(*) FROM records GROUP BY kind"):
            counts[kind] = n
        return counts

    def documents(self) -> list[dict[str, Any]]:
        """Every document record, in the order first stored, with `stored_at`."""
        rows = self._conn.execute("SELECT json, stored_at FROM documents ORDER BY seq")
        return [{**json.loads(data), "stored_at": stored} for data, stored in rows]

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One document record with `text` and `stored_at`, or None."""
        row = self._conn.execute(
            "SELECT json, text, stored_at FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            return None
        return {**json.loads(row[0]), "text": row[1], "stored_at": row[2]}

    def get(self, record_id: str) -> dict[str, Any] | None:
        """The record with this id (any kind, documents included), or None."""
        row = self._conn.execute(
            "SELECT json FROM records WHERE id = ? ORDER BY rid LIMIT 1", (record_id,)
        ).fetchone()
        if row is None:
            row = self._conn.execute(
                "SELECT json FROM documents WHERE id = ?", (record_id,)
            ).fetchone()
        return json.loads(row[0]) if row else None

    def records(self, kind: str | None = None, doc: str | None = None) -> Iterator[dict[str, Any]]:
        """Records in a stable order: by document (as first stored), then kind (document,
        actor, event, claim, relation), then id."""
        if kind is not None and kind not in KINDS:
            raise StoreError(f"unknown record kind {kind!r} (expected one of {', '.join(KINDS)})")
        parts: list[str] = []
        params: list[Any] = []
        if kind in (None, "document"):
            where = " WHERE id = ?" if doc is not None else ""
            parts.append(f"SELECT seq AS pos, id AS doc, 0 AS rank, id, json FROM documents{where}")
            params += [doc] if doc is not None else []
        if kind != "document":
            conds = []
            if kind is not None:
                conds.append("r.kind = ?")
                params.append(kind)
            if doc is not None:
                conds.append("r.doc = ?")
                params.append(doc)
            where = (" WHERE " + " AND ".join(conds)) if conds else ""
            parts.append(
                "SELECT d.seq AS pos, r.doc AS doc, r.kind_rank AS rank, r.id, r.json "
                f"FROM records r LEFT JOIN documents d ON d.id = r.doc{where}"
            )
        union = " UNION ALL ".join(parts)
        sql = f"SELECT json FROM ({union}) ORDER BY pos IS NULL, pos, doc, rank, id"
        for row in self._conn.execute(sql, params):
            yield json.loads(row[0])

    def find_actor(self, name: str) -> list[dict[str, Any]]:
        """Actors whose canonical name or an alias folds to the same form as `name`; when none
        does, actors whose names match every word of `name` as a prefix (full-text)."""
        folded = fold_name(name)
        order = "ORDER BY d.seq IS NULL, d.seq, r.doc, r.id"
        rows = self._conn.execute(
            "SELECT r.json FROM records r LEFT JOIN documents d ON d.id = r.doc "
            "WHERE r.kind = 'actor' AND r.rid IN (SELECT rid FROM aliases WHERE folded = ?) "
            + order,
            (folded,),
        ).fetchall()
        if not rows:
            query = fts_query(folded, prefix=True)
            if query is None:
                return []
            rows = self._conn.execute(
                "SELECT r.json FROM search s JOIN records r ON r.rid = s.rowid "
                "LEFT JOIN documents d ON d.id = r.doc "
                "WHERE search MATCH ? AND r.kind = 'actor' ORDER BY s.rank, d.seq, r.id",
                (f"names : ({query})",),
            ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def events(
        self,
        *,
        date_from: str | None = None,
        date_to: str | None = None,
        event_type: str | None = None,
        sub_event_type: str | None = None,
        actor: str | None = None,
        country: str | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        min_fatalities: int | None = None,
        text: str | None = None,
        doc: str | None = None,
        limit: int | None = None,
        after: str | None = None,
    ) -> list[dict[str, Any]]:
        """Events matching every filter given, ordered by (start date, id), undated last.

        Dates are ISO prefixes (`2023`, `2023-10`, `2023-10-07`); an event matches when its
        span overlaps [date_from, date_to]. `actor` is a substring of a participant's name or
        of a linked actor's name or alias (folded). `bbox` is (min_lon, min_lat, max_lon,
        max_lat) on the event's first located place. `text` is searched in the evidence and
        the names of participants and places. `after` is the id of the last event of the
        previous page.
        """
        conds = ["r.kind = 'event'"]
        params: list[Any] = []
        if date_from:
            conds.append("COALESCE(r.date_end, r.date_start) || ? >= ?")
            params += [_DATE_HIGH, date_from]
        if date_to:
            conds.append("COALESCE(r.date_start, r.date_end) <= ? || ?")
            params += [date_to, _DATE_HIGH]
        if event_type:
            conds.append("r.event_type = ? COLLATE NOCASE")
            params.append(event_type)
        if sub_event_type:
            conds.append("r.sub_event_type = ? COLLATE NOCASE")
            params.append(sub_event_type)
        if country:
            conds.append("r.country = ? COLLATE NOCASE")
            params.append(country)
        if doc:
            conds.append("r.doc = ?")
            params.append(doc)
        if min_fatalities is not None:
            conds.append("r.fatalities_best >= ?")
            params.append(min_fatalities)
        if bbox is not None:
            if len(bbox) != 4:
                raise StoreError("bbox must be (min_lon, min_lat, max_lon, max_lat)")
            min_lon, min_lat, max_lon, max_lat = (float(v) for v in bbox)
            conds.append("r.lat BETWEEN ? AND ?")
            params += [min_lat, max_lat]
            if min_lon <= max_lon:
                conds.append("r.lon BETWEEN ? AND ?")
            else:  # the box crosses the antimeridian
                conds.append("(r.lon >= ? OR r.lon <= ?)")
            params += [min_lon, max_lon]
        if actor:
            needle = fold_name(actor)
            conds.append(
                "EXISTS (SELECT 1 FROM event_actors ea WHERE ea.rid = r.rid AND "
                "(instr(ea.folded, ?) > 0 OR ea.actor IN "
                "(SELECT actor FROM aliases WHERE instr(folded, ?) > 0)))"
            )
            params += [needle, needle]
        if text is not None:
            query = fts_query(text)
            if query is None:
                return []
            conds.append("r.rid IN (SELECT rowid FROM search WHERE search MATCH ?)")
            params.append(query)
        if after is not None:
            row = self._conn.execute(
                "SELECT date_key, id FROM records WHERE kind = 'event' AND id = ? "
                "ORDER BY rid LIMIT 1",
                (after,),
            ).fetchone()
            if row is None:
                raise StoreError(f"unknown cursor {after!r}: no stored event has that id")
            conds.append("(r.date_key, r.id) > (?, ?)")
            params += list(row)
        sql = (
            "SELECT r.json FROM records r WHERE "
            + " AND ".join(conds)
            + " ORDER BY r.date_key, r.id"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(0, int(limit)))
        try:
            rows = self._conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise self._fail(f"query failed ({exc})") from None
        return [json.loads(row[0]) for row in rows]


def _evidence_text(ev: Evidence, text: str | None) -> str:
    if ev.text:
        return ev.text
    if text is not None and 0 <= ev.start <= ev.end <= len(text):
        return text[ev.start : ev.end]
    return ""


def _event_columns(event: Event) -> dict[str, Any]:
    start = event.date.start if event.date else None
    end = event.date.end if event.date else None
    placed = next(
        (loc for loc in event.locations if loc.lat is not None and loc.lon is not None), None
    )
    country = next((loc.country for loc in event.locations if loc.country), None)
    return {
        "event_type": event.acled_event_type,
        "sub_event_type": event.acled_sub_event_type,
        "date_start": start,
        "date_end": end,
        "date_key": start or end or _UNDATED,
        "country": country,
        "lat": placed.lat if placed else None,
        "lon": placed.lon if placed else None,
        "fatalities_best": event.fatalities.best if event.fatalities else None,
    }
