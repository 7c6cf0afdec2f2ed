"""Whole corpora, streamed: MediaWiki dumps, JSON Lines (plain and compressed), Parquet and
directory trees become Documents one at a time, and whatever cannot be read a ReadError."""

from __future__ import annotations

import bz2
import gzip
import json
import tracemalloc
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from procopius.corpus import (
    DumpChanged,
    count_hint,
    dump_byte_ranges,
    dump_parts,
    example_pages,
    iter_corpus,
    iter_dump,
    iter_dump_pages,
    stream_offsets,
    write_test_dump,
)
from procopius.document import Document
from procopius.readers import ReadError, read_path, read_plain
from procopius.samples import example_paths

EXPORT_10 = "http://www.mediawiki.org/xml/export-0.10/"
EXPORT_11 = "http://www.mediawiki.org/xml/export-0.11/"


def documents(items: Iterable[Document | ReadError]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def errors(items: Iterable[Document | ReadError]) -> list[ReadError]:
    return [item for item in items if isinstance(item, ReadError)]


def example(suffix: str) -> Path:
    return next(p for p in example_paths() if p.suffix == suffix)


# --- MediaWiki dumps built from the example articles ------------------------------------------

DUMP_FORMS = [
    pytest.param("dump.xml.bz2", False, id="bz2"),
    pytest.param("dump-multistream.xml.bz2", True, id="multistream-bz2"),
    pytest.param("dump.xml", False, id="xml"),
]


@pytest.fixture(scope="module")
def pages() -> list[tuple[str, str]]:
    found = example_pages()
    assert len(found) >= 3
    return found


@pytest.mark.parametrize(("name", "multistream"), DUMP_FORMS)
def test_dump_yields_the_article_pages_in_order(
    tmp_path: Path, pages: list[tuple[str, str]], name: str, multistream: bool
) -> None:
    dump = write_test_dump(pages, tmp_path / name, multistream=multistream, pages_per_stream=2)
    items = list(iter_corpus([dump]))
    assert errors(items) == []
    docs = documents(items)
    assert [d.title for d in docs] == [title for title, _ in pages]
    # Page ids count in file order; the redirect (id 2) and the talk page (id 4) are skipped.
    assert [d.source for d in docs] == [f"{dump}#{n}" for n in (1, 3, 5, 6, 7)][: len(docs)]
    first = docs[0]
    assert first.url == "https://en.wikipedia.org/wiki/" + first.title.replace(" ", "_")
    assert all("REDIRECT" not in d.text and not d.title.startswith("Talk:") for d in docs)


def test_extra_pages_are_a_redirect_and_a_talk_page(
    tmp_path: Path, pages: list[tuple[str, str]]
) -> None:
    text = write_test_dump(pages, tmp_path / "dump.xml").read_text(encoding="utf-8")
    assert text.count("<page>") == len(pages) + 2
    assert "<redirect title=" in text and "#REDIRECT [[" in text
    assert f"<title>Talk:{pages[1][0]}</title>" in text and "<ns>1</ns>" in text
    plain = write_test_dump(pages, tmp_path / "plain.xml", extra_pages=False)
    assert plain.read_text(encoding="utf-8").count("<page>") == len(pages)


def test_multistream_dump_is_several_bz2_streams(
    tmp_path: Path, pages: list[tuple[str, str]]
) -> None:
    dump = write_test_dump(pages, tmp_path / "m.xml.bz2", multistream=True, pages_per_stream=1)
    data = dump.read_bytes()
    # header + one stream per page (articles, redirect, talk page) + footer
    assert data.count(b"BZh9") >= len(pages) + 4
    assert bz2.decompress(data).decode("utf-8").endswith("</mediawiki>\n")


def test_wikitext_page_keeps_infobox_and_sections(
    tmp_path: Path, pages: list[tuple[str, str]]
) -> None:
    dump = write_test_dump(pages, tmp_path / "dump.xml.bz2")
    by_title = {d.title: d for d in documents(iter_corpus([dump]))}
    from_file = documents(read_path(example(".wiki")))[0]
    page = by_title[from_file.infobox["name"]]
    assert page.text == from_file.text
    assert page.infobox == from_file.infobox
    assert [s.title for s in page.sections] == [s.title for s in from_file.sections]
    assert len(page.sections) >= 2 and len(page.infobox) >= 5


def test_plain_text_pages_keep_their_sections(tmp_path: Path, pages: list[tuple[str, str]]) -> None:
    dump = write_test_dump(pages, tmp_path / "dump.xml.bz2")
    docs = documents(iter_corpus([dump]))
    for path in (p for p in example_paths() if p.suffix == ".txt"):
        plain = read_plain(path.read_text(encoding="utf-8"))
        page = next(d for d in docs if d.text.split()[:12] == plain.text.split()[:12])
        assert [(s.title, s.level) for s in page.sections] == [
            (s.title, s.level) for s in plain.sections
        ]
        assert page.text.split() == plain.text.split()


def page_xml(
    title: str, text: str | None, ns: str | None = "0", page_id: int = 1, **kw: str
) -> str:
    ns_line = f"<ns>{ns}</ns>" if ns is not None else ""
    model = f"<model>{kw['model']}</model>" if "model" in kw else ""
    redirect = f'<redirect title="{kw["redirect"]}" />' if "redirect" in kw else ""
    body = "<text />" if text is None else f'<text xml:space="preserve">{text}</text>'
    revisions = "".join(
        f"<revision><id>{n}</id>{model}{body if n == 2 else '<text>old</text>'}</revision>"
        for n in (1, 2)
    )
    return f"<page><title>{title}</title>{ns_line}<id>{page_id}</id>{redirect}{revisions}</page>"


def hand_dump(namespace: str, *pages_xml: str) -> str:
    siteinfo = (
        "<siteinfo><base>https://xx.example.org/wiki/Start</base><namespaces>"
        '<namespace key="0" /><namespace key="10">Template</namespace></namespaces></siteinfo>'
    )
    return (
        f'<mediawiki xmlns="{namespace}" xml:lang="fr">{siteinfo}{"".join(pages_xml)}</mediawiki>'
    )


@pytest.mark.parametrize("namespace", [EXPORT_10, EXPORT_11])
def test_dump_skips_non_articles_and_reports_bad_pages(tmp_path: Path, namespace: str) -> None:
    dump = tmp_path / "hand.xml"
    dump.write_text(
        hand_dump(
            namespace,
            page_xml("Alpha", "'''Alpha''' is a town.\n== History ==\nIt grew.", page_id=1),
            page_xml("Beta", "#redirect [[Alpha]]", page_id=2),
            page_xml("Gamma", "#REDIRECT [[Alpha]]", page_id=3, redirect="Alpha"),
            page_xml("Template:Box", "A box.", ns=None, page_id=4),
            page_xml("Module:Data", "return {}", ns="0", page_id=5, model="Scribunto"),
            page_xml("Delta", "{{Stub}}", page_id=6),
            page_xml("Epsilon", None, page_id=7),
            page_xml("Zeta", "Zeta is a river.", ns=None, page_id=8),
            page_xml("User:Someone", "A user page.", ns="2", page_id=9),
        ),
        encoding="utf-8",
    )
    items = list(iter_corpus([dump]))
    assert [type(i).__name__ for i in items] == ["Document", "ReadError", "ReadError", "Document"]
    alpha, delta, epsilon, zeta = items
    assert isinstance(alpha, Document) and isinstance(zeta, Document)
    # The last revision's text is read, not the older one.
    assert alpha.text.startswith("Alpha is a town.") and "old" not in alpha.text
    assert [s.title for s in alpha.sections] == ["History"]
    assert alpha.url == "https://xx.example.org/wiki/Alpha" and alpha.language == "fr"
    assert zeta.source == f"{dump}#8"
    assert isinstance(delta, ReadError) and delta.source == f"{dump}#6" and "'Delta'" in str(delta)
    assert isinstance(epsilon, ReadError) and "'Epsilon'" in epsilon.message


def test_dump_page_larger_than_the_limit_is_an_error(tmp_path: Path) -> None:
    dump = tmp_path / "big.xml"
    dump.write_text(
        hand_dump(
            EXPORT_11,
            page_xml("Long", "Long text. " * 400, page_id=1),
            page_xml("Short", "Short text.", page_id=2),
        ),
        encoding="utf-8",
    )
    long, short = iter_corpus([dump], max_bytes=1000)
    assert isinstance(long, ReadError) and "'Long'" in long.message and "limit" in long.message
    assert isinstance(short, Document) and short.title == "Short"


@pytest.mark.parametrize("content", ["<rss><item>news</item></rss>", "just words"])
def test_xml_that_is_not_a_dump_is_one_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "other.xml"
    path.write_text(content, encoding="utf-8")
    items = list(iter_corpus([path]))
    assert len(items) == 1 and isinstance(items[0], ReadError)
    assert "not a MediaWiki XML dump" in items[0].message


# --- Dumps cut off -----------------------------------------------------------------------------


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9])
def test_cut_multistream_dump_keeps_the_pages_before_the_cut(
    tmp_path: Path, pages: list[tuple[str, str]], fraction: float
) -> None:
    whole = write_test_dump(pages, tmp_path / "m.xml.bz2", multistream=True, pages_per_stream=1)
    data = whole.read_bytes()
    cut = tmp_path / "cut.xml.bz2"
    cut.write_bytes(data[: int(len(data) * fraction)])
    items = list(iter_corpus([cut]))
    assert isinstance(items[-1], ReadError) and len(errors(items)) == 1
    assert "cut off" in items[-1].message and items[-1].source == str(cut)
    titles = [d.title for d in documents(items)]
    assert titles == [title for title, _ in pages][: len(titles)]
    assert 1 <= len(titles) < len(pages)


