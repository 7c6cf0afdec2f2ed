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
from procopius.names import fold, looks_like_group
from procopius.reading import DateFact, PlaceFact, QuantityFact, Reading

PERSON_NOUNS = re.compile(
    r"\b(?:soldiers?|fighters?|members?|civilians?|people|persons?|militants?|troops?|"
    r"police(?:men)?|officers?|children|women|men|insurgents?|rebels?|gunmen|attackers?|"
    r"combatants?|villagers?|workers?|residents?|guards?|students?|protesters?|demonstrators?|"
    r"pilgrims?|worshippers?|commanders?|recruits?|personnel|servicemen|contractors?)\b",
    re.I,
)
DEMONYM_PLURAL_RE = re.compile(r"\b[A-Z][a-z]+(?:is|ians|ans|ese|ers|ards|ites|ks|ts)\b")
WOUND_RE = re.compile(r"\b(?:wounded|injured|hurt)\b", re.I)
WITH_ALLY_RE = re.compile(
    r"\b(?:with|alongside|together with|jointly with|in coordination with|joined by|in cooperation with)\s+(?:the\s+|other\s+|its\s+)?(?:[\w'’]+(?:'s?|’s?)\s+)?$",
    re.I,
)
AGAINST_RE = re.compile(
    r"\b(?:against|on|targeting|at|attacked|ambushed|shelled|bombed|struck|hit|fought|engaged|with)\s+(?:the\s+|an?\s+)?$",
    re.I,
)
OPPONENT_TRIGGERS = {"Armed clash"}
SINCE_START_RE = re.compile(
    r"\bsince the (?:start|beginning|outbreak|onset) of the (?:war|conflict|fighting|offensive|invasion|uprising)\b",
    re.I,
)
#: words that put a sentence in a setting of armed conflict or violence: without one, "died",
#: "dead" and "lost" tell an ordinary death or loss ("died of cancer in 1992", "the party lost
#: its seats"), and "took over" or "moved into" no seizure of territory
ARMED_CONTEXT_RE = re.compile(
    r"\b(?:militants?|rebels?|insurgen\w*|fighters|troops|soldiers|forces|army|armies|"
    r"military|militias?|militiamen|gunmen|gunman|police(?:men)?|guerrillas?|jihadists?|"
    r"brigades?|battalions?|regiments?|armed|attack\w*|clash\w*|fight\w*|fought|battles?|"
    r"wars?|wartime|offensive|bomb\w*|shell(?:ed|ing|s)|shot|shoot\w*|gunfire|gunshots?|"
    r"wounds?|wounded|injur\w*|explosions?|explosives?|blasts?|ambush\w*|raid\w*|massacre\w*|"
    r"air ?strikes?|drone strikes?|violence|violent|kill\w*|murder\w*|execut\w*|hostilities|"
    r"siege|invasion|invad\w*|occup\w*|conflict|uprising|coup|riots?|unrest|terror\w*|"
    r"assassinat\w*|mortars?|rockets?|missiles?|artillery|weapons?|casualties|hostages?|"
    r"kidnap\w*|abduct\w*|captured|seized)\b",
    re.I,
)
#: killing words that need such a setting
PLAIN_DEATH_RE = re.compile(r"^(?:died|dead|lost)$", re.I)
#: what an armed or political organisation is called: a founding ("was established in 1844")
#: is an event only for one of these, or for the subject of a group profile
ARMED_GROUP_RE = re.compile(
    r"\b(?:groups?|militias?|brigades?|battalions?|regiments?|rebels?|insurgen\w*|militants?|"
    r"guerrillas?|jihadists?|movement|front|faction|wing|coalition|alliance|army|forces?|"
    r"cells?|units?|squads?|commandos?|guards?|guardians?|fighters|self-defen[cs]e|"
    r"paramilitar\w*|rebellion|insurgency)\b",
    re.I,
)
TERRITORY_TYPES = {"Non-state actor overtakes territory", "Government regains territory"}
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
        rows.append(
            Trigger(
                re.compile(row["pattern"], re.I),
                row["sub_event_type"],
                int(row["priority"]),
                row["rule"],
            )
        )
    return tuple(rows)


