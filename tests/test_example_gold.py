"""Consistency checks for the analyst gold files of the built-in example articles."""

from __future__ import annotations

import hashlib
import html
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import procopius

GOLD_DIR = Path(__file__).parent / "gold"
EXAMPLES_DIR = Path(procopius.__file__).parent / "examples"
GOLD_FILES = sorted(GOLD_DIR.glob("*.gold.json"))

ACLED_SUB_EVENT_TYPES = {
    # Battles
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    # Explosions/Remote violence
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    # Violence against civilians
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    # Protests
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    # Riots
    "Violent demonstration",
    "Mob violence",
    # Strategic developments
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
}
ROLES = {"actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "victim"}
ALIAS_KINDS = {"native", "romanized", "alias", "former", "acronym"}
PRECISIONS = {"day", "week", "month", "year", "range"}
QUALIFIERS = {"exact", "at_least", "more_than", "at_most", "less_than", "about", "vague"}
LOCATION_KINDS = {"town", "region"}


def _load(path: Path) -> tuple[dict[str, Any], str]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent / gold["text_file"]).read_text(encoding="utf-8")
    return gold, text


def _check_evidence(evidence: dict[str, Any], text: str, where: str) -> None:
    assert set(evidence) == {"start", "end", "quote"}, where
    start, end, quote = evidence["start"], evidence["end"], evidence["quote"]
    assert 0 <= start < end <= len(text), where
    assert text[start:end] == quote, f"{where}: offsets do not give the quote"


def _check_named(entry: dict[str, Any], where: str) -> None:
    assert isinstance(entry["name"], str) and entry["name"].strip(), where
    also = entry.get("also", [])
    assert isinstance(also, list) and all(isinstance(a, str) and a for a in also), where


def test_gold_files_exist() -> None:
    assert len(GOLD_FILES) >= 5


def test_every_example_article_has_a_gold_file() -> None:
    gold_texts = {
        (path.parent / json.loads(path.read_text(encoding="utf-8"))["text_file"]).resolve()
        for path in GOLD_FILES
    }
    for article in sorted(EXAMPLES_DIR.glob("*.txt")):
        assert article.resolve() in gold_texts, f"no gold file reads {article.name}"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_top_level_and_text_hash(path: Path) -> None:
    gold, text = _load(path)
    assert gold["format"] == "article-gold/1"
    assert not Path(gold["text_file"]).is_absolute()
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == gold["text_sha256"]
    assert set(gold) <= {
        "format",
        "text_file",
        "text_sha256",
        "published",
        "subject",
        "events",
        "claims",
    }
    if "published" in gold:
        date.fromisoformat(gold["published"][:10])


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_subject_profile(path: Path) -> None:
    gold, _ = _load(path)
    subject = gold["subject"]
    if subject is None:
        return
    assert subject["name"].strip()
    for alias in subject["aliases"] or []:
        _check_named(alias, "alias")
        assert alias["kind"] in ALIAS_KINDS
    for parent in subject["parents"] or []:
        _check_named(parent, "parent")
        assert parent["relation"].strip()
    for person in subject["people"] or []:
        _check_named(person, "person")
        assert person["roles"] and all(r.strip() for r in person["roles"])
    for ally in subject["allies"] or []:
        _check_named(ally, "ally")
    for founded in subject["founded"] or []:
        assert founded["precision"] in PRECISIONS
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", founded["date"])
    for area in subject["areas"] or []:
        _check_named(area, "area")


def _check_date(d: dict[str, Any], where: str) -> None:
    assert d["precision"] in PRECISIONS, where
    start = date.fromisoformat(d["start"])
    if d.get("open_end"):
        assert d["end"] is None, where
    else:
        assert date.fromisoformat(d["end"]) >= start, where
    if "best" in d:
        assert d["best"] >= d["start"], where
    for y in d.get("accept_years", []):
        assert 1000 <= y <= 2100, where


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_events(path: Path) -> None:
    gold, text = _load(path)
    ids = [e["id"] for e in gold["events"]]
    assert len(ids) == len(set(ids)), "duplicate event ids"
    for event in gold["events"]:
        where = f"{path.name} {event['id']}"
        _check_evidence(event["evidence"], text, where)
        assert event["types"], where
        unknown = set(event["types"]) - ACLED_SUB_EVENT_TYPES
        assert not unknown, f"{where}: not ACLED sub-event types: {unknown}"
        _check_date(event["date"], where)
        for actor in event.get("actors", []):
            _check_named(actor, where)
            assert actor["role"] in ROLES, where
        for place in event.get("locations", []):
            assert place["kind"] in LOCATION_KINDS, where
            assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180, where
            assert re.fullmatch(r"[A-Z]{3}", place["country"]), where
        if "fatalities" in event:
            assert isinstance(event["fatalities"]["value"], int), where
            assert event["fatalities"]["value"] >= 0, where
        if "merge_with" in event:
            assert event["merge_with"] in ids and event["merge_with"] != event["id"], where


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_claims(path: Path) -> None:
    gold, text = _load(path)
    event_ids = {e["id"] for e in gold["events"]}
    ids = [c["id"] for c in gold["claims"]]
    assert len(ids) == len(set(ids)), "duplicate claim ids"
    for claim in gold["claims"]:
        where = f"{path.name} {claim['id']}"
        _check_evidence(claim["evidence"], text, where)
        assert claim["claimant"].strip(), where
        quantity = claim["quantity"]
        if quantity is not None:
            assert quantity["qualifier"] in QUALIFIERS, where
            assert quantity["what"].strip(), where
            if quantity["qualifier"] == "exact":
                assert quantity["low"] == quantity["value"] == quantity["high"], where
            if quantity["qualifier"] == "more_than":
                assert quantity["low"] > quantity["value"], where
        if "about" in claim:
            assert claim["about"] in event_ids, where


def test_news_story_copy_matches_its_page() -> None:
    """The gold text of a news story is the body of the example page, paragraph by paragraph."""
    for path in GOLD_FILES:
        gold, text = _load(path)
        if "published" not in gold:
            continue
        page = EXAMPLES_DIR / (Path(gold["text_file"]).stem + ".html")
        assert page.exists(), f"{path.name}: no example page {page.name}"
        source = page.read_text(encoding="utf-8")
        meta = re.search(r'property="article:published_time" content="([^"]+)"', source)
        assert meta and meta.group(1).startswith(gold["published"])
        page_text = html.unescape(re.sub(r"<[^>]+>", "", source))
        for paragraph in text.splitlines():
            assert paragraph in page_text


@pytest.mark.parametrize("article", sorted(EXAMPLES_DIR.glob("*.txt")), ids=lambda p: p.name)
def test_example_articles_are_article_length(article: Path) -> None:
    words = len(article.read_text(encoding="utf-8").split())
    assert 450 <= words <= 800
