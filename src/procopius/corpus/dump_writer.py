"""Small MediaWiki XML dumps written from (title, wikitext) pairs, in the export format of
Wikipedia's `pages-articles` dumps: for tests of the corpus readers and engines, and for
benchmarks. `example_pages()` gives the built-in example articles as such pairs."""

from __future__ import annotations

import bz2
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..readers.files import title_from_path
from .multistream import index_path
from .parts import PAGES_PER_STREAM

EXPORT_NAMESPACE = "http://www.mediawiki.org/xml/export-0.11/"
TIMESTAMP = "2024-01-01T00:00:00Z"
NAMESPACES = (
    (-2, "Media"),
    (-1, "Special"),
    (0, ""),
    (1, "Talk"),
    (2, "User"),
    (3, "User talk"),
    (4, "Wikipedia"),
    (6, "File"),
    (10, "Template"),
    (14, "Category"),
)
LEAD_NAME_RE = re.compile(r"(?:The )?(?P<name>[A-Z][^\s(),.;:]*(?: [^\s(),.;:]+){0,7}) \(")

HEADER = f"""<mediawiki xmlns="{EXPORT_NAMESPACE}" version="0.11" xml:lang="en">
  <siteinfo>
    <sitename>Wikipedia</sitename>
    <dbname>enwiki</dbname>
    <base>https://en.wikipedia.org/wiki/Main_Page</base>
    <generator>MediaWiki 1.41.0</generator>
    <case>first-letter</case>
    <namespaces>
{{namespaces}}
    </namespaces>
  </siteinfo>
"""
FOOTER = "</mediawiki>\n"


def write_test_dump(
    documents: Iterable[tuple[str, str]],
    path: Path,
    *,
    multistream: bool = False,
    extra_pages: bool = True,
    pages_per_stream: int = PAGES_PER_STREAM,
    index: bool = False,
) -> Path:
    """Write the (title, wikitext) pairs as a MediaWiki XML dump, compressed with bzip2 when
    `path` ends in ".bz2", plain XML otherwise. `multistream` writes the multistream form:
    the header, every `pages_per_stream` pages and the footer each in a bzip2 stream of their
    own, one after another in the file; with `index`, also its index beside it, as Wikipedia
    publishes it (`X-index.txt.bz2` for `X.xml.bz2`, lines of `offset:page_id:title`).
    `extra_pages` adds a redirect after the first article and a talk page after the second,
    which readers of the dump must skip. Page ids count from 1 in file order. Returns `path`."""
    path = Path(path)
    compressed = path.suffix.lower() == ".bz2"
    if multistream and not compressed:
        raise ValueError("a multistream dump is a .bz2 file")
    if index and not multistream:
        raise ValueError("only a multistream dump has an index")
    groups = _page_groups(_pages(documents, extra_pages), pages_per_stream if multistream else 0)
    entries: list[str] = []
    with path.open("wb") as out:
        if not compressed:
            out.write(_header().encode("utf-8"))
            for group in groups:
                out.write("".join(xml for _, _, xml in group).encode("utf-8"))
            out.write(FOOTER.encode("utf-8"))
        elif multistream:
            out.write(bz2.compress(_header().encode("utf-8")))
            for group in groups:
                offset = out.tell()
                entries.extend(f"{offset}:{page_id}:{title}\n" for page_id, title, _ in group)
                out.write(bz2.compress("".join(xml for _, _, xml in group).encode("utf-8")))
            out.write(bz2.compress(FOOTER.encode("utf-8")))
        else:
            compressor = bz2.BZ2Compressor()
            out.write(compressor.compress(_header().encode("utf-8")))
            for group in groups:
                out.write(compressor.compress("".join(xml for _, _, xml in group).encode("utf-8")))
            out.write(compressor.compress(FOOTER.encode("utf-8")))
            out.write(compressor.flush())
    if index:
        index_path(path).write_bytes(bz2.compress("".join(entries).encode("utf-8")))
    return path


