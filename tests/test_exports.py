import csv
import io
import json
from dataclasses import asdict

import pytest

from procopius.exports import (
    ACLED_COLUMNS,
    FORMATS,
    UCDP_COLUMNS,
    export,
    feature_collection,
    read_native,
)
from procopius.exports.acled import time_precision
from procopius.exports.ucdp import date_prec, priogrid_gid, where_prec
from procopius.records import (
    Actor,
    Claim,
    Claimant,
    DateInfo,
    DocumentRecord,
    Event,
    EventActor,
    Evidence,
    Fatalities,
    Location,
    Relation,
    to_dict,
)

DOC = "doc1"


def ev(text: str, start: int = 0) -> list[Evidence]:
    return [Evidence(doc=DOC, start=start, end=start + len(text), text=text)]


def document() -> dict:
    return to_dict(
        DocumentRecord(
            id=DOC,
            title="Fighting in the north",
            source="Example Wire",
            url="https://example.org/a",
            published="2021-05-04T10:00:00",
            language="en",
            sections=[],
            n_chars=200,
            n_words=40,
        )
    )


def actor(aid: str, name: str, actor_type: str | None) -> dict:
    return to_dict(Actor(id=aid, doc=DOC, name=name, actor_type=actor_type, evidence=ev(name)))


def event(
    eid: str,
    sub: str = "Armed clash",
    etype: str = "Battles",
    *,
    date: DateInfo | None = None,
    locations: list[Location] | None = None,
    actors: list[EventActor] | None = None,
    fatalities: Fatalities | None = None,
    evidence_text: str = "Troops clashed with rebels near the river.",
    plover: str | None = "ASSAULT",
    ucdp: int | None = None,
) -> dict:
    return to_dict(
        Event(
            id=eid,
            doc=DOC,
            acled_event_type=etype,
            acled_sub_event_type=sub,
            plover_type=plover,
            ucdp_type_of_violence=ucdp,
            trigger="clashed",
            date=date or DateInfo(start="2021-05-03", end="2021-05-03", precision="day"),
            actors=actors
            if actors is not None
            else [
                EventActor(name="Army of Freedonia", role="actor1", actor_id="a-army"),
                EventActor(name="Northern Front", role="actor2", actor_id="a-front"),
            ],
            locations=locations
            if locations is not None
            else [Location(name="Alpha", lat=10.5, lon=20.25, country="NG", precision="town")],
            fatalities=fatalities,
            evidence=ev(evidence_text, 10),
        )
    )


ACTORS = [
    actor("a-army", "Army of Freedonia", "state forces"),
    actor("a-front", "Northern Front", "rebel group"),
]

THREE_PLACES = [
    Location(name="Alpha", lat=10.5, lon=20.25, country="NG", admin1="North", precision="town"),
    Location(name="Beta", lat=11.0, lon=21.0, country="NGA", precision="region"),
    Location(name="Gamma", lat=12.0, lon=22.0, country="Nigeria", precision="admin1"),
]


def run(fmt: str, records: list) -> str:
    out = io.StringIO()
    export(records, fmt, out)
    return out.getvalue()


def csv_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


# --- headers ---------------------------------------------------------------------------------


def test_acled_columns_are_acleds_in_order():
    assert list(ACLED_COLUMNS) == [
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
        "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
        "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
        "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
        "source_scale", "notes", "fatalities", "tags", "timestamp",
    ]  # fmt: skip


def test_ucdp_columns_are_ged_in_order():
    assert list(UCDP_COLUMNS) == [
        "id", "relid", "year", "active_year", "code_status", "type_of_violence",
        "conflict_dset_id", "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id",
        "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id",
        "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
        "source_date", "source_headline", "source_original", "where_prec", "where_coordinates",
        "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
        "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec",
        "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown",
        "best", "high", "low", "gwnoa", "gwnob",
    ]  # fmt: skip


@pytest.mark.parametrize(("fmt", "columns"), [("acled", ACLED_COLUMNS), ("ucdp", UCDP_COLUMNS)])
def test_csv_header_written_even_without_events(fmt, columns):
    header, rows = csv_rows(run(fmt, [document()]))
    assert header == list(columns)
    assert rows == []


def test_formats_and_unknown_format():
    assert set(FORMATS) == {"native", "acled", "ucdp", "plover", "geojson"}
    with pytest.raises(ValueError, match="acled"):
        export([], "shapefile", io.StringIO())


# --- ACLED rows ------------------------------------------------------------------------------


