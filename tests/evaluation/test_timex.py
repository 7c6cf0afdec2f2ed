"""The shared TIMEX conversion and TempEval-3 scorer, on hand-made sentences and spans."""

from __future__ import annotations

import pytest

from procopius.document import Document
from procopius.evaluation.timex import (
    Timex,
    format_timex_result,
    match_timexes,
    predict_timexes,
    score_timexes,
    value_class,
)

# (text, publication date, expected [(extent, value)])
CONVERSIONS = [
    ("The ceasefire was signed on 12 March 2004.", None, [("12 March 2004", "2004-03-12")]),
    ("Fighting resumed in April 1999.", None, [("April 1999", "1999-04")]),
    ("The fort was built in 1802.", None, [("1802", "1802")]),
    ("It ended in the autumn of 2001.", None, [("autumn of 2001", "2001-FA")]),
    ("The offensive began in the 1980s.", None, [("1980s", "198")]),
    ("The rebels retreated in late September 1919.", None, [("late September 1919", "1919-09")]),
    ("The siege lasted from 1683 to 1699.", None, [("1683", "1683"), ("1699", "1699")]),
    ("The siege lasted 1683–1699.", None, [("1683", "1683"), ("1699", "1699")]),
    ("Troops stayed until 1945.", None, [("1945", "1945")]),
    ("Troops have stayed there since March 2011.", None, [("March 2011", "2011-03")]),
    ("The bridge was rebuilt after July 1950.", None, [("July 1950", "1950-07")]),
    (
        "The town fell on 3 May 1942. Two days later the garrison surrendered.",
        None,
        [("3 May 1942", "1942-05-03"), ("Two days later", "1942-05-05")],
    ),
    ("Rebels attacked the base yesterday.", "2015-06-10", [("yesterday", "2015-06-09")]),
    ("The talks resumed on Monday.", "2015-06-10", [("Monday", "2015-06-08")]),
    ("Elections were held last week.", "2015-06-10", [("last week", "2015-W23")]),
    ("Shelling was reported on 4 June.", "2015-06-10", [("4 June", "2015-06-04")]),
    ("Shelling was reported on 4 June.", None, [("4 June", "XXXX-06-04")]),
    ("It happened yesterday.", None, [("yesterday", None)]),
]


@pytest.mark.parametrize(("text", "published", "expected"), CONVERSIONS)
def test_our_dates_become_timex_values(
    text: str, published: str | None, expected: list[tuple[str, str | None]]
) -> None:
    got = predict_timexes(Document(text=text, published=published))
    assert [(t.text, t.value) for t in got] == expected
    for t in got:
        assert text[t.start : t.end] == t.text


def _t(start: int, end: int, value: str | None = None) -> Timex:
    return Timex(start, end, value)


def test_perfect_prediction_scores_one() -> None:
    gold = [_t(0, 4, "1999"), _t(10, 20, "2001-03")]
    s = score_timexes([(gold, list(gold))])
    for key in ("strict", "relaxed", "value"):
        assert s[key] == {"precision": 1.0, "recall": 1.0, "f1": 1.0} | (
            {"accuracy": 1.0} if key == "value" else {}
        )


def test_empty_prediction_scores_zero() -> None:
    s = score_timexes([([_t(0, 4, "1999")], [])])
    assert s["strict"]["recall"] == 0.0
    assert s["relaxed"]["f1"] == 0.0
    assert s["value"]["accuracy"] == 0.0
    assert s["counts"] == {"gold": 1, "predicted": 0, "strict": 0, "relaxed": 0, "value": 0}


def test_no_gold_and_no_prediction_is_not_an_error() -> None:
    s = score_timexes([([], [])])
    assert s["strict"]["f1"] == 0.0


def test_off_by_one_extent_is_relaxed_only() -> None:
    gold = [_t(10, 20, "1944-06")]
    pred = [_t(11, 20, "1944-06")]
    s = score_timexes([(gold, pred)])
    assert s["strict"]["f1"] == 0.0
    assert s["relaxed"]["f1"] == 1.0
    assert s["value"]["f1"] == 1.0


def test_adjacent_spans_do_not_overlap() -> None:
    s = score_timexes([([_t(0, 5, "1999")], [_t(5, 9, "1999")])])
    assert s["relaxed"]["f1"] == 0.0


def test_partial_match_and_wrong_value() -> None:
    gold = [_t(0, 4, "1999"), _t(10, 14, "2000"), _t(30, 40, "P3Y")]
    pred = [_t(0, 4, "1999"), _t(10, 14, "2001"), _t(50, 60, "2002")]
    s = score_timexes([(gold, pred)])
    assert s["strict"] == {"precision": round(2 / 3, 4), "recall": round(2 / 3, 4),
                           "f1": round(2 / 3, 4)}  # fmt: skip
    assert s["value"]["precision"] == round(1 / 3, 4)
    assert s["value"]["accuracy"] == 0.5
    assert s["by_type"]["DURATION"] == {"gold": 1, "strict_recall": 0.0, "relaxed_recall": 0.0,
                                        "value_recall": 0.0}  # fmt: skip


def test_value_comparison_ignores_case_but_not_missing_values() -> None:
    s = score_timexes([([_t(0, 6, "1943-su"), _t(10, 12, None)],
                        [_t(0, 6, "1943-SU"), _t(10, 12, None)])])  # fmt: skip
    assert s["counts"]["value"] == 1


def test_pairs_are_one_to_one() -> None:
    # one prediction over two gold expressions ("1861-1863" against "1861" and "1863")
    gold = [_t(0, 4), _t(5, 9)]
    pred = [_t(0, 9)]
    pairs = match_timexes(gold, pred)
    assert len(pairs) == 1
    s = score_timexes([(gold, pred)])
    assert s["relaxed"]["recall"] == 0.5
    assert s["relaxed"]["precision"] == 1.0


def test_exact_pairs_are_taken_before_overlaps() -> None:
    gold = [_t(0, 10), _t(2, 6)]
    pred = [_t(2, 6), _t(0, 10)]
    assert sorted(match_timexes(gold, pred)) == [(0, 1, True), (1, 0, True)]


def test_micro_average_sums_documents() -> None:
    doc1 = ([_t(0, 4, "1999")], [_t(0, 4, "1999")])
    doc2 = ([_t(0, 4, "2000"), _t(8, 12, "2001")], [])
    assert score_timexes([doc1, doc2])["strict"]["recall"] == round(1 / 3, 4)


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("1944-06-06", "", "DATE"),
        ("1980-W01", "", "DATE"),
        ("P90D", "", "DURATION"),
        ("PRESENT_REF", "", "REFERENCE"),
        ("1958-05-29TXX", "", "TIME"),
        (None, "", "NO VALUE"),
        ("XXXX-XX-XX", "set", "SET"),
    ],
)
def test_value_class(value: str | None, kind: str, expected: str) -> None:
    assert value_class(value, kind) == expected


def test_format_result_lists_every_figure() -> None:
    scores = score_timexes([([_t(0, 4, "1999")], [_t(0, 4, "1999")])])
    text = format_timex_result({"dataset": "x", "documents": 1, "annotations": 2,
                                "scores": scores, "unscored": {"no extent": 1},
                                "command": "procopius eval x p"})  # fmt: skip
    assert "strict" in text and "relaxed" in text and "value" in text
    assert "no extent" in text and "procopius eval x p" in text
