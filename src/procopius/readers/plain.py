"""Plain text and Wikipedia plain text (`== Heading ==` lines): the text is kept exactly."""

from __future__ import annotations

from ..document import Document

BOM = "\ufeff"


def read_plain(
    text: str,
    title: str = "",
    source: str = "<text>",
    published: str | None = None,
    url: str | None = None,
) -> Document:
    """A document whose text is the input itself, less a leading byte-order mark, so that
    character offsets point into the file's exact text."""
    if text.startswith(BOM):
        text = text[1:]
    return Document(text=text, title=title, source=source, url=url, published=published)
