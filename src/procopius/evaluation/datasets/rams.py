"""RAMS 1.0 (Ebner et al., ACL 2020): argument linking across sentences, scored against the
arguments of procopius' ACLED-typed events.

Input: a folder with ``dev.jsonlines`` (or ``test.jsonlines``) or one such file. Each example is
a five-sentence window of tokens with one event trigger (typed in RAMS' AIDA ontology) and the
links from that trigger to argument spans (the closest span for each role). The window is
rebuilt as text (tokens joined with spaces, none before closing punctuation and clitics such as
"'s" and "n't", none after opening brackets, none around a hyphen token), read by ``procopius.pipeline.process``, and scored:

- **Types**: RAMS types map to sets of ACLED sub-event types (``data/mappings/rams.tsv``); an
  example whose type has no row is *unscored* (counted by type), with its links.
- **Given the gold trigger**, the event of ours whose trigger overlaps it, else whose evidence
  covers it (a type in the mapped set first, then the nearest trigger) supplies the predicted
  arguments: its actors with roles and its locations (role ``location``). Roles map as the
  mapping's ``role`` rows say (the role name without its ``evtNNNargNN`` prefix); links with
  other roles are unscored, by role.
- **Argument linking**: our actor names are placed at their occurrences inside the event's
  evidence, else anywhere in the window; ``exact`` matching needs the same span as the gold
  argument (RAMS' own criterion), ``overlap`` a shared character. Identification ignores roles,
  classification needs our role among the mapped ones. One-to-one within the event. An example
  without an event of ours loses its links as misses (``arguments``); ``arguments_given_our_event``
  scores only the examples where we have one.
- **Event recall**: RAMS marks one event per window and leaves the others unannotated, so only
  recall is meaningful for triggers: the share of mapped gold triggers that one of our events'
  trigger overlaps (``trigger_recall``, and ``trigger_recall_typed`` with a type in the mapped
  set) or that one of our events' evidence covers (``coverage_recall``, ``coverage_recall_typed``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from procopius.evaluation.datasets.wikievents import (
    GoldArgument,
    GoldEvent,
    Mapping,
    Tally,
    build_result,
    load_mapping,
    overlap,
    predicted_events,
    run_pipeline,
    score_arguments,
)
from procopius.evaluation.datasets.wikievents import (
    format_result as _format_result,
)
from procopius.evaluation.metrics import prf

NAME = "rams"
DESCRIPTION = "RAMS 1.0: cross-sentence argument linking for the event types procopius produces."

_NO_SPACE_BEFORE = {
    ",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "...", "'s", "'S", "n't", "N'T", "'re",
    "'ve", "'ll", "'d", "'m", "’s", "’re", "’ve", "’ll", "’d", "’m", "'", "’",
}  # fmt: skip
_NO_SPACE_AFTER = {"(", "[", "{", "$", "#", "``", "“", "‘"}
_ROLE_PREFIX = re.compile(r"^evt\d+arg\d+")


def role_name(label: str) -> str:
    """``evt089arg01victim`` -> ``victim``."""
    return _ROLE_PREFIX.sub("", label)


def detokenize(sentences: Sequence[Sequence[str]]) -> tuple[str, list[tuple[int, int]]]:
    """Text from RAMS sentences of tokens, and each token's (start, end) in it, numbered across
    the sentences as RAMS numbers them."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    prev = None
    open_quote = False
    for sent in sentences:
        for tok in sent:
            space = prev is not None
            if tok in _NO_SPACE_BEFORE or prev in _NO_SPACE_AFTER or "-" in (tok, prev):
                space = False
            if tok == '"':
                if open_quote:
                    space = False
                open_quote = not open_quote
            elif prev == '"' and open_quote:
                space = False
            if space:
                parts.append(" ")
                pos += 1
            offsets.append((pos, pos + len(tok)))
            parts.append(tok)
            pos += len(tok)
            prev = tok
    return "".join(parts), offsets


