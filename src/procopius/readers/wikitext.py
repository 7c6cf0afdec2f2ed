"""MediaWiki markup rendered to Wikipedia plain text, with the infobox kept as fields.

The rendering follows the shape of Wikipedia's own plain-text extracts: lead paragraphs, then
`== Heading ==` lines each followed by their paragraphs. Links become their display text, bold
and italic marks go, references, comments, tables and most templates are dropped, and the
content of reference-like sections ("References", "External links", ...) is left out.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from ..document import HEADING_RE, Document
from .errors import UnreadableInput

BODY = "body"
VALUE = "value"

DROPPED_SECTIONS = frozenset(
    {
        "references",
        "notes",
        "footnotes",
        "citations",
        "sources",
        "bibliography",
        "further reading",
        "external links",
        "see also",
        "notes and references",
    }
)
DROPPED_TAGS = frozenset(
    {
        "ref",
        "references",
        "gallery",
        "math",
        "chem",
        "score",
        "timeline",
        "templatedata",
        "graph",
        "mapframe",
        "maplink",
        "syntaxhighlight",
        "table",
        "tr",
        "td",
        "th",
        "caption",
        "hr",
        "imagemap",
        "inputbox",
        "categorytree",
    }
)
MARKER_TAGS = frozenset({"li", "dt", "dd"})
HIDDEN_NAMESPACES = frozenset({"file", "image", "category", "media"})
LIST_TEMPLATES = frozenset(
    {
        "plainlist",
        "plain list",
        "ubl",
        "ublist",
        "unbulleted list",
        "flatlist",
        "flat list",
        "hlist",
        "bulleted list",
        "blist",
        "collapsible list",
        "cslist",
        "indented plainlist",
        "ordered list",
        "enum",
    }
)
FIRST_ARG_TEMPLATES = frozenset(
    {
        "nowrap",
        "nobr",
        "nobreak",
        "small",
        "smaller",
        "big",
        "larger",
        "sic",
        "ill",
        "interlanguage link",
        "abbr",
        "flag",
        "flagu",
        "flagcountry",
        "flag country",
        "country",
        "vanchor",
        "nbsp",
        "keypress",
        "text",
        "not a typo",
        "lang-rtl",
    }
)
QUOTE_TEMPLATES = frozenset({"quote", "blockquote", "quotation", "cquote", "quote box"})
LAST_ARG_TEMPLATES = frozenset({"lang", "transl", "transliteration", "script", "rtl-lang"})
DATE_TEMPLATES = frozenset(
    {
        "start date",
        "start date and age",
        "end date",
        "end date and age",
        "birth date",
        "birth date and age",
        "death date",
        "death date and age",
        "start-date",
        "date",
    }
)
SYMBOL_TEMPLATES = {
    "ndash": "–",
    "mdash": "—",
    "snd": " – ",
    "spaced ndash": " – ",
    "spaced en dash": " – ",
    "nbsp": " ",
    "'": "'",
    "=": "=",
    "!": "|",
}
RANGE_WORDS = frozenset({"-", "–", "to", "and", "or", "by", "x", "to(-)", "and(-)"})
MONTHS = (
    "January February March April May June July August September October November December"
).split()

MAGIC_WORD_RE = re.compile(r"__[A-Z]+__")
UNCLOSED_REF_RE = re.compile(r"<ref\b[^>\n]*>[^\n]*")
STRAY_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\b[^<>\n]*/?>")
UNCLOSED_TEMPLATE_RE = re.compile(r"\{\{[^\n]*")
UNCLOSED_LINK_RE = re.compile(r"\[\[(?:[^\]|\n]*\|)?")
DEBRIS_LINE_RE = re.compile(r"^\s*(?:\||!|\{\||\}\}|\|\})")
SPACE_RUN_RE = re.compile(r"[ \t\u00a0]{2,}")
SPACE_BEFORE_PUNCT_RE = re.compile(r"[ \t]+([,.;:!?)])")
SPACE_AFTER_PAREN_RE = re.compile(r"\([ \t]+")
EMPTY_PARENS_RE = re.compile(r"\([ \t]*[,;:]?[ \t]*\)")


INFOBOX_HEADING = "== Infobox =="

#: a reference with its content (no tag or comment in it), replaced by an empty reference before
#: the page is parsed when its brackets and quote marks pair up: the rendering drops references
#: anyway, and a well-referenced article's wikitext is largely references, each of which would
#: become a tree of nodes
REF_RE = re.compile(r"<ref(?:[ \t][^<>\n/]*)?>[^<\x00]*</ref[ \t]*>", re.I)
EMPTY_REF = "<ref/>"
QUOTE_RUN_RE = re.compile(r"''+")
#: the marks that open and close templates, links, tables and comments
OPEN_CLOSE_RE = re.compile(r"\{\{|\}\}|\[\[|\]\]|\{\||\|\}|<!--|-->")
CLOSES = {"}}": "{{", "]]": "[[", "|}": "{|"}
#: a line that opens or closes a table (group 1: what stands before it on the line)
TABLE_LINE_RE = re.compile(r"^([ \t]*)(\{\||\|\})", re.M)
TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*?(/?)>")
TAG_START_RE = re.compile(r"<[A-Za-z/!]")
VOID_TAGS = frozenset({"br", "hr", "wbr"})
#: a line that could be a heading: the body of a reference-like section runs from its heading
#: (HEADING_RE) to the next such line
NEXT_HEADING_RE = re.compile(r"^[^\n]*==|^=", re.M)
#: tags whose content is shown as written: a page holding one keeps its references as they are
VERBATIM_RE = re.compile(r"<(?:nowiki|pre|syntaxhighlight|source)\b", re.I)


def read_wikitext(
    text: str,
    title: str = "",
    source: str = "<text>",
    published: str | None = None,
    url: str | None = None,
) -> Document:
    """A document whose text is the plain-text rendering of `text` and whose infobox holds the
    first infobox's fields. Raises UnreadableInput when no article text can be rendered."""
    code = mwparserfromhell.parse(strip_dropped_markup(text.lstrip("\ufeff")))
    infobox_node = _first_infobox(code)
    infobox = infobox_fields(infobox_node) if infobox_node is not None else {}
    body = render_plain_text(code)
    if not body.strip():
        raise UnreadableInput("no article text found in the wikitext")
    if infobox:
        # the infobox is kept as a last section of "field: value" lines, so that profile
        # values taken from it point to characters of the document like every other value
        lines = "\n".join(f"{k}: {v}" for k, v in infobox.items())
        body = body.rstrip("\n") + f"\n\n\n{INFOBOX_HEADING}\n{lines}\n"
    if not title:
        title = infobox.get("name", "") or _first_bold(code)
    return Document(
        text=body, title=title, source=source, url=url, published=published, infobox=infobox
    )


