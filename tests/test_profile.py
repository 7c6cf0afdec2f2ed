"""The profile of an article's subject, read through the whole pipeline from short hand-written
articles: names in every script, parent organisation, people and roles, founding dates, areas."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from procopius.names import fold
from procopius.records import Actor, RecordSet

Process = Callable[..., RecordSet]

EUPHRATES = (
    "The Euphrates Free Brigades (Arabic: ألوية الفرات الحرة, romanized: Alwiyat al-Furat "
    "al-Hurra; EFB), also known as the Furat Brigades and formerly known as the Raqqa "
    "Revolutionaries Battalion, is a Syrian armed group. It is an offshoot of the Free Syrian "
    "Army (FSA). The brigades were established in March 2012 and have operated in Raqqa and "
    "Deir ez-Zor.\n"
    "== Leadership ==\n"
    "The group was led by Abu Khalid al-Raqqawi until 2016. Mahmoud Saleh al-Hussein is one "
    "of its commanders. In 2018, its spokesman Omar Abu Layla said that the group had 1,500 "
    "fighters.\n"
)
TIGRIS = (
    "The Tigris Martyrs Brigade (Arabic: كتيبة شهداء دجلة, romanized: Katibat Shuhada Dijla; "
    "TMB) is an armed group active in northern Iraq. It is the armed wing of the Assyrian "
    "Liberation Party (ALP). The brigade was founded on 12 March 2014 in Mosul and was later "
    "led by Yusuf Hanna Beth-Shlimon. The group operates in Mosul and Dohuk.\n"
)
OGADEN = (
    "The Ogaden Patriotic Movement (OPM) is a rebel group in Ethiopia. It was formed in late "
    "September 2004 by former soldiers. The movement operates in Degehabur and Kebri Dahar.\n"
)
ITURI = (
    "The Ituri Defence Committees (French: Comités de Défense de l'Ituri, CDI) are an armed "
    "wing of the Lendu Farmers Union. They were founded in 2017 by Jean-Pierre Ngadjole "
    "Mbuna, a former teacher.\n"
)
KANDAHAR = (
    "The Kandahar Fidayin Front (Pashto: د کندهار فدائيان جبهه) is an Afghan militant group. "
    "It is a splinter group of the Hizb-e Islami. It was founded by Mohammad Nabi Sherzai, "
    "and in 2015 its leader Gul Agha Wardak was arrested. Qari Yusuf Ahmadi, the group's "
    "spokesman, often speaks to the press.\n"
)


def _subject(records: RecordSet) -> Actor:
    subject = records.subject
    assert subject is not None
    return subject


def _aliases(records: RecordSet) -> dict[str, tuple[str, str | None]]:
    return {a.name: (a.kind, a.lang) for a in _subject(records).aliases}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (EUPHRATES, "Euphrates Free Brigades"),
        (TIGRIS, "Tigris Martyrs Brigade"),
        (OGADEN, "Ogaden Patriotic Movement"),
        (ITURI, "Ituri Defence Committees"),
        (KANDAHAR, "Kandahar Fidayin Front"),
    ],
)
def test_subject_is_the_opening_name(processed: Process, text: str, name: str) -> None:
    records = processed(text)
    subject = _subject(records)
    assert subject.name == name
    assert subject.is_subject
    assert [a for a in records.actors if a.is_subject] == [subject]
    ev = subject.evidence[0]
    assert text[ev.start : ev.end] == name


def test_title_names_the_subject_when_the_text_opens_otherwise(processed: Process) -> None:
    text = (
        "Founded in 2009, the Jubba Valley Alliance is an armed coalition in Somalia. It "
        "operates in Kismayo.\n"
    )
    assert _subject(processed(text, "Jubba Valley Alliance")).name == "Jubba Valley Alliance"


@pytest.mark.parametrize(
    "title",
    [
        "Jubba Valley Alliance (Somalia)",
        "Jubba Valley Alliance (militant group)",
        "Jubba Valley Alliance (3)",
    ],
)
def test_a_titles_disambiguator_is_not_part_of_the_subjects_name(
    processed: Process, title: str
) -> None:
    text = (
        "Founded in 2009, the Jubba Valley Alliance is an armed coalition in Somalia. It "
        "operates in Kismayo.\n"
    )
    assert _subject(processed(text, title)).name == "Jubba Valley Alliance"


def test_article_name_drops_only_a_trailing_disambiguator() -> None:
    from procopius.profile import article_name

    assert article_name(" Al-Shabaab (militant group) ") == "Al-Shabaab"
    assert article_name("Army of the Men of the Naqshbandi Order") == (
        "Army of the Men of the Naqshbandi Order"
    )
    assert article_name("The (New) Brigade of the North") == "The (New) Brigade of the North"
    assert article_name("(untitled)") == "(untitled)"


@pytest.mark.parametrize(
    ("text", "alias", "kind", "lang"),
    [
        (EUPHRATES, "ألوية الفرات الحرة", "native", "ar"),
        (EUPHRATES, "Alwiyat al-Furat al-Hurra", "romanized", "ar-Latn"),
        (EUPHRATES, "EFB", "acronym", None),
        (EUPHRATES, "Furat Brigades", "alias", None),
        (EUPHRATES, "Raqqa Revolutionaries Battalion", "former", None),
        (TIGRIS, "كتيبة شهداء دجلة", "native", "ar"),
        (TIGRIS, "Katibat Shuhada Dijla", "romanized", "ar-Latn"),
        (TIGRIS, "TMB", "acronym", None),
        (OGADEN, "OPM", "acronym", None),
        (ITURI, "Comités de Défense de l'Ituri", "native", "fr"),
        (ITURI, "CDI", "acronym", None),
        (KANDAHAR, "د کندهار فدائيان جبهه", "native", "ps"),
    ],
)
def test_aliases_with_kinds(
    processed: Process, text: str, alias: str, kind: str, lang: str | None
) -> None:
    assert _aliases(processed(text)).get(alias) == (kind, lang)


@pytest.mark.parametrize("text", [EUPHRATES, TIGRIS, OGADEN, ITURI, KANDAHAR])
def test_alias_evidence_is_the_alias(processed: Process, text: str) -> None:
    subject = _subject(processed(text))
    assert subject.aliases
    for alias in subject.aliases:
        assert fold(alias.name) != fold(subject.name)
        assert [e.text for e in alias.evidence] == [alias.name]


def test_parent_acronym_is_not_an_alias_of_the_subject(processed: Process) -> None:
    assert "FSA" not in _aliases(processed(EUPHRATES))
    assert "ALP" not in _aliases(processed(TIGRIS))


def test_former_name_makes_a_renamed_relation(processed: Process) -> None:
    records = processed(EUPHRATES)
    renamed = [r for r in records.relations if r.type == "renamed-to"]
    assert len(renamed) == 1
    assert "Raqqa Revolutionaries Battalion" in (renamed[0].worded or "")


@pytest.mark.parametrize(
    ("text", "parent", "relation", "acronym"),
    [
        (EUPHRATES, "Free Syrian Army", "offshoot of", "FSA"),
        (TIGRIS, "Assyrian Liberation Party", "armed wing of", "ALP"),
        (ITURI, "Lendu Farmers Union", "armed wing of", None),
        (KANDAHAR, "Hizb-e Islami", "splinter group of", None),
    ],
)
def test_parent_with_relation_as_worded(
    processed: Process, text: str, parent: str, relation: str, acronym: str | None
) -> None:
    records = processed(text)
    subject = _subject(records)
    assert [(p.name, p.relation) for p in subject.parents] == [(parent, relation)]
    assert parent in subject.parents[0].evidence[0].text
    # the parent is an actor of its own, and a parent relation joins the two
    actor = next(a for a in records.actors if a.name == parent)
    assert [al.name for al in actor.aliases] == ([acronym] if acronym else [])
    rel = next(r for r in records.relations if r.type == "parent")
    assert (rel.source, rel.target, rel.worded) == (subject.id, actor.id, relation)


@pytest.mark.parametrize(
    ("text", "person", "role"),
    [
        (EUPHRATES, "Abu Khalid al-Raqqawi", "leader"),  # "was led by X"
        (EUPHRATES, "Mahmoud Saleh al-Hussein", "commander"),  # "X is one of its commanders"
        (EUPHRATES, "Omar Abu Layla", "spokesperson"),  # "its spokesman X"
        (TIGRIS, "Yusuf Hanna Beth-Shlimon", "leader"),
        (ITURI, "Jean-Pierre Ngadjole Mbuna", "founder"),  # "founded ... by X"
        (KANDAHAR, "Mohammad Nabi Sherzai", "founder"),  # "founded by X"
        (KANDAHAR, "Gul Agha Wardak", "leader"),  # "its leader X"
        (KANDAHAR, "Qari Yusuf Ahmadi", "spokesperson"),  # "X, the group's spokesman"
    ],
)
def test_people_with_roles(processed: Process, text: str, person: str, role: str) -> None:
    people = {p.name: p for p in _subject(processed(text)).people}
    assert person in people, sorted(people)
    assert role in people[person].roles
    assert any(person in e.text for e in people[person].evidence)


def test_people_are_not_groups_or_places(processed: Process) -> None:
    for text in (EUPHRATES, TIGRIS, OGADEN, ITURI, KANDAHAR):
        subject = _subject(processed(text))
        names = {p.name for p in subject.people}
        assert not names & {subject.name, *(p.name for p in subject.parents)}
        assert not names & {a.name for a in subject.areas}


@pytest.mark.parametrize(
    ("text", "person", "role"),
    [
        (
            "The Shabelle Resistance Front is an armed group in Somalia. Its spokesman Yusuf "
            "Ali Gedi denied the reports.\n",
            "Yusuf Ali Gedi",
            "spokesperson",
        ),
        (
            "The Shabelle Resistance Front is an armed group in Somalia. Its commander Ahmad "
            "Hamid Jama was killed in 2017.\n",
            "Ahmad Hamid Jama",
            "commander",
        ),
    ],
)
def test_people_named_after_a_capitalised_possessive(
    processed: Process, text: str, person: str, role: str
) -> None:
    people = {p.name: p.roles for p in _subject(processed(text)).people}
    assert role in people.get(person, [])


@pytest.mark.parametrize(
    ("text", "date", "precision", "qualifier", "note"),
    [
        (EUPHRATES, "2012-03", "month", None, "established"),
        (TIGRIS, "2014-03-12", "day", None, "founded"),
        (OGADEN, "2004-09", "month", "late", "formed"),
        (ITURI, "2017", "year", None, "founded"),
    ],
)
def test_founding_date_with_precision(
    processed: Process, text: str, date: str, precision: str, qualifier: str | None, note: str
) -> None:
    founded = _subject(processed(text)).founded
    assert [(f.date, f.precision, f.qualifier, f.note) for f in founded] == [
        (date, precision, qualifier, note)
    ]
    assert founded[0].evidence[0].text.startswith(note) or note in founded[0].evidence[0].text


def test_founding_date_before_the_verb(processed: Process) -> None:
    text = (
        "The Shabelle Resistance Front is an armed group in Somalia. In late 2009 the front "
        "was formed by clan elders.\n"
    )
    founded = _subject(processed(text)).founded
    assert [(f.date, f.precision, f.qualifier) for f in founded] == [("2009", "year", "late")]


@pytest.mark.parametrize(
    ("text", "areas", "country"),
    [
        (EUPHRATES, ["Raqqa", "Deir ez-Zor"], "SYR"),
        (TIGRIS, ["Mosul", "Dohuk"], "IRQ"),
        (OGADEN, ["Degehabur", "Kebri Dahar"], "ETH"),
    ],
)
def test_areas_of_operation_with_coordinates(
    processed: Process, text: str, areas: list[str], country: str
) -> None:
    found = {a.name: a for a in _subject(processed(text)).areas}
    for name in areas:
        assert name in found, sorted(found)
        area = found[name]
        assert area.country == country
        assert area.lat is not None and area.lon is not None
        assert -90 <= area.lat <= 90 and -180 <= area.lon <= 180
        assert name in area.evidence[0].text


def test_area_coordinates_are_the_towns(processed: Process) -> None:
    mosul = next(a for a in _subject(processed(TIGRIS)).areas if a.name == "Mosul")
    assert mosul.lat == pytest.approx(36.34, abs=0.2)
    assert mosul.lon == pytest.approx(43.13, abs=0.2)


def test_article_with_no_named_subject_has_no_profile(processed: Process) -> None:
    records = processed("it rained in the valley for three days and the roads were closed.\n")
    assert records.subject is None
    assert records.relations == []


WIKI_ARTICLE = """{{Infobox militant organization
| name = Red Valley Guard
| native_name = Garde de la Vallée Rouge
| native_name_lang = fr
| leaders = Amadou Keita Diallo; Fatou Sow (spokesperson)
| foundation = 3 June 2015
| area = Mopti Region
| allies = Dogon Hunters' League
| opponents = Malian Armed Forces
}}
The '''Red Valley Guard''' is an armed group in central [[Mali]].

