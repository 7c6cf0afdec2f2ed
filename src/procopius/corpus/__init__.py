"""Whole corpora, streamed: MediaWiki XML dumps (plain, bzip2 and multistream bzip2), JSON
Lines (plain, gzip, Zstandard), Parquet with a text column, and directory trees of such files
and of single articles (text, wikitext, HTML).

    for item in iter_corpus(["enwiki-latest-pages-articles-multistream.xml.bz2", "news/"]):
        if isinstance(item, ReadError):
            log(item)                  # one page, line, row or file that could not be read
        else:
            process(item)

Inputs are read one after another in the order given (directories in sorted order), each one
incrementally, so memory holds one document at a time, not the corpus. Nothing raises: what
cannot be read yields a ReadError and the reading goes on. With `split_dumps`, multistream
dumps are not read but yielded as DumpParts, for workers to read (see `parts`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from ..document import Document
from ..readers import ReadError, iter_documents, read_path
from .dump_writer import example_pages, write_test_dump
from .hints import count_hint
from .inputs import DUMP, FILE, JSONL, PARQUET, STREAMED_KINDS, input_kind, walk_corpus
from .jsonlines import iter_jsonl
from .mediawiki import DumpPage, iter_dump, iter_dump_pages, page_document
from .multistream import dump_byte_ranges, stream_offsets
from .parquet import iter_parquet
from .parts import PAGES_PER_STREAM, DumpChanged, DumpPart, dump_parts

__all__ = [
    "PAGES_PER_STREAM",
    "DumpChanged",
    "DumpPage",
    "DumpPart",
    "count_hint",
    "dump_byte_ranges",
    "dump_parts",
    "example_pages",
    "input_kind",
    "iter_corpus",
    "iter_dump",
    "iter_dump_pages",
    "iter_jsonl",
    "iter_parquet",
    "page_document",
    "stream_offsets",
    "write_test_dump",
]

DEFAULT_MAX_BYTES = 20_000_000


def iter_corpus(
    paths: Sequence[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    text_column: str = "text",
    split_dumps: int | None = None,
) -> Iterator[Document | ReadError | DumpPart]:
    """Every document of every input, streamed, in a fixed order. `max_bytes` bounds one
    document (a dump page, a line, a row, a single file), not a whole input; `text_column` names
    the field or column that holds the text in JSON Lines and Parquet corpora. With
    `split_dumps`, each multistream dump is given as DumpParts of that many bzip2 streams
    (iterating a part reads its documents) instead of its documents."""
    for path in paths:
        if str(path) == "-":
            yield from iter_documents(["-"], max_bytes=max_bytes)
            continue
        path = Path(path)
        try:
            if path.is_dir():
                yield from _read_directory(path, max_bytes, text_column, split_dumps)
            elif path.is_file() and input_kind(path) not in (None, FILE):
                yield from _read_file(path, max_bytes, text_column, split_dumps)
            else:
                yield from iter_documents([path], max_bytes=max_bytes)
        except OSError as error:
            yield ReadError(str(path), f"cannot read: {error.strerror or error}")


def _read_directory(
    directory: Path, max_bytes: int, text_column: str, split_dumps: int | None
) -> Iterator[Document | ReadError | DumpPart]:
    found = False
    for file in walk_corpus(directory):
        found = True
        yield from _read_file(file, max_bytes, text_column, split_dumps)
    if not found:
        yield ReadError(
            str(directory), f"no readable files (.txt, .wiki, .html, {STREAMED_KINDS}) in it"
        )


def _read_file(
    path: Path, max_bytes: int, text_column: str, split_dumps: int | None = None
) -> Iterator[Document | ReadError | DumpPart]:
    kind = input_kind(path)
    parts = dump_parts(path, split_dumps, max_bytes) if kind == DUMP and split_dumps else []
    if parts:
        yield from parts
    elif kind == DUMP:
        yield from iter_dump(path, max_bytes=max_bytes)
    elif kind == JSONL:
        yield from iter_jsonl(path, max_bytes=max_bytes, text_column=text_column)
    elif kind == PARQUET:
        yield from iter_parquet(path, max_bytes=max_bytes, text_column=text_column)
    else:
        yield from read_path(path, max_bytes=max_bytes)