def strip_dropped_markup(text: str) -> str:
    """Wikitext without what its rendering drops, cut out before the page is parsed: each
    reference's content (see REF_RE), tables (see _cut_tables) and the body of reference-like
    sections (see _cut_dropped_sections). It renders the same; only what is self-contained
    (see _self_contained) is cut."""
    if "\x00" in text or VERBATIM_RE.search(text) or text.rfind("<!--") > text.rfind("-->"):
        # a NUL ends the parser's reading; verbatim tags show markup as written; a comment
        # left open hides the rest of the page
        return text
    if "<ref" in text.lower():
        text = REF_RE.sub(_empty_ref, text)
    if "{|" in text:
        text = _cut_tables(text)
    return _cut_dropped_sections(text)


def _cut_tables(text: str) -> str:
    """The text with each table that starts a line at the top level replaced by an empty
    reference: tables render as nothing, and the wikitext parser takes about as long over a
    table as over a hundred times as much prose. Only a table whose templates, links, tags and
    marks pair up within it (see _can_cut_table)."""
    cuts: list[tuple[int, int, str]] = []
    outline = _Outline(text)
    pos = 0
    depth = 0
    start = -1
    for line in TABLE_LINE_RE.finditer(text):
        if line.group(2) == "{|":
            if depth == 0:
                start = line.start() if not line.group(1) else -1
            depth += 1
            continue
        if depth == 0:
            continue
        depth -= 1
        if depth or start < pos:
            continue
        end = line.end()
        if outline.top_level(start) and _can_cut_table(text[start:end]):
            cuts.append((start, end, EMPTY_REF))
            pos = end
    return _splice(text, cuts)


