"""PolNeAR (Newell, Margolin and Ruths, LREC 2018): attribution relations in US political news,
each a cue, a source (optional) and a content, as brat stand-off files
(``<split>/attributions/<article>_<annotator>.ann`` beside ``<split>/text/<article>.txt``).

Our attributions (``attribution.find_attributions`` over ``pipeline.analyse``) are scored per
component (cue, source, content) as spans, exact and overlapping, one-to-one; token by token
(PolNeAR labels each token at most once: source, cue, content or nothing); and as whole
relations (cue and content both overlapping the gold ones).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from procopius.evaluation.metrics import prf, span_match, sum_counts

NAME = "polnear"
DESCRIPTION = "Attribution (source, cue, content) P/R/F1 against PolNeAR (dev split by default)."
ROLES = ("source", "cue", "content")
#: brat entity types that belong to an attribution, by role
ROLE_OF_TYPE = {"Source": "source", "Cue": "cue", "Content": "content", "Content2": "content"}
#: brat entity types that mark something other than an attribution part
OTHER_TYPES = {"Discard", "Discuss"}
#: characters trimmed from both ends of a span before an exact comparison
EDGE_CHARS = " \t\r\n\"'“”‘’«»,.;:"
TOKEN_RE = re.compile(r"\w+", re.UNICODE)

Frag = tuple[int, int]


@dataclass
class GoldAttribution:
    """One attribution relation: each part is a list of fragments (brat allows discontinuous
    spans; a content may be split around its cue)."""

    cue: list[Frag] = field(default_factory=list)
    source: list[Frag] = field(default_factory=list)
    content: list[Frag] = field(default_factory=list)

    def part(self, role: str) -> list[Frag]:
        return getattr(self, role)


@dataclass
class GoldArticle:
    name: str
    annotator: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)
    problems: Counter = field(default_factory=Counter)


# ---------------------------------------------------------------------------------------------
# Loading


def parse_ann(content: str) -> tuple[list[GoldAttribution], Counter]:
    """The attribution relations of one brat ``.ann`` file, and counts of what was skipped."""
    entities: dict[str, tuple[str, list[Frag]]] = {}
    events: list[list[tuple[str, str]]] = []
    skipped: Counter = Counter()
    for line in content.splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        ident = parts[0]
        if ident.startswith("T") and len(parts) >= 2:
            kind, _, spans = parts[1].partition(" ")
            frags = []
            for piece in spans.split(";"):
                bounds = piece.split()
                if len(bounds) == 2:
                    frags.append((int(bounds[0]), int(bounds[1])))
            entities[ident] = (kind, frags)
        elif ident.startswith("E") and len(parts) >= 2:
            args = []
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                args.append((role, ref))
            events.append(args)
        elif ident.startswith(("#", "A", "R", "N")):
            skipped["notes, attributes or relations (not part of the scheme)"] += 1
    for kind, _ in entities.values():
        if kind in OTHER_TYPES:
            skipped[f"{kind} marks (not attributions)"] += 1
    out: list[GoldAttribution] = []
    for args in events:
        att = GoldAttribution()
        for role, ref in args:
            if role.startswith("Attribution"):
                continue  # the trigger: the same span as the cue
            name = ROLE_OF_TYPE.get(re.sub(r"\d+$", "", role)) or ROLE_OF_TYPE.get(role)
            if name is None or ref not in entities:
                skipped[f"unknown relation argument {role!r}"] += 1
                continue
            att.part(name).extend(entities[ref][1])
        for role in ROLES:
            att.part(role).sort()
        if not att.cue and not att.content:
            skipped["relation without cue or content"] += 1
            continue
        out.append(att)
    return out, skipped


def split_dir(path: Path) -> Path:
    """The split folder to score: ``path`` itself when it holds ``text`` and ``attributions``,
    else its ``dev`` split."""
    path = Path(path)
    if (path / "attributions").is_dir() and (path / "text").is_dir():
        return path
    if (path / "dev" / "attributions").is_dir():
        return path / "dev"
    raise ValueError("no PolNeAR split (a folder with text/ and attributions/) found")


def load_split(path: Path, limit: int | None = None) -> tuple[list[GoldArticle], Counter]:
    """The articles of one split, one annotation per article (the first annotator's file in
    name order; further annotators' copies are counted, not scored)."""
    folder = split_dir(path)
    by_article: dict[str, list[Path]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        article, _, _annotator = ann.stem.rpartition("_")
        by_article.setdefault(article or ann.stem, []).append(ann)
    articles: list[GoldArticle] = []
    unscored: Counter = Counter()
    for article, files in sorted(by_article.items()):
        if limit is not None and len(articles) >= limit:
            break
        text_path = folder / "text" / f"{article}.txt"
        if not text_path.exists():
            unscored["annotation file without its text"] += 1
            continue
        text = text_path.read_text(encoding="utf-8")
        first, *others = files
        atts, skipped = parse_ann(first.read_text(encoding="utf-8"))
        gold = GoldArticle(article, first.stem.rpartition("_")[2], text, atts, skipped)
        for other in others:
            extra, _ = parse_ann(other.read_text(encoding="utf-8"))
            unscored["another annotator's copy of an article already scored"] += len(extra)
        articles.append(gold)
    return articles, unscored


# ---------------------------------------------------------------------------------------------
# Predictions


@dataclass(frozen=True)
class PredictedAttribution:
    cue: Frag
    source: Frag | None
    content: Frag

    def part(self, role: str) -> list[Frag]:
        span = getattr(self, role)
        return [] if span is None else [span]


def _strip(text: str, start: int, end: int, chars: str = " \t\r\n,") -> Frag:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def source_span(text: str, att: Any, sentence_end: int) -> Frag | None:
    """The source phrase of one of our attributions: from where its claimant phrase starts to
    the cue ("Officials said"), or, after the cue ("according to officials", "said X"), to the
    next comma, semicolon or full stop."""
    start = att.claimant_start
    if start is None:
        return None
    if start < att.cue_start:
        span = _strip(text, start, att.cue_start)
    else:
        m = re.search(r"[,;.]", text[start:sentence_end])
        span = _strip(text, start, start + m.start() if m else sentence_end)
    return span if span[1] > span[0] else None


def predict(text: str) -> list[PredictedAttribution]:
    """Our attributions in a text: the pipeline's layers, then ``find_attributions`` with no
    article subject."""
    from procopius.attribution import find_attributions
    from procopius.document import Document
    from procopius.pipeline import analyse

    reading = analyse(Document(text=text))
    out = []
    for att in find_attributions(reading, None, []):
        out.append(
            PredictedAttribution(
                (att.cue_start, att.cue_end),
                source_span(text, att, att.sentence.end),
                (att.content_start, att.content_end),
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Scoring


def envelope(text: str, frags: list[Frag]) -> Frag | None:
    """First start to last end of a part, without quote marks, punctuation or spaces at the
    edges (so '"We will win," he said' and 'We will win' compare equal)."""
    if not frags:
        return None
    start, end = _strip(text, min(s for s, _ in frags), max(e for _, e in frags), EDGE_CHARS)
    return (start, end) if end > start else None


def _spans(text: str, items: list[Any], role: str) -> list[tuple[int, int, str]]:
    out = []
    for item in items:
        span = envelope(text, item.part(role))
        if span is not None:
            out.append((span[0], span[1], role))
    return out


def token_labels(text: str, items: list[Any]) -> dict[int, str]:
    """Token start -> role for every word token inside a part; a token inside two parts takes
    cue before source before content."""
    labels: dict[int, str] = {}
    rank = {"cue": 0, "source": 1, "content": 2}
    for item in items:
        for role in ROLES:
            for s, e in item.part(role):
                for m in TOKEN_RE.finditer(text, s, e):
                    old = labels.get(m.start())
                    if old is None or rank[role] < rank[old]:
                        labels[m.start()] = role
    return labels


def token_scores(gold: dict[int, str], pred: dict[int, str]) -> dict:
    """Token-level counts per role: a hit when gold and prediction give a token the same role."""
    per_role: dict[str, list[int]] = {r: [0, 0, 0] for r in ROLES}
    for tok, role in pred.items():
        if gold.get(tok) == role:
            per_role[role][0] += 1
        else:
            per_role[role][1] += 1
    for tok, role in gold.items():
        if pred.get(tok) != role:
            per_role[role][2] += 1
    total = [sum(c[i] for c in per_role.values()) for i in range(3)]
    out = prf(*total)
    out["per_type"] = {r: prf(*c) for r, c in per_role.items()}
    return out


def _overlaps(a: list[Frag], b: list[Frag]) -> bool:
    return any(min(x[1], y[1]) > max(x[0], y[0]) for x in a for y in b)


def relation_scores(gold: list[GoldAttribution], pred: list[PredictedAttribution]) -> dict:
    """Whole relations, one-to-one: a hit when cue and content both overlap; ``source_ok``
    counts hits whose gold has a source and whose predicted source overlaps it."""
    used: set[int] = set()
    hits = source_ok = with_source = 0
    for g in gold:
        for pi, p in enumerate(pred):
            if pi in used:
                continue
            if _overlaps(g.cue, p.part("cue")) and _overlaps(g.content, p.part("content")):
                used.add(pi)
                hits += 1
                if g.source:
                    with_source += 1
                    source_ok += _overlaps(g.source, p.part("source"))
                break
    out = prf(hits, len(pred) - hits, len(gold) - hits)
    out["matched_with_gold_source"] = with_source
    out["source_overlaps"] = source_ok
    return out


def score_article(text: str, gold: list[GoldAttribution], pred: list[PredictedAttribution]) -> dict:
    """All counts for one article."""
    out: dict[str, Any] = {}
    for mode in ("exact", "overlap"):
        g = [s for role in ROLES for s in _spans(text, gold, role)]
        p = [s for role in ROLES for s in _spans(text, pred, role)]
        out[mode] = span_match(g, p, mode=mode, typed=True)  # type: ignore[arg-type]
    out["tokens"] = token_scores(token_labels(text, gold), token_labels(text, pred))
    out["relations"] = relation_scores(gold, pred)
    return out


def _plain(result: dict) -> dict:
    keep = ("precision", "recall", "f1", "tp", "fp", "fn")
    out = {k: result[k] for k in keep}
    if "per_type" in result:
        out["per_role"] = {role: {k: v[k] for k in keep} for role, v in result["per_type"].items()}
    return out


def evaluate(path: Path, limit: int | None = None) -> dict:
    """Score our attributions on a PolNeAR split (``path``: the PolNeAR folder, whose dev split
    is used, or one split's folder)."""
    folder = split_dir(Path(path))
    articles, unscored = load_split(folder, limit)
    per_article = []
    annotations = 0
    for art in articles:
        for reason, n in art.problems.items():
            unscored[reason] += n
        annotations += len(art.attributions)
        pred = predict(art.text)
        per_article.append(score_article(art.text, art.attributions, pred))
    exact = sum_counts(r["exact"] for r in per_article)
    overlap = sum_counts(r["overlap"] for r in per_article)
    tokens = sum_counts(r["tokens"] for r in per_article)
    rel_counts = [0, 0, 0]
    with_source = source_ok = 0
    for r in per_article:
        rel = r["relations"]
        for i, key in enumerate(("tp", "fp", "fn")):
            rel_counts[i] += rel[key]
        with_source += rel["matched_with_gold_source"]
        source_ok += rel["source_overlaps"]
    relations = prf(*rel_counts)
    relations["source_overlap_rate"] = source_ok / with_source if with_source else None
    command = f"procopius eval {NAME} {path}" + (f" --limit {limit}" if limit else "")
    return {
        "dataset": NAME,
        "split": folder.name,
        "documents": len(articles),
        "annotations": annotations,
        "scores": {
            "precision": overlap["precision"],
            "recall": overlap["recall"],
            "f1": overlap["f1"],
            "spans_exact": _plain(exact),
            "spans_overlap": _plain(overlap),
            "tokens": _plain(tokens),
            "relations_overlap": relations,
        },
        "unscored": dict(sorted(unscored.items())),
        "notes": (
            "headline precision/recall/F1: cue, source and content spans, overlapping, "
            "one-to-one, micro over the three roles. Exact: identical offsets after trimming "
            "spaces, quote marks and punctuation at both ends; a discontinuous gold part counts "
            "as its first start to last end. Tokens: word tokens labelled with the same role. "
            "Relations: cue and content both overlap; source_overlap_rate among matched "
            "relations whose gold has a source."
        ),
        "command": command,
    }


# ---------------------------------------------------------------------------------------------
# Report


def _pct(x: float | None) -> str:
    return "    -" if x is None else f"{100 * x:5.1f}%"


def _row(label: str, r: dict) -> str:
    return (
        f"  {label:<18} {_pct(r['precision']):>7} {_pct(r['recall']):>7} {_pct(r['f1']):>7}"
        f"   tp {r['tp']:>5}  fp {r['fp']:>5}  fn {r['fn']:>5}"
    )


def format_result(result: dict) -> str:
    """The scores as a readable table."""
    s = result["scores"]
    lines = [
        f"{result['dataset']} ({result.get('split', '?')}): {result['documents']} articles, "
        f"{result['annotations']} gold attributions",
        "",
        f"  {'':<18} {'P':>7} {'R':>7} {'F1':>7}",
    ]
    for title, key in (
        ("spans, exact", "spans_exact"),
        ("spans, overlap", "spans_overlap"),
        ("tokens", "tokens"),
    ):
        block = s[key]
        lines.append(_row(title, block))
        for role in ROLES:
            if role in block.get("per_role", {}):
                lines.append(_row(f"  {role}", block["per_role"][role]))
    rel = s["relations_overlap"]
    lines.append(_row("relations", rel))
    lines.append(f"  source right in matched relations: {_pct(rel['source_overlap_rate'])}")
    if result.get("unscored"):
        lines += ["", "Not scored:"]
        for reason, n in result["unscored"].items():
            lines.append(f"  {n:>6}  {reason}")
    lines += ["", f"command: {result['command']}"]
    return "\n".join(lines)
