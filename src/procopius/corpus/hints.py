"""Cheap estimates of a corpus's number of documents, for progress bars: Parquet footers,
file counts, and for line and dump files a count over their first megabytes scaled to their
size. Nothing here reads a whole large input."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from .compression import DECOMPRESSION_ERRORS, read_head
from .inputs import DUMP, FILE, JSONL, PARQUET, input_kind, walk_corpus
from .parquet import parquet_rows

SAMPLE_BYTES = 2 << 20
PAGE_RE = re.compile(rb"<page>.*?</page>", re.S)
NAMESPACE_RE = re.compile(rb"<ns>\s*(\d+)\s*</ns>")
REDIRECT_RE = re.compile(rb"<redirect\b|<text\b[^>]*>\s*#\s*redirect\b", re.I)

Counter = Callable[[bytes], tuple[int, int]]


def count_hint(paths: Sequence[str | Path]) -> int | None:
    """About how many documents `iter_corpus(paths)` will yield, or None when that cannot be
    known cheaply (standard input, a missing path, an unreadable file). Exact for Parquet
    files, single articles and inputs smaller than a few megabytes; an estimate for larger JSON
    Lines files and dumps."""
    total = 0
    for path in paths:
        if str(path) == "-":
            return None
        hint = _path_hint(Path(path))
        if hint is None:
            return None
        total += hint
    return total


def _path_hint(path: Path) -> int | None:
    try:
        if path.is_dir():
            total = 0
            for file in walk_corpus(path):
                hint = _file_hint(file)
                if hint is None:
                    return None
                total += hint
            return total
        if path.is_file():
            return _file_hint(path)
    except (OSError, ValueError):
        return None
    return None


def _file_hint(path: Path) -> int | None:
    kind = input_kind(path)
    try:
        if kind == PARQUET:
            return parquet_rows(path)
        if kind == JSONL:
            return _sampled_count(path, _count_lines)
        if kind == DUMP:
            return _sampled_count(path, _count_articles)
        if kind == FILE and path.suffix.lower() == ".json":
            with path.open("rb") as stream:
                return (
                    1 if stream.read(64).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else None
                )
    except (OSError, ValueError, *DECOMPRESSION_ERRORS):
        return None
    except Exception:  # noqa: BLE001 - a damaged file gives no hint; reading it will say why
        return None
    return 1


def _sampled_count(path: Path, count: Counter) -> int | None:
    """Units counted in the first SAMPLE_BYTES of the uncompressed content, scaled by the share
    of the file those bytes came from."""
    size = path.stat().st_size
    sample, consumed, whole = read_head(path, SAMPLE_BYTES)
    units, used = count(sample + b"\n" if whole else sample)
    if whole:
        return units
    if not units or not used or not consumed:
        return None
    uncompressed = len(sample) * size / consumed
    return round(units / used * uncompressed)


def _count_lines(sample: bytes) -> tuple[int, int]:
    used = sample.rfind(b"\n") + 1 or len(sample)
    lines = sum(1 for line in sample[:used].split(b"\n") if line.strip())
    return lines, used


def _count_articles(sample: bytes) -> tuple[int, int]:
    articles = 0
    used = 0
    for match in PAGE_RE.finditer(sample):
        used = match.end()
        page = match.group()
        namespace = NAMESPACE_RE.search(page)
        if namespace is not None and namespace.group(1) != b"0":
            continue
        if REDIRECT_RE.search(page):
            continue
        articles += 1
    return articles, used
