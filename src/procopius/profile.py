"""The profile of the actor an article is about: its names in every script, parent
organisation, people and their roles, founding dates and areas of operation."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from procopius.names import fold, grab_name, is_capitalised, looks_like_group
from procopius.nlp import FUNCTION_WORDS, NON_LATIN_RE, Tok, non_latin_runs
from procopius.reading import Reading
from procopius.records import Alias, Area, Evidence, Founding, Parent, Person

LANGUAGES = {
    "arabic": "ar",
    "hebrew": "he",
    "persian": "fa",
    "farsi": "fa",
    "pashto": "ps",
    "urdu": "ur",
    "kurdish": "ku",
    "sorani": "ckb",
    "kurmanji": "kmr",
    "somali": "so",
    "russian": "ru",
    "ukrainian": "uk",
    "french": "fr",
    "spanish": "es",
    "turkish": "tr",
    "tamil": "ta",
    "hindi": "hi",
    "bengali": "bn",
    "amharic": "am",
    "tigrinya": "ti",
    "hausa": "ha",
    "tagalog": "tl",
    "filipino": "fil",
    "portuguese": "pt",
    "german": "de",
    "italian": "it",
    "aramaic": "arc",
    "syriac": "syc",
    "dari": "prs",
    "baluchi": "bal",
    "balochi": "bal",
    "berber": "ber",
    "tamazight": "ber",
    "swahili": "sw",
    "burmese": "my",
    "nepali": "ne",
    "sinhala": "si",
    "chechen": "ce",
    "georgian": "ka",
    "armenian": "hy",
    "greek": "el",
}
ROMANIZED_LABELS = ("romanized", "romanised", "transliterated", "translit", "transliteration")
ALIAS_CUES = re.compile(
    r"\b(?:also known as|also called|also referred to as|a\.k\.a\.|aka|also spelled|"
    r"better known as|commonly known as|or simply)\s+",
    re.I,
)
FORMER_CUES = re.compile(
    r"\b(?:initially|originally|formerly|previously|first|once)\s+(?:known|called|named)\s+(?:as\s+)?|"
    r"\bwas (?:initially |originally |first )?known as\s+|\bformerly\s+(?=[A-Z])|"
    r"\bunder the name\s+",
    re.I,
)
RENAMED_CUES = re.compile(
    r"\b(?:renamed|re-named|rebranded|changed its name to|changed their name to|"
    r"adopted the name|took the name)\s+(?:itself\s+|themselves\s+|as\s+|to\s+)?",
    re.I,
)
PARENT_CUES = re.compile(
    r"\b(?P<rel>(?:the |a |an )?(?:military|armed|militant|paramilitary|political|youth|"
    r"student|women's|media|special forces|guerrilla|security) wing of|"
    r"(?:an |the )?(?:offshoot|splinter group|splinter faction|faction|branch|affiliate|"
    r"subsidiary|subgroup|sub-group|division|unit|component|arm) of|"
    r"affiliated (?:with|to)|part of|a member of|loyal to|aligned with)\s+",
    re.I,
)
ROLE_WORDS = {
    "commander": "commander",
    "commanders": "commander",
    "military commander": "commander",
    "field commander": "commander",
    "leader": "leader",
    "leaders": "leader",
    "head": "leader",
    "chief": "leader",
    "emir": "leader",
    "amir": "leader",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson",
    "spokespersons": "spokesperson",
    "spokesmen": "spokesperson",
    "media officer": "media officer",
    "media official": "media officer",
    "founder": "founder",
    "founders": "founder",
    "co-founder": "founder",
    "member": "member",
    "members": "member",
    "fighter": "member",
    "fighters": "member",
    "deputy": "deputy leader",
    "deputy leader": "deputy leader",
    "deputy commander": "deputy commander",
    "treasurer": "treasurer",
    "military chief": "commander",
    "chief of staff": "chief of staff",
    "political leader": "leader",
    "negotiator": "negotiator",
    "official": "official",
    "officials": "official",
    "ideologue": "ideologue",
    "secretary-general": "leader",
    "secretary general": "leader",
}
ROLE_RE = "|".join(sorted((re.escape(r) for r in ROLE_WORDS), key=len, reverse=True))
POSSESSIVE = r"(?i:its|their|the group's|the group’s|the organisation's|the organization's|his)"
FOUNDING_RE = re.compile(
    r"\b(?P<passive>was |were |been |being )?(?P<verb>formed|founded|established|created|set up|"
    r"launched|emerged|came into being|was born)\b"
    # a founding verb takes no object: "set up a base", "launched an offensive" found nothing
    r"(?!\s+(?:a|an|its|their|the|his|her|several|two|three|new)\b)",
    re.I,
)
AREA_RE = re.compile(
    r"\b(?:operat(?:es|ed|ing)|active|based|present|headquartered|concentrated|fights|fought)"
    r"\s+(?:mainly |mostly |primarily |largely )?(?:in|across|throughout|from)\s+",
    re.I,
)


@dataclass
class Subject:
    name: str
    start: int
    end: int
    names: set[str] = field(default_factory=set)  # folded names that refer to the subject
    head: str = ""
    surface: list[str] = field(default_factory=list)  # the names as written
    ref_patterns: Any = None  # compiled patterns for references to the subject (events.py)
    #: the ACLED actor type (set by find_subject): None for a subject that is no armed actor
    actor_type: str | None = "Rebel group"

    @property
    def armed(self) -> bool:
        """An armed actor, not a person, a happening or a thing."""
        return self.actor_type is not None

    def is_named(self, name: str) -> bool:
        key = fold(name)
        return key in self.names


def _ev(reading: Reading, start: int, end: int) -> Evidence:
    return Evidence(reading.doc.id, start, end, reading.text[start:end])


#: what a lead says of an armed actor: "is an armed group", "a Mai-Mai militia", "the military
#: wing of", "a rebel movement", "an infantry regiment"
ARMED_ACTOR_RE = re.compile(
    r"\b(?:armed|militant\w*|rebel\w*|insurgen\w*|guerrill\w*|jihad\w*|paramilitar\w*|"
    r"terroris\w*|militia\w*|self-defen[cs]e|vigilante\w*|separatis\w*|resistance|"
    r"mercenar\w*|gangs?|cartels?|army|armies|brigades?|battalions?|regiments?|forces?|"
    r"commandos?|military|fighters|fight(?:s|ing)|fought|mujahideen|warlords?|navy|"
    r"air force|gendarmerie|police)\b",
    re.I,
)


def describes_armed_actor(reading: Reading, sentences: int = 2) -> bool:
    """Whether the article's first sentences say that its subject is an armed actor (a group,
    a militia, a force). An encyclopedia article about a newspaper, a football club or a person
    has a subject too, but no armed group to profile."""
    lead = reading.sentences[:sentences]
    return any(ARMED_ACTOR_RE.search(s.text) for s in lead)


def names_a_person(reading: Reading, subject: Subject) -> bool:
    """Whether the subject is a person: the language model calls its name in the first sentence
    a person ("Henrik Angell (1861 – 1922) was a Norwegian military officer"), and the name is
    not shaped like a group's."""
    if not reading.sentences or looks_like_group(subject.name):
        return False
    return any(
        e.label == "PERSON" and e.start <= subject.start and subject.end <= e.end
        for e in reading.sentences[0].entities
    )


