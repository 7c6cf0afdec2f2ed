"""Evidence in context: the paragraph and the sentence around a span of a document's text.

Offsets in an excerpt are relative to the paragraph, so a page can show the paragraph with the
sentence and the evidence marked without touching the rest of the document.
"""

from __future__ import annotations

import re
from typing import Any

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n|\n(?==)|(?<==)\n")
_SENTENCE_END = re.compile(
    r"[.!?][\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]*[A-Z0-9\u0600-\u06ff])"
)
_MAX_PARAGRAPH = 1500


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (text between blank lines or heading lines) holding [start, end); a span
    that runs across paragraphs gets all of them. Long paragraphs are cut to about
    `_MAX_PARAGRAPH` characters around the span, at a sentence end where possible."""
    para_start = 0
    para_end = len(text)
    for m in _PARAGRAPH_BREAK.finditer(text):
        if m.end() <= start:
            para_start = m.end()
        elif m.start() >= end:
            para_end = m.start()
            break
    while para_start < para_end and text[para_start].isspace():
        para_start += 1
    while para_end > para_start and text[para_end - 1].isspace():
        para_end -= 1
    if para_end - para_start > _MAX_PARAGRAPH:
        margin = max(0, (_MAX_PARAGRAPH - (end - start)) // 2)
        lo = max(para_start, start - margin)
        hi = min(para_end, end + margin)
        if lo > para_start:
            cut = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
            lo = _skip_space(text, cut[0] if cut else lo, start)
        if hi < para_end:
            cut = [m.end() for m in _SENTENCE_END.finditer(text, end, hi)]
            hi = cut[-1] if cut else hi
        para_start, para_end = lo, hi
    return para_start, max(para_end, end)


def sentence_bounds(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The sentence(s) holding [start, end) within [lo, hi)."""
    sent_start = lo
    sent_end = hi
    for m in _SENTENCE_END.finditer(text, lo, hi):
        if m.end() <= start:
            sent_start = m.end()
        elif m.end() >= end:
            sent_end = m.end()
            break
    return _skip_space(text, sent_start, start), sent_end


def _skip_space(text: str, pos: int, limit: int) -> int:
    while pos < limit and text[pos].isspace():
        pos += 1
    return pos


def excerpt(text: str | None, start: int, end: int) -> dict[str, Any] | None:
    """The paragraph around [start, end) with the sentence and the span as offsets into it,
    or None when the span does not lie in the text."""
    if text is None or not (0 <= start <= end <= len(text)):
        return None
    lo, hi = paragraph_bounds(text, start, end)
    s_lo, s_hi = sentence_bounds(text, start, end, lo, hi)
    return {
        "paragraph": text[lo:hi],
        "offset": lo,
        "sentence": [s_lo - lo, s_hi - lo],
        "span": [start - lo, end - lo],
    }


def with_excerpt(evidence: dict[str, Any], text: str | None) -> dict[str, Any]:
    """An evidence dict with its `excerpt` added (None when the text is not stored)."""
    return {
        **evidence,
        "excerpt": excerpt(text, evidence.get("start", -1), evidence.get("end", -1)),
    }
