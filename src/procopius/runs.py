"""Run directories: what a corpus run has done, on disk, so that it can be resumed and reported.

    RUN_DIR/
      manifest.json           inputs (sizes, modification times), the configuration, its hash,
                              and the versions of everything that decides the records
      shards/000000.jsonl     native records of shard 0 (or 000000.parquet)
      shards/000000.texts.jsonl  the texts of the shard's selected documents (JSONL shards)
      shards/000000.done      completion marker: counts, errors, seconds per stage
      report.json             the final report
      stored.jsonl            which shards went into which store

Every file is written to a temporary name, flushed to disk and renamed, and a shard's marker is
written last, so a run killed at any point leaves either a finished shard or one to redo.
"""

from __future__ import annotations

import hashlib
import json
import os
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, fields, is_dataclass
from pathlib import Path
from types import UnionType
from typing import IO, Any

from procopius.cascade import DEFAULT_UNIT
from procopius.records import (
    Actor,
    Claim,
    DocumentRecord,
    Event,
    RecordSet,
    Relation,
)

MANIFEST = "manifest.json"
REPORT = "report.json"
STORED_LOG = "stored.jsonl"
SHARD_FORMATS = ("jsonl", "parquet")
RUN_FORMAT = "procopius-run/1"


class RunRefused(Exception):
    """A run directory that cannot be used as asked; the message is one line for the user."""