def _splice(text: str, cuts: list[tuple[int, int, str]]) -> str:
    """The text with each (start, end) range, in order and apart, replaced by its string."""
    if not cuts:
        return text
    out: list[str] = []
    pos = 0
    for start, end, replacement in cuts:
        out += (text[pos:start], replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _can_cut_table(table: str) -> bool:
    bare = table.replace(EMPTY_REF, "")
    return _self_contained(bare) and _tags_pair(bare)


def _self_contained(markup: str) -> bool:
    """Whether cutting `markup` out can change nothing around it: its templates, links,
    tables, external links and bold and italic marks open and close within it, in order, and
    it holds no infobox (which would be read) and no line that could be a heading."""
    return (
        _nests(markup)
        and markup.count("[") == markup.count("]")
        and "\n=" not in markup
        and "infobox" not in markup.lower()
        and ("''" not in markup or all(_quotes_pair(line) for line in markup.split("\n")))
    )


def _tags_pair(text: str) -> bool:
    """Whether every tag opened in `text` is closed in it (and no comment is there)."""
    if "<!--" in text or "-->" in text:
        return False
    tags = TAG_RE.findall(text)
    if len(tags) != len(TAG_START_RE.findall(text)):
        return False
    open_tags: dict[str, int] = {}
    for closing, name, self_closing in tags:
        name = name.lower()
        if self_closing or name in VOID_TAGS:
            continue
        count = open_tags.get(name, 0) + (-1 if closing else 1)
        if count < 0:
            return False
        open_tags[name] = count
    return not any(open_tags.values())


def _cut_dropped_sections(text: str) -> str:
    """The text with the lines under each `== References ==`-like heading (DROPPED_SECTIONS)
    cut out, up to the next line that could be a heading. Only where the heading stands at the
    top level (not inside a template, link, table or comment) and the lines cut hold no tag
    but an empty reference, no infobox, and pair their brackets: then they can affect nothing
    around them."""
    cuts: list[tuple[int, int, str]] = []
    outline = _Outline(text)
    pos = 0
    for heading in HEADING_RE.finditer(text):
        if heading.start() < pos or heading.group(2).strip().lower() not in DROPPED_SECTIONS:
            continue
        body = heading.end() + 1
        stop = NEXT_HEADING_RE.search(text, body)
        end = stop.start() if stop else len(text)
        if body < end and outline.top_level(heading.start()) and _can_cut(text[body:end]):
            cuts.append((body, end, ""))
            pos = end
    return _splice(text, cuts)


class _Outline:
    """Where a page's markup stands at the top level: outside every template, link, table and
    comment (a closing mark with nothing open being text), and below no line whose bold and
    italic marks do not pair (they may run on to later lines). Worked out once per page."""

    def __init__(self, text: str) -> None:
        spans = _open_spans(text) or []
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]
        self.quotes_pair_until = len(text)
        pos = 0
        for line in text.split("\n"):
            if "''" in line and not _quotes_pair(line):
                self.quotes_pair_until = pos
                break
            pos += len(line) + 1

    def top_level(self, pos: int) -> bool:
        """Whether everything before `pos` (a line's start) is closed and paired."""
        k = bisect_left(self.starts, pos) - 1
        return pos <= self.quotes_pair_until and (k < 0 or self.ends[k] <= pos)


def _open_spans(text: str, strict: bool = False) -> list[tuple[int, int]] | None:
    """The ranges of `text` inside a template, link, table or comment, from the opening mark
    to the end of the closing one (past the end of the text when left open). A closing mark
    with nothing open is text, or with `strict` gives None."""
    depth = {"{{": 0, "[[": 0, "{|": 0}
    opened = 0  # the sum of `depth`
    in_comment = False
    spans: list[tuple[int, int]] = []
    start = -1
    for match in OPEN_CLOSE_RE.finditer(text):
        mark = match.group()
        if in_comment:
            in_comment = mark != "-->"
        elif mark == "<!--":
            in_comment = True
        elif mark in depth:
            depth[mark] += 1
            opened += 1
        elif mark in CLOSES and depth[CLOSES[mark]]:
            depth[CLOSES[mark]] -= 1
            opened -= 1
        elif strict:
            return None
        else:
            continue
        if start < 0:
            start = match.start()
        elif not (opened or in_comment):
            spans.append((start, match.end()))
            start = -1
    if start >= 0:
        spans.append((start, len(text) + 1))
    return spans


def _nests(text: str) -> bool:
    """Whether the templates, links, tables and comments of `text` open and close in order
    and are all closed, with no closing mark that has nothing open."""
    spans = _open_spans(text, strict=True)
    return spans is not None and not (spans and spans[-1][1] > len(text))