#: what an armed actor is, as a lead defines it ("X is a militant group", "X was the armed wing
#: of Y", "X is a special forces unit")
ACTOR_HEADS = frozenset(
    {
        "alliance",
        "arm",
        "armies",
        "army",
        "association",
        "battalion",
        "body",
        "branch",
        "brigade",
        "brotherhood",
        "cartel",
        "cell",
        "clan",
        "coalition",
        "command",
        "commando",
        "committee",
        "confederation",
        "contingent",
        "corps",
        "council",
        "detachment",
        "division",
        "faction",
        "federation",
        "fighters",
        "fleet",
        "force",
        "formation",
        "front",
        "gang",
        "gendarmerie",
        "group",
        "guard",
        "guerrillas",
        "insurgency",
        "insurgents",
        "junta",
        "league",
        "legion",
        "mafia",
        "members",
        "mercenaries",
        "militants",
        "militia",
        "movement",
        "navy",
        "network",
        "offshoot",
        "organisation",
        "organization",
        "outfit",
        "party",
        "police",
        "rebels",
        "regime",
        "regiment",
        "resistance",
        "service",
        "splinter",
        "squad",
        "squadron",
        "successor",
        "syndicate",
        "union",
        "unit",
        "wing",
    }
)
COPULAS = frozenset({"is", "was", "are", "were", "be", "been"})


def defining_heads(reading: Reading) -> list[Tok]:
    """What the first sentence says its subject is: the head nouns of the complement of "is"
    or "was" ("X is a Norwegian *company*", "X was a *militia* and political *party*"; in "one
    of the ... groups", the *groups*). Empty when the sentence has no such complement."""
    if not reading.sentences:
        return []
    toks = reading.sentences[0].tokens
    root = next((t for t in toks if t.dep == "ROOT"), None)
    if root is None or root.text.lower() not in COPULAS:
        return []
    heads = [t for t in toks if t.head == root.i and t.dep == "attr" and t.i != root.i]
    for t in list(heads):
        heads.extend(c for c in toks if c.head == t.i and c.dep == "conj" and c.i != t.i)
    out: list[Tok] = []
    for t in heads:
        if t.text.lower() in {"one", "some", "part", "member", "any", "collection", "umbrella"}:
            # "one of the oldest armed groups": the noun after "of"
            for prep in (c for c in toks if c.head == t.i and c.dep == "prep"):
                out.extend(c for c in toks if c.head == prep.i and c.dep == "pobj")
            continue
        out.append(t)
    return out


#: a state's forces, after the state's name or adjective: "an Australian Army formation", "a
#: command of the United States Navy", "a unit of the British Army"
STATE_FORCE_WORDS = frozenset(
    {"army", "navy", "military", "police", "gendarmerie", "marines", "armed forces", "air force"}
)
#: what a defining phrase leaves out: clauses and the phrases that relate the subject to
#: others ("a militia *allied with the Syrian Army*", "a group *that fought the army*")
_NOT_IN_PHRASE = frozenset({"relcl", "acl", "advcl", "appos", "conj", "cc", "punct"})


