"""How many gold events the cascade's first pass loses.

The first pass (`procopius.cascade.select`) decides which documents, and which of their
paragraphs, go through the language model. A gold event is *kept* when its document is
selected and the paragraph holding its trigger (or evidence) is among the selected ones. The
target is to lose no more than 2% of gold events. Sets read, under the data folder:

- WikiEvents and RAMS: events whose type maps to an ACLED sub-event type (the mapping tables of
  their scorers); the trigger offset locates the paragraph;
- MUC-4 (TST1 and TST2 keys): each relevant template is an event; the message must be selected
  (templates carry no offsets, so paragraphs are not checked);
- article gold files (`*.gold.json` in the given folder or in `gold/articles` beside the data
  folder): each non-optional event; its evidence start locates the paragraph.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from procopius.cascade import DEFAULT_UNIT
from procopius.document import Document

NAME = "cascade"
DESCRIPTION = "Gold events the cascade's first pass would lose (PATH: the shared data folder)."
TARGET_LOSS = 0.02


def _kept(
    doc: Document, offsets: list[int | None], unit: str = DEFAULT_UNIT
) -> tuple[bool, list[bool]]:
    """Whether the document is selected, and for each event whether its paragraph (or
    sentence) is (an offset of None: only the document is checked)."""
    from procopius.cascade import select

    sel = select(doc, unit=unit)
    if not sel.selected:
        return False, [False] * len(offsets)
    return True, [o is None or any(s <= o < e for s, e in sel.paragraphs) for o in offsets]


def _tally(
    name: str,
    docs: list[tuple[Document, list[int | None]]],
    counts: dict[str, Counter],
    unit: str = DEFAULT_UNIT,
) -> None:
    c = counts.setdefault(name, Counter())
    for doc, offsets in docs:
        selected, kept = _kept(doc, offsets, unit)
        c["documents"] += 1
        c["selected_documents"] += selected
        c["events"] += len(offsets)
        c["kept"] += sum(kept)


def _wikievents(folder: Path, limit: int | None) -> list[tuple[Document, list[int]]]:
    from procopius.evaluation.datasets import wikievents as we

    mapping = we.load_mapping("wikievents")
    out = []
    for gd in we.load_documents(folder, limit=limit):
        offsets = [e.trigger[0] for e in gd.events if mapping.type_targets(e.type)]
        out.append((Document(text=gd.text), offsets))
    return out


def _rams(folder: Path, limit: int | None) -> list[tuple[Document, list[int]]]:
    from procopius.evaluation.datasets import rams
    from procopius.evaluation.datasets import wikievents as we

    mapping = we.load_mapping("rams")
    out = []
    for _key, text, event in rams.load_examples(folder, limit=limit):
        offsets = [event.trigger[0]] if mapping.type_targets(event.type) else []
        out.append((Document(text=text), offsets))
    return out


def _muc4(folder: Path, limit: int | None) -> list[tuple[Document, list[int | None]]]:
    from procopius.evaluation.datasets import muc4

    messages, keys = muc4.load(folder)
    out = []
    for doc_id in sorted(messages)[:limit]:
        relevant = [t for t in keys.get(doc_id, []) if t.number != "*" and not t.optional]
        # templates have no offsets: the whole message must be selected
        out.append((Document(text=messages[doc_id]), [None] * len(relevant)))
    return out


def _articles(folder: Path) -> list[tuple[Document, list[int]]]:
    out = []
    for gold_path in sorted(folder.rglob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (gold_path.parent / gold["text_file"]).read_text(encoding="utf-8")
        offsets = [e["evidence"]["start"] for e in gold.get("events", []) if not e.get("optional")]
        out.append((Document(text=text), offsets))
    return out


def evaluate(path: Path, limit: int | None = None) -> dict[str, Any]:
    from procopius.cascade import UNITS

    path = Path(path)
    by_unit: dict[str, dict[str, Counter]] = {unit: {} for unit in UNITS}
    sources = {
        "wikievents": (path / "wikievents", _wikievents),
        "rams": (path / "rams", _rams),
        "muc4": (path / "muc4", _muc4),
    }
    unscored: dict[str, int] = {}
    for name, (folder, loader) in sources.items():
        if folder.exists():
            docs = loader(folder, limit)
            for unit in UNITS:
                _tally(name, docs, by_unit[unit], unit)
        else:
            unscored[f"{name}: folder not found"] = 1
    for folder in (path / ".." / "gold" / "articles", path):
        if any(folder.rglob("*.gold.json")):
            docs = _articles(folder)
            for unit in UNITS:
                _tally("articles", docs, by_unit[unit], unit)
            break
    units = {}
    for unit, counts in by_unit.items():
        total = Counter()
        for c in counts.values():
            total.update(c)
        units[unit] = {
            "overall": _scores(total),
            "per_set": {name: _scores(c) for name, c in counts.items()},
        }
    per_set = units[DEFAULT_UNIT]["per_set"]
    overall = units[DEFAULT_UNIT]["overall"]
    return {
        "dataset": NAME,
        "documents": overall["documents"],
        "annotations": overall["events"],
        "scores": {
            "overall": overall,
            "per_set": per_set,
            "target_loss": TARGET_LOSS,
            "units": units,
        },
        "unscored": unscored,
        "command": f"procopius eval cascade {path}" + (f" --limit {limit}" if limit else ""),
    }


def _scores(c: Counter) -> dict[str, Any]:
    events = c["events"]
    return {
        "documents": c["documents"],
        "selected_fraction": round(c["selected_documents"] / c["documents"], 4)
        if c["documents"]
        else None,
        "events": events,
        "kept": c["kept"],
        "loss": round(1 - c["kept"] / events, 4) if events else None,
    }


def format_result(result: dict[str, Any]) -> str:
    lines = [f"cascade first pass: gold events lost (target: at most {TARGET_LOSS:.0%})"]
    for unit, unit_scores in result["scores"]["units"].items():
        default = " (the default)" if unit == DEFAULT_UNIT else ""
        lines.append(f"unit: {unit}{default}")
        rows = list(unit_scores["per_set"].items()) + [("overall", unit_scores["overall"])]
        lines.append(
            f"{'set':<12} {'documents':>9} {'selected':>9} {'events':>7} {'kept':>6} {'lost':>7}"
        )
        for name, s in rows:
            sel = "-" if s["selected_fraction"] is None else f"{s['selected_fraction']:.1%}"
            loss = "-" if s["loss"] is None else f"{s['loss']:.1%}"
            lines.append(
                f"{name:<12} {s['documents']:>9} {sel:>9} {s['events']:>7} {s['kept']:>6} {loss:>7}"
            )
    for reason in result["unscored"]:
        lines.append(f"not read: {reason}")
    lines.append(f"command: {result['command']}")
    return "\n".join(lines)