def _can_cut(lines: str) -> bool:
    bare = lines.replace(EMPTY_REF, "")
    return (
        "<" not in bare
        and ">" not in bare
        and "{|" not in bare
        and bare.count("{") == bare.count("}")
        and _self_contained(bare)
    )


def _empty_ref(match: re.Match[str]) -> str:
    """An empty reference for a well-formed one; a reference that may be inside a comment, or
    is not self-contained (see _self_contained), is left to the parser as written (its
    reading of broken markup is kept)."""
    ref = match.group(0)
    if "-->" in ref or ref.count("{") != ref.count("}") or not _self_contained(ref):
        return ref
    return EMPTY_REF


def _quotes_pair(line: str) -> bool:
    """Whether the italic and bold marks of a line (runs of 2, 3 or 5 apostrophes) each open
    and close."""
    italic = bold = False
    for run in QUOTE_RUN_RE.findall(line):
        if len(run) == 2:
            italic = not italic
        elif len(run) < 5:
            bold = not bold
        else:
            italic, bold = not italic, not bold
    return not (italic or bold)


def render_plain_text(code: Wikicode) -> str:
    """Wikitext rendered as Wikipedia plain text (lead, then `== Heading ==` sections)."""
    raw = _render(code, BODY)
    lines = [_clean_line(line) for line in raw.split("\n")]
    return _assemble(line for line in lines if line)


def infobox_fields(template: Template) -> dict[str, str]:
    """The fields of an infobox template, each value rendered to one line of plain text, with
    list items and line breaks joined by "; ". Empty fields are left out."""
    fields: dict[str, str] = {}
    for param in template.params:
        # a name rendered as text, like its value: markup in it (a comment) is not a field's name
        name = render_value(param.name)
        value = render_value(param.value)
        if name and value:
            fields[name] = value
    return fields


def render_value(code: Wikicode) -> str:
    """A template argument as one line of plain text: items and lines joined by "; "."""
    raw = _render(code, VALUE)
    parts = [_clean_line(part) for part in re.split(r"\n|; ", raw)]
    return "; ".join(part for part in parts if part)


def _first_infobox(code: Wikicode) -> Template | None:
    # lazily, in document order: the walk stops at the first infobox, near the top of a page
    for template in code.ifilter_templates(recursive=True):
        if _template_name(template).startswith("infobox"):
            return template
    return None


def _first_bold(code: Wikicode) -> str:
    for node in code.nodes:
        if isinstance(node, Heading):
            break
        if isinstance(node, Tag) and str(node.tag).lower() == "b" and node.contents:
            return _clean_line(_render(node.contents, VALUE))
    return ""


def _render(code: Wikicode | None, context: str) -> str:
    if code is None:
        return ""
    return "".join(_render_node(node, context) for node in code.nodes)


def _render_node(node: Node, context: str) -> str:
    if isinstance(node, Text):
        return str(node)
    if isinstance(node, Wikilink):
        return _render_wikilink(node, context)
    if isinstance(node, ExternalLink):
        if node.title is not None:
            return _render(node.title, context)
        return "" if node.brackets else str(node.url)
    if isinstance(node, Template):
        return _render_template(node, context)
    if isinstance(node, Tag):
        return _render_tag(node, context)
    if isinstance(node, HTMLEntity):
        return node.normalize()
    if isinstance(node, Heading):
        title = _clean_line(_render(node.title, VALUE))
        if context == VALUE:
            return title
        bar = "=" * node.level
        return f"\n{bar} {title} {bar}\n"
    if isinstance(node, (Comment, Argument)):
        return ""
    return str(node)


def _render_wikilink(node: Wikilink, context: str) -> str:
    target = str(node.title).strip()
    namespace = target.split(":", 1)[0].strip().lower() if ":" in target else ""
    if namespace in HIDDEN_NAMESPACES:
        return ""
    if node.text is not None:
        return _render(node.text, context)
    return target.lstrip(":")


def _render_tag(node: Tag, context: str) -> str:
    tag = str(node.tag).strip().lower()
    if tag in DROPPED_TAGS:
        return ""
    if tag == "br":
        return "\n"
    if tag in MARKER_TAGS and node.wiki_markup:
        return "\n"
    if tag == "nowiki":
        return str(node.contents or "")
    return _render(node.contents, context) if node.contents is not None else ""


def _template_name(template: Template) -> str:
    name = str(template.name).strip().replace("_", " ")
    return re.sub(r"\s+", " ", name).lower()


