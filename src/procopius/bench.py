"""Throughput measurement: words per second of the whole pipeline on a corpus that is built
from the built-in example articles (or read from the user's files)."""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


def run_bench(documents: Sequence[Document], runs: int = 3, warmup: int = 1) -> BenchResult:
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
            process(doc)
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
