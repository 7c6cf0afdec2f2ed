"""The `procopius` command: a thin layer over the Python API."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from procopius import __version__

app = typer.Typer(
    name="procopius",
    help=(
        "Read articles and news about armed conflict into a structured, source-attributed "
        "record: actor profiles, events typed in ACLED's taxonomy, and claims with their "
        "claimants. Every value points to the characters of the text it came from."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Measure extraction against gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

out_console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class ExportFormat(StrEnum):
    native = "native"
    acled = "acled"
    ucdp = "ucdp"
    plover = "plover"
    geojson = "geojson"


class SummaryFormat(StrEnum):
    summary = "summary"
    native = "native"
    json = "json"


class EngineName(StrEnum):
    serial = "serial"
    processes = "processes"
    dask = "dask"


class CascadeUnit(StrEnum):
    auto = "auto"
    paragraph = "paragraph"
    sentence = "sentence"


CascadeUnitOption = Annotated[
    CascadeUnit,
    typer.Option(
        "--cascade-unit",
        help="What the cascade reads of a selected document. auto: whole paragraphs of a "
        "document dense in conflict words, only the sentences with conflict vocabulary of a "
        "sparse one; paragraph: whole paragraphs always (most words read, fewest events lost); "
        "sentence: only those sentences always (fewest words, most events lost).",
    ),
]


class ShardFormat(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", help="SQLite store (default: the user's data directory, or $PROCOPIUS_DB)."
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("-o", "--output", help="Write to FILE instead of standard output."),
]


def _open_store(db: Path | None):  # type: ignore[no-untyped-def]
    from procopius.store import Store, StoreError

    path = db or Store.default_path()
    try:
        return Store(path)
    except StoreError as exc:
        err_console.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc


def _version(value: bool) -> None:
    if value:
        out_console.print(f"procopius {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """procopius: actors, events and claims from conflict reporting."""


@app.command()
def extract(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files or folders to read (.txt, .wiki, .html, .jsonl); '-' reads standard input."
        ),
    ] = None,
    example: Annotated[
        bool, typer.Option("--example", help="Read the built-in example articles instead of PATHs.")
    ] = False,
    db: DbOption = None,
    fmt: Annotated[
        SummaryFormat,
        typer.Option(
            "--format",
            "-f",
            help="summary: a readable profile, event table and claims; native: the records as JSON Lines; json: counts.",
        ),
    ] = SummaryFormat.summary,
    no_store: Annotated[
        bool, typer.Option("--no-store", help="Print only; do not write the store.")
    ] = False,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", help="Refuse input files larger than this many bytes.")
    ] = 20_000_000,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date (YYYY-MM-DD) for texts that lack one; relative dates resolve against it.",
        ),
    ] = None,
    engine: Annotated[
        EngineName | None,
        typer.Option(
            "--engine",
            help="Process a corpus in shards, in a run directory: serial (this process), "
            "processes (local worker processes) or dask (a Dask cluster).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Worker processes (default: one per core)."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Address of an existing Dask scheduler (tcp://host:8786); implies --engine dask.",
        ),
    ] = None,
    run_dir: Annotated[
        Path | None,
        typer.Option(
            "--run-dir",
            help="Run directory for a corpus run (default: a new folder in the user's cache "
            "directory).",
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume", help="Continue the run in --run-dir, skipping its finished shards."
        ),
    ] = False,
    cascade: Annotated[
        bool | None,
        typer.Option(
            "--cascade/--no-cascade",
            help="A cheap first pass skips documents with nothing about conflict (default: on "
            "for corpus runs, off otherwise).",
        ),
    ] = None,
    cascade_unit: CascadeUnitOption = CascadeUnit.auto,
    shard_size: Annotated[
        int,
        typer.Option(
            "--shard-size",
            min=1,
            help="Documents per shard in a corpus run; a multistream dump is cut into parts "
            "of about this many pages (whole streams of 100), which the workers read.",
        ),
    ] = 200,
    shard_format: Annotated[
        ShardFormat,
        typer.Option("--shard-format", help="Shard files of a corpus run: jsonl or parquet."),
    ] = ShardFormat.jsonl,
) -> None:
    """Read articles, print what was found and store the records (re-reading a document
    replaces its records). With --engine or --run-dir, read a whole corpus (MediaWiki dumps,
    JSON Lines, Parquet, folders) in resumable shards, then load them into the store."""
    from procopius.pipeline import process
    from procopius.readers import iter_documents
    from procopius.records import RecordSet
    from procopius.samples import example_paths
    from procopius.summary import render_summary

    sources: list[str] = [str(p) for p in example_paths()] if example else list(paths or [])
    if not sources:
        err_console.print("error: give one or more PATHs, or --example", markup=False)
        raise typer.Exit(2)
    if engine is not None or run_dir is not None or scheduler is not None:
        _extract_corpus(
            sources,
            engine=EngineName.dask if engine is None and scheduler else engine or EngineName.serial,
            workers=workers,
            scheduler=scheduler,
            run_dir=run_dir,
            resume=resume,
            cascade=True if cascade is None else cascade,
            cascade_unit=cascade_unit.value,
            shard_size=shard_size,
            shard_format=shard_format.value,
            published=published,
            max_bytes=max_bytes,
            db=None if no_store else db,
            store=not no_store,
            fmt=fmt,
        )
        return
    if resume or workers is not None:
        err_console.print("error: --resume and --workers need --engine or --run-dir", markup=False)
        raise typer.Exit(2)
    store = None if no_store else _open_store(db)
    read_ok = 0
    errors = 0
    total = RecordSet()
    from procopius.progress import progress_bar

    with progress_bar(enabled=fmt is SummaryFormat.summary and len(sources) > 1) as bar:
        task = bar.add_task("reading", total=None)
        for item in iter_documents(sources, max_bytes=max_bytes):
            if not hasattr(item, "text"):
                errors += 1
                err_console.print(f"error: {item}", markup=False)
                continue
            if published and not item.published:
                item.published = published
            try:
                records = process(item, cascade=bool(cascade), cascade_unit=cascade_unit.value)
            except Exception as exc:  # noqa: BLE001 - one bad document must not stop the rest
                errors += 1
                err_console.print(
                    f"error: {item.source or item.title}: could not be processed: {exc}",
                    markup=False,
                )
                continue
            if store is not None:
                store.put(records)
            total.extend(records)
            read_ok += 1
            bar.advance(task)
    if fmt is SummaryFormat.native:
        sys.stdout.write(total.to_jsonl())
    elif fmt is SummaryFormat.json:
        sys.stdout.write(
            json.dumps(
                {
                    "documents": len(total.documents),
                    "actors": len(total.actors),
                    "events": len(total.events),
                    "claims": len(total.claims),
                    "relations": len(total.relations),
                    "errors": errors,
                }
            )
            + "\n"
        )
    else:
        out_console.print(render_summary(total), markup=False)
        if store is not None:
            out_console.print(f"stored {read_ok} document(s) in {store.path}", markup=False)
    if store is not None:
        store.close()
    if read_ok == 0:
        raise typer.Exit(1)


def _extract_corpus(
    sources: list[str],
    *,
    engine: EngineName,
    workers: int | None,
    scheduler: str | None,
    run_dir: Path | None,
    resume: bool,
    cascade: bool,
    cascade_unit: str,
    shard_size: int,
    shard_format: str,
    published: str | None,
    max_bytes: int,
    db: Path | None,
    store: bool,
    fmt: SummaryFormat,
) -> None:
    """`extract` over a corpus: shards into a run directory, then into the store."""
    from procopius.engine import EngineError, default_run_dir, format_report, run_corpus
    from procopius.runs import RunConfig, RunDir, RunRefused, iter_run_records, load_into_store

    if resume and run_dir is None:
        err_console.print("error: --resume needs the --run-dir of the run", markup=False)
        raise typer.Exit(2)
    folder = run_dir or default_run_dir()
    config = RunConfig(
        cascade=cascade,
        cascade_unit=cascade_unit,
        shard_size=shard_size,
        shard_format=shard_format,
        published=published,
        max_bytes=max_bytes,
    )
    opened = _open_store(db) if store else None
    err_console.print(f"run directory: {folder}", markup=False)
    try:
        report = run_corpus(
            sources,
            folder,
            config,
            engine=engine.value,
            workers=workers,
            scheduler=scheduler,
            resume=resume,
            progress=err_console.is_terminal,
        )
    except (RunRefused, EngineError) as exc:
        err_console.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    except KeyboardInterrupt:
        err_console.print(f"interrupted; continue with --run-dir {folder} --resume", markup=False)
        raise typer.Exit(130) from None
    if opened is not None:
        load_into_store(RunDir(folder), shard_format, opened)
        opened.close()
    if fmt is SummaryFormat.native:
        for record in iter_run_records(RunDir(folder), shard_format):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt is SummaryFormat.json:
        sys.stdout.write(json.dumps(report) + "\n")
    else:
        out_console.print(format_report(report), markup=False)
        if opened is not None:
            out_console.print(
                f"stored {report['documents']} document(s) in {opened.path}", markup=False
            )
    if report["documents"] == 0:
        raise typer.Exit(1)


@app.command()
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="native (JSON Lines), acled (CSV), ucdp (GED CSV), plover (JSON Lines), geojson.",
        ),
    ] = ExportFormat.native,
    output: OutputOption = None,
    db: DbOption = None,
) -> None:
    """Export every stored record in one format."""

    n = _write_export(_stored_records(db), fmt, output)
    if output is not None:
        err_console.print(f"wrote {n} row(s) to {output}", markup=False)


def _stored_records(db: Path | None) -> list[dict]:
    """Every record of the store, read at once so that the store is closed afterwards."""
    store = _open_store(db)
    try:
        return list(store.records())
    finally:
        store.close()


def _write_export(records: list[dict], fmt: ExportFormat, output: Path | None) -> int:
    """Records in one format to standard output, or to FILE through a temporary name so that
    an interrupted export never leaves a half-written file."""
    from procopius.exports import export as run_export

    if output is None:
        return run_export(records, fmt.value, sys.stdout)
    tmp = output.with_name(output.name + ".part")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        n = run_export(records, fmt.value, fh)
    tmp.replace(output)
    return n


@app.command()
def merge(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="native (JSON Lines, with the merge records) or any export format.",
        ),
    ] = ExportFormat.native,
    output: OutputOption = None,
    db: DbOption = None,
) -> None:
    """Merge the stored records across documents: one actor per organisation, one event per
    happening, and a `merge` record for each merge. The store is not changed."""
    from procopius.merge import merge_records

    records = merge_records(_stored_records(db))
    merges = sum(1 for r in records if r.get("kind") == "merge")
    n = _write_export(records, fmt, output)
    if output is not None:
        err_console.print(f"wrote {n} row(s) to {output} ({merges} merge(s))", markup=False)


@app.command()
def show(
    ident: Annotated[
        str, typer.Argument(help="An event, claim or actor id, or an actor's name or alias.")
    ],
    db: DbOption = None,
) -> None:
    """Print one record with its evidence highlighted in its sentence."""
    from procopius.summary import render_record

    store = _open_store(db)
    record = store.get(ident)
    if record is None:
        found = store.find_actor(ident)
        record = found[0] if found else None
    if record is None:
        store.close()
        err_console.print(
            f"error: no record or actor named {ident!r} in {store.path}", markup=False
        )
        raise typer.Exit(1)
    doc = store.document(record.get("doc", "")) if record.get("doc") else None
    store.close()
    out_console.print(render_record(record, doc["text"] if doc else None))


@eval_app.command("articles")
def eval_articles(
    paths: Annotated[
        list[Path], typer.Argument(help="Gold files (*.gold.json) or folders holding them.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score the pipeline against article gold files (format article-gold/1)."""
    from procopius.evaluation.articles import GoldError, format_table, score_files
    from procopius.pipeline import process
    from procopius.readers import read_text

    def run(text: str, published: str | None, name: str) -> list[dict]:
        return process(
            read_text(text, title="", source=name, published=published, fmt="plain")
        ).to_dicts()

    try:
        result = score_files(paths, run)
    except GoldError as exc:
        err_console.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    if as_json:
        sys.stdout.write(json.dumps(result, indent=1) + "\n")
    else:
        sys.stdout.write(format_table(result) + "\n")


