"""The geoparsing scorer: span and distance scoring on hand-made pairs, the three loaders on tiny
hand-written files, and a guard on a slice of the real corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from procopius.evaluation.datasets import geoparsing as geo

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "geoparsing"

# measured 2026-11-24 with limit=10 per corpus (30 documents):
# recognition exact F1 0.564, overlap F1 0.614; end-to-end acc@161km 0.627;
# given-gold acc@161km 0.451
FLOOR_EXACT_F1 = 0.53
FLOOR_OVERLAP_F1 = 0.58
FLOOR_E2E_ACC = 0.59
FLOOR_GOLD_ACC = 0.42


def top(start: int, end: int, text: str = "x", **kw) -> geo.Toponym:
    return geo.Toponym(start, end, text, **kw)


# ---------------------------------------------------------------------------------------------
# recognition


@pytest.mark.parametrize(
    ("gold", "pred", "mode", "tp", "fp", "fn"),
    [
        ([(0, 5), (10, 15)], [(0, 5), (10, 15)], "exact", 2, 0, 0),  # perfect
        ([(0, 5), (10, 15)], [], "exact", 0, 0, 2),  # nothing predicted
        ([], [(0, 5)], "exact", 0, 1, 0),  # nothing to find
        ([(0, 5), (10, 15)], [(0, 5), (20, 25)], "exact", 1, 1, 1),  # partial
        ([(0, 5)], [(1, 5)], "exact", 0, 1, 1),  # off by one: a miss when exact
        ([(0, 5)], [(1, 5)], "overlap", 1, 0, 0),  # ... a hit when overlapping
        ([(0, 5)], [(0, 2), (3, 5)], "overlap", 1, 1, 0),  # one gold, matched once
    ],
)
def test_recognition_counts(gold, pred, mode, tp, fp, fn):
    out = geo.recognition([top(s, e) for s, e in gold], pred, mode)
    assert (out["tp"], out["fp"], out["fn"]) == (tp, fp, fn)


def test_recognition_ignores_predictions_on_ignored_spans():
    literal = [top(0, 5, kind="Literal")]
    associative = [top(10, 16, kind="Demonym", group=geo.ASSOCIATIVE)]
    out = geo.recognition(literal, [(0, 5), (10, 16)], "exact", ignore=associative)
    assert (out["tp"], out["fp"], out["fn"]) == (1, 0, 0)
    out = geo.recognition(literal + associative, [(0, 5)], "exact")
    assert out["per_type"]["Demonym"]["recall"] == 0.0
    assert out["per_type"]["Literal"]["recall"] == 1.0


def test_resolution_scores_known_values():
    out = geo.resolution_scores([0.0, 100.0, 200.0, None])
    assert out["n"] == 4
    assert out["accuracy_161km"] == pytest.approx(0.5)
    assert out["median_km"] == pytest.approx(150.0)
    assert out["unresolved"] == 1
    assert out["mean_km"] == pytest.approx((0 + 100 + 200 + geo.MAX_ERROR_KM) / 4)
    assert geo.resolution_scores([0.0])["auc"] == 0.0
    assert geo.resolution_scores([None])["auc"] == pytest.approx(1.0)
    assert geo.resolution_scores([])["accuracy_161km"] is None


def test_score_document_end_to_end_errors():
    text = "Shelling hit Aleppo and Homs."
    doc = geo.GoldDocument(
        "test",
        "1",
        text,
        [
            top(13, 19, "Aleppo", lat=36.20, lon=37.16),
            top(24, 28, "Homs", lat=34.73, lon=36.71),
        ],
    )
    # Aleppo placed right, Homs placed in Aleppo (about 170 km off)
    places = [(13, 19, 36.20, 37.16), (24, 28, 36.20, 37.16)]
    tally = geo.score_document(doc, places)
    scores = tally.scores()
    assert scores["recognition_exact"]["f1"] == 1.0
    e2e = scores["resolution_end_to_end"]
    assert e2e["n"] == 2
    assert e2e["accuracy_161km"] == pytest.approx(0.5)


# ---------------------------------------------------------------------------------------------
# loaders


GWN_XML = """<?xml version="1.0" ?>
<articles>
 <article file="7">
  <title>t</title>
  <text>Troops left Mosul for the Iraqi capital.</text>
  <toponyms>
   <toponym><extractedName>Mosul</extractedName><type>Literal</type>
    <start>12</start><end>17</end><geonamesID>99072</geonamesID>
    <latitude>36.335</latitude><longitude>43.119</longitude></toponym>
   <toponym><extractedName>Iraqi</extractedName><type>Demonym</type>
    <start>26</start><end>31</end></toponym>
   <toponym><extractedName>capital</extractedName><type>Literal_Expression</type>
    <start>32</start><end>39</end></toponym>
  </toponyms>
 </article>
</articles>
"""

LGL_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
 <article docid="42">
  <text><![CDATA[Rain fell on Springfield and on Mars Hill.]]></text>
  <toponyms>
   <toponym><start>13</start><end>24</end><phrase>Springfield</phrase>
    <gaztag geonameid="4409896"><name>Springfield</name><lat>37.2</lat><lon>-93.3</lon>
    </gaztag></toponym>
   <toponym><start>32</start><end>41</end><phrase>Mars Hill</phrase></toponym>
  </toponyms>
 </article>
</articles>
"""

