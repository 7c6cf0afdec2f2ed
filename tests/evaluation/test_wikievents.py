"""The WikiEvents scorer: the mapping table, the loader on a hand-made file, trigger and argument
scoring on hand-made gold/prediction pairs, and a regression guard on the real dev split."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from procopius.evaluation.datasets import wikievents as we

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "wikievents"

# measured 2026-11-24 on the first 5 dev documents: trigger identification F1 0.381, trigger
# classification F1 0.357, event coverage F1 0.633, argument identification (overlap) F1 0.130
FLOORS = {
    ("trigger_identification", "f1"): 0.35,
    ("trigger_classification", "f1"): 0.32,
    ("event_coverage", "f1"): 0.60,
}
ARGUMENT_FLOOR = 0.10


# --------------------------------------------------------------------------- mapping

TABLE = """# a comment
kind\tgold\tours
group\t@bang\tGrenade|Suicide bomb
type\tConflict.Attack.*\tArmed clash|@bang
type\tConflict.Attack.DetonateExplode\t@bang
role\tAttacker\tactor1
role\tPlace\tlocation
"""


def test_mapping_groups_prefixes_and_exact_rows():
    m = we.parse_mapping(TABLE)
    assert m.type_targets("Conflict.Attack.Unspecified") == {
        "Armed clash",
        "Grenade",
        "Suicide bomb",
    }
    assert m.type_targets("conflict.attack.detonateexplode") == {"Grenade", "Suicide bomb"}
    assert m.type_targets("Contact.Contact.Broadcast") == frozenset()
    assert m.role_targets("attacker") == {"actor1"}
    assert m.role_targets("Instrument") == frozenset()


@pytest.mark.parametrize(
    "bad",
    [
        "role\tAttacker\tperpetrator\n",  # not one of our roles
        "type\tLife.Die.*\t@nothing\n",  # unknown group
        "type\tLife.Die.*\n",  # two cells
        "colour\tx\ty\n",  # unknown kind
    ],
)
def test_mapping_rejects_bad_rows(bad):
    with pytest.raises(ValueError):
        we.parse_mapping(bad)


@pytest.mark.parametrize(
    ("gold", "ours", "expected"),
    [
        ("Conflict.Attack.DetonateExplode", "Remote explosive/landmine/IED", True),
        ("Conflict.Attack.DetonateExplode", "Armed clash", False),
        ("Conflict.Attack.Unspecified", "Armed clash", True),
        ("Life.Die.Unspecified", "Attack", True),
        ("Justice.ArrestJailDetain.Unspecified", "Arrests", True),
        ("Conflict.Demonstrate.Unspecified", "Peaceful protest", True),
        ("Contact.Contact.Broadcast", "Attack", False),
    ],
)
def test_shipped_mapping(gold, ours, expected):
    m = we.load_mapping("wikievents")
    assert (ours in m.type_targets(gold)) is expected


def test_shipped_roles():
    m = we.load_mapping("wikievents")
    assert "actor1" in m.role_targets("Attacker")
    assert "victim" in m.role_targets("Victim")
    assert m.role_targets("Place") == {"location"}
    assert m.role_targets("ExplosiveDevice") == frozenset()


# --------------------------------------------------------------------------- loader


def _sentence(words: list[str], start: int) -> tuple[list[list], int]:
    toks, pos = [], start
    for w in words:
        toks.append([w, pos, pos + len(w)])
        pos += len(w) + 1
    return [toks, " ".join(words)], pos - 1


def _handmade_doc() -> dict:
    s1, end1 = _sentence(["Militants", "storm", "border", "post"], 0)
    s2, end2 = _sentence(["Gunmen", "attacked", "a", "post", "near", "Kandahar", "."], end1 + 1)
    s3, _ = _sentence(["They", "killed", "two", "guards", "."], end2 + 1)
    tokens = [t[0] for s in (s1, s2, s3) for t in s[0]]
    return {
        "doc_id": "doc-1",
        "tokens": tokens,
        "text": "".join(s[1] for s in (s1, s2, s3)),
        "sentences": [s1, s2, s3],
        "entity_mentions": [
            {"id": "doc-1-T1", "start": 0, "end": 1, "text": "Militants"},
            {"id": "doc-1-T2", "start": 4, "end": 5, "text": "Gunmen"},
            {"id": "doc-1-T3", "start": 9, "end": 10, "text": "Kandahar"},
            {"id": "doc-1-T4", "start": 11, "end": 12, "text": "They"},
            {"id": "doc-1-T5", "start": 14, "end": 15, "text": "guards"},
        ],
        "event_mentions": [
            {
                "id": "doc-1-E1",
                "event_type": "Conflict.Attack.Unspecified",
                "trigger": {"start": 5, "end": 6, "text": "attacked", "sent_idx": 1},
                "arguments": [
                    {"entity_id": "doc-1-T2", "role": "Attacker", "text": "Gunmen"},
                    {"entity_id": "doc-1-T3", "role": "Place", "text": "Kandahar"},
                ],
            },
            {
                "id": "doc-1-E2",
                "event_type": "Life.Die.Unspecified",
                "trigger": {"start": 12, "end": 13, "text": "killed", "sent_idx": 2},
                "arguments": [
                    {"entity_id": "doc-1-T4", "role": "Killer", "text": "They"},
                    {"entity_id": "doc-1-T5", "role": "Victim", "text": "guards"},
                ],
            },
        ],
    }


def test_rebuild_text_breaks_after_a_headline():
    doc = _handmade_doc()
    text = we.rebuild_text(doc["sentences"])
    assert text.startswith("Militants storm border post\nGunmen attacked")
    assert "Kandahar . They killed" in text
    for sent in doc["sentences"]:
        for word, a, b in sent[0]:
            assert text[a:b] == word


def test_loader_reads_events_arguments_and_coreference(tmp_path):
    (tmp_path / "coref").mkdir()
    (tmp_path / "dev.jsonl").write_text(json.dumps(_handmade_doc()) + "\n", encoding="utf-8")
    clusters = {"doc_key": "doc-1", "clusters": [["doc-1-T2", "doc-1-T4", "doc-1-T1"]]}
    (tmp_path / "coref" / "dev.jsonlines").write_text(json.dumps(clusters) + "\n")
    [doc] = we.load_documents(tmp_path)
    assert doc.id == "doc-1"
    attack, die = doc.events
    assert doc.text[slice(*attack.trigger)] == "attacked"
    assert [(a.role, doc.text[slice(*a.span)]) for a in attack.arguments] == [
        ("Attacker", "Gunmen"),
        ("Place", "Kandahar"),
    ]
    killer = die.arguments[0]
    assert sorted(doc.text[slice(*m)] for m in killer.mentions) == ["Gunmen", "Militants", "They"]
    assert die.arguments[1].mentions == (die.arguments[1].span,)


def test_loader_limit_and_missing_file(tmp_path):
    line = json.dumps(_handmade_doc()) + "\n"
    (tmp_path / "dev.jsonl").write_text(line * 3, encoding="utf-8")
    assert len(we.load_documents(tmp_path, limit=2)) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError):
        we.load_documents(empty)


# --------------------------------------------------------------------------- predictions


def test_predicted_events_place_trigger_and_names_inside_evidence():
    text = "Rebels attacked the base. Later, Rebels attacked again near Homs."
    second = text.index("Later")
    records = SimpleNamespace(
        events=[
            {
                "acled_sub_event_type": "Armed clash",
                "trigger": "attacked",
                "evidence": [{"start": second, "end": len(text)}],
                "actors": [
                    {"name": "Rebels", "role": "actor1"},
                    {"name": "ghosts", "role": "actor2"},
                ],
                "locations": [
                    {
                        "name": "Homs",
                        "evidence": [{"start": text.index("Homs"), "end": len(text) - 1}],
                    }
                ],
            }
        ]
    )
    [ev] = we.predicted_events(records, text)
    assert text[slice(*ev.trigger)] == "attacked" and ev.trigger[0] > second
    rebels, ghosts, homs = ev.arguments
    assert [text[slice(*s)] for s in rebels.spans] == ["Rebels"] and rebels.spans[0][0] > second
    assert ghosts.spans == ()
    assert (homs.role, text[slice(*homs.spans[0])]) == ("location", "Homs")


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ("army", [(4, 8)]),  # case-insensitive fall-back
        ("Army", [(4, 8)]),
        ("arm", []),  # whole words only
    ],
)
def test_locate(needle, expected):
    assert we.locate("The Army came.", needle, [(0, 14)]) == expected


# --------------------------------------------------------------------------- scoring

MAP = we.parse_mapping(
    "type\tConflict.Attack.*\tArmed clash|Attack\n"
    "type\tLife.Die.*\tArmed clash|Attack\n"
    "role\tAttacker\tactor1\n"
    "role\tVictim\tvictim|actor2\n"
    "role\tPlace\tlocation\n"
)
#            0         1         2         3         4
#            0123456789012345678901234567890123456789012345
TEXT = "Gunmen attacked a post near Kandahar and killed guards."
ATTACK = we.GoldEvent(
    "e1",
    "Conflict.Attack.Unspecified",
    (7, 15),
    "attacked",
    (
        we.GoldArgument("Attacker", (0, 6), "Gunmen", ((0, 6),)),
        we.GoldArgument("Place", (28, 36), "Kandahar", ((28, 36),)),
    ),
)
DIE = we.GoldEvent(
    "e2",
    "Life.Die.Unspecified",
    (41, 47),
    "killed",
    (we.GoldArgument("Victim", (48, 54), "guards"),),
)
CHAT = we.GoldEvent("e3", "Contact.Contact.Broadcast", (0, 3), "Gun", ())


def _pred(kind="Armed clash", trigger=(7, 15), evidence=((0, 55),), args=()):
    return we.PredEvent(kind, trigger, evidence, tuple(args))


def _triggers(gold, pred):
    tally = we.Tally()
    we.score_triggers(gold, pred, MAP, tally)
    return tally


def test_triggers_perfect():
    tally = _triggers([ATTACK, DIE], [_pred(), _pred("Attack", (41, 47))])
    assert tally.score("trigger_identification")["f1"] == 1.0
    assert tally.score("trigger_classification")["f1"] == 1.0


def test_triggers_empty_prediction():
    tally = _triggers([ATTACK, DIE], [])
    s = tally.score("trigger_identification")
    assert (s["tp"], s["fp"], s["fn"], s["recall"], s["precision"]) == (0, 0, 2, 0.0, None)


def test_triggers_partial_and_wrong_type():
    tally = _triggers([ATTACK, DIE], [_pred("Grenade")])
    assert tally.score("trigger_identification")["tp"] == 1
    c = tally.score("trigger_classification")
    assert (c["tp"], c["fp"], c["fn"]) == (0, 1, 2)
    assert tally.table("gold_type")["Life.Die.Unspecified"]["fn"] == 1


@pytest.mark.parametrize(
    ("trigger", "hit"),
    [
        ((8, 16), True),  # off by one character: still overlaps
        ((6, 14), True),
        ((15, 17), False),  # touches the end: end-exclusive spans do not overlap
        ((3, 7), False),
    ],
)
def test_triggers_off_by_one(trigger, hit):
    tally = _triggers([ATTACK], [_pred(trigger=trigger)])
    assert tally.score("trigger_identification")["tp"] == int(hit)


def test_unmapped_gold_is_unscored_and_does_not_punish():
    tally = _triggers([ATTACK, CHAT], [_pred(), _pred(trigger=(0, 3))])
    assert tally.unscored["event type not mapped: Contact.Contact.Broadcast"] == 1
    s = tally.score("trigger_identification")
    assert (s["tp"], s["fp"], s["fn"]) == (1, 0, 0)


def test_coverage_counts_gold_triggers_inside_our_evidence():
    tally = _triggers([ATTACK, DIE], [_pred()])  # one record for both mentions
    assert tally.counts["event_coverage"] == [2, 0, 0]
    assert tally.counts["event_coverage_precision_side"] == [1, 0, 0]


def _arguments(gold, pred, modes=we.ARGUMENT_MODES):
    tally = we.Tally()
    we.score_arguments(gold, pred, MAP, tally, modes=modes)
    return tally


def test_arguments_perfect():
    args = [
        we.PredArgument("actor1", "Gunmen", ((0, 6),)),
        we.PredArgument("location", "Kandahar", ((28, 36),)),
    ]
    tally = _arguments([ATTACK], [_pred(args=args)])
    for mode in ("exact", "overlap", "coref"):
        assert tally.score(f"arguments.{mode}.classification")["f1"] == 1.0


def test_arguments_wrong_role_is_identified_not_classified():
    args = [we.PredArgument("actor2", "Gunmen", ((0, 6),))]
    tally = _arguments([ATTACK], [_pred(args=args)])
    assert tally.score("arguments.exact.identification")["tp"] == 1
    assert tally.score("arguments.exact.classification")["tp"] == 0


def test_arguments_overlap_but_not_exact():
    args = [we.PredArgument("location", "near Kandahar", ((23, 36),))]
    tally = _arguments([ATTACK], [_pred(args=args)])
    assert tally.score("arguments.exact.classification")["tp"] == 0
    assert tally.score("arguments.overlap.classification")["tp"] == 1


def test_arguments_coref_credits_another_mention():
    gold = we.GoldEvent(
        "e", "Conflict.Attack.Unspecified", (7, 15), "attacked",
        (we.GoldArgument("Attacker", (41, 47), "they", ((0, 6), (41, 47))),),
    )  # fmt: skip
    args = [we.PredArgument("actor1", "Gunmen", ((0, 6),))]
    tally = _arguments([gold], [_pred(args=args)])
    assert tally.score("arguments.overlap.classification")["tp"] == 0
    assert tally.score("arguments.coref.classification")["tp"] == 1


def test_arguments_without_our_event_are_misses():
    tally = _arguments([ATTACK], [])
    s = tally.score("arguments.overlap.identification")
    assert (s["tp"], s["fp"], s["fn"]) == (0, 0, 2)
    assert "arguments_covered.overlap.identification" not in tally.counts


def test_arguments_of_unmapped_roles_and_types_are_unscored():
    gold = we.GoldEvent(
        "e", "Conflict.Attack.Unspecified", (7, 15), "attacked",
        (we.GoldArgument("Instrument", (0, 6), "Gunmen"),),
    )  # fmt: skip
    tally = _arguments(
        [gold, we.GoldEvent("c", "Contact.Meet", (0, 3), "x", (ATTACK.arguments))], []
    )
    assert tally.unscored["argument role not mapped: Instrument"] == 1
    assert tally.unscored["arguments of unmapped event types"] == 2


def test_the_event_with_the_overlapping_trigger_is_chosen():
    near = _pred("Attack", (41, 47), args=[we.PredArgument("victim", "guards", ((48, 54),))])
    far = _pred("Armed clash", (7, 15))
    assert we.choose_event(DIE, [far, near], MAP) is near
    covering = _pred("Armed clash", (7, 15), evidence=((0, 55),))
    assert we.choose_event(DIE, [covering], MAP) is covering
    assert we.choose_event(DIE, [_pred(evidence=((0, 20),))], MAP) is None


def test_format_result_lists_scores_and_unscored():
    tally = _triggers([ATTACK, CHAT], [_pred()])
    we.score_arguments([ATTACK, CHAT], [_pred()], MAP, tally)
    result = we.build_result("wikievents", Path("x"), 3, [object()], tally, MAP, 2, 2)
    text = we.format_result(result)
    assert "trigger identification" in text and "Contact.Contact.Broadcast" in text
    assert result["command"] == "procopius eval wikievents x --json --limit 3"
    json.dumps(result)


# --------------------------------------------------------------------------- regression


@pytest.mark.skipif(not (DATA / "dev.jsonl").exists(), reason="WikiEvents data not present")
def test_regression_on_dev_slice():
    result = we.evaluate(DATA, limit=5)
    assert result["documents"] == 5
    for (metric, key), floor in FLOORS.items():
        assert result["scores"][metric][key] >= floor, (metric, result["scores"][metric])
    ident = result["scores"]["arguments"]["overlap"]["identification"]["f1"]
    assert ident >= ARGUMENT_FLOOR
    assert result["unscored"]
