"""Counts with qualifiers: spans, figures, bounds, units and the kinds that are not counts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procopius.quantities import KINDS, QuantityMention, find_quantities, load_qualifiers
from procopius.records import Quantity


def _mention(text: str, span: str) -> QuantityMention:
    found = [q for q in find_quantities(text) if q.text == span]
    assert found, f"no mention {span!r} in {text!r}: {find_quantities(text)}"
    return found[0]


# sentence, span, value, qualifier, low, high, unit
COUNTS = [
    ("Officials said 25 members of the group had been killed.",
     "25", 25, "exact", 25, 25, "members"),
    ("Over the weekend militants launched 640 rockets and mortar rounds at border towns.",
     "640", 640, "exact", 640, 640, "rockets and mortar rounds"),
    ("The army said it had killed at least 12 Hezbollah fighters in the raid.",
     "at least 12", 12, "at_least", 12, None, "Hezbollah fighters"),
    ("The militia claimed more than 300 attacks since January.",
     "more than 300", 300, "more_than", 301, None, "attacks"),
    ("Up to 40 drones were launched overnight.",
     "Up to 40", 40, "at_most", None, 40, "drones"),
    ("Fewer than 10 residents remained in the village.",
     "Fewer than 10", 10, "less_than", None, 9, "residents"),
    ("About 60 people gathered outside the hospital.",
     "About 60", 60, "about", None, None, "people"),
    ("Nearly 200 families fled the district.",
     "Nearly 200", 200, "about", None, 200, "families"),
    ("Between 15 and 20 gunmen stormed the checkpoint.",
     "Between 15 and 20", 15, "about", 15, 20, "gunmen"),
    ("Between 8 to 10 boats were seized.",
     "Between 8 to 10", 8, "about", 8, 10, "boats"),
    ("Witnesses saw 10-15 tanks on the road.",
     "10-15", 10, "about", 10, 15, "tanks"),
    ("They fired 12 or 13 shells at the post.",
     "12 or 13", 12, "about", 12, 13, "shells"),
    ("Officials said 10 to 15 thousand people fled.",
     "10 to 15 thousand", 10000, "about", 10000, 15000, "people"),
    ("Dozens of civilians were wounded in the blast.",
     "Dozens", 24, "vague", 24, None, "civilians"),
    ("Hundreds of protesters marched on the ministry.",
     "Hundreds", 200, "vague", 200, None, "protesters"),
    ("Tens of thousands of residents were displaced.",
     "Tens of thousands", 20000, "vague", 20000, None, "residents"),
    ("Scores of homes were destroyed by the strikes.",
     "Scores", 40, "vague", 40, None, "homes"),
    ("Several soldiers were hurt in the ambush.",
     "Several", 3, "vague", 3, 9, "soldiers"),
    ("A handful of fighters escaped through the tunnels.",
     "A handful", 2, "vague", 2, 5, "fighters"),
    ("Several hundred troops crossed the river.",
     "Several hundred", 300, "vague", 300, 999, "troops"),
    ("The convoy carried two dozen mortars.",
     "two dozen", 24, "exact", 24, 24, "mortars"),
    ("A dozen drones were shot down.",
     "A dozen", 12, "exact", 12, 12, "drones"),
    ("The rebels captured more than a dozen fighters.",
     "more than a dozen", 12, "more_than", 13, None, "fighters"),
    ("Some 1.5 million people live in the city.",
     "Some 1.5 million", 1500000, "about", None, None, "people"),
    ("Officials counted 2.3m displaced people.",
     "2.3m", 2300000, "exact", 2300000, 2300000, "displaced people"),
    ("The group claims 1,200 members in the north.",
     "1,200", 1200, "exact", 1200, 1200, "members"),
    ("Rebels seized twenty-five trucks near the border.",
     "twenty-five", 25, "exact", 25, 25, "trucks"),
    ("Two hundred and fifty police officers were deployed.",
     "Two hundred and fifty", 250, "exact", 250, 250, "police officers"),
    ("A hundred prisoners were freed in the exchange.",
     "A hundred", 100, "exact", 100, 100, "prisoners"),
    ("The raid left 40 or more dead.",
     "40 or more", 40, "at_least", 40, None, "dead"),
    ("The clashes killed 3 soldiers and wounded 5 others.",
     "3", 3, "exact", 3, 3, "soldiers"),
    ("The clashes killed 3 soldiers and wounded 5 others.",
     "5", 5, "exact", 5, 5, "others"),
    ("Israeli forces killed three Palestinians at the crossing.",
     "three", 3, "exact", 3, 3, "Palestinians"),
    ("The unit conducted 90 armed clashes with police.",
     "90", 90, "exact", 90, 90, "armed clashes"),
    ("The crews kept firing 70 rocket salvoes at the base.",
     "70", 70, "exact", 70, 70, "rocket salvoes"),
    ("One soldier was killed and another was hurt.",
     "One", 1, "exact", 1, 1, "soldier"),
    ("An estimated 5,000 fighters are loyal to him.",
     "An estimated 5,000", 5000, "about", None, None, "fighters"),
    ("The movement counts upwards of 300 militants.",
     "upwards of 300", 300, "more_than", 301, None, "militants"),
    ("They lost no fewer than 6 commanders that year.",
     "no fewer than 6", 6, "at_least", 6, None, "commanders"),
    ("The brigade mounted 400-plus raids.",
     "400-plus", 400, "at_least", 400, None, "raids"),
    ("He said 12 of the fighters were captured.",
     "12", 12, "exact", 12, 12, "fighters"),
    ("The wing numbered between 300 and 500 members.",
     "between 300 and 500", 300, "about", 300, 500, "members"),
    ("In 2019, 1,300 soldiers took part.",
     "1,300", 1300, "exact", 1300, 1300, "soldiers"),
    ("Police detained 3 more suspects on Friday.",
     "3", 3, "exact", 3, 3, "suspects"),
    ("Twenty-five wounded were taken to hospital.",
     "Twenty-five", 25, "exact", 25, 25, "wounded"),
    ("As many as 30 villagers were abducted.",
     "As many as 30", 30, "at_most", None, 30, "villagers"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "span", "value", "qualifier", "low", "high", "unit"), COUNTS)
def test_counts(
    text: str,
    span: str,
    value: int | float,
    qualifier: str,
    low: int | None,
    high: int | None,
    unit: str | None,
) -> None:
    q = _mention(text, span)
    assert text[q.start : q.end] == span
    assert (q.value, q.qualifier, q.low, q.high) == (value, qualifier, low, high)
    assert q.unit == unit
    assert q.kind == "count"
    if unit is not None:
        assert text[q.unit_start : q.unit_end] == unit
        assert q.unit_start >= q.end


# sentence, span, kind: figures that are not head counts
KINDS_TABLE = [
    ("The war began in 2006 and ended quickly.", "2006", "year"),
    ("Both sides fought in the 2014 Gaza War.", "2014", "year"),
    ("Between 2010 and 2011 they trained together.", "Between 2010 and 2011", "year"),
    ("Around 2015 the group split in two.", "Around 2015", "year"),
    ("The movement grew in the 1990s.", "1990s", "year"),
    ("On 26 September the town was shelled.", "26", "date"),
    ("The offensive began on October 7 at dawn.", "7", "date"),
    ("The talks opened on the 3rd of March.", "3rd", "date"),
    ("On March 3, 2022, the talks opened.", "2022", "year"),
    ("Ahmad Saleh, aged 26, was arrested.", "26", "age"),
    ("Omar Haddad, 24, was arrested at home.", "24", "age"),
    ("The victim was a 19-year-old student.", "19", "age"),
    ("He was 25 years old when he joined.", "25", "age"),
    ("Turnout was 40% in the district.", "40%", "percent"),
    ("Unemployment reached 40 per cent last year.", "40 per cent", "percent"),
    ("The donors pledged a $5 million fund.", "$5 million", "money"),
    ("The ransom was 2 million dollars.", "2 million", "money"),
    ("The 2nd Brigade moved south.", "2nd", "ordinal"),
    ("The third battalion moved south.", "third", "ordinal"),
    ("The strike came at 10:30 local time.", "10:30", "time"),
    ("The sirens sounded at 3 pm on Friday.", "3", "time"),
    ("The convoy stretched 5 km along the road.", "5", "measure"),
    ("The camp lies 40 kilometres south of the city.", "40", "measure"),
    ("Crews fired 155mm shells at the ridge.", "155mm", "measure"),
    ("Resolution 1701 ended the fighting.", "1701", "other"),
    ("Two F-16 jets struck the depot.", "16", "other"),
    ("Settlers blocked Route 60 for hours.", "60", "other"),
    ("An Su-25 was shot down.", "25", "other"),
    ("See section 3.2.1 of the report.", "3.2.1", "other"),
    ("The siege lasted 3 days.", "3", "duration"),
    ("A three-day truce was agreed.", "three", "duration"),
    ("Both sides back a two-state settlement.", "two", "other"),
]


@pytest.mark.parametrize(("text", "span", "kind"), KINDS_TABLE)
def test_kinds(text: str, span: str, kind: str) -> None:
    q = _mention(text, span)
    assert q.kind == kind
    assert q.kind in KINDS


@pytest.mark.parametrize(
    "text",
    [
        "One of its commanders was killed in the strike.",
        "No one was hurt when the shell landed.",
        "It was a one-sided battle.",
        "The only one who escaped was the driver.",
        "Resolution 1701 was adopted in 2006.",
        "On 26 September 2019 the F-16 crashed near Route 60.",
        "Ali Nasser, aged 31, and his son, 9, were detained.",
        "Prices rose 12% and the fund reached $40 million.",
    ],
)
def test_no_counts(text: str) -> None:
    counts = [q for q in find_quantities(text) if q.kind == "count"]
    assert counts == []


def test_window_offsets_are_into_the_full_text() -> None:
    text = "Header line. At least 8 soldiers died. Then 40 rockets were fired."
    start = text.index("Then")
    found = find_quantities(text, start=start)
    assert [q.text for q in found] == ["40"]
    assert text[found[0].start : found[0].end] == "40"
    assert found[0].unit == "rockets"
    only_first = find_quantities(text, 0, start)
    assert [q.text for q in only_first] == ["At least 8"]


def test_to_quantity() -> None:
    q = _mention("They killed more than 400 fighters.", "more than 400")
    assert q.to_quantity() == Quantity(400, "more_than", 401, None, "fighters")
    assert q.to_dict()["qualifier"] == "more_than"


def test_qualifier_table_is_well_formed() -> None:
    rules = load_qualifiers()
    assert rules
    qualifiers = {"exact", "at_least", "more_than", "at_most", "less_than", "about", "vague"}
    roles = {"before", "after", "range", "word", "word_of", "multiplier"}
    for rule in rules:
        assert rule.qualifier in qualifiers
        assert rule.role in roles
        for key, expr in rule.bounds:
            assert key in {"value", "low", "high"}
            assert expr in {"n", "n+1", "n-1"} or expr.isdigit()
        value, low, high = rule.apply(10)
        if low is not None and high is not None:
            assert low <= high


_VOCAB = [
    "at least", "more than", "up to", "about", "nearly", "between", "and", "or", "to", "-",
    "dozens", "of", "hundreds", "several", "a", "dozen", "hundred", "one", "two", "twenty-five",
    "3", "40", "1,200", "2.5", "2014", "10:30", "%", "$", "soldiers", "Israeli", "fighters",
    "killed", "wounded", "aged", "October", "F-", "Route", ",", ".", "the", "years", "km",
    "plus", "or more", "million", "m", "thousands", "tens", "3rd", "third", "(", ")",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_VOCAB), max_size=40),
    st.lists(st.sampled_from([" ", "", "  ", "\n"]), min_size=40, max_size=40),
)
def test_property_spans(tokens: list[str], seps: list[str]) -> None:
    text = "".join(tok + sep for tok, sep in zip(tokens, seps, strict=False))
    _check_invariants(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_property_arbitrary_text(text: str) -> None:
    _check_invariants(text)


def _check_invariants(text: str) -> None:
    found = find_quantities(text)
    previous_end = 0
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert q.text == text[q.start : q.end]
        assert q.start >= previous_end
        previous_end = q.end
        assert q.kind in KINDS
        if q.low is not None and q.high is not None:
            assert q.low <= q.high
        if q.unit is not None:
            assert q.unit_start is not None and q.unit_end is not None
            assert q.end <= q.unit_start < q.unit_end <= len(text)
            assert text[q.unit_start : q.unit_end] == q.unit
