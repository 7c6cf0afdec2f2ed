"""Throughput measurement: words per second of the whole pipeline on a corpus that is built
from the built-in example articles (or read from the user's files)."""

from __future__ import annotations

import json
import re
import resource
import statistics
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from procopius.cascade import DEFAULT_UNIT
from procopius.document import Document


@dataclass
class BenchResult:
    documents: int
    words: int
    seconds: list[float]
    peak_rss_mb: float
    stage_seconds: dict[str, float]

    @property
    def median_seconds(self) -> float:
        return statistics.median(self.seconds)

    @property
    def words_per_second(self) -> float:
        return self.words / self.median_seconds if self.median_seconds else 0.0

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.median_seconds if self.median_seconds else 0.0

    def to_dict(self) -> dict[str, float | int | list[float]]:
        return {
            "documents": self.documents,
            "words": self.words,
            "runs_seconds": [round(s, 3) for s in self.seconds],
            "median_seconds": round(self.median_seconds, 3),
            "words_per_second": round(self.words_per_second),
            "documents_per_second": round(self.documents_per_second, 2),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "stages": {
                name: {
                    "seconds_per_run": round(secs, 3),
                    "words_per_second": round(self.words / secs) if secs else None,
                }
                for name, secs in self.stage_seconds.items()
            },
        }


def example_corpus(min_words: int) -> list[Document]:
    """Copies of the example articles until the corpus holds `min_words` words. Each copy
    carries a numbered line so that every document has its own id."""
    from procopius.readers import iter_documents
    from procopius.samples import example_paths

    base = [d for d in iter_documents([str(p) for p in example_paths()]) if isinstance(d, Document)]
    if not base:
        raise RuntimeError("no example articles found")
    out: list[Document] = []
    words = 0
    copy = 0
    while words < min_words:
        for doc in base:
            text = f"{doc.text}\nCopy {copy} of the example.\n"
            out.append(
                Document(
                    text=text,
                    title=doc.title,
                    source=f"{doc.source}#{copy}",
                    published=doc.published,
                )
            )
            words += len(text.split())
            if words >= min_words:
                break
        copy += 1
    return out


