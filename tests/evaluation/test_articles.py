"""The article scorer against hand-made gold files with known answers."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from procopius.evaluation.articles import (
    GoldError,
    date_correct,
    distance_km,
    format_table,
    load_gold,
    score_article,
    score_files,
)
from procopius.evaluation.names import fold_name, names_match
from procopius.records import (
    Actor,
    Alias,
    Ally,
    Area,
    Claim,
    Claimant,
    DateInfo,
    Event,
    EventActor,
    Evidence,
    Fatalities,
    Founding,
    Location,
    Parent,
    Person,
    Quantity,
    to_dict,
)

TEXT = (
    "The Hill Front was formed in March 1991. "
    "On 3 May 2019 the Hill Front shelled Ardena, killing two villagers. "
    "Its spokesman Omar Sadiq said 40 fighters had joined. "
    "The next day the group raided Belmo and Corvi. "
    "In 2020 they renamed their media office."
)

ARDENA = (35.0, 40.0)
BELMO = (35.5, 40.5)
CORVI = (35.9, 40.1)
KM_PER_DEGREE_LAT = 111.19


def at(phrase: str) -> dict[str, int | str]:
    start = TEXT.index(phrase)
    return {"start": start, "end": start + len(phrase), "quote": phrase}


def gold_article() -> dict[str, Any]:
    return {
        "format": "article-gold/1",
        "text_file": "hill-front.txt",
        "text_sha256": hashlib.sha256(TEXT.encode("utf-8")).hexdigest(),
        "subject": {
            "name": "Hill Front",
            "aliases": [
                {"name": "جبهة التلال", "kind": "native", "lang": "ar"},
                {"name": "HF", "kind": "acronym"},
            ],
            "parents": [{"name": "Union of Valleys", "relation": "wing of", "also": ["UoV"]}],
            "people": [{"name": "Omar Sadiq", "roles": ["spokesperson", "commander"]}],
            "allies": [],
            "founded": [{"date": "1991-03", "precision": "month"}],
            "areas": None,
        },
        "events": [
            {
                "id": "E01",
                "evidence": at(
                    "On 3 May 2019 the Hill Front shelled Ardena, killing two villagers."
                ),
                "types": ["Shelling/artillery/missile attack"],
                "date": {"start": "2019-05-03", "end": "2019-05-03", "precision": "day"},
                "actors": [
                    {"name": "Hill Front", "role": "actor1"},
                    {"name": "civilians", "role": "victim", "also": ["villagers"]},
                ],
                "locations": [
                    {
                        "name": "Ardena",
                        "lat": ARDENA[0],
                        "lon": ARDENA[1],
                        "country": "XXX",
                        "kind": "town",
                    }
                ],
                "fatalities": {"value": 2, "who": "villagers"},
            },
            {
                "id": "E02",
                "evidence": at("The next day the group raided Belmo and Corvi."),
                "types": ["Attack", "Armed clash"],
                "date": {"start": "2019-05-04", "end": "2019-05-04", "precision": "day"},
                "actors": [{"name": "Hill Front", "role": "actor1"}],
                "locations": [
                    {"name": "Belmo", "lat": BELMO[0], "lon": BELMO[1], "kind": "town"},
                    {"name": "Corvi", "lat": CORVI[0], "lon": CORVI[1], "kind": "town"},
                ],
            },
            {
                "id": "E03",
                "evidence": at("In 2020 they renamed their media office."),
                "types": ["Change to group/activity"],
                "date": {"start": "2020-01-01", "end": "2020-12-31", "precision": "year"},
                "actors": [{"name": "Hill Front", "role": "actor1"}],
                "optional": True,
            },
        ],
        "claims": [
            {
                "id": "C01",
                "evidence": at("40 fighters had joined"),
                "claimant": "Omar Sadiq",
                "quantity": {
                    "value": 40,
                    "qualifier": "exact",
                    "low": 40,
                    "high": 40,
                    "what": "fighters joined",
                },
            }
        ],
    }


def ev(phrase: str) -> Evidence:
    start = TEXT.index(phrase)
    return Evidence(doc="d", start=start, end=start + len(phrase), text=phrase)


def span(start: int, end: int) -> Evidence:
    return Evidence(doc="d", start=start, end=end, text=TEXT[start:end])


def place(name: str, lat: float, lon: float) -> Location:
    return Location(name=name, lat=lat, lon=lon)


def event(
    evidence: list[Evidence],
    sub_type: str = "Attack",
    date: DateInfo | None = None,
    actors: Sequence[str] = (),
    locations: Sequence[Location] = (),
    fatalities: int | None = None,
    ident: str = "e",
) -> dict[str, Any]:
    return to_dict(
        Event(
            id=ident,
            doc="d",
            acled_event_type="Violence against civilians",
            acled_sub_event_type=sub_type,
            plover_type=None,
            ucdp_type_of_violence=None,
            trigger="",
            date=date,
            actors=[EventActor(name=n, role="actor1") for n in actors],
            locations=list(locations),
            fatalities=Fatalities(low=None, best=fatalities, high=None) if fatalities else None,
            evidence=evidence,
        )
    )


def day(iso: str) -> DateInfo:
    return DateInfo(start=iso, end=iso, precision="day")


def perfect_prediction() -> list[dict[str, Any]]:
    subject = Actor(
        id="a1",
        doc="d",
        name="Hill Front",
        is_subject=True,
        aliases=[
            Alias(name="جبهة التلال", kind="native", lang="ar"),
            Alias(name="HF", kind="acronym"),
        ],
        parents=[Parent(name="UoV", relation="wing of")],
        people=[Person(name="Omar Sadiq", roles=["commander", "spokesperson"])],
        founded=[Founding(date="1991-03", precision="month")],
        areas=[Area(name="Somewhere")],
    )
    claim = Claim(
        id="c1",
        doc="d",
        claimant=Claimant(person="Omar Sadiq", organisation="Hill Front"),
        cue="said",
        content=ev("40 fighters had joined"),
        quantity=Quantity(value=40, qualifier="exact", low=40, high=40),
        evidence=[ev("40 fighters had joined")],
    )
    return [
        to_dict(subject),
        event(
            [ev("the Hill Front shelled Ardena")],
            sub_type="Shelling/artillery/missile attack",
            date=day("2019-05-03"),
            actors=["the Hill Front", "Villagers"],
            locations=[place("Ardena", *ARDENA)],
            fatalities=2,
            ident="e1",
        ),
        event(
            [ev("the group raided Belmo and Corvi")],
            sub_type="Armed clash",
            date=day("2019-05-04"),
            actors=["Hill Front"],
            locations=[place("Belmo", *BELMO), place("Corvi", *CORVI)],
            ident="e2",
        ),
        to_dict(claim),
    ]


def all_figures(scores: dict[str, Any]) -> list[float | None]:
    figures = []
    for part in ("events", "claims"):
        figures += [v for k, v in scores[part].items() if k not in ("tp", "fp", "fn")]
    for part in scores["profile"].values():
        if part is not None:
            figures += [part["precision"], part["recall"], part["f1"]]
    return figures


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The Hill Front", "hill front"),
        ("Katāʼib al-Muqāwamah", "Kataib al-Muqawamah"),
        ("al-Aqsa Martyrs' Brigades", "Al-Aqsa Martyrs Brigades"),
        ("Be\u2019eri", "Beeri"),
        ("Hawai\u02bbi", "hawaii"),
        ("\u2018Abd al-Qader", "abd al-qader"),
        ("ＨＩＬＬ  FRONT", "hill front"),
        ("جَبْهَةُ التِّلَال", "جبهة التلال"),
        ("STRASSE", "straße"),
    ],
)
def test_names_that_match(a: str, b: str) -> None:
    assert names_match(a, b)
    assert names_match(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hill Front", "Hill Fronts"),
        ("Theodore Group", "odore Group"),
        ("Al-Aqsa", "Aqsa"),
        ("", ""),
        ("جبهة التلال", "Jabhat al-Tilal"),
    ],
)
def test_names_that_do_not_match(a: str, b: str) -> None:
    assert not names_match(a, b)


def test_names_match_any_alternative() -> None:
    assert names_match("IDF", ["Israel Defense Forces", "IDF"])
    assert not names_match("Army", ["Israel Defense Forces", "IDF"])


def test_fold_name_drops_only_a_leading_the() -> None:
    assert fold_name("The Front of the Hills") == "front of the hills"
    assert fold_name("  Thé   Front ") == "front"


# --------------------------------------------------------------------------- whole articles


def test_perfect_prediction_scores_one_everywhere() -> None:
    scores = score_article(gold_article(), perfect_prediction())
    assert scores["events"]["tp"] == 2
    assert scores["events"]["fp"] == 0 and scores["events"]["fn"] == 0
    assert scores["claims"]["tp"] == 1
    # areas is null in the gold: not scored
    assert scores["profile"]["areas"] is None
    # allies is an empty list in the gold and the system names none: nothing to score
    assert scores["profile"]["allies"] == {
        "tp": 0,
        "fp": 0,
        "fn": 0,
        "precision": None,
        "recall": None,
        "f1": None,
    }
    scores["profile"]["allies"] = None
    assert all(f == 1.0 for f in all_figures(scores)), scores


def test_output_has_the_documented_shape() -> None:
    scores = score_article(gold_article(), [])
    assert set(scores) == {"events", "claims", "profile"}
    assert set(scores["events"]) == {
        "tp",
        "fp",
        "fn",
        "precision",
        "recall",
        "f1",
        "type_accuracy",
        "date_accuracy",
        "date_precision_accuracy",
        "location_accuracy",
        "fatalities_accuracy",
        "actor_accuracy",
    }
    assert set(scores["claims"]) == {
        "tp",
        "fp",
        "fn",
        "precision",
        "recall",
        "f1",
        "claimant_accuracy",
        "value_accuracy",
        "qualifier_accuracy",
    }
    assert set(scores["profile"]) == {"aliases", "parents", "people", "allies", "founded", "areas"}
    json.dumps(scores)


def test_empty_prediction() -> None:
    scores = score_article(gold_article(), [])
    events = scores["events"]
    assert (events["tp"], events["fp"], events["fn"]) == (0, 0, 2)  # E03 is optional
    assert events["recall"] == 0.0
    assert events["precision"] is None and events["f1"] is None
    assert events["type_accuracy"] is None and events["actor_accuracy"] is None
    assert scores["claims"]["recall"] == 0.0 and scores["claims"]["precision"] is None
    aliases = scores["profile"]["aliases"]
    assert (aliases["tp"], aliases["fn"], aliases["recall"]) == (0, 2, 0.0)
    assert aliases["precision"] is None


def test_partial_prediction() -> None:
    predicted = [
        event(
            [ev("shelled Ardena")],
            sub_type="Air/drone strike",
            date=DateInfo(start="2019-05", end=None, precision="month"),
            actors=["Hill Front"],
            locations=[place("Ardena", *ARDENA)],
            fatalities=3,
        ),
        event([ev("formed in March 1991")], ident="other"),
    ]
    events = score_article(gold_article(), predicted)["events"]
    assert (events["tp"], events["fp"], events["fn"]) == (1, 1, 1)
    assert events["precision"] == 0.5 and events["recall"] == 0.5 and events["f1"] == 0.5
    assert events["type_accuracy"] == 0.0
    assert events["date_accuracy"] == 0.0  # the whole month is wider than the gold day
    assert events["date_precision_accuracy"] == 0.0
    assert events["location_accuracy"] == 1.0
    assert events["fatalities_accuracy"] == 0.0
    assert events["actor_accuracy"] == 0.0  # the victims are not named


def test_touching_spans_do_not_overlap() -> None:
    gold = gold_article()
    e01 = gold["events"][0]["evidence"]
    before = event([span(e01["start"] - 5, e01["start"])])
    after = event([span(e01["end"], e01["end"] + 3)])
    events = score_article(gold, [before, after])["events"]
    assert (events["tp"], events["fp"], events["fn"]) == (0, 2, 2)
    one_char = event([span(e01["start"] - 5, e01["start"] + 1)])
    events = score_article(gold, [one_char])["events"]
    assert (events["tp"], events["fp"], events["fn"]) == (1, 0, 1)


def test_matching_is_one_to_one_largest_overlap_first() -> None:
    small = event([ev("On 3 May")], sub_type="Attack", ident="small")
    large = event(
        [ev("the Hill Front shelled Ardena")], sub_type="Shelling/artillery/missile attack"
    )
    events = score_article(gold_article(), [small, large])["events"]
    assert (events["tp"], events["fp"], events["fn"]) == (1, 1, 1)
    assert events["type_accuracy"] == 1.0  # the larger overlap was paired


def test_an_event_with_several_spans_matches_by_any() -> None:
    both = event([ev("formed in March"), ev("raided Belmo")], sub_type="Attack")
    events = score_article(gold_article(), [both])["events"]
    assert (events["tp"], events["fp"], events["fn"]) == (1, 0, 1)
    assert events["type_accuracy"] == 1.0


def split_gold() -> dict[str, Any]:
    gold = gold_article()
    gold["events"][1]["split_by_location"] = True
    return gold


def test_split_by_location_pools_events_per_place() -> None:
    raid = ev("the group raided Belmo and Corvi")
    predicted = [
        event([raid], date=day("2019-05-04"), locations=[place("Belmo", *BELMO)], ident="b"),
        event([raid], date=day("2019-05-04"), locations=[place("Corvi", *CORVI)], ident="c"),
    ]
    events = score_article(split_gold(), predicted)["events"]
    assert (events["tp"], events["fp"], events["fn"]) == (1, 0, 1)
    assert events["location_accuracy"] == 1.0
    assert events["date_accuracy"] == 1.0


def test_split_by_location_needs_one_of_the_places() -> None:
    raid = ev("the group raided Belmo and Corvi")
    elsewhere = (ARDENA[0] - 2, ARDENA[1])
    predicted = [
        event([raid], locations=[place("Belmo", *BELMO)], ident="b"),
        event([raid], locations=[place("Far", *elsewhere)], ident="far"),
    ]
    events = score_article(split_gold(), predicted)["events"]
    assert (events["tp"], events["fp"], events["fn"]) == (1, 1, 1)
    assert events["location_accuracy"] == 0.0  # Corvi is not reported


def test_without_split_by_location_a_second_event_is_a_false_positive() -> None:
    raid = ev("the group raided Belmo and Corvi")
    predicted = [
        event([raid], locations=[place("Belmo", *BELMO)], ident="b"),
        event([raid], locations=[place("Corvi", *CORVI)], ident="c"),
    ]
    events = score_article(gold_article(), predicted)["events"]
    assert (events["tp"], events["fp"], events["fn"]) == (1, 1, 1)
    assert events["location_accuracy"] == 0.0


def merge_gold() -> dict[str, Any]:
    gold = gold_article()
    gold["events"][1]["merge_with"] = "E01"
    return gold


def test_merge_with_one_event_for_both() -> None:
    both = ev("shelled Ardena, killing two villagers. Its spokesman Omar Sadiq said 40 fighters")
    predicted = [event([both, ev("raided Belmo")])]
    events = score_article(merge_gold(), predicted)["events"]
    assert (events["tp"], events["fp"], events["fn"]) == (1, 0, 0)
    events = score_article(gold_article(), predicted)["events"]
    assert (events["tp"], events["fp"], events["fn"]) == (1, 0, 1)


def test_merge_with_does_not_excuse_missing_both() -> None:
    events = score_article(merge_gold(), [])["events"]
    assert events["fn"] == 2


def test_optional_event_counts_neither_way() -> None:
    renamed = event([ev("they renamed their media office")], ident="opt")
    events = score_article(gold_article(), perfect_prediction() + [renamed])["events"]
    assert (events["tp"], events["fp"], events["fn"]) == (2, 0, 0)
    events = score_article(gold_article(), perfect_prediction())["events"]
    assert (events["tp"], events["fp"], events["fn"]) == (2, 0, 0)


def test_event_overlapping_optional_and_required_is_not_excused() -> None:
    gold = gold_article()
    gold["events"][1]["optional"] = True  # the raid
    gold["events"][2]["optional"] = False
    straddling = event([ev("Belmo and Corvi. In 2020")], ident="straddle")
    renamed = event([ev("they renamed their media office")], ident="renamed")
    events = score_article(gold, [renamed, straddling])["events"]
    # `renamed` takes E03; `straddling` overlaps the optional raid and the taken E03
    assert (events["tp"], events["fp"], events["fn"]) == (1, 1, 1)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("gold_date", "system", "expected"),
    [
        ({"start": "2019-05-01", "end": "2019-05-31", "precision": "month"}, "2019-05-17", True),
        ({"start": "2019-05-01", "end": "2019-05-31", "precision": "month"}, "2019-06-01", False),
        ({"start": "2019-05-01", "end": "2019-05-31", "precision": "month"}, "2019-05", True),
        ({"start": "2019-05-01", "end": "2019-05-31", "precision": "month"}, "2019", False),
        ({"start": "2019-01-01", "end": "2019-12-31", "precision": "year"}, "2019", True),
        (
            {
                "start": "2010-09-26",
                "end": "2012-09-26",
                "precision": "day",
                "accept_years": [2010, 2012],
                "month_day": "09-26",
            },
            "2012-09-26",
            True,
        ),
        (
            {
                "start": "2010-09-26",
                "end": "2010-09-26",
                "precision": "day",
                "accept_years": [2010, 2012],
                "month_day": "09-26",
            },
            "2012-09-26",
            True,
        ),
        (
            {
                "start": "2010-09-26",
                "end": "2010-09-26",
                "precision": "day",
                "accept_years": [2010, 2012],
                "month_day": "09-26",
            },
            "2011-09-26",
            False,
        ),
        (
            {
                "start": "2010-09-26",
                "end": "2010-09-26",
                "precision": "day",
                "accept_years": [2010, 2012],
                "month_day": "09-26",
            },
            "2012-09-27",
            False,
        ),
        (
            {"start": "2023-01-01", "end": "2023-12-31", "precision": "day", "best": "2023-10-07"},
            "2023-10-07",
            True,
        ),
        (
            {"start": "2023-01-01", "end": "2023-12-31", "precision": "day", "best": "2023-10-07"},
            "2024-10-07",
            False,
        ),
    ],
)
def test_date_readings(gold_date: dict, system: str, expected: bool) -> None:
    assert date_correct(gold_date, {"start": system, "end": None, "precision": "day"}) is expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2023-10-07", None, True),
        ("2023-10-07", "2024-02-19", True),
        ("2023-10-07", "2023-10-07", True),
        ("2023-10-07", "2023-10-01", False),
        ("2023-10-08", None, False),
        ("2023-10", None, False),
    ],
)
def test_open_end_dates(start: str, end: str | None, expected: bool) -> None:
    gold_date = {"start": "2023-10-07", "end": None, "precision": "range", "open_end": True}
    assert date_correct(gold_date, {"start": start, "end": end, "precision": "range"}) is expected


def test_a_system_range_must_lie_inside_the_gold_interval() -> None:
    gold_date = {"start": "2010-01-01", "end": "2011-12-31", "precision": "range"}
    assert date_correct(gold_date, {"start": "2010-03-01", "end": "2011-06-30"})
    assert not date_correct(gold_date, {"start": "2010-03-01", "end": "2012-01-01"})
    assert not date_correct(gold_date, None)
    assert not date_correct(gold_date, {"start": None, "end": None})
    assert not date_correct(gold_date, {"start": "soon", "end": None})


def test_date_accuracy_and_precision_in_an_article() -> None:
    gold = gold_article()
    gold["events"][0]["date"] = {
        "start": "2019-01-01",
        "end": "2019-12-31",
        "precision": "day",
        "best": "2019-05-03",
    }
    year_only = event([ev("shelled Ardena")], date=DateInfo("2019", None, "year"))
    events = score_article(gold, [year_only])["events"]
    assert events["date_accuracy"] == 1.0
    assert events["date_precision_accuracy"] == 0.0


# --------------------------------------------------------------------------- places


def north_of(point: tuple[float, float], km: float) -> tuple[float, float]:
    return point[0] + km / KM_PER_DEGREE_LAT, point[1]


@pytest.mark.parametrize(
    ("kind", "km", "expected"),
    [("town", 20, 1.0), ("town", 30, 0.0), ("region", 45, 1.0), ("region", 55, 0.0)],
)
def test_location_distance_thresholds(kind: str, km: float, expected: float) -> None:
    gold = gold_article()
    gold["events"][0]["locations"][0]["kind"] = kind
    moved = north_of(ARDENA, km)
    assert abs(distance_km(*ARDENA, *moved) - km) < 0.5
    predicted = [event([ev("shelled Ardena")], locations=[place("Near Ardena", *moved)])]
    events = score_article(gold, predicted)["events"]
    assert events["location_accuracy"] == expected


def test_optional_location_is_not_counted_when_the_system_gives_none() -> None:
    gold = gold_article()
    gold["events"][0]["optional_location"] = True
    events = score_article(gold, [event([ev("shelled Ardena")])])["events"]
    assert events["location_accuracy"] is None
    far = north_of(ARDENA, 200)
    events = score_article(gold, [event([ev("shelled Ardena")], locations=[place("X", *far)])])
    assert events["events"]["location_accuracy"] == 0.0
    events = score_article(gold_article(), [event([ev("shelled Ardena")])])["events"]
    assert events["location_accuracy"] == 0.0


def test_every_gold_location_must_be_found() -> None:
    predicted = [event([ev("raided Belmo")], locations=[place("Belmo", *BELMO)])]
    events = score_article(gold_article(), predicted)["events"]
    assert events["location_accuracy"] == 0.0


# --------------------------------------------------------------------------- actors


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Hill Front", "villagers"], 1.0),
        (["hill front", "Civilians", "Someone else"], 1.0),
        (["Hill Front"], 0.0),
        ([], 0.0),
    ],
)
def test_all_gold_actors_must_be_found(names: list[str], expected: float) -> None:
    predicted = [event([ev("shelled Ardena")], actors=names)]
    assert score_article(gold_article(), predicted)["events"]["actor_accuracy"] == expected


# --------------------------------------------------------------------------- claims


@pytest.mark.parametrize(
    ("claimant", "quantity", "expected"),
    [
        (Claimant(person="Omar Sadiq"), Quantity(40, "exact", 40, 40), (1.0, 1.0, 1.0)),
        (Claimant(organisation="omar sadiq"), Quantity(40.0, "exact", 40, 40), (1.0, 1.0, 1.0)),
        (Claimant(organisation="Hill Front"), Quantity(40, "about", 40, 40), (0.0, 1.0, 0.0)),
        (Claimant(), None, (0.0, 0.0, 0.0)),
    ],
)
def test_claim_attributes(
    claimant: Claimant, quantity: Quantity | None, expected: tuple[float, ...]
) -> None:
    claim = Claim(
        id="c",
        doc="d",
        claimant=claimant,
        cue="said",
        content=ev("said 40 fighters"),
        quantity=quantity,
        evidence=[ev("said 40 fighters")],
    )
    claims = score_article(gold_article(), [to_dict(claim)])["claims"]
    assert (claims["tp"], claims["fp"], claims["fn"]) == (1, 0, 0)
    found = (claims["claimant_accuracy"], claims["value_accuracy"], claims["qualifier_accuracy"])
    assert found == expected


def test_optional_claim_and_non_numeric_claim() -> None:
    gold = gold_article()
    gold["claims"][0]["optional"] = True
    gold["claims"].append(
        {
            "id": "C02",
            "evidence": at("renamed their media office"),
            "claimant": {"name": "Hill Front", "also": ["HF"]},
            "quantity": None,
        }
    )
    claim = Claim(
        id="c",
        doc="d",
        claimant=Claimant(organisation="HF"),
        cue="",
        content=ev("renamed their"),
        quantity=Quantity(1, "exact", 1, 1),
        evidence=[ev("renamed their")],
    )
    extra = Claim(
        id="c2",
        doc="d",
        claimant=Claimant(person="Omar Sadiq"),
        cue="said",
        content=ev("40 fighters"),
        evidence=[ev("40 fighters")],
    )
    claims = score_article(gold, [to_dict(claim), to_dict(extra)])["claims"]
    assert (claims["tp"], claims["fp"], claims["fn"]) == (1, 0, 0)
    assert claims["claimant_accuracy"] == 1.0
    assert claims["value_accuracy"] is None and claims["qualifier_accuracy"] is None


# --------------------------------------------------------------------------- profile


def profile_of(**parts: Any) -> dict[str, Any]:
    actor = Actor(id="a", doc="d", name="Hill Front", is_subject=True, **parts)
    return score_article(gold_article(), [to_dict(actor)])["profile"]


def triple(figures: dict[str, Any]) -> tuple[int, int, int]:
    return figures["tp"], figures["fp"], figures["fn"]


def test_alias_kind_must_match() -> None:
    profile = profile_of(
        aliases=[Alias(name="HF", kind="alias"), Alias(name="جَبْهَة التلال", kind="native")]
    )
    assert triple(profile["aliases"]) == (1, 1, 1)
    assert profile["aliases"]["precision"] == 0.5


def test_people_are_counted_per_name_and_role() -> None:
    profile = profile_of(people=[Person(name="Omar Sadiq", roles=["commander", "founder"])])
    assert triple(profile["people"]) == (1, 1, 1)
    profile = profile_of(people=[Person(name="Omar Sadik", roles=["commander"])])
    assert triple(profile["people"]) == (0, 1, 2)


def test_parents_match_by_also_and_allies_empty_list_is_scored() -> None:
    profile = profile_of(
        parents=[Parent(name="union of valleys", relation="part of")],
        allies=[Ally(name="River Front", how="fought with")],
    )
    assert triple(profile["parents"]) == (1, 0, 0)
    assert triple(profile["allies"]) == (0, 1, 0)
    assert profile["allies"]["precision"] == 0.0 and profile["allies"]["recall"] is None


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        ("1991-03", (1, 0, 0)),
        ("1991-03-14", (1, 0, 0)),
        ("1991", (0, 1, 1)),
        ("1990-03", (0, 1, 1)),
    ],
)
def test_founded_same_year_and_month(found: str, expected: tuple[int, int, int]) -> None:
    profile = profile_of(founded=[Founding(date=found, precision="month")])
    assert triple(profile["founded"]) == expected


def test_founded_year_only_gold_accepts_any_month() -> None:
    gold = gold_article()
    gold["subject"]["founded"] = [{"date": "1991", "precision": "year"}]
    actor = Actor(
        id="a", doc="d", name="x", is_subject=True, founded=[Founding("1991-07", "month")]
    )
    profile = score_article(gold, [to_dict(actor)])["profile"]
    assert triple(profile["founded"]) == (1, 0, 0)


def test_non_subject_actor_is_not_the_profile() -> None:
    actor = Actor(id="a", doc="d", name="Hill Front", aliases=[Alias(name="HF", kind="acronym")])
    profile = score_article(gold_article(), [to_dict(actor)])["profile"]
    assert triple(profile["aliases"]) == (0, 0, 2)


def test_no_subject_scores_no_profile() -> None:
    gold = gold_article()
    gold["subject"] = None
    profile = score_article(gold, perfect_prediction())["profile"]
    assert all(part is None for part in profile.values())


# --------------------------------------------------------------------------- files


def write_gold(directory: Path, name: str, gold: dict[str, Any], text: str = TEXT) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / gold["text_file"]).write_bytes(text.encode("utf-8"))
    path = directory / f"{name}.gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_gold_reads_the_text(tmp_path: Path) -> None:
    path = write_gold(tmp_path / "gold", "hill-front", gold_article())
    gold, text = load_gold(path)
    assert text == TEXT
    assert gold["subject"]["name"] == "Hill Front"


def test_load_gold_resolves_text_relative_to_the_gold_file(tmp_path: Path) -> None:
    gold = gold_article()
    gold["text_file"] = "../texts/hill-front.txt"
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "hill-front.txt").write_bytes(TEXT.encode("utf-8"))
    (tmp_path / "gold").mkdir()
    path = tmp_path / "gold" / "hill-front.gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    assert load_gold(path)[1] == TEXT


def test_load_gold_refuses_a_changed_text(tmp_path: Path) -> None:
    path = write_gold(tmp_path, "hill-front", gold_article(), text=TEXT + " Edited.")
    with pytest.raises(GoldError, match="hill-front.gold.json.*does not match"):
        load_gold(path)


def test_load_gold_refuses_a_missing_text(tmp_path: Path) -> None:
    path = write_gold(tmp_path, "hill-front", gold_article())
    (tmp_path / "hill-front.txt").unlink()
    with pytest.raises(GoldError, match="hill-front.gold.json.*missing"):
        load_gold(path)


def test_load_gold_refuses_another_format(tmp_path: Path) -> None:
    gold = gold_article()
    gold["format"] = "article-gold/0"
    path = write_gold(tmp_path, "hill-front", gold)
    with pytest.raises(GoldError, match="article-gold/1"):
        load_gold(path)


def test_score_files_micro_averages(tmp_path: Path) -> None:
    second = copy.deepcopy(gold_article())
    second["text_file"] = "second.txt"
    second["published"] = "2019-05-10"
    write_gold(tmp_path / "a", "first", gold_article())
    write_gold(tmp_path / "b" / "deeper", "second", second)
    calls: list[tuple[str | None, str]] = []

    def run(text: str, published: str | None, name: str) -> list[dict[str, Any]]:
        calls.append((published, name))
        assert text == TEXT
        if name == "first":
            return perfect_prediction()
        return [event([ev("shelled Ardena")], sub_type="Attack")]

    result = score_files([tmp_path], run)
    assert calls == [(None, "first"), ("2019-05-10", "second")]
    assert set(result["files"]) == {"first.gold.json", "second.gold.json"}
    overall = result["overall"]["events"]
    assert (overall["tp"], overall["fp"], overall["fn"]) == (3, 0, 1)
    assert overall["recall"] == 0.75
    assert overall["type_accuracy"] == 2 / 3  # pooled over the three matched pairs
    assert overall["fatalities_accuracy"] == 0.5
    aliases = result["overall"]["profile"]["aliases"]
    assert triple(aliases) == (2, 0, 2)
    assert result["overall"]["profile"]["areas"] is None

    table = format_table(result)
    assert "first.gold.json" in table and "second.gold.json" in table
    assert "overall" in table and "date-precision" in table
    assert "(not scored)" in table


def test_score_files_accepts_a_file_and_refuses_an_empty_directory(tmp_path: Path) -> None:
    path = write_gold(tmp_path / "g", "only", gold_article())
    result = score_files([path], lambda text, published, name: [])
    assert list(result["files"]) == ["only.gold.json"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(GoldError, match="no .gold.json files"):
        score_files([tmp_path / "empty"], lambda text, published, name: [])


SHARED_GOLD = Path(__file__).parents[2] / ".." / "shared" / "gold" / "articles"


@pytest.mark.skipif(not SHARED_GOLD.is_dir(), reason="shared gold files are not available")
def test_shared_gold_files_verify(tmp_path: Path) -> None:
    for path in sorted(SHARED_GOLD.glob("*.gold.json")):
        gold, text = load_gold(path)
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == gold["text_sha256"]
        copied = dict(gold, text_file="changed.txt")
        (tmp_path / "changed.txt").write_bytes((text + "\n").encode("utf-8"))
        moved = tmp_path / path.name
        moved.write_text(json.dumps(copied), encoding="utf-8")
        with pytest.raises(GoldError, match="does not match"):
            load_gold(moved)
