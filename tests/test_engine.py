"""Corpus runs: every engine writes the same records, runs resume after a kill, reports count
what was read, and the command line runs a corpus into the store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from procopius import stages
from procopius.bench import conflict_word_fraction, join_tokens, mixed_corpus, run_engine_bench
from procopius.cli import app
from procopius.corpus import example_pages, write_test_dump
from procopius.document import Document
from procopius.engine import cut_shards, run_corpus
from procopius.pipeline import process
from procopius.readers import iter_documents
from procopius.records import to_dict
from procopius.runs import (
    RunConfig,
    RunDir,
    RunRefused,
    iter_run_records,
    read_shard,
    record_from_dict,
)
from procopius.samples import example_paths
from procopius.store import Store

ORDINARY = (
    "The river rises in the northern hills and flows south through farmland for about two "
    "hundred kilometres before it reaches the sea. Its valley is known for orchards, and a "
    "small railway follows its course."
)


def example_texts() -> list[str]:
    return [d.text for d in iter_documents([str(p) for p in example_paths()]) if hasattr(d, "text")]


def write_jsonl_corpus(path: Path, copies: int, bad_line: bool = False) -> Path:
    """A JSON Lines corpus of numbered copies of the examples, with ordinary texts between."""
    lines = []
    texts = example_texts()
    for n in range(copies):
        lines.append({"title": f"Example {n}", "text": f"{texts[n % len(texts)]}\nCopy {n}.\n"})
        lines.append({"title": f"River {n}", "text": f"{ORDINARY}\nCopy {n}.\n"})
    with path.open("w", encoding="utf-8") as fh:
        for k, line in enumerate(lines):
            fh.write(json.dumps(line) + "\n")
            if bad_line and k == 2:
                fh.write("{not json\n")
    return path


def run_records(run_dir: Path, fmt: str = "jsonl") -> list[dict[str, Any]]:
    return list(iter_run_records(RunDir(run_dir), fmt))


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dump")
    return write_test_dump(example_pages(), folder / "pages-articles.xml.bz2", multistream=True)


@pytest.fixture(scope="module")
def serial_run(dump: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    run_dir = tmp_path_factory.mktemp("serial") / "run"
    run_corpus([str(dump)], run_dir, RunConfig(shard_size=2), engine="serial")
    return run_dir


def test_shards_are_cut_in_input_order() -> None:
    shards = list(cut_shards(range(7), 3))
    assert shards == [(0, [0, 1, 2]), (1, [3, 4, 5]), (2, [6])]


def test_a_dump_part_is_a_shard_of_its_own() -> None:
    from procopius.corpus import DumpPart

    part = DumpPart(path="x.xml.bz2", start=0, stop=None, size=1, mtime_ns=1)
    shards = list(cut_shards([1, 2, part, 3], 3))
    assert shards == [(0, [1, 2]), (1, part), (2, [3])]


def test_serial_run_of_a_dump_holds_the_records_of_each_article(
    dump: Path, serial_run: Path
) -> None:
    from procopius.corpus import iter_corpus

    expected = []
    for item in iter_corpus([str(dump)]):
        expected.extend(process(item, cascade=True).to_dicts())
    assert run_records(serial_run) == expected
    assert len([r for r in expected if r["kind"] == "document"]) == len(example_pages())


@pytest.mark.parametrize("engine", ["processes", "dask"])
def test_every_engine_writes_the_same_records(
    engine: str, dump: Path, serial_run: Path, tmp_path: Path
) -> None:
    report = run_corpus(
        [str(dump)], tmp_path / "run", RunConfig(shard_size=2), engine=engine, workers=2
    )
    assert report["engine"] == engine
    assert report["workers"] == 2
    assert run_records(tmp_path / "run") == run_records(serial_run)
    serial = json.loads((serial_run / "report.json").read_text())
    for key in ("documents", "selected", "words", "records", "errors", "shards"):
        assert report[key] == serial[key]
    assert len(report["peak_rss_mb_per_worker"]) == 2
    assert all(0 < mb < 2048 for mb in report["peak_rss_mb_per_worker"].values())


def test_parquet_shards_hold_the_same_records(dump: Path, serial_run: Path, tmp_path: Path) -> None:
    run_corpus(
        [str(dump)],
        tmp_path / "run",
        RunConfig(shard_size=2, shard_format="parquet"),
        engine="serial",
    )
    assert sorted(p.suffix for p in (tmp_path / "run" / "shards").glob("000000.*")) == [
        ".done",
        ".parquet",
    ]
    assert run_records(tmp_path / "run", "parquet") == run_records(serial_run)
    records, texts = read_shard(RunDir(tmp_path / "run"), 0, "parquet")
    docs = [r["id"] for r in records if r["kind"] == "document" and r["selected"]]
    assert docs and set(texts) == set(docs)


def test_records_rebuilt_from_native_dicts_serialise_the_same(serial_run: Path) -> None:
    records = run_records(serial_run)
    assert {r["kind"] for r in records} == {"document", "actor", "event", "claim", "relation"}
    for data in records:
        assert to_dict(record_from_dict(data)) == data


@pytest.fixture(scope="module")
def split_dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples as a multistream dump of one page per stream, which a run cuts into parts
    of two streams (its shard size of 200 pages makes two streams of 100 pages)."""
    folder = tmp_path_factory.mktemp("split")
    return write_test_dump(
        example_pages(),
        folder / "pages-articles-multistream.xml.bz2",
        multistream=True,
        pages_per_stream=1,
    )