def run_bench(
    documents: Sequence[Document],
    runs: int = 3,
    warmup: int = 1,
    cascade: bool = False,
    cascade_unit: str = DEFAULT_UNIT,
) -> BenchResult:
    """Process the documents `runs` times (after `warmup` documents to load the models) and
    report the median; one process, one core."""
    from procopius import stages
    from procopius.pipeline import analyse, process

    for doc in list(documents)[:warmup]:
        analyse(Document(text=doc.text, title=doc.title))
    words = sum(len(d.text.split()) for d in documents)
    seconds: list[float] = []
    stages.reset()
    for _ in range(runs):
        t0 = time.perf_counter()
        for doc in _fresh(documents):
            process(doc, cascade=cascade, cascade_unit=cascade_unit)
        seconds.append(time.perf_counter() - t0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    per_run = {name: secs / runs for name, secs in stages.totals().items()}
    return BenchResult(
        documents=len(documents),
        words=words,
        seconds=seconds,
        peak_rss_mb=peak,
        stage_seconds=per_run,
    )


def _fresh(documents: Iterable[Document]) -> Iterable[Document]:
    """New Document objects, so that no layer computed by an earlier run is reused."""
    for d in documents:
        yield Document(text=d.text, title=d.title, source=d.source, published=d.published)


# -- a corpus in Wikipedia's proportions, and the engines over it -------------------------------

_NO_SPACE_BEFORE = re.compile(r" (?=[.,;:!?%)\]}]|'s\b|n't\b|'')")
_NO_SPACE_AFTER = re.compile(r"(?<=[(\[{$]) |(?<=``) ")


def join_tokens(tokens: Sequence[str]) -> str:
    """Tokenised text back into running text ("( 1911 ) ," becomes "(1911),")."""
    text = " ".join(tokens)
    text = _NO_SPACE_AFTER.sub("", _NO_SPACE_BEFORE.sub("", text))
    return text.replace("``", '"').replace("''", '"').replace("-LRB-", "(").replace("-RRB-", ")")


def redocred_introductions(path: str | Path) -> list[tuple[str, str]]:
    """(title, text) of the Wikipedia introductions in a Re-DocRED file (a JSON list of
    {"title", "sents": [[token, ...], ...]}), read at run time."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for item in data:
        sents = item.get("sents") or []
        text = " ".join(join_tokens(s) for s in sents)
        if text.strip():
            out.append((str(item.get("title", "")), text))
    if not out:
        raise ValueError(f"{path}: no introductions found")
    return out


#: the source of an ordinary (not conflict) document in a mixed corpus, before its number
ORDINARY_SOURCE = "ordinary#"


def conflict_word_fraction(documents: Iterable[Document]) -> float:
    """The share of a mixed corpus's words that are in its conflict documents: what a first pass
    that read the conflict articles and nothing else would give the language model."""
    conflict = total = 0
    for doc in documents:
        n = len(doc.text.split())
        total += n
        if not doc.source.startswith(ORDINARY_SOURCE):
            conflict += n
    return round(conflict / total, 4) if total else 0.0


def mixed_corpus(
    min_words: int,
    ordinary: Sequence[tuple[str, str]],
    ordinary_per_conflict: int = 50,
) -> Iterator[Document]:
    """The example articles mixed with ordinary encyclopedic texts: `ordinary_per_conflict`
    ordinary documents after each conflict document, both repeated in turn until `min_words`
    words. Each copy carries a numbered line so that every document has its own id. A
    generator: the corpus is never held in memory."""
    from procopius.readers import iter_documents
    from procopius.samples import example_paths

    conflict = [
        d for d in iter_documents([str(p) for p in example_paths()]) if isinstance(d, Document)
    ]
    if not conflict or not ordinary:
        raise RuntimeError("no documents to mix")
    words = 0
    n = 0
    k = 0
    while words < min_words:
        base = conflict[n % len(conflict)]
        text = f"{base.text}\nCopy {n} of the example.\n"
        yield Document(
            text=text, title=base.title, source=f"{base.source}#{n}", published=base.published
        )
        words += len(text.split())
        n += 1
        for _ in range(ordinary_per_conflict):
            if words >= min_words:
                break
            title, body = ordinary[k % len(ordinary)]
            copy = k // len(ordinary)
            text = f"{body}\nCopy {copy}.\n"
            yield Document(text=text, title=title, source=f"{ORDINARY_SOURCE}{k}")
            words += len(text.split())
            k += 1


def built_corpus(
    min_words: int, ordinary: Sequence[tuple[str, str]] = (), ordinary_per_conflict: int = 50
) -> Iterator[Document]:
    """The corpus the benchmarks build when given no files: the examples mixed with `ordinary`
    texts when there are any (`mixed_corpus`), else the examples alone (`example_corpus`)."""
    if ordinary:
        return mixed_corpus(min_words, ordinary, ordinary_per_conflict)
    return iter(example_corpus(min_words))


def run_engine_bench(
    documents: Callable[[], Iterable[Document]] | None = None,
    engine: str = "serial",
    workers: int | None = None,
    *,
    paths: Sequence[str] = (),
    cascade: bool = True,
    cascade_unit: str = DEFAULT_UNIT,
    shard_size: int = 200,
    scheduler: str | None = None,
) -> dict[str, Any]:
    """One timed pass of an engine over a corpus, writing its shards to a temporary run
    directory. The corpus is made afresh by `documents`, or read from `paths` as `extract`
    reads them (a multistream dump in parts, read by the workers); the time to start the
    workers and load their models is reported apart. Returns the run's report: words and
    documents per second (total and per core), peak memory per worker, the cascade's selected
    fraction, time per stage."""
    import tempfile

    from procopius.engine import run_corpus
    from procopius.runs import RunConfig

    with tempfile.TemporaryDirectory(prefix="procopius-bench-") as tmp:
        if (documents is None) == (not paths):
            raise ValueError("give either documents or paths")
        report = run_corpus(
            list(paths) or ["<bench corpus>"],
            Path(tmp) / "run",
            RunConfig(cascade=cascade, cascade_unit=cascade_unit, shard_size=shard_size),
            engine=engine,
            workers=workers,
            scheduler=scheduler,
            documents=documents() if documents is not None else None,
        )
    report.pop("run_dir", None)
    report.pop("config_hash", None)
    memory = report["peak_rss_mb_per_worker"]
    report["peak_rss_mb_max"] = max(memory.values()) if memory else 0.0
    return report


def run_read_bench(paths: Sequence[str]) -> dict[str, Any]:
    """How fast the corpus readers stream the inputs, with no pipeline: documents and words per
    second of one process. A corpus run reads its inputs in one process, so this is the most
    words per second that any number of workers can be given."""
    from procopius.engine import read_corpus

    t0 = time.perf_counter()
    documents = words = errors = 0
    for item in read_corpus(list(paths)):
        if isinstance(item, Document):
            documents += 1
            words += len(item.text.split())
        else:
            errors += 1
    seconds = time.perf_counter() - t0
    return {
        "documents": documents,
        "words": words,
        "read_errors": errors,
        "seconds": round(seconds, 3),
        "words_per_second": round(words / seconds) if seconds else 0,
        "documents_per_second": round(documents / seconds, 1) if seconds else 0.0,
    }


def write_corpus_dump(documents: Iterable[Document], path: Path) -> Path:
    """Write documents as the pages of a multistream MediaWiki dump (`.xml.bz2`), each title
    numbered so that titles are unique: a Wikipedia-format input for the reading benchmark."""
    from procopius.corpus.dump_writer import write_test_dump

    pages = ((f"{d.title or 'Untitled'} ({k})", d.text) for k, d in enumerate(documents))
    return write_test_dump(pages, path, multistream=True, extra_pages=False)


def speedup(one: dict[str, Any], many: dict[str, Any]) -> float:
    """How many times faster the run with more workers went (by wall time per word)."""
    a = one["words"] / one["wall_seconds"] if one["wall_seconds"] else 0.0
    b = many["words"] / many["wall_seconds"] if many["wall_seconds"] else 0.0
    return round(b / a, 2) if a else 0.0
