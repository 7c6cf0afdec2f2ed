"""Names in running text: folding for comparison, grabbing a name at a position, and telling
group-shaped names from others."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from procopius.names import fold, grab_name, looks_like_group


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The Islamic State", "islamic state"),
        ("Ḥamās", "Hamas"),
        ("Be’eri", "Be'eri"),
        ("Beeri", "Be'eri"),
        ("al-Shabaab", "Al Shabaab"),
        ("al‐Shabaab", "al-Shabaab"),  # a Unicode hyphen
        ("  Hay'at   Tahrir al-Sham ", "Hayat Tahrir al Sham"),
        ("ʿAbd al-Rahman", "Abd al-Rahman"),
        ("Fatah.", "fatah"),
        ("ＰＫＫ", "PKK"),  # full-width letters
    ],
)
def test_fold_equates_spellings_of_one_name(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hamas", "Amal"),
        ("Islamic State", "Islamic Jihad"),
        ("al-Nusra Front", "al-Nasr Front"),
    ],
)
def test_fold_keeps_different_names_apart(a: str, b: str) -> None:
    assert fold(a) != fold(b)


@given(st.text(max_size=40))
def test_fold_is_idempotent(name: str) -> None:
    assert fold(fold(name)) == fold(name)


def _grab(text: str, pos: int = 0, **kw: object) -> str | None:
    span = grab_name(text, pos, **kw)  # type: ignore[arg-type]
    return text[span[0] : span[1]] if span else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # connectors stay inside a name when a capitalised word follows
        ("the al-Nusra Front said on Monday", "al-Nusra Front"),
        ("Abu Bakr al-Baghdadi was killed", "Abu Bakr al-Baghdadi"),
        ("bin Laden said in a video", "bin Laden"),
        ("Jaysh al-Islam; the group", "Jaysh al-Islam"),
        ("the Liberation Tigers of Tamil Eelam fought", "Liberation Tigers of Tamil Eelam"),
        (
            "the Army of the Men of the Naqshbandi Order claimed",
            "Army of the Men of the Naqshbandi Order",
        ),
        # apostrophes inside and at the start of a name
        ("Be'eri, near the border", "Be'eri"),
        ("Hay'at Tahrir al-Sham, a coalition", "Hay'at Tahrir al-Sham"),
        ("'Abd al-Rahman left the group", "'Abd al-Rahman"),
        ("ʿAbd al-Karim was arrested", "ʿAbd al-Karim"),
        # the name ends at punctuation
        ("Ahmad Shah Massoud. He was", "Ahmad Shah Massoud"),
        ("Ansar al-Sharia (AAS) is", "Ansar al-Sharia"),
        ("Hezbollah, Amal and others", "Hezbollah"),
        ("Kandahar: the city", "Kandahar"),
        # a possessive 's of a one-word name is not part of it
        ("Hamas's armed wing", "Hamas"),
        ("Hamas’s armed wing", "Hamas"),
        # lower-case words end the name
        ("al-Shabaab fighters attacked", "al-Shabaab"),
        ("Hezbollah and Amal fought", "Hezbollah"),
    ],
)
def test_grab_name(text: str, expected: str) -> None:
    assert _grab(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the group said",
        "fighters of the front",
        "of the Islamic State",  # a connector cannot open a name
        "1999 was a year",
        ", the Islamic State",  # the name must start at the position
        "",
    ],
)
def test_grab_name_finds_nothing(text: str) -> None:
    assert _grab(text) is None


def test_grab_name_from_a_position_and_up_to_a_limit() -> None:
    text = "In 2014 the Syrian Democratic Forces took Raqqa."
    pos = text.index("the Syrian")
    assert _grab(text, pos) == "Syrian Democratic Forces"
    assert _grab(text, pos, limit=text.index(" Forces")) == "Syrian Democratic"


def test_grab_name_with_and_inside() -> None:
    assert _grab("Hezbollah and Amal fought", allow_and=True) == "Hezbollah and Amal"
    assert _grab("Ansar al-Din and the", allow_and=True) == "Ansar al-Din"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Islamic State's fighters", "Islamic State"),
        ("Osama bin Laden's men", "Osama bin Laden"),
        ("the Popular Mobilization Forces' commander", "Popular Mobilization Forces"),
    ],
)
def test_grab_name_drops_possessive_of_multiword_name(text: str, expected: str) -> None:
    assert _grab(text) == expected


@pytest.mark.parametrize(
    "name",
    [
        "Izz ad-Din al-Qassam Brigades",
        "al-Aqsa Martyrs' Brigades",
        "Syrian Democratic Forces",
        "Kurdistan Workers' Party",
        "Islamic State",
        "Hamas",
        "the Taliban",
        "Harakat al Shabaab",
        "Popular Front for the Liberation of Palestine",
        "Army of Islam",
        "Revolutionary Armed Forces of Colombia – People's Army",
        "Lord's Resistance Army",
        "PKK",
        "HTS",
        "Fatah.",
    ],
)
def test_looks_like_group(name: str) -> None:
    assert looks_like_group(name)


@pytest.mark.parametrize(
    "name",
    [
        "al-Shabaab",  # "shabaab" is a head word, but not with its article attached
        "Movement for Democratic Change",  # head before a "for" complement
        "Front for Democracy in Ituri",
    ],
)
def test_looks_like_group_head_not_last(name: str) -> None:
    assert looks_like_group(name)


@pytest.mark.parametrize(
    "name",
    [
        "Abu Bakr al-Baghdadi",
        "Ahmad Shah Massoud",
        "Mosul",
        "Kandahar",
        "Hassan Nasrallah",
        "the village",
        "",
        "Pkk",
    ],
)
def test_does_not_look_like_group(name: str) -> None:
    assert not looks_like_group(name)
