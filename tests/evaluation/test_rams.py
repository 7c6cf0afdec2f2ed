"""The RAMS scorer: text rebuilt from tokens, the loader on a hand-made file, argument linking
on hand-made records with known answers, and a regression guard on the real dev split."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from procopius.evaluation.datasets import rams
from procopius.evaluation.datasets.wikievents import Tally, load_mapping

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "rams"

# measured 2026-11-24 on the first 150 dev examples (51 of mapped types): argument identification
# (overlap) F1 0.198, classification (overlap) F1 0.182, exact classification F1 0.132;
# coverage recall 0.333
FLOORS = {
    ("overlap", "identification"): 0.16,
    ("overlap", "classification"): 0.15,
    ("exact", "classification"): 0.10,
}
COVERAGE_FLOOR = 0.30


@pytest.mark.parametrize(
    ("label", "role"),
    [("evt089arg01victim", "victim"), ("evt011arg04place", "place"), ("attacker", "attacker")],
)
def test_role_name(label, role):
    assert rams.role_name(label) == role


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        ([["Rebels", "shelled", "the", "town", "."]], "Rebels shelled the town."),
        ([["Assad", "'s", "forces", "did", "n't", "stop", "."]], "Assad's forces didn't stop."),
        ([["a", "cease", "-", "fire", "(", "truce", ")"]], "a cease-fire (truce)"),
        ([["He", "said", '"', "no", '"', "."]], 'He said "no".'),
        ([["One", "."], ["Two", "."]], "One. Two."),
    ],
)
def test_detokenize(tokens, text):
    out, offsets = rams.detokenize(tokens)
    assert out == text
    flat = [t for s in tokens for t in s]
    assert [out[a:b] for a, b in offsets] == flat


def _example(etype="conflict.attack.n/a"):
    sentences = [
        ["Fighting", "resumed", "on", "Monday", "."],
        ["Rebels", "attacked", "an", "army", "post", "in", "Idlib", "."],
    ]
    return {
        "doc_key": "nw_1",
        "sentences": sentences,
        "evt_triggers": [[6, 6, [[etype, 1.0]]]],
        "ent_spans": [],
        "gold_evt_links": [
            [[6, 6], [5, 5], "evt004arg01attacker"],
            [[6, 6], [8, 9], "evt004arg02target"],
            [[6, 6], [11, 11], "evt004arg04place"],
            [[6, 6], [0, 0], "evt004arg03instrument"],
        ],
    }


def test_parse_example():
    key, text, event = rams.parse_example(_example())
    assert key == "nw_1"
    assert text == "Fighting resumed on Monday. Rebels attacked an army post in Idlib."
    assert text[slice(*event.trigger)] == "attacked"
    assert [(a.role, a.text) for a in event.arguments] == [
        ("evt004arg01attacker", "Rebels"),
        ("evt004arg02target", "army post"),
        ("evt004arg04place", "Idlib"),
        ("evt004arg03instrument", "Fighting"),
    ]


def test_loader(tmp_path):
    (tmp_path / "dev.jsonlines").write_text(json.dumps(_example()) + "\n" * 2, encoding="utf-8")
    assert len(rams.load_examples(tmp_path)) == 1
    assert rams.load_examples(tmp_path / "dev.jsonlines", limit=0) == []
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError):
        rams.load_examples(empty)


def _records(text, actors, locations=(), kind="Armed clash", trigger="attacked"):
    start = text.index("Rebels")
    return SimpleNamespace(
        events=[
            {
                "acled_sub_event_type": kind,
                "trigger": trigger,
                "evidence": [{"start": start, "end": len(text)}],
                "actors": [{"name": n, "role": r} for n, r in actors],
                "locations": [
                    {
                        "name": n,
                        "evidence": [{"start": text.index(n), "end": text.index(n) + len(n)}],
                    }
                    for n in locations
                ],
            }
        ]
    )


def _score(records, etype="conflict.attack.n/a"):
    _, text, event = rams.parse_example(_example(etype))
    tally = Tally()
    rams.score_example(text, event, load_mapping("rams"), tally, records=records(text))
    return tally


def test_perfect_linking():
    tally = _score(
        lambda t: _records(t, [("Rebels", "actor1"), ("army post", "actor2")], ["Idlib"])
    )
    for mode in ("exact", "overlap"):
        s = tally.score(f"arguments.{mode}.classification")
        assert (s["tp"], s["fp"], s["fn"]) == (3, 0, 0)
    assert tally.unscored["argument role not mapped: instrument"] == 1
    assert tally.counts["trigger_recall_typed"] == [1, 0, 0]


def test_partial_linking_with_a_wider_span_and_a_wrong_role():
    tally = _score(lambda t: _records(t, [("Rebels", "actor2"), ("an army post", "actor2")]))
    exact = tally.score("arguments.exact.identification")
    assert (exact["tp"], exact["fp"], exact["fn"]) == (1, 1, 2)
    overlap = tally.score("arguments.overlap.identification")
    assert (overlap["tp"], overlap["fp"], overlap["fn"]) == (2, 0, 1)
    assert tally.score("arguments.overlap.classification")["tp"] == 1


def test_no_event_of_ours():
    tally = _score(lambda t: SimpleNamespace(events=[]))
    s = tally.score("arguments.overlap.identification")
    assert (s["tp"], s["fp"], s["fn"]) == (0, 0, 3)
    assert tally.counts["coverage_recall"] == [0, 0, 1]


def test_unmapped_type_is_unscored_without_running_anything():
    tally = _score(lambda t: SimpleNamespace(events=[]), etype="contact.discussion.meet")
    assert tally.unscored == {
        "event type not mapped: contact.discussion.meet": 1,
        "arguments of unmapped event types": 4,
    }
    assert not tally.counts


def test_format_result_shows_recall_lines():
    tally = _score(lambda t: _records(t, [("Rebels", "actor1")]))
    from procopius.evaluation.datasets.wikievents import build_result

    result = build_result("rams", Path("d"), None, [1], tally, load_mapping("rams"), 1, 4, False)
    result["scores"]["coverage_recall"] = {"recall": 1.0, "found": 1, "missed": 0}
    text = rams.format_result(result)
    assert "coverage recall" in text and "overlap classification" in text


@pytest.mark.skipif(not (DATA / "dev.jsonlines").exists(), reason="RAMS data not present")
def test_regression_on_dev_slice():
    result = rams.evaluate(DATA, limit=150)
    assert result["documents"] == 150
    args = result["scores"]["arguments"]
    for (mode, level), floor in FLOORS.items():
        assert args[mode][level]["f1"] >= floor, (mode, level, args[mode][level])
    assert result["scores"]["coverage_recall"]["recall"] >= COVERAGE_FLOOR
    assert sum(result["unscored"].values()) > 0
