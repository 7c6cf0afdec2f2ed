"""The MUC-4 template scorer: fill comparison, slot scoring, alignment, key parsing, and a
regression guard on a few messages of the real data set."""

from __future__ import annotations

from pathlib import Path

import pytest

from procopius.evaluation.datasets import muc4
from procopius.evaluation.datasets.muc4 import Counts, Filler, KeyTemplate, ResponseTemplate
from procopius.records import (
    Claim,
    Claimant,
    DateInfo,
    Event,
    EventActor,
    Evidence,
    Fatalities,
    Location,
    RecordSet,
)

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "muc4"

# --------------------------------------------------------------------------- fill comparison


@pytest.mark.parametrize(
    ("response", "alts", "expected"),
    [
        ("GUERRILLAS", ["GUERRILLA COLUMN", "GUERRILLAS"], 1.0),
        ("the 3 peasants", ["PEASANTS"], 1.0),  # nonessential modifiers
        ("OLD PEASANTS", ["PEASANTS"], 1.0),  # a modifier more than the key
        ("PEASANTS WHO THE GOVERNMENT ADMITTED WAS A MISTAKE", ["PEASANTS"], 0.5),
        ("TORRES", ["ALBERTO ROBERTO TORRES"], 0.5),  # part of a proper name
        ('"LA EMINENCIA" FARM', ['\\"LA EMINENCIA\\" FARM', "FARM"], 1.0),
        ("SOLDIERS", ["PEASANTS"], 0.0),
        ("THE", ["PEASANTS"], 0.0),
    ],
)
def test_string_credit(response: str, alts: list[str], expected: float) -> None:
    assert muc4.string_credit(response, alts) == expected


@pytest.mark.parametrize(
    ("response", "alts", "expected"),
    [
        (("1990-02-02", "1990-02-02"), ["02 FEB 90"], 1.0),
        (("1990-02-03", "1990-02-03"), ["02 FEB 90"], 0.0),  # off by one day
        (("1989-08-26", "1989-08-26"), ["25 AUG 89 - 26 AUG 89"], 0.5),
        (("1989-08-25", "1989-08-25"), ["- 26 AUG 89"], 0.5),  # default-looking key
        (("1989-08-25", "1989-08-26"), ["25 AUG 89 - 26 AUG 89"], 1.0),
        (("1989-12-01", "1989-12-31"), ["09 DEC 89", "- 09 DEC 89"], 0.5),  # a month around it
        (("1989-01-01", "1989-12-31"), ["09 DEC 89"], 0.0),  # a year is too vague
        (("1990-05-01", "1990-05-01"), ["- 26 AUG 89"], 0.0),
    ],
)
def test_date_credit(response: tuple[str, str], alts: list[str], expected: float) -> None:
    assert muc4.date_credit(response, alts) == expected


@pytest.mark.parametrize(
    ("response", "alts", "expected"),
    [
        (("Medellin", "Colombia"), ["COLOMBIA: ANTIOQUIA (DEPARTMENT): MEDELLIN (CITY)"], 1.0),
        (("Medellin", None), ["COLOMBIA: MEDELLIN (CITY)"], 1.0),
        (("Medellin", "Bolivia"), ["COLOMBIA: MEDELLIN (CITY)"], 0.5),  # wrong country
        (("Colombia", "Colombia"), ["COLOMBIA: MEDELLIN (CITY)"], 0.5),  # country only
        (("Cali", "Colombia"), ["COLOMBIA: ANTIOQUIA (DEPARTMENT): MEDELLIN (CITY)"], 0.5),
        (("Antioquia", None), ["COLOMBIA: ANTIOQUIA (DEPARTMENT): MEDELLIN (CITY)"], 0.5),
        (("Medellin", "Colombia"), ["COLOMBIA: MEDELLIN (CITY) - CALI (CITY)"], 0.5),
        (("Peru", "Peru"), ["PERU"], 1.0),
        (("Lima", "Peru"), ["COLOMBIA: MEDELLIN (CITY)"], 0.0),
    ],
)
def test_location_credit(
    response: tuple[str, str | None], alts: list[str], expected: float
) -> None:
    assert muc4.location_credit(response, alts) == expected


