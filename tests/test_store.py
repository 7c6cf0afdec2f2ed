"""The SQLite store: round trips, per-document replacement, atomicity, look-ups and queries."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from procopius.records import (
    Actor,
    Alias,
    Claim,
    Claimant,
    DateInfo,
    DocumentRecord,
    Event,
    EventActor,
    Evidence,
    Fatalities,
    Location,
    Quantity,
    RecordSet,
    Relation,
    to_dict,
)
from procopius.store import Store, StoreError, fold_name, fts_query


def _ev(doc: str, text: str, start: int = 0) -> Evidence:
    return Evidence(doc=doc, start=start, end=start + len(text), text=text)


def _document(doc: str, title: str) -> DocumentRecord:
    return DocumentRecord(
        id=doc,
        title=title,
        source="test",
        url=None,
        published="2024-01-02",
        language="en",
        sections=[{"title": "History", "level": 2, "start": 0, "body_start": 14, "end": 90}],
        n_chars=90,
        n_words=15,
    )


def _event(
    doc: str,
    eid: str,
    *,
    start: str | None,
    end: str | None = None,
    etype: str = "Battles",
    sub: str = "Armed clash",
    place: tuple[str, float, float, str] | None = None,
    killed: int | None = None,
    actors: tuple[str, ...] = (),
    actor_ids: tuple[str | None, ...] = (),
    text: str = "fighting was reported",
) -> Event:
    date = DateInfo(start=start, end=end or start, precision="day") if start else None
    locations = []
    if place:
        name, lat, lon, country = place
        locations.append(Location(name=name, lat=lat, lon=lon, country=country))
    ids = actor_ids or (None,) * len(actors)
    return Event(
        id=eid,
        doc=doc,
        acled_event_type=etype,
        acled_sub_event_type=sub,
        plover_type=None,
        ucdp_type_of_violence=None,
        trigger="fighting",
        date=date,
        actors=[
            EventActor(name=n, role="actor1" if i == 0 else "actor2", actor_id=a)
            for i, (n, a) in enumerate(zip(actors, ids, strict=True))
        ],
        locations=locations,
        fatalities=Fatalities(low=killed, best=killed, high=killed) if killed is not None else None,
        evidence=[_ev(doc, text, 10)],
    )


def _set_a() -> RecordSet:
    doc = "doc-a"
    text = "The Northern Front's fighters clashed near Ramla. Its spokesman said three died."
    militia = Actor(
        id="actor-north",
        doc=doc,
        name="Northern Front",
        is_subject=True,
        actor_type="militia",
        aliases=[
            Alias(name="Jabhat al-Shamāl", kind="romanized", lang="ar"),
            Alias(name="Kataʼib Saʿid", kind="former"),
        ],
        evidence=[_ev(doc, "Northern Front", 4)],
        confidence=0.9,
    )
    army = Actor(id="actor-army", doc=doc, name="Coastal Army", evidence=[_ev(doc, "army", 0)])
    events = [
        _event(
            doc,
            "event-a1",
            start="2021-03-04",
            place=("Ramla", 31.93, 34.87, "Israel"),
            killed=3,
            actors=("Northern Front", "Coastal Army"),
            actor_ids=("actor-north", "actor-army"),
            text="fighters clashed near Ramla",
        ),
        _event(
            doc,
            "event-a2",
            start="2021-05",
            etype="Explosions/Remote violence",
            sub="Shelling/artillery/missile attack",
            place=("Khan Yunis", 31.34, 34.30, "Palestine"),
            killed=12,
            actors=("the Front",),
            text="rockets were fired at the al-Aqsa compound",
        ),
        _event(
            doc,
            "event-a3",
            start=None,
            etype="Strategic developments",
            sub="Agreement",
            text="a truce was agreed",
        ),
    ]
    claim = Claim(
        id="claim-a1",
        doc=doc,
        claimant=Claimant(person="Abu Ahmad", organisation="Northern Front"),
        cue="said",
        content=_ev(doc, "three died", 70),
        quantity=Quantity(value=3, qualifier="exactly", low=3, high=3, what="killed"),
        statement_date="2021-03-05",
        event="event-a1",
        evidence=[_ev(doc, "Its spokesman said three died.", 50)],
    )
    relation = Relation(
        id="relation-a1",
        doc=doc,
        source="actor-north",
        target="actor-army",
        type="rival",
        worded="fought",
        evidence=[_ev(doc, "clashed", 30)],
    )
    return RecordSet(
        documents=[_document(doc, "Northern Front")],
        actors=[militia, army],
        events=events,
        claims=[claim],
        relations=[relation],
        texts={doc: text},
    )


def _set_b() -> RecordSet:
    doc = "doc-b"
    actor = Actor(
        id="actor-hills", doc=doc, name="Hill Brigade", aliases=[Alias(name="HB", kind="acronym")]
    )
    events = [
        _event(
            doc,
            "event-b1",
            start="2021-03-01",
            end="2021-03-10",
            place=("Kabul", 34.53, 69.17, "Afghanistan"),
            killed=40,
            actors=("Hill Brigade",),
            actor_ids=("actor-hills",),
            text="a week of battles around Kabul",
        ),
        _event(
            doc,
            "event-b2",
            start="2022-01-15",
            place=("Suva", -18.14, 178.44, "Fiji"),
            text="a raid on the harbour",
        ),
        _event(
            doc,
            "event-b3",
            start="2022-01-15",
            etype="Riots",
            sub="Violent demonstration",
            place=("Apia", -13.83, -171.76, "Samoa"),
            killed=0,
            text="protesters burned tyres",
        ),
    ]
    return RecordSet(
        documents=[_document(doc, "Hill Brigade")],
        actors=[actor],
        events=events,
        texts={doc: "A week of battles around Kabul."},
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "data" / "store.sqlite") as opened:
        opened.put(_set_a())
        opened.put(_set_b())
        yield opened


def _ids(rows: list[dict]) -> list[str]:
    return [r["id"] for r in rows]


# -- opening -------------------------------------------------------------------------------


def test_creates_parent_folders_wal_and_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "store.sqlite"
    Store(path).close()
    assert path.exists()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("1",)
    conn.close()


def test_default_path_honours_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCOPIUS_DB", str(tmp_path / "elsewhere.sqlite"))
    assert Store.default_path() == tmp_path / "elsewhere.sqlite"
    monkeypatch.delenv("PROCOPIUS_DB")
    default = Store.default_path()
    assert default.name == "procopius.sqlite"
    assert "procopius" in default.parent.parts[-1]


@pytest.mark.parametrize(
    "content",
    [b"id,name\n1,not a database\n", b"\x00" * 4096, b'{"kind": "document"}\n'],
)
def test_non_sqlite_file_is_refused_and_left_alone(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        Store(path)
    message = str(caught.value)
    assert str(path) in message and "\n" not in message
    assert path.read_bytes() == content
    assert not Path(str(path) + "-wal").exists()


def test_foreign_sqlite_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE birds (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a procopius store"):
        Store(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert str(path) in str(caught.value) and "newer" in str(caught.value)
    assert path.read_bytes() == before


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory"):
        Store(tmp_path)


def test_reopening_keeps_records(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    with Store(path) as first:
        first.put(_set_a())
    with Store(path) as second:
        assert second.counts()["event"] == 3


# -- round trip ----------------------------------------------------------------------------


def test_put_returns_counts_by_kind(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as s:
        counts = s.put(_set_a())
    assert counts == {"document": 1, "actor": 2, "event": 3, "claim": 1, "relation": 1}


def test_records_read_back_equal(store: Store) -> None:
    for record in [*_set_a(), *_set_b()]:
        assert store.get(record.id) == to_dict(record)
    assert store.get("no-such-record") is None


def test_records_in_stable_order(store: Store) -> None:
    expected = [to_dict(r) for r in [*_set_a(), *_set_b()]]
    expected.sort(
        key=lambda d: (
            d.get("doc", d["id"]),
            ["document", "actor", "event", "claim", "relation"].index(d["kind"]),
            d["id"],
        )
    )
    assert list(store.records()) == expected
    assert _ids(list(store.records(kind="event", doc="doc-b"))) == [
        "event-b1",
        "event-b2",
        "event-b3",
    ]
    assert _ids(list(store.records(kind="document"))) == ["doc-a", "doc-b"]
    assert _ids(list(store.records(doc="doc-b")))[0] == "doc-b"


def test_unknown_kind_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="unknown record kind"):
        list(store.records(kind="events"))


def test_documents_and_document_text(store: Store) -> None:
    docs = store.documents()
    assert [d["id"] for d in docs] == ["doc-a", "doc-b"]
    assert {k: v for k, v in docs[0].items() if k != "stored_at"} == to_dict(_set_a().documents[0])
    full = store.document("doc-b")
    assert full is not None and full["text"] == "A week of battles around Kabul."
    assert store.document("doc-z") is None


def test_counts(store: Store) -> None:
    assert store.counts() == {"document": 2, "actor": 3, "event": 6, "claim": 1, "relation": 1}


# -- replacement and atomicity -------------------------------------------------------------


def test_reputting_a_document_replaces_its_records_only(store: Store) -> None:
    rerun = _set_a()
    rerun.events = [e for e in rerun.events if e.id != "event-a2"]
    rerun.events[0].fatalities = Fatalities(low=4, best=4, high=4)
    before_b = list(store.records(doc="doc-b"))
    counts = store.put(rerun)
    assert counts["event"] == 2
    assert store.get("event-a2") is None
    assert store.get("event-a1")["fatalities"]["best"] == 4
    assert store.events(text="al-Aqsa") == []
    assert list(store.records(doc="doc-b")) == before_b
    assert [d["id"] for d in store.documents()] == ["doc-a", "doc-b"]
    assert store.counts()["event"] == 5


def test_failure_mid_put_keeps_previous_records(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = list(store.records())
    original = Store._insert_record
    calls = {"n": 0}

    def failing(self: Store, rec, text):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk on fire")
        return original(self, rec, text)

    monkeypatch.setattr(Store, "_insert_record", failing)
    rerun = _set_a()
    rerun.events = rerun.events[:1]
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.put(rerun)
    monkeypatch.undo()
    assert list(store.records()) == before
    assert _ids(store.events(text="al-Aqsa")) == ["event-a2"]
    assert [a["id"] for a in store.find_actor("Jabhat al-Shamal")] == ["actor-north"]
    store.put(rerun)  # the store is still usable
    assert store.get("event-a2") is None


def test_killed_process_mid_put_keeps_previous_records(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    with Store(path) as s:
        s.put(_set_a())
        before = list(s.records())
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_store import _set_a
        from procopius.store import Store
        original = Store._insert_record
        calls = [0]
        def dying(self, rec, text):
            calls[0] += 1
            if calls[0] == 4:
                os._exit(9)
            return original(self, rec, text)
        Store._insert_record = dying
        rerun = _set_a()
        rerun.events = []
        Store({str(path)!r}).put(rerun)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert done.returncode == 9, done.stderr.decode()
    with Store(path) as s:
        assert list(s.records()) == before


def test_repeated_id_in_one_set_keeps_the_last(tmp_path: Path) -> None:
    records = _set_b()
    twin = _event("doc-b", "event-b1", start="2020-01-01", text="a second reading")
    records.events.append(twin)
    with Store(tmp_path / "s.sqlite") as s:
        counts = s.put(records)
        assert counts["event"] == 3
        assert s.get("event-b1") == to_dict(twin)


def test_delete_removes_a_document(store: Store) -> None:
    assert store.delete("doc-a") is True
    assert store.get("event-a1") is None and store.document("doc-a") is None
    assert store.find_actor("Northern Front") == []
    assert store.counts()["event"] == 3
    assert store.delete("doc-a") is False


# -- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("The Northern Front", "northern front"),
        ("Jabhat al-Shamāl", "JABHAT AL SHAMAL"),
        ("Kataʼib Saʿid", "Kata'ib Sa’id"),
        ("Kataʼib Saʿid", "Kataib Said"),
        ("ﬁghters", "fighters"),
        ("  Café   Noir ", "cafe noir"),
    ],
)
def test_fold_name_equates_spellings(left: str, right: str) -> None:
    assert fold_name(left) == fold_name(right)


@pytest.mark.parametrize(
    "query",
    [
        "Northern Front",
        "the northern front",
        "Jabhat al-Shamal",
        "jabhat al shamāl",
        "Kata'ib Sa'id",
        "Kataib Said",
        "KATA’IB SA‘ID",
    ],
)
def test_find_actor_by_name_or_alias(store: Store, query: str) -> None:
    assert [a["id"] for a in store.find_actor(query)] == ["actor-north"]


def test_find_actor_falls_back_to_prefix_search(store: Store) -> None:
    assert [a["id"] for a in store.find_actor("Jabh")] == ["actor-north"]
    assert [a["id"] for a in store.find_actor("hill brig")] == ["actor-hills"]
    assert store.find_actor("Nobody Known") == []
    assert store.find_actor('"') == []


# -- event queries -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["event-b1", "event-a1", "event-a2", "event-b2", "event-b3", "event-a3"]),
        ({"date_from": "2021-03-05"}, ["event-b1", "event-a2", "event-b2", "event-b3"]),
        ({"date_from": "2021-03-05", "date_to": "2021-12-31"}, ["event-b1", "event-a2"]),
        ({"date_from": "2021-05-20", "date_to": "2021-05-20"}, ["event-a2"]),
        ({"date_to": "2021-03"}, ["event-b1", "event-a1"]),
        ({"date_from": "2022"}, ["event-b2", "event-b3"]),
        ({"event_type": "Battles"}, ["event-b1", "event-a1", "event-b2"]),
        (
            {"event_type": "battles", "sub_event_type": "armed clash"},
            ["event-b1", "event-a1", "event-b2"],
        ),
        ({"sub_event_type": "Violent demonstration"}, ["event-b3"]),
        ({"country": "afghanistan"}, ["event-b1"]),
        ({"bbox": (34.0, 31.0, 35.0, 32.0)}, ["event-a1", "event-a2"]),
        ({"bbox": (34.5, 31.5, 35.0, 32.0)}, ["event-a1"]),
        ({"bbox": (170.0, -20.0, -170.0, -10.0)}, ["event-b2", "event-b3"]),
        ({"min_fatalities": 10}, ["event-b1", "event-a2"]),
        ({"min_fatalities": 0}, ["event-b1", "event-a1", "event-a2", "event-b3"]),
        ({"text": "rockets"}, ["event-a2"]),
        ({"text": "al-Aqsa"}, ["event-a2"]),
        ({"text": "clashed Ramla"}, ["event-a1"]),
        ({"text": "truce"}, ["event-a3"]),
        ({"text": "battle*"}, ["event-b1"]),
        ({"actor": "Hill"}, ["event-b1"]),
        ({"actor": "front"}, ["event-a1", "event-a2"]),
        ({"actor": "Shamal"}, ["event-a1"]),
        ({"doc": "doc-a", "min_fatalities": 1}, ["event-a1", "event-a2"]),
        ({"event_type": "Battles", "min_fatalities": 5, "date_from": "2021"}, ["event-b1"]),
    ],
)
def test_event_filters(store: Store, filters: dict, expected: list[str]) -> None:
    assert _ids(store.events(**filters)) == expected


@pytest.mark.parametrize(
    "query",
    ['al-Aqsa "Martyrs', '"', "NEAR(", "AND", "OR NOT", "*", "col:umn", "(a", "'", "a'' b\""],
)
def test_user_text_never_breaks_the_query(store: Store, query: str) -> None:
    assert isinstance(store.events(text=query), list)


def test_fts_query_quotes_every_term() -> None:
    assert fts_query('al-Aqsa "Martyrs') == '"al-Aqsa" AND "Martyrs"'
    assert fts_query("raid*") == '"raid"*'
    assert fts_query('" * ()') is None


@pytest.mark.parametrize("page_size", [1, 2, 4, 10])
def test_pagination_returns_every_event_once(store: Store, page_size: int) -> None:
    seen: list[str] = []
    after = None
    while True:
        page = store.events(limit=page_size, after=after)
        assert len(page) <= page_size
        if not page:
            break
        seen += _ids(page)
        after = page[-1]["id"]
    assert seen == _ids(store.events())
    assert len(seen) == len(set(seen)) == 6


def test_pagination_with_filters(store: Store) -> None:
    first = store.events(event_type="Battles", limit=2)
    rest = store.events(event_type="Battles", limit=2, after=first[-1]["id"])
    assert _ids(first) + _ids(rest) == ["event-b1", "event-a1", "event-b2"]


def test_unknown_cursor_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="cursor"):
        store.events(after="event-zz")
