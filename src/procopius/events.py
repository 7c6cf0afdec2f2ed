"""Events: a clause with an event trigger, typed in ACLED's taxonomy, with its date, places,
actors in their roles and fatalities.

The triggers are reviewed data (`data/triggers.tsv`). One event is made per reported
happening: a clause that only adds a death toll to the event before it joins that event, and
statements that only tally a group's activity ("had carried out 400 operations") are claims,
not events.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from procopius.actors import (
    PRONOUN_SUBJECT_RE,
    ActorMention,
    is_civilian_target,
    mentions_in,
    same_actor,
)
from procopius.attribution import KILL_RE, Attribution
from procopius.clauses import Clause, split_clauses
from procopius.names import fold
from procopius.reading import DateFact, PlaceFact, QuantityFact, Reading

PERSON_NOUNS = re.compile(
    r"\b(?:soldiers?|fighters?|members?|civilians?|people|persons?|militants?|troops?|"
    r"police(?:men)?|officers?|children|women|men|insurgents?|rebels?|gunmen|attackers?|"
    r"combatants?|villagers?|workers?|residents?|guards?|students?|protesters?|demonstrators?|"
    r"pilgrims?|worshippers?|commanders?|recruits?|personnel|servicemen|contractors?)\b",
    re.I,
)
WOUND_RE = re.compile(r"\b(?:wounded|injured|hurt)\b", re.I)
WITH_ALLY_RE = re.compile(r"\b(?:with|alongside|together with|jointly with|in coordination with|joined by|in cooperation with)\s+$", re.I)
AGAINST_RE = re.compile(r"\b(?:against|on|targeting|at|attacked|ambushed|shelled|bombed|struck|hit|fought|engaged|with)\s+(?:the\s+|an?\s+)?$", re.I)
OPPONENT_TRIGGERS = {"Armed clash"}
SINCE_START_RE = re.compile(
    r"\bsince the (?:start|beginning|outbreak|onset) of the (?:war|conflict|fighting|offensive|invasion|uprising)\b",
    re.I,
)
LED_RE = re.compile(r"\b([A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?)-(?:led|backed)\b")
LAUNCHED_BY_RE = re.compile(r"\b(?:launched|led|organi[sz]ed|initiated) by\s+(?:the\s+)?", re.I)


@dataclass(frozen=True)
class Trigger:
    pattern: re.Pattern[str]
    sub_event_type: str
    priority: int
    rule: str


@lru_cache(maxsize=1)
def triggers() -> tuple[Trigger, ...]:
    """The trigger lexicon, compiled once."""
    path = resources.files("procopius") / "data" / "triggers.tsv"
    rows = []
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        rows.append(Trigger(re.compile(row["pattern"], re.I), row["sub_event_type"], int(row["priority"]), row["rule"]))
    return tuple(rows)


@dataclass
class TriggerHit:
    start: int
    end: int
    trigger: Trigger


@dataclass
class Draft:
    clause: Clause
    hit: TriggerHit
    sub_event_type: str
    spans: list[tuple[int, int]]
    date: DateFact | None = None
    date_value: Any = None
    date_reason: str | None = None
    places: list[PlaceFact] = field(default_factory=list)
    actors: list[tuple[str, str, str | None]] = field(default_factory=list)  # name, role, kind
    fatalities: tuple[QuantityFact | None, int, str | None] | None = None
    claimed: bool = False
    own_date: bool = False
    own_place: bool = False

    @property
    def rule(self) -> str:
        return self.hit.trigger.rule


def find_triggers(text: str, start: int, end: int) -> list[TriggerHit]:
    low = text[start:end].lower()
    hits = []
    for trig in triggers():
        for m in trig.pattern.finditer(low):
            hits.append(TriggerHit(start + m.start(), start + m.end(), trig))
    hits.sort(key=lambda h: (-h.trigger.priority, h.start))
    return hits


def extract_events(
    reading: Reading,
    subject: Any,
    attributions: list[Attribution],
    country_of: Any,
) -> list[Draft]:
    """Event drafts in reading order."""
    text = reading.text
    drafts: list[Draft] = []
    place_spans = [(p.start, p.end) for p in reading.places]
    subject_name = subject.name if subject else None
    for s_index, sent in enumerate(reading.sentences):
        protected = [(d.start, d.end) for d in reading.dates_in(sent.start, sent.end)]
        protected += [(p.start, p.end) for p in reading.places_in(sent.start, sent.end)]
        protected += [(e.start, e.end) for e in sent.entities if e.label in {"ORG", "PERSON"}]
        clauses = split_clauses(sent, protected)
        reading.clauses.append(clauses)
        sentence_drafts: list[Draft] = []
        prev_actor1: list[tuple[str, str, str | None]] = []
        for clause in clauses:
            hits = find_triggers(text, clause.start, clause.end)
            att = _attribution_over(attributions, clause)
            clause_actor1 = _actor1(reading, subject, clause, hits[0].start if hits else clause.end, country_of, place_spans)
            if clause_actor1:
                prev_actor1 = clause_actor1
            if not hits or clause.relative:
                continue
            if att is not None and att.tally:
                continue
            hit = hits[0]
            trig = hit.trigger
            dates = reading.dates_in(clause.start, clause.end)
            places = [p for p in reading.places_in(clause.start, clause.end) if not _inside_actor_name(p, sent)]
            own_date = bool(dates)
            if trig.rule == "weak" and not own_date:
                continue
            if _habitual(clause, hit) and not own_date:
                continue
            if trig.rule == "kill" and not (own_date or places):
                # a death toll with neither date nor place adds to the event before it
                target = sentence_drafts[-1] if sentence_drafts else (drafts[-1] if drafts and _adjacent(reading, drafts[-1], s_index) else None)
                if target is not None:
                    target.spans.append((clause.start, clause.end))
                    _add_fatalities(reading, target, clause, hit, subject_name, att)
                continue
            sub_type = _decide_type(trig, text[clause.start : clause.end], clause_actor1 or prev_actor1)
            draft = Draft(clause, hit, sub_type, [(clause.start, clause.end)], own_date=own_date,
                          own_place=bool(places))
            draft.places = places
            draft.actors = list(clause_actor1 or prev_actor1)
            if not draft.actors and subject_name and PRONOUN_SUBJECT_RE.search(text[sent.start : hit.start]):
                draft.actors = [(subject_name, "actor1", "group")]
            _other_actors(reading, draft, clause, hit, country_of, place_spans, subject)
            _add_fatalities(reading, draft, clause, hit, subject_name, att)
            if att is not None and att.cue_start < hit.start:
                draft.claimed = True
            if dates:
                before = [d for d in dates if d.start <= hit.start]
                draft.date = before[-1] if before else dates[0]
            # join with the previous event of the sentence when this clause adds nothing new
            if sentence_drafts and _joins(sentence_drafts[-1], draft):
                prev = sentence_drafts[-1]
                prev.spans.append((clause.start, clause.end))
                if draft.date and not prev.date:
                    prev.date = draft.date
                continue
            sentence_drafts.append(draft)
        _merge_foundings(sentence_drafts)
        # a clause without a date takes the date of an earlier clause in its sentence
        last_date: DateFact | None = None
        for d in sentence_drafts:
            if d.date is None:
                earlier = reading.dates_in(sent.start, d.clause.start)
                if earlier:
                    d.date = earlier[-1]
                    d.date_reason = "date written earlier in the sentence"
                elif last_date is not None:
                    d.date = last_date
            last_date = d.date or last_date
        drafts.extend(sentence_drafts)
    _fill_context_dates(reading, drafts)
    return drafts


def _adjacent(reading: Reading, draft: Draft, s_index: int) -> bool:
    return draft.clause.sentence.index == s_index - 1


def _attribution_over(attributions: list[Attribution], clause: Clause) -> Attribution | None:
    for att in attributions:
        if att.content_start <= clause.start < att.content_end or clause.start <= att.content_start < clause.end:
            return att
    return None


def _habitual(clause: Clause, hit: TriggerHit) -> bool:
    """Present-tense verbs describe what a group does, not what happened."""
    for t in clause.tokens:
        if t.start >= hit.start - 1 and t.end <= hit.end + 1 and t.tag in {"VBZ", "VBP"}:
            return True
        if t.start < hit.start and t.tag in {"VBZ", "VBP"} and t.lower in {"conducts", "carries", "operates", "uses", "fights", "launches"}:
            return True
    return False


def _inside_actor_name(place: PlaceFact, sent: Any) -> bool:
    for e in sent.entities:
        if e.label == "ORG" and e.start <= place.start and place.end <= e.end and (e.end - e.start) > (place.end - place.start):
            return True
    return False


def _decide_type(trig: Trigger, clause_text: str, actor1: list[tuple[str, str, str | None]]) -> str:
    if trig.rule == "target":
        return "Attack" if is_civilian_target(clause_text) else "Armed clash"
    if trig.rule == "bomb":
        if any(kind == "state" for _, _, kind in actor1) or re.search(r"\b(?:jets?|aircraft|warplanes?|air force)\b", clause_text, re.I):
            return "Air/drone strike"
        if re.search(r"\b(?:car|roadside|truck|motorcycle|vehicle)\b", clause_text, re.I):
            return "Remote explosive/landmine/IED"
    if trig.rule == "kill":
        return "Attack" if is_civilian_target(clause_text) or not re.search(r"\b(?:soldiers?|troops|forces|fighters|militants|police)\b", clause_text, re.I) else "Armed clash"
    return trig.sub_event_type


def _actor1(reading: Reading, subject: Any, clause: Clause, upto: int, country_of: Any,
            place_spans: list[tuple[int, int]]) -> list[tuple[str, str, str | None]]:
    """Who acts in a clause: the named people or group before the trigger, or the article's
    subject when the clause speaks of 'they', 'the group' or one of its names."""
    text = reading.text
    pre_start = clause.start
    mentions = mentions_in(clause.sentence, pre_start, upto, text, country_of, place_spans)
    pre = text[pre_start:upto]
    passive_kill = re.search(r"\b(?:were|was)\s+(?:\w+\s+)?(?:killed|shot|executed|slain|arrested|detained|abducted|kidnapped)\b", text[clause.start : clause.end])
    people = [m for m in mentions if m.kind == "person"]
    groups = [m for m in mentions if m.kind in {"group", "state"}]
    if passive_kill and people:
        return [(p.name, "victim", "person") for p in people]
    if people and not _after_preposition(text, people[0].start, pre_start):
        return [(p.name, "actor1", "person") for p in people]
    for g in groups:
        if _after_preposition(text, g.start, pre_start):
            continue
        if subject is not None and (subject.is_named(g.name) or same_actor(g.name, subject.name)):
            return [(subject.name, "actor1", "group")]
        return [(g.name, "actor1", g.kind)]
    if subject is not None and (PRONOUN_SUBJECT_RE.search(pre) or _names_subject(pre, subject)):
        return [(subject.name, "actor1", "group")]
    return []


def _names_subject(pre: str, subject: Any) -> bool:
    folded = fold(pre)
    return any(n and n in folded for n in subject.names) or bool(
        subject.head and re.search(rf"\bthe {re.escape(subject.head)}\b", pre.lower())
    )


def _after_preposition(text: str, pos: int, floor: int) -> bool:
    before = text[max(floor, pos - 30) : pos]
    return bool(re.search(r"\b(?:with|against|on|by|of|at|from|to|for|alongside|including|targeting)\s+(?:the\s+|an?\s+)?$", before, re.I))


def _other_actors(reading: Reading, draft: Draft, clause: Clause, hit: TriggerHit, country_of: Any,
                  place_spans: list[tuple[int, int]], subject: Any) -> None:
    text = reading.text
    mentions = mentions_in(clause.sentence, clause.start, clause.end, text, country_of, place_spans)
    have = {fold(n) for n, _, _ in draft.actors}
    opponent_type = draft.sub_event_type in OPPONENT_TRIGGERS and re.search(
        r"\b(?:clash|fight|fought|battle|combat|engag|skirmish|firefight|exchange)", text[hit.start : hit.end], re.I
    )
    agreement = draft.sub_event_type == "Agreement"
    for m in mentions:
        if m.start < hit.start and not _after_preposition(text, m.start, clause.start):
            continue
        if fold(m.name) in have or (subject is not None and subject.is_named(m.name)):
            continue
        if m.kind == "person" and m.start < hit.start:
            continue
        before = text[max(clause.start, m.start - 40) : m.start]
        if agreement:
            role = "actor2"
        elif WITH_ALLY_RE.search(before) and not (opponent_type and re.search(r"\bwith\s+(?:the\s+)?$", before)):
            role = "assoc_actor_1" if m.kind == "group" else "actor2"
        elif m.kind == "state":
            role = "actor2"
        elif AGAINST_RE.search(before):
            role = "actor2"
        elif re.search(r"\bincluding\s+(?:\w+'s?\s+)?$", before):
            role = "assoc_actor_1"
        else:
            continue
        if m.kind == "person" and role != "actor2":
            continue
        draft.actors.append((m.name, role, m.kind))
        have.add(fold(m.name))
    for m in LED_RE.finditer(text, clause.start, clause.end):
        name = m.group(1)
        if fold(name) not in have and not (subject is not None and subject.is_named(name)):
            draft.actors.append((name, "assoc_actor_1", "group"))
            have.add(fold(name))


def _add_fatalities(reading: Reading, draft: Draft, clause: Clause, hit: TriggerHit,
                    subject_name: str | None, att: Attribution | None) -> None:
    text = reading.text
    ctext = text[clause.start : clause.end]
    if not KILL_RE.search(ctext):
        return
    for q in reading.quantities_in(clause.start, clause.end):
        qm = q.mention
        if qm.kind != "count":
            continue
        unit = getattr(qm, "unit", "") or ""
        if not PERSON_NOUNS.search(unit or text[q.end : q.end + 30]):
            continue
        window = text[max(clause.start, q.start - 40) : min(clause.end, q.end + 60)]
        if WOUND_RE.search(window) and not KILL_RE.search(window):
            continue
        claimed_by = None
        if att is not None and att.content_start <= q.start < att.content_end:
            claimed_by = att.claimant
        who = unit or None
        draft.fatalities = (q, int(qm.value), who, claimed_by) if qm.value is not None else None  # type: ignore[assignment]
        return
    victims = [n for n, role, _ in draft.actors if role == "victim"]
    if victims and re.search(r"\b(?:killed|died|slain|shot dead|executed)\b", ctext, re.I):
        draft.fatalities = (None, len(victims), None, None)  # type: ignore[assignment]


def _joins(prev: Draft, new: Draft) -> bool:
    """A clause joins the previous event of its sentence when it brings no date or place of
    its own and is of the same kind of happening."""
    if new.own_date or new.own_place:
        return False
    same_kind = _event_type(prev.sub_event_type) == _event_type(new.sub_event_type)
    return same_kind and prev.rule != "founding" and new.rule != "founding"


def _event_type(sub: str) -> str:
    try:
        from procopius.taxonomy import sub_event_type

        return sub_event_type(sub).event_type
    except Exception:  # noqa: BLE001 - taxonomy absent in minimal setups
        return sub


def _merge_foundings(drafts: list[Draft]) -> None:
    """Several formation statements in one sentence are one event, on the latest date."""
    founding = [d for d in drafts if d.rule == "founding"]
    if len(founding) < 2:
        return
    keep = max(founding, key=lambda d: (d.date.value.start or "") if d.date and d.date.value else "")
    for d in founding:
        if d is not keep:
            keep.spans.extend(d.spans)
            drafts.remove(d)
    keep.spans.sort()


def _fill_context_dates(reading: Reading, drafts: list[Draft]) -> None:
    """Events with no date in their sentence: 'since the start of the war' opens a range at
    the first day-precise date of the section; otherwise the last date read before them."""
    text = reading.text
    for d in drafts:
        if d.date is not None:
            d.date_value = d.date.value
            continue
        sent = d.clause.sentence
        m = SINCE_START_RE.search(text, sent.start, sent.end)
        if m:
            sections = reading.doc.section_at(sent.start)
            lo = sections[-1].body_start if sections else 0
            first_day = next(
                (f for f in reading.dates if lo <= f.start < sent.start and f.value.precision == "day" and f.value.start),
                None,
            )
            if first_day is not None:
                d.date_value = _open_range(first_day.value.start)
                d.date_reason = f"since the start of the war: first dated day of the section ({first_day.text})"
                d.spans = [(min(m.start(), d.spans[0][0]), d.spans[0][1])] + d.spans[1:]
                continue
        earlier = [f for f in reading.dates if f.end <= d.clause.start and f.value.start]
        if earlier:
            d.date = earlier[-1]
            d.date_value = earlier[-1].value
            d.date_reason = "date of the preceding text"


def _open_range(start: str) -> Any:
    from procopius.dates import DateValue

    return DateValue(start=start, end=None, precision="range", year_inferred=False,
                     reason="open range", qualifier=None, open_end=True, accept_years=[])
