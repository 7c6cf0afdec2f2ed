"""Attribution: who said what. A cue verb ("said", "announced", "claimed", "according to"),
its claimant (a person, an organisation, or both: "their spokesman X" speaks for the group), and
the content it introduces. Claims are made from the content: one per figure, or one for a
stated motive or responsibility."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from procopius.names import fold, is_capitalised, looks_like_group
from procopius.nlp import Sentence
from procopius.reading import QuantityFact, Reading

CUE_RE = re.compile(
    r"\b(?P<cue>said|says|say|stated|states|reported|reports|announced|announces|claimed|claims|"
    r"declared|declares|confirmed|confirms|added|told|alleged|denied|acknowledged|admitted|"
    r"insisted|warned|wrote|posted|published|noted|asserted|boasted|blamed|accused|attributed|"
    r"according to|According to)\b"
)
PERSON_CUE_PREFIX = re.compile(
    r"(?:(?P<poss>its|their|the group's|the group’s|his|her)\s+)?"
    r"(?:(?P<role>(?:military |official |media )?(?:spokesman|spokeswoman|spokesperson|commander|"
    r"leader|official|chief|head|representative|media officer))\s+)?"
    r"(?P<name>(?:['ʿ‘]?[A-Z][\w'ʼ’\-]*|al-[A-Z][\w'ʼ’\-]*)(?:\s+(?:['ʿ‘]?[A-Z][\w'ʼ’\-]*|al-[A-Z][\w'ʼ’\-]*|al|bin|ibn|abu|el|de))*)"
    r"(?:,\s*[^,]{1,60},)?\s+(?:\w+ly\s+)?$"
)
PRONOUN_PREFIX = re.compile(
    r"\b(?P<pron>they|he|she|it|we|the group|the organi[sz]ation|the movement)\s+(?:\w+ly\s+|also\s+|later\s+)?$",
    re.I,
)
CONTENT_LEAD = re.compile(
    r"^\s*(?:(?:reporters|journalists|the press|the media|(?-i:[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,3}))\s+)?"
    r"(?:(?:in|on|via|through|to)\s+(?:an?|the|its|their|his|her)?\s*[\w\- ]{0,30}?\s+)?(?P<lead>that\s+|to\s+(?=\w)|:\s*)",
    re.I,
)
MOTIVE_RE = re.compile(
    r"^(?:which\s+\w+\s+(?:said|claimed|stated|described)\s+)?(?:was|were|is|are|as)?\s*(?:a |an |in )?"
    r"(?:response|retaliation|revenge|reprisal)\b|\bresponsibility\b",
    re.I,
)
TALLY_RE = re.compile(
    r"\bduring the (?:war|attack|conflict|operation|campaign|year|fighting|offensive|uprising|"
    r"occupation|insurgency)\b|\bin total\b|\bso far\b|\bsince the (?:start|beginning)\b|"
    r"\bover the (?:past|preceding|previous|following|last)\b|\bin all\b|\baltogether\b|"
    r"\b(?:that|this|the same|the previous|last) year\b",
    re.I,
)
EVENT_UNIT_RE = re.compile(
    r"\b(?:attacks?|operations?|strikes?|raids?|clashes|incidents?|rockets?|missiles?|shells|"
    r"salvoes|salvos|ambushes|bombings?|explosions?|mortars?|sorties|assaults?)\b",
    re.I,
)
ITEM_SPLIT_RE = re.compile(r",\s+(?:and\s+)?(?:that\s+)?|;\s+|\s+and\s+that\s+|\s+and\s+(?=\d)")
KILL_RE = re.compile(r"\b(?:killed|killing|died|dead|lost|slain|deaths?|martyred|executed)\b", re.I)


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
    event_made: bool = False

    @property
    def claimant(self) -> str | None:
        return self.person or self.organisation


INVERTED_RE = re.compile(
    r",\s*(?:(?P<np1>(?!(?:several|some|most|many|all|none|one|each) of which\b|which\b|who\b|while\b)[^,;]{2,90}?),?\s+(?P<cue1>said|says|reported|added|stated|claimed|told)|"
    r"(?P<cue2>said|says|added|according to)\s+(?P<np2>(?!on\b|in\b|at\b|that\b|it\b)[^,;]{2,90}?))"
    r"(?P<tail>(?:\s+(?:reporters|journalists|(?:to|on|in|at|by|during|after|via|through|from|late|early|last|later)\b(?:(?!\bthat\b)[^,;]){0,40}?))*)\s*[.;]?\s*$"
)
ROLE_ONLY_RE = re.compile(
    r"^(?:(?P<poss>its|their|the group's|the group’s|the|a)\s+)?(?:\w+\s+)?(?P<role>spokesman|spokeswoman|spokesperson|commander|leader|chief|"
    r"founder|deputy|official|representative|media officer)$",
    re.I,
)
ROLE_NAME_RE = re.compile(
    r"(?i:^(?:(?P<poss>its|their|the group's|the group’s)\s+)?(?:[\w-]+\s+){0,3}?(?P<role>spokesman|spokeswoman|spokesperson|"
    r"commander|leader|chief|founder|deputy|official|representative|media officer|commissioner|"
    r"minister|governor|mayor|president|general|colonel|captain|officer|secretary|director|commissioner)"
    r",?\s+)(?P<name>[A-Z'ʿ‘][^,]*?),?$"
)
GENERIC_SPEAKER_RE = re.compile(
    r"^(?:the\s+)?(army|military|police|armed forces|security forces)$", re.I
)
NO_PLAIN_CLAIM_CUES = {
    "announced",
    "announces",
    "declared",
    "declares",
    "posted",
    "published",
    "wrote",
    "warned",
    "noted",
    "reported",
    "reports",
}
SUBJECT_WORDS_RE = re.compile(
    r"^(?:the\s+)?(?:group|organi[sz]ation|movement|militia|two groups|groups)$", re.I
)


class Claimants:
    """Resolves who a claimant phrase names, remembering the last person who spoke."""

    def __init__(
        self,
        subject: object | None,
        people: list[object],
        person_names: list[str] | None = None,
        forces: list[tuple[int, str]] | None = None,
    ) -> None:
        self.subject = subject
        self.people = people
        self.person_names = person_names or []
        self.forces = forces or []
        self.last_person: str | None = None
        self.last_org: str | None = None
        self.last_group: str | None = None
        self.position = 0

    @property
    def subject_name(self) -> str | None:
        return getattr(self.subject, "name", None)

    def _known_person(self, name: str) -> str | None:
        key = fold(name)
        names = [p.name for p in self.people] + self.person_names  # type: ignore[attr-defined]
        for full_name in names:
            full = fold(full_name)
            if key == full or full.endswith(" " + key) or (len(key.split()) > 1 and key in full):
                return full_name
        return None

    def _person_by_role(self, role: str) -> str | None:
        role = {"spokesman": "spokesperson", "spokeswoman": "spokesperson"}.get(
            role.lower(), role.lower()
        )
        for p in self.people:
            if role in p.roles:  # type: ignore[attr-defined]
                return p.name  # type: ignore[attr-defined]
        return None

    def _is_subject(self, phrase: str) -> bool:
        s = self.subject
        if s is None:
            return False
        if s.is_named(phrase) or SUBJECT_WORDS_RE.match(phrase):  # type: ignore[attr-defined]
            return True
        head = getattr(s, "head", "")
        return bool(head) and fold(phrase) in {head, f"the {head}"}

    def resolve(self, phrase: str) -> tuple[str | None, str | None] | None:
        """(person, organisation) named by a claimant phrase, or None when it names nobody
        ("no group", "it" without a referent)."""
        phrase = re.sub(r"\s+", " ", phrase.strip(" ,;:\"'“”"))
        phrase = re.sub(
            r"^(?:(?:several|some|most|many|all|one|each) of )?(?:which|who|whom)\s+",
            "",
            phrase,
            flags=re.I,
        )
        phrase = re.sub(
            r"\s+(?:also|later|then|further|again|earlier|separately|previously)$",
            "",
            phrase,
            flags=re.I,
        )
        appos = re.match(
            r"^(?P<name>[^,(]+?),\s+(?P<poss>the group's|the group’s|its|their|the|a|an)\s+(?:[\w-]+\s+){0,2}?"
            r"(?P<role>spokesman|spokeswoman|spokesperson|commander|leader|founder|chief|official|head)\b",
            phrase,
            re.I,
        )
        if appos:
            # "Ismail Farah Abdi, the group's spokesman"
            person = self._known_person(appos.group("name")) or appos.group("name").strip()
            own = appos.group("poss").lower() in {"the group's", "the group’s", "its", "their"}
            return person, self.subject_name if own else None
        phrase = re.split(r"\s*[(,]|\s+(?:who|which|that)\s", phrase)[0].strip()
        low = phrase.lower()
        if not phrase or re.match(r"^(?:no|none|nobody|neither|some|many|others?)\b", low):
            return None
        if low in {"he", "she"}:
            if self.last_person is None:
                return None
            return self.last_person, self.last_org
        if low in {"they", "it", "we"} or self._is_subject(phrase):
            if self.subject_name:
                return None, self.subject_name
            return (None, self.last_group) if self.last_group and low != "we" else None
        g = GENERIC_SPEAKER_RE.match(phrase)
        if g:
            word = g.group(1).lower()
            keys = {
                "army": ("army", "armed forces", "defence forces", "defense forces"),
                "military": ("army", "forces", "military"),
                "police": ("police",),
                "armed forces": ("armed forces", "army", "forces"),
                "security forces": ("forces", "police"),
            }[word]
            for pos, name in reversed(self.forces):
                if pos < self.position and any(k in name.lower() for k in keys):
                    return None, name
            return None, re.sub(r"^the\s+", "", phrase, flags=re.I)
        m = ROLE_ONLY_RE.match(phrase)
        if m:
            person = self._person_by_role(m.group("role"))
            own = bool(m.group("poss") and m.group("poss").lower() != "a")
            org = self.subject_name if own or person else None
            if person:
                return person, org
            return (None, org) if org else (None, phrase)
        m = ROLE_NAME_RE.match(phrase)
        if m:
            name = m.group("name")
            person = self._known_person(name) or name
            own = m.group("poss") or m.group("role").lower() in {
                "spokesman",
                "spokeswoman",
                "spokesperson",
            }
            return person, self.subject_name if own and self._known_person(name) or m.group(
                "poss"
            ) else None
        if is_capitalised(phrase) and not looks_like_group(phrase):
            known = self._known_person(phrase)
            if known:
                own = any(fold(p.name) == fold(known) for p in self.people)  # type: ignore[attr-defined]
                return known, self.subject_name if own else None
            words = phrase.split()
            if (
                2 <= len(words) <= 5
                and all(
                    is_capitalised(w)
                    for w in words
                    if w.lower() not in {"al", "bin", "ibn", "abu", "el", "de"}
                )
                and not any(w.lower() in {"of", "the", "for"} for w in words)
            ):
                return phrase, None
        org = re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.I)
        poss = re.match(r"^[\w-]+(?:'s|’s)\s+(?=[A-Z])", org)
        if poss:
            org = org[poss.end() :]
        if len(org.split()) > 8:
            return None
        if looks_like_group(org):
            self.last_group = org
        return None, org


def _subject_phrase(sent: Sentence, cue_start: int) -> tuple[int, int] | None:
    """The grammatical subject of the cue verb, as a character range (from the parse)."""
    toks = sent.tokens
    cue = next((t for t in toks if t.start == cue_start), None)
    if cue is None:
        return None
    subj = next(
        (t for t in toks if t.head == cue.i and t.dep in {"nsubj", "nsubjpass"} and t.i != cue.i),
        None,
    )
    if subj is None:
        return None
    members = {subj.i}
    changed = True
    while changed:
        changed = False
        for t in toks:
            if t.i not in members and t.head in members and t.i != t.head and t.i < cue.i:
                members.add(t.i)
                changed = True
    span = [t for t in toks if t.i in members]
    start, end = min(t.start for t in span), max(t.end for t in span)
    # the model may split "Al-Tayyar" at its hyphen: keep whole words
    text = sent.text
    while start > sent.start and not text[start - 1 - sent.start].isspace():
        start -= 1
    while end < cue.start and not text[end - sent.start].isspace():
        end += 1
    return start, end


def find_attributions(
    reading: Reading,
    subject: object | None,
    people: list[object] | None = None,
    forces: list[tuple[int, str]] | None = None,
) -> list[Attribution]:
    """Every attributed statement in reading order; 'he' and 'she' resolve to the last person
    who spoke, 'they' and 'the group' to the article's subject."""
    text = reading.text
    out: list[Attribution] = []
    person_names = [
        e.text
        for s in reading.sentences
        for e in s.entities
        if e.label == "PERSON" and len(e.text.split()) >= 2
    ]
    claimants = Claimants(subject, people or [], person_names, forces)
    for sent in reading.sentences:
        claimants.position = sent.start
        inv = INVERTED_RE.search(text, sent.start, sent.end)
        taken: set[int] = set()
        if inv:
            np_name = "np1" if inv.group("np1") else "np2"
            cue_name = "cue1" if inv.group("cue1") else "cue2"
            who = claimants.resolve(inv.group(np_name))
            if who is not None:
                c_start = _clause_start(text, sent.start, inv.start())
                cue_start = inv.start(cue_name)
                att = _make(
                    reading,
                    sent,
                    inv.group(cue_name).split()[0].lower(),
                    cue_start,
                    inv.end(cue_name),
                    who[0],
                    who[1],
                    c_start,
                    inv.start(),
                    inv.start(np_name),
                )
                out.append(att)
                taken.add(cue_start)
                if who[0]:
                    claimants.last_person, claimants.last_org = who
        for m in CUE_RE.finditer(text, sent.start, sent.end):
            if m.start() in taken or (inv and inv.start() <= m.start() < inv.end()):
                continue
            cue = m.group("cue").lower()
            if cue == "according to":
                np_end = _phrase_end(text, m.end(), sent.end)
                who = claimants.resolve(text[m.end() : np_end])
                if who is None:
                    continue
                c_start = _clause_start(text, sent.start, m.start())
                c_end = m.start()
                while c_end > c_start and text[c_end - 1] in " ,":
                    c_end -= 1
                if c_end <= c_start:
                    # "According to the governor, nearly 40 people were killed": what follows
                    c_start = np_end + 1
                    while c_start < sent.end and text[c_start] in " ,":
                        c_start += 1
                    c_end = _content_end(text, c_start, sent.end)
                out.append(
                    _make(
                        reading,
                        sent,
                        cue,
                        m.start(),
                        m.end(),
                        who[0],
                        who[1],
                        c_start,
                        c_end,
                        m.end(),
                    )
                )
                continue
            span = _subject_phrase(sent, m.start())
            if span is None:
                before = text[max(sent.start, m.start() - 40) : m.start()]
                pm = re.search(
                    r"(?:^|[,;]\s+|\band\s+)(?P<np>(?:the |its |their )?[\w'’ -]{1,40}?)\s+(?:\w+ly\s+|also\s+)?$",
                    before,
                )
                if not pm:
                    continue
                span = (
                    m.start() - len(before) + pm.start("np"),
                    m.start() - len(before) + pm.end("np"),
                )
            phrase = text[span[0] : span[1]]
            if re.search(r"\b(?:reported|said)\b", phrase):
                continue
            if re.match(r"\s*(?:were|was|been|is|are)\s*$", text[span[1] : m.start()]):
                continue  # "were reported near X": passive, nobody speaks
            who = claimants.resolve(phrase)
            if who is None:
                continue
            after = text[m.end() : sent.end]
            lead = CONTENT_LEAD.match(after)
            c_start = m.end() + (lead.end() if lead else 0)
            that_lead = bool(lead and lead.group("lead").strip().lower() == "that")
            if lead is None and cue == "told":
                # "told a local radio station that ...": what was told follows the "that"
                that = re.search(r"\bthat\s+", after[:80])
                if that:
                    c_start = m.end() + that.end()
                    that_lead = True
            if cue == "claimed" and re.match(r"\s*responsibility\b", after, re.I):
                c_start = m.end()
            while c_start < sent.end and text[c_start].isspace():
                c_start += 1
            c_end = _content_end(text, c_start, sent.end)
            if not that_lead:
                c_end = _clause_cut(sent, c_start, c_end)
            if c_end <= c_start or (
                not lead
                and not that_lead
                and cue in {"told", "added", "wrote"}
                and not re.search(r"\bthat\b", text[c_start:c_end])
            ):
                continue
            out.append(
                _make(
                    reading, sent, cue, m.start(), m.end(), who[0], who[1], c_start, c_end, span[0]
                )
            )
            if who[0]:
                claimants.last_person, claimants.last_org = who
    out.sort(key=lambda a: a.cue_start)
    return out