@pytest.fixture(scope="module")
def split_dump_records(split_dump: Path) -> list[dict[str, Any]]:
    from procopius.corpus import iter_corpus

    return [r for item in iter_corpus([split_dump]) for r in process(item, cascade=True).to_dicts()]


@pytest.mark.parametrize("engine", ["serial", "processes", "dask"])
def test_dump_parts_are_read_by_the_workers_with_the_same_records(
    engine: str, split_dump: Path, split_dump_records: list[dict[str, Any]], tmp_path: Path
) -> None:
    report = run_corpus([str(split_dump)], tmp_path / "run", RunConfig(), engine=engine, workers=2)
    # 7 streams (5 articles, a redirect and a talk page), two to a part
    assert report["shards"] == 4
    assert report["documents"] == len(example_pages())
    # the same records as the dump read whole, document by document
    assert run_records(tmp_path / "run") == split_dump_records
    assert report["main_process_cpu_seconds"] >= 0


def test_a_run_over_dump_parts_resumes(split_dump: Path, tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    first = run_corpus([str(split_dump)], run_dir, RunConfig())
    expected = run_records(run_dir)
    (run_dir / "shards" / "000002.done").unlink()
    report = run_corpus([str(split_dump)], run_dir, RunConfig(), resume=True)
    assert (report["shards_run"], report["shards_resumed"]) == (1, 3)
    assert run_records(run_dir) == expected
    for key in ("documents", "selected", "words", "records", "errors", "shards"):
        assert report[key] == first[key]


class _RecordedProgress:
    """Stands in for the progress bar: what the run tells it."""

    def __init__(self) -> None:
        self.done = 0
        self.totals: list[int] = []

    def __call__(self, n: int, resumed: bool = False) -> None:
        self.done += n

    def estimate(self, total: int | None) -> None:
        if total is not None:
            self.totals.append(total)


def _recording_progress(monkeypatch: pytest.MonkeyPatch) -> _RecordedProgress:
    import contextlib

    import procopius.engine as engine_module

    recorded = _RecordedProgress()

    @contextlib.contextmanager
    def progress(enabled: bool, total: int | None):  # type: ignore[no-untyped-def]
        yield recorded

    monkeypatch.setattr(engine_module, "_progress", progress)
    return recorded


def test_the_documents_left_are_estimated_again_as_dump_parts_finish(
    split_dump: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded = _recording_progress(monkeypatch)
    run_dir = tmp_path / "run"
    report = run_corpus([str(split_dump)], run_dir, RunConfig(), progress=True)
    # 4 parts: estimates after the third and the fourth; once every part has finished, the
    # estimate is the count itself
    assert len(recorded.totals) == 2
    assert recorded.totals[-1] == recorded.done == report["documents"]
    # resumed parts count too
    (run_dir / "shards" / "000001.done").unlink()
    again = _recording_progress(monkeypatch)
    run_corpus([str(split_dump)], run_dir, RunConfig(), progress=True, resume=True)
    assert again.totals[-1] == again.done == report["documents"]


def test_the_progress_bar_takes_a_new_estimate_of_the_documents() -> None:
    from procopius.engine import _progress

    with _progress(True, 10) as advance:
        advance(3)
        advance.estimate(20)
        advance.estimate(None)  # no estimate yet: the total stays
        task = advance.bar.tasks[0]
        assert (task.completed, task.total) == (3, 20)


def test_a_dump_estimate_scales_the_finished_parts_by_their_share_of_bytes() -> None:
    from procopius.engine import DumpEstimate

    estimate = DumpEstimate(dump_bytes=1000)
    assert estimate.add(100, 40) is None  # too few parts yet
    assert estimate.add(100, 30) is None
    assert estimate.add(100, 50) == 400  # 120 documents in 30% of the bytes
    assert estimate.add(700, 0) == 120  # never fewer than the documents already seen


def test_dump_bytes_are_known_only_when_every_input_is_a_dump(
    split_dump: Path, tmp_path: Path
) -> None:
    from procopius.engine import dump_bytes

    size = split_dump.stat().st_size
    assert dump_bytes([str(split_dump)]) == size
    assert dump_bytes([str(split_dump), str(split_dump)]) == 2 * size
    other = write_jsonl_corpus(tmp_path / "c.jsonl", 1)
    assert dump_bytes([str(split_dump), str(other)]) is None
    assert dump_bytes([str(tmp_path / "missing.xml.bz2")]) is None


def test_a_worker_that_cannot_read_its_dump_part_stops_the_run_in_one_line(
    tmp_path: Path,
) -> None:
    from procopius.corpus import dump_parts
    from procopius.engine import EngineError

    dump = write_test_dump(
        example_pages(), tmp_path / "multistream.xml.bz2", multistream=True, pages_per_stream=1
    )
    parts = dump_parts(dump, 2)
    dump.unlink()  # planned here, gone where the worker reads it
    with pytest.raises(EngineError) as error:
        run_corpus([str(dump)], tmp_path / "run", RunConfig(), documents=iter(parts))
    message = str(error.value)
    assert "\n" not in message
    assert "shard 000000 failed" in message and "must be at this path" in message


def test_report_counts_documents_selection_records_and_errors(tmp_path: Path) -> None:
    corpus = write_jsonl_corpus(tmp_path / "corpus.jsonl", copies=3, bad_line=True)
    report = run_corpus([str(corpus)], tmp_path / "run", RunConfig(shard_size=4))
    records = run_records(tmp_path / "run")
    assert report["documents"] == 6
    assert report["selected"] == 3  # the examples; the river texts hold nothing about conflict
    assert report["selected_fraction"] == 0.5
    kinds: dict[str, int] = {}
    for r in records:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    assert report["records"] == kinds
    assert report["errors"]["read error"]["count"] == 1
    assert "corpus.jsonl:4" in report["errors"]["read error"]["examples"][0]
    assert report["shards"] == 2  # 6 documents and 1 read error in shards of 4
    assert report["words"] == sum(r["n_words"] for r in records if r["kind"] == "document")
    assert report["stage_seconds"]["language model"] > 0
    # only the selected examples reach the language model, not the skipped river texts
    assert 0 < report["parsed_words"] < report["words"]
    assert report["parsed_fraction"] == round(report["parsed_words"] / report["words"], 4)
    skipped = [r for r in records if r["kind"] == "document" and not r["selected"]]
    assert [r["title"] for r in skipped] == ["River 0", "River 1", "River 2"]
    saved = json.loads((tmp_path / "run" / "report.json").read_text())
    assert saved["documents"] == 6


def test_a_changed_configuration_refuses_to_resume_in_one_line(tmp_path: Path) -> None:
    corpus = write_jsonl_corpus(tmp_path / "corpus.jsonl", copies=1)
    run_corpus([str(corpus)], tmp_path / "run", RunConfig(shard_size=2))
    with pytest.raises(RunRefused) as refused:
        run_corpus(
            [str(corpus)], tmp_path / "run", RunConfig(shard_size=2, cascade=False), resume=True
        )
    message = str(refused.value)
    assert "\n" not in message
    assert "another configuration" in message and "cascade" in message
    with pytest.raises(RunRefused, match="already holds a run"):
        run_corpus([str(corpus)], tmp_path / "run", RunConfig(shard_size=2))


def test_a_half_written_shard_without_marker_is_redone(tmp_path: Path) -> None:
    corpus = write_jsonl_corpus(tmp_path / "corpus.jsonl", copies=2)
    run_corpus([str(corpus)], tmp_path / "run", RunConfig(shard_size=2))
    expected = run_records(tmp_path / "run")
    shards = tmp_path / "run" / "shards"
    (shards / "000001.done").unlink()
    (shards / "000001.jsonl").write_text('{"kind": "document", "id": "cut sh')
    (shards / ".000001.jsonl.tmp-999").write_text("left by a killed writer")
    report = run_corpus([str(corpus)], tmp_path / "run", RunConfig(shard_size=2), resume=True)
    assert (report["shards_run"], report["shards_resumed"]) == (1, 1)
    assert run_records(tmp_path / "run") == expected
    assert not list(shards.glob(".*.tmp-*"))


def test_a_killed_run_resumes_to_the_same_records(tmp_path: Path) -> None:
    corpus = write_jsonl_corpus(tmp_path / "corpus.jsonl", copies=12)
    killed = tmp_path / "killed"
    command = [
        sys.executable,
        "-m",
        "procopius.cli",
        "extract",
        str(corpus),
        "--engine",
        "serial",
        "--run-dir",
        str(killed),
        "--shard-size",
        "2",
        "--no-store",
        "--format",
        "json",
    ]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first = killed / "shards" / "000000.done"
    deadline = time.monotonic() + 120
    try:
        while not first.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    done = sorted(p.name for p in (killed / "shards").glob("*.done"))
    assert done and len(done) < 12  # killed part-way
    assert not (killed / "report.json").exists()

    report = run_corpus([str(corpus)], killed, RunConfig(shard_size=2), resume=True)
    assert report["shards_resumed"] == len(done)
    assert report["shards_run"] == 12 - len(done)

    whole = tmp_path / "whole"
    reference = run_corpus([str(corpus)], whole, RunConfig(shard_size=2))
    assert run_records(killed) == run_records(whole)
    for key in ("documents", "selected", "words", "records", "errors", "shards"):
        assert report[key] == reference[key]


def test_cli_extract_runs_a_corpus_into_the_store(dump: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    run_dir = tmp_path / "run"
    args = ["extract", str(dump), "--engine", "serial", "--run-dir", str(run_dir)]
    result = CliRunner().invoke(app, [*args, "--db", str(db), "--shard-size", "2"])
    assert result.exit_code == 0, result.output
    assert "documents: 5 (5 selected" in result.output
    report = json.loads((run_dir / "report.json").read_text())
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["config"]["cascade_unit"] == "auto"  # the default unit
    with Store(db) as store:
        counts = store.counts()
        stored_text = store.document(run_records(run_dir)[0]["id"])["text"]
    assert counts == report["records"]
    assert stored_text
    # resuming a finished run runs nothing and stores nothing twice
    again = CliRunner().invoke(app, [*args, "--db", str(db), "--shard-size", "2", "--resume"])
    assert again.exit_code == 0, again.output
    with Store(db) as store:
        assert store.counts() == counts
    refused = CliRunner().invoke(app, [*args, "--no-store", "--shard-size", "3", "--resume"])
    assert refused.exit_code == 2
    assert "another configuration" in refused.output


def test_cli_extract_without_corpus_options_is_unchanged(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", "--example", "--no-store", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["documents"] == len(example_paths())
    refused = CliRunner().invoke(app, ["extract", "--example", "--no-store", "--resume"])
    assert refused.exit_code == 2


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        (
            ["He", "was", "born", "(", "1911", ")", "in", "Paris", "."],
            "He was born (1911) in Paris.",
        ),
        (["the", "river", "'s", "source", ",", "north"], "the river's source, north"),
        (["it", "did", "n't", "rise", "by", "5", "%", "."], "it didn't rise by 5%."),
    ],
)
def test_tokens_are_joined_into_running_text(tokens: list[str], text: str) -> None:
    assert join_tokens(tokens) == text


def test_mixed_corpus_puts_ordinary_documents_between_conflict_ones() -> None:
    ordinary = [("River", ORDINARY), ("Hill", "A hill of modest height with a chapel on top.")]
    docs = list(mixed_corpus(4000, ordinary, ordinary_per_conflict=5))
    assert sum(len(d.text.split()) for d in docs) >= 4000
    assert len({d.id for d in docs}) == len(docs)
    kinds = ["ordinary" if d.source.startswith("ordinary#") else "conflict" for d in docs]
    assert kinds[:7] == ["conflict"] + ["ordinary"] * 5 + ["conflict"]
    conflict = sum(len(d.text.split()) for d, k in zip(docs, kinds, strict=True) if k == "conflict")
    share = conflict_word_fraction(docs)
    assert share == round(conflict / sum(len(d.text.split()) for d in docs), 4)
    # fewer ordinary documents per conflict one: a larger share
    assert conflict_word_fraction(mixed_corpus(4000, ordinary, ordinary_per_conflict=1)) > share


def test_engine_bench_reports_speed_memory_and_selection() -> None:
    ordinary = [("River", ORDINARY)]
    report = run_engine_bench(lambda: mixed_corpus(3000, ordinary, 3), "serial", shard_size=5)
    assert report["words"] >= 3000
    assert 0 < report["selected_fraction"] < 1
    assert report["words_per_second"] > 0
    assert report["words_per_second_per_core"] == report["words_per_second"]
    assert 0 < report["peak_rss_mb_max"] < 2048


def test_dask_engine_runs_on_an_existing_cluster_by_address(
    dump: Path, serial_run: Path, tmp_path: Path
) -> None:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        report = run_corpus(
            [str(dump)],
            tmp_path / "run",
            RunConfig(shard_size=2),
            engine="dask",
            scheduler=cluster.scheduler_address,
        )
    assert report["workers"] == 1
    assert run_records(tmp_path / "run") == run_records(serial_run)


def test_sentence_unit_selects_the_same_documents(tmp_path: Path) -> None:
    corpus = write_jsonl_corpus(tmp_path / "corpus.jsonl", copies=1)
    run_corpus([str(corpus)], tmp_path / "para", RunConfig(shard_size=4))
    run_corpus([str(corpus)], tmp_path / "sent", RunConfig(shard_size=4, cascade_unit="sentence"))
    para = run_records(tmp_path / "para")
    sent = run_records(tmp_path / "sent")
    manifest = json.loads((tmp_path / "sent" / "manifest.json").read_text())
    assert manifest["config"]["cascade_unit"] == "sentence"
    # the same documents are selected; fewer of their sentences reach the language model,
    # and what is read still gives events
    assert [r["selected"] for r in sent if r["kind"] == "document"] == [
        r["selected"] for r in para if r["kind"] == "document"
    ]
    assert any(r["kind"] == "event" for r in sent)
    assert len(sent) <= len(para)
    # the report counts the words each unit gave the language model
    reports = [json.loads((tmp_path / n / "report.json").read_text()) for n in ("sent", "para")]
    assert 0 < reports[0]["parsed_words"] <= reports[1]["parsed_words"]


def test_sentence_unit_parses_fewer_sentences_of_an_article() -> None:
    counts = []
    words = [0, 0]
    events = 0
    for text in example_texts():
        whole = Document(text=text)
        part = Document(text=text)
        before = stages.parsed_words()
        process(whole, cascade=True)
        middle = stages.parsed_words()
        events += len(process(part, cascade=True, cascade_unit="sentence").events)
        words[0] += stages.parsed_words() - middle
        words[1] += middle - before
        counts.append((len(part.layers["sentences"]), len(whole.layers["sentences"])))
    assert all(0 < some <= full for some, full in counts)
    assert sum(c[0] for c in counts) < sum(c[1] for c in counts)
    # the words given to the language model are counted, and fewer with the sentence unit
    assert 0 < words[0] < words[1]
    assert events > 0


def test_unknown_cascade_unit_is_refused_by_the_configuration() -> None:
    with pytest.raises(ValueError, match="cascade unit"):
        RunConfig(cascade_unit="word")


def test_a_local_dask_cluster_runs_its_workers_without_the_profiler() -> None:
    import dask
    import distributed  # noqa: F401 - registers its settings

    from procopius.engine import DaskEngine

    before = dask.config.get("distributed.worker.profile.enabled")
    engine = DaskEngine(workers=1)
    engine.start()
    try:
        found = engine._client.run(lambda dask_worker: sorted(dask_worker.periodic_callbacks))
    finally:
        engine.close()
    [callbacks] = found.values()
    assert callbacks and not any("profile" in name for name in callbacks)
    # the setting is the workers', not the caller's
    assert dask.config.get("distributed.worker.profile.enabled") == before
