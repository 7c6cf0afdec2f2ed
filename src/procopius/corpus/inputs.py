"""What kind of corpus input a path is, and the files of a directory tree, in sorted order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..readers import SUFFIX_FORMATS
from .compression import compression_of, inner_suffix

DUMP = "dump"
JSONL = "jsonl"
PARQUET = "parquet"
FILE = "file"

DUMP_SUFFIXES = frozenset({".xml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
STREAMED_KINDS = ".xml(.bz2), .jsonl(.gz, .zst), .parquet"


def input_kind(path: Path) -> str | None:
    """ "dump" (MediaWiki XML, maybe compressed), "jsonl" (maybe compressed), "parquet", "file"
    (one document, or a small JSON file, read whole by the single-file readers) or None for a
    file no reader knows by its name."""
    suffix = inner_suffix(path)
    if suffix in DUMP_SUFFIXES:
        return DUMP
    if suffix in JSONL_SUFFIXES:
        return JSONL
    if compression_of(path):
        return None
    if suffix in PARQUET_SUFFIXES:
        return PARQUET
    if suffix in SUFFIX_FORMATS:
        return FILE
    return None


def walk_corpus(directory: Path) -> Iterator[Path]:
    """Files of a kind known to `input_kind` under a directory, recursively, sorted by name at
    each level; hidden files and directories and symbolic links to directories are skipped."""
    for entry in sorted(directory.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if not entry.is_symlink():
                yield from walk_corpus(entry)
        elif input_kind(entry) is not None:
            yield entry
