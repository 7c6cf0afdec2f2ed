"""News pages: the article text and its title, date and address, from HTML.

trafilatura finds the article body and its metadata; when it finds nothing (a very short page,
truncated markup), a small tag-stripping parser from the standard library reads what it can.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..document import Document
from .errors import UnreadableInput

ISO_DATE_RE = re.compile(r"(\d{4}-\d{2}-\d{2})")
SPACE_RE = re.compile(r"[ \t\r\f\v\u00a0]+")

SHORT_BOILERPLATE = 200
META_FIELDS = ("text", "title", "date", "url")

DATE_META_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "pubdate",
    "publishdate",
    "sailthru.date",
    "parsely-pub-date",
)
TITLE_META_KEYS = ("og:title", "twitter:title", "dc.title")
URL_META_KEYS = ("og:url",)


def read_html(
    text: str,
    title: str = "",
    source: str = "<text>",
    published: str | None = None,
    url: str | None = None,
) -> Document:
    """A document from a news page: its main text, title, publication date and address.
    Explicit arguments win over what the page says. Raises UnreadableInput when the page holds
    no text."""
    page = parse_page(text)
    body, meta_title, meta_date, meta_url = _trafilatura_extract(text)
    plain = page.text()
    if not body or _without_space(body) == _without_space(plain):
        # Nothing found, or the whole page taken as is (trafilatura's baseline for short
        # pages, which breaks lines at inline tags): the simple parser's blocks read better.
        body = plain
    elif not plain and len(body) < SHORT_BOILERPLATE:
        # Only menus, headers and footers hold text: a few words of navigation, no article.
        body = ""
    if not body.strip():
        raise UnreadableInput("no article text found in the HTML")
    return Document(
        text=body,
        title=title or meta_title or page.title(),
        source=source,
        url=url or meta_url or page.url(),
        published=published or _iso_date(meta_date) or _iso_date(page.date()),
    )


def _trafilatura_extract(html: str) -> tuple[str, str, str, str]:
    """Text, title, date and url from trafilatura; empty strings where it found nothing."""
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - trafilatura is a declared dependency
        return "", "", "", ""
    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_recall=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001 - a parser failure means "fall back", not "stop"
        return "", "", "", ""
    if result is None:
        return "", "", "", ""
    if isinstance(result, dict):
        values = [result.get(key) for key in META_FIELDS]
    else:
        values = [getattr(result, key, None) for key in META_FIELDS]
    text, title, date, url = (str(value or "").strip() for value in values)
    return text, title, date, url


def _without_space(text: str) -> str:
    return "".join(text.split())


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    match = ISO_DATE_RE.search(value)
    return match.group(1) if match else None


class PageParser(HTMLParser):
    """Visible text by blocks, plus the title, date and address a page declares about itself."""

    SKIPPED = frozenset(
        {
            "script",
            "style",
            "noscript",
            "template",
            "nav",
            "header",
            "footer",
            "aside",
            "form",
            "svg",
            "iframe",
            "button",
            "select",
            "head",
        }
    )
    BLOCKS = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "article",
            "section",
            "tr",
            "blockquote",
            "pre",
            "ul",
            "ol",
            "table",
            "figure",
            "figcaption",
            "dd",
            "dt",
            "main",
            "body",
            "hr",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.meta: dict[str, str] = {}
        self.title_chunks: list[str] = []
        self.h1_chunks: list[str] = []
        self.canonical = ""
        self.time_datetime = ""
        self._skip_depth = 0
        self._in_title = False
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key.lower(): (value or "") for key, value in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop", "")
            if key and values.get("content"):
                self.meta.setdefault(key.lower(), values["content"])
        elif tag == "link" and "canonical" in values.get("rel", "").lower():
            self.canonical = self.canonical or values.get("href", "")
        elif tag == "time" and values.get("datetime"):
            self.time_datetime = self.time_datetime or values["datetime"]
        elif tag == "title":
            self._in_title = True
        if tag == "h1":
            self._in_h1 = True
        if tag in self.SKIPPED:
            self._skip_depth += 1
        elif tag in self.BLOCKS:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False
        if tag in self.SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in self.BLOCKS:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_chunks.append(data)
        if self._skip_depth:
            return
        if self._in_h1:
            self.h1_chunks.append(data)
        self.chunks.append(data)

    def text(self) -> str:
        lines = (SPACE_RE.sub(" ", line).strip() for line in "".join(self.chunks).split("\n"))
        return "\n".join(line for line in lines if line)

    def title(self) -> str:
        for key in TITLE_META_KEYS:
            if self.meta.get(key):
                return self.meta[key].strip()
        for chunks in (self.title_chunks, self.h1_chunks):
            joined = SPACE_RE.sub(" ", " ".join("".join(chunks).split())).strip()
            if joined:
                return joined
        return ""

    def date(self) -> str:
        for key in DATE_META_KEYS:
            if self.meta.get(key):
                return self.meta[key]
        return self.time_datetime

    def url(self) -> str | None:
        for key in URL_META_KEYS:
            if self.meta.get(key):
                return self.meta[key].strip()
        return self.canonical.strip() or None


def parse_page(html: str) -> PageParser:
    """Run the standard-library parser over a page, tolerating truncated markup."""
    parser = PageParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - keep whatever was read before the markup broke
        pass
    return parser
