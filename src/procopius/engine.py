"""Engines: where `process(document) -> records` runs over a whole corpus.

The input is read as a stream and cut, in input order, into shards of N documents; a
multistream dump is not read here but cut into parts of a few bzip2 streams (about N pages),
which the workers read themselves, so that decompressing and parsing the dump is spread over
them. Each shard goes through `process_shard`, the same function on every engine:

- `serial`: in this process;
- `processes`: a pool of local worker processes (spawned; each loads the models once);
- `dask`: a dask.distributed cluster, either an existing one (`scheduler="tcp://host:8786"`,
  on a laptop, SLURM or Kubernetes alike) or a local one started for the run.

`process_shard` writes the shard's records to the run directory and then its completion
marker, so a run that stops at any point is resumed by redoing the shards without a marker.
Records are content-addressed, so every engine writes the same records, shard for shard.

    report = run_corpus(["enwiki.xml.bz2"], "runs/enwiki", engine="dask", workers=8)
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from procopius.cascade import DEFAULT_UNIT
from procopius.document import Document
from procopius.runs import (
    RunConfig,
    RunDir,
    atomic_write_json,
    open_run,
    write_shard_files,
)

ENGINES = ("serial", "processes", "dask")
DEFAULT_SHARD_SIZE = 200
EXAMPLES_PER_ERROR = 3
IN_FLIGHT_PER_WORKER = 2


class EngineError(Exception):
    """An engine that cannot start or that lost its work; the message is one line."""


@dataclass(frozen=True)
class ShardOptions:
    """What a worker needs to process and write a shard."""

    run_dir: str
    config_hash: str
    cascade: bool = True
    cascade_unit: str = DEFAULT_UNIT
    model: str | None = None
    published: str | None = None
    shard_format: str = "jsonl"


@dataclass
class ShardResult:
    """What one shard held and what processing it cost; also the content of its marker."""

    shard_id: int
    config_hash: str
    input_digest: str
    documents: int = 0
    selected: int = 0
    words: int = 0
    parsed_words: int = 0  # words given to the language model
    records: dict[str, int] = field(default_factory=dict)
    errors: dict[str, dict[str, Any]] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    worker: str = ""
    peak_rss_mb: float = 0.0
    files: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- reading the corpus -------------------------------------------------------------------------


def read_corpus(
    paths: Sequence[str], max_bytes: int = 20_000_000, split_dumps: int | None = None
) -> Iterator[Any]:
    """Documents (and read errors) from the inputs, streamed in input order; with
    `split_dumps`, multistream dumps as DumpParts of that many bzip2 streams instead."""
    from procopius.corpus import iter_corpus

    return iter_corpus(list(paths), max_bytes=max_bytes, split_dumps=split_dumps)


def corpus_count_hint(paths: Sequence[str]) -> int | None:
    """An estimate of the number of documents in the inputs, when the corpus readers give one."""
    from procopius.corpus import count_hint

    try:
        n = count_hint(list(paths))
    except Exception:  # noqa: BLE001 - an estimate is optional
        return None
    return int(n) if n else None


class DumpEstimate:
    """The documents a run over multistream dumps will give, estimated again as their parts
    finish: a part's documents go with its compressed bytes, so the documents of the finished
    parts over their share of the dumps' bytes estimate the whole. The first estimate
    (`corpus_count_hint`) samples a dump's first megabytes, whose pages need not be typical
    (Wikipedia's first articles are long ones)."""

    #: parts finished before the estimate replaces the first one
    MIN_PARTS = 3

    def __init__(self, dump_bytes: int) -> None:
        self.dump_bytes = dump_bytes
        self.part_bytes = 0
        self.items = 0
        self.parts = 0

    def add(self, part_bytes: int, items: int) -> int | None:
        """Count a finished part (its compressed bytes, its documents and read errors); the
        estimate of all the dumps' documents, or None while too few parts have finished."""
        self.part_bytes += part_bytes
        self.items += items
        self.parts += 1
        if self.parts < self.MIN_PARTS or self.part_bytes <= 0:
            return None
        return max(self.items, round(self.items * self.dump_bytes / self.part_bytes))


def dump_bytes(paths: Sequence[str]) -> int | None:
    """The dumps' total size when every input is a dump file, else None."""
    from procopius.corpus.inputs import DUMP, input_kind

    total = 0
    for path in paths:
        file = Path(path)
        try:
            if not file.is_file() or input_kind(file) != DUMP:
                return None
            total += file.stat().st_size
        except OSError:
            return None
    return total or None


def is_document(item: Any) -> bool:
    return isinstance(item, Document) or hasattr(item, "text")


def is_part(item: Any) -> bool:
    """Whether an item of the input is a part of a dump that a worker reads (a DumpPart)."""
    from procopius.corpus import DumpPart

    return isinstance(item, DumpPart)


def cut_shards(items: Iterable[Any], size: int) -> Iterator[tuple[int, Any]]:
    """Consecutive shards of `size` items (documents and read errors), numbered from 0; a
    part of a dump is a shard of its own."""
    shard: list[Any] = []
    shard_id = 0
    for item in items:
        if is_part(item):
            if shard:
                yield shard_id, shard
                shard_id += 1
                shard = []
            yield shard_id, item
            shard_id += 1
            continue
        shard.append(item)
        if len(shard) >= size:
            yield shard_id, shard
            shard_id += 1
            shard = []
    if shard:
        yield shard_id, shard


def shard_digest(items: Iterable[Any]) -> str:
    """A hash of what a shard holds: its documents' ids and its read errors, or for a part
    of a dump, the dump and the byte range."""
    if is_part(items):
        return items.digest()  # type: ignore[attr-defined]
    h = hashlib.sha256()
    for item in items:
        h.update((item.id if is_document(item) else f"error:{item}").encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:16]


# -- one shard, on any engine ------------------------------------------------------------------

_SHARD_LOCK = threading.Lock()


def warm_up(model: str | None = None) -> None:
    """Load the language model, the gazetteer and the cascade's patterns into this process
    (each is cached, so this runs once per process), and set the allocator for the model's
    arrays (`procopius.allocator`)."""
    from procopius.allocator import tune_for_workers
    from procopius.cascade import paragraph_is_relevant
    from procopius.nlp import load_model
    from procopius.pipeline import gazetteer

    tune_for_workers()
    load_model(model)
    gazetteer()
    paragraph_is_relevant("")


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB."""
    try:
        import resource
    except ImportError:  # not on this platform
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def process_shard(shard_id: int, documents: Iterable[Any], options: ShardOptions) -> ShardResult:
    """Process one shard (a list of documents and read errors, or a part of a dump, read
    here) and write its records, then its completion marker, to the run directory. One bad
    document is counted as an error and the rest go on. Shards run one at a
    time in a process, so the per-stage timings belong to this shard alone."""
    from procopius import stages
    from procopius.pipeline import process_many

    with _SHARD_LOCK:
        warm_up(options.model)
        t0 = time.perf_counter()
        cpu0 = time.process_time()
        before = stages.totals()
        parsed_before = stages.parsed_words()
        result = ShardResult(
            shard_id=shard_id,
            config_hash=options.config_hash,
            input_digest=shard_digest(documents),
            worker=worker_name(),
        )
        records: list[dict[str, Any]] = []
        texts: dict[str, str] = {}
        kinds: dict[str, int] = dict.fromkeys(
            ("document", "actor", "event", "claim", "relation"), 0
        )

        def readable() -> Iterator[Any]:
            for item in documents:
                if not is_document(item):
                    _note_error(result, "read error", str(item))
                    continue
                if options.published and not item.published:
                    item.published = options.published
                yield item

        for item, found in process_many(
            readable(),
            model=options.model,
            cascade=options.cascade,
            cascade_unit=options.cascade_unit,
        ):
            item.layers.clear()  # the annotations are in the records now
            if isinstance(found, Exception):  # one bad document must not stop the rest
                name = item.source or item.title or item.id
                _note_error(result, type(found).__name__, f"{name}: {found}")
                continue
            result.documents += 1
            for doc in found.documents:
                result.words += doc.n_words
                if doc.selected:
                    result.selected += 1
                    if doc.id in found.texts:
                        texts[doc.id] = found.texts[doc.id]
            for data in found.to_dicts():
                kinds[data["kind"]] = kinds.get(data["kind"], 0) + 1
                records.append(data)
        result.records = kinds
        result.parsed_words = stages.parsed_words() - parsed_before
        after = stages.totals()
        spent = {name: after[name] - before.get(name, 0.0) for name in after}
        t_write = time.perf_counter()
        run = RunDir(options.run_dir)
        files = write_shard_files(run, shard_id, options.shard_format, records, texts)
        result.files = [f.name for f in files]
        t_end = time.perf_counter()
        spent["writing"] = t_end - t_write
        spent["first pass and other"] = max(0.0, (t_end - t0) - sum(spent.values()))
        result.stage_seconds = {k: round(v, 4) for k, v in spent.items()}
        result.seconds = round(t_end - t0, 4)
        result.cpu_seconds = round(time.process_time() - cpu0, 4)
        result.peak_rss_mb = round(peak_rss_mb(), 1)
        atomic_write_json(run.marker(shard_id), result.to_dict())
        return result


def _note_error(result: ShardResult, kind: str, message: str) -> None:
    entry = result.errors.setdefault(kind, {"count": 0, "examples": []})
    entry["count"] += 1
    if len(entry["examples"]) < EXAMPLES_PER_ERROR:
        entry["examples"].append(" ".join(message.split())[:300])


# -- engines ------------------------------------------------------------------------------------


class Engine:
    """Runs `process_shard` over shards; a context manager that starts and stops its workers."""

    name = "serial"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or 1)

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self, model: str | None = None) -> None:
        """Start the workers and load the models in each."""
        warm_up(model)

    def worker_memory(self) -> dict[str, float]:
        """Peak resident memory (MB) of each worker so far."""
        return {worker_name(): round(peak_rss_mb(), 1)}

    def map(
        self, shards: Iterable[tuple[int, Any]], options: ShardOptions
    ) -> Iterator[ShardResult]:
        for shard_id, docs in shards:
            try:
                result = process_shard(shard_id, docs, options)
            except (EngineError, KeyboardInterrupt):
                raise
            except Exception as exc:  # noqa: BLE001 - reported as every engine reports it
                raise _shard_failed(shard_id, exc) from exc
            yield result

    def close(self) -> None:
        pass


class SerialEngine(Engine):
    """Everything in this process, one shard after another."""

    def __init__(self, workers: int | None = None) -> None:
        super().__init__(1)


def _init_worker(model: str | None) -> None:
    warm_up(model)


def _worker_memory() -> tuple[str, float]:
    time.sleep(0.2)  # long enough for every worker to take one
    return worker_name(), round(peak_rss_mb(), 1)


class ProcessEngine(Engine):
    """A pool of local worker processes, started with `spawn` (safe with threads and on every
    platform); each loads the models once, in its initializer."""

    name = "processes"

    def __init__(self, workers: int | None = None, context: str = "spawn") -> None:
        super().__init__(workers or os.cpu_count() or 1)
        self.context = context
        self._pool: Any = None

    def start(self, model: str | None = None) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context(self.context),
            initializer=_init_worker,
            initargs=(model,),
        )
        self.worker_memory()

    def worker_memory(self) -> dict[str, float]:
        futures = [self._pool.submit(_worker_memory) for _ in range(self.workers)]
        return dict(f.result() for f in futures)

    def map(
        self, shards: Iterable[tuple[int, Any]], options: ShardOptions
    ) -> Iterator[ShardResult]:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        limit = self.workers * IN_FLIGHT_PER_WORKER
        pending: dict[Any, int] = {}
        try:
            for shard_id, docs in shards:
                while len(pending) >= limit:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    yield from (_result(f, pending.pop(f)) for f in done)
                pending[self._pool.submit(process_shard, shard_id, docs, options)] = shard_id
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                yield from (_result(f, pending.pop(f)) for f in done)
        except BrokenProcessPool as exc:
            raise EngineError(
                "a worker process died; the finished shards are kept, continue with --resume"
            ) from exc

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


#: Dask settings for the workers of a local cluster (an existing cluster keeps its own)
LOCAL_WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


class DaskEngine(Engine):
    """A dask.distributed cluster: an existing one at `scheduler`, or a local one with
    `workers` single-threaded worker processes. A worker plugin loads the models once in every
    worker, including workers that join later."""

    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None) -> None:
        super().__init__(workers or os.cpu_count() or 1)
        self.requested = workers
        self.scheduler = scheduler
        self._cluster: Any = None
        self._client: Any = None

    def start(self, model: str | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise EngineError("the dask engine needs dask.distributed installed") from exc
        try:
            if self.scheduler:
                self._client = Client(self.scheduler, timeout="30s")
                self._client.wait_for_workers(self.requested or 1, timeout=300)
            else:
                import dask

                # no dashboard, so nobody sees the samples of the workers' profiler, which
                # otherwise wakes every 10 ms to walk the stacks under Python's lock
                with dask.config.set(LOCAL_WORKER_CONFIG):
                    self._cluster = LocalCluster(
                        n_workers=self.workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                    )
                self._client = Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            self.close()
            where = self.scheduler or "a local cluster"
            raise EngineError(f"cannot start or reach {where} ({exc})") from exc
        self._client.register_plugin(_make_warm_up_plugin(model), name="procopius-warm-up")
        self.workers = max(1, len(self._client.nthreads()))

    def worker_memory(self) -> dict[str, float]:
        found = self._client.run(_worker_memory)
        return dict(found.values())

    def map(
        self, shards: Iterable[tuple[int, Any]], options: ShardOptions
    ) -> Iterator[ShardResult]:
        from distributed import as_completed

        limit = self.workers * IN_FLIGHT_PER_WORKER
        running = as_completed()
        ids: dict[str, int] = {}
        prefix = f"procopius-shard-{options.config_hash[:8]}"
        for shard_id, docs in shards:
            while running.count() >= limit:
                future = next(running)
                yield _result(future, ids.pop(future.key))
            future = self._client.submit(
                process_shard,
                shard_id,
                docs,
                options,
                key=f"{prefix}-{shard_id:06d}-{time.time_ns()}",
                pure=False,
            )
            ids[future.key] = shard_id
            running.add(future)
        for future in running:
            yield _result(future, ids.pop(future.key))

    def close(self) -> None:
        if self._client is not None:
            with contextlib.suppress(Exception):
                self._client.close()
            self._client = None
        if self._cluster is not None:
            with contextlib.suppress(Exception):
                self._cluster.close()
            self._cluster = None


def _result(future: Any, shard_id: int) -> ShardResult:
    """A finished shard's result; a shard that failed on its worker stops the run with a
    one-line message (the shards finished so far are kept)."""
    try:
        return future.result()
    except (EngineError, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a worker raised
        raise _shard_failed(shard_id, exc) from exc


def _shard_failed(shard_id: int, exc: BaseException) -> EngineError:
    detail = " ".join(str(exc).split())[:300]
    return EngineError(
        f"shard {shard_id:06d} failed on its worker ({type(exc).__name__}: {detail}); "
        "the finished shards are kept, continue with --resume"
    )


def _make_warm_up_plugin(model: str | None) -> Any:
    return _warm_up_plugin_class()(model)


@functools.lru_cache(maxsize=1)
def _warm_up_plugin_class() -> type:
    """A dask worker plugin that loads the models when a worker starts or joins. Built on first
    use so that importing this module does not import dask; reachable as `engine.WarmUp`."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class WarmUp(WorkerPlugin):
        name = "procopius-warm-up"

        def __init__(self, model: str | None) -> None:
            self.model = model

        def setup(self, worker: Any) -> None:
            warm_up(self.model)

    WarmUp.__module__ = __name__
    WarmUp.__qualname__ = "WarmUp"
    return WarmUp


def __getattr__(name: str) -> Any:
    if name == "WarmUp":
        return _warm_up_plugin_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def make_engine(name: str, workers: int | None = None, scheduler: str | None = None) -> Engine:
    """An engine by name: serial, processes or dask."""
    if scheduler and name != "dask":
        raise EngineError("--scheduler needs the dask engine")
    if name == "serial":
        return SerialEngine()
    if name == "processes":
        return ProcessEngine(workers)
    if name == "dask":
        return DaskEngine(workers, scheduler)
    raise EngineError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")


# -- a whole run --------------------------------------------------------------------------------


def run_corpus(
    paths: Sequence[str],
    run_dir: str | Path,
    config: RunConfig | None = None,
    *,
    engine: str | Engine = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    progress: bool = False,
    documents: Iterable[Any] | None = None,
    on_shard: Callable[[ShardResult], None] | None = None,
) -> dict[str, Any]:
    """Process a corpus into a run directory and return the run's report (also saved as
    `report.json`). `documents` replaces reading `paths` (which then only name the input in
    the manifest). With `resume`, shards finished before under the same configuration are
    kept; raises RunRefused (one-line message) when the run cannot be resumed as asked."""
    config = config or RunConfig()
    run, manifest = open_run(run_dir, list(paths), config, resume=resume)
    options = ShardOptions(
        run_dir=str(run.path),
        config_hash=manifest["config_hash"],
        cascade=config.cascade,
        cascade_unit=config.cascade_unit,
        model=config.model,
        published=config.published,
        shard_format=config.shard_format,
    )
    finished = {
        sid: m for sid, m in run.markers().items() if m.get("config_hash") == options.config_hash
    }
    if documents is not None:
        items: Iterable[Any] = documents
    else:
        from procopius.corpus import PAGES_PER_STREAM

        streams = max(1, config.shard_size // PAGES_PER_STREAM)
        items = read_corpus(paths, config.max_bytes, split_dumps=streams)
    total = corpus_count_hint(paths) if documents is None else None
    dumps = dump_bytes(paths) if documents is None else None
    estimate = DumpEstimate(dumps) if dumps else None
    part_bytes: dict[int, int] = {}  # shard id -> compressed bytes, for shards that are parts
    eng = engine if isinstance(engine, Engine) else make_engine(engine, workers, scheduler)
    session: list[ShardResult] = []
    resumed: list[int] = []
    with eng, _progress(progress, total) as advance:

        def done(shard_id: int, n: int, resumed: bool = False) -> None:
            advance(n, resumed=resumed)
            if estimate is not None and shard_id in part_bytes:
                advance.estimate(estimate.add(part_bytes.pop(shard_id), n))

        def todo() -> Iterator[tuple[int, Any]]:
            for shard_id, docs in cut_shards(items, config.shard_size):
                if is_part(docs):
                    part_bytes[shard_id] = docs.byte_length
                marker = finished.get(shard_id)
                if marker is not None and marker.get("input_digest") == shard_digest(docs):
                    resumed.append(shard_id)
                    done(shard_id, _items_done(marker), resumed=True)
                    continue
                yield shard_id, docs

        pending = todo()
        t_read = time.perf_counter()
        cpu_read = time.process_time()
        first = next(pending, None)  # the workers start only when there is work for them
        t_start = time.perf_counter()
        cpu_start = time.process_time()
        if first is not None:
            eng.start(config.model)
        t_ready = time.perf_counter()
        # the time to start the workers is reported apart; reading the first shard is work
        cpu_ready = time.process_time() - (cpu_start - cpu_read)
        t_ready -= t_start - t_read
        if first is not None:
            for result in eng.map(itertools.chain([first], pending), options):
                session.append(result)
                done(
                    result.shard_id,
                    result.documents + sum(e["count"] for e in result.errors.values()),
                )
                if on_shard is not None:
                    on_shard(result)
        t_done = time.perf_counter()
        main_cpu = time.process_time() - cpu_ready
        memory = eng.worker_memory() if first is not None else {}
    report = summarise(
        run,
        manifest,
        session,
        resumed=resumed,
        engine=eng.name,
        workers=eng.workers,
        startup_seconds=t_ready - t_read,
        wall_seconds=t_done - t_ready,
        worker_memory=memory,
        main_cpu_seconds=main_cpu,
    )
    atomic_write_json(run.report_path, report)
    return report


def _items_done(marker: dict[str, Any]) -> int:
    """The documents and read errors a finished shard held (its marker's counts)."""
    errors = marker.get("errors", {})
    return int(marker.get("documents", 0)) + sum(e.get("count", 0) for e in errors.values())


class _Advance:
    def __init__(self, bar: Any, task: Any) -> None:
        self.bar = bar
        self.task = task

    def __call__(self, n: int, resumed: bool = False) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, n)
            if resumed:
                self.bar.update(self.task, description="resuming")
            else:
                self.bar.update(self.task, description="extract")

    def estimate(self, total: int | None) -> None:
        """A better estimate of all the documents, for the bar's total and time left."""
        if self.bar is not None and total is not None:
            self.bar.update(self.task, total=total)


@contextlib.contextmanager
def _progress(enabled: bool, total: int | None) -> Iterator[_Advance]:
    """A progress bar on standard error: documents done, documents per second, time left."""
    if not enabled:
        yield _Advance(None, None)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Speed(ProgressColumn):
        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text("- docs/s" if speed is None else f"{speed:,.1f} docs/s")

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("documents"),
        Speed(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        speed_estimate_period=120,
    )
    with bar:
        yield _Advance(bar, bar.add_task("starting", total=total))


def summarise(
    run: RunDir,
    manifest: dict[str, Any],
    session: Sequence[ShardResult],
    *,
    resumed: Sequence[int] = (),
    engine: str = "serial",
    workers: int = 1,
    startup_seconds: float = 0.0,
    wall_seconds: float = 0.0,
    worker_memory: dict[str, float] | None = None,
    main_cpu_seconds: float = 0.0,
) -> dict[str, Any]:
    """The run's report: totals over every finished shard (this run's and earlier ones),
    and the speed of this run. `main_cpu_seconds` is the processor time of the run's own
    process (reading and cutting the input, collecting results): with workers elsewhere, the
    words per second of that one process are the most any number of workers can be fed."""
    markers = {
        sid: m
        for sid, m in sorted(run.markers().items())
        if m.get("config_hash") == manifest["config_hash"]
    }
    documents = sum(m["documents"] for m in markers.values())
    selected = sum(m["selected"] for m in markers.values())
    words = sum(m["words"] for m in markers.values())
    parsed_words = sum(m.get("parsed_words", 0) for m in markers.values())
    records: dict[str, int] = {}
    errors: dict[str, dict[str, Any]] = {}
    stage_seconds: dict[str, float] = {}
    for m in markers.values():
        for kind, n in m["records"].items():
            records[kind] = records.get(kind, 0) + n
        for kind, entry in m["errors"].items():
            agg = errors.setdefault(kind, {"count": 0, "examples": []})
            agg["count"] += entry["count"]
            room = EXAMPLES_PER_ERROR - len(agg["examples"])
            agg["examples"].extend(entry["examples"][: max(0, room)])
        for name, secs in m["stage_seconds"].items():
            stage_seconds[name] = stage_seconds.get(name, 0.0) + secs
    session_words = sum(r.words for r in session)
    session_cpu = sum(r.cpu_seconds for r in session)
    session_docs = sum(r.documents for r in session)
    memory = dict(worker_memory or {})
    for r in session:
        memory[r.worker] = max(memory.get(r.worker, 0.0), r.peak_rss_mb)
    wps = session_words / wall_seconds if wall_seconds else 0.0
    return {
        "run_dir": str(run.path),
        "config_hash": manifest["config_hash"],
        "engine": engine,
        "workers": workers,
        "shards": len(markers),
        "shards_run": len(session),
        "shards_resumed": len(resumed),
        "documents": documents,
        "words": words,
        "selected": selected,
        "selected_fraction": round(selected / documents, 4) if documents else 0.0,
        "parsed_words": parsed_words,
        "parsed_fraction": round(parsed_words / words, 4) if words else 0.0,
        "records": records,
        "errors": errors,
        "stage_seconds": {k: round(v, 3) for k, v in stage_seconds.items()},
        "startup_seconds": round(startup_seconds, 3),
        "wall_seconds": round(wall_seconds, 3),
        "words_per_second": round(wps),
        "words_per_second_per_core": round(wps / max(1, workers)),
        "documents_per_second": round(session_docs / wall_seconds, 2) if wall_seconds else 0.0,
        "cpu_seconds": round(session_cpu, 3),
        "words_per_cpu_second": round(session_words / session_cpu) if session_cpu else 0,
        "main_process_cpu_seconds": round(main_cpu_seconds, 3),
        "main_process_words_per_cpu_second": round(session_words / main_cpu_seconds)
        if main_cpu_seconds
        else 0,
        "peak_rss_mb_per_worker": dict(sorted(memory.items())),
    }


def default_run_dir() -> Path:
    """A new run directory under the user's cache directory."""
    from platformdirs import user_cache_dir

    stamp = time.strftime("%Y%m%d-%H%M%S")
    return Path(user_cache_dir("procopius")) / "runs" / f"{stamp}-{os.getpid()}"


def format_report(report: dict[str, Any]) -> str:
    """The report as a few readable lines."""
    docs = report["documents"]
    lines = [
        f"documents: {docs:,} ({report['selected']:,} selected, "
        f"{100 * report['selected_fraction']:.1f}%), {report['words']:,} words",
        f"read by the language model: {report.get('parsed_words', 0):,} words "
        f"({100 * report.get('parsed_fraction', 0.0):.1f}% of the words)",
        "records: " + ", ".join(f"{k} {n:,}" for k, n in report["records"].items()),
    ]
    errors = report["errors"]
    if not errors:
        lines.append("errors: none")
    for kind, entry in errors.items():
        lines.append(f"errors: {kind} {entry['count']:,}")
        lines.extend(f"  e.g. {example}" for example in entry["examples"])
    lines.append(
        "time per stage (s, all workers): "
        + ", ".join(f"{k} {v:.1f}" for k, v in report["stage_seconds"].items())
    )
    lines.append(
        f"wall time: {report['wall_seconds']:.1f} s (start-up {report['startup_seconds']:.1f} s), "
        f"engine {report['engine']} with {report['workers']} worker(s): "
        f"{report['words_per_second']:,} words/s ({report['words_per_second_per_core']:,} per "
        f"core), {report['documents_per_second']:,} documents/s"
    )
    memory = report["peak_rss_mb_per_worker"]
    if memory:
        lines.append(
            "peak memory per worker: " + ", ".join(f"{mb:,.0f} MB" for mb in memory.values())
        )
    lines.append(
        f"shards: {report['shards']:,} ({report['shards_run']:,} run now, "
        f"{report['shards_resumed']:,} resumed); report: {report['run_dir']}/report.json"
    )
    return "\n".join(lines)
