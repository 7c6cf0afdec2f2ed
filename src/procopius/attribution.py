"""Attribution: who said what. A cue verb ("said", "announced", "claimed", "according to"),
its claimant (a person, an organisation, or both: "their spokesman X" speaks for the group), and
the content it introduces. Claims are made from the content: one per figure, or one for a
stated motive or responsibility."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from procopius.names import fold, grab_name, looks_like_group
from procopius.nlp import Sentence
from procopius.reading import QuantityFact, Reading

CUE_RE = re.compile(
    r"\b(?P<cue>said|says|say|stated|states|reported|reports|announced|announces|claimed|claims|"
    r"declared|declares|confirmed|confirms|added|told|alleged|denied|acknowledged|admitted|"
    r"insisted|warned|wrote|posted|published|noted|asserted|boasted|according to)\b",
    re.I,
)
PERSON_CUE_PREFIX = re.compile(
    r"(?:(?P<poss>its|their|the group's|the group’s|his|her)\s+)?"
    r"(?:(?P<role>(?:military |official |media )?(?:spokesman|spokeswoman|spokesperson|commander|"
    r"leader|official|chief|head|representative|media officer))\s+)?"
    r"(?P<name>(?:['ʿ‘]?[A-Z][\w'ʼ’\-]*|al-[A-Z][\w'ʼ’\-]*)(?:\s+(?:['ʿ‘]?[A-Z][\w'ʼ’\-]*|al-[A-Z][\w'ʼ’\-]*|al|bin|ibn|abu|el|de))*)"
    r"(?:,\s*[^,]{1,60},)?\s+(?:\w+ly\s+)?$"
)
PRONOUN_PREFIX = re.compile(r"\b(?P<pron>they|he|she|it|we|the group|the organi[sz]ation|the movement)\s+(?:\w+ly\s+|also\s+|later\s+)?$", re.I)
CONTENT_LEAD = re.compile(
    r"^\s*(?:(?:in|on|via|through|to)\s+(?:an?|the|its|their|his|her)?\s*[\w\- ]{0,30}?\s+)?(?P<lead>that\s+|to\s+(?=\w)|:\s*)",
    re.I,
)
MOTIVE_RE = re.compile(
    r"^(?:which\s+\w+\s+(?:said|claimed|stated|described)\s+)?(?:was|were|is|are|as)?\s*(?:a |an |in )?"
    r"(?:response|retaliation|revenge|reprisal)\b|\bresponsibility\b",
    re.I,
)
TALLY_RE = re.compile(
    r"\b(?:had|have|has)\s+(?:been\s+)?\w+ed\b|\bhad\s+\w+\b|\bduring the (?:war|attack|conflict|"
    r"operation|campaign|year|fighting|offensive)\b|\bin total\b|\bso far\b|\bsince the (?:start|beginning)\b",
    re.I,
)
ITEM_SPLIT_RE = re.compile(r",\s+(?:and\s+)?(?:that\s+)?|;\s+|\s+and\s+that\s+|\s+and\s+(?=\d)")
KILL_RE = re.compile(r"\b(?:killed|died|dead|lost|slain|deaths?|martyred|executed)\b", re.I)


@dataclass
class Attribution:
    sentence: Sentence
    cue: str
    cue_start: int
    cue_end: int
    person: str | None
    organisation: str | None
    content_start: int
    content_end: int
    claimant_start: int | None = None
    tally: bool = False
    quantities: list[QuantityFact] = field(default_factory=list)

    @property
    def claimant(self) -> str | None:
        return self.person or self.organisation


def find_attributions(reading: Reading, subject_name: str | None) -> list[Attribution]:
    """Every attributed statement in reading order; 'he' and 'she' resolve to the last person
    who spoke, 'they' and 'the group' to the article's subject."""
    text = reading.text
    out: list[Attribution] = []
    last_person: str | None = None
    last_person_org: str | None = None
    for sent in reading.sentences:
        for m in CUE_RE.finditer(text, sent.start, sent.end):
            cue = m.group("cue").lower()
            if cue == "according to":
                span = grab_name(text, m.end(), sent.end)
                person = org = None
                if span:
                    name = text[span[0] : span[1]]
                    if looks_like_group(name):
                        org = name
                    else:
                        person = name
                c_start, c_end = sent.start, m.start()
                out.append(_make(reading, sent, cue, m, person, org, c_start, c_end, span[0] if span else None))
                continue
            before = text[sent.start : m.start()]
            clause_before = re.split(r"[,;]\s+(?=[a-z])|\bthat\s+", before)[-1]
            person = org = None
            claimant_start = None
            pm = PERSON_CUE_PREFIX.search(clause_before)
            pr = PRONOUN_PREFIX.search(clause_before)
            if pr:
                pron = pr.group("pron").lower()
                claimant_start = m.start() - len(clause_before) + pr.start()
                if pron in {"he", "she"}:
                    person, org = last_person, last_person_org
                else:
                    org = subject_name
            elif pm:
                name = pm.group("name")
                claimant_start = m.start() - len(clause_before) + pm.start()
                if looks_like_group(name) or (subject_name and fold(name) == fold(subject_name)):
                    org = name
                elif len(name.split()) >= 2 or pm.group("role"):
                    person = name
                    if pm.group("poss") in {"its", "their", "the group's", "the group’s"} or pm.group("role"):
                        org = subject_name
                else:
                    continue
            else:
                continue
            if cue in {"reported", "published", "posted"} and person is None and org is None:
                continue
            after = text[m.end() : sent.end]
            lead = CONTENT_LEAD.match(after)
            c_start = m.end() + (lead.end() if lead else 0)
            while c_start < sent.end and text[c_start].isspace():
                c_start += 1
            c_end = sent.end
            while c_end > c_start and text[c_end - 1] in ".;, ":
                c_end -= 1
            if c_end <= c_start:
                continue
            att = _make(reading, sent, cue, m, person, org, c_start, c_end, claimant_start)
            out.append(att)
            if person:
                last_person, last_person_org = person, org
    return out