@lru_cache(maxsize=1)
def any_trigger() -> re.Pattern[str]:
    """The event triggers as one pattern (one scan of a text instead of one per trigger)."""
    return re.compile("|".join(f"(?:{t.pattern.pattern})" for t in triggers()), re.I)


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


SECOND_RE = re.compile(
    r"\b(?:[Aa]nother|[Aa] (?:second|third|fourth|further|new|fresh|similar))\s+(?:\w+\s+)?"
    r"(?:strike|attack|raid|bombing|ambush|assault|explosion|blast)\b"
)
ANAPHORIC_RE = re.compile(
    r"\b(?:the|this|that|these|those|its|their|the group's|the group’s)\s+(?:\w+\s+){0,2}$", re.I
)
NOUN_TRIGGER_RE = re.compile(
    r"^(?:attacks?|strikes?|raids?|offensive|fighting|kidnapping|arrests?|blast|bombing|ambush|"
    r"assault|clash(?:es)?|explosion|killing|massacre|shelling|operation|truce|ceasefire|agreement)$",
    re.I,
)


def find_triggers(text: str, start: int, end: int) -> list[TriggerHit]:
    """Trigger matches in a clause, the one that reports the clause's happening first: the
    earliest, unless a stronger trigger overlaps it or follows within a few words. A definite
    noun ("the attack") points back to a happening told elsewhere and does not count."""
    low = text[start:end].lower()
    first = any_trigger().search(low)
    if first is None:  # most clauses: one scan instead of one per trigger
        return []
    # no trigger matches before the combined pattern's leftmost match
    hits = []
    for trig in triggers():
        for m in trig.pattern.finditer(low, first.start()):
            hit = TriggerHit(start + m.start(), start + m.end(), trig)
            word = text[hit.start : hit.end]
            if NOUN_TRIGGER_RE.match(word) and ANAPHORIC_RE.search(
                text[max(start, hit.start - 40) : hit.start]
            ):
                continue
            hits.append(hit)
    if not hits:
        return []
    hits.sort(key=lambda h: (h.start, -h.trigger.priority))
    first = hits[0]
    near = [h for h in hits if h.start < first.end + 25]
    best = max(near, key=lambda h: (h.trigger.priority, -h.start))
    return [best] + [h for h in hits if h is not best]


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
    memory: dict[str, str] = {}  # the last army, police or force named: "the army" refers to it
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
            mentions = clause_mentions(reading, subject, clause, country_of, place_spans, memory)
            pronoun = (
                PRONOUN_SUBJECT_RE.search(text[clause.start : hits[0].start]) if hits else None
            )
            if (
                pronoun
                and subject is not None
                and not any(m.start <= clause.start + pronoun.start() < m.end for m in mentions)
            ):
                mentions.append(
                    ActorMention(
                        clause.start + pronoun.start(),
                        clause.start + pronoun.end(),
                        subject.name,
                        "subject",
                    )
                )
                mentions.sort(key=lambda m: m.start)
            # a death told right after an event ("Twelve people died.") is its toll
            after_event = bool(sentence_drafts) or bool(
                drafts and _adjacent(reading, drafts[-1], s_index)
            )
            hits = [
                h
                for h in hits
                if _in_setting(h, reading, sent.text, clause, mentions, subject, after_event)
            ]
            if not hits or clause.relative:
                lead = next(
                    (
                        m
                        for m in mentions
                        if m.kind in {"subject", "group", "state"}
                        and not PREP_BEFORE_RE.search(
                            text[max(clause.start, m.start - 60) : m.start]
                        )
                    ),
                    None,
                )
                if lead is not None and not clause.relative:
                    prev_actor1 = [
                        (lead.name, "actor1", "group" if lead.kind == "subject" else lead.kind)
                    ]
                continue
            if att is not None and att.tally:
                continue
            hit = hits[0]
            if att is not None and att.content_start <= hit.start < att.content_end:
                # a statement makes an event only when it says when or where it happened
                if not (
                    reading.dates_in(clause.start, clause.end)
                    or reading.places_in(clause.start, clause.end)
                ):
                    continue
            trig = hit.trigger
            dates = reading.dates_in(clause.start, clause.end)
            places = [
                p
                for p in reading.places_in(clause.start, clause.end)
                if not _inside_actor_name(p, sent)
            ]
            own_date = bool(dates)
            if trig.rule in {"weak", "founding"} and not own_date:
                continue
            if _habitual(clause, hit) and not own_date:
                continue
            if trig.rule == "kill" and not (own_date or places):
                # a death toll with neither date nor place adds to the event before it
                target = (
                    sentence_drafts[-1]
                    if sentence_drafts
                    else (
                        drafts[-1] if drafts and _adjacent(reading, drafts[-1], s_index) else None
                    )
                )
                if target is not None:
                    target.spans.append((clause.start, clause.end))
                    _add_fatalities(reading, target, clause, hit, subject_name, att)
                continue
            sub_type = _decide_type(trig, text[clause.start : clause.end], mentions)
            again = SECOND_RE.search(text, clause.start, hit.end + 1)
            previous = sentence_drafts[-1] if sentence_drafts else (drafts[-1] if drafts else None)
            if again and previous is not None:
                sub_type = previous.sub_event_type
            draft = Draft(
                clause,
                hit,
                sub_type,
                [(clause.start, clause.end)],
                own_date=own_date,
                own_place=bool(places),
            )
            draft.places = places
            draft.actors = assign_actors(reading, clause, hit, sub_type, mentions, subject)
            if (
                trig.rule == "founding"
                and subject is not None
                and _names_subject_in(text, clause, mentions, subject)
            ):
                # a group's founding has the group alone as its actor: founders and former
                # affiliations named in the sentence belong to the profile
                draft.actors = [(subject.name, "actor1", "group")]
            if not any(r == "actor1" for _, r, _ in draft.actors) and prev_actor1:
                if not any(fold(n) == fold(prev_actor1[0][0]) for n, _, _ in draft.actors):
                    draft.actors = prev_actor1[:1] + draft.actors
            if (
                not any(r == "actor1" for _, r, _ in draft.actors)
                and att is not None
                and att.organisation
                and att.person is None
                and att.content_start <= hit.start < att.content_end
                and PRONOUN_SUBJECT_RE.search(text[att.content_start : hit.start])
            ):
                # "Hezbollah said it fired ...": the group that speaks is the one that acts
                draft.actors.insert(0, (att.organisation, "actor1", "group"))
            if any(r == "actor1" for _, r, _ in draft.actors):
                prev_actor1 = [a for a in draft.actors if a[1] == "actor1"]
            _add_fatalities(reading, draft, clause, hit, subject_name, att)
            if att is not None and att.cue_start <= hit.start < att.content_end:
                att.event_made = True
                # known only from the actor's own statement: the speaker is the event's actor
                speaker = att.organisation if att.person is None else None
                draft.claimed = speaker is not None and any(
                    r == "actor1" and fold(n) == fold(speaker) for n, r, _ in draft.actors
                )
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
    # in an encyclopedic article about a group, a happening in the lead with no date anywhere
    # before it ("a group that fought in the civil war") is part of the definition, not an event
    if subject is None or not reading.doc.sections:
        return drafts
    lead_end = reading.doc.sections[0].start
    return [d for d in drafts if d.date_value is not None or d.clause.start >= lead_end]