#: words that may follow a state's name in the name of its forces ("Syrian Arab Army",
#: "Korean People's Army") or stand before it ("Royal Australian Navy"); a rebel army's name
#: has others ("Free Syrian Army", "Sudan People's Liberation Army")
STATE_NAME_WORDS = frozenset({"Arab", "People's", "People’s", "Royal", "Imperial"})


def part_of_state_forces(
    reading: Reading, heads: list[Tok], country_of: Callable[[str], str | None]
) -> bool:
    """Whether the first sentence defines the subject as (part of) a state's forces: the
    phrase of one of its defining `heads` names a country's army, navy, air force, police or
    armed forces."""
    if not reading.sentences:
        return False
    toks = reading.sentences[0].tokens
    for head in heads:
        words = [t.text for t in sorted(_phrase(toks, head), key=lambda t: t.i)]
        for k in range(len(words)):
            for n in (2, 1):
                if " ".join(words[k : k + n]).lower() in STATE_FORCE_WORDS and _names_a_state(
                    words[:k], country_of
                ):
                    return True
    return False


def _names_a_state(before: list[str], country_of: Callable[[str], str | None]) -> bool:
    """Whether the capitalised words right before a force noun are a state's name or
    adjective ("United States", "Australian", "Syrian Arab"), and nothing else."""
    run: list[str] = []
    for word in reversed(before):
        if not word[:1].isupper() or word in FUNCTION_WORDS:
            break
        run.insert(0, word)
    while run and run[0] in STATE_NAME_WORDS:
        run.pop(0)
    for n in (2, 1):
        if len(run) >= n and country_of(" ".join(run[:n])):
            return all(w in STATE_NAME_WORDS for w in run[n:])
    return False


def _phrase(toks: list[Tok], head: Tok) -> list[Tok]:
    """A noun phrase: the head and its dependents, through "of" but not through clauses or
    other prepositions."""
    out = [head]
    for child in toks:
        if child.head != head.i or child.i == head.i or child.dep in _NOT_IN_PHRASE:
            continue
        if child.dep == "prep" and child.text.lower() != "of":
            continue
        out.extend(_phrase(toks, child))
    return out


def names_a_thing(heads: list[Tok]) -> bool:
    """Whether the first sentence's defining `heads` make the subject something that is not
    an actor: a company, a novel, a ship, a camp, a monument ("X was a British Army camp")."""
    return bool(heads) and not any(_actor_head(t.text.lower()) for t in heads)


def _actor_head(noun: str) -> bool:
    """An actor noun, singular or plural ("branches", "wings")."""
    return noun in ACTOR_HEADS or any(
        noun.endswith(end) and noun[: -len(end)] in ACTOR_HEADS for end in ("s", "es")
    )


#: words that make a name the name of a happening, not of an actor: "Battle of Chiari", "Winnebago
#: War", "Operation Barbarossa"
EVENT_NAME_RE = re.compile(
    r"\b(?:Battles?|Siege|Wars?|Campaign|Offensive|Operation|Massacre|Uprising|Revolt|Invasion|"
    r"Raid|Bombings?|Attacks?|Ambush|Incident|Affair|Coup|Revolution|Crisis|Conflict)\b"
)


def names_an_event(subject: Subject) -> bool:
    """Whether the subject's name is the name of a battle, a war or another happening."""
    return bool(EVENT_NAME_RE.search(subject.name))


def find_subject(
    reading: Reading, country_of: Callable[[str], str | None] | None = None
) -> Subject | None:
    """The actor the article is about: its title when the title is a name, else the name that
    opens the first sentence ("The X (...) is/are ..."), with its ACLED actor type. It is an
    armed actor when the lead says so and it is neither a person, a happening nor a thing: an
    article about a newspaper, a club, a person, a battle or a ship has a subject with a profile
    (names, founding, parent) but no armed group to type (`actor_type` None). An armed subject
    defined as part of a state's forces is `State forces` (with `country_of`, which tells a
    state's name or adjective), any other `Rebel group`."""
    subject = _find_subject(reading)
    if subject is None:
        return None
    heads = defining_heads(reading)
    if (
        not describes_armed_actor(reading)
        or names_a_person(reading, subject)
        or names_an_event(subject)
        or names_a_thing(heads)
    ):
        subject.actor_type = None
    elif country_of is not None and part_of_state_forces(reading, heads, country_of):
        subject.actor_type = "State forces"
    return subject


#: a Wikipedia title's disambiguator: "Al-Shabaab (militant group)", "Title (2)"
DISAMBIGUATOR_RE = re.compile(r"\s+\([^()]*\)$")


def article_name(title: str) -> str:
    """The name an article's title gives its subject: the title without a trailing
    parenthesised disambiguator, as Wikipedia adds to titles that would clash."""
    return DISAMBIGUATOR_RE.sub("", title.strip())


