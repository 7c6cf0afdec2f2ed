"""Turning a file's bytes into text, or saying plainly why they are not text."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import UnreadableInput

SNIFF_BYTES = 8192
CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) | {0x7F}
MAX_CONTROL_SHARE = 0.05


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text: a NUL in the first 8 KiB, or many control bytes."""
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for byte in head if byte in CONTROL_BYTES)
    return controls / len(head) > MAX_CONTROL_SHARE


def decode_text(data: bytes, *, encoding_fallback: bool = False) -> str:
    """UTF-8 text (a leading byte-order mark dropped). Raises UnreadableInput for binary, empty
    or undecodable input; with `encoding_fallback`, bytes that are not UTF-8 are read as
    Windows-1252 instead."""
    if looks_binary(data):
        raise UnreadableInput("binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if not encoding_fallback:
            bad = data[error.start]
            raise UnreadableInput(
                f"not UTF-8 text (invalid byte 0x{bad:02x} at offset {error.start})"
            ) from None
        text = decode_cp1252(data)
    if not text.strip():
        raise UnreadableInput("empty file")
    return text


def decode_cp1252(data: bytes) -> str:
    """Windows-1252, with the five bytes it leaves undefined read as Latin-1."""
    return "".join(
        chunk.decode("cp1252", errors="strict") if index % 2 == 0 else chunk.decode("latin-1")
        for index, chunk in enumerate(re.split(rb"([\x81\x8d\x8f\x90\x9d]+)", data))
    )


def human_size(size: int) -> str:
    """A byte count for people: "20 MB", "1.5 kB", "312 bytes" (decimal units)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def too_large_message(size: int | None, limit: int) -> str:
    """Why an input was refused for its size; `size` None when only "more than" is known."""
    shown, cap = human_size(size or 0), human_size(limit)
    if size is not None and shown == cap:
        shown, cap = f"{size:,} bytes", f"{limit:,} bytes"
    what = "input is" if size is None else f"file is {shown},"
    return f"{what} larger than the limit of {cap}; raise it with --max-bytes"


def title_from_path(path: Path | str) -> str:
    """A readable title from a file name: "national-resistance-brigades.txt" becomes
    "National resistance brigades", "Some_Article.wiki" becomes "Some Article"."""
    stem = Path(path).stem
    if "_" in stem:
        words = stem.replace("_", " ")
    elif " " not in stem:
        words = stem.replace("-", " ")
    else:
        words = stem
    words = " ".join(words.split())
    return words[:1].upper() + words[1:]
