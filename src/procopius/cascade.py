"""The cascade's cheap first pass: which documents, and which of their paragraphs, can hold
conflict events or actor facts. Only those go through the statistical language model.

A document is selected when conflict vocabulary occurs often enough in it (a plain regular
expression scan, millions of characters per second). Within a selected document the lead
paragraph is always read, and every other paragraph that holds an event trigger, a reporting
verb or a profile cue. Paragraphs are parsed independently, so what is read of a selected
paragraph is exactly what a full pass would read.
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
    r"assassinat(?:ed|ion)|fighters|troops|soldiers|casualties|wounded|injured|offensive|"
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
    r"stormed|overran|recaptured|retook|withdr[ae]w\w*|evacuat\w*|surrender)\b",
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


def select(doc: Document) -> Selection:
    """The first pass over one document."""
    from procopius.nlp import paragraphs

    paras = paragraphs(doc)
    need = min(MAX_TERMS, 1 + len(doc.text) // (WORDS_PER_TERM * 6))
    terms = count_terms(doc.text, limit=need)
    if terms < need:
        return Selection(False, terms, (), len(paras))
    keep = [
        (s, e) for k, (s, e) in enumerate(paras) if k == 0 or paragraph_is_relevant(doc.text[s:e])
    ]
    return Selection(True, terms, tuple(keep), len(paras))