def _in_setting(
    hit: TriggerHit,
    reading: Reading,
    sentence: str,
    clause: Clause,
    mentions: list[ActorMention],
    subject: Any,
    after_event: bool = False,
) -> bool:
    """Whether a trigger tells a happening of armed conflict where it stands: a plain death
    ("died", "lost") needs a sentence about violence or an event told just before it (whose
    toll it gives); a founding needs an armed or political
    organisation (or the profile's subject); a seizure of territory needs armed actors, or a
    group and a place."""
    text = reading.doc.text
    trig = hit.trigger
    if trig.rule == "kill" and PLAIN_DEATH_RE.match(text[hit.start : hit.end]):
        return after_event or bool(ARMED_CONTEXT_RE.search(sentence))
    if trig.rule == "founding":
        named = (
            subject is not None
            and subject.armed
            and _names_subject_in(text, clause, mentions, subject)
        )
        return named or bool(ARMED_GROUP_RE.search(text, clause.start, clause.end))
    if trig.sub_event_type in TERRITORY_TYPES:
        armed_subject = subject is not None and subject.armed
        if ARMED_CONTEXT_RE.search(sentence) or any(
            m.kind == "state" or (m.kind == "subject" and armed_subject) for m in mentions
        ):
            return True
        return any(m.kind == "group" for m in mentions) and bool(
            reading.places_in(hit.end, clause.end)
        )
    return True


