"""The shared scoring helpers on small hand-made inputs with known answers."""

from __future__ import annotations

import pytest

from procopius.evaluation.metrics import haversine_km, overlap, prf, span_match, sum_counts


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "precision", "recall", "f1"),
    [
        (5, 0, 0, 1.0, 1.0, 1.0),
        (0, 0, 0, None, None, None),
        (0, 3, 0, 0.0, None, None),
        (0, 0, 4, None, 0.0, None),
        (0, 2, 2, 0.0, 0.0, 0.0),
        (1, 1, 3, 0.5, 0.25, 1 / 3),
    ],
)
def test_prf(tp, fp, fn, precision, recall, f1):
    out = prf(tp, fp, fn)
    for key, want in (("precision", precision), ("recall", recall), ("f1", f1)):
        if want is None:
            assert out[key] is None
        else:
            assert out[key] == pytest.approx(want)
    assert (out["tp"], out["fp"], out["fn"]) == (tp, fp, fn)


def test_overlap():
    assert overlap((0, 5), (3, 8)) == 2
    assert overlap((0, 5), (5, 8)) == 0
    assert overlap((2, 4), (0, 10)) == 2


GOLD = [(0, 5, "PER"), (10, 20, "ORG"), (30, 35, "LOC")]


def test_perfect_match():
    out = span_match(GOLD, list(GOLD), "exact", True)
    assert (out["tp"], out["fp"], out["fn"]) == (3, 0, 0)
    assert out["f1"] == 1.0
    assert out["matches"] == [(0, 0), (1, 1), (2, 2)]
    assert out["per_type"]["ORG"]["f1"] == 1.0


def test_empty_prediction_and_empty_gold():
    out = span_match(GOLD, [], "overlap", True)
    assert (out["tp"], out["fp"], out["fn"]) == (0, 0, 3)
    assert out["precision"] is None and out["recall"] == 0.0
    out = span_match([], GOLD, "exact", False)
    assert (out["tp"], out["fp"], out["fn"]) == (0, 3, 0)
    assert out["precision"] == 0.0 and out["recall"] is None


def test_off_by_one_counts_only_in_overlap_mode():
    pred = [(0, 4, "PER"), (11, 20, "ORG"), (30, 35, "LOC")]
    exact = span_match(GOLD, pred, "exact", True)
    assert (exact["tp"], exact["fp"], exact["fn"]) == (1, 2, 2)
    loose = span_match(GOLD, pred, "overlap", True)
    assert (loose["tp"], loose["fp"], loose["fn"]) == (3, 0, 0)


def test_wrong_type_counts_only_untyped():
    pred = [(0, 5, "ORG")]
    typed = span_match(GOLD[:1], pred, "exact", True)
    assert (typed["tp"], typed["fp"], typed["fn"]) == (0, 1, 1)
    assert typed["per_type"]["PER"]["fn"] == 1 and typed["per_type"]["ORG"]["fp"] == 1
    untyped = span_match(GOLD[:1], pred, "exact", False)
    assert (untyped["tp"], untyped["fp"], untyped["fn"]) == (1, 0, 0)


def test_one_to_one_largest_overlap_first():
    # one long prediction covering two gold spans matches only the one it overlaps most
    gold = [(0, 3, "X"), (4, 12, "X")]
    pred = [(2, 12, "X")]
    out = span_match(gold, pred, "overlap", True)
    assert out["matches"] == [(1, 0)]
    assert (out["tp"], out["fp"], out["fn"]) == (1, 0, 1)
    # greedy by overlap: the best pair is taken first even if gold order differs
    gold = [(0, 10, "X"), (8, 30, "X")]
    pred = [(5, 30, "X"), (0, 6, "X")]
    out = span_match(gold, pred, "overlap", True)
    assert out["matches"] == [(0, 1), (1, 0)]


def test_duplicates_count_once():
    out = span_match([(0, 5, "X")], [(0, 5, "X"), (0, 5, "X")], "exact", True)
    assert (out["tp"], out["fp"], out["fn"]) == (1, 1, 0)


def test_bad_mode():
    with pytest.raises(ValueError):
        span_match(GOLD, GOLD, "fuzzy", True)  # type: ignore[arg-type]


def test_sum_counts():
    a = span_match(GOLD, GOLD[:2], "exact", True)
    b = span_match(GOLD[:1], [(0, 5, "PER"), (40, 45, "LOC")], "exact", True)
    total = sum_counts([a, b])
    assert (total["tp"], total["fp"], total["fn"]) == (3, 1, 1)
    assert total["per_type"]["LOC"] == prf(0, 1, 1)
    assert total["per_type"]["PER"]["tp"] == 2


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((0.0, 0.0), (0.0, 0.0), 0.0),
        ((0.0, 0.0), (0.0, 1.0), 111.195),
        ((51.5074, -0.1278), (48.8566, 2.3522), 343.6),  # London - Paris
        ((0.0, 0.0), (0.0, 180.0), 20015.1),
    ],
)
def test_haversine(a, b, km):
    assert haversine_km(*a, *b) == pytest.approx(km, rel=2e-3, abs=1e-6)
