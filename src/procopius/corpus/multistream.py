"""Byte ranges of a multistream bzip2 dump, so that several workers can each read their own
part of one dump: a multistream file is a series of independent bzip2 streams (the header,
then about 100 pages each, then the footer), and any run of whole streams can be decompressed
on its own.

    for start, stop in dump_byte_ranges(dump, 8):
        submit(read_part, dump, (start, stop))     # iter_dump_pages(dump, byte_range=...)

The streams are found from the index Wikipedia publishes beside the dump
(`...-multistream-index.txt.bz2`, lines of `offset:page_id:title`) or, without it, by scanning
the file for the bytes that open a bzip2 stream.
"""

from __future__ import annotations

import bisect
import bz2
import io
import re
from pathlib import Path
from typing import BinaryIO

STREAM_START_RE = re.compile(rb"BZh[1-9]\x31\x41\x59\x26\x53\x59")
SCAN_CHUNK = 8 << 20
HEADER_LIMIT = 1 << 20
MEDIAWIKI_CLOSE = b"</mediawiki>\n"


def index_path(dump: str | Path) -> Path:
    """Where Wikipedia puts a multistream dump's index: `X-multistream.xml.bz2` has
    `X-multistream-index.txt.bz2` beside it."""
    dump = Path(dump)
    name = dump.name
    for suffix in (".xml.bz2", ".bz2"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return dump.with_name(f"{name}-index.txt.bz2")


def stream_offsets(dump: str | Path) -> list[int]:
    """The byte offsets at which the dump's bzip2 streams start, 0 (the header) first. From
    the index beside the dump when there is one (it lists the page streams), otherwise from
    a scan of the whole file."""
    dump = Path(dump)
    index = index_path(dump)
    if index.is_file():
        offsets: set[int] = {0}
        with bz2.open(index, "rt", encoding="utf-8") as lines:
            for line in lines:
                head = line.split(":", 1)[0]
                if head.isdigit():
                    offsets.add(int(head))
        return sorted(offsets)
    return _scan_offsets(dump)


def dump_byte_ranges(dump: str | Path, parts: int) -> list[tuple[int, int | None]]:
    """Up to `parts` byte ranges `(start, stop)` of about equal size that cover the dump, each
    starting where a bzip2 stream starts (`stop` None: to the end of the file). The first
    range starts at 0; a dump of one stream (not multistream) is one range."""
    if parts < 1:
        raise ValueError("parts must be at least 1")
    dump = Path(dump)
    offsets = stream_offsets(dump) if dump.name.lower().endswith(".bz2") else [0]
    size = dump.stat().st_size
    bounds = [0]
    for part in range(1, parts):
        target = size * part // parts
        at = bisect.bisect_left(offsets, target)
        if at < len(offsets) and offsets[at] > bounds[-1]:
            bounds.append(offsets[at])
    return [
        (start, bounds[i + 1] if i + 1 < len(bounds) else None) for i, start in enumerate(bounds)
    ]


def open_dump_range(dump: Path, start: int, stop: int | None) -> BinaryIO:
    """The XML of the streams in `[start, stop)`, as a stream that parses on its own: the
    dump's header (root element and site information) in front when the range does not start
    the file, and the closing root tag behind when it does not end it."""
    raw = dump.open("rb")
    try:
        parts: list[BinaryIO] = []
        if start > 0:
            parts.append(io.BytesIO(_header(raw)))
        raw.seek(start)
        window = _Window(raw, None if stop is None else stop - start)
        parts.append(bz2.BZ2File(window, "rb"))  # type: ignore[arg-type]
        if stop is not None:
            parts.append(io.BytesIO(MEDIAWIKI_CLOSE))
    except BaseException:
        raw.close()
        raise
    return _Chain(parts, raw)  # type: ignore[return-value]


def _header(raw: BinaryIO) -> bytes:
    """The decompressed first stream, up to its first page."""
    raw.seek(0)
    decompressor = bz2.BZ2Decompressor()
    pieces: list[bytes] = []
    while not decompressor.eof:
        chunk = raw.read(65536)
        if not chunk:
            raise EOFError("the dump's first stream is cut off")
        pieces.append(decompressor.decompress(chunk))
        if sum(len(p) for p in pieces) > HEADER_LIMIT:
            break
    header = b"".join(pieces)
    page = header.find(b"<page>")
    return header if page < 0 else header[:page]


def _scan_offsets(dump: Path) -> list[int]:
    offsets = [0]
    overlap = 9
    with dump.open("rb") as raw:
        position = 0
        tail = b""
        while chunk := raw.read(SCAN_CHUNK):
            data = tail + chunk
            base = position - len(tail)
            for match in STREAM_START_RE.finditer(data):
                offset = base + match.start()
                if offset > offsets[-1]:
                    offsets.append(offset)
            position += len(chunk)
            tail = data[-overlap:]
    return offsets


class _Window:
    """At most `limit` bytes of a file from its current position (all of it when None)."""

    def __init__(self, raw: BinaryIO, limit: int | None) -> None:
        self._raw = raw
        self._left = limit

    def read(self, size: int = -1) -> bytes:
        if self._left is None:
            return self._raw.read(size)
        if size < 0 or size > self._left:
            size = self._left
        data = self._raw.read(size)
        self._left -= len(data)
        return data


class _Chain:
    """Several binary streams read one after the other; closing it closes them and `raw`."""

    def __init__(self, parts: list[BinaryIO], raw: BinaryIO) -> None:
        self._parts = parts
        self._raw = raw

    def read1(self, size: int = -1) -> bytes:
        while self._parts:
            data = self._parts[0].read1(size if size > 0 else io.DEFAULT_BUFFER_SIZE)
            if data:
                return data
            self._parts.pop(0).close()
        return b""

    read = read1

    def close(self) -> None:
        for part in self._parts:
            part.close()
        self._raw.close()

    def __enter__(self) -> _Chain:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
