"""re3d (Dstl): entity and relation annotation of documents about the conflict in Syria and Iraq.

Each source folder holds ``documents.json``, ``entities.json`` and ``relations.json`` (one JSON
object a line, as ``mongoexport`` writes them). Every annotation carries a confidence computed
from the annotators' votes; an entity or relation counts as gold when its confidence is at least
``GOLD_CONFIDENCE`` (0.5).

Entities: our mentions (spaCy entities, gazetteer places, dates, quantities, actor names) take a
re3d type through ``data/mappings/re3d.tsv``; gold types with no counterpart are unscored. Scores
are exact-span and overlap matches, typed, micro and per type (see
:func:`procopius.evaluation.metrics.span_match`).

Relations: pairs of names the records state are compared with gold pairs of mention texts in the
same document (see ``RELATION_SOURCES``). Names match after folding (case, diacritics, a leading
"the", a trailing possessive) either exactly or loosely (one name is a whole-word part of the
other).
"""

from __future__ import annotations

import csv
import json
import re
import shlex
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from procopius.evaluation.metrics import prf, span_match, sum_counts
from procopius.evaluation.names import fold_name

NAME = "re3d"
DESCRIPTION = "re3d (Dstl): entities (14 types) and relations in Syria/Iraq conflict documents"
GOLD_CONFIDENCE = 0.5

#: relation types we can state, and which records state them (documentation for the result)
RELATION_SOURCES = {
    "IsSynonymOf": "an actor's name and each of its aliases",
    "AlliesOf": "subject allies; event actor1 with assoc_actor_1, actor2 with assoc_actor_2; "
    "the two sides of an Agreement",
    "FightingAgainst": "actor1 and actor2 of Battles, Explosions/Remote violence and Violence "
    "against civilians events",
    "BelongsTo": "the subject and each parent organisation; a member of the subject and the subject",
    "InChargeOf": "a leader or commander of the subject and the subject",
    "CoLocated": "each actor of an event and each location of the event",
}
SYMMETRIC = {"IsSynonymOf", "AlliesOf", "FightingAgainst", "CoLocated"}
FIGHTING_EVENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
LEADING_ROLES = {"leader", "commander", "deputy leader", "deputy commander", "chief of staff"}
MEMBER_ROLES = {"member", "fighter", "official", "spokesperson", "media officer", "treasurer"}


# --------------------------------------------------------------------------- loading


@dataclass
class GoldDocument:
    id: str
    title: str
    text: str
    source: str
    entities: list[tuple[int, int, str]] = field(default_factory=list)
    relations: list[tuple[str, str, str]] = field(default_factory=list)  # (type, source, target)
    below_threshold: int = 0


