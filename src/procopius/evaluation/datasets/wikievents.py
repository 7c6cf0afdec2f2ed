"""WikiEvents (Li, Ji and Han, NAACL 2021): document-level event detection and argument extraction
in the KAIROS ontology, scored against procopius' ACLED-typed events.

Input: a folder with ``dev.jsonl`` (or ``test.jsonl``) and, optionally, ``coref/dev.jsonlines``
(coreference clusters of entity ids), or one such ``.jsonl`` file. Each document is rebuilt from
its sentences at the token offsets the data set gives (the gap after a sentence without final
punctuation, such as a headline, becomes a line break), read by ``procopius.pipeline.process``,
and compared with the gold event mentions.

Decisions the comparison leaves open, made here:

- **Types.** KAIROS types map to sets of ACLED sub-event types (``data/mappings/wikievents.tsv``).
  A gold event whose type has no row is *unscored* (counted by type). Trigger classification is
  correct when our sub-event type is in the set of the gold type.
- **Our trigger.** An event record carries its trigger as text, not as offsets: its position is
  the first whole-word occurrence of that text inside the event's evidence spans (the evidence
  is the clause the trigger was found in). A trigger that cannot be found there has no position
  and matches nothing.
- **Trigger identification and classification** (TI, TC): one-to-one matching, largest character
  overlap first, between our triggers and the gold triggers of mapped types. One of our events
  whose trigger overlaps only gold triggers of unmapped types is neither a hit nor a false alarm.
- **Event coverage**: procopius writes one record per event where KAIROS marks every mention
  (the IED's "detonated" and the "killed" of its victims are one ACLED event with fatalities).
  Coverage counts a gold event as found when its trigger lies inside the evidence of one of our
  events (and, for classification, that event's type is in the mapped set); precision counts our
  events whose evidence holds at least one mapped gold trigger.
- **Arguments** are scored given the gold trigger, as Li et al. do: for each mapped gold event,
  the event of ours whose trigger overlaps it, else one whose evidence covers it (a type in the
  mapped set first) supplies the predicted arguments: its actors with their roles and its
  locations (role ``location``). Gold roles map to our roles (``role`` rows); other roles are
  unscored. Our actors carry names, not offsets: a name is placed at its occurrences inside the
  event's evidence, else anywhere in the text (case-sensitive first). Three matchings:
  ``exact`` (same offsets), ``overlap`` (a shared character with the gold argument's span; the
  gold spans of WikiEvents are mostly head words, so this is close to Li et al.'s Head F1) and
  ``coref`` (a shared character with any mention coreferent with the gold argument, close to
  their Coref F1). Identification ignores roles, classification needs our role among the mapped
  ones. Matching is one-to-one within an event; a gold event without an event of ours loses its
  arguments as misses; an event of ours not chosen for any gold event adds nothing.
"""

from __future__ import annotations

import json
import re
import shlex
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from procopius.evaluation.metrics import prf

NAME = "wikievents"
DESCRIPTION = "WikiEvents (KAIROS): event triggers, types and arguments mapped to ACLED types."

OUR_ROLES = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "victim", "location")
ARGUMENT_MODES = ("exact", "overlap", "coref")
UNSCORED_SHOWN = 15
_FINAL_PUNCT = ".!?\"'”’)…:;"

Offsets = tuple[int, int]


# --------------------------------------------------------------------------- mapping


@dataclass(frozen=True)
class Mapping:
    """Gold event types to sets of ACLED sub-event types, and gold roles to sets of our roles.
    Keys are matched case-insensitively; a type key ending in ``.*`` is a prefix."""

    types: dict[str, frozenset[str]]
    roles: dict[str, frozenset[str]]

    def type_targets(self, gold_type: str) -> frozenset[str]:
        key = gold_type.lower()
        if key in self.types:
            return self.types[key]
        best = ""
        for k in self.types:
            if k.endswith(".*") and key.startswith(k[:-1]) and len(k) > len(best):
                best = k
        return self.types[best] if best else frozenset()

    def role_targets(self, role: str) -> frozenset[str]:
        return self.roles.get(role.lower(), frozenset())

    def to_dict(self) -> dict[str, Any]:
        return {
            "types": {k: sorted(v) for k, v in sorted(self.types.items())},
            "roles": {k: sorted(v) for k, v in sorted(self.roles.items())},
        }