def _names_subject_in(
    text: str, clause: Clause, mentions: list[ActorMention], subject: Any
) -> bool:
    return any(m.kind == "subject" for m in mentions) or bool(
        re.search(r"\b(?:it|they)\b", text[clause.start : clause.end], re.I)
    )


def _adjacent(reading: Reading, draft: Draft, s_index: int) -> bool:
    return draft.clause.sentence.index == s_index - 1


def _attribution_over(attributions: list[Attribution], clause: Clause) -> Attribution | None:
    for att in attributions:
        if (
            att.content_start <= clause.start < att.content_end
            or clause.start <= att.content_start < clause.end
        ):
            return att
    return None


def _habitual(clause: Clause, hit: TriggerHit) -> bool:
    """Present-tense verbs describe what a group does, not what happened."""
    for t in clause.tokens:
        if t.start >= hit.start - 1 and t.end <= hit.end + 1 and t.tag in {"VBZ", "VBP"}:
            return True
        if (
            t.start < hit.start
            and t.tag in {"VBZ", "VBP"}
            and t.lower in {"conducts", "carries", "operates", "uses", "fights", "launches"}
        ):
            return True
    return False


def _inside_actor_name(place: PlaceFact, sent: Any) -> bool:
    for e in sent.entities:
        if (
            e.label == "ORG"
            and e.start <= place.start
            and place.end <= e.end
            and (e.end - e.start) > (place.end - place.start)
        ):
            return True
    return False


def _decide_type(trig: Trigger, clause_text: str, mentions: list[ActorMention]) -> str:
    if trig.rule == "target":
        return "Attack" if is_civilian_target(clause_text) else "Armed clash"
    if trig.rule == "bomb":
        if (mentions and mentions[0].kind == "state") or re.search(
            r"\b(?:jets?|aircraft|warplanes?|air force)\b", clause_text, re.I
        ):
            return "Air/drone strike"
        if re.search(r"\b(?:car|roadside|truck|motorcycle|vehicle)\b", clause_text, re.I):
            return "Remote explosive/landmine/IED"
    if trig.rule == "kill":
        return (
            "Attack"
            if is_civilian_target(clause_text)
            or not re.search(
                r"\b(?:soldiers?|troops|forces|fighters|militants|police)\b", clause_text, re.I
            )
            else "Armed clash"
        )
    return trig.sub_event_type


ALLY_BEFORE_RE = re.compile(
    r"\b(?:with|alongside|together with|jointly with|in coordination with|joined by|joined|"
    r"in cooperation with|its ally|their ally|its allies|their allies|allied)\s+"
    r"(?:the\s+|other\s+|its\s+|their\s+|an?\s+)?(?:[\w'’]+(?:'s?|’s?)\s+)?(?:[a-z]+\s+){0,2}$",
    re.I,
)
PREP_BEFORE_RE = re.compile(
    r"\b(?:with|against|on|by|of|at|from|to|for|alongside|including|targeting|between|into|near|"
    r"in|among|than)\s+(?:the\s+|an?\s+)?(?:[\w'’]+(?:'s?|’s?)\s+)?$",
    re.I,
)
OF_GROUP_RE = re.compile(
    r"\b(?:members?|fighters?|representatives?|delegates?|militants?|units?|commanders?|leaders?|troops|soldiers|officers|gunmen|"
    r"attackers|insurgents|cells?|elements|supporters|loyalists)\s+(?:of|from|belonging to|linked to|loyal to)\s+(?:the\s+)?$",
    re.I,
)
BETWEEN_RE = re.compile(r"\bbetween\s+(?:the\s+)?$", re.I)
PASSIVE_RE = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", re.I)
JOINT_RE = re.compile(r"\b(?:jointly|together|joint|its ally|their ally|allied)\b", re.I)
GENERIC_FORCE_RE = re.compile(
    r"\b[Tt]he\s+(army|military|police|armed forces|security forces|air force|navy)\b"
    r"(?!\s+(?:training|base|site|camp|court|operations?|exercises?|vehicles?|posts?|positions?|"
    r"equipment|wing|parade|officers?|officials?|sources?|station|checkpoint|patrol|convoy)\b)"
)