def _find_subject(reading: Reading) -> Subject | None:
    text = reading.text
    if not reading.sentences:
        return None
    first = reading.sentences[0]
    title = article_name(reading.doc.title)
    if title and looks_like_group(title):
        # a title that names a group and appears in the text is the subject
        m = re.search(re.escape(title), text, re.I)
        if m:
            name = text[m.start() : m.end()]
            return Subject(
                name=name,
                start=m.start(),
                end=m.end(),
                names={fold(name)},
                head=name.split()[-1].lower(),
            )
    if DATELINE_RE.match(text[first.start : first.start + 80]):
        return None  # "BEIRUT - ...": a news dateline, not an article about one actor
    span = grab_name(text, first.start, first.end)
    if title and not looks_like_group(title) and span:
        title = ""
    if span is None and title:
        idx = text.find(title)
        if idx >= 0:
            span = (idx, idx + len(title))
    if span is None:
        return None
    name = text[span[0] : span[1]]
    if not looks_like_group(name) and not (title and fold(title) == fold(name)):
        # a name opening the article is its subject when the sentence defines it:
        # "X (...) is an armed group", "X, also known as Y, are ..."
        rest = text[span[1] : first.end]
        rest = re.sub(r"\([^)]*\)", "", rest)
        if not re.match(r"\s*(?:,[^,]{0,120},\s*)?(?:is|are|was|were|has been)\b", rest):
            return None
    if title and fold(title) != fold(name) and looks_like_group(title):
        idx = text.find(title)
        if idx >= 0:
            span, name = (idx, idx + len(title)), title
    words = name.split()
    subj = Subject(name=name, start=span[0], end=span[1], names={fold(name)})
    subj.head = words[-1].lower() if words else ""
    return subj


def extract_aliases(reading: Reading, subject: Subject) -> list[Alias]:
    text = reading.text
    out: list[Alias] = []
    seen: set[tuple[str, str]] = set()

    def add(start: int, end: int, kind: str, lang: str | None = None) -> None:
        name = text[start:end].strip().strip(",;")
        if not name or fold(name) == fold(subject.name):
            return
        key = (fold(name), kind)
        if key in seen or any(fold(a.name) == key[0] for a in out):
            return
        seen.add(key)
        subject.names.add(fold(name))
        out.append(Alias(name=name, kind=kind, lang=lang, evidence=[_ev(reading, start, end)]))

    anchors: list[tuple[int, int]] = [(subject.start, subject.end)]
    for m in ALIAS_CUES.finditer(text):
        span = grab_name(text, m.end())
        if span and _near_subject(reading, subject, m.start()):
            add(*span, "alias")
            anchors.append(span)
    for m in FORMER_CUES.finditer(text):
        span = grab_name(text, m.end())
        if span and looks_like_group(text[span[0] : span[1]]):
            add(*span, "former")
            anchors.append(span)
    for m in RENAMED_CUES.finditer(text):
        span = grab_name(text, m.end())
        if not span:
            continue
        name = text[span[0] : span[1]]
        if fold(name) in subject.names or not looks_like_group(name):
            continue
        if _refers_to_subject(reading, subject, m.start()):
            add(*span, "former")
            anchors.append(span)
    # parentheticals attached to the subject's names: native script, romanisation, acronyms
    for _a_start, a_end in anchors:
        for p_start, p_end in _following_parens(text, a_end):
            for item_start, item_end, label in _paren_items(text, p_start + 1, p_end):
                _alias_from_item(text, item_start, item_end, label, add)
    # acronyms written as "(ABC)" right after any later mention of the subject's name
    for m in re.finditer(re.escape(subject.name) + r"\s*\(([A-Z][A-Za-z]{1,9})\)", text):
        add(m.start(1), m.end(1), "acronym")
    return out


def _following_parens(text: str, pos: int) -> list[tuple[int, int]]:
    """Parenthesised groups that follow a name, allowing ", also known as X," between them."""
    out: list[tuple[int, int]] = []
    i = pos
    for _ in range(2):
        m = re.match(r"\s*,?\s*\(", text[i : i + 4])
        if not m:
            break
        start = i + m.end() - 1
        depth = 0
        for j in range(start, min(len(text), start + 400)):
            if text[j] == "(":
                depth += 1
            elif text[j] == ")":
                depth -= 1
                if depth == 0:
                    out.append((start, j))
                    i = j + 1
                    break
        else:
            break
    return out


