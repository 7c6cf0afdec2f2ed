"""Re-DocRED: document-level relations between the entities of English Wikipedia introductions,
labelled with Wikidata properties (the revised DocRED annotation).

A file is a JSON list of documents, each with ``title``, ``sents`` (tokenised sentences),
``vertexSet`` (entities, each a list of mentions with ``name``, ``sent_id``, ``pos`` and
``type``) and ``labels`` (``{"h": head entity, "t": tail entity, "r": property}``).

We score the relations our records state (``PROPERTIES``); every other gold relation is counted
in ``unscored`` by property. A predicted relation is a pair of names; each name is aligned with the
gold entity one of whose mentions carries the same name after folding (else, loosely, the entity
with a mention that contains the name or is contained in it as whole words; a founding date is
aligned with a TIME entity that has a mention naming the same year). Predictions with a name that
no gold entity carries are outside the annotation: they are reported as ``unaligned`` and count
as false positives only in the ``strict`` scores.
"""

from __future__ import annotations

import json
import re
import shlex
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from procopius.evaluation.metrics import prf
from procopius.evaluation.names import fold_name

NAME = "re-docred"
DESCRIPTION = "Re-DocRED: Wikidata relations in Wikipedia introductions (inception, parent, ...)"

#: Wikidata property -> (label, which records state it)
PROPERTIES = {
    "P571": ("inception", "founding dates of the subject actor"),
    "P749": ("parent organization", "parent organisations of the subject (not 'member of')"),
    "P112": ("founded by", "people of the subject with the role founder"),
    "P463": ("member of", "a parent worded 'a member of'; people with the role member"),
    "P607": (
        "conflict",
        "each actor of an event, with a named conflict (an EVENT entity) in the event's sentence",
    ),
    "P710": ("participant", "that named conflict, with each actor of the event"),
}
NOT_PARENT = {"a member of", "member of", "loyal to", "aligned with"}
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "'s", "n't", "%", "'"}
NO_SPACE_AFTER = {"(", "[", "{", "$"}


# --------------------------------------------------------------------------- loading


@dataclass
class GoldDocument:
    title: str
    text: str
    #: character span of each sentence
    sentences: list[tuple[int, int]] = field(default_factory=list)
    #: per entity: its mentions as (start, end, name, type)
    entities: list[list[tuple[int, int, str, str]]] = field(default_factory=list)
    #: (head entity, property, tail entity)
    labels: list[tuple[int, str, int]] = field(default_factory=list)


def detokenise(sents: Sequence[Sequence[str]]) -> tuple[str, list[list[tuple[int, int]]]]:
    """Plain text from tokenised sentences, with each token's character span."""
    parts: list[str] = []
    offsets: list[list[tuple[int, int]]] = []
    pos = 0
    prev = ""
    for sent in sents:
        spans = []
        for tok in sent:
            if parts and tok not in NO_SPACE_BEFORE and prev not in NO_SPACE_AFTER:
                parts.append(" ")
                pos += 1
            spans.append((pos, pos + len(tok)))
            parts.append(tok)
            pos += len(tok)
            prev = tok
        offsets.append(spans)
    return "".join(parts), offsets


def parse_document(raw: dict[str, Any]) -> GoldDocument:
    text, offsets = detokenise(raw["sents"])
    doc = GoldDocument(title=raw.get("title", ""), text=text)
    doc.sentences = [(spans[0][0], spans[-1][1]) for spans in offsets if spans]
    for vertex in raw["vertexSet"]:
        mentions = []
        for m in vertex:
            sent = offsets[m["sent_id"]]
            start = sent[m["pos"][0]][0]
            end = sent[m["pos"][1] - 1][1]
            mentions.append((start, end, text[start:end], m.get("type", "")))
        doc.entities.append(mentions)
    for lab in raw.get("labels", []):
        doc.labels.append((int(lab["h"]), lab["r"], int(lab["t"])))
    return doc


def data_files(path: Path) -> list[Path]:
    """The annotated files: ``path`` itself, or the JSON files in it that hold documents
    (``dev_revised.json`` first when present)."""
    path = Path(path)
    if path.is_file():
        return [path]
    files = sorted(p for p in path.glob("*.json") if p.name != "rel_info.json")
    dev = [p for p in files if p.name.startswith("dev")]
    return dev or files


def load(path: Path) -> list[GoldDocument]:
    docs: list[GoldDocument] = []
    for file in data_files(path):
        data = json.loads(file.read_text(encoding="utf-8"))
        docs.extend(parse_document(raw) for raw in data)
    return docs


def property_labels(path: Path) -> dict[str, str]:
    """Wikidata property labels from a ``rel_info.json`` beside the data, when there is one."""
    folder = Path(path) if Path(path).is_dir() else Path(path).parent
    info = folder / "rel_info.json"
    if not info.exists():
        return {}
    return {str(k): str(v) for k, v in json.loads(info.read_text(encoding="utf-8")).items()}


