"""Attribution and claims, read through the whole pipeline: who said it (person, organisation
or both), the cue, the figure with its qualifier and bounds, and which statements make events."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from procopius.records import Claim, RecordSet

Process = Callable[..., RecordSet]

SUBJECT = "Shabelle Resistance Front"
NEWS = (
    "The Shabelle Resistance Front (SRF) is an armed group in southern Somalia.\n"
    "On 4 May 2021, its spokesman Abdirahman Hassan Farah said that at least 12 soldiers were "
    "killed near Kismayo. He added that the front had carried out more than 300 operations "
    "since 2015.\n"
    "On 9 June 2021, gunmen attacked a market in Baidoa, killing about 15 civilians, police "
    "said.\n"
    "Two days later the group said that it had fired 20 rockets at the airport, 12 mortar "
    "shells at army bases and 30 shells at checkpoints. The group said the arrests of its "
    "members were politically motivated.\n"
    "The death toll rose to 23, according to the Somali National News Agency.\n"
)


def _claims(records: RecordSet) -> list[Claim]:
    return list(records.claims)


def _claim_with(records: RecordSet, value: float, what: str | None = None) -> Claim:
    found = [
        c
        for c in records.claims
        if c.quantity is not None
        and c.quantity.value == value
        and (what is None or c.quantity.what == what)
    ]
    assert len(found) == 1, [(c.evidence[0].text, c.quantity) for c in records.claims]
    return found[0]


def test_spokesman_speaks_for_the_group(processed: Process) -> None:
    claim = _claim_with(processed(NEWS), 12, "soldiers")
    assert claim.claimant.person == "Abdirahman Hassan Farah"
    assert claim.claimant.organisation == SUBJECT
    assert claim.cue == "said"
    assert claim.content.text == "at least 12 soldiers were killed near Kismayo"
    assert claim.statement_date == "2021-05-04"
    q = claim.quantity
    assert q is not None
    assert (q.value, q.qualifier, q.low, q.high, q.what) == (12, "at_least", 12, None, "soldiers")


def test_he_resolves_to_the_last_person_who_spoke(processed: Process) -> None:
    claim = _claim_with(processed(NEWS), 300)
    assert claim.cue == "added"
    assert claim.claimant.person == "Abdirahman Hassan Farah"
    assert claim.claimant.organisation == SUBJECT
    assert claim.quantity is not None
    assert (claim.quantity.qualifier, claim.quantity.low) == ("more_than", 301)


def test_inverted_attribution(processed: Process) -> None:
    claim = _claim_with(processed(NEWS), 15)
    assert claim.claimant.organisation == "police"
    assert claim.claimant.person is None
    assert claim.cue == "said"
    assert "about 15 civilians" in claim.evidence[0].text
    assert claim.quantity is not None
    assert (claim.quantity.qualifier, claim.quantity.low, claim.quantity.high) == (
        "about",
        None,
        None,
    )


def test_according_to_after_the_statement(processed: Process) -> None:
    claim = _claim_with(processed(NEWS), 23)
    assert claim.claimant.organisation == "Somali National News Agency"
    assert claim.cue.startswith("according")
    assert claim.content.text == "The death toll rose to 23"


def test_the_group_said_names_the_subject(processed: Process) -> None:
    records = processed(NEWS)
    for value in (20, 30):
        claim = _claim_with(records, value)
        assert claim.claimant.organisation == SUBJECT
        assert claim.claimant.person is None


def test_one_claim_per_figure_of_a_reported_list(processed: Process) -> None:
    records = processed(NEWS)
    listed = {
        c.quantity.value: c.evidence[0].text
        for c in records.claims
        if c.quantity is not None and c.quantity.what in {"rockets", "mortar shells", "shells"}
    }
    assert listed == {
        20: "it had fired 20 rockets at the airport",
        12: "12 mortar shells at army bases",
        30: "30 shells at checkpoints",
    }


def test_a_claim_without_a_figure(processed: Process) -> None:
    records = processed(NEWS)
    plain = [c for c in records.claims if c.quantity is None]
    assert len(plain) == 1
    claim = plain[0]
    assert claim.claimant.organisation == SUBJECT
    assert "politically motivated" in claim.content.text
    assert "politically motivated" in claim.evidence[0].text


def test_a_tally_in_reported_speech_makes_claims_but_no_event(processed: Process) -> None:
    records = processed(NEWS)
    for phrase in ("more than 300 operations", "20 rockets", "30 shells"):
        start = NEWS.index(phrase)
        assert any(c.evidence[0].start <= start < c.evidence[0].end for c in records.claims)
        for e in records.events:
            assert all(not (ev.start <= start < ev.end) for ev in e.evidence), e


def test_claims_link_to_the_event_they_report(processed: Process) -> None:
    records = processed(NEWS)
    claim = _claim_with(records, 15)
    event = next(e for e in records.events if e.id == claim.event)
    assert event.acled_sub_event_type == "Attack"
    assert claim.id in event.claims
    assert event.fatalities is not None
    assert (event.fatalities.best, event.fatalities.claimed_by) == (15, "police")


def test_claim_ids_are_unique(processed: Process) -> None:
    ids = [c.id for c in processed(NEWS).claims]
    assert len(ids) == len(set(ids))


QUALIFIED = (
    "The Shabelle Resistance Front is an armed group in Somalia. On 3 May 2020, police said "
    "that {} people were killed in Marka.\n"
)


@pytest.mark.parametrize(
    ("phrase", "value", "qualifier", "low", "high"),
    [
        ("at least 12", 12, "at_least", 12, None),
        ("more than 40", 40, "more_than", 41, None),
        ("about 30", 30, "about", None, None),
        ("around 25", 25, "about", None, None),
        ("nearly 100", 100, "about", None, 100),
        ("up to 20", 20, "at_most", None, 20),
        ("fewer than 10", 10, "less_than", None, 9),
        ("between 10 and 15", 10, "about", 10, 15),
        ("12", 12, "exact", 12, 12),
        ("exactly 7", 7, "exact", 7, 7),
        ("three", 3, "exact", 3, 3),
        ("dozens of", 24, "vague", 24, None),
        ("hundreds of", 200, "vague", 200, None),
        ("several", 3, "vague", 3, 9),
    ],
)
def test_qualifiers_and_bounds(
    processed: Process, phrase: str, value: int, qualifier: str, low, high
) -> None:
    records = processed(QUALIFIED.format(phrase))
    assert len(records.claims) == 1
    claim = records.claims[0]
    assert claim.claimant.organisation == "police"
    q = claim.quantity
    assert q is not None
    assert (q.value, q.qualifier, q.low, q.high) == (value, qualifier, low, high)
    assert claim.evidence[0].text.startswith(phrase.split()[0])


def test_range_claim_evidence_holds_the_whole_range(processed: Process) -> None:
    records = processed(QUALIFIED.format("between 10 and 15"))
    assert [c.evidence[0].text for c in records.claims] == [
        "between 10 and 15 people were killed in Marka"
    ]


def test_claimed_responsibility_marks_the_event_as_claimed(processed: Process) -> None:
    text = (
        "The Shabelle Resistance Front is an armed group in Somalia. On 3 May 2020, the group "
        "claimed responsibility for an attack on a police station in Marka.\n"
    )
    events = processed(text).events
    assert len(events) == 1
    assert events[0].claimed
    assert [(a.name, a.role) for a in events[0].actors] == [(SUBJECT, "actor1")]


def test_according_to_before_the_statement(processed: Process) -> None:
    text = (
        "The Shabelle Resistance Front is an armed group in Somalia. According to the regional "
        "governor, nearly 40 people were killed in the attack.\n"
    )
    claim = _claim_with(processed(text), 40)
    assert claim.claimant.organisation == "regional governor"
    assert claim.content.text == "nearly 40 people were killed in the attack"


APPOSED = (
    "The Shabelle Resistance Front is an armed group in Somalia. Ismail Farah Abdi, the "
    "group's spokesman, said on 2 May 2020 that 12 soldiers were killed in Kismayo.\n"
)


def test_apposed_spokesman_claim(processed: Process) -> None:
    claim = _claim_with(processed(APPOSED), 12)
    assert (claim.claimant.person, claim.claimant.organisation) == ("Ismail Farah Abdi", SUBJECT)
    assert claim.content.text == "12 soldiers were killed in Kismayo"


@pytest.mark.parametrize(
    "text",
    [
        NEWS,
        APPOSED,
    ],
)
def test_speaker_is_not_an_actor_of_the_event_reported(processed: Process, text: str) -> None:
    records = processed(text)
    speakers = {c.claimant.person for c in records.claims if c.claimant.person}
    speakers.add("Ismail Farah Abdi")
    for e in records.events:
        assert not {a.name for a in e.actors} & speakers, e.actors


def test_told_reporters_that(processed: Process) -> None:
    text = (
        "The Shabelle Resistance Front is an armed group in Somalia. In 2018, its spokesman "
        "Omar Abu Layla told reporters that the group had 1,500 fighters.\n"
    )
    claim = _claim_with(processed(text), 1500)
    assert claim.claimant.person == "Omar Abu Layla"
    assert claim.content.text == "the group had 1,500 fighters"
