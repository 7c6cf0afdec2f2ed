"""Stores for the web tests: one read from the built-in example articles plus a hand-written
article holding HTML and script text, and one of small hand-made records whose every value is
known."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_fixtures import SCRIPT_TEXT, hand_records, script_document

from procopius.document import content_id
from procopius.pipeline import process
from procopius.samples import example_paths
from procopius.store import Store


@pytest.fixture(scope="session")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the example articles and the hand-written article with script text."""
    from procopius.readers import iter_documents

    path = tmp_path_factory.mktemp("web") / "examples.sqlite"
    with Store(path) as store:
        for doc in iter_documents([str(p) for p in example_paths()]):
            assert hasattr(doc, "text"), doc
            store.put(process(doc))
        store.put(process(script_document()))
    return path


@pytest.fixture(scope="session")
def hand_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "hand.sqlite"
    with Store(path) as store:
        store.put(hand_records())
    return path


@pytest.fixture(scope="session")
def script_doc_id() -> str:
    return content_id(SCRIPT_TEXT)
