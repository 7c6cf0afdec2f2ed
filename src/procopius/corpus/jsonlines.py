"""JSON Lines corpora read line by line, plain or compressed (`.jsonl`, `.jsonl.gz`,
`.jsonl.zst`, `.jsonl.bz2`, `.jsonl.xz`): one record in memory at a time, each read by the
same rules as `read_jsonl` (a "text" field, optional "id", "title", "url", "published")."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..document import Document
from ..readers import ReadError
from ..readers.files import too_large_message
from ..readers.jsonl import record_to_document
from .compression import DECOMPRESSION_ERRORS, describe_cut, open_decompressed

SKIP_CHUNK = 1 << 20


def iter_jsonl(
    path: str | Path, *, max_bytes: int = 20_000_000, text_column: str = "text"
) -> Iterator[Document | ReadError]:
    """One document per line of a JSON Lines file, in file order. A line that cannot be read
    (not JSON, no text, longer than `max_bytes`, not UTF-8) yields a ReadError with its line
    number and the lines after it are still read; a compressed file that is cut off yields the
    lines before the cut, then a ReadError."""
    path = Path(path)
    source = str(path)
    try:
        stream = open_decompressed(path)
    except OSError as error:
        yield ReadError(source, f"cannot read: {error.strerror or error}")
        return
    with stream:
        yield from _read_lines(stream, source, max_bytes, text_column)


def _read_lines(
    stream: BinaryIO, source: str, max_bytes: int, text_column: str
) -> Iterator[Document | ReadError]:
    number = 0
    records = 0
    try:
        while True:
            raw = stream.readline(max_bytes + 1)
            if not raw:
                break
            number += 1
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                _skip_rest_of_line(stream)
                records += 1
                yield ReadError(source, _line_too_long(max_bytes), number)
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            records += 1
            yield _line_item(raw, source, number, text_column)
    except DECOMPRESSION_ERRORS as error:
        yield ReadError(source, f"{describe_cut(error)}; {number} lines read", number or None)
        return
    if records == 0:
        yield ReadError(source, "empty file")


def _line_item(raw: bytes, source: str, number: int, text_column: str) -> Document | ReadError:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = raw[error.start]
        return ReadError(
            source, f"not UTF-8 text (invalid byte 0x{bad:02x} at column {error.start + 1})", number
        )
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return ReadError(source, f"not valid JSON ({error.msg}, column {error.colno})", number)
    if text_column != "text" and isinstance(record, dict) and record.get(text_column) is None:
        return ReadError(source, f"no {text_column!r} field", number)
    return record_to_document(with_text_column(record, text_column), source, number)


def with_text_column(record: Any, text_column: str) -> Any:
    """A record whose "text" is taken from another field, when the corpus names it so."""
    if text_column == "text" or not isinstance(record, dict):
        return record
    return {**record, "text": record.get(text_column)}


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _line_too_long(max_bytes: int) -> str:
    return too_large_message(None, max_bytes).replace("input is", "line is", 1)