# --------------------------------------------------------------------------- predictions


def predicted_relations(
    records: Any, conflicts: Sequence[tuple[int, int, str]]
) -> set[tuple[str, str, str]]:
    """(head name, property, tail name or date) stated by the records of one document;
    ``conflicts`` are named conflicts (spans with names) the events may belong to."""
    out: set[tuple[str, str, str]] = set()
    subject = next((a for a in records.actors if a.is_subject), None)
    if subject is not None:
        for f in subject.founded:
            if f.date:
                out.add((subject.name, "P571", f.date))
        for p in subject.parents:
            rel = p.relation.lower().strip()
            if rel in {"a member of", "member of"}:
                out.add((subject.name, "P463", p.name))
            elif rel not in NOT_PARENT:
                out.add((subject.name, "P749", p.name))
        for person in subject.people:
            if "founder" in person.roles:
                out.add((subject.name, "P112", person.name))
            if "member" in person.roles:
                out.add((person.name, "P463", subject.name))
    for event in records.events:
        starts = [e.start for e in event.evidence]
        ends = [e.end for e in event.evidence]
        if not starts:
            continue
        lo, hi = min(starts), max(ends)
        names = {name for s, e, name in conflicts if s < hi and lo < e}
        for conflict in names:
            for a in event.actors:
                if a.role == "victim":
                    continue
                out.add((a.name, "P607", conflict))
                out.add((conflict, "P710", a.name))
    return out


