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
    r"\b(?:attack(?:s|ed|ing)?|kill(?:ed|ing|s)?|bomb(?:s|ed|ing|ings)?|shell(?:ed|ing)|rockets?|"
    r"mortars?|clash(?:es|ed)?|ambush(?:ed|es)?|militants?|insurgen(?:ts?|cy)|rebels?|guerrillas?|"
    r"militias?|ceasefire|truce|kidnapp(?:ed|ing)|abduct(?:ed|ion|ions)|hostages?|airstrikes?|"
    r"air strikes?|drone strikes?|explosions?|explosives?|armed groups?|armed wing|brigades?|"
    r"jihadists?|massacres?|assassinat(?:ed|ion)|fighters|troops|soldiers|casualties|wounded|"
    r"offensive|terrorists?|terrorism|gunmen|paramilitar(?:y|ies)|killings)\b",
    re.I,
)
CUE_TERMS = re.compile(
    r"\b(?:said|says|stated|reported|announced|claimed|declared|denied|blamed|accused|"
    r"according to|spokes(?:man|woman|person)|commander|leader|founded|formed|established|"
    r"known as|wing of|offshoot|affiliated|allied|renamed|operates|active in|based in)\b",
    re.I,
)
#: a document needs at least this many conflict words to be read
MIN_TERMS = 3


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
    terms = count_terms(doc.text, limit=MIN_TERMS)
    if terms < MIN_TERMS:
        return Selection(False, terms, (), len(paras))
    keep = [
        (s, e) for k, (s, e) in enumerate(paras) if k == 0 or paragraph_is_relevant(doc.text[s:e])
    ]
    return Selection(True, terms, tuple(keep), len(paras))
