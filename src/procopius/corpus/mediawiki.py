"""MediaWiki XML dumps (`pages-articles.xml.bz2`, the multistream form, plain `.xml`), read
page by page: article pages only (namespace 0, no redirects), each page's wikitext read with
`read_wikitext` so that its sections and infobox are kept.

    for item in iter_dump(Path("enwiki-latest-pages-articles-multistream.xml.bz2")):
        ...                     # a Document per article, or a ReadError

The XML is parsed incrementally and every page is dropped once read, so memory holds one page
at a time whatever the size of the dump. `iter_dump_pages` yields the raw pages (title, id,
wikitext) without parsing the wikitext, for engines that parse on their workers;
`page_document` turns one into a Document.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

from ..document import Document
from ..readers import ReadError, UnreadableInput, read_wikitext
from ..readers.errors import describe_failure
from ..readers.files import too_large_message
from .compression import DECOMPRESSION_ERRORS, StepReader, describe_cut, open_decompressed
from .multistream import open_dump_range

DEFAULT_BASE_URL = "https://en.wikipedia.org/wiki/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ARTICLE_NAMESPACE = 0
REDIRECT_RE = re.compile(r"\s*#\s*redirect\b", re.I)
URL_SAFE = ";@$!*(),/~:"  # left as they are in MediaWiki's own page addresses


@dataclass(frozen=True)
class DumpPage:
    """One article page of a dump, its wikitext not yet parsed."""

    dump: str
    page_id: str
    title: str
    text: str
    timestamp: str | None = None
    base_url: str = DEFAULT_BASE_URL
    language: str = "en"

    @property
    def source(self) -> str:
        """`dump#pageid`: where the page comes from."""
        return f"{self.dump}#{self.page_id}"

    @property
    def url(self) -> str:
        """The page's address on its wiki (metadata only: nothing is fetched)."""
        return self.base_url + quote(self.title.replace(" ", "_"), safe=URL_SAFE)


def iter_dump(
    path: str | Path,
    *,
    max_bytes: int = 20_000_000,
    byte_range: tuple[int, int | None] | None = None,
) -> Iterator[Document | ReadError]:
    """A Document for every article page of a dump, in dump order. A page that cannot be read
    yields a ReadError naming the page and the dump, and the pages after it are still read; a
    dump that is cut off yields the pages before the cut, then a ReadError. `byte_range` reads
    one part of a multistream dump (see `dump_byte_ranges`)."""
    for item in iter_dump_pages(path, max_bytes=max_bytes, byte_range=byte_range):
        yield item if isinstance(item, ReadError) else page_document(item)


def page_document(page: DumpPage) -> Document | ReadError:
    """The Document of one dump page (plain-text rendering, sections, infobox), or a ReadError
    naming the page when its wikitext holds no article text or cannot be read."""
    try:
        document = read_wikitext(page.text, title=page.title, source=page.source, url=page.url)
    except UnreadableInput as error:
        return ReadError(page.source, f"page {page.title!r}: {error}")
    except Exception as error:  # noqa: BLE001 - one bad page must not stop the others
        return ReadError(page.source, f"page {page.title!r}: {describe_failure(error)}")
    document.language = page.language
    return document


def iter_dump_pages(
    path: str | Path,
    *,
    max_bytes: int = 20_000_000,
    byte_range: tuple[int, int | None] | None = None,
) -> Iterator[DumpPage | ReadError]:
    """The article pages of a dump, unparsed: redirects, pages outside the article namespace
    and pages whose content is not wikitext are skipped. A page larger than `max_bytes` yields
    a ReadError; a dump that is damaged or cut off ends with a ReadError. `byte_range` reads
    only the bzip2 streams in `[start, stop)` of a multistream dump (see `dump_byte_ranges`)."""
    path = Path(path)
    source = str(path)
    try:
        if byte_range is None:
            stream = open_decompressed(path)
        else:
            stream = open_dump_range(path, *byte_range)
    except OSError as error:
        yield ReadError(source, f"cannot read: {error.strerror or error}")
        return
    except DECOMPRESSION_ERRORS as error:
        yield ReadError(source, describe_cut(error))
        return
    with stream:
        yield from _read_pages(stream, source, max_bytes)


@dataclass
class _Site:
    base_url: str = DEFAULT_BASE_URL
    language: str = "en"
    namespaces: frozenset[str] = frozenset()