def test_acled_day_event_with_three_places_gives_three_rows_fatalities_once():
    records = [
        document(),
        *ACTORS,
        event("e1", locations=THREE_PLACES, fatalities=Fatalities(low=4, best=5, high=7)),
    ]
    header, rows = csv_rows(run("acled", records))
    assert header == list(ACLED_COLUMNS)
    assert [r["event_id_cnty"] for r in rows] == ["e1-1", "e1-2", "e1-3"]
    assert [r["location"] for r in rows] == ["Alpha", "Beta", "Gamma"]
    assert [r["fatalities"] for r in rows] == ["5", "", ""]
    assert [r["geo_precision"] for r in rows] == ["1", "2", "3"]
    assert {r["country"] for r in rows} == {"Nigeria"}
    assert {r["iso"] for r in rows} == {"566"}
    first = rows[0]
    assert first["event_date"] == "2021-05-03"
    assert first["year"] == "2021"
    assert first["time_precision"] == "1"
    assert first["disorder_type"] == "Political violence"
    assert (first["event_type"], first["sub_event_type"]) == ("Battles", "Armed clash")
    assert (first["actor1"], first["inter1"]) == ("Army of Freedonia", "1")
    assert (first["actor2"], first["inter2"]) == ("Northern Front", "2")
    assert first["interaction"] == "12"
    assert first["civilian_targeting"] == ""
    assert first["admin1"] == "North"
    assert (first["latitude"], first["longitude"]) == ("10.5", "20.25")
    assert first["source"] == "Fighting in the north"
    assert first["notes"] == "Troops clashed with rebels near the river."
    for unfilled in ("region", "admin2", "admin3", "source_scale", "tags", "timestamp"):
        assert first[unfilled] == ""


def test_acled_single_place_keeps_the_event_id():
    _, rows = csv_rows(run("acled", [event("e9")]))
    assert [r["event_id_cnty"] for r in rows] == ["e9"]


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (DateInfo(start="2021-05-03", end="2021-05-03", precision="day"), 1),
        (DateInfo(start="2021-05-03", end="2021-05-09", precision="week"), 2),
        (DateInfo(start="2021-05-10", end="2021-05-20", precision="range"), 2),
        (DateInfo(start="2021-05-30", end="2021-06-02", precision="range"), 2),
        (DateInfo(start="2021-05-10", end="2021-06-20", precision="range"), 3),
        (DateInfo(start="2021-05-01", end="2021-05-31", precision="month"), 3),
        (DateInfo(start="2021-05", end=None, precision="month"), 3),
        (DateInfo(start="2021", end=None, precision="year"), 3),
        (None, None),
    ],
)
def test_acled_time_precision(date, expected):
    assert time_precision(asdict(date) if date else None) == expected


def test_acled_month_event_row():
    date = DateInfo(start="2021-05", end=None, precision="month")
    _, rows = csv_rows(run("acled", [event("m1", date=date)]))
    assert rows[0]["time_precision"] == "3"
    assert rows[0]["event_date"] == "2021-05-01"


def test_acled_victims_make_civilian_targeting():
    actors = [
        EventActor(name="Northern Front", role="actor1", actor_id="a-front"),
        EventActor(name="villagers", role="victim"),
    ]
    rec = event("v1", "Attack", "Violence against civilians", actors=actors)
    _, rows = csv_rows(run("acled", [*ACTORS, rec]))
    row = rows[0]
    assert row["civilian_targeting"] == "Civilian targeting"
    assert row["disorder_type"] == "Political violence"
    assert (row["actor2"], row["inter2"], row["interaction"]) == ("villagers", "7", "27")


def test_acled_unknown_actor_category_leaves_inter_and_interaction_empty():
    _, rows = csv_rows(run("acled", [event("u1")]))  # no actor records
    assert (rows[0]["inter1"], rows[0]["inter2"], rows[0]["interaction"]) == ("", "", "")


def test_acled_unknown_fatalities_are_empty_not_zero():
    _, rows = csv_rows(run("acled", [event("f1", fatalities=None)]))
    assert rows[0]["fatalities"] == ""


def test_acled_quotes_commas_quotes_and_newlines_in_notes():
    notes = 'He said, "they fired first"\nand left; 3 died.'
    text = run("acled", [event("q1", evidence_text=notes)])
    assert '"He said, ""they fired first""\nand left; 3 died."' in text
    _, rows = csv_rows(text)
    assert len(rows) == 1
    assert rows[0]["notes"] == notes


# --- UCDP rows -------------------------------------------------------------------------------


