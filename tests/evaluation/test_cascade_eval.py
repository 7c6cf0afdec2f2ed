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
    # measured 0.015 with `procopius eval cascade ../shared/data`
    assert overall["loss"] <= 0.02
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
                "paragraph": {"overall": scores, "per_set": {"rams": scores}},
                "sentence": {"overall": scores, "per_set": {"rams": scores}},
            },
        },
        "unscored": {},
        "command": "procopius eval cascade data",
    }
    out = cascade_eval.format_result(result)
    assert "unit: paragraph (the default)" in out
    assert "unit: sentence" in out
    assert out.count("25.0%") == 4