def _positional(template: Template) -> list[Wikicode]:
    return [p.value for p in template.params if not p.showkey]


def _named(template: Template, *names: str) -> Wikicode | None:
    for name in names:
        if template.has(name):
            return template.get(name).value
    return None


def _render_template(template: Template, context: str) -> str:
    name = _template_name(template)
    args = _positional(template)
    if name in SYMBOL_TEMPLATES:
        return SYMBOL_TEMPLATES[name]
    if name in LIST_TEMPLATES:
        items = [render_value(arg) for arg in args]
        joined = "; ".join(item for item in items if item)
        return joined if context == VALUE else f"\n{joined}\n"
    if name in DATE_TEMPLATES:
        return _render_date([_render(arg, VALUE).strip() for arg in args])
    if name in QUOTE_TEMPLATES:
        quoted = _named(template, "text", "quote") or (args[0] if args else None)
        return f"\n{_render(quoted, context)}\n" if quoted is not None else ""
    if name.startswith("lang-"):
        return _render(args[0], context) if args else ""
    if name in FIRST_ARG_TEMPLATES:
        return _render(args[0], context) if args else ""
    if name in LAST_ARG_TEMPLATES:
        return _render(args[-1], context) if len(args) >= 2 else ""
    if name in ("convert", "cvt"):
        return _render_convert([_render(arg, VALUE).strip() for arg in args])
    if name in ("circa", "c."):
        return f"c. {_render(args[0], context).strip()}" if args else "c."
    if name == "as of":
        return "As of " + _render_date([_render(arg, VALUE).strip() for arg in args])
    return ""


def _render_convert(parts: list[str]) -> str:
    """`{{convert|5|km|mi}}` as "5 km", `{{convert|2|to|3|km}}` as "2 to 3 km"."""
    if not parts:
        return ""
    shown = parts[:1]
    rest = parts[1:]
    if len(rest) >= 2 and rest[0] in RANGE_WORDS:
        shown += rest[:2]
        rest = rest[2:]
    shown += rest[:1]
    return " ".join(p for p in shown if p)


def _render_date(parts: list[str]) -> str:
    """`{{start date|2000|9|28}}` as Wikipedia shows it: "28 September 2000"."""
    numbers = [p for p in parts if p.isdigit()][:3]
    if not numbers:
        return " ".join(p for p in parts if p)
    year = numbers[0]
    if len(numbers) >= 2 and 1 <= int(numbers[1]) <= 12:
        month = MONTHS[int(numbers[1]) - 1]
        if len(numbers) == 3 and 1 <= int(numbers[2]) <= 31:
            return f"{int(numbers[2])} {month} {year}"
        return f"{month} {year}"
    return year


def _clean_line(line: str) -> str:
    # each pattern is tried only on a line holding the characters it needs
    if "__" in line:
        line = MAGIC_WORD_RE.sub("", line)
    if "<ref" in line:
        line = UNCLOSED_REF_RE.sub("", line)
    if "{{" in line:
        line = UNCLOSED_TEMPLATE_RE.sub("", line)
    if "[[" in line:
        line = UNCLOSED_LINK_RE.sub("", line)
    line = line.replace("]]", "").replace("}}", "")
    if "<" in line:
        line = STRAY_TAG_RE.sub("", line)
    if DEBRIS_LINE_RE.match(line):
        return ""
    line = SPACE_RUN_RE.sub(" ", line)
    if "(" in line:
        line = EMPTY_PARENS_RE.sub("", line)
        line = SPACE_AFTER_PAREN_RE.sub("(", line)
    line = SPACE_BEFORE_PUNCT_RE.sub(r"\1", line)
    line = SPACE_RUN_RE.sub(" ", line).strip()
    return "" if line.strip(" ,;:.-–—") == "" else line


def _assemble(lines: Iterable[str]) -> str:
    """Lead paragraphs, then each heading after two blank lines with its paragraphs beneath;
    the paragraphs of reference-like sections are left out."""
    out: list[str] = []
    dropping_below: int | None = None
    for line in lines:
        heading = HEADING_RE.fullmatch(line)
        if heading:
            level = len(heading.group(1))
            if dropping_below is not None and level <= dropping_below:
                dropping_below = None
            if dropping_below is not None:
                continue
            if heading.group(2).strip().lower() in DROPPED_SECTIONS:
                dropping_below = level
            out.append(("\n\n" if out else "") + line)
        elif dropping_below is None:
            out.append(line)
    return "\n".join(out)
