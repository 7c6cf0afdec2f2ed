"""Date finding, normalising and year resolution."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procopius.dates import (
    DateContext,
    DateValue,
    find_dates,
    parse_date_text,
    read_document_dates,
    value_of,
)
from procopius.document import Document


def only(text: str):
    found = find_dates(text)
    assert len(found) == 1, [m.text for m in found]
    return found[0]


# (sentence, span text, start, end, value precision, mention kind)
WRITTEN = [
    ("The convoy was ambushed on 14 March 2003 near the border.", "14 March 2003",
     "2003-03-14", "2003-03-14", "day", "point"),
    ("Talks resumed on June 2, 2016, in Doha.", "June 2, 2016", "2016-06-02", "2016-06-02",
     "day", "point"),
    ("A ceasefire was agreed on Sept. 4, 1999.", "Sept. 4, 1999", "1999-09-04", "1999-09-04",
     "day", "point"),
    ("The militia was dissolved on the 2nd of November 1998.", "2nd of November 1998",
     "1998-11-02", "1998-11-02", "day", "point"),
    ("It was founded in late June 1987 by defectors.", "late June 1987", "1987-06-01",
     "1987-06-30", "month", "point"),
    ("The raids intensified in early 2012.", "early 2012", "2012-01-01", "2012-12-31", "year",
     "point"),
    ("By mid-2016 the front had stabilised.", "mid-2016", "2016-01-01", "2016-12-31", "year",
     "point"),
    ("Smuggling grew in the 1970s.", "1970s", "1970-01-01", "1979-12-31", "range", "point"),
    ("The group was active in the late 1990s.", "late 1990s", "1990-01-01", "1999-12-31",
     "range", "point"),
    ("Fighting went on between 2004 and 2006 in the hills.", "between 2004 and 2006",
     "2004-01-01", "2006-12-31", "range", "range"),
    ("The siege lasted from 1992 to 1995.", "from 1992 to 1995", "1992-01-01", "1995-12-31",
     "range", "range"),
    ("The 2008–2009 offensive displaced thousands.", "2008–2009", "2008-01-01", "2009-12-31",
     "range", "range"),
    ("During the 2012-2013 season of raids.", "2012-2013", "2012-01-01", "2013-12-31", "range",
     "range"),
    ("The insurgency of 1998–99 was short.", "1998–99", "1998-01-01", "1999-12-31", "range",
     "range"),
    ("Shelling continued from January to April 2009.", "from January to April 2009",
     "2009-01-01", "2009-04-30", "range", "range"),
    ("Curfews were imposed between 10 and 12 July 2006.", "between 10 and 12 July 2006",
     "2006-07-10", "2006-07-12", "range", "range"),
    ("Strikes were recorded on 4–6 August 2014.", "4–6 August 2014", "2014-08-04",
     "2014-08-06", "range", "range"),
    ("Clashes ran from 30 December 2008 to 18 January 2009.",
     "from 30 December 2008 to 18 January 2009", "2008-12-30", "2009-01-18", "range", "range"),
    ("Patrols were stepped up from November to February 2011.",
     "from November to February 2011", "2010-11-01", "2011-02-28", "range", "range"),
    ("The brigade has operated since 2007.", "since 2007", "2007-01-01", None, "range",
     "since"),
    ("It has been banned since April 2012.", "since April 2012", "2012-04-01", None, "range",
     "since"),
    ("The office stayed open until 2018.", "until 2018", None, "2018-12-31", "range", "until"),
    ("No rockets were fired before 2001.", "before 2001", None, "2000-12-31", "range", "before"),
    ("Recruitment rose after March 2013.", "after March 2013", "2013-04-01", None, "range",
     "after"),
    ("The unit fought from 2011 onwards.", "from 2011 onwards", "2011-01-01", None, "range",
     "since"),
    ("The army withdrew in 1985.", "1985", "1985-01-01", "1985-12-31", "year", "point"),
    ("Report dated 2021-11-30, revised later.", "2021-11-30", "2021-11-30", "2021-11-30", "day",
     "point"),
    ("Attacks peaked in the summer of 2005.", "summer of 2005", "2005-06-01", "2005-08-31",
     "range", "point"),
    ("Supplies ran out in winter 2016.", "winter 2016", "2016-12-01", "2017-02-28", "range",
     "point"),
    ("It was renamed in October 2015.", "October 2015", "2015-10-01", "2015-10-31", "month",
     "point"),
    ("The truce held until the end of May 2004.", "until the end of May 2004", None,
     "2004-05-31", "range", "until"),
    ("The commission (2019–present) reports yearly.", "2019–present", "2019-01-01", None,
     "range", "since"),
    ("The office has run from 1 January 2015 – present.", "from 1 January 2015 – present",
     "2015-01-01", None, "range", "since"),
    ("Work stopped at the end of 2015.", "the end of 2015", "2015-01-01", "2015-12-31", "year",
     "point"),
    ("On Tuesday, 3 March 2020, the border closed.", "Tuesday, 3 March 2020", "2020-03-03",
     "2020-03-03", "day", "point"),
    ("Leap day fighting on 29 February 2012 was reported.", "29 February 2012", "2012-02-29",
     "2012-02-29", "day", "point"),
]  # fmt: skip


@pytest.mark.parametrize("sentence,span,start,end,precision,kind", WRITTEN)
def test_written_dates_are_found_and_normalised(sentence, span, start, end, precision, kind):
    m = only(sentence)
    assert m.text == span
    assert sentence[m.start : m.end] == span
    assert m.kind == kind
    assert not m.needs_year
    v = value_of(m)
    assert (v.start, v.end, v.precision) == (start, end, precision)
    assert v.open_end == (end is None and start is not None)
    assert not v.year_inferred


def test_qualifier_is_kept_and_does_not_narrow_the_bounds():
    v = value_of(only("It began in late September 2000."))
    assert (v.start, v.end, v.qualifier, v.precision) == ("2000-09-01", "2000-09-30", "late",
                                                          "month")  # fmt: skip


# (sentence, span text, month, day, mention precision)
YEARLESS = [
    ("They returned on 12 May and left.", "12 May", 5, 12, "day"),
    ("A second raid came on May 12.", "May 12", 5, 12, "day"),
    ("The offices were shut in April.", "April", 4, None, "month"),
    ("Elections were set for Oct. 3 in the south.", "Oct. 3", 10, 3, "day"),
    ("Mortar fire resumed on 21st of June.", "21st of June", 6, 21, "day"),
    ("Nothing happened until May.", "until May", 5, None, "month"),
    ("The talks collapsed in mid-August.", "mid-August", 8, None, "month"),
]  # fmt: skip


@pytest.mark.parametrize("sentence,span,month,day,precision", YEARLESS)
def test_year_less_dates_need_a_year(sentence, span, month, day, precision):
    m = only(sentence)
    assert (m.text, m.month, m.day, m.precision) == (span, month, day, precision)
    assert m.year is None and m.needs_year
    v = value_of(m)
    assert v.start is None and v.end is None
    assert v.reason == "year not written and not found in context"


def test_preposition_is_not_part_of_the_span():
    for prep in ("in", "on", "by", "during"):
        m = only(f"It was seen {prep} 9 January 2001 again.")
        assert m.text == "9 January 2001"


def test_two_days_joined_by_and_are_two_dates():
    found = find_dates("Gunfire was heard on 3 and 4 June 2010.")
    assert [(m.text, m.day, m.month, m.year) for m in found] == [
        ("3", 3, 6, 2010),
        ("4 June 2010", 4, 6, 2010),
    ]


def test_two_years_joined_by_and_are_two_dates():
    found = find_dates("They met in 2003 and 2007.")
    assert [m.text for m in found] == ["2003", "2007"]
    assert all(m.kind == "point" for m in found)


NOT_DATES = [
    "An army of 2000 fighters crossed the river.",
    "More than 1500 rockets were fired.",
    "They deployed 1,500 troops to the area.",
    "The donor pledged $2014 to the fund.",
    "Security Council Resolution 1701 ended the war.",
    "He was aged 26 when he was arrested.",
    "The 26-year-old commander was killed.",
    "The group has 25 members.",
    "They fired 750 rockets at the town.",
    "It carried out more than 400 operations.",
    "Officials warn they may attack again.",
    "May God have mercy, he said.",
    "The attack killed 1200 civilians.",
    "Between 1500 and 2000 fighters joined.",
    "At least 1800 people were displaced.",
    "They walked 1400 km on foot.",
    "The F-2000 rifle was seized.",
    "See page 1984 of the report.",
    "The vote passed with 1999 votes in favour.",
    "On the 14th the shelling stopped.",
    "Turnout was 1998 percent higher, a typo.",
    "Flight 1549 landed safely.",
    "The 2000-strong force advanced.",
    "In March they may march again.",
    "The 1500, 1600 and 1700 rounds were counted.",
    "Police detained 1200 protesters.",
]


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_counts_identifiers_and_modals_are_not_dates(sentence):
    found = [m.text for m in find_dates(sentence)]
    if sentence.startswith("In March"):
        assert found == ["March"]
    else:
        assert found == []


def test_a_count_after_in_is_still_a_year():
    # "in 2003 troops ..." reads as a year, not as a count
    assert only("In 2003 troops crossed the border.").text == "2003"


def test_years_listed_before_a_plural_noun_are_years():
    found = find_dates("Both the 1967 and 1973 wars reshaped it.")
    assert [m.text for m in found] == ["1967", "1973"]


def test_a_year_before_a_plural_noun_after_the_is_a_year():
    assert only("The 2014 elections were postponed.").text == "2014"


# (sentence, span, relative)
RELATIVE = [
    ("The following year the group split.", "The following year", ("year", 1)),
    ("In the same year it was banned.", "the same year", ("year", 0)),
    ("Later that year a truce was signed.", "Later that year", ("year", 0)),
    ("It had been founded the previous year.", "the previous year", ("year", -1)),
    ("The next month they attacked again.", "The next month", ("month", 1)),
    ("That month the camp was raided.", "That month", ("month", 0)),
    ("Two days later the town fell.", "Two days later", ("day", 2)),
    ("A year earlier it had been calm.", "A year earlier", ("year", -1)),
    ("Gunmen opened fire on Saturday.", "Saturday", ("weekday", 5)),
    ("The minister spoke yesterday.", "yesterday", "yesterday"),
    ("The army said today that it withdrew.", "today", "today"),
    ("Casualties rose last year.", "last year", ("pub_year", -1)),
    ("It was over by the end of the year.", "the end of the year", ("year", 0)),
]  # fmt: skip


@pytest.mark.parametrize("sentence,span,relative", RELATIVE)
def test_relative_expressions(sentence, span, relative):
    m = only(sentence)
    assert (m.text, m.kind, m.relative) == (span, "relative", relative)
    assert not m.needs_year


def test_year_from_an_earlier_sentence():
    text = ("In February 2023, the brigade announced a new commander. In April they "
            "bombed a depot near the crossing.")  # fmt: skip
    ctx = DateContext()
    values = [ctx.read(m) for m in find_dates(text)]
    assert [v.start for v in values] == ["2023-02-01", "2023-04-01"]
    april = values[1]
    assert april.end == "2023-04-30" and april.precision == "month"
    assert april.year_inferred and april.reason == "year from earlier date: 2023"
    assert april.accept_years == [2023]
    assert not values[0].year_inferred


def test_earlier_month_keeps_the_anchor_year():
    text = "The offensive began in November 2017. On 2 March the town was retaken."
    ctx = DateContext()
    values = [ctx.read(m) for m in find_dates(text)]
    assert values[1].start == "2017-03-02"


def test_year_range_anchor_allows_each_year():
    text = "Between 2015 and 2016 the cell planted bombs. On 26 September a bus was hit."
    ctx = DateContext()
    values = [ctx.read(m) for m in find_dates(text)]
    sept = values[1]
    assert sept.start == sept.end == "2015-09-26"
    assert sept.accept_years == [2015, 2016]
    assert sept.year_inferred
    assert sept.reason == "year from earlier date: 2015-2016"


def test_heading_anchor_is_used_until_a_date_is_read():
    ctx = DateContext()
    ctx.note_heading("2006 Lebanon War")
    first, second, third = find_dates(
        "On 12 July the raid took place. By August 2007 the camps were empty. On 3 May the "
        "last unit left."
    )
    v1 = ctx.read(first)
    assert v1.start == "2006-07-12"
    assert v1.reason == "year from section heading: 2006 Lebanon War"
    ctx.read(second)
    assert ctx.read(third).start == "2007-05-03"


def test_heading_with_open_range():
    ctx = DateContext.from_heading("Civil war (2011–present)", published=date(2013, 6, 1))
    v = ctx.resolve(only("On 5 May the airport was shelled."))
    assert v.start == "2011-05-05"
    assert v.accept_years == [2011, 2012, 2013]


def test_new_heading_with_a_year_replaces_the_running_anchor():
    ctx = DateContext()
    ctx.read(only("It was formed in 1990."))
    ctx.note_heading("2004 uprising")
    assert ctx.resolve(only("In June it spread.")).start == "2004-06-01"
    ctx.note_heading("Aftermath")
    assert ctx.resolve(only("In July it ended.")).start == "2004-07-01"


@pytest.mark.parametrize(
    "anchor,phrase,start,end",
    [
        ("in March 2008", "The following year", "2009-01-01", "2009-12-31"),
        ("in March 2008", "The previous year", "2007-01-01", "2007-12-31"),
        ("in March 2008", "Later that year", "2008-01-01", "2008-12-31"),
        ("in March 2008", "The next month", "2008-04-01", "2008-04-30"),
        ("in December 2008", "The next month", "2009-01-01", "2009-01-31"),
        ("on 30 June 2008", "The following day", "2008-07-01", "2008-07-01"),
        ("on 30 June 2008", "Three days later", "2008-07-03", "2008-07-03"),
        ("from 2001 to 2003", "The following year", "2004-01-01", "2004-12-31"),
        ("in 2008", "That summer", "2008-06-01", "2008-08-31"),
    ],
)
def test_relative_dates_resolve_against_the_anchor(anchor, phrase, start, end):
    ctx = DateContext()
    found = find_dates(f"It happened {anchor}. {phrase} it happened again.")
    assert len(found) == 2
    ctx.read(found[0])
    v = ctx.resolve(found[1])
    assert (v.start, v.end) == (start, end)
    assert v.year_inferred and v.reason and v.reason.startswith("relative to earlier date")


def test_relative_month_with_only_a_year_known_falls_back_to_the_year():
    ctx = DateContext()
    found = find_dates("It happened in 2008. That month the camp emptied.")
    ctx.read(found[0])
    v = ctx.resolve(found[1])
    assert (v.start, v.end, v.precision) == ("2008-01-01", "2008-12-31", "year")


def test_weekday_and_yesterday_resolve_against_publication():
    ctx = DateContext(published=date(2024, 3, 13))  # a Wednesday
    sat, yest = find_dates("On Saturday gunmen attacked a checkpoint; yesterday two died.")
    assert ctx.resolve(sat).start == "2024-03-09"
    assert ctx.resolve(yest).start == "2024-03-12"
    same_day = find_dates("Talks were held on Wednesday.")[0]
    assert ctx.resolve(same_day).start == "2024-03-13"


def test_year_from_publication_date_moves_back_when_in_the_future():
    ctx = DateContext(published="2024-01-10")
    assert ctx.resolve(only("On 28 December a drone was downed.")).start == "2023-12-28"
    v = ctx.resolve(only("On 5 January a drone was downed."))
    assert v.start == "2024-01-05" and v.reason == "year from publication date"


def test_nothing_known_gives_no_bounds():
    ctx = DateContext()
    v = ctx.resolve(only("On 8 July the raid took place."))
    assert (v.start, v.end, v.precision) == (None, None, "day")
    assert v.reason == "year not written and not found in context"
    rel = ctx.resolve(only("The following year it ended."))
    assert rel.start is None and rel.end is None


def test_since_without_year_takes_the_context_year():
    ctx = DateContext()
    ctx.read(only("It was formed in 2012."))
    v = ctx.resolve(only("Attacks rose since March."))
    assert (v.start, v.end, v.open_end, v.precision) == ("2012-03-01", None, True, "range")


def test_range_without_year_takes_the_context_year():
    ctx = DateContext()
    ctx.read(only("It was formed in 2012."))
    v = ctx.resolve(only("The offensive ran from October to January."))
    assert (v.start, v.end) == ("2012-10-01", "2013-01-31")


@pytest.mark.parametrize(
    "text,start,end,precision",
    [
        ("12 March 2019", "2019-03-12", "2019-03-12", "day"),
        ("(1994)", "1994-01-01", "1994-12-31", "year"),
        ("the 3rd day of March, 1990", "1990-03-03", "1990-03-03", "day"),
        ("Tue, 05 Nov 2019 08:00:00 GMT", "2019-11-05", "2019-11-05", "day"),
        ("1990/03/04", "1990-03-04", "1990-03-04", "day"),
    ],
)
def test_parse_date_text(text, start, end, precision):
    v = parse_date_text(text)
    assert isinstance(v, DateValue)
    assert (v.start, v.end, v.precision) == (start, end, precision)


@pytest.mark.parametrize("text", ["March 3rd", "3rd of the month of March"])
def test_parse_date_text_never_invents_a_year(text):
    v = parse_date_text(text)
    assert v is None or (v.start is None and v.end is None)


def test_window_offsets_are_into_the_full_text():
    text = "Preface 1950. Body: it ended in 1961. Tail 1970."
    lo = text.index("Body")
    hi = text.index("Tail")
    found = find_dates(text, lo, hi)
    assert [(m.text, m.start) for m in found] == [("1961", text.index("1961"))]


WORDS = st.sampled_from(
    "in on since until from to between and the of early late mid- May March 3 14 2010 1999 "
    "2010–2011 1990s , . fighters summer following year Saturday yesterday 1,500 $ – 26th "
    "September Sept. that month later".split()
)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=25), st.text(max_size=40))
def test_spans_are_inside_and_do_not_overlap(words, noise):
    text = " ".join(words) + noise
    found = find_dates(text)
    last_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= last_end
        last_end = m.end
        v = value_of(m)
        if v.start and v.end:
            assert v.start <= v.end
    ctx = DateContext(published=date(2020, 5, 17))
    for m in found:
        v = ctx.read(m)
        if v.start and v.end:
            assert v.start <= v.end


def test_weekday_naming_a_newspaper_is_not_a_date():
    assert find_dates("The Sunday Times reported the raid.") == []


def test_read_document_dates_uses_headings_and_order():
    text = (
        "Intro text.\n\n== 1982 siege ==\nShelling began on 6 June. The following year the "
        "force left.\n\n== Later years ==\nIn 1990 the group dissolved; in May it disarmed.\n"
    )
    doc = Document(text)
    read = [(m.text, v.start, v.year_inferred) for m, v in read_document_dates(doc)]
    assert read == [
        ("6 June", "1982-06-06", True),
        ("The following year", "1983-01-01", True),
        ("1990", "1990-01-01", False),
        ("May", "1990-05-01", True),
    ]