def _paren_items(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Items of a parenthetical: 'Arabic: X', 'romanized: Y', 'ABC', split on ',' and ';'."""
    items: list[tuple[int, int, str]] = []
    pos = start
    for part in re.split(r"([,;])", text[start:end]):
        if part in {",", ";"}:
            pos += 1
            continue
        p_start, p_end = pos, pos + len(part)
        pos = p_end
        m = re.match(r"\s*([A-Za-z .\-]+?)\s*:\s*", part)
        label = ""
        if m:
            label = m.group(1).strip().lower().rstrip(".")
            p_start += m.end()
        else:
            m2 = re.match(
                r"\s*(abbreviated|abbr\.?|short|formerly|also|or|lit\.?|literally)\s+", part, re.I
            )
            if m2:
                label = m2.group(1).lower().rstrip(".")
                p_start += m2.end()
        while p_start < p_end and text[p_start].isspace():
            p_start += 1
        while p_end > p_start and text[p_end - 1] in " \t'\"‘’“”":
            p_end -= 1
        while (
            p_start < p_end
            and text[p_start] in "'\"‘’“”"
            and not NON_LATIN_RE.search(text[p_start])
        ):
            p_start += 1
        if p_end > p_start:
            items.append((p_start, p_end, label))
    return items


def _alias_from_item(text: str, start: int, end: int, label: str, add) -> None:  # type: ignore[no-untyped-def]
    value = text[start:end]
    lang = LANGUAGES.get(label.split()[0]) if label else None
    if label.startswith(ROMANIZED_LABELS):
        add(start, end, "romanized", "ar-Latn" if not lang else f"{lang}-Latn")
        return
    if label in {"lit", "literally", "english", "translation", "meaning"}:
        return
    if NON_LATIN_RE.search(value):
        for r_start, r_end in non_latin_runs(text, start, end):
            add(r_start, r_end, "native", lang or _script_lang(text[r_start:r_end]))
        return
    if label in {"abbreviated", "abbr", "short"} or re.fullmatch(r"[A-Z][A-Z0-9\-]{1,9}s?", value):
        add(start, end, "acronym")
        return
    if label == "formerly":
        add(start, end, "former")
        return
    if lang and value and is_capitalised(value):
        # a name in another language written in Latin script (e.g. "Spanish: Frente ...")
        add(start, end, "native", lang)
        return
    if label in {"also", "or"} and is_capitalised(value):
        add(start, end, "alias")


def _script_lang(value: str) -> str | None:
    c = next((ch for ch in value if NON_LATIN_RE.match(ch)), "")
    if not c:
        return None
    code = ord(c)
    if 0x0590 <= code <= 0x05FF:
        return "he"
    if 0x0400 <= code <= 0x04FF:
        return "ru"
    if 0x0900 <= code <= 0x097F:
        return "hi"
    return "ar"


def _near_subject(reading: Reading, subject: Subject, offset: int) -> bool:
    """True when a cue belongs to the subject: in its first sentence, or right after one of
    its names."""
    if reading.sentences and offset < reading.sentences[0].end:
        return True
    before = reading.text[max(0, offset - 80) : offset]
    return any(n and n in fold(before) for n in subject.names)


def _refers_to_subject(reading: Reading, subject: Subject, offset: int) -> bool:
    sent = reading.sentence_of(offset)
    if sent is None:
        return False
    before = reading.text[sent.start : offset]
    low = before.lower()
    return bool(
        re.search(r"\b(?:the group|the organi[sz]ation|it|they|the movement|the militia)\b", low)
        or any(n in fold(before) for n in subject.names)
        or subject.head
        and subject.head in low
    )


def extract_parents(reading: Reading, subject: Subject) -> list[tuple[Parent, str | None]]:
    """Parent organisations with the relation as worded, and an acronym written after the name."""
    text = reading.text
    out: list[tuple[Parent, str | None]] = []
    for m in PARENT_CUES.finditer(text):
        if not _refers_to_subject(reading, subject, m.start()) and not _near_subject(
            reading, subject, m.start()
        ):
            continue
        span = grab_name(text, m.end())
        if not span:
            continue
        name = text[span[0] : span[1]]
        if subject.is_named(name):
            continue
        relation = re.sub(r"^(?:the|a|an)\s+", "", m.group("rel").strip(), flags=re.I)
        acronym = None
        am = re.match(r"\s*\(([A-Z][A-Za-z\-]{1,9})\)", text[span[1] : span[1] + 14])
        if am:
            acronym = am.group(1)
        if any(fold(p.name) == fold(name) for p, _ in out):
            continue
        out.append(
            (
                Parent(name=name, relation=relation, evidence=[_ev(reading, m.start(), span[1])]),
                acronym,
            )
        )
    return out


PERSON_NAME = r"((?:['ʿʻ‘’]?[A-Z][\w'ʼ’\-]*|al-[A-Z][\w'ʼ’\-]*|el-[A-Z][\w'ʼ’\-]*|(?:bin|ibn|abu|Abu|al|el|de)\b)(?:\s+(?:['ʿʻ‘’]?[A-Z][\w'ʼ’\-]*|al-[A-Z][\w'ʼ’\-]*|el-[A-Z][\w'ʼ’\-]*|(?:bin|ibn|al|el|de|abu)\b))*)"


MEMBERS_OF_RE = re.compile(r",\s+(?:members|commanders|fighters|leaders)\s+(?:of|for|in)\b")


@lru_cache(maxsize=1)
def _people_patterns() -> tuple[tuple[re.Pattern[str], int], ...]:
    """The patterns of `extract_people` that do not name the subject, compiled once: (pattern,
    the group holding the person; 3 means the last group)."""
    roles2 = rf"(?P<role>{ROLE_RE})(?:\s+and\s+(?P<role2>{ROLE_RE}))?"
    patterns = [
        # "X is one of its commanders", "X has served as its spokesperson", "X acts as its spokesman"
        (
            rf"{PERSON_NAME},?\s+(?:is|was|are|were|became|has been|had been|remains|served as|serves as|has served as|acts as|acted as|is also)\s+(?:one of\s+)?(?:{POSSESSIVE}|the|a|an)\s+(?:\w+\s+)?{roles2}\b",
            1,
        ),
        # "its spokesman X", "their commander X", "media officer X", "the group's treasurer, X"
        (
            rf"(?:{POSSESSIVE}|the group's|the group’s|including|the|a|and|spokesman|spokeswoman)\s+(?:[\w-]+\s+)?{roles2},?\s+{PERSON_NAME}",
            3,
        ),
        # "Its commander is X", "its founder and leader is X"
        (
            rf"\b(?:[Ii]ts|[Tt]heir|[Tt]he group's)\s+(?:[\w-]+\s+)?{roles2}\s+(?:is|was|has been)\s+{PERSON_NAME}",
            3,
        ),
        # "X, the group's spokesman", "X, a commander of the group"
        (
            rf"{PERSON_NAME},\s+(?:{POSSESSIVE}|the|a|an|one of its)\s+(?:\w+\s+)?{roles2}\b",
            1,
        ),
        # "led by X", "founded by X", "led since its creation by X"
        (
            rf"\b(?P<role>led|founded|headed|commanded|co-founded)\s+(?:[\w,]+\s+){{0,4}}?by\s+(?:[Ss]heikh\s+)?{PERSON_NAME}",
            2,
        ),
    ]
    return tuple((re.compile(p), g) for p, g in patterns)


def extract_people(
    reading: Reading, subject: Subject, persons: list[tuple[int, int]]
) -> list[Person]:
    """People of the group with their roles, from patterns around person names. A surname
    alone ("founded by Sidibé") counts for the full name written elsewhere in the article."""
    text = reading.text
    found: dict[str, Person] = {}
    full_names = [text[s:e] for s, e in persons if len(text[s:e].split()) >= 2]

    def expand(name: str) -> str | None:
        if len(name.split()) >= 2:
            return name
        key = fold(name)
        for full in full_names:
            words = fold(full).split()
            if words and (words[-1] == key or key in words[1:]):
                return full
        for known in found.values():
            words = fold(known.name).split()
            if key in words:
                return known.name
        return None

    def add(start: int, end: int, role: str, ev_start: int, ev_end: int) -> None:
        name = text[start:end].strip()
        name = re.sub(r"\s+(?:and|or)$", "", name)
        name = re.sub(
            r"^(?:Sheikh|Shaykh|Dr\.?|General|Colonel|Commander|Mr\.?|Mrs\.?|Ms\.?)\s+", "", name
        )
        first = name.split()[0] if name.split() else ""
        if first in NOT_NAME_WORDS:
            return  # "In June, its fighters ...": a phrase, not a person
        full = expand(name)
        if full is None or looks_like_group(full):
            return
        key = fold(full)
        person = found.get(key)
        if person is None:
            person = Person(name=full, roles=[])
            found[key] = person
        if role not in person.roles:
            person.roles.append(role)
        person.evidence.append(_ev(reading, min(start, ev_start), max(end, ev_end)))

    patterns: list[tuple[re.Pattern[str], int]] = list(_people_patterns())
    # "X and Y, members of the Z": the one pattern that names the subject, compiled only when
    # the text has its shape
    if MEMBERS_OF_RE.search(text):
        subj_names = "|".join(
            re.escape(n)
            for n in sorted(
                {subject.name, *_surface_names(reading, subject)}, key=len, reverse=True
            )
        )
        of_subject = (
            rf"(?:of|for|in)\s+(?:the\s+)?(?:{subj_names}|the group|the organi[sz]ation|"
            r"the brigades?|the movement)"
        )
        members = (
            rf"{PERSON_NAME}(?:,\s+aged\s+\d+,)?\s+and\s+{PERSON_NAME},\s+"
            rf"(?P<role>members|commanders|fighters|leaders)\s+{of_subject}"
        )
        patterns.append((re.compile(members), 0))
    verbs = {
        "led": "leader",
        "headed": "leader",
        "commanded": "commander",
        "founded": "founder",
        "co-founded": "founder",
    }
    for pattern, group in patterns:
        for m in pattern.finditer(text):
            role_words = [m.group("role").lower()]
            if "role2" in m.re.groupindex and m.group("role2"):
                role_words.append(m.group("role2").lower())
            for role_word in role_words:
                role = verbs.get(role_word, ROLE_WORDS.get(role_word, role_word))
                if group == 0:
                    for g in (1, 2):
                        add(m.start(g), m.end(g), role, m.start(), m.end())
                    continue
                if role_word in {"member", "members", "fighter", "fighters"} and group != 1:
                    continue
                gi = len(m.groups()) if group == 3 else group
                p_start, p_end = m.start(gi), m.end(gi)
                p_start, p_end = _snap_to_person(persons, p_start, p_end)
                if not _belongs_to_subject(reading, subject, m.start(), m.group(0)):
                    continue
                add(p_start, p_end, role, m.start(), m.end())
    return list(found.values())


def _surface_names(reading: Reading, subject: Subject) -> list[str]:
    names = []
    for a in subject.names:
        i = fold(reading.text).find(a)
        if i >= 0 and a:
            names.append(reading.text[i : i + len(a)])
    return [n for n in names if n.strip()]


def _snap_to_person(persons: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """Widen a matched name to the person entity it overlaps ("Abu Samhadana" inside
    "Jamal Abu Samhadana")."""
    for p_start, p_end in persons:
        if p_start < end and start < p_end:
            return min(start, p_start), max(end, p_end)
    return start, end


def _belongs_to_subject(reading: Reading, subject: Subject, offset: int, matched: str) -> bool:
    low = matched.lower()
    if re.search(r"\b(?:its|their|the group's|the group’s|one of its)\b", low):
        return True
    if any(n in fold(matched) for n in subject.names):
        return True
    if re.search(r"\bby\b", low):
        return _refers_to_subject(reading, subject, offset + len(matched))
    sent = reading.sentence_of(offset)
    if sent is None:
        return False
    return any(n in fold(sent.text) for n in subject.names) or bool(
        re.search(r"\b(?:the group|they|their|its)\b", sent.text.lower())
    )


def extract_founding(reading: Reading, subject: Subject) -> list[Founding]:
    """Dates of formation: 'formed in 1969', 'established in late September 2000'."""
    out: list[Founding] = []
    for m in FOUNDING_RE.finditer(reading.text):
        sent = reading.sentence_of(m.start())
        if (
            sent is None
            or not _refers_to_subject(reading, subject, m.start())
            and not _near_subject(reading, subject, m.start())
        ):
            continue
        if m.group("verb").lower() in {"set up", "launched", "created"} and not m.group("passive"):
            continue
        # the first date after the verb in its clause, before the next founding verb
        semi = reading.text.find(";", m.end(), sent.end)
        window_end = semi if semi != -1 else sent.end
        nxt = FOUNDING_RE.search(reading.text, m.end(), window_end)
        if nxt:
            window_end = nxt.start()
        facts = reading.dates_in(m.end(), window_end)[:1]
        if not facts and m.group("passive"):
            # "In late 2009 the front was formed": a date earlier in the same clause
            clause_start = max(sent.start, reading.text.rfind(";", sent.start, m.start()) + 1)
            facts = reading.dates_in(clause_start, m.start())[-1:]
        for fact in facts:
            v = fact.value
            if not v.start:
                continue
            precision = v.precision if v.precision in {"day", "month", "year"} else "year"
            iso = v.start[: {"day": 10, "month": 7, "year": 4}[precision]]
            if any(f.date == iso for f in out):
                break
            out.append(
                Founding(
                    date=iso,
                    precision=precision,
                    qualifier=v.qualifier,
                    note=m.group("verb").lower(),
                    evidence=[_ev(reading, min(m.start(), fact.start), max(m.end(), fact.end))],
                )
            )
            break
    return out


DATELINE_RE = re.compile(
    r"[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w .]{1,30})?\s*(?:\([^)]{1,40}\)\s*)?[-–—:]\s"
)
#: words that open a phrase mistaken for a person's name ("In June, its fighters ...")
NOT_NAME_WORDS = FUNCTION_WORDS | {
    "Although",
    "April",
    "August",
    "Between",
    "December",
    "February",
    "However",
    "January",
    "July",
    "June",
    "March",
    "May",
    "November",
    "October",
    "September",
    "Until",
}
AREA_STOP_RE = re.compile(
    r"[.;]\s|,\s+(?:where|which|who|whose|while|and\s+(?=[a-z]))|\s+(?:near|between|where|which|and\s+(?=[a-z]))\s"
)
GEO_NOUNS = (
    r"(?:valley|basin|plains?|mountains|hills|highlands|delta|coast|desert|plateau|corridor)"
)


def extract_areas(reading: Reading, subject: Subject) -> list[Area]:
    """Where the group operates: the places named after "active in", "operates in",
    "based in" in a sentence about the group (countries are left out: they are context)."""
    text = reading.text
    out: list[Area] = []
    lookup = reading.lookup_place
    for m in AREA_RE.finditer(text):
        sent = reading.sentence_of(m.start())
        if sent is None or reading.doc.section_at(m.start()):
            continue  # areas of operation are stated in the lead, before the first heading
        if not (
            _near_subject(reading, subject, m.start())
            or _refers_to_subject(reading, subject, m.start())
        ):
            continue
        stop = AREA_STOP_RE.search(text, m.end(), sent.end)
        end = stop.start() if stop else sent.end
        pos = m.end()
        while pos < end:
            word = re.match(r"\s*(?:the\s+)?", text[pos:end])
            start = pos + (word.end() if word else 0)
            span = (
                grab_name(text, start, end)
                if start < end and text[start : start + 1].isupper()
                else None
            )
            if span is None:
                nxt = re.search(r"\s", text[pos + 1 : end])
                pos = pos + 1 + (nxt.start() if nxt else end)
                continue
            s0, e0 = span
            after = re.match(r"\s+([a-z][\w-]*)", text[e0:end])
            if after and not re.fullmatch(
                rf"and|or|in|of|on|near|along|across|province|region|governorate|district|state|"
                rf"territory|county|area|department|{GEO_NOUNS}",
                after.group(1),
            ):
                # "the Syrian civil war": an adjective, not a place
                pos = e0
                continue
            geo = re.match(rf"\s+{GEO_NOUNS}\b", text[e0:end])
            if geo:
                e0 += geo.end()
            name = text[s0:e0]
            pos = e0
            if (
                looks_like_group(name)
                or name.endswith(("'s", "’s"))
                or text[e0 : e0 + 2] in {"'s", "’s"}
            ):
                continue
            cands = lookup(name)
            if cands and cands[0].kind == "country":
                continue
            if any(fold(a.name) == fold(name) for a in out):
                continue
            fact = next((f for f in reading.places_in(s0, e0 + 1)), None)
            place = fact.place if fact is not None else (cands[0] if cands else None)
            out.append(
                Area(
                    name=name,
                    lat=place.lat if place else None,
                    lon=place.lon if place else None,
                    country=place.country if place else None,
                    evidence=[_ev(reading, m.start(), e0)],
                )
            )
    return out


INFOBOX_FIELDS = {
    "native_name": "native",
    "native name": "native",
    "other_name": "alias",
    "other names": "alias",
    "also_known_as": "alias",
    "aka": "alias",
    "alternate_name": "alias",
    "former_name": "former",
    "leader": "leader",
    "leaders": "leader",
    "commander": "commander",
    "commanders": "commander",
    "founder": "founder",
    "founders": "founder",
    "spokesperson": "spokesperson",
    "spokesman": "spokesperson",
    "foundation": "founded",
    "founded": "founded",
    "formation": "founded",
    "dates": "founded",
    "active": "founded",
    "area": "area",
    "area_of_operations": "area",
    "area of operations": "area",
    "areas": "area",
    "allies": "ally",
    "parent": "parent",
    "parent_organization": "parent",
    "part_of": "parent",
    "part of": "parent",
    "opponents": "opponent",
}
INFOBOX_LINE_RE = re.compile(r"^(?P<field>[\w ]+): (?P<value>.+)$", re.MULTILINE)


@dataclass
class InfoboxFacts:
    aliases: list[Alias] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    founded: list[Founding] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    allies: list[tuple[str, Evidence]] = field(default_factory=list)
    parents: list[Parent] = field(default_factory=list)
    opponents: list[tuple[str, Evidence]] = field(default_factory=list)


def extract_infobox(reading: Reading, subject: Subject) -> InfoboxFacts:
    """Profile values from a wikitext article's infobox block ("field: value" lines in the
    document's Infobox section), each pointing to its characters."""
    facts = InfoboxFacts()
    section = next((s for s in reading.doc.sections if s.title.lower() == "infobox"), None)
    if section is None:
        return facts
    text = reading.text
    lang = reading.doc.infobox.get("native_name_lang")
    for m in INFOBOX_LINE_RE.finditer(text, section.body_start, section.end):
        kind = INFOBOX_FIELDS.get(m.group("field").strip().lower())
        if kind is None:
            continue
        v_start = m.start("value")
        for item_start, item_end in _items(text, v_start, m.end("value")):
            value = text[item_start:item_end]
            ev = _ev(reading, item_start, item_end)
            if kind in {"native", "alias", "former"}:
                if fold(value) != fold(subject.name):
                    is_native = kind == "native" or bool(NON_LATIN_RE.search(value))
                    facts.aliases.append(
                        Alias(
                            name=value,
                            kind="native" if is_native else kind,
                            lang=lang if is_native else None,
                            evidence=[ev],
                        )
                    )
            elif kind in {"leader", "commander", "founder", "spokesperson"}:
                role = kind
                paren = re.search(r"\s*\(([^)]*)\)\s*$", value)
                name = value
                if paren:
                    role = ROLE_WORDS.get(
                        paren.group(1).strip().lower(), paren.group(1).strip().lower()
                    )
                    name = value[: paren.start()]
                name = re.sub(r'\s*"[^"]*"\s*', " ", name).strip()  # a nickname in quotes
                if len(name.split()) >= 2:
                    facts.people.append(Person(name=name, roles=[role], evidence=[ev]))
            elif kind == "founded":
                for d in reading.dates_in(item_start, item_end)[:1]:
                    v = d.value
                    if v.start:
                        precision = (
                            v.precision if v.precision in {"day", "month", "year"} else "year"
                        )
                        iso = v.start[: {"day": 10, "month": 7, "year": 4}[precision]]
                        facts.founded.append(
                            Founding(
                                date=iso, precision=precision, note=m.group("field"), evidence=[ev]
                            )
                        )
                break
            elif kind == "area":
                place = next((f.place for f in reading.places_in(item_start, item_end)), None)
                facts.areas.append(
                    Area(
                        name=value,
                        lat=place.lat if place else None,
                        lon=place.lon if place else None,
                        country=place.country if place else None,
                        evidence=[ev],
                    )
                )
            elif kind == "ally":
                facts.allies.append((value, ev))
            elif kind == "parent":
                facts.parents.append(
                    Parent(name=value, relation=m.group("field").replace("_", " "), evidence=[ev])
                )
            elif kind == "opponent":
                facts.opponents.append((value, ev))
    return facts


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of an infobox value, split on ';' and ',' outside parentheses."""
    out = []
    depth = 0
    pos = start
    for i in range(start, end + 1):
        c = text[i] if i < end else ";"
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif c in ";," and depth == 0:
            a, b = pos, i
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append((a, b))
            pos = i + 1
    return out
