"""The benchmark builds its corpus from the examples and reports every stage."""

from __future__ import annotations

from procopius import stages
from procopius.bench import example_corpus, run_bench
from procopius.stages import STAGES


def test_example_corpus_reaches_the_word_count_with_distinct_documents() -> None:
    docs = example_corpus(3000)
    assert sum(len(d.text.split()) for d in docs) >= 3000
    assert len({d.id for d in docs}) == len(docs)


def test_bench_reports_speed_memory_and_every_stage() -> None:
    docs = example_corpus(600)
    result = run_bench(docs, runs=2, warmup=1)
    figures = result.to_dict()
    assert figures["documents"] == len(docs)
    assert figures["words"] == sum(len(d.text.split()) for d in docs)
    assert len(figures["runs_seconds"]) == 2
    assert figures["words_per_second"] > 0
    assert figures["peak_rss_mb"] > 0
    assert list(figures["stages"]) == list(STAGES)
    assert all(row["seconds_per_run"] > 0 for row in figures["stages"].values())


def test_stage_clock_accumulates_and_resets() -> None:
    stages.reset()
    clock = stages.Clock()
    clock.lap("dates")
    clock.lap("dates")
    assert stages.totals()["dates"] >= 0
    assert set(stages.totals()) == set(STAGES)
    stages.reset()
    assert stages.totals()["dates"] == 0.0