def test_cut_xml_dump_keeps_the_pages_before_the_cut(
    tmp_path: Path, pages: list[tuple[str, str]]
) -> None:
    text = write_test_dump(pages, tmp_path / "dump.xml").read_text(encoding="utf-8")
    cut = tmp_path / "cut.xml"
    third_page = text.index("<page>", text.index("<title>" + pages[2][0]))
    cut.write_text(text[: third_page + 40], encoding="utf-8")
    items = list(iter_corpus([cut]))
    assert [type(i).__name__ for i in items] == ["Document"] * 3 + ["ReadError"]
    assert "cut off" in str(items[-1])


def numbered_pages(count: int, size: int = 1) -> Iterator[tuple[str, str]]:
    for n in range(count):
        yield (
            f"Village {n}",
            f"{{{{Infobox settlement\n| name = Village {n}\n| population = {n * 7}\n}}}}\n"
            f"'''Village {n}''' is a village in a district.{' It has a school.' * size}\n\n"
            f"== History ==\nIt was founded in {1800 + n % 200}.\n\n"
            "== Geography ==\nIt lies near a river.\n",
        )


def test_cut_single_stream_dump_keeps_whole_blocks(tmp_path: Path) -> None:
    dump = write_test_dump(numbered_pages(6000), tmp_path / "big.xml.bz2", extra_pages=False)
    data = dump.read_bytes()
    cut = tmp_path / "cut.xml.bz2"
    cut.write_bytes(data[: int(len(data) * 0.8)])
    items = list(iter_dump_pages(cut))
    kept = [i for i in items if not isinstance(i, ReadError)]
    # 2.2 MB of XML make three bzip2 blocks of 900 kB: the first two survive the cut.
    assert 2000 < len(kept) < 6000
    assert [p.title for p in kept] == [f"Village {n}" for n in range(len(kept))]
    assert len(items) == len(kept) + 1 and isinstance(items[-1], ReadError)


