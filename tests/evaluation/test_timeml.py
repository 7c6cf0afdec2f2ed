"""The TimeML (.tml) loader and scorer, on small TempEval-3-style files written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from procopius.evaluation.datasets import timeml

TML = """<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<DOCID>test_001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2015-06-10" temporalFunction="false"
 functionInDocument="CREATION_TIME">June 10, 2015</TIMEX3></DCT>
<TITLE>Shelling near the river</TITLE>
<TEXT>
Militia fighters <EVENT eid="e1" class="OCCURRENCE">shelled</EVENT> the bridge \
<TIMEX3 tid="t1" type="DATE" value="2015-06-09">yesterday</TIMEX3>, a spokesman said \
&amp; added that the truce of <TIMEX3 tid="t2" type="DATE" value="2014-03">March 2014</TIMEX3> \
had held for <TIMEX3 tid="t3" type="DURATION" value="P1Y">a year</TIMEX3>.\
<TIMEX3 tid="t4" type="DATE" value="2015-06-10" anchorTimeID="t0"/>
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
</TimeML>
"""


def test_parse_tml_reads_text_timexes_and_dct() -> None:
    doc = timeml.parse_tml(TML)
    assert doc.doc_id == "test_001"
    assert doc.dct == "2015-06-10"
    assert "<" not in doc.text and "& added" in doc.text
    got = [(t.text, t.value, t.type) for t in doc.timexes]
    assert got == [
        ("yesterday", "2015-06-09", "DATE"),
        ("March 2014", "2014-03", "DATE"),
        ("a year", "P1Y", "DURATION"),
    ]
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text
    assert doc.unscored == {"no extent in the text (implied time)": 1}


def test_parse_tml_without_text_element_is_an_error() -> None:
    with pytest.raises(ValueError):
        timeml.parse_tml("<TimeML><DOCID>x</DOCID></TimeML>")


def test_evaluate_on_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.tml").write_text(TML, encoding="utf-8")
    result = timeml.evaluate(tmp_path)
    assert result["dataset"] == "timeml"
    assert result["documents"] == 1
    assert result["annotations"] == 4
    s = result["scores"]
    # "yesterday" and "March 2014" found with their values; "a year" (a duration) is not
    assert s["counts"] == {"gold": 3, "predicted": 2, "strict": 2, "relaxed": 2, "value": 2}
    assert s["strict"]["precision"] == 1.0
    assert s["by_type"]["DURATION"]["relaxed_recall"] == 0.0
    assert result["command"] == f"procopius eval timeml {tmp_path}"
    assert "strict" in timeml.format_result(result)


def test_evaluate_without_dct_cannot_place_yesterday(tmp_path: Path) -> None:
    no_dct = TML.replace('value="2015-06-10" temporalFunction', 'value="" temporalFunction')
    (tmp_path / "b.tml").write_text(no_dct, encoding="utf-8")
    s = timeml.evaluate(tmp_path / "b.tml")["scores"]
    assert s["counts"]["relaxed"] == 2
    assert s["counts"]["value"] == 1  # March 2014 only


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        timeml.evaluate(tmp_path)
