"""Input readers: every supported input becomes a Document, and bad input becomes a ReadError.

    for item in iter_documents(["article.wiki", "news/", "corpus.jsonl"]):
        if isinstance(item, ReadError):
            print(item)            # "corpus.jsonl:3: not valid JSON (...)"
        else:
            process(item)

Files are read by suffix: plain text (.txt, .text; kept exactly, so offsets point into the
file), wikitext (.wiki, .wikitext, .mediawiki), news HTML (.html, .htm) and JSON Lines (.jsonl,
.json). Directories are walked recursively in sorted order; `-` is standard input.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from ..document import Document
from .errors import ReadError, UnreadableInput, describe_failure
from .files import decode_text, title_from_path, too_large_message
from .html import read_html
from .jsonl import read_json_records, read_jsonl
from .plain import read_plain
from .wikitext import read_wikitext

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUFFIX_FORMATS",
    "ReadError",
    "UnreadableInput",
    "iter_documents",
    "read_html",
    "read_jsonl",
    "read_path",
    "read_plain",
    "read_text",
    "read_wikitext",
    "sniff_format",
]

DEFAULT_MAX_BYTES = 20_000_000
SUFFIX_FORMATS = {
    ".txt": "plain",
    ".text": "plain",
    ".wiki": "wikitext",
    ".wikitext": "wikitext",
    ".mediawiki": "wikitext",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".json": "json",
}
FORMAT_ALIASES = {
    "plain": "plain",
    "txt": "plain",
    "text": "plain",
    "wikitext": "wikitext",
    "wiki": "wikitext",
    "mediawiki": "wikitext",
    "html": "html",
    "htm": "html",
    "jsonl": "jsonl",
    "json": "json",
}
READABLE_KINDS = ".txt, .wiki, .html, .jsonl"
STDIN_SOURCE = "<stdin>"

HTML_START_RE = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
WIKITEXT_RE = re.compile(r"\{\{\s*infobox|'''[^'\n]+'''|\[\[[^\[\]\n]+\]\]|<ref[\s>/]", re.I)


def sniff_format(text: str) -> str:
    """ "html" for a page that starts like one, "wikitext" for text with infobox, bold, link or
    reference markup, otherwise "plain"."""
    head = text.lstrip("\ufeff")
    if HTML_START_RE.match(head[:4096]):
        return "html"
    if WIKITEXT_RE.search(head):
        return "wikitext"
    return "plain"


def read_text(
    text: str,
    title: str = "",
    source: str = "<text>",
    published: str | None = None,
    fmt: str | None = None,
    url: str | None = None,
) -> Document:
    """A document from a string in the given format ("plain", "wikitext" or "html"), or in the
    format sniffed from the text when `fmt` is None. Raises UnreadableInput when the markup
    holds no text, ValueError for an unknown format name."""
    kind = _format_name(fmt) if fmt else sniff_format(text)
    if kind == "plain":
        return read_plain(text, title=title, source=source, published=published, url=url)
    if kind == "wikitext":
        return read_wikitext(text, title=title, source=source, published=published, url=url)
    if kind == "html":
        return read_html(text, title=title, source=source, published=published, url=url)
    raise ValueError(f"read_text reads one document; {fmt!r} input needs iter_documents")


def iter_documents(
    paths: Sequence[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding_fallback: bool = False,
    fmt: str | None = None,
) -> Iterator[Document | ReadError]:
    """Documents from files, directories (walked recursively, known suffixes only) and `-`
    (standard input). Nothing raises: an input that cannot be read yields a ReadError naming it
    and the problem, and the other inputs are still read. `fmt` forces one format for every
    file instead of choosing by suffix."""
    kind = _format_name(fmt) if fmt else None
    for path in paths:
        if str(path) == "-":
            yield from _read_stream(
                sys.stdin.buffer, STDIN_SOURCE, max_bytes, encoding_fallback, kind
            )
            continue
        path = Path(path)
        source = str(path)
        try:
            if path.is_dir():
                files = list(_walk(path))
                if not files:
                    yield ReadError(source, f"no readable files ({READABLE_KINDS}) in {source}")
                for file in files:
                    yield from read_path(
                        file, max_bytes=max_bytes, encoding_fallback=encoding_fallback, fmt=kind
                    )
            elif not path.exists():
                yield ReadError(source, "no such file or directory")
            else:
                yield from read_path(
                    path, max_bytes=max_bytes, encoding_fallback=encoding_fallback, fmt=kind
                )
        except OSError as error:
            yield ReadError(source, _os_message(error))


def read_path(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding_fallback: bool = False,
    fmt: str | None = None,
) -> Iterator[Document | ReadError]:
    """The documents in one file (one, or one per line for JSON Lines), or ReadErrors."""
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield ReadError(source, too_large_message(size, max_bytes))
            return
        with path.open("rb") as stream:  # bounded: pipes and devices have no size to check
            data = stream.read(max_bytes + 1)
    except OSError as error:
        yield ReadError(source, _os_message(error))
        return
    if len(data) > max_bytes:
        yield ReadError(source, too_large_message(None, max_bytes))
        return
    kind = _format_name(fmt) if fmt else SUFFIX_FORMATS.get(path.suffix.lower(), "plain")
    yield from _read_bytes(data, source, encoding_fallback, kind, title_from_path(path))


def _read_stream(
    stream: BinaryIO, source: str, max_bytes: int, encoding_fallback: bool, kind: str | None
) -> Iterator[Document | ReadError]:
    try:
        data = stream.read(max_bytes + 1)
    except OSError as error:
        yield ReadError(source, _os_message(error))
        return
    if len(data) > max_bytes:
        yield ReadError(source, too_large_message(None, max_bytes))
        return
    yield from _read_bytes(data, source, encoding_fallback, kind, "")


def _read_bytes(
    data: bytes, source: str, encoding_fallback: bool, kind: str | None, fallback_title: str
) -> Iterator[Document | ReadError]:
    try:
        text = decode_text(data, encoding_fallback=encoding_fallback)
        if kind is None:
            kind = "jsonl" if _looks_like_jsonl(text) else sniff_format(text)
        if kind in ("jsonl", "json"):
            yield from _read_records(text, source, kind)
            return
        document = read_text(text, source=source, fmt=kind)
    except UnreadableInput as error:
        yield ReadError(source, str(error))
        return
    except Exception as error:  # noqa: BLE001 - one bad input must not stop the others
        yield ReadError(source, describe_failure(error))
        return
    if not document.title:
        document.title = fallback_title
    yield document


def _read_records(text: str, source: str, kind: str) -> Iterator[Document | ReadError]:
    if kind == "json":
        try:
            records = json.loads(text)
        except json.JSONDecodeError:
            pass
        else:
            yield from read_json_records(records, source)
            return
    yield from read_jsonl(text.split("\n"), source)


def _looks_like_jsonl(text: str) -> bool:
    first = next((line for line in text.split("\n") if line.strip()), "")
    if not first.lstrip().startswith("{"):
        return False
    try:
        record = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(record, dict) and "text" in record


def _walk(directory: Path) -> Iterator[Path]:
    """Files with a known suffix under a directory, recursively, in sorted order; hidden files
    and directories and symbolic links to directories are skipped."""
    for entry in sorted(directory.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if not entry.is_symlink():
                yield from _walk(entry)
        elif entry.suffix.lower() in SUFFIX_FORMATS:
            yield entry


def _format_name(fmt: str) -> str:
    try:
        return FORMAT_ALIASES[fmt.lower()]
    except KeyError:
        known = ", ".join(sorted(set(FORMAT_ALIASES.values())))
        raise ValueError(f"unknown input format {fmt!r} (known: {known})") from None


def _os_message(error: OSError) -> str:
    reason = error.strerror or str(error)
    return f"cannot read: {reason[:1].lower() + reason[1:]}"
