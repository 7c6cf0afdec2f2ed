"""The WikiWars (TIMEX2, ACE APF) loader and scorer: hand-made files, then a slice of the set."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from procopius.evaluation.datasets import wikiwars

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "wikiwars"

# measured 2026-11-24 on the first 3 articles: strict F1 0.824, relaxed F1 0.863, value F1 0.748
FLOORS = {"strict": 0.79, "relaxed": 0.83, "value": 0.71}

BODY = (
    "\nThe campaign\n\nThe Żuravno garrison fell on 14 October 1676. "
    "Two days later the envoys met. Fighting went on from 1677 to 1679. "
    "Raids continued until 1681.\n"
)
SGML = (
    '<DOC>\n<DOCID>99_Test</DOCID>\n<DOCTYPE SOURCE="99_test"> HISTORY ARTICLE </DOCTYPE>\n'
    "<DATETIME> 2009-12-19T17:00:00 </DATETIME>\n<TEXT>" + BODY + "</TEXT>\n</DOC>\n"
)
# (extent, VAL or None, SET)
GOLD = [
    ("2009-12-19T17:00:00", "2009-12-19T17:00:00", False),
    ("14 October 1676", "1676-10-14", False),
    ("Two days later", "1676-10-16", False),
    ("1677", "1677", False),
    ("1679", "1679", False),
    ("1681", "1681", False),
]


def _apf(plain: str) -> str:
    data = plain.encode("utf-8")
    rows = []
    for n, (extent, val, _) in enumerate(GOLD, 1):
        b = data.index(extent.encode("utf-8"))
        attrs = f' VAL="{val}"' if val else ""
        rows.append(
            f'<timex2 ID="T{n}"{attrs}><timex2_mention ID="T{n}-1"><extent>'
            f'<charseq START="{b}" END="{b + len(extent.encode()) - 1}">{extent}</charseq>'
            "</extent></timex2_mention></timex2>"
        )
    return (
        '<?xml version="1.0"?>\n<source_file><document DOCID="99_Test">'
        + "".join(rows)
        + "</document></source_file>\n"
    )


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "key").mkdir()
    (tmp_path / "in" / "99_Test.sgm").write_text(SGML, encoding="utf-8")
    plain = re.sub(r"<[^>]+>", "", SGML)
    (tmp_path / "key" / "99_Test.key.apf.xml").write_text(_apf(plain), encoding="utf-8")
    return tmp_path


def test_loader_turns_byte_offsets_into_body_offsets(folder: Path) -> None:
    [doc] = wikiwars.load(folder)
    assert doc.doc_id == "99_Test"
    assert doc.text == BODY
    assert [(t.text, t.value) for t in doc.timexes] == [(e, v) for e, v, _ in GOLD[1:]]
    for t in doc.timexes:  # the "Ż" before them is two bytes: offsets must still land
        assert doc.text[t.start : t.end] == t.text
    assert sum(doc.unscored.values()) == 1  # the header timestamp


def test_evaluate_hand_made_article(folder: Path) -> None:
    result = wikiwars.evaluate(folder)
    assert result["documents"] == 1
    assert result["annotations"] == 6
    s = result["scores"]
    # the range is split in two; "until 1681" is cut to "1681"
    assert s["counts"] == {"gold": 5, "predicted": 5, "strict": 5, "relaxed": 5, "value": 5}
    assert s["strict"]["f1"] == 1.0
    assert result["unscored"]
    assert "relaxed" in wikiwars.format_result(result)


def test_missing_folders_are_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        wikiwars.load(tmp_path)


@pytest.mark.skipif(not DATA.is_dir(), reason="WikiWars data not present")
def test_regression_on_first_articles() -> None:
    result = wikiwars.evaluate(DATA, limit=3)
    assert result["documents"] == 3
    s = result["scores"]
    for key, floor in FLOORS.items():
        assert s[key]["f1"] >= floor, (key, s[key])