# --- Parts of a multistream dump ---------------------------------------------------------------


@pytest.mark.parametrize("with_index", [True, False], ids=["index", "scan"])
def test_multistream_dump_read_in_parts(tmp_path: Path, with_index: bool) -> None:
    dump = tmp_path / "wiki-multistream.xml.bz2"
    write_test_dump(
        numbered_pages(250), dump, multistream=True, pages_per_stream=20, index=with_index
    )
    assert (tmp_path / "wiki-multistream-index.txt.bz2").exists() == with_index
    offsets = stream_offsets(dump)
    # The header stream, 13 streams of pages (252 pages with the redirect and the talk page);
    # the scan also finds the footer stream, which the index does not list.
    assert offsets[0] == 0 and len(offsets) == (14 if with_index else 15)
    whole = [d.source for d in documents(iter_corpus([dump]))]
    assert len(whole) == 250
    for parts in (1, 3, 5):
        ranges = dump_byte_ranges(dump, parts)
        assert len(ranges) == parts and ranges[0][0] == 0 and ranges[-1][1] is None
        assert all(start in offsets for start, _ in ranges)
        read: list[str] = []
        for byte_range in ranges:
            items = list(iter_dump(dump, byte_range=byte_range))
            assert errors(items) == []
            read.extend(d.source for d in documents(items))
        assert read == whole


