"""Scoring helpers shared by the data-set scorers: precision/recall/F1 from counts, one-to-one
matching of character spans (exact or overlapping, typed or not) and great-circle distance."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Literal

Span = tuple[int, int, str]
MatchMode = Literal["exact", "overlap"]

#: mean Earth radius (IUGG), in kilometres
EARTH_RADIUS_KM = 6371.0088


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall and F1 from counts; a ratio is None when its denominator is zero
    (no predictions for precision, no gold for recall), F1 is None when either is None."""
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    if precision is None or recall is None:
        f1 = None
    elif precision + recall == 0:
        f1 = 0.0
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Number of characters two half-open spans ``(start, end)`` share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _compatible(gold: Span, pred: Span, mode: MatchMode, typed: bool) -> int:
    """The strength of a possible match (0 = none): shared characters, or span length + 1 for an
    exact match, so that exact matches of zero-length spans still count."""
    if typed and gold[2] != pred[2]:
        return 0
    if mode == "exact":
        return (gold[1] - gold[0]) + 1 if (gold[0], gold[1]) == (pred[0], pred[1]) else 0
    if mode == "overlap":
        return overlap((gold[0], gold[1]), (pred[0], pred[1]))
    raise ValueError(f"unknown match mode: {mode!r}")


def span_match(
    gold: Sequence[Span],
    pred: Sequence[Span],
    mode: MatchMode = "exact",
    typed: bool = True,
) -> dict:
    """Match predicted spans to gold spans one-to-one and score them.

    Spans are ``(start, end, type)`` with ``end`` exclusive. ``mode="exact"`` needs identical
    offsets; ``mode="overlap"`` needs at least one shared character. With ``typed=True`` the
    types must be equal too. Pairs are taken greedily, largest overlap first (ties: earlier gold,
    then earlier prediction), each gold and each prediction used at most once; duplicate spans
    therefore count once as hits and the copies as misses.

    Returns the micro counts and scores of :func:`prf`, plus ``per_type`` (a hit and a miss are
    counted under the gold type, a false alarm under the predicted type) and ``matches`` (pairs of
    gold and prediction indices).
    """
    candidates: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            strength = _compatible(g, p, mode, typed)
            if strength > 0:
                candidates.append((-strength, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        matches.append((gi, pi))
    matches.sort()

    counts: dict[str, list[int]] = {}

    def bump(kind: str, slot: int) -> None:
        counts.setdefault(kind, [0, 0, 0])[slot] += 1

    for gi, _ in matches:
        bump(gold[gi][2], 0)
    for pi, p in enumerate(pred):
        if pi not in used_pred:
            bump(p[2], 1)
    for gi, g in enumerate(gold):
        if gi not in used_gold:
            bump(g[2], 2)
    tp = len(matches)
    out = prf(tp, len(pred) - tp, len(gold) - tp)
    out["per_type"] = {kind: prf(*c) for kind, c in sorted(counts.items())}
    out["matches"] = matches
    return out


def sum_counts(results: Iterable[dict]) -> dict:
    """Add up the counts of several :func:`span_match` (or :func:`prf`) results, e.g. one per
    document, and score the totals, micro and per type."""
    total = [0, 0, 0]
    per_type: dict[str, list[int]] = {}
    for result in results:
        for i, key in enumerate(("tp", "fp", "fn")):
            total[i] += result[key]
        for kind, scores in result.get("per_type", {}).items():
            slot = per_type.setdefault(kind, [0, 0, 0])
            for i, key in enumerate(("tp", "fp", "fn")):
                slot[i] += scores[key]
    out = prf(*total)
    out["per_type"] = {kind: prf(*c) for kind, c in sorted(per_type.items())}
    return out


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in decimal degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