@app.command()
def bench(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files or folders to read; default: a corpus built from the built-in examples."
        ),
    ] = None,
    words: Annotated[
        int, typer.Option("--words", help="Size of the built corpus in words.")
    ] = 100_000,
    runs: Annotated[int, typer.Option("--runs", help="Timed runs; the median is reported.")] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    engine: Annotated[
        EngineName | None,
        typer.Option(
            "--engine",
            help="Measure a corpus run on an engine (one timed run; start-up reported apart).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Worker processes (default: one per core)."),
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Address of an existing Dask scheduler.")
    ] = None,
    speedup: Annotated[
        bool,
        typer.Option("--speedup", help="Run with 1 worker, then with --workers, and compare."),
    ] = False,
    cascade: Annotated[
        bool | None,
        typer.Option(
            "--cascade/--no-cascade",
            help="Use the cascade's first pass (default: on with --engine, off otherwise).",
        ),
    ] = None,
    cascade_unit: CascadeUnitOption = CascadeUnit.auto,
    shard_size: Annotated[
        int,
        typer.Option(
            "--shard-size",
            min=1,
            help="Documents per shard with --engine (pages per part of a multistream dump).",
        ),
    ] = 200,
    mix_redocred: Annotated[
        Path | None,
        typer.Option(
            "--mix-redocred",
            help="Mix the examples with the Wikipedia introductions of a Re-DocRED file "
            "(e.g. dev_revised.json), read from there and repeated up to --words.",
        ),
    ] = None,
    ordinary_per_conflict: Annotated[
        int,
        typer.Option(
            "--ordinary-per-conflict",
            min=0,
            help="Ordinary documents after each conflict document in the mixed corpus.",
        ),
    ] = 50,
    from_dump: Annotated[
        bool,
        typer.Option(
            "--from-dump",
            help="With --engine and no paths: first write the built corpus as a multistream "
            "Wikipedia dump in a temporary folder, and run the engine over the dump (its "
            "workers read and parse the dump's parts, as in a run over a real dump).",
        ),
    ] = False,
    read_only: Annotated[
        bool,
        typer.Option(
            "--read-only",
            help="Measure only the reading of the inputs (no pipeline): the most words per "
            "second a corpus run can be given. Without paths, the built corpus is first "
            "written as a multistream Wikipedia dump in a temporary folder.",
        ),
    ] = False,
) -> None:
    """Measure the pipeline's speed: words and documents per second on one core, and peak
    memory. Nothing is stored. With --engine: words per second in total and per core, peak
    memory per worker and the cascade's selected fraction of a corpus run."""
    from procopius.bench import built_corpus, redocred_introductions, run_bench
    from procopius.readers import iter_documents

    ordinary: list[tuple[str, str]] = []
    if mix_redocred is not None:
        try:
            ordinary = redocred_introductions(mix_redocred)
        except (OSError, ValueError) as exc:
            err_console.print(f"error: {mix_redocred}: cannot read ({exc})", markup=False)
            raise typer.Exit(2) from exc
    if read_only:
        _bench_reading(paths, ordinary, words, ordinary_per_conflict, as_json)
        return
    if engine is not None or speedup or scheduler is not None:
        _bench_engine(
            paths,
            ordinary,
            words=words,
            ordinary_per_conflict=ordinary_per_conflict,
            engine=EngineName.dask if engine is None and scheduler else engine or EngineName.serial,
            workers=workers,
            scheduler=scheduler,
            speedup=speedup,
            cascade=True if cascade is None else cascade,
            cascade_unit=cascade_unit.value,
            shard_size=shard_size,
            from_dump=from_dump,
            as_json=as_json,
        )
        return
    if from_dump:
        err_console.print("error: --from-dump needs --engine", markup=False)
        raise typer.Exit(2)
    if paths:
        docs = [d for d in iter_documents(paths) if hasattr(d, "text")]
    else:
        docs = list(built_corpus(words, ordinary, ordinary_per_conflict))
    if not docs:
        err_console.print("error: no documents to measure", markup=False)
        raise typer.Exit(1)
    result = run_bench(docs, runs=runs, cascade=bool(cascade), cascade_unit=cascade_unit.value)
    figures = result.to_dict()
    if as_json:
        sys.stdout.write(json.dumps(figures) + "\n")
        return
    stage_rows = figures.pop("stages")
    for key, value in figures.items():
        out_console.print(f"{key:>22}: {value}", markup=False)
    out_console.print("per stage (one core):", markup=False)
    for name, row in stage_rows.items():
        wps = row["words_per_second"]
        out_console.print(
            f"{name:>22}: {row['seconds_per_run']:8.3f} s/run  {wps if wps is not None else '-':>10} words/s",
            markup=False,
        )