def clause_mentions(
    reading: Reading,
    subject: Any,
    clause: Clause,
    country_of: Any,
    place_spans: list[tuple[int, int]],
    memory: dict[str, str],
) -> list[ActorMention]:
    """Actor mentions of a clause, with references to the article's subject ("the brigade",
    "FPL fighters", "its fighters") and to forces named earlier ("the army") resolved."""
    text = reading.text
    found = mentions_in(clause.sentence, clause.start, clause.end, text, country_of, place_spans)
    out: list[ActorMention] = []
    for m in found:
        if subject is not None and (subject.is_named(m.name) or same_actor(m.name, subject.name)):
            out.append(ActorMention(m.start, m.end, subject.name, "subject"))
        else:
            out.append(m)
            if m.kind in {"state", "group"}:
                for word in ("army", "police", "military", "forces"):
                    if word in m.name.lower():
                        memory[word] = m.name
    if subject is not None:
        for s, e in subject_refs(text, clause.start, clause.end, subject):
            if not any(x.start < e and s < x.end for x in out):
                out.append(ActorMention(s, e, subject.name, "subject"))
    for m in GENERIC_FORCE_RE.finditer(text, clause.start, clause.end):
        noun = m.group(1).lower()
        key = {
            "armed forces": "forces",
            "security forces": "forces",
            "air force": "forces",
            "navy": "military",
        }.get(noun, noun)
        name = memory.get(key) or memory.get("army" if key == "military" else key)
        if name and not any(x.start < m.end() and m.start() < x.end for x in out):
            out.append(ActorMention(m.start(1), m.end(), name, "state"))
    # "near Tarkint", "in Kayna": a name after a place preposition that does not look like a
    # group is a place the gazetteer does not know, not an actor
    out = [
        x
        for x in out
        if x.kind not in {"group"}
        or looks_like_group(x.name)
        or not re.search(
            r"\b(?:near|in|at|outside|around|towards?|into|across)\s+(?:the\s+)?(?:(?:town|village|city|area|district|region|province)\s+of\s+)?$",
            text[max(clause.start, x.start - 40) : x.start],
            re.I,
        )
    ]
    out = [x for x in out if x.start >= reading.dateline_end]
    # "according to the army's Second Division" names a source, not a participant
    out = [
        x
        for x in out
        if not re.search(
            r"\baccording to\s+(?:the\s+)?(?:[\w-]+(?:'s|’s)\s+)?$",
            text[max(clause.start, x.start - 40) : x.start],
            re.I,
        )
    ]
    # a single capitalised word the gazetteer knows is a place, not an actor
    out = [
        x
        for x in out
        if x.kind != "group"
        or " " in x.name
        or looks_like_group(x.name)
        or not reading.lookup_place(x.name)
    ]
    out.sort(key=lambda x: x.start)
    return out


def subject_refs(text: str, start: int, end: int, subject: Any) -> list[tuple[int, int]]:
    """Where a clause names the article's subject: one of its names or acronyms, "the group",
    "the <head word>" ("the brigade"), or its fighters."""
    if subject.ref_patterns is None:
        names = [re.escape(n) for n in getattr(subject, "surface", [subject.name]) if len(n) >= 2]
        pattern = "|".join(sorted(names, key=len, reverse=True))
        head = subject.head if subject.head and subject.head.isalpha() else ""
        subject.ref_patterns = (
            re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])") if names else None,
            _head_refs(head),
        )
    rx_names, rx_heads = subject.ref_patterns
    spans = (
        []
        if rx_names is None
        else [(m.start(), m.end()) for m in rx_names.finditer(text, start, end)]
    )
    spans += [(m.start(), m.end()) for m in rx_heads.finditer(text, start, end)]
    return sorted(set(spans))


