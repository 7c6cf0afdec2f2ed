import pytest

from procopius import taxonomy
from procopius.taxonomy import (
    all_sub_event_types,
    event_types,
    inter_code,
    interaction_code,
    sub_event_type,
    ucdp_type_of_violence,
)

EXPECTED = {
    "Battles": [
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ],
    "Explosions/Remote violence": [
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ],
    "Violence against civilians": [
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ],
    "Protests": [
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": [
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ],
}

PAIRS = [(et, sub) for et, subs in EXPECTED.items() for sub in subs]


def test_six_event_types_and_twenty_five_sub_event_types_in_codebook_order():
    assert event_types() == list(EXPECTED)
    assert [(s.event_type, s.name) for s in all_sub_event_types()] == PAIRS
    assert len(all_sub_event_types()) == 25


@pytest.mark.parametrize(("event_type", "name"), PAIRS)
def test_each_sub_event_type_has_its_event_type_and_a_disorder_type(event_type, name):
    sub = sub_event_type(name)
    assert sub.event_type == event_type
    assert sub.disorder_type in taxonomy.DISORDER_TYPES
    if event_type == "Strategic developments":
        assert sub.disorder_type == "Strategic developments"
    elif event_type == "Protests" and name != "Excessive force against protesters":
        assert sub.disorder_type == "Demonstrations"
    elif event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        assert sub.disorder_type == "Political violence"


@pytest.mark.parametrize(
    ("name", "disorder"),
    [
        ("Excessive force against protesters", "Political violence; Demonstrations"),
        ("Violent demonstration", "Demonstrations"),
        ("Mob violence", "Political violence"),
        ("Peaceful protest", "Demonstrations"),
    ],
)
def test_disorder_types_of_protests_and_riots(name, disorder):
    assert sub_event_type(name).disorder_type == disorder


@pytest.mark.parametrize(
    ("name", "plover", "mode"),
    [
        ("Armed clash", "ASSAULT", None),
        ("Suicide bomb", "ASSAULT", "suicide-attack"),
        ("Shelling/artillery/missile attack", "ASSAULT", "heavy-weapons"),
        ("Remote explosive/landmine/IED", "ASSAULT", "explosives"),
        ("Sexual violence", "ASSAULT", "sexual"),
        ("Abduction/forced disappearance", "ASSAULT", "abduct"),
        ("Peaceful protest", "PROTEST", "demo"),
        ("Violent demonstration", "PROTEST", "riot"),
        ("Arrests", "COERCE", "arrest"),
        ("Headquarters or base established", "MOBILIZE", "troops"),
        ("Agreement", "AGREE", None),
        ("Non-violent transfer of territory", "RETREAT", "withdraw"),
        ("Other", None, None),
    ],
)
def test_plover_mapping(name, plover, mode):
    sub = sub_event_type(name)
    assert (sub.plover_event_type, sub.plover_mode) == (plover, mode)


def test_chemical_weapon_carries_the_cbrn_context():
    assert sub_event_type("Chemical weapon").plover_context == "cbrn"


@pytest.mark.parametrize("spelling", ["armed clash", "ARMED CLASH", "  Armed Clash  "])
def test_lookup_ignores_case_and_spaces(spelling):
    assert sub_event_type(spelling).name == "Armed clash"


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(KeyError) as err:
        sub_event_type("Skirmish")
    message = str(err.value)
    assert "Skirmish" in message
    assert "Armed clash" in message and "Non-violent transfer of territory" in message


@pytest.mark.parametrize(
    ("name", "default"),
    [
        ("Armed clash", 1),
        ("Air/drone strike", 1),
        ("Attack", 3),
        ("Excessive force against protesters", 3),
        ("Peaceful protest", None),
        ("Violent demonstration", None),
        ("Mob violence", None),
        ("Arrests", None),
        ("Looting/property destruction", None),
    ],
)
def test_ucdp_defaults(name, default):
    assert sub_event_type(name).ucdp_type_of_violence == default


# sub-event, actor1 is state, actor2 is state, victims civilian -> UCDP type
UCDP_RULES = [
    ("Armed clash", True, False, False, 1),
    ("Armed clash", False, True, False, 1),
    ("Armed clash", True, True, False, 1),
    ("Armed clash", False, False, False, 2),
    ("Armed clash", None, False, False, 1),  # unknown side: the default
    ("Armed clash", None, None, False, 1),
    ("Shelling/artillery/missile attack", False, False, False, 2),
    ("Air/drone strike", True, None, True, 3),
    ("Attack", False, None, False, 3),
    ("Attack", True, None, True, 3),
    ("Excessive force against protesters", True, None, False, 3),
    ("Peaceful protest", True, False, False, None),
    ("Arrests", True, False, True, None),
]


@pytest.mark.parametrize(("name", "a1", "a2", "civ", "expected"), UCDP_RULES)
def test_ucdp_rule_table(name, a1, a2, civ, expected):
    assert ucdp_type_of_violence(name, a1, a2, civ) == expected
    assert ucdp_type_of_violence(sub_event_type(name), a1, a2, civ) == expected


@pytest.mark.parametrize(
    ("category", "code"),
    [
        ("State forces", 1),
        ("state forces", 1),
        ("Rebel groups", 2),
        ("rebels", 2),
        ("Political militias", 3),
        ("Identity militias", 4),
        ("Rioters", 5),
        ("Protesters", 6),
        ("demonstrators", 6),
        ("Civilians", 7),
        ("External/Other forces", 8),
        ("external_forces", 8),
        ("4", 4),
        ("9", None),
        ("armed group", None),
        ("", None),
        (None, None),
    ],
)
def test_inter_code(category, code):
    assert inter_code(category) == code


@pytest.mark.parametrize(
    ("inter1", "inter2", "interaction"),
    [(1, 2, 12), (2, 1, 12), (1, 7, 17), (3, 3, 33), (6, None, 60), (None, 2, None)],
)
def test_interaction_code(inter1, inter2, interaction):
    assert interaction_code(inter1, inter2) == interaction
