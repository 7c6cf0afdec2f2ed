"""The pipeline's entry points: analyse (the shared layers), process (one Document in, its
records out) and read (a path, a text or a Document)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import procopius
from procopius.document import Document
from procopius.pipeline import analyse, process, process_many, read, read_many
from procopius.records import RecordSet

Process = Callable[..., RecordSet]

ARTICLE = (
    "The Tana River Brigade (TRB) is an armed group in eastern Kenya.\n"
    "\n"
    "== History ==\n"
    "On 4 May 2020 the brigade attacked a police post near Garissa, killing three officers. "
    "In June 2020 police arrested 12 of its members in Lamu.\n"
    "\n"
    "== Statements ==\n"
    "Its spokesman Hassan Dido Guyo said that the brigade had 400 fighters.\n"
)


def test_analyse_builds_the_shared_layers() -> None:
    doc = Document(text=ARTICLE, title="Tana River Brigade")
    reading = analyse(doc)
    assert [s.text for s in reading.sentences][:2] == [
        "The Tana River Brigade (TRB) is an armed group in eastern Kenya.",
        "On 4 May 2020 the brigade attacked a police post near Garissa, killing three officers.",
    ]
    # heading lines hold no sentence
    assert not any("==" in s.text for s in reading.sentences)
    assert [d.text for d in reading.dates] == ["4 May 2020", "June 2020"]
    assert [d.value.precision for d in reading.dates] == ["day", "month"]
    assert {p.text for p in reading.places} >= {"Kenya", "Garissa", "Lamu"}
    counts = {q.text for q in reading.quantities if q.mention.kind == "count"}
    assert {"three", "12", "400"} <= counts
    assert "2020" not in counts
    assert "KEN" in reading.countries
    for name in ("sentences", "entities", "places", "dates", "quantities"):
        layer = doc.layers[name]
        assert layer, name
        assert all(0 <= s.start < s.end <= len(ARTICLE) for s in layer)


def test_process_describes_the_document(processed: Process) -> None:
    records = processed(ARTICLE, "Tana River Brigade")
    (doc,) = records.documents
    assert doc.id == Document(text=ARTICLE).id
    assert doc.title == "Tana River Brigade"
    assert doc.n_chars == len(ARTICLE)
    assert doc.n_words == len(ARTICLE.split())
    assert [s["title"] for s in doc.sections] == ["History", "Statements"]
    assert records.texts == {doc.id: ARTICLE}
    for record in records:
        assert getattr(record, "doc", doc.id) == doc.id


def test_process_finds_actors_events_and_claims(processed: Process) -> None:
    records = processed(ARTICLE, "Tana River Brigade")
    assert records.subject is not None
    assert records.subject.name == "Tana River Brigade"
    assert [e.acled_sub_event_type for e in records.events] == ["Armed clash", "Arrests"]
    assert [c.quantity.value for c in records.claims if c.quantity] == [400]


def test_records_serialise_to_json_lines(processed: Process) -> None:
    records = processed(ARTICLE, "Tana River Brigade")
    lines = records.to_jsonl().splitlines()
    kinds = [json.loads(line)["kind"] for line in lines]
    assert kinds[0] == "document"
    assert {"document", "actor", "event", "claim"} <= set(kinds)
    assert len(lines) == len(records.to_dicts())


def test_read_accepts_a_text_a_path_and_a_document(tmp_path: Path) -> None:
    path = tmp_path / "tana.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    from_text = read(ARTICLE)
    from_path = read(path)
    from_str_path = procopius.read(str(path))
    from_doc = read(Document(text=ARTICLE))
    assert from_text.to_dicts()[1:] == from_doc.to_dicts()[1:]
    for records in (from_path, from_str_path):
        assert [e.id for e in records.events] == [e.id for e in from_text.events]
        assert records.documents[0].source.endswith("tana.txt")


def test_read_raises_on_an_unreadable_path(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="empty"):
        read(path)


def test_publication_date_resolves_yearless_dates() -> None:
    text = (
        "Gunmen attacked a police post near Garissa on 8 March, killing three officers, "
        "police said.\n"
    )
    (event,) = read(text, published="2024-03-11").events
    assert event.date is not None
    assert (event.date.start, event.date.precision) == ("2024-03-08", "day")
    assert event.date.year_inferred


def test_read_many_is_lazy_and_ordered() -> None:
    docs = [Document(text=ARTICLE), Document(text=ARTICLE.replace("Garissa", "Lamu"))]
    results = read_many(iter(docs))
    first = next(results)
    assert first.documents[0].id == docs[0].id
    assert next(results).documents[0].id == docs[1].id


ORDINARY = (
    "The Lamu Archipelago is a group of islands in the Indian Ocean close to the northern coast "
    "of Kenya. Its largest town is known for its old stone houses and its market."
)


def _dumped(records: RecordSet) -> list[str]:
    return [json.dumps(d, sort_keys=True) for d in records.to_dicts()]


def test_process_many_gives_the_records_of_process_in_order() -> None:
    docs = [
        Document(text=ARTICLE, title="Tana River Brigade"),
        Document(text=ORDINARY, title="Lamu Archipelago"),
        Document(text=ARTICLE.replace("Garissa", "Lamu"), title="Tana River Brigade"),
        Document(text="\n"),
    ]
    for cascade in (False, True):
        expected = [_dumped(process(d, cascade=cascade)) for d in docs]
        # a small group size makes the language model read the documents in several groups
        for group_words in (1, 10_000):
            got = list(process_many(docs, cascade=cascade, group_words=group_words))
            assert [d.id for d, _ in got] == [d.id for d in docs]
            assert [_dumped(r) for _, r in got] == expected
    # the first pass skips the ordinary text, which keeps its place in the output
    _, skipped = list(process_many(docs, cascade=True))[1]
    assert skipped.documents[0].selected is False
    assert skipped.events == []


def test_documents_left_out_do_not_cut_the_language_models_groups(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from procopius import nlp, pipeline

    groups: list[list[str]] = []
    real = nlp.parse_many

    def recording(jobs, **kwargs):  # type: ignore[no-untyped-def]
        groups.append([doc.title for doc, _ in jobs])
        return real(jobs, **kwargs)

    monkeypatch.setattr(nlp, "parse_many", recording)
    docs = [
        Document(text=ARTICLE, title="first"),
        Document(text=ORDINARY, title="left out"),
        Document(text=ARTICLE.replace("Garissa", "Lamu"), title="second"),
        Document(text=ORDINARY, title="left out too"),
    ]
    got = list(process_many(docs, cascade=True))
    assert [d.title for d, _ in got] == [d.title for d in docs]
    assert groups == [["first", "second"]]  # one group, in spite of the documents between
    assert [r.documents[0].selected for _, r in got] == [True, False, True, False]
    # documents left out wait only so long: a run of them flushes the group
    groups.clear()
    monkeypatch.setattr(pipeline, "HELD_WORDS_PER_GROUP_WORD", 1)
    many = [docs[0], *[Document(text=ORDINARY, title=f"o{k}") for k in range(30)], docs[2]]
    got = list(process_many(many, cascade=True, group_words=len(ARTICLE) // 6 + 20))
    assert [d.title for d, _ in got] == [d.title for d in many]
    assert groups == [["first"], ["second"]]


def test_process_many_reports_a_failing_document_and_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from procopius import pipeline

    real = pipeline._records

    def failing(reading):  # type: ignore[no-untyped-def]
        if reading.doc.title == "bad":
            raise RuntimeError("cannot read this one")
        return real(reading)

    monkeypatch.setattr(pipeline, "_records", failing)
    docs = [Document(text=ARTICLE, title="bad"), Document(text=ARTICLE, title="good")]
    (bad, bad_out), (good, good_out) = process_many(docs)
    assert bad.title == "bad" and isinstance(bad_out, RuntimeError)
    assert good.title == "good" and isinstance(good_out, RecordSet)
    assert good_out.events


def test_parse_many_reads_each_document_as_parse_does() -> None:
    from procopius.nlp import parse, parse_many

    one = Document(text=ARTICLE)
    two = Document(text=ORDINARY)
    together = parse_many([(one, None), (two, [(0, 100)])])
    alone = [parse(Document(text=ARTICLE)), parse(Document(text=ORDINARY), only=[(0, 100)])]
    assert [[(s.start, s.end, s.text) for s in doc] for doc in together] == [
        [(s.start, s.end, s.text) for s in doc] for doc in alone
    ]
    assert [[e.text for s in doc for e in s.entities] for doc in together] == [
        [e.text for s in doc for e in s.entities] for doc in alone
    ]
    # only the given paragraph of the second document was read
    assert together[1][-1].end <= 100
    assert one.layers["sentences"] and two.layers["entities"] is not None


def test_empty_text_gives_only_the_document() -> None:
    records = process(Document(text="\n"))
    assert len(records.documents) == 1
    assert (records.actors, records.events, records.claims, records.relations) == ([], [], [], [])


@pytest.fixture(scope="module")
def example_records() -> RecordSet:
    from procopius.samples import example_paths

    out = RecordSet()
    for path in example_paths():
        out.extend(read(path))
    return out


def test_example_evidence_matches_the_texts(example_records: RecordSet) -> None:
    texts = example_records.texts
    for record in example_records:
        for ev in getattr(record, "evidence", []):
            assert texts[ev.doc][ev.start : ev.end] == ev.text


def test_example_actor_names_have_balanced_parentheses(example_records: RecordSet) -> None:
    names = {a.name for e in example_records.events for a in e.actors}
    names |= {a.name for a in example_records.actors}
    assert [n for n in names if n.count("(") != n.count(")")] == []
