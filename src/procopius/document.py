"""The Document: immutable text, metadata, a section tree and stand-off annotation layers."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

HEADING_RE = re.compile(r"^(={2,6})[ \t]*(.+?)[ \t]*\1[ \t]*\r?$", re.MULTILINE)


@dataclass(eq=False)
class Span:
    """A stretch of a document's text, by character offset (end exclusive), with attributes."""

    start: int
    end: int
    label: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)

    def text(self, doc: Document) -> str:
        return doc.text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def __repr__(self) -> str:
        return f"Span({self.start}, {self.end}, {self.label!r})"


@dataclass(frozen=True)
class Section:
    """A heading and the stretch of text it governs (from the heading line to the next heading
    of the same or a higher level)."""

    title: str
    level: int
    start: int
    body_start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "level": self.level,
            "start": self.start,
            "body_start": self.body_start,
            "end": self.end,
        }


@dataclass(eq=False)
class Document:
    """One text and everything known about it. The text never changes after creation; the
    pipeline adds layers of spans that point into it."""

    text: str
    title: str = ""
    source: str = ""
    url: str | None = None
    published: str | None = None
    language: str = "en"
    infobox: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    layers: dict[str, list[Span]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.sections:
            self.sections = find_sections(self.text)

    @property
    def id(self) -> str:
        return content_id(self.text)

    def section_at(self, offset: int) -> list[Section]:
        """The sections enclosing an offset, outermost first."""
        return [s for s in self.sections if s.start <= offset < s.end]

    def heading_path(self, offset: int) -> list[str]:
        return [s.title for s in self.section_at(offset)]

    def layer(self, name: str) -> list[Span]:
        return self.layers.setdefault(name, [])

    def excerpt(self, start: int, end: int) -> str:
        return self.text[start:end]


def content_id(text: str) -> str:
    """A stable id for a text: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def find_sections(text: str) -> list[Section]:
    """Sections from `== Heading ==` lines (Wikipedia plain text and wikitext)."""
    heads = [
        (m.start(), m.end(), len(m.group(1)), m.group(2).strip()) for m in HEADING_RE.finditer(text)
    ]
    sections: list[Section] = []
    for i, (start, body, level, title) in enumerate(heads):
        end = len(text)
        for later_start, _, later_level, _ in heads[i + 1 :]:
            if later_level <= level:
                end = later_start
                break
        sections.append(Section(title=title, level=level, start=start, body_start=body, end=end))
    return sections


def heading_spans(doc: Document) -> list[tuple[int, int]]:
    """Character ranges of heading lines, which hold no prose."""
    return [(m.start(), m.end()) for m in HEADING_RE.finditer(doc.text)]
