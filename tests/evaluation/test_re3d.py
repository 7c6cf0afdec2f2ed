"""The re3d scorer: relation matching, typed predictions, the loader on a hand-made folder, and a
regression guard on a slice of the real data when it is present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from procopius.evaluation.datasets import re3d
from procopius.records import Actor, Alias, Event, EventActor, Location, RecordSet

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "re3d"

# measured with `--limit 20`: exact 0.410, overlap 0.587, untyped overlap 0.765
FLOORS = {"entities_exact": 0.38, "entities_overlap": 0.55, "entities_untyped_overlap": 0.73}


@pytest.mark.parametrize(
    ("a", "b", "loose", "same"),
    [
        ("the Coalition", "Coalition", False, True),
        ("ISIL’s", "ISIL", False, True),
        ("ISIL fighters", "ISIL", False, False),
        ("ISIL fighters", "ISIL", True, True),
        ("Iraqi security forces", "Iraqi forces", True, False),
        ("Syria", "Syrian Democratic Forces", True, False),
    ],
)
def test_names_agree(a, b, loose, same):
    assert re3d.names_agree(a, b, loose) is same


def test_match_relations_perfect_empty_partial():
    gold = [("FightingAgainst", "the Coalition", "ISIL"), ("AlliesOf", "SDF", "Coalition")]
    perfect = re3d.match_relations(gold, [("FightingAgainst", "ISIL", "Coalition"), gold[1]])
    assert (perfect["tp"], perfect["fp"], perfect["fn"]) == (2, 0, 0)
    empty = re3d.match_relations(gold, [])
    assert (empty["tp"], empty["fp"], empty["fn"]) == (0, 0, 2)
    partial = re3d.match_relations(gold, [("FightingAgainst", "Coalition", "ISIL fighters")])
    assert (partial["tp"], partial["fp"], partial["fn"]) == (0, 1, 2)
    loose = re3d.match_relations(
        gold, [("FightingAgainst", "Coalition", "ISIL fighters")], loose=True
    )
    assert (loose["tp"], loose["fp"], loose["fn"]) == (1, 0, 1)
    assert loose["per_type"]["AlliesOf"]["fn"] == 1


def test_directed_relation_needs_its_direction():
    gold = [("BelongsTo", "Abu Ali", "the Brigade")]
    wrong_way = re3d.match_relations(gold, [("BelongsTo", "The Brigade", "Abu Ali")])
    assert wrong_way["tp"] == 0
    assert re3d.match_relations(gold, [("BelongsTo", "Abu Ali", "Brigade")])["tp"] == 1


def test_gold_duplicates_collapse():
    gold = [("AlliesOf", "A Group", "B Front"), ("AlliesOf", "B Front", "A Group")]
    out = re3d.match_relations(gold, [("AlliesOf", "A Group", "B Front")])
    assert (out["tp"], out["fp"], out["fn"]) == (1, 0, 0)


def test_typed_predictions_earlier_rows_win():
    mapping = [("Temporal", "dates", "*"), ("Location", "entities", "GPE"), ("Weapon", "-", "-")]
    cands = {("dates", "*"): [(0, 10)], ("entities", "GPE"): [(5, 12), (20, 25), (30, 30)]}
    assert re3d.typed_predictions(cands, mapping) == [(0, 10, "Temporal"), (20, 25, "Location")]
    assert re3d.unmapped_types(mapping) == {"Weapon"}


def test_mapping_file_covers_the_schema():
    mapping = re3d.load_mapping()
    types = {t for t, _, _ in mapping}
    assert {"Organisation", "Person", "Location", "Temporal", "Quantity", "Weapon"} <= types
    assert "Weapon" in re3d.unmapped_types(mapping)
    assert "Location" not in re3d.unmapped_types(mapping)


def test_predicted_relations_from_records():
    alias = Alias(name="JF", kind="acronym")
    actor = Actor(id="a1", doc="d", name="Jabhat Foo", is_subject=True, aliases=[alias])
    fight = Event(
        id="e1",
        doc="d",
        acled_event_type="Battles",
        acled_sub_event_type="Armed clash",
        plover_type=None,
        ucdp_type_of_violence=None,
        trigger="clashed",
        date=None,
        actors=[EventActor("Jabhat Foo", "actor1"), EventActor("Bar Army", "actor2")],
        locations=[Location(name="Qaryat", lat=None, lon=None)],
    )
    rels = re3d.predicted_relations(RecordSet(actors=[actor], events=[fight]))
    assert ("IsSynonymOf", "Jabhat Foo", "JF") in rels
    assert ("FightingAgainst", "Jabhat Foo", "Bar Army") in rels
    assert ("CoLocated", "Bar Army", "Qaryat") in rels


def test_name_occurrences_whole_words():
    text = "ISIL attacked. ISILS is not it; the ISIL-held town fell."
    assert re3d.name_occurrences(text, ["ISIL"]) == [(0, 4), (36, 40)]


def _write(folder: Path, name: str, rows: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_loader_keeps_confident_annotations(tmp_path):
    text = "Rebels shelled Qaryat on Monday."
    src = tmp_path / "Some Source"
    _write(src, "documents.json", [{"_id": "D1", "title": "T", "text": text, "sourceName": "S"}])
    _write(
        src,
        "entities.json",
        [
            {"documentId": "D1", "begin": 0, "end": 6, "type": "Organisation", "confidence": 1},
            {"documentId": "D1", "begin": 15, "end": 21, "type": "Location", "confidence": 0.5},
            {"documentId": "D1", "begin": 15, "end": 21, "type": "Person", "confidence": 0.2},
            {"documentId": "D9", "begin": 0, "end": 2, "type": "Person", "confidence": 1},
        ],
    )
    _write(
        src,
        "relations.json",
        [
            {
                "documentId": "D1",
                "type": "CoLocated",
                "source": "Rebels",
                "target": "Qaryat",
                "confidence": 0.9,
            },
            {
                "documentId": "D1",
                "type": "Likes",
                "source": "Rebels",
                "target": "Qaryat",
                "confidence": 0.1,
            },
        ],
    )
    docs = re3d.load(tmp_path)
    assert len(docs) == 1
    doc = docs[0]
    assert doc.entities == [(0, 6, "Organisation"), (15, 21, "Location")]
    assert doc.below_threshold == 1
    assert doc.relations == [("CoLocated", "Rebels", "Qaryat")]
    result = re3d.evaluate(tmp_path)
    assert result["documents"] == 1
    assert result["annotations"] == {"entities": 2, "relations": 1}
    assert result["command"].startswith("procopius eval re3d ")
    assert "re3d" in re3d.format_result(result)


@pytest.mark.skipif(not DATA.is_dir(), reason="re3d data not present")
def test_regression_on_real_slice():
    result = re3d.evaluate(DATA, limit=20)
    assert result["documents"] == 20
    for name, floor in FLOORS.items():
        assert result["scores"][name]["f1"] >= floor, name
    assert any("Weapon" in reason for reason in result["unscored"])
