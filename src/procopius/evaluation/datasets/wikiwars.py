"""WikiWars (Mazur and Dale, EMNLP 2010): English Wikipedia war narratives with TIMEX2
temporal expressions and their normalised values (``VAL``).

Layout read: ``in/NAME.sgm`` (the articles, ACE-style SGML) and ``key/NAME.key.apf.xml``
(stand-off TIMEX2 annotation, ACE APF). APF offsets count UTF-8 bytes of the SGML file with
its tags removed, END inclusive; they are turned into character offsets of the article body
(the ``<TEXT>`` element), which is what we read.

Each ``.sgm`` carries a ``DATETIME`` (the day the page was downloaded, annotated as a TIMEX2 in
the header). It is not a publication date of the narrative, so it is not given to our reader
(narrative text is read with no document date) and its header TIMEX2 is not scored.
Scores: see `procopius.evaluation.timex` (TempEval-3 strict, relaxed and value figures).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from procopius.evaluation.timex import (
    Timex,
    format_timex_result,
    score_timex_documents,
)

NAME = "wikiwars"
DESCRIPTION = "WikiWars TIMEX2: temporal expressions and values in Wikipedia war articles."

_TAG_RE = re.compile(r"<[^>]+>")
_TEXT_OPEN = "<TEXT>"
_TEXT_CLOSE = "</TEXT>"


@dataclass
class WikiWarsDoc:
    """One article: its body text and the gold TIMEX2 expressions in it."""

    doc_id: str
    text: str
    timexes: list[Timex]
    unscored: Counter[str] = field(default_factory=Counter)


def _strip_tags(sgml: str) -> str:
    return _TAG_RE.sub("", sgml)


def _byte_to_char(text: str) -> list[int]:
    """Character index of every UTF-8 byte offset of `text` (and of its end)."""
    out: list[int] = []
    for i, ch in enumerate(text):
        out.extend([i] * len(ch.encode("utf-8")))
    out.append(len(text))
    return out


def load_document(sgm: Path, apf: Path) -> WikiWarsDoc:
    """Read one article and its APF key."""
    sgml = sgm.read_text(encoding="utf-8")
    plain = _strip_tags(sgml)
    open_at = sgml.find(_TEXT_OPEN)
    close_at = sgml.find(_TEXT_CLOSE)
    if open_at < 0 or close_at < 0:
        raise ValueError(f"{sgm.name}: no <TEXT> element")
    body_start = len(_strip_tags(sgml[: open_at + len(_TEXT_OPEN)]))
    body_end = len(_strip_tags(sgml[:close_at]))
    body = plain[body_start:body_end]
    char_of = _byte_to_char(plain)
    root = ET.parse(apf).getroot()
    doc_id = sgm.name.removesuffix(".sgm")
    timexes: list[Timex] = []
    unscored: Counter[str] = Counter()
    for tx in root.iter("timex2"):
        value = tx.get("VAL")
        kind = "SET" if (tx.get("SET") or "").upper() == "YES" else ""
        for charseq in tx.iter("charseq"):
            b_start, b_end = int(charseq.get("START", "0")), int(charseq.get("END", "0"))
            start, end = char_of[b_start], char_of[b_end + 1]
            if start < body_start or end > body_end:
                unscored["outside the article body (download timestamp in the header)"] += 1
                continue
            if plain[start:end] != (charseq.text or ""):
                unscored["extent does not match the text"] += 1
                continue
            timexes.append(
                Timex(start - body_start, end - body_start, value, kind, plain[start:end])
            )
    return WikiWarsDoc(doc_id, body, timexes, unscored)


def load(path: Path, limit: int | None = None) -> list[WikiWarsDoc]:
    """The articles under a WikiWars folder (``in/`` and ``key/``), in name order."""
    path = Path(path)
    in_dir, key_dir = path / "in", path / "key"
    if not in_dir.is_dir() or not key_dir.is_dir():
        raise ValueError("expected the WikiWars folders in/ and key/")
    docs: list[WikiWarsDoc] = []
    for sgm in sorted(in_dir.glob("*.sgm")):
        apf = key_dir / (sgm.name.removesuffix(".sgm") + ".key.apf.xml")
        if not apf.exists():
            continue
        docs.append(load_document(sgm, apf))
        if limit is not None and len(docs) >= limit:
            break
    if not docs:
        raise ValueError("no article with a key found")
    return docs


def evaluate(path: Path, limit: int | None = None) -> dict[str, Any]:
    """Read the articles with no document date and score our dates against TIMEX2."""
    docs = load(path, limit)
    return score_timex_documents(
        NAME,
        path,
        limit,
        docs,
        lambda d: None,
        "none (narrative text; the header download date is not used)",
    )


def format_result(result: dict[str, Any]) -> str:
    return format_timex_result(result)