def test_single_stream_dump_is_one_part(tmp_path: Path, pages: list[tuple[str, str]]) -> None:
    dump = write_test_dump(pages, tmp_path / "one.xml.bz2")
    assert dump_byte_ranges(dump, 4) == [(0, None)]


@pytest.mark.parametrize("with_index", [True, False], ids=["index", "scan"])
def test_dump_parts_hold_every_page_once_and_are_read_where_they_are_iterated(
    tmp_path: Path, with_index: bool
) -> None:
    dump = tmp_path / "wiki-multistream.xml.bz2"
    write_test_dump(
        numbered_pages(95), dump, multistream=True, pages_per_stream=10, index=with_index
    )
    whole = [d.source for d in documents(iter_corpus([dump]))]
    parts = dump_parts(dump, 3)
    # 10 streams of pages (97 with the redirect and the talk page), 3 streams to a part
    assert len(parts) == 4
    assert parts[0].start == 0 and parts[-1].stop is None
    assert all(a.stop == b.start for a, b in zip(parts, parts[1:], strict=False))
    read = [d.source for part in parts for d in documents(part)]
    assert read == whole
    # with split_dumps the corpus gives the parts instead of the documents
    assert list(iter_corpus([dump], split_dumps=3)) == parts
    assert len({p.digest() for p in parts}) == 4


def test_dump_parts_of_a_plain_or_single_stream_dump_are_none(
    tmp_path: Path, pages: list[tuple[str, str]]
) -> None:
    one = write_test_dump(pages, tmp_path / "one.xml.bz2")
    assert dump_parts(one, 2) == []
    plain = write_test_dump(pages, tmp_path / "plain.xml")
    assert dump_parts(plain, 2) == []
    # such dumps are read as they are, even when parts are asked for
    assert [d.source for d in documents(iter_corpus([one], split_dumps=2))] == [
        d.source for d in documents(iter_corpus([one]))
    ]


def test_a_damaged_index_leaves_the_dump_whole(tmp_path: Path) -> None:
    dump = tmp_path / "wiki-multistream.xml.bz2"
    write_test_dump(numbered_pages(30), dump, multistream=True, pages_per_stream=10, index=True)
    (tmp_path / "wiki-multistream-index.txt.bz2").write_bytes(b"BZh9 not an index")
    assert dump_parts(dump, 1) == []
    assert len(documents(iter_corpus([dump], split_dumps=1))) == 30


def test_a_dump_part_refuses_a_missing_or_changed_dump(tmp_path: Path) -> None:
    dump = tmp_path / "wiki-multistream.xml.bz2"
    write_test_dump(numbered_pages(30), dump, multistream=True, pages_per_stream=10)
    part = dump_parts(dump, 1)[1]
    with dump.open("ab") as fh:
        fh.write(b"more")
    with pytest.raises(DumpChanged, match="differs"):
        list(part)
    dump.unlink()
    with pytest.raises(DumpChanged, match="must be at this path on every worker"):
        list(part)


# --- Bounded memory ----------------------------------------------------------------------------