== History ==
On 4 May 2018 the group attacked an army post near [[Mopti]], killing three soldiers.
"""


def test_infobox_fields_join_the_profile_with_evidence() -> None:
    from procopius.pipeline import process
    from procopius.readers import read_text

    doc = read_text(WIKI_ARTICLE, fmt="wikitext")
    records = process(doc)
    subject = records.subject
    assert subject is not None and subject.name == "Red Valley Guard"
    aliases = {(a.name, a.kind, a.lang) for a in subject.aliases}
    assert ("Garde de la Vallée Rouge", "native", "fr") in aliases
    people = {p.name: p.roles for p in subject.people}
    assert "leader" in people["Amadou Keita Diallo"]
    assert "spokesperson" in people["Fatou Sow"]
    assert any(f.date == "2015-06-03" and f.precision == "day" for f in subject.founded)
    assert any(a.name == "Mopti Region" for a in subject.areas)
    assert any(a.name == "Dogon Hunters' League" for a in subject.allies)
    assert any(r.type == "rival" for r in records.relations)
    for item in [*subject.people, *subject.allies, *subject.areas]:
        for ev in item.evidence:
            assert doc.text[ev.start : ev.end] == ev.text
    # the infobox block is not read as prose: no event comes from its lines
    infobox = doc.sections[-1]
    assert all(ev.start < infobox.start for e in records.events for ev in e.evidence)
