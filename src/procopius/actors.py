"""Actor mentions in a stretch of text: armed groups, state forces and people.

A group is an entity the language model calls an organisation or a name shaped like one
("... Brigades", "... Front"); state forces are a country's adjective or name before a force
noun ("Israeli forces", "Syrian army"); people are person entities that the gazetteer does not
know as places.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from procopius.names import fold, grab_name, looks_like_group
from procopius.nlp import Sentence, strip_the

FORCE_NOUNS = (
    r"(?:armed forces|defen[cs]e forces|security forces|special forces|border police|"
    r"national guard|air force|army|forces|military|soldiers|troops|police|policemen|navy|"
    r"gendarmerie|militias?|warplanes|aircraft|artillery|air ?strikes?|drone strikes?|drones?|"
    r"jets|fighter jets|helicopters?|shelling|tanks)"
)
WEAPON_NOUNS = re.compile(
    r"^(?:warplanes|aircraft|artillery|air ?strikes?|drone strikes?|drones?|jets|fighter jets|helicopters?|shelling|tanks)$",
    re.I,
)
STATE_FORCE_RE = re.compile(
    rf"\b(?:the\s+)?(?P<adj>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?P<noun>{FORCE_NOUNS})\b"
)
PRONOUN_SUBJECT_RE = re.compile(
    r"\b(?:they|it|we|their (?:troops|fighters|members|militants|forces|units)|"
    r"its (?:troops|fighters|members|militants|forces|units)|the group|the organi[sz]ation|"
    r"the movement|the militants|the militia)\b",
    re.I,
)
CIVILIAN_RE = re.compile(
    r"\b(?:civilians?|villagers?|residents?|worshippers?|students?|pupils?|passengers?|farmers?|"
    r"herders?|women|children|families|market|church|mosque|school|hospital|refugees?|"
    r"displaced|pilgrims?|journalists?|aid workers?|teachers?|protesters?|demonstrators?|"
    r"hotels?|restaurants?|cafés?|cafes?|buses|bus|trains?|shops?|weddings?|funerals?|"
    r"tourists?|foreigners|guests|shoppers|commuters|people|hospitals?)\b",
    re.I,
)


@dataclass
class ActorMention:
    start: int
    end: int
    name: str
    kind: str  # group | state | person
    country: str | None = None


def state_forces(
    text: str, start: int, end: int, country_of: Callable[[str], str | None]
) -> list[ActorMention]:
    out = []
    for m in STATE_FORCE_RE.finditer(text, start, end):
        adj = m.group("adj")
        words = adj.split()
        country = country_of(adj)
        if country is None and len(words) == 2:
            country = country_of(words[-1])
            if country:
                a_start = m.start("adj") + len(words[0]) + 1
            else:
                continue
        else:
            a_start = m.start("adj")
        if country is None:
            continue
        noun_end = m.end("noun")
        name = text[a_start:noun_end]
        if WEAPON_NOUNS.match(m.group("noun")):
            # "an Israeli airstrike": the country's forces act
            name = f"{text[a_start : m.end('adj')]} forces"
        out.append(ActorMention(a_start, noun_end, name, "state", country))
    return out


def mentions_in(
    sentence: Sentence,
    start: int,
    end: int,
    text: str,
    country_of: Callable[[str], str | None],
    place_spans: list[tuple[int, int]],
) -> list[ActorMention]:
    """Groups, state forces and people mentioned between start and end, in text order."""
    found: list[ActorMention] = []

    def taken(s: int, e: int) -> bool:
        return any(m.start < e and s < m.end for m in found)

    for m in state_forces(text, start, end, country_of):
        found.append(m)
    for ent in sentence.entities:
        if ent.start < start or ent.end > end or taken(ent.start, ent.end):
            continue
        if any(ps <= ent.start and ent.end <= pe for ps, pe in place_spans):
            continue
        name = strip_the(ent.text)
        offset = ent.start + (len(ent.text) - len(name))
        joined = re.search(r"\s+and\s+(?:the\s+)?", name)
        if joined and ent.label == "ORG":
            # "the GPL and the Union of Kayna Patriots": two groups in one entity
            first = name[: joined.start()]
            second = name[joined.end() :]
            found.append(ActorMention(offset, offset + len(first), first, "group"))
            s2 = offset + joined.end()
            found.append(ActorMention(s2, s2 + len(second), second, "group"))
            continue
        if ent.label == "ORG" or (
            ent.label in {"PERSON", "NORP", "FAC", "GPE"} and looks_like_group(name)
        ):
            if country_of(name) and not looks_like_group(name):
                continue
            found.append(ActorMention(offset, ent.end, name, "group"))
        elif ent.label == "PERSON" and len(name.split()) >= 2:
            found.append(ActorMention(offset, ent.end, name, "person"))
    # names shaped like groups that the model missed
    for m in re.finditer(r"(?<![\w-])(?:the\s+)?[A-Z'‘ʿ]|(?<![\w-])al-[A-Z]", text[start:end]):
        pos = start + m.start()
        if taken(pos, pos + 1):
            continue
        span = grab_name(text, pos, end)
        if not span:
            continue
        name = text[span[0] : span[1]]
        if looks_like_group(name) and len(name) > 3 and not taken(*span):
            found.append(ActorMention(span[0], span[1], name, "group"))
    found.sort(key=lambda m: m.start)
    # "Fatah's al-Aqsa Martyrs' Brigades": the possessor names the parent, not a participant
    return [
        m
        for m in found
        if not re.match(
            r"(?:'s|’s|'|’)\s+(?:[a-z]+\s+)?(?:al-|Al-)?[A-Z]", text[m.end : m.end + 12]
        )
        or m.kind == "person"
    ]


def same_actor(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    return fa == fb or (len(fa) > 6 and (fa.endswith(" " + fb) or fb.endswith(" " + fa)))


def is_civilian_target(text: str) -> bool:
    return bool(CIVILIAN_RE.search(text))