def parse_mapping(text: str) -> Mapping:
    """Read a mapping table: ``kind<TAB>gold<TAB>ours`` rows (kinds ``group``, ``type``,
    ``role``), ``#`` comments and a ``kind`` header line."""
    groups: dict[str, list[str]] = {}
    types: dict[str, frozenset[str]] = {}
    roles: dict[str, frozenset[str]] = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells[0] == "kind":
            continue
        if len(cells) != 3:
            raise ValueError(f"mapping line {lineno}: expected 3 tab-separated cells")
        kind, gold, ours = (c.strip() for c in cells)
        values: list[str] = []
        for item in ours.split("|"):
            item = item.strip()
            if item.startswith("@"):
                if item not in groups:
                    raise ValueError(f"mapping line {lineno}: unknown group {item}")
                values.extend(groups[item])
            elif item:
                values.append(item)
        if kind == "group":
            groups[gold] = values
        elif kind == "type":
            types[gold.lower()] = frozenset(values)
        elif kind == "role":
            bad = [v for v in values if v not in OUR_ROLES]
            if bad:
                raise ValueError(f"mapping line {lineno}: unknown role(s) {bad}")
            roles[gold.lower()] = frozenset(values)
        else:
            raise ValueError(f"mapping line {lineno}: unknown kind {kind!r}")
    return Mapping(types=types, roles=roles)