def example_pages() -> list[tuple[str, str]]:
    """The built-in example articles as (title, wikitext) pairs, sorted by file name: the
    wikitext example as it is, the Wikipedia plain-text examples as simple wikitext (their
    `== Heading ==` lines already are), their name in bold in the lead as Wikipedia writes it."""
    from ..samples import example_paths

    pages: list[tuple[str, str]] = []
    for path in example_paths():
        text = path.read_text(encoding="utf-8").lstrip("\ufeff")
        if path.suffix == ".wiki":
            pages.append((_wikitext_title(text) or title_from_path(path), text))
        elif path.suffix == ".txt":
            pages.append(plain_text_page(text, title_from_path(path)))
    return pages


def plain_text_page(text: str, fallback_title: str) -> tuple[str, str]:
    """A Wikipedia plain-text article as a (title, wikitext) page: the title is the name the
    lead sentence opens with ("The X (...)"), set in bold there."""
    match = LEAD_NAME_RE.match(text)
    if match is None:
        return fallback_title, text
    name = match.group("name")
    start, end = match.span("name")
    return name, f"{text[:start]}'''{name}'''{text[end:]}"


def _wikitext_title(text: str) -> str:
    match = re.search(r"^\|\s*name\s*=\s*(.+?)\s*$", text, re.M)
    return match.group(1) if match else ""


def _header() -> str:
    namespaces = "\n".join(
        f'      <namespace key="{key}" case="first-letter" />'
        if not name
        else f'      <namespace key="{key}" case="first-letter">{escape(name)}</namespace>'
        for key, name in NAMESPACES
    )
    return HEADER.replace("{namespaces}", namespaces)


Page = tuple[int, str, str]  # page id, title, XML


def _page_groups(pages: Iterable[Page], size: int) -> Iterator[list[Page]]:
    """Pages in groups of `size` (one group of all when `size` is 0)."""
    group: list[Page] = []
    for page in pages:
        group.append(page)
        if size and len(group) >= size:
            yield group
            group = []
    if group:
        yield group


def _pages(documents: Iterable[tuple[str, str]], extra_pages: bool) -> Iterator[Page]:
    page_id = 0
    for position, (title, wikitext) in enumerate(documents):
        page_id += 1
        yield page_id, title, _page_xml(page_id, title, 0, wikitext)
        if not extra_pages:
            continue
        if position == 0:
            page_id += 1
            short = _short_name(title)
            yield (
                page_id,
                short,
                _page_xml(page_id, short, 0, f"#REDIRECT [[{title}]]", redirect=title),
            )
        elif position == 1:
            page_id += 1
            talk = f"== Sources ==\nThe lead of [[{title}]] needs a citation. ~~~~\n"
            yield page_id, f"Talk:{title}", _page_xml(page_id, f"Talk:{title}", 1, talk)


def _short_name(title: str) -> str:
    initials = "".join(word[0] for word in title.split() if word[:1].isupper())
    return initials if len(initials) >= 2 and initials != title else f"{title} (group)"


def _page_xml(
    page_id: int, title: str, namespace: int, wikitext: str, redirect: str | None = None
) -> str:
    redirect_line = f"    <redirect title={quoteattr(redirect)} />\n" if redirect else ""
    size = len(wikitext.encode("utf-8"))
    return (
        "  <page>\n"
        f"    <title>{escape(title)}</title>\n"
        f"    <ns>{namespace}</ns>\n"
        f"    <id>{page_id}</id>\n"
        f"{redirect_line}"
        "    <revision>\n"
        f"      <id>{1000 + page_id}</id>\n"
        f"      <timestamp>{TIMESTAMP}</timestamp>\n"
        "      <contributor>\n"
        "        <username>Example</username>\n"
        "        <id>1</id>\n"
        "      </contributor>\n"
        "      <model>wikitext</model>\n"
        "      <format>text/x-wiki</format>\n"
        f'      <text bytes="{size}" xml:space="preserve">{escape(wikitext)}</text>\n'
        "    </revision>\n"
        "  </page>\n"
    )
