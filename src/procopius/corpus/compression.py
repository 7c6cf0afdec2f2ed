"""Opening a file for streamed reading whatever its compression, chosen by its last suffix:
bzip2 (multi-stream files included), gzip, Zstandard, xz, or none."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib
from pathlib import Path
from typing import BinaryIO

import zstandard

COMPRESSED_SUFFIXES = (".bz2", ".gz", ".zst", ".xz")

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
    if kind == ".zst":
        raw = path.open("rb")
        try:
            reader = zstandard.ZstdDecompressor().stream_reader(
                raw, read_across_frames=True, closefd=True
            )
        except BaseException:
            raw.close()
            raise
        return io.BufferedReader(reader)  # type: ignore[arg-type]
    return path.open("rb")


def describe_cut(error: BaseException) -> str:
    """Why a stream stopped early, in one line."""
    if isinstance(error, EOFError):
        return "the file is cut off (compressed data ends before its end marker)"
    detail = " ".join(str(error).split()) or type(error).__name__
    return f"the file is damaged or cut off ({detail})"