def _read_pages(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[DumpPage | ReadError]:
    site = _Site()
    root: ET.Element | None = None
    page: ET.Element | None = None
    revision: tuple[str | None, str | None, str | None] = (None, None, None)
    pages = 0
    last_title = ""
    try:
        for event, element in ET.iterparse(StepReader(stream), events=("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if root is None:
                    root = element
                    if tag != "mediawiki":
                        yield ReadError(
                            source, f"not a MediaWiki XML dump (its root element is <{tag}>)"
                        )
                        return
                    site.language = element.get(XML_LANG) or site.language
                elif tag == "page":
                    page, revision = element, (None, None, None)
                continue
            if tag == "revision" and page is not None:
                # Keep the last revision's text only, so that a history dump's pages stay small.
                revision = _revision(element)
                page.remove(element)
            elif tag == "page" and root is not None:
                pages += 1
                item = _page_item(element, revision, site, source, max_bytes)
                last_title = _child_text(element, "title") or last_title
                root.clear()
                page = None
                if item is not None:
                    yield item
            elif tag == "siteinfo" and root is not None:
                _read_siteinfo(element, site)
                root.clear()
    except ET.ParseError as error:
        if root is None:
            yield ReadError(source, f"not a MediaWiki XML dump (not XML: {error})")
        else:
            yield ReadError(
                source, _cut_message(f"the XML is cut off or broken ({error})", pages, last_title)
            )
    except DECOMPRESSION_ERRORS as error:
        yield ReadError(source, _cut_message(describe_cut(error), pages, last_title))


def _page_item(
    page: ET.Element,
    revision: tuple[str | None, str | None, str | None],
    site: _Site,
    source: str,
    max_bytes: int,
) -> DumpPage | ReadError | None:
    title = _child_text(page, "title") or ""
    page_id = _child_text(page, "id") or title
    text, model, timestamp = revision
    if not _is_article(page, title, site) or (model not in (None, "wikitext")):
        return None
    text = text or ""
    if REDIRECT_RE.match(text):
        return None
    if len(text) > max_bytes // 4 and len(text.encode("utf-8")) > max_bytes:
        size = len(text.encode("utf-8"))
        return ReadError(
            f"{source}#{page_id}", f"page {title!r}: {too_large_message(size, max_bytes)}"
        )
    return DumpPage(
        dump=source,
        page_id=page_id,
        title=title,
        text=text,
        timestamp=timestamp,
        base_url=site.base_url,
        language=site.language,
    )


def _is_article(page: ET.Element, title: str, site: _Site) -> bool:
    if any(_local(child.tag) == "redirect" for child in page):
        return False
    namespace = _child_text(page, "ns")
    if namespace is not None and namespace.strip():
        try:
            return int(namespace) == ARTICLE_NAMESPACE
        except ValueError:
            return False
    # Old dumps have no <ns>: a title prefix naming a namespace marks a non-article page.
    prefix = title.split(":", 1)[0].strip().lower() if ":" in title else ""
    return prefix not in site.namespaces


def _revision(revision: ET.Element) -> tuple[str | None, str | None, str | None]:
    text = model = timestamp = None
    for child in revision:
        name = _local(child.tag)
        if name == "text":
            text = child.text or ""
        elif name == "model":
            model = (child.text or "").strip()
        elif name == "timestamp":
            timestamp = (child.text or "").strip() or None
    return text, model, timestamp


def _read_siteinfo(siteinfo: ET.Element, site: _Site) -> None:
    names: set[str] = set()
    for child in siteinfo.iter():
        name = _local(child.tag)
        if name == "base" and child.text:
            base = child.text.strip()
            marker = base.find("/wiki/")
            if marker >= 0:
                site.base_url = base[: marker + len("/wiki/")]
        elif name == "namespace" and child.get("key") not in (None, "0") and child.text:
            names.add(child.text.strip().lower())
    site.namespaces = frozenset(names)


def _child_text(element: ET.Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return None


def _local(tag: str) -> str:
    """An element name without its namespace: "page" for "{http://...export-0.11/}page"."""
    return tag.rsplit("}", 1)[-1]


def _cut_message(reason: str, pages: int, last_title: str) -> str:
    after = f" after page {last_title!r}" if last_title else ""
    read = "1 page" if pages == 1 else f"{pages} pages"
    return f"{reason}; the dump stops there ({read} read{after})"