def load_mapping(name: str) -> Mapping:
    """The mapping table shipped as ``procopius/data/mappings/<name>.tsv``."""
    path = resources.files("procopius") / "data" / "mappings" / f"{name}.tsv"
    return parse_mapping(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldArgument:
    role: str
    span: Offsets
    text: str
    mentions: tuple[Offsets, ...] = ()  # every mention coreferent with it, itself included


@dataclass(frozen=True)
class GoldEvent:
    id: str
    type: str
    trigger: Offsets
    trigger_text: str
    arguments: tuple[GoldArgument, ...] = ()


@dataclass
class GoldDocument:
    id: str
    text: str
    events: list[GoldEvent] = field(default_factory=list)


def rebuild_text(sentences: Sequence[Sequence[Any]]) -> str:
    """The document text at the data set's own offsets. ``sentences`` are ``[tokens, text]``
    pairs, tokens ``[word, start, end]``; the gaps between sentences become spaces, or a line
    break after a sentence without final punctuation (a headline)."""
    if not sentences:
        return ""
    size = max(tok[2] for sent in sentences for tok in sent[0])
    buf = [" "] * size
    for i, (tokens, stext) in enumerate(sentences):
        start, end = tokens[0][1], tokens[-1][2]
        if len(stext) == end - start:
            buf[start:end] = stext
        else:
            for word, a, b in tokens:
                if b - a == len(word):
                    buf[a:b] = word
        if i + 1 < len(sentences) and end < size and stext.rstrip()[-1:] not in _FINAL_PUNCT:
            buf[end] = "\n"
    return "".join(buf)


def _load_coref(path: Path | None) -> dict[str, list[list[str]]]:
    if path is None or not path.exists():
        return {}
    out: dict[str, list[list[str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            out[item["doc_key"]] = item.get("clusters", [])
    return out


def load_documents(path: Path, limit: int | None = None) -> list[GoldDocument]:
    """Gold documents from a WikiEvents folder (``dev.jsonl``, else ``test.jsonl``, else the
    only ``*.jsonl``) or file, with coreference from ``coref/<split>.jsonlines`` when present."""
    path = Path(path)
    if path.is_dir():
        candidates = [path / "dev.jsonl", path / "test.jsonl", *sorted(path.glob("*.jsonl"))]
        found = next((p for p in candidates if p.exists()), None)
        if found is None:
            raise ValueError("no WikiEvents .jsonl file in the folder")
        path = found
    coref = _load_coref(path.parent / "coref" / f"{path.stem}.jsonlines")
    docs: list[GoldDocument] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            if limit is not None and len(docs) >= limit:
                break
            item = json.loads(line)
            docs.append(parse_document(item, coref.get(item["doc_id"])))
    return docs


def parse_document(item: dict[str, Any], clusters: list[list[str]] | None = None) -> GoldDocument:
    """One WikiEvents record (``doc_id``, ``tokens``, ``sentences``, ``entity_mentions``,
    ``event_mentions``) as a GoldDocument; ``clusters`` are lists of coreferent entity ids."""
    sentences = item["sentences"]
    text = rebuild_text(sentences)
    offsets = [(tok[1], tok[2]) for sent in sentences for tok in sent[0]]

    def char_span(start: int, end: int) -> Offsets:
        return offsets[start][0], offsets[end - 1][1]

    entities = {e["id"]: char_span(e["start"], e["end"]) for e in item.get("entity_mentions", [])}
    cluster_of: dict[str, list[str]] = {}
    for cluster in clusters or []:
        for eid in cluster:
            cluster_of[eid] = cluster
    doc = GoldDocument(id=item["doc_id"], text=text)
    for m in item.get("event_mentions", []):
        trig = m["trigger"]
        args = []
        for a in m.get("arguments", []):
            eid = a["entity_id"]
            if eid not in entities:
                continue
            span = entities[eid]
            mentions = tuple(
                sorted({entities[x] for x in cluster_of.get(eid, [eid]) if x in entities} | {span})
            )
            args.append(GoldArgument(role=a["role"], span=span, text=a["text"], mentions=mentions))
        doc.events.append(
            GoldEvent(
                id=m["id"],
                type=m["event_type"],
                trigger=char_span(trig["start"], trig["end"]),
                trigger_text=trig["text"],
                arguments=tuple(args),
            )
        )
    return doc


# --------------------------------------------------------------------------- predictions


@dataclass(frozen=True)
class PredArgument:
    role: str
    name: str
    spans: tuple[Offsets, ...]


@dataclass(frozen=True)
class PredEvent:
    sub_event_type: str
    trigger: Offsets | None
    evidence: tuple[Offsets, ...]
    arguments: tuple[PredArgument, ...] = ()


def _occurrences(
    text: str, needle: str, within: Sequence[Offsets], flags: int = 0
) -> list[Offsets]:
    if not needle.strip():
        return []
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", flags)
    out: list[Offsets] = []
    for a, b in within:
        out.extend((m.start(), m.end()) for m in pattern.finditer(text, a, b))
    return out


def locate(text: str, needle: str, evidence: Sequence[Offsets]) -> list[Offsets]:
    """Where a name written in a record stands in the text: its whole-word occurrences inside the
    evidence spans, else anywhere in the text; case-sensitive first, then ignoring case."""
    whole = [(0, len(text))]
    for flags in (0, re.IGNORECASE):
        for scope in (evidence, whole):
            found = _occurrences(text, needle, scope, flags)
            if found:
                return found
    return []


def predicted_events(records: Any, text: str) -> list[PredEvent]:
    """Our events (``records.events``, records or dicts) with trigger and argument offsets."""
    out: list[PredEvent] = []
    for e in records.events:
        e = e if isinstance(e, dict) else _as_dict(e)
        evidence = tuple((int(v["start"]), int(v["end"])) for v in e.get("evidence", []))
        hits = locate(text, e.get("trigger") or "", evidence) if evidence else []
        inside = [h for h in hits if any(a <= h[0] and h[1] <= b for a, b in evidence)]
        trigger = (inside or [None])[0]
        args: list[PredArgument] = []
        seen: set[tuple[str, str]] = set()
        for actor in e.get("actors", []):
            key = (actor["role"], actor["name"])
            if key in seen:
                continue
            seen.add(key)
            spans = tuple(locate(text, actor["name"], evidence))
            args.append(PredArgument(role=actor["role"], name=actor["name"], spans=spans))
        for loc in e.get("locations", []):
            spans = tuple((int(v["start"]), int(v["end"])) for v in loc.get("evidence", []))
            if not spans:
                spans = tuple(locate(text, loc["name"], evidence))
            key = ("location", f"{loc['name']}@{spans[:1]}")
            if key in seen:
                continue
            seen.add(key)
            args.append(PredArgument(role="location", name=loc["name"], spans=spans))
        out.append(
            PredEvent(
                sub_event_type=e["acled_sub_event_type"],
                trigger=trigger,
                evidence=evidence,
                arguments=tuple(args),
            )
        )
    return out


def _as_dict(record: Any) -> dict[str, Any]:
    from procopius.records import to_dict

    return to_dict(record)


# --------------------------------------------------------------------------- scoring


def overlap(a: Offsets, b: Offsets) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def pair_greedy(n_gold: int, n_pred: int, strength: Callable[[int, int], int]) -> list[Offsets]:
    """One-to-one pairs (gold index, prediction index), strongest first (ties: earlier gold, then
    earlier prediction); a strength of 0 is no match."""
    cands = []
    for gi in range(n_gold):
        for pi in range(n_pred):
            s = strength(gi, pi)
            if s > 0:
                cands.append((-s, gi, pi))
    cands.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in cands:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def _span_strength(pred: Sequence[Offsets], gold: Sequence[Offsets], exact: bool) -> int:
    best = 0
    for p in pred:
        for g in gold:
            if exact:
                if p == g:
                    best = max(best, g[1] - g[0] + 1)
            else:
                best = max(best, overlap(p, g))
    return best


@dataclass
class Tally:
    """Counts (tp, fp, fn) per metric name, tables per type and role, and unscored reasons."""

    counts: dict[str, list[int]] = field(default_factory=dict)
    tables: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    unscored: Counter = field(default_factory=Counter)
    notes: Counter = field(default_factory=Counter)

    def add(self, metric: str, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        c = self.counts.setdefault(metric, [0, 0, 0])
        c[0] += tp
        c[1] += fp
        c[2] += fn

    def add_row(self, table: str, key: str, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        c = self.tables.setdefault(table, {}).setdefault(key, [0, 0, 0])
        c[0] += tp
        c[1] += fp
        c[2] += fn

    def merge(self, other: Tally) -> None:
        for k, (tp, fp, fn) in other.counts.items():
            self.add(k, tp, fp, fn)
        for t, rows in other.tables.items():
            for k, (tp, fp, fn) in rows.items():
                self.add_row(t, k, tp, fp, fn)
        self.unscored.update(other.unscored)
        self.notes.update(other.notes)

    def score(self, metric: str) -> dict[str, Any]:
        return prf(*self.counts.get(metric, [0, 0, 0]))

    def table(self, name: str) -> dict[str, dict[str, Any]]:
        return {k: prf(*v) for k, v in sorted(self.tables.get(name, {}).items())}


def score_triggers(
    gold: Sequence[GoldEvent], pred: Sequence[PredEvent], mapping: Mapping, tally: Tally
) -> None:
    """Trigger identification/classification and event coverage for one document."""
    scored = [g for g in gold if mapping.type_targets(g.type)]
    other = [g for g in gold if not mapping.type_targets(g.type)]
    for g in other:
        tally.unscored[f"event type not mapped: {g.type}"] += 1

    def touches(spans: Iterable[Offsets | None], events: Sequence[GoldEvent]) -> bool:
        return any(s is not None and overlap(s, g.trigger) for s in spans for g in events)

    # trigger identification and classification
    live = [
        p for p in pred if not (touches([p.trigger], other) and not touches([p.trigger], scored))
    ]
    tally.notes["predictions at triggers of unmapped types"] += len(pred) - len(live)
    tally.notes["predicted triggers not found in their evidence"] += sum(
        p.trigger is None for p in live
    )
    for metric, typed in (("trigger_identification", False), ("trigger_classification", True)):

        def strength(gi: int, pi: int, typed: bool = typed) -> int:
            g, p = scored[gi], live[pi]
            if p.trigger is None:
                return 0
            if typed and p.sub_event_type not in mapping.type_targets(g.type):
                return 0
            return overlap(g.trigger, p.trigger)

        pairs = pair_greedy(len(scored), len(live), strength)
        tally.add(metric, len(pairs), len(live) - len(pairs), len(scored) - len(pairs))
        if typed:
            hit_g = {gi for gi, _ in pairs}
            hit_p = {pi for _, pi in pairs}
            for gi, g in enumerate(scored):
                tally.add_row("gold_type", g.type, tp=gi in hit_g, fn=gi not in hit_g)
            for pi, p in enumerate(live):
                tally.add_row(
                    "predicted_type", p.sub_event_type, tp=pi in hit_p, fp=pi not in hit_p
                )

    # coverage: the gold trigger inside one of our events' evidence
    live_cov = [
        p for p in pred if not (touches(p.evidence, other) and not touches(p.evidence, scored))
    ]
    for metric, typed in (("event_coverage", False), ("event_coverage_typed", True)):

        def ok(g: GoldEvent, p: PredEvent, typed: bool = typed) -> bool:
            if typed and p.sub_event_type not in mapping.type_targets(g.type):
                return False
            return any(overlap(e, g.trigger) for e in p.evidence)

        found = sum(any(ok(g, p) for p in live_cov) for g in scored)
        useful = sum(any(ok(g, p) for g in scored) for p in live_cov)
        tally.add(metric, tp=found, fn=len(scored) - found)
        tally.add(f"{metric}_precision_side", tp=useful, fp=len(live_cov) - useful)


def choose_event(g: GoldEvent, pred: Sequence[PredEvent], mapping: Mapping) -> PredEvent | None:
    """Our event for a gold event: one whose trigger overlaps the gold trigger, else one whose
    evidence covers it; a type in the mapped set first, then the nearest trigger."""
    targets = mapping.type_targets(g.type)

    def key(p: PredEvent) -> tuple[int, int]:
        dist = abs(p.trigger[0] - g.trigger[0]) if p.trigger else 10**9
        return (0 if p.sub_event_type in targets else 1, dist)

    by_trigger = [p for p in pred if p.trigger is not None and overlap(p.trigger, g.trigger)]
    if by_trigger:
        return min(by_trigger, key=key)
    covering = [p for p in pred if any(overlap(e, g.trigger) for e in p.evidence)]
    return min(covering, key=key) if covering else None


def score_arguments(
    gold: Sequence[GoldEvent],
    pred: Sequence[PredEvent],
    mapping: Mapping,
    tally: Tally,
    modes: Sequence[str] = ARGUMENT_MODES,
    role_of: Callable[[str], str] = lambda r: r,
) -> None:
    """Argument identification and classification for each mapped gold event of one document.
    ``role_of`` turns a gold role label into the key of the role mapping."""
    for g in gold:
        if not mapping.type_targets(g.type):
            if g.arguments:
                tally.unscored["arguments of unmapped event types"] += len(g.arguments)
            continue
        golds: list[GoldArgument] = []
        for a in g.arguments:
            if mapping.role_targets(role_of(a.role)):
                golds.append(a)
            else:
                tally.unscored[f"argument role not mapped: {role_of(a.role)}"] += 1
        chosen = choose_event(g, pred, mapping)
        tally.notes["gold events with an event of ours"] += chosen is not None
        tally.notes["gold events without an event of ours"] += chosen is None
        preds = list(chosen.arguments) if chosen is not None else []
        for mode in modes:

            def gold_spans(a: GoldArgument, mode: str = mode) -> Sequence[Offsets]:
                return (a.mentions or (a.span,)) if mode == "coref" else (a.span,)

            for level in ("identification", "classification"):

                def strength(
                    gi: int,
                    pi: int,
                    mode: str = mode,
                    level: str = level,
                    golds: list[GoldArgument] = golds,
                    preds: list[PredArgument] = preds,
                ) -> int:
                    ga, pa = golds[gi], preds[pi]
                    if level == "classification" and pa.role not in mapping.role_targets(
                        role_of(ga.role)
                    ):
                        return 0
                    return _span_strength(pa.spans, gold_spans(ga), exact=mode == "exact")

                pairs = pair_greedy(len(golds), len(preds), strength)
                tp, fp, fn = len(pairs), len(preds) - len(pairs), len(golds) - len(pairs)
                tally.add(f"arguments.{mode}.{level}", tp, fp, fn)
                if chosen is not None:
                    tally.add(f"arguments_covered.{mode}.{level}", tp, fp, fn)
                if mode == "overlap" and level == "classification":
                    hit_g = {gi for gi, _ in pairs}
                    hit_p = {pi for _, pi in pairs}
                    for gi, ga in enumerate(golds):
                        tally.add_row(
                            "gold_role", role_of(ga.role), tp=gi in hit_g, fn=gi not in hit_g
                        )
                    for pi, pa in enumerate(preds):
                        tally.add_row("our_role", pa.role, tp=pi in hit_p, fp=pi not in hit_p)


# --------------------------------------------------------------------------- running


def run_pipeline(text: str, title: str = "") -> Any:
    """Our records for one text (the full pipeline)."""
    from procopius.document import Document
    from procopius.pipeline import process

    return process(Document(text=text, title=title))


def score_document(doc: GoldDocument, mapping: Mapping, tally: Tally) -> None:
    records = run_pipeline(doc.text)
    pred = predicted_events(records, doc.text)
    tally.notes["events predicted"] += len(pred)
    score_triggers(doc.events, pred, mapping, tally)
    score_arguments(doc.events, pred, mapping, tally)


def _command(name: str, path: Path, limit: int | None) -> str:
    parts = ["procopius", "eval", name, str(path), "--json"]
    if limit is not None:
        parts += ["--limit", str(limit)]
    return shlex.join(parts)


def evaluate(path: Path, limit: int | None = None) -> dict[str, Any]:
    """Score procopius on a WikiEvents split. See the module's docstring for the decisions."""
    mapping = load_mapping(NAME)
    docs = load_documents(Path(path), limit=limit)
    tally = Tally()
    for doc in docs:
        score_document(doc, mapping, tally)
    n_events = sum(len(d.events) for d in docs)
    n_args = sum(len(e.arguments) for d in docs for e in d.events)
    return build_result(NAME, path, limit, docs, tally, mapping, n_events, n_args)


def build_result(
    name: str,
    path: Path,
    limit: int | None,
    docs: Sequence[Any],
    tally: Tally,
    mapping: Mapping,
    n_events: int,
    n_args: int,
    trigger_metrics: bool = True,
) -> dict[str, Any]:
    scores: dict[str, Any] = {}
    if trigger_metrics:
        for metric in ("trigger_identification", "trigger_classification"):
            scores[metric] = tally.score(metric)
        for metric in ("event_coverage", "event_coverage_typed"):
            recall_side = tally.counts.get(metric, [0, 0, 0])
            precision_side = tally.counts.get(f"{metric}_precision_side", [0, 0, 0])
            both = prf(recall_side[0], 0, recall_side[2])
            p = prf(precision_side[0], precision_side[1], 0)
            f1 = None
            if p["precision"] is not None and both["recall"] is not None:
                s = p["precision"] + both["recall"]
                f1 = 2 * p["precision"] * both["recall"] / s if s else 0.0
            scores[metric] = {
                "precision": p["precision"],
                "recall": both["recall"],
                "f1": f1,
                "gold_found": recall_side[0],
                "gold_missed": recall_side[2],
                "ours_useful": precision_side[0],
                "ours_not": precision_side[1],
            }
        scores["per_gold_type"] = tally.table("gold_type")
        scores["per_predicted_type"] = tally.table("predicted_type")
    args: dict[str, Any] = {}
    covered: dict[str, Any] = {}
    for metric in sorted(tally.counts):
        if metric.startswith("arguments."):
            _, mode, level = metric.split(".")
            args.setdefault(mode, {})[level] = tally.score(metric)
        elif metric.startswith("arguments_covered."):
            _, mode, level = metric.split(".")
            covered.setdefault(mode, {})[level] = tally.score(metric)
    scores["arguments"] = args
    scores["arguments_given_our_event"] = covered
    scores["per_gold_role"] = tally.table("gold_role")
    scores["per_our_role"] = tally.table("our_role")
    return {
        "dataset": name,
        "documents": len(docs),
        "annotations": n_events + n_args,
        "annotation_counts": {"events": n_events, "arguments": n_args},
        "scores": scores,
        "unscored": dict(sorted(tally.unscored.items(), key=lambda kv: (-kv[1], kv[0]))),
        "notes": dict(sorted(tally.notes.items())),
        "mapping": mapping.to_dict(),
        "command": _command(name, Path(path), limit),
    }


def _fmt(value: Any) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def _row(label: str, s: dict[str, Any]) -> str:
    return (
        f"  {label:<34} P {_fmt(s.get('precision'))}  R {_fmt(s.get('recall'))}  "
        f"F1 {_fmt(s.get('f1'))}"
        + (f"  (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})" if "tp" in s else "")
    )


def format_result(result: dict[str, Any]) -> str:
    """The result as a readable table."""
    scores = result["scores"]
    counts = result.get("annotation_counts", {})
    lines = [
        f"{result['dataset']}: {result['documents']} documents, "
        f"{counts.get('events', '?')} gold events, {counts.get('arguments', '?')} gold arguments",
    ]
    for metric in (
        "trigger_identification",
        "trigger_classification",
        "event_coverage",
        "event_coverage_typed",
    ):
        if metric in scores:
            lines.append(_row(metric.replace("_", " "), scores[metric]))
    for block, title in (
        ("arguments", "arguments (all mapped gold events)"),
        ("arguments_given_our_event", "arguments (gold events we have an event for)"),
    ):
        if scores.get(block):
            lines.append(f"{title}:")
            for mode, levels in scores[block].items():
                for level, s in levels.items():
                    lines.append(_row(f"{mode} {level}", s))
    if scores.get("per_gold_type"):
        lines.append("trigger classification by gold type (recall):")
        for k, s in scores["per_gold_type"].items():
            lines.append(f"  {k:<50} {s['tp']:>4}/{s['tp'] + s['fn']:<4} R {_fmt(s['recall'])}")
    if scores.get("per_gold_role"):
        lines.append("argument classification (overlap) by gold role (recall):")
        for k, s in scores["per_gold_role"].items():
            lines.append(f"  {k:<50} {s['tp']:>4}/{s['tp'] + s['fn']:<4} R {_fmt(s['recall'])}")
    if result.get("unscored"):
        lines.append("unscored (gold annotations we do not produce):")
        items = list(result["unscored"].items())
        for k, v in items[:UNSCORED_SHOWN]:
            lines.append(f"  {k:<60} {v}")
        if len(items) > UNSCORED_SHOWN:
            rest = sum(v for _, v in items[UNSCORED_SHOWN:])
            lines.append(
                f"  ({len(items) - UNSCORED_SHOWN} more reasons, {rest} annotations; see --json)"
            )
    if result.get("notes"):
        lines.append("notes:")
        for k, v in result["notes"].items():
            lines.append(f"  {k:<60} {v}")
    lines.append(f"command: {result['command']}")
    return "\n".join(lines)
