"""Parquet corpora: one document per row, read record batch by record batch, from a text
column and, when present, "id", "title", "url" and "published" columns."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..document import Document
from ..readers import ReadError
from ..readers.errors import describe_failure
from ..readers.files import too_large_message
from ..readers.jsonl import record_to_document

METADATA_COLUMNS = ("id", "title", "url", "published")
BATCH_ROWS = 256


def iter_parquet(
    path: str | Path, *, max_bytes: int = 20_000_000, text_column: str = "text"
) -> Iterator[Document | ReadError]:
    """One document per row, in file order; only the text and metadata columns are read. A
    file without the text column yields one ReadError; a row that cannot be read yields a
    ReadError with its row number (from 1) and the other rows are still read."""
    import pyarrow as pa  # imported when a Parquet file is read: it takes a while to load
    import pyarrow.parquet as pq

    path = Path(path)
    source = str(path)
    try:
        parquet = pq.ParquetFile(path)
    except OSError as error:
        yield ReadError(source, f"cannot read: {error.strerror or error}")
        return
    except (pa.ArrowException, ValueError) as error:
        detail = " ".join(str(error).split()) or type(error).__name__
        yield ReadError(source, f"not a Parquet file ({detail})")
        return
    with parquet:
        names = parquet.schema_arrow.names
        if text_column not in names:
            shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
            yield ReadError(source, f"no {text_column!r} column (columns: {shown or 'none'})")
            return
        columns = [text_column] + [c for c in METADATA_COLUMNS if c in names and c != text_column]
        number = 0
        try:
            for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=columns):
                for row in batch.to_pylist():
                    number += 1
                    yield _row_item(row, text_column, source, number, max_bytes)
        except (OSError, pa.ArrowException) as error:
            yield ReadError(source, f"the file is damaged or cut off ({describe_failure(error)})")


def parquet_rows(path: str | Path) -> int:
    """The number of rows of a Parquet file, from its footer."""
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as parquet:
        return parquet.metadata.num_rows


def _row_item(
    row: dict[str, Any], text_column: str, source: str, number: int, max_bytes: int
) -> Document | ReadError:
    text = row.get(text_column)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return ReadError(source, f"{text_column!r} is not UTF-8 text", number)
    if isinstance(text, str) and len(text) > max_bytes // 4:
        size = len(text.encode("utf-8"))
        if size > max_bytes:
            return ReadError(source, too_large_message(size, max_bytes), number)
    record = {key: _plain(value) for key, value in row.items() if key != text_column}
    record["text"] = text
    return record_to_document(record, source, number)


def _plain(value: Any) -> Any:
    """Dates and times as ISO 8601 text, as JSON corpora write them."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