def test_type_number_and_claim_credit() -> None:
    assert muc4.type_credit("BOMBING", ["BOMBING"]) == 1.0
    assert muc4.type_credit("ATTACK", ["BOMBING"]) == 0.5
    assert muc4.type_credit("BOMBING", ["ATTACK"]) == 0.0
    assert muc4.number_credit(7, ["7"]) == 1.0
    assert muc4.number_credit(7, ["5 - 7"]) == 0.5
    assert muc4.number_credit(7, ["~7"]) == 0.5
    assert muc4.number_credit(6, ["5 - 7"]) == 0.0
    assert muc4.number_credit(3, ["PLURAL"]) == 0.0
    claim = Filler(["CLAIMED OR ADMITTED"], tag=["FARABUNDO MARTI NATIONAL LIBERATION FRONT"])
    assert muc4.claim_credit("the Farabundo Marti National Liberation Front", claim) == 1.0
    assert muc4.claim_credit(None, claim) == 0.5
    assert muc4.claim_credit("ELN", claim) == 0.5


# --------------------------------------------------------------------------- slot scoring


def _key(*forms: list[str], optional: bool = False) -> list[Filler]:
    return [Filler(list(f), optional) for f in forms]


def test_score_slot_perfect_empty_and_spurious() -> None:
    key = _key(["GUERRILLAS"], ["URBAN TERRORISTS", "TERRORISTS"])
    perfect = muc4.score_slot(muc4.SLOT_PERP_IND, key, ["GUERRILLAS", "TERRORISTS"])
    assert (perfect.cor, perfect.par, perfect.inc, perfect.mis, perfect.spu) == (2, 0, 0, 0, 0)
    assert perfect.scores()["f1"] == 1.0
    empty = muc4.score_slot(muc4.SLOT_PERP_IND, key, [])
    assert (empty.mis, empty.scores()["recall"], empty.scores()["precision"]) == (2, 0.0, None)
    spurious = muc4.score_slot(muc4.SLOT_PERP_IND, [], ["SOLDIERS"])
    assert (spurious.spu, spurious.scores()["precision"]) == (1, 0.0)


def test_score_slot_partial_incorrect_and_optional() -> None:
    key = _key(["ALBERTO ROBERTO TORRES"], ["PEASANTS"])
    c = muc4.score_slot(muc4.SLOT_HUM, key, ["TORRES", "SOLDIERS"])
    assert (c.cor, c.par, c.inc, c.mis, c.spu) == (0, 1, 1, 0, 0)
    assert c.scores()["recall"] == pytest.approx(0.25)
    optional = _key(["FPMR"], optional=True) + _key(["COMMUNIST PARTY"])
    o = muc4.score_slot(muc4.SLOT_PERP_ORG, optional, ["COMMUNIST PARTY"])
    assert (o.cor, o.mis, o.spu) == (1, 0, 0)  # the optional filler costs nothing
    assert muc4.score_slot(muc4.SLOT_PERP_ORG, None, ["X"]).scores()["act"] == 0  # inapplicable


def test_counts_formula() -> None:
    c = Counts(cor=1, par=1, inc=1, mis=1, spu=2)
    s = c.scores()
    assert s["recall"] == pytest.approx(1.5 / 4)
    assert s["precision"] == pytest.approx(1.5 / 5)


def _key_template(doc_id: str, type_: str, perp: str, optional: bool = False) -> KeyTemplate:
    slots: dict[str, list[Filler] | None] = {s: [] for s in muc4.SCORED_SLOTS}
    slots[muc4.SLOT_TYPE] = _key([type_])
    slots[muc4.SLOT_PERP_IND] = _key([perp])
    return KeyTemplate(doc_id, "1", optional, slots)


def test_align_needs_type_and_a_participant() -> None:
    keys = [_key_template("D", "BOMBING", "TERRORISTS"), _key_template("D", "KIDNAPPING", "MEN")]
    right = ResponseTemplate("D", "KIDNAPPING", perp_individuals=["ARMED MEN"])
    type_only = ResponseTemplate("D", "BOMBING")
    attack = ResponseTemplate("D", "ATTACK", perp_individuals=["TERRORISTS"])
    pairs, _ = muc4.align(keys, [type_only, right, attack])
    assert sorted(pairs) == [(0, 2), (1, 1)]  # ATTACK partly matches BOMBING, with its perpetrator


