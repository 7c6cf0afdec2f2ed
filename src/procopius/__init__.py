"""procopius: read articles and news about armed conflict into actors, events and claims.

>>> import procopius
>>> records = procopius.read("article.txt")      # a path, a text or a Document
>>> records.to_jsonl()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from procopius.records import RecordSet


def read(source: Any, **kwargs: Any) -> RecordSet:
    """Read one article (a path, a text, or a Document) into its records; see
    `procopius.pipeline.read`."""
    from procopius.pipeline import read as _read

    return _read(source, **kwargs)


def process(document: Any, **kwargs: Any) -> RecordSet:
    """Read one Document into its records; see `procopius.pipeline.process`."""
    from procopius.pipeline import process as _process

    return _process(document, **kwargs)


__all__ = ["__version__", "process", "read"]
