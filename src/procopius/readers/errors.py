"""What a reader reports when an input cannot be read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ReadError:
    """One input (or one line of it) that could not be read, and why."""

    source: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.message}"


class UnreadableInput(ValueError):
    """Raised by a reader when its input holds nothing it can turn into a document."""


def describe_failure(error: Exception) -> str:
    """A one-line message for an unexpected failure while reading an input."""
    detail = " ".join(str(error).split())
    return (
        f"could not read ({type(error).__name__}: {detail})"
        if detail
        else (f"could not read ({type(error).__name__})")
    )