def test_ucdp_row_from_a_battle():
    rec = event("b1", locations=THREE_PLACES[:1], fatalities=Fatalities(low=3, best=5, high=9))
    header, rows = csv_rows(run("ucdp", [document(), *ACTORS, rec]))
    assert header == list(UCDP_COLUMNS)
    (row,) = rows
    assert row["id"] == "b1"
    assert row["type_of_violence"] == "1"
    assert (row["side_a"], row["side_b"]) == ("Army of Freedonia", "Northern Front")
    assert (row["best"], row["low"], row["high"]) == ("5", "3", "9")
    assert row["deaths_unknown"] == "5"
    assert row["deaths_a"] == row["deaths_b"] == ""
    assert (row["date_start"], row["date_end"], row["date_prec"]) == (
        "2021-05-03",
        "2021-05-03",
        "1",
    )
    assert row["where_prec"] == "1"
    assert row["geom_wkt"] == "POINT (20.25 10.5)"
    assert row["priogrid_gid"] == str(priogrid_gid(10.5, 20.25))
    assert row["country"] == "Nigeria"
    assert row["source_headline"] == "Fighting in the north"
    assert row["source_date"] == "2021-05-04"
    for unfilled in ("conflict_new_id", "dyad_new_id", "country_id", "region", "gwnoa"):
        assert row[unfilled] == ""


def test_ucdp_skips_events_without_a_ucdp_type():
    protest = event(
        "p1", "Peaceful protest", "Protests", plover="PROTEST",
        actors=[EventActor(name="Teachers", role="actor1")],
    )  # fmt: skip
    arrest = event("r1", "Arrests", "Strategic developments", plover="COERCE")
    _, rows = csv_rows(run("ucdp", [protest, arrest, event("b2")]))
    assert [r["id"] for r in rows] == ["b2"]


def test_ucdp_skips_events_known_to_have_no_deaths():
    quiet = event("z1", fatalities=Fatalities(low=0, best=0, high=0))
    _, rows = csv_rows(run("ucdp", [quiet]))
    assert rows == []


def test_ucdp_type_from_actors_and_victims():
    rebels_vs_militia = event(
        "n1",
        actors=[
            EventActor(name="Northern Front", role="actor1", actor_id="a-front"),
            EventActor(name="Hill Guard", role="actor2", actor_id="a-guard"),
        ],
    )
    on_civilians = event(
        "c1",
        "Air/drone strike",
        "Explosions/Remote violence",
        actors=[
            EventActor(name="Army of Freedonia", role="actor1", actor_id="a-army"),
            EventActor(name="civilians", role="victim"),
        ],
        fatalities=Fatalities(low=2, best=2, high=2, who="civilians"),
    )
    records = [*ACTORS, actor("a-guard", "Hill Guard", "identity militia"), rebels_vs_militia,
               on_civilians]  # fmt: skip
    _, rows = csv_rows(run("ucdp", records))
    by_id = {r["id"]: r for r in rows}
    assert by_id["n1"]["type_of_violence"] == "2"
    assert by_id["c1"]["type_of_violence"] == "3"
    assert by_id["c1"]["side_b"] == "Civilians"
    assert by_id["c1"]["deaths_civilians"] == "2"
    assert by_id["c1"]["deaths_unknown"] == ""


def test_ucdp_event_field_wins_over_the_rule():
    _, rows = csv_rows(run("ucdp", [*ACTORS, event("x1", ucdp=2)]))
    assert rows[0]["type_of_violence"] == "2"


def test_ucdp_puts_the_government_on_side_a():
    actors = [
        EventActor(name="Northern Front", role="actor1", actor_id="a-front"),
        EventActor(name="Army of Freedonia", role="actor2", actor_id="a-army"),
    ]
    _, rows = csv_rows(run("ucdp", [*ACTORS, event("g1", actors=actors)]))
    assert (rows[0]["side_a"], rows[0]["side_b"]) == ("Army of Freedonia", "Northern Front")


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (DateInfo(start="2021-05-03", end="2021-05-03", precision="day"), 1),
        (DateInfo(start="2021-05-03", end="2021-05-05", precision="range"), 2),
        (DateInfo(start="2021-05-03", end="2021-05-09", precision="week"), 3),
        (DateInfo(start="2021-05-03", end="2021-05-20", precision="range"), 4),
        (DateInfo(start="2021-05", end=None, precision="month"), 4),
        (DateInfo(start="2021-03-01", end="2021-06-30", precision="range"), 5),
        (DateInfo(start="2021", end=None, precision="year"), 5),
    ],
)
def test_ucdp_date_prec(date, expected):
    assert date_prec(asdict(date)) == expected


@pytest.mark.parametrize(
    ("precision", "expected"), [("town", 1), ("admin1", 4), ("region", 5), ("country", 6)]
)
def test_ucdp_where_prec(precision, expected):
    assert where_prec({"precision": precision}) == expected


@pytest.mark.parametrize(
    ("lat", "lon", "gid"),
    [(-89.75, -179.75, 1), (-89.75, 179.75, 720), (-89.25, -179.75, 721), (89.75, 179.75, 259200)],
)
def test_priogrid_cells_count_from_the_south_west_corner(lat, lon, gid):
    assert priogrid_gid(lat, lon) == gid