def peak_while_streaming(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        count = sum(1 for item in iter_corpus([path]) if isinstance(item, Document))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_streaming_a_dump_holds_one_page_at_a_time(tmp_path: Path) -> None:
    small = write_test_dump(numbered_pages(500, 4), tmp_path / "small.xml.bz2")
    large = write_test_dump(numbered_pages(5000, 4), tmp_path / "large.xml.bz2")
    small_count, small_peak = peak_while_streaming(small)
    large_count, large_peak = peak_while_streaming(large)
    assert (small_count, large_count) == (500, 5000)
    assert large_peak < 20_000_000
    # Ten times the pages, not ten times the memory: the peak does not grow with the corpus.
    assert large_peak < 2 * small_peak + 1_000_000
    # Streaming 5,000 pages takes less memory than holding 1,000 of their documents.
    tracemalloc.start()
    try:
        kept = documents(islice(iter_corpus([large]), 1000))
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(kept) == 1000 and held > 2 * large_peak


# --- JSON Lines --------------------------------------------------------------------------------

RECORDS = [
    {
        "id": "a1",
        "title": "Clash",
        "text": "Rebels shelled the airport on 3 May 2019.",
        "url": "https://news.example.org/a1",
    },
    {"id": "a2", "title": "Raid", "text": "Police raided a farm.", "published": "2024-03-11"},
    {"text": "A third story without an id."},
]


def write_jsonl(path: Path, lines: list[str]) -> Path:
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    if path.suffix == ".gz":
        data = gzip.compress(data)
    elif path.suffix == ".zst":
        # Two frames, as a file appended to in two runs would hold.
        half = len(data) // 2
        cut = data.rindex(b"\n", 0, half) + 1
        compressor = zstandard.ZstdCompressor()
        data = compressor.compress(data[:cut]) + compressor.compress(data[cut:])
    elif path.suffix == ".bz2":
        data = bz2.compress(data)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", ["c.jsonl", "c.jsonl.gz", "c.jsonl.zst", "c.jsonl.bz2"])
def test_jsonl_round_trip(tmp_path: Path, name: str) -> None:
    path = write_jsonl(tmp_path / name, [json.dumps(r) for r in RECORDS])
    docs = list(iter_corpus([path]))
    assert all(isinstance(d, Document) for d in docs)
    assert [d.text for d in docs] == [r["text"] for r in RECORDS]  # type: ignore[union-attr]
    assert [d.source for d in docs] == [f"{path}#a1", f"{path}#a2", f"{path}:3"]  # type: ignore[union-attr]
    assert docs[0].url == RECORDS[0]["url"] and docs[1].published == "2024-03-11"  # type: ignore[union-attr]
    assert count_hint([path]) == 3


@pytest.mark.parametrize("name", ["bad.jsonl", "bad.jsonl.gz", "bad.jsonl.zst"])
def test_bad_jsonl_line_is_an_error_with_its_number(tmp_path: Path, name: str) -> None:
    lines = [
        json.dumps(RECORDS[0]),
        "{not json",
        "",
        json.dumps({"title": "no text"}),
        json.dumps(RECORDS[1]),
    ]
    items = list(iter_corpus([write_jsonl(tmp_path / name, lines)]))
    assert [type(i).__name__ for i in items] == ["Document", "ReadError", "ReadError", "Document"]
    assert (items[1].line, items[2].line) == (2, 4)  # type: ignore[union-attr]
    assert "not valid JSON" in items[1].message and "text" in items[2].message  # type: ignore[union-attr]


def test_jsonl_line_longer_than_the_limit(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "word " * 500}), json.dumps({"text": "A short one."})]
    items = list(iter_corpus([write_jsonl(tmp_path / "long.jsonl", lines)], max_bytes=1000))
    assert isinstance(items[0], ReadError) and items[0].line == 1 and "limit" in items[0].message
    assert isinstance(items[1], Document) and items[1].text == "A short one."


def test_jsonl_text_column(tmp_path: Path) -> None:
    lines = [
        json.dumps({"body": "Troops entered the town.", "title": "Entry"}),
        json.dumps({"x": 1}),
    ]
    first, second = iter_corpus([write_jsonl(tmp_path / "b.jsonl", lines)], text_column="body")
    assert isinstance(first, Document) and first.text == "Troops entered the town."
    assert isinstance(second, ReadError) and "'body'" in second.message and second.line == 2


