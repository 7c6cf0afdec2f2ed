"""The Re-DocRED scorer: detokenising, aligning names with gold entities, scoring, the loader on a
hand-made file, and a regression guard on a slice of the real data when it is present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from procopius.evaluation.datasets import redocred
from procopius.records import (
    Actor,
    Event,
    EventActor,
    Evidence,
    Founding,
    Parent,
    Person,
    RecordSet,
)

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "re-docred"

# measured with `--limit 100`: precision 0.357, recall 0.027, F1 0.050 (5 hits)
FLOOR_PRECISION = 0.30
FLOOR_F1 = 0.03

RAW = {
    "title": "Northern Front",
    "sents": [
        ["The", "Northern", "Front", "(", "NF", ")", "was", "founded", "in", "1987", "."],
        ["It", "is", "a", "branch", "of", "the", "Union", "of", "Hill", "Tribes", "."],
    ],
    "vertexSet": [
        [
            {"name": "Northern Front", "sent_id": 0, "pos": [1, 3], "type": "ORG"},
            {"name": "NF", "sent_id": 0, "pos": [4, 5], "type": "ORG"},
        ],
        [{"name": "1987", "sent_id": 0, "pos": [9, 10], "type": "TIME"}],
        [{"name": "Union of Hill Tribes", "sent_id": 1, "pos": [6, 10], "type": "ORG"}],
    ],
    "labels": [
        {"h": 0, "t": 1, "r": "P571", "evidence": [0]},
        {"h": 0, "t": 2, "r": "P749", "evidence": [1]},
        {"h": 2, "t": 0, "r": "P527", "evidence": [1]},
    ],
}


def test_detokenise_offsets_point_at_tokens():
    text, offsets = redocred.detokenise([["Hello", ",", "world", "("], ["x", ")", "."]])
    assert text == "Hello, world (x)."
    for sent, toks in zip(offsets, [["Hello", ",", "world", "("], ["x", ")", "."]], strict=True):
        assert [text[s:e] for s, e in sent] == toks


def test_parse_document_spans():
    doc = redocred.parse_document(RAW)
    assert doc.text.startswith("The Northern Front (NF) was founded in 1987.")
    assert [m[2] for m in doc.entities[0]] == ["Northern Front", "NF"]
    assert doc.entities[2][0][2] == "Union of Hill Tribes"
    assert doc.labels == [(0, "P571", 1), (0, "P749", 2), (2, "P527", 0)]
    assert len(doc.sentences) == 2


@pytest.mark.parametrize(
    ("name", "entity"),
    [
        ("Northern Front", 0),
        ("the Northern Front", 0),
        ("NF", 0),
        ("Union of Hill Tribes", 2),
        ("the Hill Tribes", 2),  # loose: a whole-word part of a mention
        ("Southern Command", None),
    ],
)
def test_align_name(name, entity):
    doc = redocred.parse_document(RAW)
    assert redocred.align_name(name, doc.entities) == entity


def test_align_date_by_year():
    doc = redocred.parse_document(RAW)
    assert redocred.align_date("1987-05", doc.entities) == 1
    assert redocred.align_date("1988", doc.entities) is None


def test_score_document_perfect_empty_partial():
    gold = {(0, "P571", 1), (0, "P749", 2)}
    assert redocred.score_document(gold, set(gold)) == {"P571": [1, 0, 0], "P749": [1, 0, 0]}
    assert redocred.score_document(gold, set()) == {"P571": [0, 0, 1], "P749": [0, 0, 1]}
    partial = redocred.score_document(gold, {(0, "P571", 1), (2, "P749", 0)})
    assert partial == {"P571": [1, 0, 0], "P749": [0, 1, 1]}


def test_predictions_from_records_and_alignment():
    subject = Actor(
        id="a",
        doc="d",
        name="Northern Front",
        is_subject=True,
        founded=[Founding(date="1987", precision="year")],
        parents=[Parent(name="Union of Hill Tribes", relation="branch of")],
        people=[Person(name="Ali Musa", roles=["founder"])],
    )
    event = Event(
        id="e",
        doc="d",
        acled_event_type="Battles",
        acled_sub_event_type="Armed clash",
        plover_type=None,
        ucdp_type_of_violence=None,
        trigger="fought",
        date=None,
        actors=[EventActor("Northern Front", "actor1"), EventActor("civilians", "victim")],
        evidence=[Evidence("d", 5, 20, "")],
    )
    preds = redocred.predicted_relations(
        RecordSet(actors=[subject], events=[event]), [(0, 30, "the Hill War")]
    )
    assert ("Northern Front", "P571", "1987") in preds
    assert ("Northern Front", "P749", "Union of Hill Tribes") in preds
    assert ("Northern Front", "P112", "Ali Musa") in preds
    assert ("Northern Front", "P607", "the Hill War") in preds
    assert ("the Hill War", "P710", "Northern Front") in preds
    assert not any("civilians" in p for p in preds)
    aligned, unaligned = redocred.align(preds, redocred.parse_document(RAW))
    assert aligned == {(0, "P571", 1), (0, "P749", 2)}
    assert len(unaligned) == 3


def test_loader_and_evaluate_on_hand_made_file(tmp_path):
    (tmp_path / "dev_tiny.json").write_text(json.dumps([RAW]), encoding="utf-8")
    (tmp_path / "rel_info.json").write_text(json.dumps({"P527": "has part"}), encoding="utf-8")
    docs = redocred.load(tmp_path)
    assert len(docs) == 1
    result = redocred.evaluate(tmp_path)
    assert result["documents"] == 1
    assert result["annotations"] == 3
    assert result["scored_annotations"] == 2
    assert result["unscored"] == {"property we do not state: P527 has part": 1}
    per = result["scores"]["per_property"]
    assert per["P571"]["tp"] + per["P571"]["fn"] == 1
    # "Northern Front ... was founded in 1987": a subject that no lead calls armed; a front's
    # founding is an event
    assert result["found"] == {
        "documents_with_events": 1,
        "events": 1,
        "subjects": 1,
        "subjects_typed_armed": 0,
    }
    text = redocred.format_result(result)
    assert "Re-DocRED" in text
    assert "1 article subjects, 0 of them typed as armed actors" in text


@pytest.mark.skipif(not DATA.is_dir(), reason="Re-DocRED data not present")
def test_regression_on_real_slice():
    result = redocred.evaluate(DATA, limit=100)
    assert result["documents"] == 100
    micro = result["scores"]["micro"]
    assert micro["precision"] >= FLOOR_PRECISION
    assert micro["f1"] >= FLOOR_F1