@lru_cache(maxsize=2048)
def _head_refs(head: str) -> re.Pattern[str]:
    """References to an article's subject by a common noun ("the group", "the brigade"), in
    any case; one pattern per head word, shared by all subjects with that head."""
    heads = [
        r"the group",
        r"the organi[sz]ation",
        r"the movement",
        r"the militia",
        r"(?:its|their) (?:positions?|bases?|headquarters|checkpoints?|convoys?|vehicles?|"
        r"hideouts?|camps?|strongholds?|gathering|commanders?|leaders?)",
    ]
    if head:
        h = re.escape(head)
        heads += [
            rf"the {h}",
            rf"(?<=\b[Aa] ){h}(?= \w)",
            rf"(?<=\b[Aa]n ){h}(?= \w)",
            rf"\b{h}(?= (?:fighters|members|positions?|checkpoints?|commanders?|vehicles?|bases?))",
        ]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(heads)})(?![\w-])", re.I)


def assign_actors(
    reading: Reading,
    clause: Clause,
    hit: TriggerHit,
    sub_type: str,
    mentions: list[ActorMention],
    subject: Any,
) -> list[tuple[str, str, str | None]]:
    """Actors of an event in their ACLED roles, from where each is named in the clause."""
    text = reading.text
    cstart = clause.start
    # a speaker ("its spokesman X said that ... were killed") takes no part in the event
    mentions = [
        m
        for m in mentions
        if not (
            m.kind == "person"
            and re.match(
                r"[\s,]*(?:[\w'’-]+[\s,]+){0,4}?(?:said|says|told|stated|reported|announced|claimed|added|denied)\b",
                text[m.end : m.end + 80],
            )
        )
    ]
    pre = [m for m in mentions if m.end <= hit.start]
    post = [m for m in mentions if m.start >= hit.end]
    inside = [m for m in mentions if m.start < hit.end and hit.start < m.end and m.kind == "state"]
    actors: list[tuple[str, str, str | None]] = []

    def add(m: ActorMention, role: str) -> None:
        kind = "group" if m.kind == "subject" else m.kind
        if any(fold(n) == fold(m.name) for n, _, _ in actors):
            return
        actors.append((m.name, role, kind))

    def before(m: ActorMention) -> str:
        return text[max(cstart, m.start - 60) : m.start]

    between = text[pre[-1].end : hit.start] if pre else text[cstart : hit.start]
    passive = bool(PASSIVE_RE.search(between)) or bool(
        re.search(
            r"\b(?:was|were|been|being)\s+(?:\w+ly\s+)?(?:killed|shot|arrested|detained|abducted|kidnapped|wounded|injured|executed|captured|attacked|targeted|hit|struck)\b",
            between,
            re.I,
        )
    )
    clash = sub_type == "Armed clash" and re.search(
        r"clash|fight|fought|battle|combat|engag|skirmish|firefight|exchange",
        text[hit.start : hit.end],
        re.I,
    )
    victimising = (
        sub_type in {"Arrests", "Abduction/forced disappearance", "Attack", "Sexual violence"}
        or hit.trigger.rule == "kill"
    )
    # who acts: the first name before the trigger that is not governed by a preposition
    actor1: ActorMention | None = None
    for m in pre:
        b = before(m)
        if PREP_BEFORE_RE.search(b) and not OF_GROUP_RE.search(b) and not BETWEEN_RE.search(b):
            continue
        actor1 = m
        break
    if passive:
        by = next((m for m in post if re.search(r"\bby\s+(?:the\s+)?$", before(m), re.I)), None)
        for m in pre:
            add(m, "victim" if m.kind == "person" else "actor2")
        if by is not None:
            add(by, "actor1")
        post = [m for m in post if m is not by]
    elif actor1 is not None:
        apposed = [
            m
            for m in pre
            if m.kind == "person"
            and m.start > actor1.end
            and actor1.kind != "person"
            and re.fullmatch(r"[\s,]*", text[actor1.end : m.start])
        ]
        if apposed:
            # "security forces X and Y carried out": the named people act; the force only
            # describes them
            actor1 = apposed[0]
        if actor1.kind == "person":
            for m in pre:
                if m.kind == "person" and not PREP_BEFORE_RE.search(before(m)):
                    add(m, "actor1")
        else:
            add(actor1, "actor1")
        for m in pre:
            if m is actor1 or m.kind == "person" and actor1.kind == "person":
                continue
            if m.start > actor1.end and (
                ALLY_BEFORE_RE.search(before(m))
                or (
                    actors
                    and actors[-1][1] == "assoc_actor_1"
                    and re.search(r"\band\s+(?:the\s+)?$", before(m))
                )
            ):
                add(m, "assoc_actor_1")
                continue
            link = text[actor1.end : m.start]
            if not re.fullmatch(
                r"[\s,]*(?:and|or)\s+(?:the\s+|its\s+ally\s+(?:the\s+)?|their\s+ally\s+(?:the\s+)?)?(?:[\w'’ -]+\s+)?",
                link,
            ) and not BETWEEN_RE.search(before(actor1)):
                continue
            if JOINT_RE.search(text[actor1.end : hit.start]) and not clash:
                add(m, "assoc_actor_1")
            else:
                add(m, "actor2" if (clash or sub_type == "Agreement") else "assoc_actor_1")
    if inside:
        # "an Israeli airstrike", "French airstrikes": the forces named in the trigger act, and
        # whoever the clause is about is their target
        actors = [(n, "actor2" if r == "actor1" else r, k) for n, r, k in actors]
        actors.insert(0, (inside[0].name, "actor1", "state"))
    prev_role = None
    prev_end = hit.end
    for m in post:
        b = before(m)
        link = text[prev_end : m.start]
        if m.kind == "person" and victimising and not passive:
            add(m, "victim")
            prev_end = m.end
            continue
        if not any(r == "actor1" for _, r, _ in actors) and (
            BETWEEN_RE.search(b) or re.search(r"\bby\s+(?:the\s+)?$", b, re.I)
        ):
            role = "actor1"
        elif prev_role and re.fullmatch(r"[\s,]*(?:and|or)\s+(?:the\s+)?", link):
            role = "actor2" if prev_role == "actor1" else prev_role
        elif ALLY_BEFORE_RE.search(b) and not (
            clash and re.search(r"\bwith\s+(?:the\s+)?$", b, re.I)
        ):
            role = "assoc_actor_1"
        elif m.kind == "person":
            continue
        else:
            role = "actor2"
        if role == "actor2" and any(r == "actor2" for _, r, _ in actors) and prev_role != "actor2":
            role = "assoc_actor_2"
        add(m, role)
        prev_role, prev_end = role, m.end
    for m in LED_RE.finditer(text, clause.start, clause.end):
        name = m.group(1)
        if subject is None or not subject.is_named(name):
            add(ActorMention(m.start(1), m.end(1), name, "group"), "assoc_actor_1")
    return actors


