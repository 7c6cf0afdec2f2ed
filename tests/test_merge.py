"""Cross-document merging of actors and events, on small hand-built records."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from procopius.cli import app
from procopius.exports import read_native, write_native
from procopius.merge import acronym_key, generic_name, merge_records, name_key
from procopius.records import (
    Actor,
    Alias,
    Area,
    Claim,
    Claimant,
    DateInfo,
    DocumentRecord,
    Event,
    EventActor,
    Evidence,
    Fatalities,
    Location,
    RecordSet,
    Relation,
    stable_id,
    to_dict,
)

# places (lat, lon, country)
GARISSA = ("Garissa", -0.4569, 39.6583, "KEN")
NEAR_GARISSA = ("Bura Road", -0.5200, 39.7300, "KEN")  # about 10 km away
MODOGASHE = ("Modogashe", 0.7440, 39.1900, "KEN")  # about 140 km away
NIAMEY = ("Niamey", 13.5137, 2.1098, "NER")
BAMAKO = ("Bamako", 12.6392, -8.0029, "MLI")
CUCUTA = ("Cucuta", 7.8939, -72.5078, "COL")
TIBU = ("Tibu", 8.6395, -72.7334, "COL")

MONTH_END = {"01": "31", "02": "28", "03": "31", "04": "30", "05": "31", "06": "30"}


def span(doc: str, start: int, text: str) -> Evidence:
    return Evidence(doc=doc, start=start, end=start + len(text), text=text)


def actor(
    doc: str,
    name: str,
    *,
    aliases: tuple[tuple[str, str], ...] = (),
    country: str | None = None,
    at: int = 0,
) -> dict[str, Any]:
    return to_dict(
        Actor(
            id=stable_id("actor", doc, name),
            doc=doc,
            name=name,
            aliases=[Alias(name=n, kind=k, evidence=[span(doc, at + 50, n)]) for n, k in aliases],
            areas=[Area(name=country, country=country)] if country else [],
            evidence=[span(doc, at, name)],
        )
    )


def date(when: str) -> DateInfo:
    """A day (YYYY-MM-DD) or a month (YYYY-MM)."""
    if len(when) == 7:
        return DateInfo(
            start=f"{when}-01", end=f"{when}-{MONTH_END[when[5:]]}", precision="month", text=when
        )
    return DateInfo(start=when, end=when, precision="day", text=when)


def event(
    doc: str,
    when: str | None,
    place: tuple[str, float, float, str] | None,
    *,
    at: int = 100,
    killed: int | None = None,
    actor1: dict[str, Any] | None = None,
    victim: str | None = None,
    etype: str = "Violence against civilians",
    sub: str = "Attack",
    precision: str = "town",
    text: str = "gunmen attacked the village",
) -> dict[str, Any]:
    actors = []
    if actor1 is not None:
        actors.append(EventActor(name=actor1["name"], role="actor1", actor_id=actor1["id"]))
    if victim:
        actors.append(EventActor(name=victim, role="victim"))
    locations = []
    if place:
        name, lat, lon, country = place
        locations.append(
            Location(
                name=name,
                lat=lat,
                lon=lon,
                country=country,
                precision=precision,
                evidence=[span(doc, at + 5, name)],
            )
        )
    fatalities = None
    if killed is not None:
        fatalities = Fatalities(
            low=killed, best=killed, high=killed, evidence=[span(doc, at + 20, str(killed))]
        )
    record = Event(
        id=stable_id("event", doc, at, sub),
        doc=doc,
        acled_event_type=etype,
        acled_sub_event_type=sub,
        plover_type="ASSAULT",
        ucdp_type_of_violence=3,
        trigger="attacked",
        date=date(when) if when else None,
        actors=actors,
        locations=locations,
        fatalities=fatalities,
        evidence=[span(doc, at, text)],
    )
    return to_dict(record)


def of_kind(records: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [r for r in records if r["kind"] == kind]


def spans(records: list[dict[str, Any]]) -> set[tuple[str, int, int]]:
    return {
        (e["doc"], e["start"], e["end"])
        for r in records
        if r["kind"] in ("actor", "event")
        for e in r["evidence"]
    }


# --- name keys -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("al-Qassam Brigades", "Al Qassam Brigades"),
        ("al-Qassam Brigades", "el-Qassam Brigade"),
        ("Izz ad-Din al-Qassam Brigades", "Izz al-Din al-Qassam Brigades"),
        ("Izz ad-Dīn al-Qassām Brigades", "Izz ad-Din al-Qassam Brigades"),
        ("Ansar Allah", "Ansarallah"),
        ("Hezbollah", "Hizbullah"),
        ("Mujahideen Shura Council", "Mujahidin Shura Council"),
        ("Hay'at Tahrir al-Sham", "Hayʼat Tahrir al-Sham"),
        ("Jama'at Nusrat al-Islam", "Jamaʿat Nusrat al-Islam"),
        ("the Popular Resistance Committees", "Popular Resistance Committee"),
        ("Mouvement des Moudjahidines", "Movement des Mujahidines"),
        ("Ansar Beit al-Maqdis", "Ansar Bayt al-Maqdis"),
        ("Iraqi Army's", "Iraqi Army"),
    ],
)
def test_name_key_joins_spellings(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Hamas", "Fatah"),
        ("Khalid Brigade", "Halid Brigade"),  # kh and h write different letters
        ("Army of Islam", "Islamic Army"),
        ("Popular Resistance Committees", "Popular Resistance Front"),
    ],
)
def test_name_key_keeps_names_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("the army", ("military", None)),
        ("Police", ("police", None)),
        ("Nigerien army", ("military", "NER")),
        ("Armed Forces of the Philippines", ("military", "PHL")),
        ("Malian Armed Forces", ("military", "MLI")),
        ("Iraqi Federal Police", ("federal police", "IRQ")),
        ("7th Division", ("7th division", None)),
        ("Iraq", ("", "IRQ")),
        ("gunmen", ("", None)),
        ("unidentified armed men", ("", None)),
        ("Islamic State", None),
        ("Popular Mobilization Forces", None),
        ("Niger Delta Avengers", None),
    ],
)
def test_generic_names(name: str, expected: tuple[str, str | None] | None) -> None:
    assert generic_name(name) == expected


@pytest.mark.parametrize(
    "name, expected",
    [("PRC", "prc"), ("P.R.C.", "prc"), ("M23", "m23"), ("Hamas", None), ("Al", None)],
)
def test_acronym_key(name: str, expected: str | None) -> None:
    assert acronym_key(name) == expected


# --- actors ----------------------------------------------------------------------------------


def test_acronym_defined_in_one_document_joins_the_bare_acronym_in_another() -> None:
    full = actor("d1", "Popular Resistance Committees", aliases=(("PRC", "acronym"),))
    bare = actor("d2", "PRC", at=300)
    out = merge_records([full, bare])
    (merged,) = of_kind(out, "actor")
    (merge,) = of_kind(out, "merge")
    assert merged["name"] == "Popular Resistance Committees"
    assert merged["id"] == stable_id("actor", *sorted([full["id"], bare["id"]]))
    assert [(a["name"], a["kind"]) for a in merged["aliases"]] == [("PRC", "acronym")]
    assert {e["doc"] for e in merged["evidence"]} == {"d1", "d2"}
    assert merge["of"] == "actor" and merge["into"] == merged["id"]
    assert merge["merged"] == sorted([full["id"], bare["id"]])
    assert merge["rule"] == "acronym defined in a document"
    assert merge["disagreements"]["name"] == ["PRC", "Popular Resistance Committees"]
    assert merge["kept"]["name"] == "Popular Resistance Committees"


def test_full_name_and_acronym_across_three_documents() -> None:
    records = [
        actor("d1", "Popular Resistance Committees", aliases=(("PRC", "acronym"),)),
        actor("d2", "the Popular Resistance Committees"),
        actor("d3", "PRC"),
    ]
    (merged,) = of_kind(merge_records(records), "actor")
    assert merged["name"] == "Popular Resistance Committees"
    assert {e["doc"] for e in merged["evidence"]} == {"d1", "d2", "d3"}


def test_undefined_acronym_does_not_join_a_full_name() -> None:
    records = [actor("d1", "Popular Resistance Committees"), actor("d2", "PRC")]
    out = merge_records(records)
    assert len(of_kind(out, "actor")) == 2
    assert not of_kind(out, "merge")


def test_acronym_defined_two_ways_joins_nothing() -> None:
    records = [
        actor("d1", "Popular Resistance Committees", aliases=(("PRC", "acronym"),)),
        actor("d2", "Patriotic Revolutionary Council", aliases=(("PRC", "acronym"),)),
        actor("d3", "PRC"),
    ]
    out = merge_records(records)
    assert sorted(a["name"] for a in of_kind(out, "actor")) == [
        "PRC",
        "Patriotic Revolutionary Council",
        "Popular Resistance Committees",
    ]


def test_romanisations_join() -> None:
    records = [
        actor("d1", "al-Qassam Brigades"),
        actor("d2", "Al Qassam Brigades"),
        actor("d3", "el-Qassam Brigade", aliases=(("كتائب القسام", "native"),)),
    ]
    out = merge_records(records)
    (merged,) = of_kind(out, "actor")
    assert merged["name"] in {"al-Qassam Brigades", "Al Qassam Brigades"}
    names = {a["name"] for a in merged["aliases"]} | {merged["name"]}
    assert names >= {
        "al-Qassam Brigades",
        "Al Qassam Brigades",
        "el-Qassam Brigade",
        "كتائب القسام",
    }
    assert {e["doc"] for e in merged["evidence"]} == {"d1", "d2", "d3"}
    assert of_kind(out, "merge")[0]["rule"] == "same name key"


def test_most_frequent_full_name_is_kept() -> None:
    records = [
        actor("d1", "Al Qassam Brigades"),
        actor("d2", "al-Qassam Brigades"),
        actor("d3", "al-Qassam Brigades"),
    ]
    (merged,) = of_kind(merge_records(records), "actor")
    assert merged["name"] == "al-Qassam Brigades"
    assert [a["name"] for a in merged["aliases"]] == ["Al Qassam Brigades"]


@pytest.mark.parametrize("name", ["the army", "Police", "security forces"])
def test_state_forces_of_different_countries_stay_apart(name: str) -> None:
    niger, mali = actor("d1", name, country="NER"), actor("d2", name, country="MLI")
    out = merge_records([niger, mali])
    assert len(of_kind(out, "actor")) == 2
    assert not of_kind(out, "merge")


def test_state_force_country_from_the_places_of_its_events() -> None:
    army1, army2, army3 = actor("d1", "the army"), actor("d2", "army"), actor("d3", "the army")
    records = [
        army1,
        army2,
        army3,
        event("d1", "2020-05-04", NIAMEY, actor1=army1),
        event("d2", "2020-06-09", BAMAKO, actor1=army2),
        event("d3", "2020-07-01", NIAMEY, actor1=army3),
    ]
    actors = of_kind(merge_records(records), "actor")
    assert len(actors) == 2
    merged = next(a for a in actors if len(a["evidence"]) == 2)
    assert {e["doc"] for e in merged["evidence"]} == {"d1", "d3"}


def test_police_of_one_country_join_and_a_named_force_too() -> None:
    records = [
        actor("d1", "Police", country="COL"),
        actor("d2", "police", country="COL"),
        actor("d3", "Colombian National Police"),
    ]
    out = merge_records(records)
    (merged,) = of_kind(out, "actor")
    assert merged["name"] == "Colombian National Police"
    assert of_kind(out, "merge")[0]["rule"] == "same state force of one country"


@pytest.mark.parametrize("name", ["the army", "gunmen", "Iraq", "tribal council"])
def test_generic_names_without_a_country_never_join(name: str) -> None:
    out = merge_records([actor("d1", name), actor("d2", name)])
    assert len(of_kind(out, "actor")) == 2


def test_anonymous_names_never_join_even_in_one_country() -> None:
    out = merge_records(
        [actor("d1", "gunmen", country="KEN"), actor("d2", "gunmen", country="KEN")]
    )
    assert len(of_kind(out, "actor")) == 2


def test_references_follow_merged_actors() -> None:
    a1 = actor("d1", "al-Qassam Brigades")
    a2 = actor("d2", "Al Qassam Brigades")
    other = actor("d2", "Islamic Jihad")
    rel = to_dict(Relation(id="rel-1", doc="d2", source=a2["id"], target=other["id"], type="ally"))
    ev = event("d2", "2021-05-10", GARISSA, actor1=a2)
    out = merge_records([a1, a2, other, rel, ev])
    merged = next(a for a in of_kind(out, "actor") if a["name"] != "Islamic Jihad")
    (rel_out,) = of_kind(out, "relation")
    assert rel_out["source"] == merged["id"] and rel_out["target"] == other["id"]
    (ev_out,) = of_kind(out, "event")
    assert ev_out["actors"][0]["actor_id"] == merged["id"]


# --- events ----------------------------------------------------------------------------------


def test_one_attack_reported_twice_becomes_one_event() -> None:
    brigade1 = actor("d1", "Tana River Brigade")
    brigade2 = actor("d2", "Tana River Brigade", at=400)
    e1 = event("d1", "2020-05-04", GARISSA, killed=3, actor1=brigade1)
    e2 = event("d2", "2020-05-04", NEAR_GARISSA, killed=5, actor1=brigade2, at=500)
    claim = to_dict(
        Claim(
            id="claim-1",
            doc="d2",
            claimant=Claimant(organisation="police"),
            cue="said",
            content=span("d2", 520, "five people"),
            event=e2["id"],
        )
    )
    out = merge_records([brigade1, brigade2, e1, e2, claim])
    (merged,) = of_kind(out, "event")
    assert merged["id"] == stable_id("event", *sorted([e1["id"], e2["id"]]))
    assert {(e["doc"], e["start"]) for e in merged["evidence"]} == {("d1", 100), ("d2", 500)}
    assert merged["fatalities"]["low"] == 3 and merged["fatalities"]["high"] == 5
    assert merged["fatalities"]["best"] in (3, 5)
    assert len(merged["fatalities"]["evidence"]) == 2
    (event_merge,) = [m for m in of_kind(out, "merge") if m["of"] == "event"]
    assert event_merge["into"] == merged["id"]
    assert event_merge["merged"] == sorted([e1["id"], e2["id"]])
    assert event_merge["docs"] == ["d1", "d2"]
    assert event_merge["disagreements"]["fatalities"] == [3, 5]
    assert event_merge["kept"]["fatalities"] == merged["fatalities"]["best"]
    assert "date" not in event_merge["disagreements"]
    (actor_out,) = of_kind(out, "actor")
    assert [a["actor_id"] for a in merged["actors"]] == [actor_out["id"]]
    assert of_kind(out, "claim")[0]["event"] == merged["id"]


def test_fatalities_come_from_the_most_precise_report() -> None:
    vague = event("d1", "2020-05", GARISSA, killed=10)
    precise = event("d2", "2020-05-04", GARISSA, killed=12, at=300)
    out = merge_records([vague, precise])
    (merged,) = of_kind(out, "event")
    assert merged["fatalities"]["best"] == 12
    assert (merged["fatalities"]["low"], merged["fatalities"]["high"]) == (10, 12)


def test_two_attacks_on_different_days_stay_apart() -> None:
    out = merge_records(
        [event("d1", "2020-05-04", GARISSA, killed=3), event("d2", "2020-05-05", GARISSA, at=300)]
    )
    assert len(of_kind(out, "event")) == 2
    assert not of_kind(out, "merge")


def test_month_and_day_reports_merge_keeping_the_day() -> None:
    month = event("d1", "2020-05", GARISSA, at=50)
    day = event("d2", "2020-05-04", GARISSA, at=300)
    out = merge_records([month, day])
    (merged,) = of_kind(out, "event")
    assert merged["date"]["precision"] == "day" and merged["date"]["start"] == "2020-05-04"
    (merge,) = of_kind(out, "merge")
    assert merge["kept"]["date"] == "2020-05-04 (day)"
    assert merge["disagreements"]["date"] == ["2020-05-01/2020-05-31 (month)", "2020-05-04 (day)"]


def test_a_month_report_matching_two_days_stays_apart() -> None:
    records = [
        event("d1", "2020-05-04", GARISSA, at=10),
        event("d2", "2020-05-20", GARISSA, at=20),
        event("d3", "2020-05", GARISSA, at=30),
    ]
    assert len(of_kind(merge_records(records), "event")) == 3


def test_towns_far_apart_stay_apart_and_the_region_joins() -> None:
    assert len(of_kind(merge_records([
        event("d1", "2020-05-04", GARISSA), event("d2", "2020-05-04", MODOGASHE, at=300)
    ]), "event")) == 2  # fmt: skip
    region = ("Garissa County", -0.30, 39.90, "KEN")
    out = merge_records(
        [event("d1", "2020-05-04", GARISSA), event("d2", "2020-05-04", region, precision="admin1")]
    )
    (merged,) = of_kind(out, "event")
    assert merged["locations"][0]["name"] == "Garissa"
    assert len(merged["locations"][0]["evidence"]) == 2


def test_country_level_place_contains_the_town() -> None:
    kenya = ("Kenya", 0.5, 38.0, "KEN")
    out = merge_records(
        [event("d1", "2020-05-04", GARISSA), event("d2", "2020-05-04", kenya, precision="country")]
    )
    assert len(of_kind(out, "event")) == 1
    somalia = ("Somalia", 5.2, 46.2, "SOM")
    out = merge_records(
        [
            event("d1", "2020-05-04", GARISSA),
            event("d2", "2020-05-04", somalia, precision="country"),
        ]
    )
    assert len(of_kind(out, "event")) == 2


def test_missing_place_is_compatible_when_an_actor_is_shared() -> None:
    b1, b2 = actor("d1", "Tana River Brigade"), actor("d2", "Tana River Brigade")
    out = merge_records(
        [
            b1,
            b2,
            event("d1", "2020-05-04", GARISSA, actor1=b1),
            event("d2", "2020-05-04", None, actor1=b2),
        ]
    )
    assert len(of_kind(out, "event")) == 1
    # type and date alone are not enough
    out = merge_records([event("d1", "2020-05-04", None), event("d2", "2020-05-04", None)])
    assert len(of_kind(out, "event")) == 2


def test_different_perpetrators_stay_apart() -> None:
    a, b = actor("d1", "Tana River Brigade"), actor("d2", "Lamu Liberation Front")
    out = merge_records(
        [
            a,
            b,
            event("d1", "2020-05-04", GARISSA, actor1=a),
            event("d2", "2020-05-04", GARISSA, actor1=b),
        ]
    )
    assert len(of_kind(out, "event")) == 2


def test_events_of_one_document_never_merge() -> None:
    out = merge_records(
        [event("d1", "2020-05-04", GARISSA, at=10), event("d1", "2020-05-04", GARISSA, at=90)]
    )
    assert len(of_kind(out, "event")) == 2


@pytest.mark.parametrize(
    "etype, a, b, merged",
    [
        ("Battles", "Armed clash", "Government regains territory", True),
        (
            "Explosions/Remote violence",
            "Air/drone strike",
            "Shelling/artillery/missile attack",
            True,
        ),
        ("Explosions/Remote violence", "Air/drone strike", "Suicide bomb", False),
        ("Strategic developments", "Arrests", "Agreement", False),
        ("Strategic developments", "Arrests", "Arrests", True),
    ],
)
def test_sub_type_compatibility(etype: str, a: str, b: str, merged: bool) -> None:
    records = [
        event("d1", "2020-05-04", GARISSA, etype=etype, sub=a),
        event("d2", "2020-05-04", GARISSA, etype=etype, sub=b, at=300),
    ]
    assert (len(of_kind(merge_records(records), "event")) == 1) is merged


def test_unmerged_records_pass_through_unchanged() -> None:
    doc = to_dict(DocumentRecord("d1", "t", "s", None, None, "en", [], 10, 2))
    records = [doc, actor("d1", "Tana River Brigade"), event("d1", "2020-05-04", GARISSA)]
    out = merge_records(records)
    assert sorted(json.dumps(r, sort_keys=True) for r in out) == sorted(
        json.dumps(r, sort_keys=True) for r in records
    )


# --- order, idempotence, exports, command ------------------------------------------------------


def scenario() -> list[dict[str, Any]]:
    b1 = actor("d1", "Popular Resistance Committees", aliases=(("PRC", "acronym"),))
    b2 = actor("d2", "PRC", at=200)
    b3 = actor("d3", "al-Qassam Brigades")
    b4 = actor("d4", "Al Qassam Brigades")
    p1, p2 = actor("d1", "Police", country="COL"), actor("d3", "Police", country="NER")
    return [
        b1, b2, b3, b4, p1, p2,
        event("d1", "2020-05-04", GARISSA, killed=3, actor1=b1),
        event("d2", "2020-05-04", NEAR_GARISSA, killed=5, actor1=b2, at=400),
        event("d3", "2020-05", GARISSA, killed=4, at=700),
        event("d4", "2020-05-05", GARISSA, actor1=b4, at=900),
        event("d3", "2021-01-10", CUCUTA, actor1=b3, at=1000),
        event("d4", "2021-01-10", TIBU, actor1=b4, at=1100),
    ]  # fmt: skip


def test_order_does_not_matter() -> None:
    records = scenario()
    expected = merge_records(records)
    for seed in range(5):
        shuffled = list(records)
        random.Random(seed).shuffle(shuffled)
        assert merge_records(shuffled) == expected


def test_scenario_merges_what_it_should() -> None:
    out = merge_records(scenario())
    assert len(of_kind(out, "actor")) == 4  # PRC, al-Qassam, two police forces
    assert len(of_kind(out, "event")) == 5  # the 4 May reports (and the May report) joined
    assert merge_records(out) == out


def test_native_export_keeps_merge_records() -> None:
    out = merge_records(scenario())
    buffer = io.StringIO()
    assert write_native(list(reversed(out)), buffer) == len(out)
    back = read_native(io.StringIO(buffer.getvalue()))
    assert back == out
    assert [r["kind"] for r in back][-len(of_kind(out, "merge")) :] == ["merge"] * len(
        of_kind(out, "merge")
    )


def test_merge_command_reads_the_store(tmp_path: Path) -> None:
    from procopius.store import Store

    db = tmp_path / "s.sqlite"
    with Store(db) as store:
        for doc, killed, at in (("d1", 3, 100), ("d2", 5, 300)):
            ev = Event(
                id=stable_id("event", doc),
                doc=doc,
                acled_event_type="Violence against civilians",
                acled_sub_event_type="Attack",
                plover_type="ASSAULT",
                ucdp_type_of_violence=3,
                trigger="attacked",
                date=DateInfo("2020-05-04", "2020-05-04", "day"),
                locations=[Location("Garissa", -0.4569, 39.6583, "KEN")],
                fatalities=Fatalities(killed, killed, killed),
                evidence=[span(doc, at, "attacked")],
            )
            store.put(
                RecordSet(
                    documents=[DocumentRecord(doc, doc, doc, None, None, "en", [], 500, 90)],
                    actors=[Actor(id=stable_id("actor", doc), doc=doc, name="Tana River Brigade")],
                    events=[ev],
                )
            )
    out_file = tmp_path / "merged.jsonl"
    result = CliRunner().invoke(app, ["merge", "--db", str(db), "-o", str(out_file)])
    assert result.exit_code == 0, result.output
    rows = read_native(out_file.read_text(encoding="utf-8").splitlines())
    assert [r["kind"] for r in rows].count("document") == 2
    assert len(of_kind(rows, "event")) == 1 and len(of_kind(rows, "actor")) == 1
    merges = of_kind(rows, "merge")
    assert sorted(m["of"] for m in merges) == ["actor", "event"]
    assert next(m for m in merges if m["of"] == "event")["disagreements"] == {"fatalities": [3, 5]}
    result = CliRunner().invoke(app, ["merge", "--db", str(db), "--format", "acled"])
    assert result.exit_code == 0 and len(result.output.strip().splitlines()) == 2


# --- properties ----------------------------------------------------------------------------

NAMES = [
    "al-Qassam Brigades",
    "Al Qassam Brigade",
    "Popular Resistance Committees",
    "PRC",
    "the army",
    "Police",
    "gunmen",
]
PLACES = [GARISSA, NEAR_GARISSA, MODOGASHE, NIAMEY, BAMAKO, None]
WHEN = ["2020-05-04", "2020-05-05", "2020-05", "2020-06-01", None]
SUBTYPES = [
    ("Violence against civilians", "Attack"),
    ("Violence against civilians", "Abduction/forced disappearance"),
    ("Battles", "Armed clash"),
]


@st.composite
def corpora(draw: st.DrawFn) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for d in range(draw(st.integers(1, 4))):
        doc = f"doc{d}"
        doc_actors = []
        for i, name in enumerate(draw(st.lists(st.sampled_from(NAMES), max_size=3, unique=True))):
            aliases = (
                (("PRC", "acronym"),) if name.startswith("Popular") and draw(st.booleans()) else ()
            )
            country = draw(st.sampled_from([None, "KEN", "NER"]))
            doc_actors.append(actor(doc, name, aliases=aliases, country=country, at=i * 10))
        records += doc_actors
        for i in range(draw(st.integers(0, 3))):
            etype, sub = draw(st.sampled_from(SUBTYPES))
            records.append(
                event(
                    doc,
                    draw(st.sampled_from(WHEN)),
                    draw(st.sampled_from(PLACES)),
                    at=1000 + 100 * i,
                    killed=draw(st.sampled_from([None, 1, 2, 7])),
                    actor1=draw(st.sampled_from([None, *doc_actors])),
                    etype=etype,
                    sub=sub,
                    precision=draw(st.sampled_from(["town", "town", "admin1", "country"])),
                )
            )
    return records


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora(), st.randoms(use_true_random=False))
def test_merging_is_idempotent_order_free_and_keeps_every_span(
    records: list[dict[str, Any]], rnd: random.Random
) -> None:
    once = merge_records(records)
    assert merge_records(once) == once
    shuffled = list(records)
    rnd.shuffle(shuffled)
    assert merge_records(shuffled) == once
    assert spans(once) == spans(records)
    merged_ids = {i for m in of_kind(once, "merge") for i in m["merged"]}
    kept_ids = {r["id"] for r in once if r["kind"] in ("actor", "event")}
    assert {r["id"] for r in records if r["kind"] in ("actor", "event")} <= merged_ids | kept_ids
