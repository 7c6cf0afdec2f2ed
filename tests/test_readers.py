"""Readers: every input format becomes a Document; bad input becomes a one-line ReadError."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procopius.document import Document
from procopius.readers import (
    ReadError,
    UnreadableInput,
    iter_documents,
    read_html,
    read_jsonl,
    read_plain,
    read_text,
    read_wikitext,
    sniff_format,
)
from procopius.readers.files import decode_cp1252, human_size, looks_binary, title_from_path
from procopius.readers.wikitext import strip_dropped_markup
from procopius.samples import example_paths

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
WIKI = FIXTURES / "northern-ridge-front.wiki"
HTML = FIXTURES / "river-town-clash.html"
JSONL = FIXTURES / "corpus.jsonl"
PLAIN = FIXTURES / "lowland-militia.txt"
#: a page with the markup of a well-referenced Wikipedia article (citation templates, footnotes,
#: a table, a reference list holding references, sources, navigation boxes)
SIEGE_WIKI = FIXTURES / "siege-of-karvel.wiki"
EXAMPLE_WIKI = [p for p in example_paths() if p.suffix == ".wiki"]

GOOD_TEXT = "Rebels shelled the airport on 3 May 2019, killing two civilians.\n"


def read_all(*paths: str | Path, **options: object) -> list[Document | ReadError]:
    return list(iter_documents(list(paths), **options))  # type: ignore[arg-type]


def documents(items: list[Document | ReadError]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def errors(items: list[Document | ReadError]) -> list[ReadError]:
    return [item for item in items if isinstance(item, ReadError)]


def only_error(items: list[Document | ReadError]) -> ReadError:
    found = errors(items)
    assert len(found) == 1, found
    return found[0]


# --- ReadError -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (ReadError("a.txt", "empty file"), "a.txt: empty file"),
        (ReadError("c.jsonl", 'no "text" field', 3), 'c.jsonl:3: no "text" field'),
    ],
)
def test_read_error_is_one_line_naming_source_and_line(error: ReadError, expected: str) -> None:
    assert str(error) == expected


# --- plain text ------------------------------------------------------------------------------


def test_plain_text_file_is_kept_exactly_with_sections_at_true_offsets() -> None:
    raw = PLAIN.read_text(encoding="utf-8")
    [doc] = read_all(PLAIN)
    assert isinstance(doc, Document)
    assert doc.text == raw
    assert doc.title == "Lowland militia"
    assert doc.source == str(PLAIN)
    titles = [(s.title, s.level) for s in doc.sections]
    assert titles == [("History", 2), ("Later years", 3), ("References", 2)]
    history, later, _ = doc.sections
    assert raw[history.start : history.body_start] == "== History =="
    assert raw[later.start : later.body_start] == "=== Later years ==="
    assert history.end == raw.index("\n== References ==") + 1
    assert later.start < history.end and later.end == history.end


def test_plain_text_drops_only_a_leading_byte_order_mark(tmp_path: Path) -> None:
    text = "First line.\r\n\r\n== Aftermath ==\r\nSecond  line,\twith tabs.\n"
    path = tmp_path / "windows-article.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    [doc] = read_all(path)
    assert isinstance(doc, Document)
    assert doc.text == text
    assert read_plain("\ufeffabc").text == "abc"


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("national-resistance-brigades.txt", "National resistance brigades"),
        ("Some_Armed_Group.wiki", "Some Armed Group"),
        ("al-Quds brigade notes.txt", "Al-Quds brigade notes"),
    ],
)
def test_title_from_file_name(name: str, title: str) -> None:
    assert title_from_path(name) == title


# --- wikitext --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wiki_doc() -> Document:
    [doc] = read_all(WIKI)
    assert isinstance(doc, Document)
    return doc


def test_wikitext_renders_lead_and_sections_as_plain_text(wiki_doc: Document) -> None:
    text = wiki_doc.text
    assert text.startswith("The Northern Ridge Front (NRF; جبهة الحافة الشمالية) is a fictional")
    assert "armed group in the Kestrel highlands. It was founded in 1998." in text
    assert "It operates in three districts." in text
    assert "\n\n\n== History ==\nIn March 2003, the group attacked a depot near Old Mill," in text
    assert "\n\n\n=== Split ===\nIn 2006 a faction left to form the Lake Union." in text


@pytest.mark.parametrize(
    "markup",
    [
        "'''",
        "''",
        "[[",
        "]]",
        "{{",
        "}}",
        "<ref",
        "Interview",
        "cite web",
        "hidden note",
        "wikitable",
        "Attacks",
        "Category",
        "Official site",
        "Example report",
        "Short description",
    ],
)
def test_wikitext_markup_references_tables_and_templates_are_gone(
    wiki_doc: Document, markup: str
) -> None:
    assert markup not in wiki_doc.text


def test_wikitext_sections_found_with_offsets_into_rendered_text(wiki_doc: Document) -> None:
    text = wiki_doc.text
    found = [(s.title, s.level) for s in wiki_doc.sections]
    assert found == [
        ("History", 2),
        ("Split", 3),
        ("References", 2),
        ("External links", 2),
        ("Infobox", 2),
    ]
    history, split = wiki_doc.sections[:2]
    assert text[history.start : history.body_start] == "== History =="
    assert text[split.start : split.body_start] == "=== Split ==="
    assert "Lake Union" in text[split.body_start : split.end]
    assert history.end == text.index("== References ==")


def test_wikitext_reference_sections_keep_heading_but_lose_content(wiki_doc: Document) -> None:
    refs = next(s for s in wiki_doc.sections if s.title == "References")
    assert wiki_doc.text[refs.body_start : refs.end].strip() == ""
    links = next(s for s in wiki_doc.sections if s.title == "External links")
    assert wiki_doc.text[links.body_start : links.end].strip() == ""


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Northern Ridge Front"),
        ("native_name", "جبهة الحافة الشمالية"),
        ("active", "12 April 1998 – present"),
        ("leaders", "Tomas Varga; Ilse Marek"),
        ("headquarters", "Kestrel; Old Mill"),
        ("allies", "Lake Union; Coastal Guard"),
        ("size", "300 km of front line"),
    ],
)
def test_wikitext_infobox_fields_are_plain_text(wiki_doc: Document, field: str, value: str) -> None:
    assert wiki_doc.infobox[field] == value


def test_wikitext_title_from_infobox_name_and_empty_fields_left_out(wiki_doc: Document) -> None:
    assert wiki_doc.title == "Northern Ridge Front"
    assert "empty_field" not in wiki_doc.infobox


@pytest.mark.parametrize(
    ("markup", "rendered"),
    [
        ("A [[Foo (town)|Foo]] raid.", "A Foo raid."),
        ("A [[Foo]] raid.", "A Foo raid."),
        ("Seen in [[File:Map.png|thumb|A map]] the hills.", "Seen in the hills."),
        ("A raid.<ref name=x/> Then more.", "A raid. Then more."),
        ("See [http://example.org the report] now.", "See the report now."),
        ("Fighters &amp; police.", "Fighters & police."),
        ("A {{convert|2|to|3|km}} march.", "A 2 to 3 km march."),
        ("Formed {{circa|1970}}.", "Formed c. 1970."),
        ("{{As of|2019|5}}, it was active.", "As of May 2019, it was active."),
        ("The ''Free'' '''Hills''' group.", "The Free Hills group."),
        (
            "Named {{transl|ar|Jaysh}} at first.{{citation needed|date=May 2020}}",
            "Named Jaysh at first.",
        ),
        (
            "Before.\n{{Quote|text=We will fight on.|author=X}}\nAfter.",
            "Before.\nWe will fight on.\nAfter.",
        ),
        (
            "Members:\n* the [[North Cell|north cell]]\n* the south cell",
            "Members:\nthe north cell\nthe south cell",
        ),
    ],
)
def test_wikitext_inline_markup_renders_as_readers_see_it(markup: str, rendered: str) -> None:
    assert read_wikitext(markup).text == rendered


def test_wikitext_title_argument_wins_then_first_bold() -> None:
    assert read_wikitext("The '''Sand Hawks''' are a group.").title == "Sand Hawks"
    assert read_wikitext("The '''Sand Hawks''' are a group.", title="Hawks").title == "Hawks"


def test_truncated_wikitext_reads_what_it_can(tmp_path: Path) -> None:
    path = tmp_path / "cut.wiki"
    path.write_text(
        "{{Infobox militant group\n| name = Dune Watch\n}}\n"
        "The '''Dune Watch''' is a group.\n== History ==\n"
        "It fought in [[Sarn|the town of Sarn]] in 2004.<ref>{{cite news|title=Cut",
        encoding="utf-8",
    )
    [doc] = read_all(path)
    assert isinstance(doc, Document)
    assert doc.text == (
        "The Dune Watch is a group.\n\n\n== History ==\nIt fought in the town of Sarn in 2004."
        "\n\n\n== Infobox ==\nname: Dune Watch\n"
    )
    assert doc.infobox == {"name": "Dune Watch"}


@pytest.mark.parametrize(
    ("markup", "prepared"),
    [
        (
            "A raid.<ref name=\"p\">{{cite news|title=Raid|work=''Daily''}}</ref> More.",
            "A raid.<ref/> More.",
        ),
        ("A raid.<REF group=n>[http://x.org Report], p. 5</ref > More.", "A raid.<ref/> More."),
        ("A raid.<ref name=p/> More.", "A raid.<ref name=p/> More."),
        # left to the parser as written: a tag or a comment inside, brackets or marks unpaired
        ("A.<ref>On <span>x</span>.</ref>", "A.<ref>On <span>x</span>.</ref>"),
        ("A.<!-- <ref>x --> y</ref>", "A.<!-- <ref>x --> y</ref>"),
        ("A.<ref>{{cite news|title=Cut</ref>", "A.<ref>{{cite news|title=Cut</ref>"),
        ("A.<ref>''Cut</ref>", "A.<ref>''Cut</ref>"),
        ("A.<ref== H ==>x</ref>", "A.<ref== H ==>x</ref>"),
        ("A.<ref>}} x {{y|</ref>", "A.<ref>}} x {{y|</ref>"),
        ("<!-- A.<ref>x</ref>", "<!-- A.<ref>x</ref>"),
        (
            "<nowiki><ref>x</ref></nowiki> A.<ref>y</ref>",
            "<nowiki><ref>x</ref></nowiki> A.<ref>y</ref>",
        ),
    ],
)
def test_wikitext_references_are_emptied_before_parsing(markup: str, prepared: str) -> None:
    assert strip_dropped_markup(markup) == prepared


@pytest.mark.parametrize(
    ("markup", "prepared"),
    [
        (
            "Text.\n== References ==\n* {{cite book|title=X}}\n[[Category:Y]]\n",
            "Text.\n== References ==\n",
        ),
        (
            "A.\n== Further reading ==\n* x\n=== More ===\n* y\n== History ==\nB.",
            "A.\n== Further reading ==\n=== More ===\n* y\n== History ==\nB.",
        ),
        # kept: an infobox (it would be read), a heading inside a template, a mark left open
        ("A.\n== External links ==\n{{Infobox x|a=b}}\n", None),
        ("{{x|\n== References ==\n* a\n}}\nB.", None),
        ("A ''b.\n== References ==\n* ''c''\n", None),
        ("A.\n== External links ==\n* x }}{{y|\n== Other ==\nB}}", None),
    ],
)
def test_wikitext_reference_section_bodies_are_cut_before_parsing(
    markup: str, prepared: str | None
) -> None:
    assert strip_dropped_markup(markup) == (markup if prepared is None else prepared)


@pytest.mark.parametrize(
    ("markup", "prepared"),
    [
        ("A\n{|\n| a || b\n|-\n| <small>c</small> || [[d]]\n|}\nB", "A\n<ref/>\nB"),
        ("A\n{|\n! x\n|-\n|\n{|\n| inner\n|}\n|}\nB", "A\n<ref/>\nB"),
        # kept: not at the start of a line, inside a template, a tag or a mark left open
        ("A\n {|\n| a\n|}\nB", None),
        ("{{x|\n{|\n| a\n|}\n}}", None),
        ("A\n{|\n| <small>x\n|}\n</small>B", None),
        ("A ''b\n{|\n| a\n|}\n''B", None),
    ],
)
def test_wikitext_tables_are_cut_before_parsing(markup: str, prepared: str | None) -> None:
    assert strip_dropped_markup(markup) == (markup if prepared is None else prepared)


def test_wikitext_infobox_field_names_are_plain_text() -> None:
    doc = read_wikitext(
        "{{Infobox group\n| name<!-- as used by the group --> = Sand Hawks\n}}\nText."
    )
    assert doc.infobox == {"name": "Sand Hawks"}


def test_a_well_referenced_page_reads_as_its_prose_and_infobox() -> None:
    doc = read_wikitext(SIEGE_WIKI.read_text(encoding="utf-8"))
    assert doc.title == "Siege of Karvel"
    assert doc.text.startswith("The Siege of Karvel was a five-month blockade")
    assert "at least 40 civilians were killed by September." in doc.text
    for dropped in ("Orlan", "Example Press", "cite", "ref", "Commons", "Category", "Deaths"):
        assert dropped not in doc.text
    assert [s.title for s in doc.sections][:4] == [
        "Background",
        "Siege",
        "Blockade",
        "Breakthrough",
    ]
    assert doc.infobox["casualties2"] == "About 300 killed"
    assert doc.infobox["combatant1"] == "Velmland; Karvel Home Guard"


def test_cutting_dropped_markup_leaves_the_reading_unchanged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from procopius.readers import wikitext

    texts = [path.read_text(encoding="utf-8") for path in (WIKI, SIEGE_WIKI, *EXAMPLE_WIKI)]
    assert any(strip_dropped_markup(text) != text for text in texts)
    emptied = [_reading(text) for text in texts]
    monkeypatch.setattr(wikitext, "strip_dropped_markup", lambda text: text)
    assert [_reading(text) for text in texts] == emptied


def test_wikitext_with_no_article_text_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput, match="no article text found in the wikitext"):
        read_wikitext("{{Infobox x\n| name = A\n| b = [[c")
    path = tmp_path / "only-markup.wiki"
    path.write_text("{{Short description|x}}\n[[Category:Y]]\n", encoding="utf-8")
    assert str(only_error(read_all(path))) == f"{path}: no article text found in the wikitext"


# --- HTML ------------------------------------------------------------------------------------


def test_news_html_gives_article_text_title_date_and_url() -> None:
    [doc] = read_all(HTML)
    assert isinstance(doc, Document)
    assert doc.title == "Clash reported near river town"
    assert doc.published == "2021-06-14"
    assert doc.url == "https://news.example.org/2021/06/14/river-town-clash"
    assert "clashed with police outside the river town of Dunmore on Sunday" in doc.text
    assert "At least three people were wounded" in doc.text
    for boilerplate in ("tracking", "World", "Copyright", "<p>"):
        assert boilerplate not in doc.text


def test_short_html_falls_back_to_tag_stripping() -> None:
    page = (
        "<html><head><title>Short note</title>"
        '<meta name="date" content="2022-01-05"></head>'
        "<body><p>Two killed in <b>raid</b>.</p><script>x = 1</script>"
        "<p>Police &amp; army respond.</p></body></html>"
    )
    doc = read_html(page, source="note.html")
    assert doc.title == "Short note"
    assert doc.published == "2022-01-05"
    assert "Two killed in raid." in doc.text
    assert "Police & army respond." in doc.text
    assert "x = 1" not in doc.text


def test_truncated_html_reads_what_it_can(tmp_path: Path) -> None:
    path = tmp_path / "cut.html"
    path.write_text(
        "<html><head><title>Cut page</title></head><body><article>"
        "<p>Gunmen attacked a checkpoint near the border, killing two soldiers, officials sai",
        encoding="utf-8",
    )
    [doc] = read_all(path)
    assert isinstance(doc, Document)
    assert doc.text.startswith("Gunmen attacked a checkpoint near the border")


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Only a title",
        "<!doctype html><html><body><script>track()</script><nav>Home</nav></body></html>",
    ],
)
def test_html_without_article_text_is_an_error_naming_the_file(tmp_path: Path, page: str) -> None:
    path = tmp_path / "hollow.html"
    path.write_text(page, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    items = read_all(path, good)
    assert str(only_error(items)) == f"{path}: no article text found in the HTML"
    assert [d.text for d in documents(items)] == [GOOD_TEXT]


# --- JSON Lines ------------------------------------------------------------------------------


def test_jsonl_reads_each_line_and_reports_the_broken_one() -> None:
    items = read_all(JSONL)
    assert len(items) == 3
    first, broken, third = items
    assert isinstance(first, Document) and isinstance(third, Document)
    assert first.text == "Two people were killed when a market was shelled on Monday."
    assert (first.title, first.url, first.published) == (
        "Market attack",
        "https://news.example.org/n1",
        "2020-02-03",
    )
    assert first.source == f"{JSONL}#n1"
    assert isinstance(broken, ReadError)
    assert (broken.source, broken.line) == (str(JSONL), 2)
    assert str(broken).startswith(f"{JSONL}:2: not valid JSON (")
    assert third.text == (
        "The Hill Guard is a fictional group in Brenna.\n\n\n== History ==\nIt was formed in 1990."
    )
    assert third.title == "Hill Guard"
    assert [s.title for s in third.sections] == ["History"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"title": "no text here"}', 'no "text" field'),
        ('{"text": null}', 'no "text" field'),
        ('{"text": 42}', '"text" is not a string (found int)'),
        ('{"text": "   "}', '"text" is empty'),
        ('["text", "in a list"]', "not a JSON object (found list)"),
        ('{"text": "unclosed', "not valid JSON (Unterminated string starting at, column 10)"),
    ],
)
def test_jsonl_bad_line_is_reported_by_number_and_others_still_read(
    line: str, message: str
) -> None:
    lines = [json.dumps({"text": "First record."}), "", line, json.dumps({"text": "Last record."})]
    items = list(read_jsonl(lines, "corpus.jsonl"))
    assert [d.text for d in documents(items)] == ["First record.", "Last record."]
    assert str(only_error(items)) == f"corpus.jsonl:3: {message}"
    assert documents(items)[1].source == "corpus.jsonl:4"


def test_json_file_with_a_list_of_records(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    records = [{"id": "a", "text": "Alpha text."}, {"text": ""}, {"id": "c", "text": "Gamma."}]
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    items = read_all(path)
    assert [d.source for d in documents(items)] == [f"{path}#a", f"{path}#c"]
    assert str(only_error(items)) == f'{path}:2: "text" is empty'


# --- sniffing and read_text ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("{{Infobox militant group\n| name = X\n}}\nX is a group.", "wikitext"),
        ("The '''Red Hand''' is a group.", "wikitext"),
        ("It fought in [[Sarn]].", "wikitext"),
        ("  <!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("<html><body><p>x</p></body></html>", "html"),
        ('<?xml version="1.0"?>\n<!DOCTYPE html><html></html>', "html"),
        ("Plain words.\n\n\n== History ==\nMore words.", "plain"),
        ("A note about <b>bold</b> in prose.", "plain"),
    ],
)
def test_sniff_format(text: str, fmt: str) -> None:
    assert sniff_format(text) == fmt


def test_read_text_passes_metadata_and_honours_explicit_format() -> None:
    doc = read_text("It fought in [[Sarn]].", title="T", source="s", published="2001-02-03")
    assert (doc.text, doc.title, doc.source, doc.published) == (
        "It fought in Sarn.",
        "T",
        "s",
        "2001-02-03",
    )
    assert read_text("It fought in [[Sarn]].", fmt="plain").text == "It fought in [[Sarn]]."
    with pytest.raises(ValueError, match="unknown input format"):
        read_text("x", fmt="pdf")


def test_standard_input_is_read_and_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"The '''Red Hand''' raided [[Sarn]]."))
    monkeypatch.setattr(sys, "stdin", stdin)
    [doc] = read_all("-")
    assert isinstance(doc, Document)
    assert (doc.text, doc.source, doc.title) == ("The Red Hand raided Sarn.", "<stdin>", "Red Hand")


def test_standard_input_jsonl_is_recognised(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = "\n".join(json.dumps({"text": t}) for t in ("One.", "Two.")) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    assert [d.text for d in documents(read_all("-"))] == ["One.", "Two."]


# --- directories -----------------------------------------------------------------------------


def test_directory_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "inner.txt").write_text("Inner.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First.\n", encoding="utf-8")
    (tmp_path / "c.wiki").write_text("The '''C''' group.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# ignored\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.\n", encoding="utf-8")
    items = read_all(tmp_path)
    assert not errors(items)
    assert [d.text for d in documents(items)] == ["First.\n", "Inner.\n", "The C group."]


def test_fixture_directory_reads_every_format() -> None:
    items = read_all(FIXTURES)
    assert {Path(d.source.split("#")[0]).suffix for d in documents(items)} == {
        ".jsonl",
        ".txt",
        ".wiki",
        ".html",
    }
    assert [e.line for e in errors(items)] == [2]


def test_empty_directory_is_an_error_and_other_inputs_still_read(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.md").write_text("not an input\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    items = read_all(empty, good)
    assert str(only_error(items)) == (
        f"{empty}: no readable files (.txt, .wiki, .html, .jsonl) in {empty}"
    )
    assert [d.text for d in documents(items)] == [GOOD_TEXT]


# --- bad files -------------------------------------------------------------------------------


def make_bad_file(tmp_path: Path, kind: str) -> tuple[Path, str]:
    """A bad input of one kind and the message its ReadError must carry."""
    if kind == "missing":
        return tmp_path / "no-such-article.txt", "no such file or directory"
    if kind == "empty":
        path = tmp_path / "empty.txt"
        path.write_bytes(b"")
        return path, "empty file"
    if kind == "whitespace":
        path = tmp_path / "blank.wiki"
        path.write_bytes(b" \n\t\r\n  \n")
        return path, "empty file"
    if kind == "binary-nul":
        path = tmp_path / "photo.txt"
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
        return path, "binary file, not text"
    if kind == "binary-controls":
        path = tmp_path / "blob.html"
        path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 65, 66, 14, 15, 16]) * 50)
        return path, "binary file, not text"
    if kind == "latin-1":
        path = tmp_path / "latin.txt"
        path.write_bytes("Attaque à Saïda le 3 mai.\n".encode("latin-1"))
        return path, "not UTF-8 text (invalid byte 0xe0 at offset 8)"
    if kind == "too-large":
        path = tmp_path / "huge.txt"
        path.write_text("word " * 1000, encoding="utf-8")
        return path, "file is 5 kB, larger than the limit of 2 kB; raise it with --max-bytes"
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind",
    ["missing", "empty", "whitespace", "binary-nul", "binary-controls", "latin-1", "too-large"],
)
def test_bad_file_yields_one_line_error_and_other_inputs_are_still_read(
    tmp_path: Path, kind: str
) -> None:
    bad, message = make_bad_file(tmp_path, kind)
    before = tmp_path / "before.txt"
    before.write_text("Before.\n", encoding="utf-8")
    items = read_all(before, bad, PLAIN, max_bytes=2000)
    error = only_error(items)
    assert str(error) == f"{bad}: {message}"
    assert "\n" not in str(error)
    assert error.line is None
    assert [d.source for d in documents(items)] == [str(before), str(PLAIN)]


def test_bad_file_inside_a_directory_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Alpha.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "c.txt").write_text("Gamma.\n", encoding="utf-8")
    items = read_all(tmp_path)
    assert [d.text for d in documents(items)] == ["Alpha.\n", "Gamma.\n"]
    assert str(only_error(items)) == f"{tmp_path / 'b.txt'}: binary file, not text"


def test_latin1_is_read_only_with_the_encoding_fallback(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Attaque à Saïda – 3 mai.\n".encode("cp1252"))
    assert errors(read_all(path))
    [doc] = read_all(path, encoding_fallback=True)
    assert isinstance(doc, Document)
    assert doc.text == "Attaque à Saïda – 3 mai.\n"
    assert decode_cp1252(b"a\x81b\x93") == "a\x81b\u201c"


def test_unknown_suffix_named_explicitly_is_read_as_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "report.log"
    path.write_text("It fought in [[Sarn]].\n", encoding="utf-8")
    [doc] = read_all(path)
    assert isinstance(doc, Document)
    assert doc.text == "It fought in [[Sarn]].\n"
    assert doc.title == "Report"


def test_too_large_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 50)))
    assert str(only_error(read_all("-", max_bytes=10))) == (
        "<stdin>: input is larger than the limit of 10 bytes; raise it with --max-bytes"
    )


@pytest.mark.parametrize(
    ("size", "shown"),
    [(312, "312 bytes"), (1500, "1.5 kB"), (20_000_000, "20 MB"), (52_400_000, "52.4 MB")],
)
def test_human_size(size: int, shown: str) -> None:
    assert human_size(size) == shown


@pytest.mark.parametrize(
    ("data", "binary"),
    [
        (b"plain words\n", False),
        ("café – naïve".encode(), False),
        ("Attaque à Saïda".encode("latin-1"), False),
        (b"\x1b[31mred\x1b[0m log line with some ordinary words in it\n", False),
        (b"abc\x00def", True),
        (bytes(range(1, 32)) * 10, True),
    ],
)
def test_looks_binary(data: bytes, binary: bool) -> None:
    assert looks_binary(data) is binary


# --- properties ------------------------------------------------------------------------------

MARKUP_PIECES = st.sampled_from(
    [
        "{{",
        "}}",
        "[[",
        "]]",
        "|",
        "'''",
        "''",
        "<ref>",
        "</ref>",
        "<br>",
        "== H ==",
        "\n",
        "{|",
        "|}",
        "<!--",
        "-->",
        "* ",
        "=",
        "<",
        ">",
        "&amp;",
        "word ",
        "Infobox",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(MARKUP_PIECES | st.text(max_size=8), max_size=40).map("".join))
def test_any_wikitext_gives_a_document_or_a_clear_refusal(text: str) -> None:
    try:
        doc = read_wikitext(text)
    except UnreadableInput as error:
        assert str(error) == "no article text found in the wikitext"
    else:
        assert doc.text.strip()
        for section in doc.sections:
            assert doc.text[section.start : section.body_start].startswith("==")


REFERENCE_PIECES = MARKUP_PIECES | st.sampled_from(
    [
        "<ref name=p/>",
        '<ref name="a/b">',
        "<REF group=n>",
        "</ref >",
        "<ref>{{cite news|title=A ''B''|url=http://x}}</ref>",
        '<ref name="p">[http://x A]</ref>',
        "<ref>a</ref>",
        "<nowiki>",
        "</nowiki>",
        "<span>",
        "</span>",
        "'''''",
        "[",
        "]",
        "{",
        "}",
        "\n== References ==\n",
        "\n=== Notes ===\n",
        "== External links ==",
        "\n* {{cite book|title=x}}\n",
        "\n== History ==\n",
        "[[Category:X]]",
        "{{Infobox x|a=b}}",
        "==",
        "\n=",
        "\n{|",
        "\n|}",
        "\n|-\n",
        "||",
        "\n! ",
        " {|",
        "{{x|}}",
        "<small>",
        "</small>",
        "<br />",
        '\n{| class="wikitable"\n! A !! B\n|-\n| 1 || [[x]]\n|}\n',
    ]
)


def _reading(text: str) -> tuple[object, ...] | str:
    try:
        doc = read_wikitext(text)
    except UnreadableInput as error:
        return str(error)
    return (doc.text, doc.title, doc.infobox, [s.to_dict() for s in doc.sections])


@settings(max_examples=300, deadline=None)
@given(st.lists(REFERENCE_PIECES | st.text(max_size=5), max_size=40).map("".join))
def test_any_wikitext_reads_the_same_with_dropped_markup_cut_first(text: str) -> None:
    from procopius.readers import wikitext

    emptied = _reading(text)
    keep = wikitext.strip_dropped_markup
    wikitext.strip_dropped_markup = lambda text: text
    try:
        assert _reading(text) == emptied
    finally:
        wikitext.strip_dropped_markup = keep


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_iter_documents_never_raises_on_arbitrary_bytes(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    directory = tmp_path_factory.mktemp("bytes")
    for suffix in (".txt", ".wiki", ".html", ".jsonl"):
        (directory / f"input{suffix}").write_bytes(data)
    items = read_all(directory)
    assert len(items) >= 4
    for item in items:
        if isinstance(item, ReadError):
            assert str(item).startswith(str(directory)) and "\n" not in str(item)
    plain = [d for d in documents(items) if d.source.endswith(".txt")]
    if plain:
        assert plain[0].text == data.decode("utf-8-sig")


def test_wikitext_infobox_is_kept_as_a_last_section_of_field_lines(wiki_doc: Document) -> None:
    infobox = wiki_doc.sections[-1]
    assert infobox.title == "Infobox"
    block = wiki_doc.text[infobox.body_start : infobox.end]
    for field, value in wiki_doc.infobox.items():
        assert f"{field}: {value}" in block
