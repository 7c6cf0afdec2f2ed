"""The PolNeAR scorer: brat parsing and split loading on hand-written files, span, token and
relation scoring on hand-made pairs, our attributions on plain sentences, and a guard on a
slice of the real dev split."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from procopius.evaluation.datasets import polnear as pn

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "polnear"

# measured 2026-11-24 on the dev split with limit=10 articles:
# spans overlap F1 0.469, spans exact F1 0.374, tokens F1 0.399, relations F1 0.406
FLOOR_OVERLAP_F1 = 0.44
FLOOR_EXACT_F1 = 0.34
FLOOR_TOKENS_F1 = 0.37
FLOOR_RELATIONS_F1 = 0.37

TEXT = 'The mayor said the bridge would reopen. "It is safe," she added, "and tested."'

ANN = "\n".join(
    [
        "T1\tSource 0 9\tThe mayor",
        "T2\tCue 10 14\tsaid",
        "T3\tContent 15 38\tthe bridge would reopen",
        "T4\tAttribution 10 14\tsaid",
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        "T5\tSource 54 57\tshe",
        "T6\tCue 58 63\tadded",
        'T7\tContent 40 52;65 78\t"It is safe, "and tested."',
        "T8\tAttribution 58 63\tadded",
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
        "T9\tDiscard 0 3\tThe",
    ]
)


def test_parse_ann():
    atts, skipped = pn.parse_ann(ANN)
    assert len(atts) == 2
    first, second = atts
    assert (first.source, first.cue, first.content) == ([(0, 9)], [(10, 14)], [(15, 38)])
    assert second.content == [(40, 52), (65, 78)]
    assert skipped == {"Discard marks (not attributions)": 1}


def test_parse_ann_without_source_and_second_content():
    ann = "\n".join(
        [
            "T1\tCue 0 4\tsaid",
            "T2\tContent 5 9\tthat",
            "T3\tContent 12 15\tmore",
            "T4\tAttribution-no-source 0 4\tsaid",
            "E1\tAttribution-no-source:T4 Cue:T1 Content:T2 Content2:T3",
        ]
    )
    (att,), _ = pn.parse_ann(ann)
    assert att.source == []
    assert att.content == [(5, 9), (12, 15)]


def test_load_split_keeps_one_annotator(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "paper_2016-01-01_story.txt").write_text(TEXT, encoding="utf-8")
    for annotator in ("aaaa", "bbbb"):
        path = tmp_path / "attributions" / f"paper_2016-01-01_story_{annotator}.ann"
        path.write_text(ANN, encoding="utf-8")
    (tmp_path / "attributions" / "orphan_cccc.ann").write_text(ANN, encoding="utf-8")
    articles, unscored = pn.load_split(tmp_path)
    assert [(a.name, a.annotator) for a in articles] == [("paper_2016-01-01_story", "aaaa")]
    assert unscored["another annotator's copy of an article already scored"] == 2
    assert unscored["annotation file without its text"] == 1
    # the PolNeAR folder itself resolves to its dev split
    (tmp_path / "root" / "dev").mkdir(parents=True)
    (tmp_path / "root" / "dev" / "text").mkdir()
    (tmp_path / "root" / "dev" / "attributions").mkdir()
    assert pn.split_dir(tmp_path / "root").name == "dev"
    with pytest.raises(ValueError):
        pn.split_dir(tmp_path / "text")


def test_envelope_trims_quotes_and_punctuation():
    assert pn.envelope(TEXT, [(40, 52), (65, 78)]) == (41, 76)
    assert TEXT[41:76].startswith("It is safe") and TEXT[41:76].endswith("and tested")
    assert pn.envelope(TEXT, []) is None


def pred(cue, source, content):
    return pn.PredictedAttribution(cue, source, content)


GOLD, _ = pn.parse_ann(ANN)
PERFECT = [
    pred((10, 14), (0, 9), (15, 38)),
    pred((58, 63), (54, 57), (41, 76)),
]


@pytest.mark.parametrize(
    ("predicted", "mode", "tp", "fp", "fn"),
    [
        (PERFECT, "exact", 6, 0, 0),
        ([], "exact", 0, 0, 6),
        (PERFECT[:1], "exact", 3, 0, 3),  # partial: one relation of two
        ([pred((10, 14), (0, 9), (15, 37))], "exact", 2, 1, 4),  # content one character short
        ([pred((10, 14), (0, 9), (15, 37))], "overlap", 3, 0, 3),
        ([pred((10, 14), None, (15, 38))], "exact", 2, 0, 4),  # no source found
    ],
)
def test_span_scores(predicted, mode, tp, fp, fn):
    out = pn.score_article(TEXT, GOLD, predicted)[mode]
    assert (out["tp"], out["fp"], out["fn"]) == (tp, fp, fn)


def test_token_and_relation_scores():
    perfect = pn.score_article(TEXT, GOLD, PERFECT)
    assert perfect["tokens"]["f1"] == 1.0
    assert perfect["relations"]["f1"] == 1.0
    assert perfect["relations"]["source_overlaps"] == 2
    # the first relation only, with its content cut to "the bridge"
    partial = pn.score_article(TEXT, GOLD, [pred((10, 14), (0, 9), (15, 25))])
    tokens = partial["tokens"]["per_type"]
    assert tokens["content"]["tp"] == 2  # "the", "bridge"
    assert tokens["content"]["fp"] == 0
    assert tokens["cue"]["recall"] == 0.5
    assert (partial["relations"]["tp"], partial["relations"]["fn"]) == (1, 1)
    # a cue in the wrong place matches no relation
    wrong = pn.score_article(TEXT, GOLD, [pred((0, 3), None, (15, 38))])
    assert wrong["relations"]["tp"] == 0


@pytest.mark.parametrize(
    ("text", "cue", "claimant", "source"),
    [
        ("Officials in Kyiv said the road was open.", "said", "Officials", "Officials in Kyiv"),
        ("The road was open, according to local police.", "according to", "local", "local police"),
    ],
)
def test_source_span(text, cue, claimant, source):
    start = text.index(cue)
    att = SimpleNamespace(
        claimant_start=text.index(claimant), cue_start=start, cue_end=start + len(cue)
    )
    span = pn.source_span(text, att, len(text))
    assert span is not None and text[span[0] : span[1]] == source
    att.claimant_start = None
    assert pn.source_span(text, att, len(text)) is None


def test_predict_on_a_plain_sentence():
    text = "The minister said that the talks had failed."
    (att,) = pn.predict(text)
    assert text[att.cue[0] : att.cue[1]] == "said"
    assert att.source is not None and text[att.source[0] : att.source[1]] == "The minister"
    assert text[att.content[0] : att.content[1]].startswith("the talks had failed")


@pytest.mark.skipif(not (DATA / "dev").is_dir(), reason="shared PolNeAR data not present")
def test_regression_on_a_slice():
    result = pn.evaluate(DATA, limit=10)
    assert result["split"] == "dev" and result["documents"] == 10
    s = result["scores"]
    assert s["spans_overlap"]["f1"] >= FLOOR_OVERLAP_F1
    assert s["spans_exact"]["f1"] >= FLOOR_EXACT_F1
    assert s["tokens"]["f1"] >= FLOOR_TOKENS_F1
    assert s["relations_overlap"]["f1"] >= FLOOR_RELATIONS_F1
    assert result["command"].startswith("procopius eval polnear")
    assert pn.format_result(result).startswith("polnear (dev)")
