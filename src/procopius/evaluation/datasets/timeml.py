"""TimeML ``.tml`` files as TempEval-3 distributes them (TimeBank, AQUAINT, the TE3 platinum
test set): inline TIMEX3 temporal expressions with type and value.

What is read: the ``<TEXT>`` element, its tags removed and XML entities decoded; each
``<TIMEX3>`` inside it gives an extent (its text) with ``type`` and ``value``. The document
creation time (``<DCT><TIMEX3 value=..>``) is given to our reader as the publication date and,
as in TempEval-3, is not scored (it lies outside ``<TEXT>``). A TIMEX3 inside ``<TEXT>`` with
no text (an implied time) is counted as unscored. The path is one ``.tml`` file or a folder
searched for them.
Scores: see `procopius.evaluation.timex` (TempEval-3 strict, relaxed and value figures).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from procopius.evaluation.timex import (
    Timex,
    format_timex_result,
    load_files,
    published_date,
    score_timex_documents,
)

NAME = "timeml"
DESCRIPTION = "TimeML / TempEval-3 .tml files: TIMEX3 temporal expressions, types and values."


@dataclass
class TimemlDoc:
    """One document: the text of its TEXT element, creation time, gold TIMEX3s."""

    doc_id: str
    text: str
    dct: str | None
    timexes: list[Timex]
    unscored: Counter[str] = field(default_factory=Counter)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _flatten(elem: ET.Element, parts: list[str], pos: int,
             found: list[tuple[ET.Element, int, int]]) -> int:  # fmt: skip
    """Append an element's text (tags removed) to `parts`; note every TIMEX3's extent."""
    if elem.text:
        parts.append(elem.text)
        pos += len(elem.text)
    for child in elem:
        start = pos
        pos = _flatten(child, parts, pos, found)
        if _local(child.tag) == "TIMEX3":
            found.append((child, start, pos))
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    return pos


def parse_tml(source: str | Path, doc_id: str = "") -> TimemlDoc:
    """Read one TimeML document from a path or from its XML string."""
    if isinstance(source, Path):
        root = ET.parse(source).getroot()
        doc_id = doc_id or source.name.removesuffix(".tml")
    else:
        root = ET.fromstring(source)
    dct: str | None = None
    text_elem: ET.Element | None = None
    for elem in root.iter():
        name = _local(elem.tag)
        if name == "DCT" and dct is None:
            for tx in elem.iter():
                if _local(tx.tag) == "TIMEX3":
                    dct = tx.get("value")
                    break
        elif name == "TEXT" and text_elem is None:
            text_elem = elem
        elif name == "DOCID" and not doc_id and elem.text:
            doc_id = elem.text.strip()
    if text_elem is None:
        raise ValueError(f"{doc_id or 'document'}: no <TEXT> element")
    parts: list[str] = []
    found: list[tuple[ET.Element, int, int]] = []
    _flatten(text_elem, parts, 0, found)
    text = "".join(parts)
    timexes: list[Timex] = []
    unscored: Counter[str] = Counter()
    for tx, start, end in sorted(found, key=lambda f: (f[1], f[2])):
        if tx.get("functionInDocument") == "CREATION_TIME":
            unscored["document creation time (given to the reader as the publication date)"] += 1
            continue
        # trim surrounding space that some files leave inside the tag
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            unscored["no extent in the text (implied time)"] += 1
            continue
        timexes.append(Timex(start, end, tx.get("value") or None,
                             (tx.get("type") or "").upper(), text[start:end]))  # fmt: skip
    return TimemlDoc(doc_id, text, dct, timexes, unscored)


def _files(path: Path) -> list[Path]:
    path = Path(path)
    if path.is_file():
        return [path]
    return sorted(path.rglob("*.tml"))


def load(path: Path, limit: int | None = None) -> list[TimemlDoc]:
    """The ``.tml`` documents at a path, in path order."""
    return load_files(_files(path), parse_tml, limit, ".tml file")


def evaluate(path: Path, limit: int | None = None) -> dict[str, Any]:
    """Read each TEXT with its DCT as publication date and score against its TIMEX3s."""
    docs = load(path, limit)
    return score_timex_documents(
        NAME, path, limit, docs, lambda d: published_date(d.dct), "the DCT TIMEX3"
    )


def format_result(result: dict[str, Any]) -> str:
    return format_timex_result(result)