def parse_example(item: dict[str, Any]) -> tuple[str, str, GoldEvent]:
    """One RAMS line as (doc key, text, gold event with its linked arguments)."""
    text, offsets = detokenize(item["sentences"])

    def span(a: int, b: int) -> tuple[int, int]:  # RAMS ends are inclusive
        return offsets[a][0], offsets[b][1]

    trig = item["evt_triggers"][0]
    trigger = span(trig[0], trig[1])
    etype = trig[2][0][0]
    args = []
    for link in item.get("gold_evt_links", []):
        (ts, te), (as_, ae), role = link[0], link[1], link[2]
        if span(ts, te) != trigger:
            continue
        s = span(as_, ae)
        args.append(GoldArgument(role=role, span=s, text=text[s[0] : s[1]], mentions=(s,)))
    event = GoldEvent(
        id=item["doc_key"],
        type=etype,
        trigger=trigger,
        trigger_text=text[trigger[0] : trigger[1]],
        arguments=tuple(args),
    )
    return item["doc_key"], text, event


def load_examples(path: Path, limit: int | None = None) -> list[tuple[str, str, GoldEvent]]:
    """The examples of a RAMS folder (``dev.jsonlines``, else ``test.jsonlines``, else the only
    ``*.jsonlines``) or file."""
    path = Path(path)
    if path.is_dir():
        candidates = [
            path / "dev.jsonlines",
            path / "test.jsonlines",
            *sorted(path.glob("*.jsonlines")),
        ]
        found = next((p for p in candidates if p.exists()), None)
        if found is None:
            raise ValueError("no RAMS .jsonlines file in the folder")
        path = found
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            if limit is not None and len(out) >= limit:
                break
            out.append(parse_example(json.loads(line)))
    return out


def score_example(
    text: str, event: GoldEvent, mapping: Mapping, tally: Tally, records: Any = None
) -> None:
    """Score one example (``records`` are our records for ``text``; run when not given)."""
    targets = mapping.type_targets(event.type)
    if not targets:
        tally.unscored[f"event type not mapped: {event.type}"] += 1
        if event.arguments:
            tally.unscored["arguments of unmapped event types"] += len(event.arguments)
        return
    if records is None:
        records = run_pipeline(text)
    pred = predicted_events(records, text)
    tally.notes["events predicted"] += len(pred)
    for metric, spans_of in (
        ("trigger_recall", lambda p: [p.trigger] if p.trigger else []),
        ("coverage_recall", lambda p: list(p.evidence)),
    ):
        for typed in (False, True):
            found = any(
                any(overlap(s, event.trigger) for s in spans_of(p))
                and (not typed or p.sub_event_type in targets)
                for p in pred
            )
            name = f"{metric}_typed" if typed else metric
            tally.add(name, tp=int(found), fn=int(not found))
            if typed and metric == "trigger_recall":
                tally.add_row("gold_type", event.type, tp=int(found), fn=int(not found))
    score_arguments([event], pred, mapping, tally, modes=("exact", "overlap"), role_of=role_name)


def evaluate(path: Path, limit: int | None = None) -> dict[str, Any]:
    """Score procopius' argument linking on a RAMS split. See the module's docstring."""
    mapping = load_mapping(NAME)
    examples = load_examples(Path(path), limit=limit)
    tally = Tally()
    for _, text, event in examples:
        score_example(text, event, mapping, tally)
    n_args = sum(len(e.arguments) for _, _, e in examples)
    result = build_result(
        NAME, path, limit, examples, tally, mapping, len(examples), n_args, trigger_metrics=False
    )
    scores = result["scores"]
    for metric in (
        "trigger_recall",
        "trigger_recall_typed",
        "coverage_recall",
        "coverage_recall_typed",
    ):
        tp, _, fn = tally.counts.get(metric, [0, 0, 0])
        scores[metric] = {"recall": prf(tp, 0, fn)["recall"], "found": tp, "missed": fn}
    scores["per_gold_type"] = tally.table("gold_type")
    return result


def format_result(result: dict[str, Any]) -> str:
    """The result as a readable table."""
    text = _format_result(result)
    scores = result["scores"]
    lines = []
    for metric in (
        "trigger_recall",
        "trigger_recall_typed",
        "coverage_recall",
        "coverage_recall_typed",
    ):
        s = scores.get(metric)
        if s:
            r = "  -  " if s["recall"] is None else f"{s['recall']:.3f}"
            lines.append(
                f"  {metric.replace('_', ' '):<34} R {r}  ({s['found']}/{s['found'] + s['missed']})"
            )
    head, _, rest = text.partition("\n")
    return "\n".join([head, *lines, rest])
