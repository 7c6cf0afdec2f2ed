"""The offline gazetteer: compiled index, look-ups, running-text matching, disambiguation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from procopius.gazetteer import (
    Gazetteer,
    PlaceMention,
    build_index,
    country_of,
    default_supplement_path,
    fold,
    haversine_km,
    index_is_current,
    read_supplement,
)


@pytest.fixture(scope="session")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_index(tmp_path_factory.mktemp("gazetteer") / "places.sqlite")


@pytest.fixture(scope="session")
def gz(index_path: Path) -> Gazetteer:
    return Gazetteer.load(index_path)


# -- folding and helpers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("Be'eri", "Beeri"),
        ("Be’eri", "BE'ERI"),
        ("Khān Yūnis", "khan yunis"),
        ("Deir al-Balah", "Deir al Balah"),
        ("the Gaza Strip", "Gaza  Strip"),
        ("Ma‘arrat an Nu‘mān", "Maarrat an Numan"),
        ("غَزَّة", "غزة"),
        ("حـلـب", "حلب"),
    ],
)
def test_fold_equates_spellings(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_haversine_known_distances() -> None:
    assert haversine_km((31.5, 34.47), (31.5, 34.47)) == 0
    # Jerusalem to Tel Aviv is about 54 km
    assert 50 < haversine_km((31.778, 35.235), (32.085, 34.782)) < 60
    # one degree of latitude is about 111 km
    assert abs(haversine_km((0.0, 0.0), (1.0, 0.0)) - 111.2) < 0.5


# -- supplement and index --------------------------------------------------------------------


def test_supplement_rows_are_well_formed() -> None:
    rows = read_supplement()
    assert len(rows) >= 150
    names = set()
    for r in rows:
        assert r["kind"] in {"town", "region", "admin1", "country"}, r
        lat, lon = float(r["lat"]), float(r["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180, r
        assert not r["country"] or len(r["country"]) == 3, r
        assert not r["population"] or r["population"].isdigit(), r
        assert (r["name"], r["country"]) not in names, r["name"]
        names.add((r["name"], r["country"]))


def test_index_is_current(index_path: Path) -> None:
    assert index_is_current(index_path)


def test_stale_index_detected(tmp_path: Path, index_path: Path) -> None:
    supplement = tmp_path / "supplement.tsv"
    shutil.copy(default_supplement_path(), supplement)
    copied = tmp_path / "places.sqlite"
    shutil.copy(index_path, copied)
    assert index_is_current(copied, supplement)
    with supplement.open("a", encoding="utf-8") as f:
        f.write("Testville\t\t10.0\t10.0\tNGA\t\ttown\t\n")
    assert not index_is_current(copied, supplement)
    assert not index_is_current(tmp_path / "missing.sqlite")


@pytest.mark.parametrize(
    "name, country, lat, lon",
    [
        ("Ashkelon", "ISR", 31.67, 34.57),
        ("Sderot", "ISR", 31.52, 34.60),
        ("Aleppo", "SYR", 36.20, 37.16),
        ("Mosul", "IRQ", 36.34, 43.13),
        ("Kandahar", "AFG", 31.61, 65.71),
        ("Maiduguri", "NGA", 11.85, 13.16),
        ("Mogadishu", "SOM", 2.04, 45.34),
        ("Khan Younis", "PSE", 31.34, 34.31),
        ("Raqqa", "SYR", 35.95, 39.01),
        ("Kyiv", "UKR", 50.45, 30.52),
    ],
)
def test_lookup_towns(gz: Gazetteer, name: str, country: str, lat: float, lon: float) -> None:
    best = gz.lookup(name)[0]
    assert best.country == country
    assert best.kind == "town"
    assert best.id.startswith("geonames:")
    assert haversine_km((best.lat, best.lon), (lat, lon)) < 10


@pytest.mark.parametrize(
    "name, country, kind",
    [
        ("Kfar Aza", "ISR", "town"),
        ("Kfar Azza", "ISR", "town"),
        ("Be'eri", "ISR", "town"),
        ("Beeri", "ISR", "town"),
        ("Kissufim", "ISR", "town"),
        ("Nir Oz", "ISR", "town"),
        ("Re’im", "ISR", "town"),
        ("Kerem Shalom", "ISR", "town"),
        ("Ein HaShlosha", "ISR", "town"),
        ("Nuseirat refugee camp", "PSE", "town"),
        ("Gaza Strip", "PSE", "region"),
        ("the West Bank", "PSE", "region"),
        ("Golan Heights", "SYR", "region"),
        ("Donbas", "UKR", "region"),
        ("Tigray", "ETH", "admin1"),
        ("Idlib Governorate", "SYR", "admin1"),
        ("Borno State", "NGA", "admin1"),
        ("Cabo Delgado", "MOZ", "admin1"),
        ("North Waziristan", "PAK", "region"),
        ("Kurdistan Region", "IRQ", "region"),
    ],
)
def test_lookup_supplement(gz: Gazetteer, name: str, country: str, kind: str) -> None:
    best = gz.lookup(name)[0]
    assert best.id.startswith("supplement:")
    assert (best.country, best.kind) == (country, kind)


def test_supplement_absorbs_geonames_duplicate(gz: Gazetteer) -> None:
    # GeoNames has Be'eri too; the supplement entry replaces it rather than doubling it
    found = gz.lookup("Be'eri")
    assert len(found) == 1
    assert found[0].population


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Syria", "SYR"),
        ("Syrian Arab Republic", "SYR"),
        ("Palestine", "PSE"),
        ("State of Palestine", "PSE"),
        ("Côte d'Ivoire", "CIV"),
        ("DR Congo", "COD"),
    ],
)
def test_lookup_countries(gz: Gazetteer, name: str, expected: str) -> None:
    best = gz.lookup(name)[0]
    assert best.kind == "country"
    assert best.id == f"country:{expected}"


@pytest.mark.parametrize(
    "name, country, english",
    [
        ("غزة", "PSE", "Gaza"),
        ("حلب", "SYR", "Aleppo"),
        ("الموصل", "IRQ", "Mosul"),
        ("قطاع غزة", "PSE", "Gaza Strip"),
    ],
)
def test_lookup_arabic(gz: Gazetteer, name: str, country: str, english: str) -> None:
    best = gz.lookup(name)[0]
    assert best.country == country
    assert gz.lookup(english)[0].id == best.id


def test_lookup_orders_supplement_before_homonyms(gz: Gazetteer) -> None:
    found = gz.lookup("Sufa")
    assert found[0].id == "supplement:sufa"
    assert len(found) > 1


def test_lookup_unknown(gz: Gazetteer) -> None:
    assert gz.lookup("Xqzzvlorp") == []


# -- find ------------------------------------------------------------------------------------


def spans(gz: Gazetteer, text: str) -> list[str]:
    return [m.text for m in gz.find(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Militants infiltrated Kfar Aza, Be'eri and Nahal Oz on the morning of the attack.",
            ["Kfar Aza", "Be'eri", "Nahal Oz"],
        ),
        (
            "Most residents of the Gaza Strip were displaced to Rafah and Khan Yunis.",
            ["Gaza Strip", "Rafah", "Khan Yunis"],
        ),
        ("The Gaza Strip is bordered by Israel and Egypt.", ["Gaza Strip", "Israel", "Egypt"]),
        (
            "In March, the Martyr Omar Al-Qassem Forces claimed a rocket attack on Sderot.",
            ["Sderot"],
        ),
        (
            "A spokesman, Hisham Abu Jamus, said the Jenin Brigade fought in Jenin camp.",
            ["Jenin camp"],
        ),
        (
            "Israeli strikes hit Deir al-Balah and the Nuseirat refugee camp, officials said.",
            ["Deir al-Balah", "Nuseirat refugee camp"],
        ),
        (
            "Mobile units of the Syrian Arab Army moved from Aleppo toward Idlib Governorate.",
            ["Aleppo", "Idlib Governorate"],
        ),
        ("Split decisions by the Arab League angered Islamic Jihad and the al-Quds Brigades.", []),
        ("Bar owners in Split and Most protested; Of course, the Mobile unit was calm.", []),
        (
            "Boko Haram fighters attacked Chibok and Gwoza in Borno State, near Maiduguri.",
            ["Chibok", "Gwoza", "Borno State", "Maiduguri"],
        ),
        ("Al-Shabaab claimed the bombing in Mogadishu, Somalia.", ["Mogadishu", "Somalia"]),
        (
            "Fighting continued in Bakhmut, Avdiivka and across the Donbas, officials said.",
            ["Bakhmut", "Avdiivka", "Donbas"],
        ),
        (
            "Israel Katz said troops would stay in southern Lebanon near Khiam.",
            ["Lebanon", "Khiam"],
        ),
        ("Prime Minister Benjamin Netanyahu spoke in Jerusalem on Tuesday.", ["Jerusalem"]),
        ("Gaza's health ministry reported deaths in Beit Lahia.", ["Gaza", "Beit Lahia"]),
        ("The Gaza War began in October.", ["Gaza"]),
        ("Hamas and the Palestinian Islamic Jihad fired rockets; Israeli forces responded.", []),
        ("قصفت الطائرات مدينة غزة وحلب", ["غزة", "حلب"]),
        ("The US and the UK condemned the attack in Kandahar.", ["US", "UK", "Kandahar"]),
        ("Fighters of the Khan Yunis Battalion withdrew.", []),
        ("A unit of the Israel Defense Forces entered Jenin.", ["Jenin"]),
        ("The Gaza Health Ministry said Kissufim was shelled.", ["Kissufim"]),
        ("Sheikh Ahmed Yassin lived in Gaza City.", ["Gaza City"]),
    ],
)
def test_find(gz: Gazetteer, text: str, expected: list[str]) -> None:
    assert spans(gz, text) == expected


def test_find_offsets_and_window(gz: Gazetteer) -> None:
    text = "Shelling hit Sderot. Later, rockets struck Ashkelon."
    mentions = gz.find(text)
    assert [(m.start, m.end) for m in mentions] == [(13, 19), (43, 51)]
    for m in mentions:
        assert text[m.start : m.end] == m.text
    window = gz.find(text, start=21)
    assert [m.text for m in window] == ["Ashkelon"]
    assert gz.find(text, 0, 20)[0].text == "Sderot"


def test_find_the_is_outside_span(gz: Gazetteer) -> None:
    m = gz.find("Troops entered the Gaza Strip at dawn.")[0]
    assert m.text == "Gaza Strip"
    assert m.candidates[0].kind == "region"


def test_resolve_uses_context_country(gz: Gazetteer) -> None:
    m = gz.find("Crowds gathered in Rafah.")[0]
    assert gz.resolve(m, context_countries=["EGY"]).country == "EGY"
    assert gz.resolve(m, context_countries=["PSE"]).country == "PSE"


def test_resolve_uses_nearby_places(gz: Gazetteer) -> None:
    cands = gz.lookup("Tripoli")
    beirut = gz.lookup("Beirut")[0]
    assert gz.resolve(cands, near=(beirut.lat, beirut.lon)).country == "LBN"
    assert gz.resolve(cands).country == "LBY"  # the more populous one


def test_resolve_prefers_supplement_then_population(gz: Gazetteer) -> None:
    assert gz.resolve(gz.lookup("Sufa")).id == "supplement:sufa"
    assert gz.resolve(gz.lookup("Kandahar")).country == "AFG"
    assert gz.resolve([]) is None
    assert gz.resolve(PlaceMention(0, 0, "", [])) is None


# -- country_of ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word, expected",
    [
        ("Israeli", "ISR"),
        ("Israelis", "ISR"),
        ("Palestinian", "PSE"),
        ("Syrian", "SYR"),
        ("Iraqi", "IRQ"),
        ("Lebanese", "LBN"),
        ("Afghan", "AFG"),
        ("Pakistani", "PAK"),
        ("Yemeni", "YEM"),
        ("Somali", "SOM"),
        ("Nigerian", "NGA"),
        ("Malian", "MLI"),
        ("Ukrainian", "UKR"),
        ("Russian", "RUS"),
        ("American", "USA"),
        ("Turkish", "TUR"),
        ("Kurdish", None),
        ("Syria", "SYR"),
        ("State of Palestine", "PSE"),
        ("Türkiye", "TUR"),
        ("Brigades", None),
    ],
)
def test_country_of(gz: Gazetteer, word: str, expected: str | None) -> None:
    assert country_of(word) == expected
    assert gz.country_of(word) == expected


@pytest.mark.parametrize(
    ("gap", "joined"),
    [(" ", True), ("  ", True), ("\u00a0", True), (" \n", True), ("   ", False), ("\n", False)],
)
def test_a_place_name_runs_across_one_or_two_spaces(gz: Gazetteer, gap: str, joined: bool) -> None:
    text = f"Fighting in Deir{gap}ez-Zor today."
    names = [m.text for m in gz.find(text)]
    assert names == ([f"Deir{gap}ez-Zor"] if joined else [])
