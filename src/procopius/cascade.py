"""The cascade's cheap first pass: which documents, and which of their paragraphs, can hold
conflict events or actor facts. Only those go through the statistical language model.

A document is selected when conflict vocabulary occurs often enough in it (a plain regular
expression scan, millions of characters per second). Within a selected document the lead
paragraph is always read, and every other paragraph that holds an event trigger, a reporting
verb or a profile cue. Paragraphs are parsed independently, so what is read of a selected
paragraph is exactly what a full pass would read.

With the `sentence` unit the same test is applied sentence by sentence (split by punctuation,
not by the language model): only the lead's first sentence and the sentences that hold
conflict vocabulary, an event trigger or a cue are read, runs of neighbouring sentences
together. About 40% fewer words reach the language model than with the `paragraph` unit, at
the price of more lost events (a sentence about an event that names no conflict word, and
context from the sentences around it); `procopius eval cascade` measures both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from procopius.document import Document

DOC_TERMS = re.compile(
    r"\b(?:attack(?:s|ed|ing|ers?)?|kill(?:ed|ing|ings|s|er|ers)?|bomb(?:s|ed|ing|ings|ers?)?|"
    r"shell(?:ed|ing)|rockets?|mortars?|missiles?|grenades?|snipers?|clash(?:es|ed)?|"
    r"ambush(?:ed|es)?|militants?|insurgen(?:ts?|cy)|rebels?|guerrillas?|militias?|ceasefire|"
    r"truce|kidnapp(?:ed|ing|ers?)|abduct(?:ed|ion|ions)|hostages?|airstrikes?|air strikes?|"
    r"drones?|explosions?|explosives?|blasts?|armed|brigades?|jihadists?|massacres?|"
    r"assassin\w*|fighters|troops|soldiers|casualties|wounded|injured|offensive|"
    r"terroris(?:ts?|m)|gunmen|gunfire|shot|shooting|paramilitar(?:y|ies)|executed|execution|"
    r"beheaded|stabbed|died|dead|deaths?|murder(?:ed)?|raid(?:s|ed)?|siege|invasion|invaded|"
    r"war|wars|battles?|fought|fighting|hostilities|weapons|arms|army|military|police|"
    r"protests?|protesters|demonstrat(?:ors|ions?)|riots?|arrest(?:s|ed)?|detain(?:ed|ees)?|"
    r"captured|seized|occupied|violence|violent|conflict|suicide|coup|uprising|strikes?|struck|"
    r"destroy\w*|demolish\w*|damag\w*|loot\w*|burn(?:ed|t|ing)|displaced|refugees|sanctions|"
    r"threat(?:s|ened)?|jail\w*|imprison\w*|incarcerat\w*|prison\w*|extermin\w*|genocid\w*|"
    r"holocaust|slaughter\w*|massacr\w*|tortur\w*|rap(?:e|ed|es|ing)|assault\w*|hang(?:ed|ing)|"
    r"decapitat\w*|behead\w*|drown\w*|poison\w*|hijack\w*|invad\w*|surrender\w*|treat(?:y|ies)|"
    r"agreements?|punch\w*|whip\w*|starv\w*|harm(?:ed|ing|s)?|shoot\w*|shots?|rob(?:bed|bery|beries)?|"
    r"injur\w*|hurt|beat(?:en|ing|ings)?|lynch\w*|persecut\w*|deport\w*|expel\w*|occup\w*|"
    r"annex\w*|blockade|curfew|sabotag\w*|arson|ransom|smuggl\w*|crackdown|repression|"
    r"stormed|overran|recaptured|retook|withdr[ae]w\w*|evacuat\w*|surrender|homicides?|"
    r"manslaughter|ransack\w*|vandal\w*|explod\w*|detonat\w*|conflicts|firearms?|guns?|"
    r"mutilat\w*|maim\w*|annihilat\w*|sla(?:in|y\w*)|pillag\w*|plunder\w*|torched|machetes?|"
    r"stab(?:bed|bing|bings|s)?|strangl\w*|assail\w*|blown up|confiscat\w*)\b",
    re.I,
)
CUE_TERMS = re.compile(
    r"\b(?:said|says|stated|reported|announced|claimed|declared|denied|blamed|accused|"
    r"according to|spokes(?:man|woman|person)|commander|leader|founded|formed|established|"
    r"known as|wing of|offshoot|affiliated|allied|renamed|operates|active in|based in)\b",
    re.I,
)
#: a document needs this many conflict words per WORDS_PER_TERM words (at least 1, at most
#: MAX_TERMS) to be read: a short news item with one "killed" is read, a long biography that
#: mentions a war once is not
WORDS_PER_TERM = 150
MAX_TERMS = 4
#: what the first pass selects within a document
UNITS = ("paragraph", "sentence")
#: a sentence ends at ., ! or ? (and a closing quote or bracket) before a capital or a digit
SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"')\]”’]?\s+(?=[\"(\[“‘]?[A-Z0-9])")


@dataclass(frozen=True)
class Selection:
    selected: bool
    terms: int
    paragraphs: tuple[tuple[int, int], ...]
    all_paragraphs: int


@lru_cache(maxsize=1)
def _trigger_patterns() -> tuple[re.Pattern[str], ...]:
    from procopius.events import triggers

    return tuple(t.pattern for t in triggers())


def count_terms(text: str, limit: int | None = None) -> int:
    """Conflict words in a text, counted up to `limit`."""
    n = 0
    for _ in DOC_TERMS.finditer(text):
        n += 1
        if limit is not None and n >= limit:
            break
    return n


def paragraph_is_relevant(text: str) -> bool:
    if DOC_TERMS.search(text) or CUE_TERMS.search(text):
        return True
    low = text.lower()
    return any(p.search(low) for p in _trigger_patterns())


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of text[start:end] cut at end punctuation, as character ranges."""
    out = []
    pos = start
    for m in SENTENCE_END_RE.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


def select(doc: Document, unit: str = "paragraph") -> Selection:
    """The first pass over one document. `unit`: "paragraph" keeps whole paragraphs, "sentence"
    only the sentences (and runs of them) that pass the test."""
    from procopius.nlp import paragraphs

    if unit not in UNITS:
        raise ValueError(f"unknown cascade unit {unit!r} (expected one of {', '.join(UNITS)})")
    paras = paragraphs(doc)
    need = min(MAX_TERMS, 1 + len(doc.text) // (WORDS_PER_TERM * 6))
    terms = count_terms(doc.text, limit=need)
    if terms < need:
        return Selection(False, terms, (), len(paras))
    text = doc.text
    if unit == "paragraph":
        keep = [
            (s, e) for k, (s, e) in enumerate(paras) if k == 0 or paragraph_is_relevant(text[s:e])
        ]
        return Selection(True, terms, tuple(keep), len(paras))
    spans: list[tuple[int, int]] = []
    for k, (ps, pe) in enumerate(paras):
        run: tuple[int, int] | None = None
        for j, (s, e) in enumerate(sentence_spans(text, ps, pe)):
            if (k == 0 and j == 0) or paragraph_is_relevant(text[s:e]):
                run = (run[0], e) if run else (s, e)
            elif run:
                spans.append(run)
                run = None
        if run:
            spans.append(run)
    return Selection(True, terms, tuple(spans), len(paras))
