"""Opening a file for streamed reading whatever its compression, chosen by its last suffix:
bzip2 (multi-stream files included), gzip, Zstandard, xz, or none."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib
from pathlib import Path
from typing import Any, BinaryIO

import zstandard

COMPRESSED_SUFFIXES = (".bz2", ".gz", ".zst", ".xz")
HEAD_CHUNK = 16384

# What a cut-off or damaged compressed file raises while it is being read.
DECOMPRESSION_ERRORS: tuple[type[Exception], ...] = (
    EOFError,
    OSError,
    zlib.error,
    lzma.LZMAError,
    zstandard.ZstdError,
)


def compression_of(path: Path) -> str | None:
    """The compression suffix of a path (".bz2", ".gz", ".zst", ".xz"), or None."""
    suffix = path.suffix.lower()
    return suffix if suffix in COMPRESSED_SUFFIXES else None


def inner_suffix(path: Path) -> str:
    """The suffix under the compression one: ".jsonl" for "news.jsonl.gz" and "news.jsonl"."""
    name = path.name.lower()
    if compression_of(path):
        name = name[: -len(path.suffix)]
    return Path(name).suffix


def open_decompressed(path: Path) -> BinaryIO:
    """A buffered binary stream of the file's uncompressed bytes. bzip2 and Zstandard files
    made of several concatenated streams or frames are read through to the end."""
    kind = compression_of(path)
    if kind == ".bz2":
        return bz2.open(path, "rb")  # type: ignore[return-value]
    if kind == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if kind == ".xz":
        return lzma.open(path, "rb")  # type: ignore[return-value]
    raw = path.open("rb")
    if kind is None:
        return raw
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(
            raw, read_across_frames=True, closefd=True
        )
    except BaseException:
        raw.close()
        raise
    return io.BufferedReader(reader)  # type: ignore[arg-type]


def read_head(path: Path, limit: int) -> tuple[bytes, int, bool]:
    """The first `limit` (or a few more) uncompressed bytes of a file, how many bytes of the
    file they came from, and whether that is the whole file."""
    kind = compression_of(path)
    with path.open("rb") as raw:
        if kind is None:
            data = raw.read(limit + 1)
            return data[:limit], min(len(data), limit), len(data) <= limit
        decompressor = _decompressor(kind)
        pieces: list[bytes] = []
        produced = consumed = 0
        while produced < limit:
            chunk = raw.read(HEAD_CHUNK)
            if not chunk:
                return b"".join(pieces), consumed, True
            consumed += len(chunk)
            piece = decompressor.decompress(chunk)
            while decompressor.eof and decompressor.unused_data:
                # The next bzip2 stream, gzip member or Zstandard frame.
                rest = decompressor.unused_data
                decompressor = _decompressor(kind)
                piece += decompressor.decompress(rest)
            pieces.append(piece)
            produced += len(piece)
        return b"".join(pieces), consumed, not raw.read(1) and decompressor.eof


def _decompressor(kind: str) -> Any:
    if kind == ".bz2":
        return bz2.BZ2Decompressor()
    if kind == ".gz":
        return zlib.decompressobj(wbits=31)
    if kind == ".xz":
        return lzma.LZMADecompressor()
    return zstandard.ZstdDecompressor().decompressobj()


def describe_cut(error: BaseException) -> str:
    """Why a stream stopped early, in one line."""
    if isinstance(error, EOFError):
        return "the file is cut off (compressed data ends before its end marker)"
    detail = " ".join(str(error).split()) or type(error).__name__
    return f"the file is damaged or cut off ({detail})"


class StepReader:
    """A reader whose `read(n)` returns what the next decompression step yields (at most n
    bytes) instead of waiting for n bytes, so that a parser fed from it gets every byte that
    came before a cut in the file."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        return self._stream.read1(size if size > 0 else io.DEFAULT_BUFFER_SIZE)