def _clause_cut(sent: Sentence, start: int, end: int) -> int:
    """Reported content stops where the sentence starts a new clause of its own (", and an
    airstrike killed ..."), unless that clause is reported too (", and that ...")."""
    from procopius.clauses import split_clauses

    for clause in split_clauses(sent):
        if start < clause.start < end and not clause.relative:
            if not re.match(r"that\b", clause.text):
                cut = clause.start
                while cut > start and sent.text[cut - 1 - sent.start] in " ,;":
                    cut -= 1
                while cut > start and re.search(r"\b(?:and|but)$", sent.text[: cut - sent.start]):
                    cut = (
                        cut - 3
                        if sent.text[cut - 3 - sent.start : cut - sent.start] == "and"
                        else cut - 3
                    )
                    while cut > start and sent.text[cut - 1 - sent.start] in " ,;":
                        cut -= 1
                return cut
    return end


def _clause_start(text: str, floor: int, pos: int) -> int:
    """Start of the clause that ends at pos: after the last ';' or ', and' / ', while' before it."""
    seg = text[floor:pos]
    cut = max(
        (m.end() for m in re.finditer(r";\s+|,\s+(?:and|but|while|whereas)\s+", seg)), default=0
    )
    return floor + cut


def _phrase_end(text: str, start: int, stop: int) -> int:
    m = re.search(r"[,;.]", text[start:stop])
    return start + m.start() if m else stop