def conflict_names(doc: Any, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Named conflicts: the EVENT entities of the processed document's entity layer, each
    stretched to the sentence it stands in (so that an event of that sentence can belong to it)."""
    out = []
    for span in doc.layers.get("entities", []):
        if span.label != "EVENT":
            continue
        for start, end in sentences:
            if start <= span.start < end:
                out.append((start, end, doc.text[span.start : span.end]))
                break
    return out


# --------------------------------------------------------------------------- alignment and scoring


def _key(name: str) -> str:
    key = fold_name(re.sub(r"(?:'s|’s|'|’)$", "", name.strip()))
    key = re.sub(r"[^\w\s]", " ", key)
    return re.sub(r"\s+", " ", key).strip()


def align_name(name: str, entities: Sequence[Sequence[tuple[int, int, str, str]]]) -> int | None:
    """The gold entity a name refers to: same folded name, else whole-word containment."""
    key = _key(name)
    if not key:
        return None
    for i, mentions in enumerate(entities):
        if any(_key(m[2]) == key for m in mentions):
            return i
    best: tuple[int, int] | None = None
    for i, mentions in enumerate(entities):
        for m in mentions:
            mk = _key(m[2])
            if not mk:
                continue
            short, long_ = sorted((mk, key), key=len)
            if len(short) >= 3 and re.search(r"(?<!\w)" + re.escape(short) + r"(?!\w)", long_):
                score = len(short)
                if best is None or score > best[0]:
                    best = (score, i)
    return best[1] if best else None


def align_date(value: str, entities: Sequence[Sequence[tuple[int, int, str, str]]]) -> int | None:
    """The TIME entity with a mention naming the year of an ISO date."""
    year = value[:4]
    if not year.isdigit():
        return None
    for i, mentions in enumerate(entities):
        if any(m[3] == "TIME" and re.search(rf"(?<!\d){year}(?!\d)", m[2]) for m in mentions):
            return i
    return None


def align(
    preds: Iterable[tuple[str, str, str]], gold: GoldDocument
) -> tuple[set[tuple[int, str, int]], list[tuple[str, str, str]]]:
    """Predicted (name, property, name) triples as gold-entity triples, and the unaligned ones."""
    aligned: set[tuple[int, str, int]] = set()
    unaligned: list[tuple[str, str, str]] = []
    for head, prop, tail in sorted(preds):
        h = align_name(head, gold.entities)
        t = align_date(tail, gold.entities) if prop == "P571" else align_name(tail, gold.entities)
        if h is None or t is None or h == t:
            unaligned.append((head, prop, tail))
        else:
            aligned.add((h, prop, t))
    return aligned, unaligned


def score_document(
    gold: set[tuple[int, str, int]], pred: set[tuple[int, str, int]], unaligned: int = 0
) -> dict[str, list[int]]:
    """tp, fp, fn (and fp with unaligned predictions) per property, for the scored properties."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for triple in pred:
        counts[triple[1]][0 if triple in gold else 1] += 1
    for triple in gold:
        if triple not in pred:
            counts[triple[1]][2] += 1
    return dict(counts)


# --------------------------------------------------------------------------- evaluation


def _round(d: dict) -> dict:
    return {
        k: (round(v, 4) if isinstance(v, float) else _round(v) if isinstance(v, dict) else v)
        for k, v in d.items()
    }


def evaluate(path: Path, limit: int | None = None) -> dict:
    """Run the pipeline on Re-DocRED documents and score the relations we state."""
    from procopius.document import Document
    from procopius.pipeline import process

    path = Path(path)
    docs = load(path)
    if limit is not None:
        docs = docs[:limit]
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    unaligned_by_prop: Counter[str] = Counter()
    unscored: Counter[str] = Counter()
    n_labels = 0
    # what the pipeline finds in introductions that are mostly not about conflict
    found: Counter[str] = Counter()
    names = property_labels(path)
    for gold in docs:
        n_labels += len(gold.labels)
        gold_set: set[tuple[int, str, int]] = set()
        for h, prop, t in gold.labels:
            if prop in PROPERTIES:
                gold_set.add((h, prop, t))
            else:
                label = f" {names[prop]}" if prop in names else ""
                unscored[f"property we do not state: {prop}{label}"] += 1
        doc = Document(text=gold.text, title=gold.title)
        records = process(doc)
        found["documents_with_events"] += bool(records.events)
        found["events"] += len(records.events)
        subject = records.subject
        found["subjects"] += subject is not None
        found["subjects_typed_armed"] += subject is not None and subject.actor_type is not None
        preds = predicted_relations(records, conflict_names(doc, gold.sentences))
        aligned, unaligned = align(preds, gold)
        for _, prop, _ in unaligned:
            unaligned_by_prop[prop] += 1
        for prop, (tp, fp, fn) in score_document(gold_set, aligned).items():
            slot = totals[prop]
            slot[0] += tp
            slot[1] += fp
            slot[2] += fn
    per_property = {}
    for prop in PROPERTIES:
        tp, fp, fn = totals.get(prop, [0, 0, 0])
        scores = prf(tp, fp, fn)
        scores["label"] = PROPERTIES[prop][0]
        scores["unaligned"] = unaligned_by_prop[prop]
        scores["strict_precision"] = prf(tp, fp + unaligned_by_prop[prop], fn)["precision"]
        per_property[prop] = scores
    tp = sum(v[0] for v in totals.values())
    fp = sum(v[1] for v in totals.values())
    fn = sum(v[2] for v in totals.values())
    n_unaligned = sum(unaligned_by_prop.values())
    command = "procopius eval re-docred " + shlex.quote(str(path))
    if limit is not None:
        command += f" --limit {limit}"
    return {
        "dataset": NAME,
        "documents": len(docs),
        "annotations": n_labels,
        "scored_annotations": n_labels - sum(unscored.values()),
        "scores": _round(
            {
                "micro": prf(tp, fp, fn),
                "strict": prf(tp, fp + n_unaligned, fn),
                "unaligned_predictions": n_unaligned,
                "per_property": per_property,
            }
        ),
        "found": dict(found),
        "unscored": dict(sorted(unscored.items(), key=lambda kv: (-kv[1], kv[0]))),
        "mapping": {prop: {"label": lab, "from": how} for prop, (lab, how) in PROPERTIES.items()},
        "command": command,
    }


def _cell(value: Any) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_result(result: dict) -> str:
    s = result["scores"]
    lines = [
        f"Re-DocRED: {result['documents']} documents, {result['annotations']} gold relations, "
        f"{result['scored_annotations']} of them of the properties we state",
        "",
        f"{'':<26}{'P':>8}{'R':>8}{'F1':>8}{'tp':>7}{'fp':>7}{'fn':>7}{'unal.':>7}",
    ]
    for name in ("micro", "strict"):
        r = s[name]
        lines.append(
            f"{name:<26}{_cell(r['precision']):>8}{_cell(r['recall']):>8}{_cell(r['f1']):>8}"
            f"{r['tp']:>7}{r['fp']:>7}{r['fn']:>7}"
            + (f"{s['unaligned_predictions']:>7}" if name == "micro" else "")
        )
    for prop, r in s["per_property"].items():
        label = f"{prop} {r['label']}"
        lines.append(
            f"  {label:<24}{_cell(r['precision']):>8}{_cell(r['recall']):>8}{_cell(r['f1']):>8}"
            f"{r['tp']:>7}{r['fp']:>7}{r['fn']:>7}{r['unaligned']:>7}"
        )
    found = result.get("found")
    if found:
        lines += [
            "",
            f"found in the {result['documents']} introductions (most are not about conflict): "
            f"events in {found['documents_with_events']} documents ({found['events']} events); "
            f"{found['subjects']} article subjects, {found['subjects_typed_armed']} of them "
            "typed as armed actors",
        ]
    n_unscored = sum(result["unscored"].values())
    lines += ["", f"unscored gold relations: {n_unscored} (largest groups)"]
    for reason, n in list(result["unscored"].items())[:10]:
        lines.append(f"  {reason}: {n}")
    lines += ["", f"command: {result['command']}"]
    return "\n".join(lines)
