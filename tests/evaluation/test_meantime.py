"""The MEANTIME (CAT XML, TIMEX3) loader and scorer: hand-made files, then a slice of the set."""

from __future__ import annotations

from pathlib import Path

import pytest

from procopius.evaluation.datasets import meantime

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "meantime-en"

# measured 2026-11-24 on the first 40 articles: strict F1 0.738, relaxed F1 0.825, value F1 0.637
FLOORS = {"strict": 0.70, "relaxed": 0.79, "value": 0.60}

# sentences of tokens: title, dateline, body, then one sentence left unannotated
SENTENCES = [
    "Ferry service resumes".split(),
    "June 10 , 2015".split(),
    "The ferry company 's boats sailed again yesterday after a week .".split(),
    "The strike began on May 28 .".split(),
    "Talks are planned for July 2016 .".split(),
]
# (token numbers, type, value, function)
TIMEX = [
    ([3, 4, 5, 6], "DATE", "2015-06-10", "CREATION_TIME"),
    ([14], "DATE", "2015-06-09", "NONE"),
    ([16, 17], "DURATION", "P1W", "NONE"),
    ([23, 24], "DATE", "2015-05-28", "NONE"),
    ([], "DATE", "2015-06-03", "NONE"),
]


def _cat_xml() -> str:
    tokens, n = [], 0
    for s, words in enumerate(SENTENCES):
        for w in words:
            n += 1
            tokens.append(f'<token number="{n - 1}" sentence="{s}" t_id="{n}">{w}</token>')
    marks = []
    for m_id, (ids, kind, value, function) in enumerate(TIMEX, 1):
        anchors = "".join(f'<token_anchor t_id="{i + 1}"/>' for i in ids)
        marks.append(
            f'<TIMEX3 m_id="{m_id}" type="{kind}" value="{value}" '
            f'functionInDocument="{function}" anchorTimeID="">{anchors}</TIMEX3>'
        )
    marks.append('<EVENT_MENTION m_id="99"><token_anchor t_id="25"/></EVENT_MENTION>')
    return (
        '<?xml version="1.0" ?><Document doc_id="1" doc_name="1_Ferry_service_resumes" '
        'lang="en">' + "".join(tokens) + "<Markables>" + "".join(marks)
        + "</Markables><Relations/></Document>"
    )  # fmt: skip


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "intra-doc_annotation" / "corpus_x" / "1_Ferry_service_resumes.xml"
    path.parent.mkdir(parents=True)
    path.write_text(_cat_xml(), encoding="utf-8")
    return path


def test_rebuild_text_detokenises() -> None:
    words = "GM 's chief ( CEO ) said , `` Yes ''".split()
    sentences = [0] * 8 + [1] * 3
    text, spans = meantime.rebuild_text(
        [(str(i), s, w) for i, (s, w) in enumerate(zip(sentences, words, strict=True), 1)]
    )
    assert text == 'GM\'s chief (CEO) said,\n"Yes"'
    assert text[spans["5"][0] : spans["5"][1]] == "CEO"


def test_loader_reads_timexes_dct_and_annotated_part(article: Path) -> None:
    doc = meantime.load_document(article)
    assert doc.text.splitlines()[1] == "June 10, 2015"
    assert doc.dct == "2015-06-10"
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [
        ("yesterday", "DATE", "2015-06-09"),
        ("a week", "DURATION", "P1W"),
        ("May 28", "DATE", "2015-05-28"),
    ]
    assert doc.text[: doc.annotated_end].endswith("May 28.")
    assert sum(doc.unscored.values()) == 2  # the DCT and the TIMEX3 with no tokens


def test_evaluate_hand_made_article(article: Path) -> None:
    result = meantime.evaluate(article.parents[2])
    assert result["documents"] == 1
    assert result["annotations"] == 5
    s = result["scores"]
    # "yesterday" and "May 28" right; the dateline and "July 2016" (not annotated) set aside
    assert s["counts"] == {"gold": 3, "predicted": 2, "strict": 2, "relaxed": 2, "value": 2}
    assert result["predictions_set_aside"] == {
        "on the document creation time": 1,
        "after the annotated sentences": 1,
    }
    assert "value" in meantime.format_result(result)


@pytest.mark.skipif(not DATA.is_dir(), reason="MEANTIME data not present")
def test_regression_on_first_articles() -> None:
    result = meantime.evaluate(DATA, limit=40)
    assert result["documents"] == 40
    s = result["scores"]
    for key, floor in FLOORS.items():
        assert s[key]["f1"] >= floor, (key, s[key])
