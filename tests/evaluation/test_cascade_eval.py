"""The cascade's first pass and its measurement."""

from __future__ import annotations

from pathlib import Path

import pytest

from procopius.cascade import select
from procopius.document import Document
from procopius.evaluation.datasets import cascade as cascade_eval

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


@pytest.mark.parametrize(
    "text",
    [
        "On 3 May gunmen attacked a police post near Marka, killing four officers.",
        "The militia ambushed an army convoy; two soldiers were wounded in the clash.",
        "Rebels shelled the town overnight and the army said 12 civilians died.",
        "Police are investigating a homicide at a petrol station on the ring road.",
        "A car exploded outside the market; shops nearby were ransacked.",
        "The two assassinations were carried out with firearms bought abroad.",
    ],
)
def test_short_conflict_reports_are_selected(text: str) -> None:
    assert select(Document(text=text)).selected


@pytest.mark.parametrize(
    "text",
    [
        "The river rises in the highlands and flows north through farmland to the sea. "
        "Its valley is known for orchards, vineyards and a cathedral built in the twelfth century. "
        * 6,
        "The company makes bicycles and sells them in forty countries. It was founded by two "
        "engineers and is based in a small town near the coast. " * 6,
        # "stable" and "establishment" are not "stabbed"
        "The stable economy helped the establishment of new banks. " * 3,
    ],
)
def test_ordinary_encyclopedia_text_is_skipped(text: str) -> None:
    sel = select(Document(text=text))
    assert not sel.selected
    assert sel.paragraphs == ()


def test_selected_paragraphs_include_the_lead_and_the_conflict_paragraphs() -> None:
    text = (
        "The Red Hand Front is an armed group in the north.\n\n"
        "The region grows cotton and maize.\n\n"
        "In 2019 its fighters attacked a checkpoint, killing two soldiers.\n"
    )
    sel = select(Document(text=text))
    chosen = [text[s:e] for s, e in sel.paragraphs]
    assert chosen[0].startswith("The Red Hand Front")
    assert any("checkpoint" in p for p in chosen)
    assert not any("cotton" in p for p in chosen)


def test_cascade_keeps_all_but_two_percent_of_gold_events() -> None:
    if not DATA.is_dir():
        pytest.skip("shared data is not here")
    result = cascade_eval.evaluate(DATA)
    overall = result["scores"]["overall"]
    # measured 0.019 (the auto unit) with `procopius eval cascade ../shared/data`
    assert overall["loss"] <= 0.02
    assert result["scores"]["units"]["paragraph"]["overall"]["loss"] <= overall["loss"]
    assert overall["events"] > 500


def test_sentence_unit_keeps_the_first_sentence_and_the_conflict_sentences() -> None:
    text = (
        "The Red Hand Front is an armed group in the north. The region grows cotton and maize. "
        "In 2019 its fighters attacked a checkpoint. Two soldiers were killed. "
        "Its markets sell fruit and cloth.\n"
    )
    sel = select(Document(text=text), unit="sentence")
    chosen = [text[s:e] for s, e in sel.paragraphs]
    assert chosen[0] == "The Red Hand Front is an armed group in the north."
    # neighbouring sentences that pass the test are read together, as one run
    assert chosen[1] == "In 2019 its fighters attacked a checkpoint. Two soldiers were killed."
    assert len(chosen) == 2
    whole = select(Document(text=text))
    assert sum(e - s for s, e in sel.paragraphs) < sum(e - s for s, e in whole.paragraphs)


def test_sentence_unit_skips_the_same_documents_as_the_paragraph_unit() -> None:
    text = "The company makes bicycles and sells them in forty countries. " * 10
    assert not select(Document(text=text), unit="sentence").selected


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="cascade unit"):
        select(Document(text="Rebels attacked the town."), unit="word")


def test_format_shows_each_unit() -> None:
    scores = {"documents": 2, "selected_fraction": 0.5, "events": 4, "kept": 3, "loss": 0.25}
    result = {
        "scores": {
            "overall": scores,
            "per_set": {"rams": scores},
            "units": {
                "auto": {"overall": scores, "per_set": {"rams": scores}},
                "paragraph": {"overall": scores, "per_set": {"rams": scores}},
                "sentence": {"overall": scores, "per_set": {"rams": scores}},
            },
        },
        "unscored": {},
        "command": "procopius eval cascade data",
    }
    out = cascade_eval.format_result(result)
    assert "unit: auto (the default)" in out
    assert "unit: paragraph\n" in out
    assert "unit: sentence" in out
    assert out.count("25.0%") == 6


DENSE = (
    "Gunmen attacked a police post near the river crossing on Sunday. Two officers were killed "
    "and three wounded in the attack.\n\n"
    "The post had been raided twice before. The region grows cotton and maize.\n\n"
    "Markets in the town reopened on Monday.\n"
)
SPARSE = (
    "Anna Berg was a Swedish painter known for her landscapes of the northern coast. She "
    "studied in Stockholm and Paris, and taught drawing at a school in Uppsala for thirty "
    "years. Her early pictures show fishing villages, harbours and the islands of the outer "
    "archipelago in winter, painted in a muted range of greys and blues. Her brother was "
    "killed in the war in 1940. She exhibited in Oslo, Copenhagen and London, and her work is "
    "held by several national museums and private collections. In the 1950s she turned to "
    "large canvases of forests and lakes, and to portraits of the people of her village. She "
    "travelled in Italy and painted its hill towns and the light of its coast, and later wrote "
    "a short book on colour for her students. A school and a street in her home town are "
    "named after her.\n"
)


def test_auto_unit_reads_dense_documents_by_paragraph_and_sparse_ones_by_sentence() -> None:
    from procopius.cascade import DEFAULT_UNIT, is_dense

    assert DEFAULT_UNIT == "auto"
    assert is_dense(DENSE) and not is_dense(SPARSE)
    dense, sparse = Document(text=DENSE), Document(text=SPARSE)
    assert select(dense).paragraphs == select(dense, unit="paragraph").paragraphs
    assert select(sparse).selected
    assert select(sparse).paragraphs == select(sparse, unit="sentence").paragraphs
    chosen = [SPARSE[s:e] for s, e in select(sparse).paragraphs]
    assert chosen[0].startswith("Anna Berg was a Swedish painter")
    assert any("killed in the war" in c for c in chosen)
    assert not any("exhibited in Oslo" in c for c in chosen)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Rebels shelled the town; the assassinations followed.", 3),
        ("An air strike hit the depot and a bridge was blown up.", 2),
        ("The bridge was blown by the wind; they blew up balloons.", 0),
        ("The stable establishment of a war-time economy.", 1),
        ("WAR, War and war2 and war_ and warfare.", 2),
        ("Soldiers, SOLDIERS and soldiers stabbed.", 4),
    ],
)
def test_conflict_words_are_whole_words_in_any_case(text: str, count: int) -> None:
    from procopius.cascade import count_terms

    assert count_terms(text) == count
    assert count_terms(text, limit=1) == min(1, count)
