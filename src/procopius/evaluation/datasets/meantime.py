"""MEANTIME (NewsReader, Minard et al., LREC 2016), English section: Wikinews articles with
TIMEX3 temporal expressions (type and value) in CAT XML.

CAT XML gives tokens (``<token t_id=.. sentence=..>``) and stand-off markables that point to
token ids (``<TIMEX3 type=.. value=..><token_anchor t_id=../></TIMEX3>``). The text is rebuilt
from the tokens: one line per sentence (the title is the first, the dateline the second),
tokens joined by a space except before closing punctuation and clitics ("10, 2013", "GM's")
and after opening brackets and quotes. A TIMEX3's extent runs from the start of its first
token to the end of its last.

The document creation time (the TIMEX3 with ``functionInDocument="CREATION_TIME"``, the
dateline) is given to our reader as the publication date, as TempEval-3 gives systems the
DCT; so it is not scored, and our expressions overlapping it are set aside too. The
annotators marked the first sentences of each article only (title, dateline and the opening
sentences: every markable of the English section lies in sentences 0-6); the whole article is
read, but our expressions after the last sentence that holds a markable are set aside. TIMEX3s
with no tokens (times only implied by a duration) have no extent and are counted as
unscored. When a folder holds both ``intra-doc_annotation`` and
``intra_cross-doc_annotation`` (the same articles), only the first is read.
Scores: see `procopius.evaluation.timex` (TempEval-3 strict, relaxed and value figures).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from procopius.document import Document
from procopius.evaluation.timex import (
    CONVERSION,
    Timex,
    TimexTally,
    format_timex_result,
    load_files,
    predict_timexes,
    published_date,
)

NAME = "meantime"
DESCRIPTION = "MEANTIME TIMEX3 (English Wikinews): temporal expressions, types and values."

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "''", "'", "”", "...",
                    "'s", "'S", "n't", "'re", "'ve", "'ll", "'d", "'m"}  # fmt: skip
_NO_SPACE_AFTER = {"(", "[", "{", "``", "“", "$", "#"}


@dataclass
class MeantimeDoc:
    """One article: rebuilt text, document creation time, and its gold TIMEX3s."""

    doc_id: str
    text: str
    dct: str | None
    dct_span: tuple[int, int] | None
    timexes: list[Timex]
    annotated_end: int
    unscored: Counter[str] = field(default_factory=Counter)


def _token_text(raw: str) -> str:
    return raw.replace("``", '"').replace("''", '"') if raw in ("``", "''") else raw


def rebuild_text(tokens: list[tuple[str, int, str]]) -> tuple[str, dict[str, tuple[int, int]]]:
    """Text and per-token character spans from (token id, sentence number, token text)."""
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    pos = 0
    prev_sentence: int | None = None
    prev_raw = ""
    for t_id, sentence, raw in tokens:
        word = _token_text(raw)
        if prev_sentence is not None:
            if sentence != prev_sentence:
                sep = "\n"
            elif raw in _NO_SPACE_BEFORE or prev_raw in _NO_SPACE_AFTER:
                sep = ""
            else:
                sep = " "
            parts.append(sep)
            pos += len(sep)
        spans[t_id] = (pos, pos + len(word))
        parts.append(word)
        pos += len(word)
        prev_sentence, prev_raw = sentence, raw
    return "".join(parts), spans


def load_document(path: Path) -> MeantimeDoc:
    """Read one CAT XML article."""
    root = ET.parse(path).getroot()
    tokens = [
        (t.get("t_id", ""), int(t.get("sentence", "0")), t.text or "") for t in root.iter("token")
    ]
    text, spans = rebuild_text(tokens)
    markables = root.find("Markables")
    if markables is None:
        markables = root
    dct: str | None = None
    dct_span: tuple[int, int] | None = None
    timexes: list[Timex] = []
    unscored: Counter[str] = Counter()
    for tx in markables.iter("TIMEX3"):
        anchors = [a.get("t_id", "") for a in tx.iter("token_anchor")]
        anchors = [a for a in anchors if a in spans]
        value = tx.get("value") or None
        if tx.get("functionInDocument") == "CREATION_TIME":
            dct = value
            if anchors:
                dct_span = (spans[anchors[0]][0], spans[anchors[-1]][1])
            unscored["document creation time (given to the reader as the publication date)"] += 1
            continue
        if not anchors:
            unscored["no extent in the text (implied time)"] += 1
            continue
        ordered = sorted(anchors, key=lambda a: spans[a][0])
        start, end = spans[ordered[0]][0], spans[ordered[-1]][1]
        timexes.append(Timex(start, end, value, (tx.get("type") or "").upper(), text[start:end]))
    # the annotators marked the first sentences only: up to the last sentence with a markable
    sentence_of = {t_id: sentence for t_id, sentence, _ in tokens}
    marked = [sentence_of[a.get("t_id", "")] for a in markables.iter("token_anchor")
              if a.get("t_id", "") in sentence_of]  # fmt: skip
    last = max(marked, default=-1)
    annotated_end = max((spans[t][1] for t, s, _ in tokens if s <= last), default=0)
    doc_id = root.get("doc_name") or path.stem
    return MeantimeDoc(doc_id, text, dct, dct_span, timexes, annotated_end, unscored)


def _files(path: Path) -> list[Path]:
    path = Path(path)
    if path.is_file():
        return [path]
    intra = path / "intra-doc_annotation"
    base = intra if intra.is_dir() else path
    return sorted(base.rglob("*.xml"))


def load(path: Path, limit: int | None = None) -> list[MeantimeDoc]:
    """The articles under a MEANTIME folder (or one file), in path order."""
    return load_files(_files(path), load_document, limit, "CAT XML article")


def evaluate(path: Path, limit: int | None = None) -> dict[str, Any]:
    """Read each article with its creation time as publication date; score against TIMEX3."""
    docs = load(path, limit)
    tally = TimexTally()
    unscored: Counter[str] = Counter()
    annotations = 0
    set_aside = 0
    outside = 0
    for d in docs:
        annotations += len(d.timexes) + sum(d.unscored.values())
        unscored.update(d.unscored)
        pred = predict_timexes(
            Document(text=d.text, title=d.doc_id, published=published_date(d.dct))
        )
        if d.dct_span is not None:
            s, e = d.dct_span
            kept = [p for p in pred if not (p.start < e and s < p.end)]
            set_aside += len(pred) - len(kept)
            pred = kept
        kept = [p for p in pred if p.start < d.annotated_end]
        outside += len(pred) - len(kept)
        tally.add(d.timexes, kept, d.doc_id)
    command = f"procopius eval {NAME} {path}" + (f" --limit {limit}" if limit else "")
    return {
        "dataset": NAME,
        "documents": len(docs),
        "annotations": annotations,
        "scores": tally.scores(),
        "unscored": dict(unscored),
        "predictions_set_aside": {
            "on the document creation time": set_aside,
            "after the annotated sentences": outside,
        },
        "conversion": CONVERSION,
        "document_date": "the TIMEX3 marked CREATION_TIME",
        "value_errors": tally.value_errors,
        "command": command,
    }


def format_result(result: dict[str, Any]) -> str:
    return format_timex_result(result)