def test_mapping_file() -> None:
    assert muc4.muc_type("Remote explosive/landmine/IED", "bomb") == "BOMBING"
    assert muc4.muc_type("Abduction/forced disappearance", "kidnapped") == "KIDNAPPING"
    assert muc4.muc_type("Abduction/forced disappearance", "hijacked") == "HIJACKING"
    assert muc4.muc_type("Looting/property destruction", "burned") == "ARSON"
    assert muc4.muc_type("Looting/property destruction", "stole") == "ROBBERY"
    assert muc4.muc_type("Armed clash", "clashed") is None
    assert muc4.muc_type("Peaceful protest", "marched") is None
    table = muc4.mapping_table()
    assert table["FORCED WORK STOPPAGE"] == []
    assert "Attack" in table["ATTACK"]


def test_response_templates_from_records() -> None:
    ev = Evidence("d", 0, 4, "BOMB")
    events = [
        Event(
            id="e1",
            doc="d",
            acled_event_type="Explosions/Remote violence",
            acled_sub_event_type="Remote explosive/landmine/IED",
            plover_type=None,
            ucdp_type_of_violence=None,
            trigger="bomb",
            date=DateInfo("1989-12-12", "1989-12-12", "day"),
            actors=[
                EventActor("Manuel Rodriguez Patriotic Front", "actor1"),
                EventActor("embassy building", "actor2"),
                EventActor("two guards", "victim"),
            ],
            locations=[Location("Santiago", -33.4, -70.6, country="CHL")],
            fatalities=Fatalities(2, 2, 2),
            claims=["c1"],
            evidence=[ev],
        ),
        Event(
            id="e2",
            doc="d",
            acled_event_type="Battles",
            acled_sub_event_type="Armed clash",
            plover_type=None,
            ucdp_type_of_violence=None,
            trigger="clashed",
            date=None,
        ),
    ]
    claim = Claim(
        id="c1",
        doc="d",
        claimant=Claimant(organisation="FPMR"),
        cue="claimed responsibility",
        content=ev,
    )
    templates, unmapped = muc4.response_templates(RecordSet(events=events, claims=[claim]), "d")
    assert unmapped == {"Armed clash": 1}
    [t] = templates
    assert t.incident_type == "BOMBING"
    assert t.location == ("Santiago", "Chile")
    assert t.perp_organisations == ["Manuel Rodriguez Patriotic Front"]
    assert t.physical_targets == ["embassy building"]
    assert t.human_targets == ["two guards"]
    assert (t.human_numbers, t.human_effects, t.claimed) == ([2], ["DEATH"], ["FPMR"])


def test_role_filler_counts() -> None:
    keys = [_key_template("D", "BOMBING", "TERRORISTS")]
    keys[0].slots[muc4.SLOT_PERP_IND] = _key(["URBAN TERRORISTS", "TERRORISTS"])
    responses = [ResponseTemplate("D", "BOMBING", perp_individuals=["terrorists", "soldiers"])]
    counts = muc4.role_filler_counts(keys, responses)
    assert (counts["PerpInd"]["tp"], counts["PerpInd"]["fp"], counts["PerpInd"]["fn"]) == (1, 1, 0)


# --------------------------------------------------------------------------- loader

MESSAGES = """TST9-MUC4-0001

   LIMA, 3 MAR 90 (RADIO) -- [TEXT] UNKNOWN MEN SET FIRE TO A BUS NEAR THE TOWN OF
PUEBLO NUEVO YESTERDAY.  NOBODY WAS HURT.

TST9-MUC4-0002 (SITE)

   QUITO, 4 MAR 90 (RADIO) -- [TEXT] THE MINISTER SPOKE ABOUT THE HARVEST.
"""