def _content_end(text: str, start: int, stop: int) -> int:
    """Content runs to the end of the sentence, or to a clause that starts a new statement."""
    m = re.search(r";\s|,\s+(?:while|whereas|but|in which|which|where|who)\s", text[start:stop])
    end = start + m.start() if m else stop
    while end > start and text[end - 1] in ".;, ":
        end -= 1
    return end


def _make(
    reading: Reading,
    sent: Sentence,
    cue: str,
    cue_start: int,
    cue_end: int,
    person: str | None,
    org: str | None,
    c_start: int,
    c_end: int,
    claimant_start: int | None,
) -> Attribution:
    quantities = [q for q in reading.quantities_in(c_start, c_end) if q.mention.kind == "count"]
    content = reading.text[c_start:c_end]
    # a tally sums up many happenings: "during the war", or a count of attacks or rockets
    # with no day of its own ("750 rockets had been fired"); "fired dozens of rockets on
    # Tuesday" is one happening
    day_dated = any(f.value.precision == "day" for f in reading.dates_in(c_start, c_end))
    tally = bool(quantities) and (
        bool(TALLY_RE.search(content))
        or (not day_dated and any(EVENT_UNIT_RE.search(q.mention.unit or "") for q in quantities))
    )
    return Attribution(
        sent,
        cue,
        cue_start,
        cue_end,
        person,
        org,
        c_start,
        c_end,
        claimant_start,
        tally,
        quantities,
    )


