"""The benchmark builds its corpus from the examples and reports every stage."""

from __future__ import annotations

import json
from pathlib import Path

from procopius import stages
from procopius.bench import example_corpus, run_bench, run_read_bench, write_corpus_dump
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


def test_reading_bench_streams_a_written_dump_without_the_pipeline(tmp_path: Path) -> None:
    docs = example_corpus(3000)
    dump = write_corpus_dump(iter(docs), tmp_path / "test-pages-articles-multistream.xml.bz2")
    stages.reset()
    figures = run_read_bench([str(dump)])
    # every document comes back as a page, and nothing reached the language model
    assert figures["documents"] == len(docs)
    assert figures["read_errors"] == 0
    assert 0 < figures["words"] <= sum(len(d.text.split()) for d in docs)
    assert figures["words_per_second"] > 0
    assert stages.parsed_words() == 0


def test_reading_bench_counts_unreadable_inputs(tmp_path: Path) -> None:
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"text": "Rebels attacked the town."}\nnot json\n', encoding="utf-8")
    figures = run_read_bench([str(bad)])
    assert figures["documents"] == 1
    assert figures["read_errors"] == 1


def test_bench_read_only_command_writes_and_reads_a_dump() -> None:
    from typer.testing import CliRunner

    from procopius.cli import app

    result = CliRunner().invoke(app, ["bench", "--read-only", "--words", "2000", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["documents"] > 0 and figures["read_errors"] == 0


def test_bench_from_dump_runs_the_engine_over_a_written_dump() -> None:
    from typer.testing import CliRunner

    from procopius.cli import app

    args = ["bench", "--engine", "serial", "--from-dump", "--words", "3000", "--json"]
    result = CliRunner().invoke(app, [*args, "--shard-size", "100"])
    assert result.exit_code == 0, result.output
    (run,) = json.loads(result.stdout)["runs"]
    assert run["documents"] > 0 and run["errors"] == {}
    assert run["words"] >= 3000
    assert run["main_process_cpu_seconds"] > 0


def test_bench_from_dump_needs_an_engine_and_no_paths(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from procopius.cli import app

    result = CliRunner().invoke(app, ["bench", "--from-dump"])
    assert result.exit_code == 2
    assert "--from-dump needs --engine" in result.output
    text = tmp_path / "a.txt"
    text.write_text("Rebels attacked a village.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["bench", "--engine", "serial", "--from-dump", str(text)])
    assert result.exit_code == 2
    assert "give no paths" in result.output