# GeoVirus counts offsets one character late: the loader must realign them
GEOVIRUS_XML = """<articles>
 <article>
  <source>u</source>
  <text>Cases rose in Lagos, Nigeria.</text>
  <locations>
   <location><name>Lagos</name><start>15</start><end>20</end>
    <lat>6.45</lat><lon>3.39</lon></location>
   <location><name>Nigeria</name><start>22</start><end>29</end>
    <lat>9.0</lat><lon>8.0</lon></location>
   <location><name>Abuja</name><start>2</start><end>7</end>
    <lat>9.0</lat><lon>7.5</lon></location>
  </locations>
 </article>
</articles>
"""


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_load_geowebnews(tmp_path):
    (doc,) = geo.load_geowebnews(write(tmp_path, "GWN.xml", GWN_XML))
    assert doc.doc_id == "7"
    kinds = {t.text: (t.kind, t.group) for t in doc.toponyms}
    assert kinds == {
        "Mosul": ("Literal", geo.LITERAL),
        "Iraqi": ("Demonym", geo.ASSOCIATIVE),
        "capital": ("Literal_Expression", geo.NOT_TOPONYM),
    }
    assert [t.text for t in doc.gold] == ["Mosul", "Iraqi"]
    mosul = doc.toponyms[0]
    assert doc.text[mosul.start : mosul.end] == "Mosul"
    assert (mosul.lat, mosul.lon, mosul.geonames_id) == (36.335, 43.119, "99072")
    assert not doc.toponyms[1].located


def test_load_lgl(tmp_path):
    (doc,) = geo.load_lgl(write(tmp_path, "lgl.xml", LGL_XML))
    assert doc.doc_id == "42"
    assert [(t.text, t.located) for t in doc.toponyms] == [
        ("Springfield", True),
        ("Mars Hill", False),
    ]
    assert doc.toponyms[0].geonames_id == "4409896"


def test_load_geovirus_realigns_offsets(tmp_path):
    (doc,) = geo.load_geovirus(write(tmp_path, "GeoVirus.xml", GEOVIRUS_XML))
    assert [doc.text[t.start : t.end] for t in doc.toponyms] == ["Lagos", "Nigeria"]
    assert doc.problems == {"offsets do not match the text": 1}


def test_find_corpora(tmp_path):
    write(tmp_path, "GWN.xml", GWN_XML)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "lgl.xml", LGL_XML)
    assert set(geo.find_corpora(tmp_path)) == {"GeoWebNews", "LGL"}
    other = write(tmp_path, "news.xml", GEOVIRUS_XML)
    assert geo.find_corpora(other) == {"GeoVirus": other}
    with pytest.raises(ValueError):
        geo.find_corpora(write(tmp_path, "x.xml", "<a/>"))


def test_limit_caps_documents_per_corpus(tmp_path):
    two = GWN_XML.replace("</articles>", GWN_XML.split("<articles>")[1])
    assert len(geo.load_geowebnews(write(tmp_path, "GWN.xml", two))) == 2
    assert len(geo.load_geowebnews(tmp_path / "GWN.xml", limit=1)) == 1


def test_type_groups_table_covers_every_type():
    groups = geo.type_groups()
    assert groups["Literal"] == geo.LITERAL
    assert groups["Metonymic"] == geo.ASSOCIATIVE
    assert groups["Homonym"] == geo.NOT_TOPONYM
    assert set(groups.values()) == {geo.LITERAL, geo.ASSOCIATIVE, geo.NOT_TOPONYM}


# ---------------------------------------------------------------------------------------------
# given gold toponyms, with the real gazetteer


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        ("Shells fell on Aleppo in northern Syria.", "Aleppo", 36.20, 37.16),
        ("The Syrian army advanced.", "Syrian", 35.0, 38.0),
    ],
)
def test_resolve_gold(text, name, lat, lon):
    from procopius.pipeline import gazetteer

    start = text.index(name)
    toponyms = [top(start, start + len(name), name, lat=lat, lon=lon)]
    if "Syria." in text:
        s = text.index("Syria.")
        toponyms.append(top(s, s + 5, "Syria", lat=35.0, lon=38.0))
    doc = geo.GoldDocument("test", "1", text, toponyms)
    place = geo.resolve_gold(gazetteer(), doc, 0)
    assert place is not None
    assert geo._error(toponyms[0], place.lat, place.lon) <= geo.ACCURACY_KM


# ---------------------------------------------------------------------------------------------
# regression guard on the real data


@pytest.mark.skipif(not DATA.is_dir(), reason="shared geoparsing data not present")
def test_regression_on_a_slice():
    result = geo.evaluate(DATA, limit=10)
    assert result["documents"] == 30
    s = result["scores"]
    assert s["recognition_exact"]["f1"] >= FLOOR_EXACT_F1
    assert s["recognition_overlap"]["f1"] >= FLOOR_OVERLAP_F1
    assert s["resolution_end_to_end"]["accuracy_161km"] >= FLOOR_E2E_ACC
    assert s["resolution_given_gold"]["accuracy_161km"] >= FLOOR_GOLD_ACC
    assert "command" in result and result["unscored"]
    assert "overall" not in s["per_corpus"]
    assert geo.format_result(result).startswith("geoparsing:")
