"""Clauses: a sentence is cut where a new happening is reported, never inside a list of places
or a date range; relative clauses are cut off and marked."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from procopius.clauses import split_clauses
from procopius.dates import find_dates
from procopius.nlp import Sentence

Parse = Callable[[str], list[Sentence]]


def _clauses(sentences: Parse, text: str, protect_dates: bool = True) -> list[tuple[str, bool]]:
    sents = sentences(text)
    assert len(sents) == 1, [s.text for s in sents]
    protected = [(m.start, m.end) for m in find_dates(text)] if protect_dates else None
    return [(c.text, c.relative) for c in split_clauses(sents[0], protected)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In March 2015 the brigade captured the town of Idlib, and they later moved "
            "their headquarters there.",
            [
                "In March 2015 the brigade captured the town of Idlib",
                "they later moved their headquarters there",
            ],
        ),
        (
            "The group attacked an army checkpoint near Mosul; two soldiers were killed.",
            ["The group attacked an army checkpoint near Mosul", "two soldiers were killed"],
        ),
        (
            "In October 2007 they signed an agreement with the government, and between 2010 "
            "and 2011 they carried out attacks on police stations.",
            [
                "In October 2007 they signed an agreement with the government",
                "between 2010 and 2011 they carried out attacks on police stations",
            ],
        ),
        (
            "Its fighters shelled the airport, but the army repelled the assault.",
            ["Its fighters shelled the airport", "the army repelled the assault"],
        ),
        (
            "The militia seized two villages near Kandahar and it held them until 2012.",
            ["The militia seized two villages near Kandahar", "it held them until 2012"],
        ),
    ],
)
def test_cuts_between_happenings(sentences: Parse, text: str, expected: list[str]) -> None:
    assert [t for t, _ in _clauses(sentences, text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The militia operates in Aleppo, Homs, and Hama.",
        "Between 2014 and 2016 the group fought government forces in Aleppo, Homs and Hama.",
        "From March to June 2019, the movement held several villages near Kandahar.",
        "The group ambushed a convoy near Maiduguri, killing nine soldiers.",
        "The front recruited fighters from Mosul, Tal Afar and Sinjar in 2014.",
        "The brigade was active between 12 and 19 May 2017 in Deir ez-Zor.",
    ],
)
def test_lists_and_date_ranges_stay_whole(sentences: Parse, text: str) -> None:
    clauses = _clauses(sentences, text)
    assert clauses == [(text.rstrip("."), False)]


def test_date_ranges_stay_whole_without_protection(sentences: Parse) -> None:
    text = "Between 2014 and 2016 the group fought government forces in Aleppo, Homs and Hama."
    assert [t for t, _ in _clauses(sentences, text, protect_dates=False)] == [text.rstrip(".")]


@pytest.mark.parametrize(
    ("text", "main", "relative"),
    [
        (
            "The front was founded in 2012 by former army officers, which gave it access to "
            "heavy weapons.",
            "The front was founded in 2012 by former army officers",
            "which gave it access to heavy weapons",
        ),
        (
            "In 2016 the group attacked the airport of Mogadishu, which had reopened a year "
            "earlier.",
            "In 2016 the group attacked the airport of Mogadishu",
            "which had reopened a year earlier",
        ),
    ],
)
def test_relative_clause_is_cut_and_marked(
    sentences: Parse, text: str, main: str, relative: str
) -> None:
    assert _clauses(sentences, text) == [(main, False), (relative, True)]


def test_clause_offsets_point_into_the_sentence(sentences: Parse) -> None:
    text = (
        "On 3 May 2018 the brigade shelled the airport; on 5 May its fighters ambushed a convoy, "
        "and they kidnapped two engineers, which angered the government."
    )
    sent = sentences(text)[0]
    clauses = split_clauses(sent, [(m.start, m.end) for m in find_dates(text)])
    assert len(clauses) == 4
    assert [c.index for c in clauses] == [0, 1, 2, 3]
    for c in clauses:
        assert text[c.start : c.end] == c.text
        assert sent.start <= c.start < c.end <= sent.end
        assert all(c.start <= t.start and t.end <= c.end for t in c.tokens)
    starts = [c.start for c in clauses]
    assert starts == sorted(starts)


def test_relative_clause_in_mid_sentence_ends_at_its_comma(sentences: Parse) -> None:
    text = "The group's commander, who had trained in Yemen, was arrested in Mogadishu in 2019."
    clauses = _clauses(sentences, text)
    assert ("who had trained in Yemen", True) in clauses
    assert any("was arrested in Mogadishu" in t and not rel for t, rel in clauses)


def test_compound_subject_is_not_cut(sentences: Parse) -> None:
    text = (
        "On 3 March 2019 the front and the Ras Kamboni Brigades jointly attacked an army "
        "base near Afgooye."
    )
    assert [t for t, _ in _clauses(sentences, text)] == [text.rstrip(".")]