@dataclass(frozen=True)
class RunConfig:
    """Everything, besides the input, that decides a run's records and how they are cut into
    shards. The engine and the number of workers are not part of it: they change where the
    work runs, not what it produces, so a run may be resumed on another engine."""

    cascade: bool = True
    cascade_unit: str = DEFAULT_UNIT
    shard_size: int = 200
    shard_format: str = "jsonl"
    model: str | None = None
    published: str | None = None
    max_bytes: int = 20_000_000

    def __post_init__(self) -> None:
        if self.shard_size < 1:
            raise ValueError("the shard size must be at least 1")
        from procopius.cascade import UNITS

        if self.cascade_unit not in UNITS:
            raise ValueError(f"unknown cascade unit {self.cascade_unit!r}")
        if self.shard_format not in SHARD_FORMATS:
            raise ValueError(f"unknown shard format {self.shard_format!r}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def versions(model: str | None = None) -> dict[str, str]:
    """Versions of procopius, spaCy, the spaCy pipeline and the gazetteer index."""
    from importlib import metadata

    from procopius import __version__
    from procopius.gazetteer import index_fingerprint
    from procopius.nlp import DEFAULT_MODEL

    name = model or os.environ.get("PROCOPIUS_SPACY_MODEL") or DEFAULT_MODEL
    try:
        spacy_version = metadata.version("spacy")
    except metadata.PackageNotFoundError:
        spacy_version = "unknown"
    try:
        model_version = metadata.version(name)
    except metadata.PackageNotFoundError:
        model_version = "unknown"
    return {
        "procopius": __version__,
        "spacy": spacy_version,
        "model": f"{name} {model_version}",
        "gazetteer": index_fingerprint(),
    }


def config_hash(config: RunConfig, versions: dict[str, str]) -> str:
    """A short hash of the configuration and the versions."""
    blob = json.dumps({"config": config.to_dict(), "versions": versions}, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def describe_inputs(paths: Iterable[str]) -> list[dict[str, Any]]:
    """Each input with its size and modification time (for a folder: its files' total size,
    their count and the newest modification time)."""
    out: list[dict[str, Any]] = []
    for raw in paths:
        if raw == "-":
            out.append({"path": "-"})
            continue
        path = Path(raw).expanduser().resolve()
        entry: dict[str, Any] = {"path": str(path)}
        try:
            if path.is_dir():
                size = count = 0
                newest = 0.0
                for root, _dirs, files in os.walk(path):
                    for name in files:
                        st = os.stat(os.path.join(root, name))
                        size += st.st_size
                        count += 1
                        newest = max(newest, st.st_mtime)
                entry.update(size=size, files=count, mtime=newest)
            else:
                st = path.stat()
                entry.update(size=st.st_size, mtime=st.st_mtime)
        except OSError:
            entry["missing"] = True
        out.append(entry)
    return out


# -- writing files safely ---------------------------------------------------------------------


def atomic_write(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write a file under a temporary name, flush it to disk, then rename it into place."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    _fsync_dir(path.parent)


def atomic_write_json(path: Path, data: Any) -> None:
    blob = (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    atomic_write(path, lambda fh: fh.write(blob))


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- the run directory ------------------------------------------------------------------------


class RunDir:
    """Paths and markers of one run directory."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser().absolute()
        self.shards = self.path / "shards"

    @property
    def manifest_path(self) -> Path:
        return self.path / MANIFEST

    @property
    def report_path(self) -> Path:
        return self.path / REPORT

    def shard_file(self, shard_id: int, fmt: str) -> Path:
        return self.shards / f"{shard_id:06d}.{fmt}"

    def texts_file(self, shard_id: int) -> Path:
        return self.shards / f"{shard_id:06d}.texts.jsonl"

    def marker(self, shard_id: int) -> Path:
        return self.shards / f"{shard_id:06d}.done"

    def read_manifest(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise RunRefused(f"{self.manifest_path}: unreadable manifest ({exc})") from None

    def markers(self) -> dict[int, dict[str, Any]]:
        """The completion markers present, by shard id (unreadable ones are ignored: their
        shard is redone)."""
        out: dict[int, dict[str, Any]] = {}
        if not self.shards.is_dir():
            return out
        for path in sorted(self.shards.glob("*.done")):
            try:
                out[int(path.stem)] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
        return out

    def clean_temporaries(self) -> int:
        """Remove files left half-written by a killed run."""
        n = 0
        for folder in (self.path, self.shards):
            if folder.is_dir():
                for tmp in folder.glob(".*.tmp-*"):
                    tmp.unlink(missing_ok=True)
                    n += 1
        return n

    def stored_shards(self, db: str) -> set[int]:
        """Shards already loaded into the store at `db`."""
        done: set[int] = set()
        try:
            lines = (self.path / STORED_LOG).read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return done
        for line in lines:
            try:
                row = json.loads(line)
            except ValueError:
                continue  # a line cut short by a crash
            if row.get("db") == db:
                done.add(int(row["shard"]))
        return done

    def note_stored(self, db: str, shard_id: int) -> None:
        with (self.path / STORED_LOG).open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"db": db, "shard": shard_id}) + "\n")
            fh.flush()
            os.fsync(fh.fileno())


def open_run(
    path: str | Path,
    inputs: list[str],
    config: RunConfig,
    resume: bool = False,
) -> tuple[RunDir, dict[str, Any]]:
    """Create a run directory (or, with `resume`, reopen one) and return it with its manifest.
    Refuses, with a one-line message, to resume a run made from other inputs or with another
    configuration, and to start a new run in a folder that already holds one."""
    run = RunDir(path)
    vers = versions(config.model)
    digest = config_hash(config, vers)
    described = describe_inputs(inputs)
    manifest = {
        "format": RUN_FORMAT,
        "inputs": described,
        "config": config.to_dict(),
        "versions": vers,
        "config_hash": digest,
    }
    old = run.read_manifest()
    if old is not None:
        if not resume:
            raise RunRefused(
                f"{run.path}: already holds a run; use --resume to continue it, or another --run-dir"
            )
        if old.get("config_hash") != digest:
            raise RunRefused(
                f"{run.path}: cannot resume: the run was made with another configuration "
                f"({_differences(old, manifest)}); use the same options or a new --run-dir"
            )
        if _input_keys(old.get("inputs", [])) != _input_keys(described):
            raise RunRefused(
                f"{run.path}: cannot resume: the inputs differ from the run's "
                f"({', '.join(i['path'] for i in old.get('inputs', []))}) or changed since"
            )
        run.clean_temporaries()
        return run, old
    if resume and run.path.exists() and any(run.path.iterdir()):
        raise RunRefused(f"{run.path}: nothing to resume (no {MANIFEST})")
    run.shards.mkdir(parents=True, exist_ok=True)
    run.clean_temporaries()
    atomic_write_json(run.manifest_path, manifest)
    return run, manifest


def _input_keys(inputs: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(i.get("path"), i.get("size"), i.get("files"), i.get("mtime")) for i in inputs]


def _differences(old: dict[str, Any], new: dict[str, Any]) -> str:
    parts = []
    for section in ("config", "versions"):
        a, b = old.get(section, {}), new.get(section, {})
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                parts.append(f"{key}: {a.get(key)!r} then, {b.get(key)!r} now")
    return "; ".join(parts) or "unknown difference"


# -- shard files --------------------------------------------------------------------------------


def write_shard_files(
    run: RunDir,
    shard_id: int,
    fmt: str,
    records: list[dict[str, Any]],
    texts: dict[str, str],
) -> list[Path]:
    """Write one shard's records (and the texts of its selected documents) atomically."""
    if fmt == "parquet":
        path = run.shard_file(shard_id, "parquet")
        atomic_write(path, lambda fh: _write_parquet(fh, records, texts))
        return [path]
    texts_path = run.texts_file(shard_id)
    atomic_write(
        texts_path,
        lambda fh: fh.writelines(
            (json.dumps({"doc": d, "text": t}, ensure_ascii=False) + "\n").encode("utf-8")
            for d, t in texts.items()
        ),
    )
    path = run.shard_file(shard_id, "jsonl")
    atomic_write(
        path,
        lambda fh: fh.writelines(
            (json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8") for r in records
        ),
    )
    return [texts_path, path]


def _write_parquet(fh: IO[bytes], records: list[dict[str, Any]], texts: dict[str, str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "kind": pa.array([r["kind"] for r in records], pa.string()),
            "id": pa.array([r["id"] for r in records], pa.string()),
            "doc": pa.array([r.get("doc", r["id"]) for r in records], pa.string()),
            "json": pa.array([json.dumps(r, ensure_ascii=False) for r in records], pa.string()),
            "text": pa.array(
                [texts.get(r["id"]) if r["kind"] == "document" else None for r in records],
                pa.string(),
            ),
        }
    )
    pq.write_table(table, fh, compression="zstd")


def read_shard(run: RunDir, shard_id: int, fmt: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """One finished shard's records and texts."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(run.shard_file(shard_id, "parquet"), columns=["id", "json", "text"])
        cols = table.to_pydict()
        records = [json.loads(j) for j in cols["json"]]
        texts = {i: t for i, t in zip(cols["id"], cols["text"], strict=True) if t is not None}
        return records, texts
    with run.shard_file(shard_id, "jsonl").open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    texts: dict[str, str] = {}
    texts_path = run.texts_file(shard_id)
    if texts_path.exists():
        with texts_path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    texts[row["doc"]] = row["text"]
    return records, texts


def iter_run_records(run: RunDir, fmt: str) -> Iterator[dict[str, Any]]:
    """Every record of the finished shards, in shard order."""
    for shard_id in sorted(run.markers()):
        yield from read_shard(run, shard_id, fmt)[0]


# -- native dicts back into records -------------------------------------------------------------

RECORD_TYPES: dict[str, type] = {
    "document": DocumentRecord,
    "actor": Actor,
    "event": Event,
    "claim": Claim,
    "relation": Relation,
}


def record_from_dict(data: dict[str, Any]) -> Any:
    """The record object a native dict was made from (the inverse of `records.to_dict`)."""
    cls = RECORD_TYPES.get(data.get("kind", ""))
    if cls is None:
        raise ValueError(f"unknown record kind {data.get('kind')!r}")
    return _build(cls, data)


def _build(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, UnionType):
        for arg in typing.get_args(tp):
            if is_dataclass(arg) and isinstance(value, dict):
                return _build(arg, value)
        return value
    if origin is list:
        (arg,) = typing.get_args(tp) or (Any,)
        return [_build(arg, v) for v in value]
    if is_dataclass(tp) and isinstance(tp, type):
        hints = _hints(tp)
        return tp(
            **{f.name: _build(hints[f.name], value[f.name]) for f in fields(tp) if f.name in value}
        )
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def record_set_from_dicts(records: Iterable[dict[str, Any]], texts: dict[str, str]) -> RecordSet:
    """A RecordSet rebuilt from native dicts and document texts."""
    out = RecordSet()
    lists = {
        "document": out.documents,
        "actor": out.actors,
        "event": out.events,
        "claim": out.claims,
        "relation": out.relations,
    }
    for data in records:
        lists[data["kind"]].append(record_from_dict(data))
    out.texts = {d.id: texts[d.id] for d in out.documents if d.id in texts}
    return out


def load_into_store(
    run: RunDir, fmt: str, store: Any, progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Put every finished shard into the store, one transaction per shard, in shard order;
    shards already loaded into the same store are skipped. Returns counts by kind."""
    db = str(Path(str(store.path)).resolve()) if str(store.path) != ":memory:" else ":memory:"
    done = run.stored_shards(db)
    totals: dict[str, int] = {}
    for shard_id in sorted(run.markers()):
        if shard_id in done:
            continue
        records, texts = read_shard(run, shard_id, fmt)
        counts = store.put(record_set_from_dicts(records, texts))
        for kind, n in counts.items():
            totals[kind] = totals.get(kind, 0) + n
        if db != ":memory:":
            run.note_stored(db, shard_id)
        if progress is not None:
            progress(shard_id)
    return totals
