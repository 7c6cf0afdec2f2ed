"""A regular grammar for date expressions in English prose.

`find_dates` scans a text once with a precompiled pattern for date "atoms" (a day and month, a
month and year, a year, a decade, a season, a year range...), combines neighbouring atoms into
ranges ("from March to May 2015", "between 2010 and 2011"), reads the word before an atom for
its kind ("since", "until", "before", "after") and adds relative expressions ("the following
year", "on Saturday", "yesterday") from a second pattern. Numbers that look like years but are
counts ("2000 fighters"), identifiers ("Resolution 1701") or money ("$2014") are rejected by
looking at the words around them.

Spans never include the leading prepositions "in", "on", "by", "during", "of" or "at"; they do
include the words that change a date's meaning ("since", "until", "before", "after", "from ...
to", "between ... and") and qualifiers ("early", "mid-", "late", "the end of").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
# Meteorological seasons (northern hemisphere): (first month, last month); winter runs from
# December of its year into February of the next.
SEASONS: dict[str, tuple[int, int]] = {
    "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2),
}  # fmt: skip
QUALIFIERS: dict[str, str] = {
    "early": "early", "mid": "mid", "late": "late", "end": "late", "close": "late",
    "beginning": "early", "start": "early", "middle": "mid",
}  # fmt: skip
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_FULL_MONTH = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_ABBR_MONTH = (
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?"
)
_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DASH = "\u2013\u2014\u2012\u2010\\-"  # en dash, em dash, figure dash, hyphen, hyphen-minus


def _month(tag: str) -> str:
    return rf"(?P<mon_{tag}>(?:{_FULL_MONTH}|{_ABBR_MONTH})(?![A-Za-z]))"


def _day(tag: str) -> str:
    return rf"(?P<day_{tag}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w])"


def _year(tag: str) -> str:
    return rf"(?P<yr_{tag}>1\d{{3}}|20\d{{2}})(?![\d]|[.,]\d)"


_DAY_SEP = rf"\s*[{_DASH}/]\s*|\s+(?:to|and|or|until|till|through|thru)\s+"
_WD_PREFIX = rf"(?:(?P<wd_{{tag}}>{_WEEKDAY}),?\s+(?:the\s+)?)?"
_QUAL = (
    r"(?P<qual>(?P<qw>[Ee]arly|[Mm]id|[Ll]ate)(?:\s*-\s*|\s+)"
    r"|(?:[Tt]he\s+)?(?P<qp>[Ee]nd|[Bb]eginning|[Ss]tart|[Mm]iddle|[Cc]lose)\s+of\s+(?:the\s+)?)?"
)
_SEASON = r"(?P<sea_{tag}>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"

# Each pattern opens with a look-ahead on its possible first characters, which lets the regex
# engine skip most positions cheaply (about twice as fast on plain prose).
ATOM_RE = re.compile(
    r"(?=[0-9ABDEFJLMNOSTWabcefmlstw])(?<![\w$\u20ac\u00a3\u20aa#/])(?<!\d[.,])(?:"
    # 2024-02-19
    r"(?P<iso>(?P<iso_y>1\d{3}|20\d{2})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01]))"
    r"(?![\d])"
    # 3-5 May 2019, 3 and 5 May
    rf"|(?P<drange>{_day('a')}(?P<dsep_a>{_DAY_SEP}){_day('b')}(?:\s+of)?\s+{_month('a')}"
    rf"(?:,?\s+{_year('a')})?)"
    # May 3-5, 2019
    rf"|(?P<mdrange>{_month('b')}\s+{_day('c')}(?P<dsep_b>{_DAY_SEP}){_day('d')}"
    rf"(?:,?\s+{_year('b')})?)"
    # Saturday, 26th of September 2001
    rf"|(?P<dmy>{_WD_PREFIX.format(tag='a')}{_day('e')}(?:\s+of)?\s+{_month('c')}"
    rf"(?:,?\s+{_year('c')})?)"
    # Saturday, September 26, 2024
    rf"|(?P<mdy>{_WD_PREFIX.format(tag='b')}{_month('d')}\s+{_day('f')}(?:,?\s+{_year('d')})?)"
    # forms that take a qualifier: late September 2000, mid-2014, the late 1980s
    rf"|{_QUAL}(?:"
    rf"(?P<my>{_month('e')}(?:,\s*|\s+(?:of\s+)?){_year('e')})"
    rf"|(?P<season>{_SEASON.format(tag='a')}(?:\s+of)?\s+{_year('f')}"
    rf"(?:\s*[{_DASH}/]\s*(?P<sea_y2>\d{{4}}|\d{{2}})(?!\d))?)"
    r"|(?P<decade>(?P<dec_y>1\d\d0|20\d0)['\u2019]?s)(?![\w])"
    rf"|(?P<yrange>{_year('g')}(?:\s*[{_DASH}]\s*|/)"
    r"(?:(?P<yr2>1\d{3}|20\d{2})|(?P<yy2>\d{2})|(?P<present>present|now|today))(?![\w]))"
    rf"|(?P<year>{_year('h')})(?![\w])"
    rf"|(?P<bmonth>(?P<mon_f>{_FULL_MONTH}|Sept\.)(?![A-Za-z]))"
    rf"|(?P<bseason>{_SEASON.format(tag='b')})(?![\w])"
    r"))"
)

REL_RE = re.compile(
    r"(?=[0-9ABCEFLMNOSTWYabcefmlnosty])(?<![\w])(?:"
    r"(?P<rq>(?:[Ll]ater|[Ee]arlier|[Ee]arly|[Ll]ate)\s+(?:in\s+)?)?"
    r"(?P<rdet>[Tt]hat|[Tt]he\s+same|[Tt]he\s+following|[Tt]he\s+next|[Tt]he\s+previous"
    r"|[Tt]he\s+preceding|[Tt]he\s+prior|[Tt]he\s+subsequent)\s+"
    r"(?P<runit>year|month|week|day|morning|afternoon|evening|night"
    r"|spring|summer|autumn|fall|winter)"
    r"|(?P<rqp>(?:[Tt]he\s+)?(?:[Ee]nd|[Bb]eginning|[Ss]tart|[Mm]iddle|[Cc]lose)\s+of\s+)"
    r"(?P<rdet5>the\s+same|the\s+following|the\s+next|the\s+previous|that|this|the)\s+"
    r"(?P<runit5>year|month|week)"
    r"|[Tt]he\s+(?P<runit2>year|month|week|day)\s+(?P<rdir2>after|before)"
    r"|(?P<rn>[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en"
    r"|[Ee]leven|[Tt]welve|\d{1,2})\s+(?P<runit3>years?|months?|weeks?|days?)\s+"
    r"(?P<rdir3>later|earlier|afterwards?|before|after)"
    r"|(?P<rword>[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight|[Ll]ast\s+night)"
    r"|(?P<rpub>[Tt]his|[Ll]ast|[Nn]ext)\s+(?P<runit4>year|month|week)"
    rf"|(?P<wlast>[Ll]ast\s+)?(?P<wd>{_WEEKDAY})"
    r")(?![\w])"
)

# Words around a four-digit number that make it a count, an identifier or money, not a year.
_COUNT_BEFORE_RE = re.compile(
    r"(?:\b(?:more|less|fewer)\s+than|\bat\s+(?:least|most)|\b(?:some|nearly|almost"
    r"|approximately|roughly|estimated|over|killed|killing|kill|wounded|wounding|injured"
    r"|injuring|detained|arrested|displaced|numbering|totall?ing|about"
    r"|additional|another|extra|only|with|deployed|sent|fired|launched))\s*$",
    re.IGNORECASE,
)
_IDENT_BEFORE_RE = re.compile(
    r"(?:\b(?:resolutions?|res|no|nos|numbers?|art|articles?|sections?|route|highway|road"
    r"|flights?|unit|room|code|chapter|paragraph|pages?|p|pp|vol|volume|issue|model|version"
    r"|type|item|bus|line|platform|hill|height|altitude|elevation|box|tel|fax|ext|isbn|issn"
    r"|usd|eur|gbp|nis|ils|rs|us\$|a\$|c\$)\.?|[$\u20ac\u00a3\u20aa#\u00a5]|\w[-\u2013/]"
    r"|\bu\.s\.\s*\$)\s*$",
    re.IGNORECASE,
)
_YEAR_BEFORE_OK_RE = re.compile(
    r"\b(?:in|since|until|till|by|during|after|before|from|through|throughout|circa|c\."
    r"|early|mid|late)\s*-?\s*$",
    re.IGNORECASE,
)
_DETERMINER_BEFORE_RE = re.compile(
    r"\b(?:the|a|an|its|his|her|their|our|this|that|each|every)\s+$", re.IGNORECASE
)
_DET_YEAR_AND_RE = re.compile(
    r"\b(?:the|a|an|its|his|her|their|our|this|that)\s+(?:1\d{3}|20\d{2})"
    r"(?:\s*(?:,|and|or)\s*(?:1\d{3}|20\d{2}))*\s*(?:,|and|or)\s*$",
    re.IGNORECASE,
)
_AFTER_YEAR_RE = re.compile(
    r"(?:\s*(?:,|[\u2013-]|to|and|or)\s*\d[\d,]*)*(?P<unit>\s*(?:%|per\s*cent|percent)"
    r"|-(?=[A-Za-z]))?\s*(?P<word>[A-Za-z]+)?"
)
COUNT_NOUNS = frozenset(
    """people persons men women children civilians fighters troops soldiers militants members
    recruits volunteers rebels insurgents police policemen officers personnel staff refugees
    prisoners detainees hostages captives casualties deaths dead killed wounded injured victims
    families households homes houses buildings vehicles tanks rockets missiles shells mortars
    rounds bombs drones mines munitions weapons rifles guns artillery aircraft planes sorties
    airstrikes strikes raids attacks operations incidents cases arrests km kilometres kilometers
    metres meters m kg tons tonnes feet ft miles mi square sq hectares acres dunams dollars
    euros pounds shekels usd hours hrs gmt utc local strong""".split()
)
_NOT_PLURAL = frozenset(
    """was has does as its his this thus whereas across always perhaps besides towards
    afterwards onwards nevertheless sometimes less unless plus is us yes was ms mrs""".split()
)

_PREFIX_RE = re.compile(
    r"\b(?P<p>since|until|till|up\s+until|up\s+to|through|before|prior\s+to|after|from|between)"
    r"\s+$",
    re.IGNORECASE,
)
_PREP_BEFORE_RE = re.compile(
    r"\b(?P<p>in|of|since|until|till|through|during|by|from|to|and|or|between|before|after"
    r"|throughout|last|next|this|that|early|mid|late|around|about)\s*-?\s*$",
    re.IGNORECASE,
)
_SEASON_PREP_RE = re.compile(
    r"\b(?:in|during|by|since|until|of|through|throughout)\s+(?:the\s+)?$", re.IGNORECASE
)
_MAY_OK = frozenset({"in", "of", "since", "until", "till", "during", "early", "mid", "late"})
_RANGE_GAP_RE = re.compile(rf"\s*(?:[{_DASH}]|to|until|till|through|thru|and|or)\s*", re.IGNORECASE)
_ONWARDS_RE = re.compile(
    rf"\s+(?:onwards?|forward)\b|\s*(?:[{_DASH}]|\s(?:to|until)\s+(?:the\s+)?)\s*(?:present|now)\b",
    re.IGNORECASE,
)
_WD_EXCLUDE_RE = re.compile(r"\b(?:Good|Black|Bloody|Holy|Palm|Easter|Ash|Super|Cyber)\s+$")
# a weekday that names a newspaper or a club is not a date ("the Sunday Times")
_WD_NAME_AFTER_RE = re.compile(
    r"\s+(?:Times|Telegraph|Express|Mirror|Herald|Post|Tribune|Mail|Independent|Star|Observer"
    r"|Club|School)\b"
)
_LOOKBACK = 30


@dataclass
class DateMention:
    """A date expression in a text, by character offset (end exclusive).

    `year` is None when no year is written. Ranges, decades and seasons fill the `end_*`
    fields. For "since", "until", "before" and "after" mentions `precision` is that of the
    date they bound ("since March 2011" is 'month'). `relative` is set for relative mentions:
    (unit, step) with unit 'year', 'month', 'week' or 'day' (counted from the latest date
    read), 'pub_year', 'pub_month' or 'pub_week' ("last year": from the publication date),
    ('weekday', 0-6 for Monday-Sunday), or the strings 'today', 'yesterday', 'tomorrow'."""

    start: int
    end: int
    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    precision: str = "day"  # day | month | year | range | decade | season
    qualifier: str | None = None  # early | mid | late
    kind: str = "point"  # point | range | since | until | before | after | relative
    relative: tuple[str, int] | str | None = None
    season: str | None = None
    weekday: int | None = None

    @property
    def needs_year(self) -> bool:
        """True when no year is written and the mention is not relative to another date."""
        return self.year is None and self.kind != "relative"


def _days_in_month(year: int | None, month: int) -> int:
    if month == 2:
        if year is None:
            return 29
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _month_num(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()]


def _int(value: str | None) -> int | None:
    return int(value) if value is not None else None


def _valid_day(year: int | None, month: int | None, day: int | None) -> bool:
    if day is None or month is None:
        return True
    return 1 <= day <= _days_in_month(year, month)


def _is_year_like_number(text: str, ystart: int, yend: int, lo: int) -> bool:
    """False when the four digits at text[ystart:yend] are a count, an identifier or money."""
    before = text[max(lo, ystart - _LOOKBACK) : ystart]
    if _IDENT_BEFORE_RE.search(before):
        return False
    if _COUNT_BEFORE_RE.search(before):
        return False
    after = _AFTER_YEAR_RE.match(text, yend)
    if after is None:  # pragma: no cover - the pattern matches the empty string
        return True
    if after.group("unit"):
        return False
    word = after.group("word")
    if not word:
        return True
    low = word.lower()
    date_prep = _YEAR_BEFORE_OK_RE.search(before) is not None
    if low in COUNT_NOUNS:
        return date_prep
    if word.isupper() and len(word) > 1:
        return True  # an acronym: "2014 FIFA ..."
    plural = (low.endswith("s") and not low.endswith(("ss", "us", "is"))) or low in {
        "men",
        "women",
        "children",
        "people",
    }
    if plural and low not in _NOT_PLURAL:
        if date_prep or _DETERMINER_BEFORE_RE.search(before):
            return True
        return _DET_YEAR_AND_RE.search(before) is not None  # "the 1967 and 1973 wars"
    return True


@dataclass
class _Atom:
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    precision: str = "day"
    qualifier: str | None = None
    kind: str = "point"
    season: str | None = None
    weekday: int | None = None
    bare_month: bool = False
    # "3 and 5 May" without "between" is two days: (end of the first, start of the second)
    day_pair: tuple[int, int] | None = None
    year_start: int | None = None  # offset of a lone year, for count checks

    @property
    def is_range(self) -> bool:
        return self.end_year is not None or self.end_month is not None or self.end_day is not None


def _qualifier(m: re.Match[str]) -> str | None:
    if m.group("qw"):
        return QUALIFIERS[m.group("qw").lower()]
    if m.group("qp"):
        return QUALIFIERS[m.group("qp").lower()]
    return None


def _atom_from_match(m: re.Match[str]) -> _Atom | None:
    start, end = m.span()
    g = m.group
    if g("iso"):
        y, mo, d = int(g("iso_y")), int(g("iso_m")), int(g("iso_d"))
        if not _valid_day(y, mo, d):
            return None
        return _Atom(start, end, y, mo, d, precision="day")
    if g("drange") or g("mdrange"):
        if g("drange"):
            d1, d2, mo_s, y_s, sep = g("day_a"), g("day_b"), g("mon_a"), g("yr_a"), g("dsep_a")
        else:
            d1, d2, mo_s, y_s, sep = g("day_c"), g("day_d"), g("mon_b"), g("yr_b"), g("dsep_b")
        mo, y, a, b = _month_num(mo_s), _int(y_s), int(d1), int(d2)
        if not (_valid_day(y, mo, a) and _valid_day(y, mo, b)) or b <= a:
            return None
        atom = _Atom(start, end, y, mo, a, y, mo, b, precision="range", kind="range")
        if sep.strip().lower() in ("and", "or"):
            d1_end = m.end("day_a") if g("drange") else m.end("day_c")
            while d1_end < end and m.string[d1_end].isalpha():
                d1_end += 1  # "3rd"
            atom.day_pair = (d1_end, m.start("day_b") if g("drange") else m.start("day_d"))
        return atom
    if g("dmy") or g("mdy"):
        tag = ("a", "e", "c", "c") if g("dmy") else ("b", "f", "d", "d")
        mo, d, y = _month_num(g(f"mon_{tag[2]}")), int(g(f"day_{tag[1]}")), _int(g(f"yr_{tag[3]}"))
        if not _valid_day(y, mo, d):
            return None
        wd = g(f"wd_{tag[0]}")
        return _Atom(start, end, y, mo, d, precision="day",
                     weekday=WEEKDAYS[wd.lower()] if wd else None)  # fmt: skip
    qual = _qualifier(m)
    if g("my"):
        return _Atom(start, end, int(g("yr_e")), _month_num(g("mon_e")), precision="month",
                     qualifier=qual)  # fmt: skip
    if g("season"):
        name = g("sea_a").lower()
        y = int(g("yr_f"))
        first, last = SEASONS[name]
        ey = y + 1 if last < first else y
        if g("sea_y2"):
            y2 = g("sea_y2")
            y2v = int(y2) if len(y2) == 4 else (y // 100) * 100 + int(y2)
            if y2v != y + 1:
                return None
            ey = y2v
        atom = _Atom(start, end, y, first, None, ey, last, None, precision="season",
                     qualifier=qual, season=name)  # fmt: skip
        atom.year_start = m.start("yr_f")
        return atom
    if g("decade"):
        y = int(g("dec_y"))
        atom = _Atom(start, end, y, None, None, y + 9, None, None, precision="decade",
                     qualifier=qual)  # fmt: skip
        atom.year_start = m.start("dec_y")
        return atom
    if g("yrange"):
        y1 = int(g("yr_g"))
        if g("present"):
            atom = _Atom(start, end, y1, precision="year", kind="since")
        else:
            if g("yr2"):
                y2 = int(g("yr2"))
            else:
                y2 = (y1 // 100) * 100 + int(g("yy2"))
                if y2 <= y1:
                    y2 += 100
                    if y2 - y1 > 10:
                        return None
            if y2 <= y1 or y2 - y1 > 100:
                return None
            atom = _Atom(start, end, y1, None, None, y2, precision="range", kind="range")
        atom.year_start = m.start("yr_g")
        return atom
    if g("year"):
        atom = _Atom(start, end, int(g("yr_h")), precision="year", qualifier=qual)
        atom.year_start = m.start("yr_h")
        return atom
    if g("bmonth"):
        return _Atom(start, end, None, _month_num(g("mon_f")), precision="month",
                     qualifier=qual, bare_month=True)  # fmt: skip
    if g("bseason"):
        name = g("bseason").lower()
        first, last = SEASONS[name]
        return _Atom(start, end, None, first, None, None, last, None, precision="season",
                     qualifier=qual, season=name, bare_month=True)  # fmt: skip
    return None  # pragma: no cover


def _prev_word(text: str, pos: int, lo: int) -> str:
    m = _PREP_BEFORE_RE.search(text, max(lo, pos - _LOOKBACK), pos)
    return m.group("p").lower() if m else ""


def _find_atoms(text: str, lo: int, hi: int) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in ATOM_RE.finditer(text, lo, hi):
        atom = _atom_from_match(m)
        if atom is None:
            continue
        if atom.year_start is not None and atom.precision != "season":
            if not _is_year_like_number(text, atom.start, atom.end, lo):
                if atom.qualifier is None:
                    continue
        if atom.bare_month and atom.qualifier is None:
            if atom.season is not None:
                # "in the summer", "during winter": a season word needs a preposition
                before = text[max(lo, atom.start - 12) : atom.start]
                if not _SEASON_PREP_RE.search(before):
                    continue
            else:
                prev = _prev_word(text, atom.start, lo)
                if not prev:
                    continue
                if atom.month == 5 and prev not in _MAY_OK:
                    atom.kind = "may?"  # accepted only if it joins a range
        atoms.append(atom)
    return atoms


def _inherit_year(first: _Atom, second: _Atom) -> None:
    """Give a year-less start of a range the year of its end ("from March to May 2015")."""
    if first.year is None and second.year is not None:
        y = second.year
        if first.month is not None and second.month is not None and first.month > second.month:
            y -= 1
        first.year = y
    elif second.year is None and first.year is not None and second.month is not None:
        y = first.year
        if first.month is not None and second.month < first.month:
            y += 1
        second.year = y


def _combine(text: str, atoms: list[_Atom], lo: int) -> list[_Atom]:
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if i + 1 < len(atoms) and a.kind in ("point", "may?") and not a.is_range:
            b = atoms[i + 1]
            gap = _RANGE_GAP_RE.fullmatch(text, a.end, b.start)
            if gap and b.kind in ("point", "may?") and not (b.is_range and b.precision == "range"):
                word = text[a.end : b.start].strip().lower()
                prefix = _PREFIX_RE.search(text, max(lo, a.start - _LOOKBACK), a.start)
                p = prefix.group("p").lower() if prefix else ""
                ok = word not in ("and", "or") or p == "between"
                if ok and p == "between" and word not in ("and", "or"):
                    ok = False
                # two year-less ends join only after "from" or "between"
                if ok and (a.year is None) and b.year is None:
                    ok = a.bare_month and b.bare_month and p in ("from", "between")
                if ok:
                    _inherit_year(a, b)
                    end_y, end_m, end_d = b.year, b.month, b.day
                    if b.end_year is not None or b.end_month is not None:
                        end_y, end_m, end_d = b.end_year, b.end_month, b.end_day
                    start = prefix.start() if prefix and p in ("from", "between") else a.start
                    merged = _Atom(
                        start, b.end, a.year, a.month, a.day, end_y, end_m, end_d,
                        precision="range", kind="range", qualifier=a.qualifier,
                    )  # fmt: skip
                    if _range_ordered(merged):
                        out.append(merged)
                        i += 2
                        continue
        out.append(a)
        i += 1
    return out


def _range_ordered(a: _Atom) -> bool:
    if a.year is None or a.end_year is None:
        return True
    s = (a.year, a.month or 1, a.day or 1)
    e = (a.end_year, a.end_month or 12, a.end_day or 31)
    return s <= e


def _apply_prefix(text: str, atom: _Atom, lo: int) -> None:
    """Read "since", "until", "before", "after", "from ... onwards" around an atom."""
    if atom.kind not in ("point", "may?", "since", "range") or atom.start < lo:
        return
    m = _PREFIX_RE.search(text, max(lo, atom.start - _LOOKBACK), atom.start)
    if atom.kind == "range":
        if m is not None and m.group("p").lower() in ("between", "from"):
            if m.group("p").lower() == "between":
                atom.day_pair = None
            atom.start = m.start()
        return
    onwards = _ONWARDS_RE.match(text, atom.end)
    if m is None:
        if onwards and atom.kind == "point":
            atom.kind = "since"
            atom.end = onwards.end()
        return
    p = re.sub(r"\s+", " ", m.group("p").lower())
    kind = {
        "since": "since", "until": "until", "till": "until", "up until": "until",
        "up to": "until", "through": "until", "before": "before", "prior to": "before",
        "after": "after",
    }.get(p)  # fmt: skip
    if p == "from" and onwards:
        kind = "since"
        atom.end = onwards.end()
    if kind is None:
        return
    if atom.kind == "may?" and p not in _MAY_OK:
        return
    if atom.kind == "since" and kind != "since":
        return
    atom.kind = kind
    atom.start = m.start()


def _mention_from_atom(text: str, a: _Atom) -> DateMention:
    kind = "point" if a.kind == "may?" else a.kind
    precision = a.precision
    if kind == "range":
        precision = "range"
    return DateMention(a.start, a.end, text[a.start : a.end], a.year, a.month, a.day,
                       a.end_year, a.end_month, a.end_day, precision, a.qualifier, kind,
                       season=a.season, weekday=a.weekday)  # fmt: skip


def _relative_mentions(text: str, lo: int, hi: int) -> list[DateMention]:
    out: list[DateMention] = []
    for m in REL_RE.finditer(text, lo, hi):
        g = m.group
        start, end = m.span()
        rel: tuple[str, int] | str | None = None
        precision = "day"
        season = None
        qualifier = None
        if g("rdet"):
            det = re.sub(r"\s+", " ", g("rdet").lower())
            step = {"that": 0, "the same": 0, "the following": 1, "the next": 1,
                    "the subsequent": 1, "the previous": -1, "the preceding": -1,
                    "the prior": -1}[det]  # fmt: skip
            unit = g("runit")
            if unit in SEASONS:
                season, unit = unit, "year"
                precision = "season"
            elif unit in ("morning", "afternoon", "evening", "night"):
                unit = "day"
            else:
                precision = unit if unit != "week" else "range"
            rel = (unit, step)
            if g("rq") and g("rq").split()[0].lower() in ("early", "late"):
                qualifier = g("rq").split()[0].lower()
        elif g("runit5"):
            det = re.sub(r"\s+", " ", g("rdet5").lower())
            unit = g("runit5")
            step = {"the": 0, "that": 0, "the same": 0, "this": 0, "the following": 1,
                    "the next": 1, "the previous": -1}[det]  # fmt: skip
            rel = (f"pub_{unit}" if det == "this" else unit, step)
            precision = unit if unit != "week" else "range"
            qualifier = QUALIFIERS[g("rqp").split()[-2].lower()]
        elif g("runit2"):
            unit = g("runit2")
            rel = (unit, 1 if g("rdir2") == "after" else -1)
            precision = unit if unit != "week" else "range"
        elif g("runit3"):
            unit = g("runit3").rstrip("s")
            n_s = g("rn").lower()
            n = int(n_s) if n_s.isdigit() else NUMBER_WORDS[n_s]
            sign = -1 if g("rdir3").lower() in ("earlier", "before") else 1
            rel = (unit, sign * n)
            precision = unit if unit != "week" else "range"
        elif g("rword"):
            w = re.sub(r"\s+", " ", g("rword").lower())
            rel = {"today": "today", "tonight": "today", "yesterday": "yesterday",
                   "last night": "yesterday", "tomorrow": "tomorrow"}[w]  # fmt: skip
        elif g("rpub"):
            unit = g("runit4")
            step = {"this": 0, "last": -1, "next": 1}[g("rpub").lower()]
            rel = (f"pub_{unit}", step)
            precision = unit if unit != "week" else "range"
        elif g("wd"):
            if _WD_EXCLUDE_RE.search(text, max(lo, start - 12), start):
                continue
            if _WD_NAME_AFTER_RE.match(text, end, hi):
                continue
            rel = ("weekday", WEEKDAYS[g("wd").lower()])
        out.append(DateMention(start, end, text[start:end], precision=precision,
                               qualifier=qualifier, kind="relative", relative=rel,
                               season=season))  # fmt: skip
    return out


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Date expressions in text[start:end], non-overlapping, in text order; where two
    candidates overlap the longer one wins. Offsets are into the full text."""
    hi = len(text) if end is None else min(end, len(text))
    lo = max(0, start)
    atoms = _combine(text, _find_atoms(text, lo, hi), lo)
    mentions: list[DateMention] = []
    for a in atoms:
        _apply_prefix(text, a, lo)
        if a.kind == "may?":
            continue  # "May" with no day, year or month preposition: the modal verb
        if a.day_pair is not None:
            d1_end, b_start = a.day_pair
            for s, e, d in ((a.start, d1_end, a.day), (b_start, a.end, a.end_day)):
                mentions.append(DateMention(s, e, text[s:e], a.year, a.month, d,
                                            precision="day"))  # fmt: skip
            continue
        mentions.append(_mention_from_atom(text, a))
    rel = _relative_mentions(text, lo, hi)
    if rel:
        mentions = _select(mentions + rel)
    return mentions


def _select(candidates: list[DateMention]) -> list[DateMention]:
    """Longest first, skipping any candidate that overlaps one already chosen."""
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[DateMention] = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        i = bisect.bisect_left(starts, c.end)
        if i > 0 and ends[i - 1] > c.start:
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen
