"""Events, read through the whole pipeline from short hand-written articles: type per trigger,
dates with precision and inferred years, places with coordinates, actors in their roles,
fatalities, joining of death tolls, habitual statements, stable ids and evidence offsets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from procopius.records import Event, RecordSet, to_dict

Process = Callable[..., RecordSet]

SUBJECT = "Nineveh Plains Brigade"
NINEVEH = (
    "The Nineveh Plains Brigade (NPB) is an armed group in northern Iraq.\n"
    "== History ==\n"
    "On 14 February 2016, the brigade shelled Iraqi army positions near Mosul. In March 2016 "
    "they ambushed a convoy near Tal Afar, killing nine soldiers. On 2 April, fighters of the "
    "brigade planted a roadside bomb in Sinjar. On 5 May 2016 the group kidnapped two "
    "journalists in Erbil. On 20 May 2016 police arrested 14 members of the brigade in Kirkuk. "
    "On 1 June 2016 the brigade signed a ceasefire agreement with the Iraqi government in "
    "Baghdad. On 3 July 2016 a drone strike hit a brigade convoy near Mosul. On 9 August 2016 "
    "the group attacked a village near Sinjar, killing 11 civilians.\n"
    "On 12 September 2016 the brigade clashed with the Islamic State near Tal Afar. Eight "
    "fighters were killed.\n"
    "In October 2016 the brigade fought alongside the Popular Mobilization Forces against the "
    "Islamic State near Mosul.\n"
    "The brigade regularly attacks police checkpoints in Nineveh. It uses roadside bombs "
    "against army convoys.\n"
)
SHABELLE = (
    "The Shabelle Resistance Front (SRF) is an armed group in Somalia.\n"
    "On 3 March 2019 the front attacked an army base near Afgooye jointly with the Ras Kamboni "
    "Brigades. On 9 March 2019 the group attacked Somali army positions near Baidoa alongside "
    "the Jubba Valley Alliance. On 11 March 2019 it clashed with the Somali army near Jowhar. "
    "On 4 May 2019 SRF fighters attacked a police station in Marka, killing at least seven "
    "policemen.\n"
)
BORNO = (
    "The Sambisa Forest Vanguard is a jihadist group in northeastern Nigeria. In 2017 it "
    "raided an army barracks in Maiduguri. On 8 March it attacked Bama.\n"
)


def _event(records: RecordSet, trigger_text: str) -> Event:
    found = [e for e in records.events if any(trigger_text in ev.text for ev in e.evidence)]
    assert len(found) == 1, [(e.acled_sub_event_type, e.evidence[0].text) for e in records.events]
    return found[0]


def _roles(event: Event) -> set[tuple[str, str]]:
    return {(a.name, a.role) for a in event.actors}


@pytest.mark.parametrize(
    ("phrase", "sub_type", "event_type", "trigger"),
    [
        (
            "the brigade shelled",
            "Shelling/artillery/missile attack",
            "Explosions/Remote violence",
            "shelled",
        ),
        ("they ambushed a convoy", "Armed clash", "Battles", "ambushed"),
        (
            "planted a roadside bomb",
            "Remote explosive/landmine/IED",
            "Explosions/Remote violence",
            "roadside bomb",
        ),
        (
            "the group kidnapped",
            "Abduction/forced disappearance",
            "Violence against civilians",
            "kidnapped",
        ),
        ("police arrested", "Arrests", "Strategic developments", "arrested"),
        (
            "signed a ceasefire agreement",
            "Agreement",
            "Strategic developments",
            "signed a ceasefire agreement",
        ),
        ("a drone strike hit", "Air/drone strike", "Explosions/Remote violence", "drone strike"),
        ("attacked a village", "Attack", "Violence against civilians", "attacked"),
        ("clashed with the Islamic State", "Armed clash", "Battles", "clashed"),
        ("fought alongside", "Armed clash", "Battles", "fought"),
    ],
)
def test_event_type_per_trigger(
    processed: Process, phrase: str, sub_type: str, event_type: str, trigger: str
) -> None:
    event = _event(processed(NINEVEH), phrase)
    assert event.acled_sub_event_type == sub_type
    assert event.acled_event_type == event_type
    assert event.trigger == trigger


def test_one_event_per_happening(processed: Process) -> None:
    assert len(processed(NINEVEH).events) == 10


def test_habitual_statements_make_no_event(processed: Process) -> None:
    records = processed(NINEVEH)
    for phrase in ("regularly attacks police checkpoints", "uses roadside bombs"):
        pos = NINEVEH.index(phrase)
        assert not any(ev.start <= pos < ev.end for e in records.events for ev in e.evidence)


@pytest.mark.parametrize(
    ("phrase", "start", "end", "precision", "inferred"),
    [
        ("the brigade shelled", "2016-02-14", "2016-02-14", "day", False),
        ("they ambushed a convoy", "2016-03-01", "2016-03-31", "month", False),
        # "On 2 April" takes its year from the sentence before
        ("planted a roadside bomb", "2016-04-02", "2016-04-02", "day", True),
        ("the brigade fought alongside", "2016-10-01", "2016-10-31", "month", False),
    ],
)
def test_dates_with_precision(
    processed: Process, phrase: str, start: str, end: str, precision: str, inferred: bool
) -> None:
    date = _event(processed(NINEVEH), phrase).date
    assert date is not None
    assert (date.start, date.end, date.precision, date.year_inferred) == (
        start,
        end,
        precision,
        inferred,
    )


def test_year_inferred_in_a_year_only_context(processed: Process) -> None:
    date = _event(processed(BORNO), "attacked Bama").date
    assert date is not None
    assert (date.start, date.precision, date.year_inferred) == ("2017-03-08", "day", True)


@pytest.mark.parametrize(
    ("text", "phrase", "place", "lat", "lon", "country"),
    [
        (NINEVEH, "the brigade shelled", "Mosul", 36.34, 43.13, "IRQ"),
        (NINEVEH, "the group kidnapped", "Erbil", 36.19, 44.01, "IRQ"),
        (NINEVEH, "signed a ceasefire", "Baghdad", 33.34, 44.40, "IRQ"),
        (SHABELLE, "clashed with the Somali army", "Jowhar", 2.78, 45.50, "SOM"),
        (SHABELLE, "attacked a police station", "Marka", 1.72, 44.77, "SOM"),
        (BORNO, "raided an army barracks", "Maiduguri", 11.85, 13.16, "NGA"),
    ],
)
def test_locations_with_coordinates(
    processed: Process, text: str, phrase: str, place: str, lat: float, lon: float, country: str
) -> None:
    event = _event(processed(text), phrase)
    assert [loc.name for loc in event.locations] == [place]
    loc = event.locations[0]
    assert loc.lat == pytest.approx(lat, abs=0.2)
    assert loc.lon == pytest.approx(lon, abs=0.2)
    assert loc.country == country
    assert loc.evidence[0].text == place


@pytest.mark.parametrize(
    ("text", "phrase", "roles"),
    [
        # the subject acts through "they", "the group", "the brigade", "fighters of the brigade"
        (NINEVEH, "they ambushed a convoy", {(SUBJECT, "actor1")}),
        (NINEVEH, "the group kidnapped", {(SUBJECT, "actor1")}),
        (NINEVEH, "planted a roadside bomb", {(SUBJECT, "actor1")}),
        (NINEVEH, "the brigade shelled", {(SUBJECT, "actor1"), ("Iraqi army", "actor2")}),
        # opponent after a clash, ally through "alongside" and "jointly with"
        (
            NINEVEH,
            "clashed with the Islamic State",
            {(SUBJECT, "actor1"), ("Islamic State", "actor2")},
        ),
        (
            NINEVEH,
            "fought alongside",
            {
                (SUBJECT, "actor1"),
                ("Popular Mobilization Forces", "assoc_actor_1"),
                ("Islamic State", "actor2"),
            },
        ),
        (
            SHABELLE,
            "jointly with",
            {("Shabelle Resistance Front", "actor1"), ("Ras Kamboni Brigades", "assoc_actor_1")},
        ),
        (
            SHABELLE,
            "near Baidoa alongside",
            {
                ("Shabelle Resistance Front", "actor1"),
                ("Somali army", "actor2"),
                ("Jubba Valley Alliance", "assoc_actor_1"),
            },
        ),
        (
            SHABELLE,
            "clashed with the Somali army",
            {("Shabelle Resistance Front", "actor1"), ("Somali army", "actor2")},
        ),
        # "SRF fighters": the acronym names the subject
        (SHABELLE, "attacked a police station", {("Shabelle Resistance Front", "actor1")}),
        # the arrested group is the one acted on
        (NINEVEH, "police arrested", {(SUBJECT, "actor2")}),
    ],
)
def test_actors_in_roles(
    processed: Process, text: str, phrase: str, roles: set[tuple[str, str]]
) -> None:
    assert _roles(_event(processed(text), phrase)) == roles


def test_event_actors_link_to_actor_records(processed: Process) -> None:
    records = processed(NINEVEH)
    ids = {a.id: a.name for a in records.actors}
    for e in records.events:
        for a in e.actors:
            assert a.actor_id in ids
            assert ids[a.actor_id] == a.name


def test_allies_from_joint_actions(processed: Process) -> None:
    records = processed(SHABELLE)
    subject = records.subject
    assert subject is not None
    assert {a.name for a in subject.allies} == {"Ras Kamboni Brigades", "Jubba Valley Alliance"}
    assert {r.type for r in records.relations} == {"ally"}


@pytest.mark.parametrize(
    ("text", "phrase", "low", "best", "high", "who"),
    [
        (NINEVEH, "killing nine soldiers", 9, 9, 9, "soldiers"),
        (NINEVEH, "killing 11 civilians", 11, 11, 11, "civilians"),
        (SHABELLE, "killing at least seven", 7, 7, None, "policemen"),
    ],
)
def test_fatalities(
    processed: Process, text: str, phrase: str, low: int, best: int, high: int | None, who: str
) -> None:
    f = _event(processed(text), phrase).fatalities
    assert f is not None
    assert (f.low, f.best, f.high, f.who) == (low, best, high, who)
    assert f.evidence and f.evidence[0].text in phrase + " soldiers policemen"


def test_death_toll_without_date_joins_the_event_before(processed: Process) -> None:
    records = processed(NINEVEH)
    event = _event(records, "clashed with the Islamic State")
    assert [ev.text for ev in event.evidence] == [
        "On 12 September 2016 the brigade clashed with the Islamic State near Tal Afar",
        "Eight fighters were killed",
    ]
    assert event.fatalities is not None
    assert event.fatalities.best == 8
    pos = NINEVEH.index("Eight fighters")
    owners = [e for e in records.events if any(ev.start <= pos < ev.end for ev in e.evidence)]
    assert owners == [event]


def test_no_event_without_a_trigger(processed: Process) -> None:
    text = (
        "The Tana River Brigade is an armed group in Kenya. Its members come from farming "
        "villages near Garissa and it publishes a monthly newsletter.\n"
    )
    assert processed(text).events == []


def test_same_text_gives_identical_records() -> None:
    from procopius.document import Document
    from procopius.pipeline import process

    first = process(Document(text=SHABELLE, title="x")).to_dicts()
    again = process(Document(text=SHABELLE, title="x")).to_dicts()
    assert first == again


def test_different_texts_give_different_ids(processed: Process) -> None:
    one = processed(SHABELLE)
    other = processed(SHABELLE.replace("Marka", "Jilib"))
    ids_one = {r.id for r in one}
    ids_other = {r.id for r in other}
    assert not ids_one & ids_other
    assert one.documents[0].id != other.documents[0].id


def _evidence(obj: Any) -> list[dict[str, Any]]:
    """Every evidence-shaped dict inside a record."""
    found = []
    if isinstance(obj, dict):
        if {"doc", "start", "end", "text"} <= obj.keys():
            found.append(obj)
        for v in obj.values():
            found += _evidence(v)
    elif isinstance(obj, list):
        for v in obj:
            found += _evidence(v)
    return found


@pytest.mark.parametrize("text", [NINEVEH, SHABELLE, BORNO], ids=["nineveh", "shabelle", "borno"])
def test_every_evidence_span_is_the_text_at_its_offsets(processed: Process, text: str) -> None:
    records = processed(text)
    doc_id = records.documents[0].id
    spans = [ev for r in records for ev in _evidence(to_dict(r))]
    assert len(spans) > 3
    for ev in spans:
        assert ev["doc"] == doc_id
        assert 0 <= ev["start"] < ev["end"] <= len(text)
        assert text[ev["start"] : ev["end"]] == ev["text"]


def test_every_event_is_well_formed(processed: Process) -> None:
    from procopius.taxonomy import sub_event_type

    for text in (NINEVEH, SHABELLE, BORNO):
        for e in processed(text).events:
            assert sub_event_type(e.acled_sub_event_type).event_type == e.acled_event_type
            assert e.evidence
            assert 0 <= e.confidence <= 1
            assert e.trigger.lower() in " ".join(ev.text for ev in e.evidence).lower()
            assert {a.role for a in e.actors} <= {
                "actor1",
                "actor2",
                "assoc_actor_1",
                "assoc_actor_2",
                "victim",
            }


@pytest.mark.parametrize("phrase", ["more than 40", "fewer than 10"])
def test_fatalities_best_lies_within_bounds(processed: Process, phrase: str) -> None:
    text = (
        "The Shabelle Resistance Front is an armed group in Somalia. On 3 May 2020 the front "
        f"attacked a police station in Marka, killing {phrase} policemen.\n"
    )
    f = _event(processed(text), "attacked a police station").fatalities
    assert f is not None and f.best is not None
    assert f.low is None or f.low <= f.best
    assert f.high is None or f.best <= f.high


def test_event_after_a_relative_clause(processed: Process) -> None:
    text = (
        "The Shabelle Resistance Front is an armed group in Somalia. The group's commander, who "
        "had trained in Yemen, was arrested in Mogadishu on 2 April 2019.\n"
    )
    event = _event(processed(text), "was arrested")
    assert event.acled_sub_event_type == "Arrests"
    assert [loc.name for loc in event.locations] == ["Mogadishu"]


def test_ally_between_commas_before_the_verb(processed: Process) -> None:
    text = (
        "The Shabelle Resistance Front is an armed group in Somalia. On 5 March 2019 the group, "
        "alongside the Ras Kamboni Brigades, attacked a police post in Marka.\n"
    )
    assert _roles(_event(processed(text), "attacked a police post")) == {
        ("Shabelle Resistance Front", "actor1"),
        ("Ras Kamboni Brigades", "assoc_actor_1"),
    }


def test_compound_subject_acts_jointly(processed: Process) -> None:
    text = (
        "The Shabelle Resistance Front is an armed group in Somalia. On 3 March 2019 the front "
        "and the Ras Kamboni Brigades jointly attacked an army base near Afgooye.\n"
    )
    assert _roles(_event(processed(text), "jointly attacked")) == {
        ("Shabelle Resistance Front", "actor1"),
        ("Ras Kamboni Brigades", "assoc_actor_1"),
    }


NEWS_WITH_DATELINE = (
    "AMMAN - The Hawran Front said it fired dozens of rockets at an army base near Daraa on "
    "Tuesday. Government artillery shelled the village of Nawa later on Tuesday, killing two "
    "civilians, residents said.\n"
)


def test_news_dateline_is_neither_subject_place_nor_actor(processed: Process) -> None:
    records = processed(NEWS_WITH_DATELINE)
    assert records.subject is None
    names = {a.name for e in records.events for a in e.actors}
    places = {loc.name for e in records.events for loc in e.locations}
    assert "AMMAN" not in names
    assert "AMMAN" not in places


def test_a_group_announcing_its_own_dated_attack_acts_in_it_and_the_event_is_claimed(
    processed: Process,
) -> None:
    records = processed(NEWS_WITH_DATELINE)
    rockets = next(e for e in records.events if "rockets" in e.evidence[0].text)
    assert rockets.acled_sub_event_type == "Shelling/artillery/missile attack"
    assert ("Hawran Front", "actor1") in {(a.name, a.role) for a in rockets.actors}
    assert rockets.claimed


@pytest.mark.parametrize(
    "text",
    [
        # an ordinary death or loss is no attack
        "Henrik Alstad was a Norwegian painter. He died of cancer in Bergen on 3 May 1992.\n",
        "The Liberal Union is a party in Sweden. In the 2009 election in Stockholm the party "
        "lost its seats.\n",
        # the founding of a newspaper is no change to an armed group
        "The Morning Ledger is a daily newspaper. It was established in 1844 in Leeds by a "
        "printer.\n",
        # taking over a comic strip or entering a market is no seizure of territory
        "Tom Rowe was a Canadian cartoonist. Bill Short took over the strip in 1948.\n",
        "Brightwash is a washing powder. It entered the test market in Ohio in August 1960.\n",
    ],
)
def test_ordinary_lives_and_businesses_make_no_events(processed: Process, text: str) -> None:
    assert processed(text).events == []


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        (
            "Fighting broke out in Kismayo on 3 May 2015 between the army and rebels; 12 "
            "people died.\n",
            "Armed clash",
        ),
        (
            "On 4 June 2016 rebels took over the town of Kidal after a day of fighting.\n",
            "Non-state actor overtakes territory",
        ),
        (
            "The Kivu Defence Militia is an armed group in Congo. The militia was formed in "
            "Goma on 2 March 2012.\n",
            "Change to group/activity",
        ),
    ],
)
def test_the_same_words_in_a_setting_of_conflict_still_make_events(
    processed: Process, text: str, sub_type: str
) -> None:
    assert sub_type in {e.acled_sub_event_type for e in processed(text).events}


def test_a_plain_death_right_after_an_event_is_its_toll(processed: Process) -> None:
    events = processed(
        "Gunmen attacked a market in Kismayo on 3 May 2015. Twelve people died.\n"
    ).events
    assert len(events) == 1
    assert events[0].fatalities is not None and events[0].fatalities.best == 12


def test_a_subject_that_is_no_armed_actor_keeps_its_profile_but_no_type(
    processed: Process,
) -> None:
    paper = processed(
        "The Morning Ledger is a daily newspaper. It was established in 1844 in Leeds.\n",
        title="The Morning Ledger",
    )
    subject = paper.subject
    assert subject is not None and subject.actor_type is None
    assert subject.founded  # the founding stays a profile fact
    assert paper.events == []
    group = processed(
        "The Kivu Defence Militia is an armed group in Congo. It was founded in Goma on 2 "
        "March 2012.\n",
        title="Kivu Defence Militia",
    )
    assert group.subject is not None and group.subject.actor_type == "Rebel group"
    assert [e.acled_sub_event_type for e in group.events] == ["Change to group/activity"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Harald Vinje (3 May 1861 – 9 June 1922) was a Norwegian military officer and "
            "writer. He served in the army for thirty years.\n",
            "Harald Vinje",
        ),
        (
            "The Battle of Orvieto was fought on 3 May 1702 between the French army and "
            "imperial forces near Orvieto.\n",
            "Battle of Orvieto",
        ),
        (
            "Camp Halden was a British Army camp near Catterick, used by troops of the armoured "
            "regiments from 1940.\n",
            "Camp Halden",
        ),
        (
            "Norvik Defence Systems is a Norwegian company that makes weapons for the army and "
            "the navy.\n",
            "Norvik Defence Systems",
        ),
    ],
)
def test_a_person_a_battle_or_a_thing_is_no_armed_group(
    processed: Process, text: str, title: str
) -> None:
    records = processed(text, title=title)
    subject = records.subject
    assert subject is not None and title in subject.name
    assert subject.actor_type is None
    if title.startswith("Battle"):
        assert records.events  # the fighting itself is still an event


@pytest.mark.parametrize(
    ("text", "actor_type"),
    [
        (
            "The Qalamoun Shield Brigade is a special forces unit of the Syrian Arab Army.\n",
            "State forces",
        ),
        ("The Sixth Battalion is an infantry battalion of the British Army.\n", "State forces"),
        ("Lark Force was an Australian Army formation raised in 1941.\n", "State forces"),
        # a rebel army's name holds a country's name too; a relation is no definition
        ("The Northern Storm Brigade is a faction of the Free Syrian Army.\n", "Rebel group"),
        (
            "The Desert Hawks Brigade is a militia allied with the Syrian Arab Army.\n",
            "Rebel group",
        ),
        (
            "The Kivu Defence Militia is an armed group that fought the Congolese army in 2012.\n",
            "Rebel group",
        ),
    ],
)
def test_a_subject_defined_as_part_of_a_state_s_forces_is_typed_state_forces(
    processed: Process, text: str, actor_type: str
) -> None:
    subject = processed(text).subject
    assert subject is not None and subject.actor_type == actor_type


@pytest.mark.parametrize(
    "text",
    [
        "The Ogaden Riverine Brigades were one of the oldest armed groups in Ethiopia.\n",
        "The Kordofan Martyrs Unit is an insurgent unit active in South Kordofan.\n",
        "The Sahel Vanguard is one of three armed branches of the Azawad Liberation Front.\n",
    ],
)
def test_a_lead_that_defines_an_armed_actor_types_its_subject(
    processed: Process, text: str
) -> None:
    subject = processed(text).subject
    assert subject is not None and subject.actor_type == "Rebel group"


def test_subject_refs_finds_names_and_common_noun_references() -> None:
    from procopius.events import subject_refs
    from procopius.profile import Subject

    text = (
        "The Lake Brigade (LB) attacked a post. The brigade said its commanders held it; "
        "a brigade commander and the Group spoke. The lake brigade was not named so."
    )
    brigade = Subject(
        name="Lake Brigade", start=4, end=16, head="brigade", surface=["Lake Brigade", "LB"]
    )
    found = [text[s:e] for s, e in subject_refs(text, 0, len(text), brigade)]
    assert found == ["Lake Brigade", "LB", "The brigade", "its commanders", "brigade", "the Group"]
    # names are matched as written; the common nouns in any case
    assert "lake brigade" not in found
    # another subject with the same head word shares the head pattern, not the names
    other = Subject(name="Hill Brigade", start=0, end=12, head="brigade", surface=["Hill Brigade"])
    assert [text[s:e] for s, e in subject_refs(text, 0, len(text), other)] == [
        "The brigade",
        "its commanders",
        "brigade",
        "the Group",
    ]
    assert other.ref_patterns[1] is brigade.ref_patterns[1]