# --- GeoJSON ---------------------------------------------------------------------------------


def test_geojson_points_and_skipped_events():
    nowhere = event("n0", locations=[Location(name="the hills", lat=None, lon=None)])
    no_place = event("n1", locations=[])
    partly = event(
        "p3",
        locations=[THREE_PLACES[0], Location(name="somewhere", lat=None, lon=None)],
        fatalities=Fatalities(low=1, best=2, high=3),
    )
    data = json.loads(run("geojson", [document(), nowhere, no_place, partly]))
    assert data["type"] == "FeatureCollection"
    assert data["procopius_skipped"] == 2
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [20.25, 10.5]}
    props = feature["properties"]
    assert props["event_id"] == "p3"
    assert (props["event_type"], props["sub_event_type"]) == ("Battles", "Armed clash")
    assert (props["date_start"], props["date_end"], props["date_precision"]) == (
        "2021-05-03",
        "2021-05-03",
        "day",
    )
    assert props["actors"]["actor1"] == ["Army of Freedonia"]
    assert props["fatalities_best"] == 2
    assert props["location_precision"] == "town"
    assert props["evidence"] == "Troops clashed with rebels near the river."


def test_geojson_one_feature_per_place():
    data = feature_collection([event("e3", locations=THREE_PLACES)])
    assert [f["properties"]["location"] for f in data["features"]] == ["Alpha", "Beta", "Gamma"]
    assert data["procopius_skipped"] == 0


# --- PLOVER ----------------------------------------------------------------------------------


def plover_lines(records: list) -> list[dict]:
    return [json.loads(line) for line in run("plover", records).splitlines()]


def test_plover_record_fields():
    shelling = event(
        "s1",
        "Shelling/artillery/missile attack",
        "Explosions/Remote violence",
        fatalities=Fatalities(low=1, best=1, high=1),
    )
    (rec,) = plover_lines([document(), shelling])
    assert rec["id"] == rec["procopius_event_id"] == "s1"
    assert rec["date"] == "2021-05-03"
    assert rec["enddate"] is None
    assert rec["event"] == ["ASSAULT"] and rec["event_type"] == "ASSAULT"
    assert rec["mode"] == ["heavy-weapons"]
    assert rec["quad_code"] == 4
    assert rec["source"] == [{"actor_text": "Army of Freedonia"}]
    assert rec["recipient"] == [{"actor_text": "Northern Front"}]
    loc = rec["event_loc"]
    assert (loc["name"], loc["latitude"], loc["longitude"]) == ("Alpha", 10.5, 20.25)
    assert (loc["country code"], loc["cc3"]) == ("NG", "NGA")
    assert rec["text"] == "Troops clashed with rebels near the river."
    assert rec["dead"] == 1
    assert rec["cite_info"]["title"] == "Fighting in the north"


def test_plover_two_sided_battle_puts_everyone_in_source():
    (rec,) = plover_lines([event("b1")])
    assert [a["actor_text"] for a in rec["source"]] == ["Army of Freedonia", "Northern Front"]
    assert rec["recipient"] == []
    assert rec["mode"] == []


def test_plover_skips_events_without_a_plover_category():
    other = event("o1", "Other", "Strategic developments", plover=None)
    assert plover_lines([other]) == []


# --- native ----------------------------------------------------------------------------------


def test_native_round_trip_and_kind_order():
    claim = to_dict(
        Claim(
            id="c-1",
            doc=DOC,
            claimant=Claimant(organisation="Northern Front"),
            cue="claimed",
            content=Evidence(doc=DOC, start=0, end=5, text="claim"),
            event="e1",
        )
    )
    relation = to_dict(Relation(id="r-1", doc=DOC, source="a-front", target="a-army", type="rival"))
    records = [relation, event("e2"), claim, event("e1", locations=THREE_PLACES), *ACTORS,
               document()]  # fmt: skip
    text = run("native", records)
    back = read_native(io.StringIO(text))
    assert [(r["kind"], r["id"]) for r in back] == [
        ("document", DOC),
        ("actor", "a-army"),
        ("actor", "a-front"),
        ("event", "e1"),
        ("event", "e2"),
        ("claim", "c-1"),
        ("relation", "r-1"),
    ]
    by_id = {r["id"]: r for r in records}
    assert all(r == by_id[r["id"]] for r in back)
    assert len(text.splitlines()) == len(records)


def test_native_accepts_record_dataclasses():
    rec = Actor(id="a-x", doc=DOC, name="Northern Front")
    (back,) = read_native(io.StringIO(run("native", [rec])))
    assert back == to_dict(rec)