def _make(reading: Reading, sent: Sentence, cue: str, m: re.Match[str], person: str | None,
          org: str | None, c_start: int, c_end: int, claimant_start: int | None) -> Attribution:
    quantities = [q for q in reading.quantities_in(c_start, c_end) if q.mention.kind == "count"]
    content = reading.text[c_start:c_end]
    tally = bool(quantities) and bool(TALLY_RE.search(content))
    return Attribution(sent, cue, m.start(), m.end(), person, org, c_start, c_end, claimant_start,
                       tally, quantities)


def content_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of a reported list: '750 rockets ... at settlements', '20 operations ...'."""
    items = []
    pos = start
    for m in ITEM_SPLIT_RE.finditer(text, start, end):
        if m.start() > pos:
            items.append((pos, m.start()))
        pos = m.end()
    if end > pos:
        items.append((pos, end))
    return items


def claim_spans(reading: Reading, att: Attribution) -> list[tuple[int, int, QuantityFact | None]]:
    """The evidence of each claim an attribution makes: the list item of each figure, or the
    whole clause for a motive or responsibility statement."""
    text = reading.text
    spans: list[tuple[int, int, QuantityFact | None]] = []
    if att.quantities:
        items = content_items(text, att.content_start, att.content_end)
        used: set[tuple[int, int]] = set()
        for q in att.quantities:
            item = next((i for i in items if i[0] <= q.start < i[1]), (q.start, att.content_end))
            if item in used:
                # two figures in one item: cut it at the second figure
                item = (q.start, item[1])
            used.add(item)
            start = item[0]
            if text[start:q.start].lower().startswith("including "):
                start += len("including ")
            spans.append((start, item[1], q))
        return spans
    content = text[att.content_start : att.content_end]
    rel_start = att.sentence.start
    if att.claimant_start is not None:
        rel = text[max(att.sentence.start, att.claimant_start - 6) : att.claimant_start]
        if re.search(r"which\s*$", rel):
            rel_start = att.claimant_start - len(rel) + rel.rfind("which")
        else:
            rel_start = att.claimant_start
    if MOTIVE_RE.search(content) and not re.search(r"\b(?:bomb|shell|attack|fire|kill)\w*\b", content[:25], re.I):
        spans.append((rel_start, att.content_end, None))
    return spans