def test_cut_gzip_jsonl_keeps_the_lines_before_the_cut(tmp_path: Path) -> None:
    lines = [json.dumps({"id": n, "text": f"Story number {n} about a march."}) for n in range(3000)]
    path = write_jsonl(tmp_path / "cut.jsonl.gz", lines)
    path.write_bytes(path.read_bytes()[:-200])
    items = list(iter_corpus([path]))
    assert isinstance(items[-1], ReadError) and "cut off" in items[-1].message
    docs = documents(items)
    assert 1000 < len(docs) < 3000
    assert [d.source for d in docs] == [f"{path}#{n}" for n in range(len(docs))]


# --- Parquet -----------------------------------------------------------------------------------


def test_parquet_round_trip(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": ["p1", "p2", "p3"],
            "title": ["First", "Second", None],
            "text": ["Gunmen attacked a bus.", None, "Soldiers left the base."],
            "published": [date(2024, 3, 11), None, date(2023, 1, 2)],
            "words": [4, 0, 4],
        }
    )
    path = tmp_path / "news.parquet"
    pq.write_table(table, path, row_group_size=2)
    first, second, third = iter_corpus([path])
    assert isinstance(first, Document) and first.text == "Gunmen attacked a bus."
    assert (first.title, first.source, first.published) == ("First", f"{path}#p1", "2024-03-11")
    assert isinstance(second, ReadError) and second.line == 2
    assert isinstance(third, Document) and third.source == f"{path}#p3"
    assert count_hint([path]) == 3


def test_parquet_text_column_by_name_and_missing(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"body": ["Shelling was reported."], "lang": ["en"]}), path)
    (doc,) = iter_corpus([path], text_column="body")
    assert isinstance(doc, Document) and doc.text == "Shelling was reported."
    items = list(iter_corpus([path]))
    assert len(items) == 1 and isinstance(items[0], ReadError)
    assert "no 'text' column" in items[0].message and "body, lang" in items[0].message


# --- Directory trees and hints -----------------------------------------------------------------


def test_directory_tree_in_sorted_order(tmp_path: Path, pages: list[tuple[str, str]]) -> None:
    root = tmp_path / "corpus"
    (root / "b-news").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / ".hidden" / "skip.txt").write_text("Hidden text.", encoding="utf-8")
    (root / "a-article.txt").write_text(
        example(".txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (root / "c.wiki").write_text(example(".wiki").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "notes.csv").write_text("not,read\n", encoding="utf-8")
    write_jsonl(root / "b-news" / "day1.jsonl.gz", [json.dumps(r) for r in RECORDS[:2]])
    write_test_dump(pages[:2], root / "b-news" / "wiki.xml.bz2")
    items = list(iter_corpus([root]))
    assert errors(items) == []
    sources = [d.source for d in documents(items)]
    assert sources[0] == str(root / "a-article.txt")
    assert sources[1:3] == [f"{root / 'b-news' / 'day1.jsonl.gz'}#a{n}" for n in (1, 2)]
    assert sources[3:5] == [f"{root / 'b-news' / 'wiki.xml.bz2'}#{n}" for n in (1, 3)]
    assert sources[5] == str(root / "c.wiki")
    assert count_hint([root]) == 6
    assert [d.source for d in documents(iter_corpus([root]))] == sources


def test_inputs_that_cannot_be_read(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = tmp_path / "missing.jsonl.gz"
    (item,) = iter_corpus([empty])
    assert isinstance(item, ReadError) and "no readable files" in item.message
    (item,) = iter_corpus([missing])
    assert isinstance(item, ReadError) and item.source == str(missing)
    assert count_hint([missing]) is None and count_hint(["-"]) is None


def test_count_hint_estimates_a_large_jsonl_file(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": n, "text": f"Report {n}: " + "shelling " * (n % 40)})
        for n in range(40_000)
    ]
    for name in ("big.jsonl", "big.jsonl.gz"):
        path = write_jsonl(tmp_path / name, lines)
        hint = count_hint([path])
        assert hint is not None and abs(hint - 40_000) < 4_000, (name, hint)


def test_count_hint_counts_dump_articles(tmp_path: Path, pages: list[tuple[str, str]]) -> None:
    dump = write_test_dump(pages, tmp_path / "d.xml.bz2")
    assert count_hint([dump, example(".wiki")]) == len(pages) + 1