def _add_fatalities(
    reading: Reading,
    draft: Draft,
    clause: Clause,
    hit: TriggerHit,
    subject_name: str | None,
    att: Attribution | None,
) -> None:
    text = reading.text
    ctext = text[clause.start : clause.end]
    if not KILL_RE.search(ctext):
        return
    for q in reading.quantities_in(clause.start, clause.end):
        qm = q.mention
        if qm.kind != "count":
            continue
        unit = getattr(qm, "unit", "") or ""
        if not PERSON_NOUNS.search(
            unit or text[q.end : q.end + 30]
        ) and not DEMONYM_PLURAL_RE.search(unit or ""):
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
    from procopius.taxonomy import sub_event_type

    return sub_event_type(sub).event_type


def _merge_foundings(drafts: list[Draft]) -> None:
    """Several formation statements in one sentence are one event, on the latest date."""
    founding = [d for d in drafts if d.rule == "founding"]
    if len(founding) < 2:
        return
    keep = max(
        founding, key=lambda d: (d.date.value.start or "") if d.date and d.date.value else ""
    )
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
                (
                    f
                    for f in reading.dates
                    if lo <= f.start < sent.start and f.value.precision == "day" and f.value.start
                ),
                None,
            )
            if first_day is not None:
                d.date_value = _open_range(first_day.value.start)
                d.date_reason = (
                    f"since the start of the war: first dated day of the section ({first_day.text})"
                )
                d.spans = [(min(m.start(), d.spans[0][0]), d.spans[0][1])] + d.spans[1:]
                continue
        earlier = [f for f in reading.dates if f.end <= d.clause.start and f.value.start]
        if earlier:
            d.date = earlier[-1]
            d.date_value = earlier[-1].value
            d.date_reason = "date of the preceding text"


def _open_range(start: str) -> Any:
    from procopius.dates import DateValue

    return DateValue(
        start=start,
        end=None,
        precision="range",
        year_inferred=False,
        reason="open range",
        qualifier=None,
        open_end=True,
        accept_years=[],
    )