def content_items(
    text: str, start: int, end: int, protected: list[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """The items of a reported list: '750 rockets ... at settlements', '20 operations ...'.
    Figures ('between 10 and 15') are never cut."""
    items = []
    pos = start
    for m in ITEM_SPLIT_RE.finditer(text, start, end):
        if any(a < m.start() < b or a < m.end() - 1 < b for a, b in protected or []):
            continue
        if m.start() > pos:
            items.append((pos, m.start()))
        pos = m.end()
    if end > pos:
        items.append((pos, end))
    return items


def claim_spans(reading: Reading, att: Attribution) -> list[tuple[int, int, QuantityFact | None]]:
    """The evidence of each claim an attribution makes: the list item of each figure, or the
    whole statement when it carries no figure."""
    text = reading.text
    spans: list[tuple[int, int, QuantityFact | None]] = []
    if att.quantities:
        items = content_items(
            text, att.content_start, att.content_end, [(q.start, q.end) for q in att.quantities]
        )
        used: set[tuple[int, int]] = set()
        previous: QuantityFact | None = None
        for q in att.quantities:
            if previous is not None and _breakdown(text, previous, q):
                continue
            previous = q
            item = next((i for i in items if i[0] <= q.start < i[1]), (q.start, att.content_end))
            if item in used:
                # two figures in one item: cut it at the second figure
                item = (q.start, item[1])
            used.add(item)
            start = item[0]
            if text[start : q.start].lower().startswith("including "):
                start += len("including ")
            end = item[1]
            for other in att.quantities:
                if q.end <= other.start < end:
                    end = other.start
            while end > start and text[end - 1] in " ,":
                end -= 1
            end = start + len(re.sub(r"\s+(?:and|or|while)$", "", text[start:end]))
            spans.append((start, end, q))
        return spans
    content = text[att.content_start : att.content_end]
    if len(content.split()) < 3 or att.event_made or att.cue in NO_PLAIN_CLAIM_CUES:
        return spans
    start = att.content_start
    if att.claimant_start is not None and att.claimant_start < start:
        rel = text[max(att.sentence.start, att.claimant_start - 6) : att.claimant_start]
        start = (
            att.claimant_start - len(rel) + rel.rfind("which")
            if re.search(r"which\s*$", rel)
            else att.claimant_start
        )
    end = max(att.content_end, att.cue_end if att.cue_start > att.content_end else att.content_end)
    spans.append((start, end, None))
    return spans


def _breakdown(text: str, first: QuantityFact, second: QuantityFact) -> bool:
    """'three people, two soldiers and a fighter, were killed': the second figure breaks the
    first down and is not a claim of its own."""
    unit = (first.mention.unit or "").lower()
    between = text[first.end : second.start]
    return unit in {"people", "persons", "dead", "casualties"} and bool(
        re.fullmatch(r"\s*(?:people|persons)?\s*,\s*(?:including\s+)?", between)
    )