def _bench_reading(
    paths: list[str] | None,
    ordinary: list[tuple[str, str]],
    words: int,
    ordinary_per_conflict: int,
    as_json: bool,
) -> None:
    """`bench --read-only`: how fast the inputs are streamed, without the pipeline."""
    import tempfile

    from procopius.bench import built_corpus, run_read_bench, write_corpus_dump

    with tempfile.TemporaryDirectory(prefix="procopius-bench-") as tmp:
        if not paths:
            dump = Path(tmp) / "bench-pages-articles-multistream.xml.bz2"
            docs = built_corpus(words, ordinary, ordinary_per_conflict)
            paths = [str(write_corpus_dump(docs, dump))]
        figures = run_read_bench(paths)
    if as_json:
        sys.stdout.write(json.dumps(figures) + "\n")
        return
    for key, value in figures.items():
        out_console.print(f"{key:>22}: {value}", markup=False)


def _bench_engine(
    paths: list[str] | None,
    ordinary: list[tuple[str, str]],
    *,
    words: int,
    ordinary_per_conflict: int,
    engine: EngineName,
    workers: int | None,
    scheduler: str | None,
    speedup: bool,
    cascade: bool,
    cascade_unit: str,
    shard_size: int,
    from_dump: bool,
    as_json: bool,
) -> None:
    """`bench --engine`: one timed corpus run per worker count."""
    import os
    import tempfile

    from procopius.bench import (
        built_corpus,
        conflict_word_fraction,
        run_engine_bench,
        write_corpus_dump,
    )
    from procopius.bench import speedup as speedup_of
    from procopius.engine import EngineError

    def documents():  # type: ignore[no-untyped-def]
        return built_corpus(words, ordinary, ordinary_per_conflict)

    if speedup and engine is EngineName.serial:
        err_console.print("error: --speedup needs --engine processes or dask", markup=False)
        raise typer.Exit(2)
    if from_dump and paths:
        err_console.print("error: --from-dump builds its corpus: give no paths", markup=False)
        raise typer.Exit(2)
    many = workers or os.cpu_count() or 1
    counts = [1, many] if speedup else [many]
    results = []
    with tempfile.TemporaryDirectory(prefix="procopius-bench-") as tmp:
        inputs = list(paths or ())
        if from_dump:
            dump = Path(tmp) / "bench-pages-articles-multistream.xml.bz2"
            inputs = [str(write_corpus_dump(documents(), dump))]
        for n in counts:
            try:
                results.append(
                    run_engine_bench(
                        None if inputs else documents,
                        engine.value,
                        n,
                        paths=inputs,
                        cascade=cascade,
                        cascade_unit=cascade_unit,
                        shard_size=shard_size,
                        scheduler=scheduler,
                    )
                )
            except EngineError as exc:
                err_console.print(f"error: {exc}", markup=False)
                raise typer.Exit(2) from exc
    figures: dict = {
        "engine": engine.value,
        "cascade": cascade,
        "cascade_unit": cascade_unit if cascade else None,
        "runs": results,
    }
    if speedup:
        figures["speedup"] = speedup_of(results[0], results[-1])
    if ordinary and not paths:
        # the words a first pass that read only the conflict articles would parse
        figures["conflict_word_fraction"] = conflict_word_fraction(documents())
    if as_json:
        sys.stdout.write(json.dumps(figures) + "\n")
        return
    keys = (
        "workers",
        "documents",
        "words",
        "selected_fraction",
        "parsed_fraction",
        "startup_seconds",
        "wall_seconds",
        "words_per_second",
        "words_per_second_per_core",
        "documents_per_second",
        "words_per_cpu_second",
        "main_process_words_per_cpu_second",
        "peak_rss_mb_max",
    )
    for result in results:
        out_console.print(
            f"engine {engine.value}, cascade {f'on ({cascade_unit})' if cascade else 'off'}:",
            markup=False,
        )
        for key in keys:
            out_console.print(f"{key:>26}: {result[key]}", markup=False)
        out_console.print(
            f"{'peak_rss_mb_per_worker':>26}: {result['peak_rss_mb_per_worker']}", markup=False
        )
        out_console.print(f"{'stage_seconds':>26}: {result['stage_seconds']}", markup=False)
    if speedup:
        out_console.print(
            f"{'speedup':>26}: {figures['speedup']} ({many} workers over 1)", markup=False
        )
    if "conflict_word_fraction" in figures:
        out_console.print(
            f"{'conflict_word_fraction':>26}: {figures['conflict_word_fraction']} "
            "(words of the conflict articles in the mixed corpus)",
            markup=False,
        )


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Explore the store in a browser: a map, a timeline, event cards, actor pages and
    documents, with the HTTP API under /api and its docs at /docs. Read-only."""
    from procopius.store import Store, StoreError
    from procopius.web import serve as run_server

    path = db or Store.default_path()
    try:
        run_server(path, host=host, port=port)
    except StoreError as exc:
        err_console.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc


def _dataset_command(name: str, module: Any) -> Callable[..., None]:
    """The `procopius eval NAME PATH` command of one data-set scorer (the module is held by
    the closure, so it is no option of the command)."""

    def command(
        path: Annotated[Path, typer.Argument(help="The data set's folder or file.")],
        as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
        limit: Annotated[
            int | None, typer.Option("--limit", help="Score only the first N documents.")
        ] = None,
    ) -> None:
        if not path.exists():
            err_console.print(f"error: {path}: no such file or folder", markup=False)
            raise typer.Exit(2)
        try:
            result = module.evaluate(path, limit=limit)
        except (ValueError, OSError) as exc:
            err_console.print(f"error: {path}: {exc}", markup=False)
            raise typer.Exit(2) from exc
        if as_json:
            sys.stdout.write(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(module.format_result(result) + "\n")

    command.__doc__ = getattr(module, "DESCRIPTION", f"Score against {name}.")
    return command


def _register_dataset_commands() -> None:
    """One `procopius eval NAME PATH` command per installed data-set scorer."""
    from procopius.evaluation.datasets import available

    for name, module in available().items():
        eval_app.command(name)(_dataset_command(name, module))


_register_dataset_commands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
