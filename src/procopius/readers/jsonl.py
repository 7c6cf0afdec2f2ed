"""JSON Lines corpora: one object per line with a "text" (plain text, wikitext or HTML) and,
optionally, "id", "title", "url" and "published"."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..document import Document
from .errors import ReadError, UnreadableInput, describe_failure

TextReader = Callable[..., Document]


def read_jsonl(
    lines: Iterable[str],
    source: str,
    read_text: TextReader | None = None,
) -> Iterator[Document | ReadError]:
    """One document per line; a line that cannot be read yields a ReadError naming its number,
    and the lines after it are still read. Blank lines are skipped. `read_text` turns a record's
    text into a document (by default: sniff plain text, wikitext or HTML)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield ReadError(source, f"not valid JSON ({error.msg}, column {error.colno})", number)
            continue
        yield record_to_document(record, source, number, read_text)


def read_json_records(
    records: Any, source: str, read_text: TextReader | None = None
) -> Iterator[Document | ReadError]:
    """Documents from a parsed JSON file holding one record or a list of records; an item that
    cannot be read is reported by its position (1-based) in the `line` field."""
    items = records if isinstance(records, list) else [records]
    for number, item in enumerate(items, start=1):
        yield record_to_document(item, source, number, read_text)


def record_to_document(
    record: Any, source: str, number: int, read_text: TextReader | None = None
) -> Document | ReadError:
    """A document from one parsed record, or a ReadError saying what is wrong with it."""
    if read_text is None:
        from . import read_text as sniffing_reader

        read_text = sniffing_reader
    if not isinstance(record, dict):
        return ReadError(source, f"not a JSON object (found {type(record).__name__})", number)
    if "text" not in record or record["text"] is None:
        return ReadError(source, 'no "text" field', number)
    text = record["text"]
    if not isinstance(text, str):
        return ReadError(source, f'"text" is not a string (found {type(text).__name__})', number)
    if not text.strip():
        return ReadError(source, '"text" is empty', number)
    record_id = record.get("id")
    label = f"{source}#{record_id}" if record_id not in (None, "") else f"{source}:{number}"
    try:
        document = read_text(
            text,
            title=_string(record.get("title")) or "",
            source=label,
            published=_string(record.get("published")),
        )
    except UnreadableInput as error:
        return ReadError(source, str(error), number)
    except Exception as error:  # noqa: BLE001 - one bad record must not stop the others
        return ReadError(source, describe_failure(error), number)
    url = _string(record.get("url"))
    if url:
        document.url = url
    return document


def _string(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)