def _json_lines(path: Path) -> Iterable[dict[str, Any]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8-sig") as fh:
        for line in fh:
            line = line.strip()
            if line:
                yield json.loads(line)


def load(path: Path, min_confidence: float = GOLD_CONFIDENCE) -> list[GoldDocument]:
    """Every document under ``path`` (a source folder, or a folder of source folders) with its
    gold entities and relations, sorted by source and id."""
    path = Path(path)
    folders = sorted({p.parent for p in path.rglob("documents.json")})
    docs: list[GoldDocument] = []
    for folder in folders:
        by_id: dict[str, GoldDocument] = {}
        for row in _json_lines(folder / "documents.json"):
            by_id[row["_id"]] = GoldDocument(
                id=row["_id"],
                title=row.get("title") or "",
                text=row["text"],
                source=row.get("sourceName") or folder.name,
            )
        for row in _json_lines(folder / "entities.json"):
            doc = by_id.get(row.get("documentId", ""))
            if doc is None:
                continue
            if float(row.get("confidence", 1.0)) < min_confidence:
                doc.below_threshold += 1
                continue
            doc.entities.append((int(row["begin"]), int(row["end"]), row["type"]))
        for row in _json_lines(folder / "relations.json"):
            doc = by_id.get(row.get("documentId", ""))
            if doc is None or float(row.get("confidence", 1.0)) < min_confidence:
                continue
            doc.relations.append((row["type"], row["source"], row["target"]))
        docs.extend(sorted(by_id.values(), key=lambda d: d.id))
    return docs


def load_mapping() -> list[tuple[str, str, str]]:
    """The rows of ``data/mappings/re3d.tsv``: (re3d type, layer, label), in priority order."""
    ref = resources.files("procopius").joinpath("data", "mappings", "re3d.tsv")
    rows = []
    lines = [ln for ln in ref.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        rows.append((row["re3d_type"], row["layer"], row["label"]))
    return rows


def unmapped_types(mapping: Sequence[tuple[str, str, str]]) -> set[str]:
    """The re3d types no row of the mapping predicts."""
    mapped = {t for t, layer, _ in mapping if layer != "-"}
    return {t for t, _, _ in mapping} - mapped


# --------------------------------------------------------------------------- predictions


def name_occurrences(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Every whole-word occurrence of each name in the text."""
    out: list[tuple[int, int]] = []
    for name in sorted(
        {n.strip() for n in names if n and len(n.strip()) > 1}, key=len, reverse=True
    ):
        pattern = r"(?<!\w)" + re.escape(name) + r"(?!\w)"
        out.extend((m.start(), m.end()) for m in re.finditer(pattern, text))
    return out


def candidate_spans(doc: Any, records: Any) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """Spans by (layer, label) from a processed Document and its RecordSet."""
    out: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for layer in ("entities", "places", "dates"):
        for span in doc.layers.get(layer, []):
            label = span.label if layer == "entities" else "*"
            out[(layer, label)].append((span.start, span.end))
    for span in doc.layers.get("quantities", []):
        out[("quantities", str(span.attrs.get("kind", "")))].append((span.start, span.end))
    names: list[str] = []
    for actor in records.actors:
        names.append(actor.name)
        names.extend(a.name for a in actor.aliases)
    for event in records.events:
        names.extend(a.name for a in event.actors if a.role != "victim")
    out[("actors", "*")] = name_occurrences(doc.text, names)
    return out


def typed_predictions(
    candidates: dict[tuple[str, str], list[tuple[int, int]]],
    mapping: Sequence[tuple[str, str, str]],
) -> list[tuple[int, int, str]]:
    """One re3d type per stretch of text: rows earlier in the mapping win overlaps."""
    taken: list[tuple[int, int, str]] = []
    for re3d_type, layer, label in mapping:
        if layer == "-":
            continue
        for start, end in sorted(candidates.get((layer, label), [])):
            if end <= start:
                continue
            if any(start < e and s < end for s, e, _ in taken):
                continue
            taken.append((start, end, re3d_type))
    return sorted(taken)


def predicted_relations(records: Any) -> set[tuple[str, str, str]]:
    """(re3d type, source name, target name) pairs stated by the records."""
    out: set[tuple[str, str, str]] = set()

    def add(kind: str, a: str | None, b: str | None) -> None:
        if a and b and _key(a) and _key(b) and _key(a) != _key(b):
            out.add((kind, a, b))

    subject = next((a for a in records.actors if a.is_subject), None)
    for actor in records.actors:
        for alias in actor.aliases:
            add("IsSynonymOf", actor.name, alias.name)
    if subject is not None:
        for ally in subject.allies:
            add("AlliesOf", subject.name, ally.name)
        for parent in subject.parents:
            add("BelongsTo", subject.name, parent.name)
        for person in subject.people:
            roles = set(person.roles)
            if roles & LEADING_ROLES or "founder" in roles:
                add("InChargeOf", person.name, subject.name)
            if roles & MEMBER_ROLES or not roles & LEADING_ROLES:
                add("BelongsTo", person.name, subject.name)
    for event in records.events:
        by_role: dict[str, list[str]] = defaultdict(list)
        for a in event.actors:
            by_role[a.role].append(a.name)
        if event.acled_sub_event_type == "Agreement":
            for a in by_role["actor1"]:
                for b in by_role["actor2"]:
                    add("AlliesOf", a, b)
        elif event.acled_event_type in FIGHTING_EVENT_TYPES:
            for a in by_role["actor1"]:
                for b in by_role["actor2"]:
                    add("FightingAgainst", a, b)
        for lead, assoc in (("actor1", "assoc_actor_1"), ("actor2", "assoc_actor_2")):
            for a in by_role[lead]:
                for b in by_role[assoc]:
                    add("AlliesOf", a, b)
        for a in event.actors:
            if a.role == "victim":
                continue
            for loc in event.locations:
                add("CoLocated", a.name, loc.name)
    return out


# --------------------------------------------------------------------------- relation scoring


_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def _key(name: str) -> str:
    key = fold_name(_POSSESSIVE.sub("", name.strip()))
    key = re.sub(r"[^\w\s]", " ", key)
    return re.sub(r"\s+", " ", key).strip()


def names_agree(a: str, b: str, loose: bool) -> bool:
    """Same name after folding, or (loose) one is a whole-word part of the other."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if not loose:
        return False
    short, long_ = sorted((ka, kb), key=len)
    return re.search(r"(?<!\w)" + re.escape(short) + r"(?!\w)", long_) is not None


def _pairs(rels: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Distinct pairs: symmetric types have no direction."""
    seen: set[tuple[str, ...]] = set()
    out: list[tuple[str, str, str]] = []
    for kind, a, b in sorted(rels):
        key: tuple[str, ...] = (
            (kind, *sorted((_key(a), _key(b))))
            if kind in SYMMETRIC
            else (
                kind,
                _key(a),
                _key(b),
            )
        )
        if key in seen or not key[1] or not key[2] or key[1] == key[2]:
            continue
        seen.add(key)
        out.append((kind, a, b))
    return out


def match_relations(
    gold: Sequence[tuple[str, str, str]],
    pred: Sequence[tuple[str, str, str]],
    loose: bool = False,
) -> dict:
    """One-to-one matching of relation pairs of one document (exact names first); counts and
    scores micro and per type, like :func:`span_match`."""
    gold = _pairs(gold)
    pred = _pairs(pred)

    def agree(g: tuple[str, str, str], p: tuple[str, str, str], lo: bool) -> bool:
        if g[0] != p[0]:
            return False
        if names_agree(g[1], p[1], lo) and names_agree(g[2], p[2], lo):
            return True
        return g[0] in SYMMETRIC and names_agree(g[1], p[2], lo) and names_agree(g[2], p[1], lo)

    used_g: set[int] = set()
    used_p: set[int] = set()
    for lo in (False, True) if loose else (False,):
        for gi, g in enumerate(gold):
            if gi in used_g:
                continue
            for pi, p in enumerate(pred):
                if pi not in used_p and agree(g, p, lo):
                    used_g.add(gi)
                    used_p.add(pi)
                    break
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for gi, g in enumerate(gold):
        counts[g[0]][0 if gi in used_g else 2] += 1
    for pi, p in enumerate(pred):
        if pi not in used_p:
            counts[p[0]][1] += 1
    tp = len(used_g)
    out = prf(tp, len(pred) - tp, len(gold) - tp)
    out["per_type"] = {k: prf(*c) for k, c in sorted(counts.items())}
    return out


# --------------------------------------------------------------------------- evaluation


def _round(scores: dict) -> dict:
    out = {}
    for k, v in scores.items():
        if isinstance(v, float):
            out[k] = round(v, 4)
        elif isinstance(v, dict):
            out[k] = _round(v)
        else:
            out[k] = v
    return out


def evaluate(path: Path, limit: int | None = None) -> dict:
    """Run the pipeline on re3d documents and score entities and relations."""
    from procopius.document import Document
    from procopius.pipeline import process

    path = Path(path)
    docs = load(path)
    if limit is not None:
        docs = docs[:limit]
    mapping = load_mapping()
    no_counterpart = unmapped_types(mapping)
    unscored: Counter[str] = Counter()
    confusion: Counter[str] = Counter()
    ent_exact, ent_overlap, ent_untyped, rel_exact, rel_loose = [], [], [], [], []
    n_entities = n_relations = 0
    for gold in docs:
        doc = Document(text=gold.text, title=gold.title, source=gold.source)
        records = process(doc)
        preds = typed_predictions(candidate_spans(doc, records), mapping)
        scored = []
        for start, end, kind in gold.entities:
            n_entities += 1
            if kind in no_counterpart:
                unscored[f"entity type with no counterpart: {kind}"] += 1
            else:
                scored.append((start, end, kind))
        ent_exact.append(span_match(scored, preds, "exact", True))
        ent_overlap.append(span_match(scored, preds, "overlap", True))
        untyped = span_match(scored, preds, "overlap", False)
        for gi, pi in untyped["matches"]:
            confusion[f"{scored[gi][2]} -> {preds[pi][2]}"] += 1
        untyped["per_type"] = {}
        ent_untyped.append(untyped)
        rels = []
        for kind, a, b in gold.relations:
            n_relations += 1
            if kind in RELATION_SOURCES:
                rels.append((kind, a, b))
            else:
                unscored[f"relation type we do not state: {kind}"] += 1
        pred_rels = sorted(predicted_relations(records))
        rel_exact.append(match_relations(rels, pred_rels, loose=False))
        rel_loose.append(match_relations(rels, pred_rels, loose=True))
    scores = {
        "entities_exact": sum_counts(ent_exact),
        "entities_overlap": sum_counts(ent_overlap),
        "entities_untyped_overlap": sum_counts(ent_untyped),
        "relations_exact": sum_counts(rel_exact),
        "relations_loose": sum_counts(rel_loose),
    }
    command = "procopius eval re3d " + shlex.quote(str(path))
    if limit is not None:
        command += f" --limit {limit}"
    return {
        "dataset": NAME,
        "documents": len(docs),
        "annotations": {"entities": n_entities, "relations": n_relations},
        "gold_rule": f"an annotation is gold when its confidence is >= {GOLD_CONFIDENCE}",
        "below_threshold_entities": sum(d.below_threshold for d in docs),
        "scores": _round(scores),
        "unscored": dict(sorted(unscored.items())),
        "confusion": dict(confusion.most_common()),
        "mapping": {
            "entities": [
                {"re3d_type": t, "layer": layer, "label": label} for t, layer, label in mapping
            ],
            "relations": RELATION_SOURCES,
        },
        "command": command,
    }


def _cell(value: Any) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_result(result: dict) -> str:
    """The result as plain-text tables."""
    lines = [
        f"re3d: {result['documents']} documents, {result['annotations']['entities']} gold "
        f"entities, {result['annotations']['relations']} gold relations "
        f"({result['gold_rule']})",
        "",
        f"{'scores':<28}{'P':>8}{'R':>8}{'F1':>8}{'tp':>7}{'fp':>7}{'fn':>7}",
    ]
    for name, s in result["scores"].items():
        lines.append(
            f"{name:<28}{_cell(s['precision']):>8}{_cell(s['recall']):>8}{_cell(s['f1']):>8}"
            f"{s['tp']:>7}{s['fp']:>7}{s['fn']:>7}"
        )
    for name in ("entities_exact", "entities_overlap", "relations_loose"):
        lines += ["", f"per type ({name})"]
        for kind, s in result["scores"][name]["per_type"].items():
            lines.append(
                f"  {kind:<26}{_cell(s['precision']):>8}{_cell(s['recall']):>8}"
                f"{_cell(s['f1']):>8}{s['tp']:>7}{s['fp']:>7}{s['fn']:>7}"
            )
    lines += ["", "overlapping pairs by type (gold -> ours)"]
    for pair, n in result.get("confusion", {}).items():
        lines.append(f"  {pair}: {n}")
    lines += ["", "unscored gold annotations"]
    for reason, n in result["unscored"].items():
        lines.append(f"  {reason}: {n}")
    lines += ["", f"command: {result['command']}"]
    return "\n".join(lines)
