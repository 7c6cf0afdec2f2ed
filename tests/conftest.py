"""Shared fixtures: the pipeline run once per hand-written text, so spaCy and the gazetteer load
once per test session and every test that reads the same text shares its records."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from procopius.document import Document
from procopius.nlp import Sentence, parse
from procopius.pipeline import process
from procopius.records import RecordSet

ProcessFn = Callable[..., RecordSet]
ParseFn = Callable[[str], list[Sentence]]


@pytest.fixture(scope="session")
def processed() -> ProcessFn:
    """`processed(text, title="")`: the records of a small hand-written article, cached by text,
    so several tests can look at one reading."""
    cache: dict[tuple[str, str], RecordSet] = {}

    def run(text: str, title: str = "") -> RecordSet:
        key = (text, title)
        if key not in cache:
            cache[key] = process(Document(text=text, title=title))
        return cache[key]

    return run


@pytest.fixture(scope="session")
def sentences() -> ParseFn:
    """`sentences(text)`: the parsed sentences of a text."""
    cache: dict[str, list[Sentence]] = {}

    def run(text: str) -> list[Sentence]:
        if text not in cache:
            cache[text] = parse(Document(text=text, title=""))
        return cache[text]

    return run