KEYS = """;;; a comment line
0.  MESSAGE: ID                     TST9-MUC4-0001
1.  MESSAGE: TEMPLATE               1 (OPTIONAL)
2.  INCIDENT: DATE                  (02 MAR 90) / (- 03 MAR 90)
3.  INCIDENT: LOCATION              PERU: PUEBLO NUEVO (TOWN)
4.  INCIDENT: TYPE                  ARSON
9.  PERP: INDIVIDUAL ID             "UNKNOWN MEN" / "MEN"
10. PERP: ORGANIZATION ID           -
11. PERP: ORGANIZATION CONFIDENCE   -
12. PHYS TGT: ID                    "BUS"
                                    ? "TOWN BUS"
18. HUM TGT: NAME                   *
19. HUM TGT: DESCRIPTION            *

0.  MESSAGE: ID                     TST9-MUC4-0002
1.  MESSAGE: TEMPLATE               *
2.  INCIDENT: DATE                  *
"""


def test_read_keys_and_messages(tmp_path: Path) -> None:
    folder = tmp_path / "tst9"
    folder.mkdir()
    (folder / "tst9-muc4").write_text(MESSAGES, encoding="latin-1")
    (folder / "key-tst9.v1").write_text(KEYS, encoding="latin-1")
    messages, keys = muc4.load(folder)
    assert sorted(messages) == ["TST9-MUC4-0001", "TST9-MUC4-0002"]
    assert messages["TST9-MUC4-0001"].lstrip().startswith("LIMA, 3 MAR 90")
    assert muc4.dateline_date(messages["TST9-MUC4-0001"]) == "1990-03-03"
    [t] = keys["TST9-MUC4-0001"]
    assert t.optional and t.types == ["ARSON"]
    assert t.slots[muc4.SLOT_DATE][0].alts == ["02 MAR 90", "- 03 MAR 90"]
    assert t.slots[muc4.SLOT_PERP_IND][0].alts == ["UNKNOWN MEN", "MEN"]
    phys = t.slots[muc4.SLOT_PHYS]
    assert [(f.alts, f.optional) for f in phys] == [(["BUS"], False), (["TOWN BUS"], True)]
    assert t.slots[muc4.SLOT_HUM] is None  # inapplicable
    assert t.slots[muc4.SLOT_CLAIMED] == []
    assert keys["TST9-MUC4-0002"][0].number == "*"  # an irrelevant message


def test_claimed_slot_from_confidence() -> None:
    text = (
        "0.  MESSAGE: ID                     TST9-MUC4-0003\n"
        "1.  MESSAGE: TEMPLATE               1\n"
        "4.  INCIDENT: TYPE                  BOMBING\n"
        '10. PERP: ORGANIZATION ID           "ELN" / "NATIONAL LIBERATION ARMY"\n'
        '                                    "FARC"\n'
        '11. PERP: ORGANIZATION CONFIDENCE   CLAIMED OR ADMITTED: "ELN"\n'
        '                                    SUSPECTED OR ACCUSED: "FARC"\n'
    )
    [t] = muc4.read_keys(text)
    [claim] = t.slots[muc4.SLOT_CLAIMED]
    assert (claim.tag, claim.optional) == (["ELN"], False)
    assert len(t.slots[muc4.SLOT_PERP_ORG]) == 2


def test_recase_by_sentence() -> None:
    assert muc4.recase_by_sentence("THE ARMY DENIED IT. REBELS FLED.") == (
        "The army denied it. Rebels fled."
    )


# --------------------------------------------------------------------------- regression guard

#: measured on the first 20 messages of TST1 (text as given, upper case): all-slot F1 0.032,
#: relevant-message F1 0.526, templates paired by type only F1 0.320
FLOOR_SLOT_F1 = 0.015
FLOOR_RELEVANT_F1 = 0.45
FLOOR_TYPE_ONLY_F1 = 0.25


def test_regression_on_tst1() -> None:
    folder = DATA / "raw" / "CORPORA" / "tst1"
    if not folder.is_dir():
        pytest.skip("MUC-4 data not present")
    result = muc4.evaluate(folder, limit=20)
    assert result["documents"] == 20
    assert result["annotations"] > 0
    scores = result["scores"]
    assert scores["f1"] is not None and scores["f1"] >= FLOOR_SLOT_F1
    assert scores["relevant_documents"]["f1"] >= FLOOR_RELEVANT_F1
    assert scores["templates_by_type_only"]["f1"] >= FLOOR_TYPE_ONLY_F1
    assert set(scores["per_slot"]) == set(muc4.SCORED_SLOTS)
    assert result["unscored"]
    assert "command" in result and "mapping" in result
    assert muc4.format_result(result).startswith("MUC-4")
