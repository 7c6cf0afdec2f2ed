"""Counts in English prose, with their qualifiers ("at least 8", "more than 400", "dozens").

`find_quantities` returns every number-like mention of a text with a `kind`, so that a caller
who wants head counts keeps `kind == "count"` and gets none of the years, dates, ages,
percentages, money, ordinals, times, durations, measures and identifiers ("Resolution 1701",
"F-16") that share the same digits.

Conventions for the figures (the qualifier grammar itself is data, `data/qualifiers.tsv`):

- `value` is the figure as written: 400 for "more than 400", 12 for "a dozen", 1500000 for
  "1.5 million". For a vague word it is the conventional figure, which is its low bound:
  dozens 24, hundreds 200, thousands 2000, tens of thousands 20000, scores 40, several 3,
  a handful 2. For a range ("between 10 and 15", "10-15", "10 or 11") it is the first figure.
- `low` and `high` are inclusive bounds, None where the text sets none:
  exact 25 -> 25..25; "at least 8" -> 8..; "more than 400" -> 401..; "up to 30" -> ..30;
  "fewer than 10" -> ..9; "about 50" -> none; "nearly 100" -> ..100 (qualifier "about");
  a range -> 10..15 (qualifier "about"); "dozens" -> 24..; "several" -> 3..9;
  "several hundred" -> 300..999. Strict bounds (n+1, n-1) apply to whole numbers only.
- `kind` is one of count, age, percent, money, ordinal, year, date, time, duration, measure,
  other ("other": identifiers, section numbers, compound adjectives such as "two-state").
  Pronoun "one" ("one of its commanders", "no one") and bare scale words are left out.
- `value` is None only for clock times ("10:30") and dotted section numbers ("3.2.1").
- `unit` is the head noun phrase after the figure ("Israeli soldiers", "rockets and mortar
  shells", "civilians" in "dozens of civilians"), for counts only; None when none follows.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from text_to_num import text2num

from procopius.records import Quantity

Number = int | float

KINDS = (
    "count",
    "age",
    "percent",
    "money",
    "ordinal",
    "year",
    "date",
    "time",
    "duration",
    "measure",
    "other",
)


@dataclass
class QuantityMention:
    """One number-like mention: offsets are into the full text given to `find_quantities`."""

    start: int
    end: int
    text: str
    value: Number | None
    qualifier: str
    low: Number | None
    high: Number | None
    unit: str | None
    unit_start: int | None
    unit_end: int | None
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_quantity(self) -> Quantity:
        """The record form (`value, qualifier, low, high, what`)."""
        return Quantity(
            value=self.value if self.value is not None else 0,
            qualifier=self.qualifier,
            low=self.low,
            high=self.high,
            what=self.unit,
        )


# ---------------------------------------------------------------------------------------------
# The qualifier grammar (data)


@dataclass(frozen=True)
class _Rule:
    phrase: str
    role: str
    qualifier: str
    bounds: tuple[tuple[str, str], ...]

    @property
    def high(self) -> str | None:
        return dict(self.bounds).get("high")

    def apply(self, n: Number) -> tuple[Number, Number | None, Number | None]:
        """(value, low, high) for figure n under this rule."""
        out: dict[str, Number | None] = {"value": n, "low": None, "high": None}
        for key, expr in self.bounds:
            out[key] = _eval_bound(expr, n)
        value = out["value"] if out["value"] is not None else n
        return value, out["low"], out["high"]


def _eval_bound(expr: str, n: Number) -> Number:
    whole = isinstance(n, int) or float(n).is_integer()
    if expr == "n":
        return n
    if expr == "n+1":
        return int(n) + 1 if whole else n
    if expr == "n-1":
        return int(n) - 1 if whole else n
    return int(expr)


def _phrase_pattern(phrase: str) -> str:
    return r"\s+".join(re.escape(w) for w in phrase.split())


@lru_cache(maxsize=1)
def load_qualifiers() -> tuple[_Rule, ...]:
    """The rows of `data/qualifiers.tsv`."""
    text = resources.files("procopius").joinpath("data/qualifiers.tsv").read_text("utf-8")
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrase, role, qualifier, bounds = line.split("\t")
        pairs: list[tuple[str, str]] = []
        if bounds.strip() != "-":
            for item in bounds.split(";"):
                key, _, expr = item.partition("=")
                pairs.append((key.strip(), expr.strip()))
        rules.append(_Rule(phrase.strip().lower(), role.strip(), qualifier.strip(), tuple(pairs)))
    return tuple(rules)


def _rules_by_role(role: str) -> dict[str, _Rule]:
    return {r.phrase: r for r in load_qualifiers() if r.role == role}


def _norm_phrase(s: str) -> str:
    return " ".join(s.lower().replace("-", " ").split())


_BEFORE = {**_rules_by_role("before"), **_rules_by_role("range")}
_AFTER = _rules_by_role("after")
_WORDS = {**_rules_by_role("word"), **_rules_by_role("word_of")}
_WORDS_NEED_OF = set(_rules_by_role("word_of"))
_MULTIPLIERS = _rules_by_role("multiplier")


def _alternation(phrases: list[str] | set[str]) -> str:
    return "|".join(_phrase_pattern(p) for p in sorted(phrases, key=len, reverse=True))


# ---------------------------------------------------------------------------------------------
# Lexicons (general English, not tied to any text)

_UNITS_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALE_WORDS = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_NUMBER_WORDS = set(_UNITS_WORDS + _TENS_WORDS) | set(_SCALE_WORDS) | {"dozen"}

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 1000,
}  # fmt: skip
_TENS_VALUES = {w: 20 + 10 * i for i, w in enumerate(_TENS_WORDS)}

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

_DURATION = {
    "second", "seconds", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs",
    "day", "days", "night", "nights", "week", "weeks", "fortnight", "fortnights", "month",
    "months", "year", "years", "yr", "yrs", "decade", "decades", "century", "centuries",
}  # fmt: skip
_MEASURE = {
    "km", "kms", "kilometre", "kilometres", "kilometer", "kilometers", "mile", "miles", "metre",
    "metres", "meter", "meters", "m", "cm", "mm", "millimetre", "millimetres", "millimeter",
    "millimeters", "centimetre", "centimetres", "centimeter", "centimeters", "kg", "kgs",
    "kilo", "kilos", "kilogram", "kilograms", "gram", "grams", "g", "ton", "tons", "tonne",
    "tonnes", "lb", "lbs", "feet", "foot", "ft", "inch", "inches", "in", "yard", "yards",
    "hectare", "hectares", "ha", "acre", "acres", "dunam", "dunams", "dunum", "dunums",
    "donum", "donums", "sq", "square", "degree", "degrees", "knot", "knots", "mph", "kph",
    "km/h", "litre", "litres", "liter", "liters", "l", "gallon", "gallons", "barrel",
    "barrels", "bpd", "calibre", "caliber", "mw", "gw", "kw", "megawatt", "megawatts",
    "kiloton", "kilotons", "kt", "nm", "nmi", "°",
}  # fmt: skip
_CURRENCY_WORDS = {
    "dollar", "dollars", "euro", "euros", "pound", "pounds", "sterling", "shekel", "shekels",
    "nis", "dinar", "dinars", "riyal", "riyals", "rial", "rials", "lira", "liras", "lire",
    "usd", "eur", "gbp", "yuan", "rupee", "rupees", "franc", "francs", "ruble", "rubles",
    "rouble", "roubles", "yen", "dirham", "dirhams", "afghani", "afghanis", "naira", "rand",
    "shillings", "birr", "kyat", "taka", "hryvnia", "hryvnias", "cents", "pence",
}  # fmt: skip
_CURRENCY_SYMBOLS = "$£€¥₪₹₽₺"
_CURRENCY_PREFIX_WORDS = {"us", "usd", "eur", "gbp", "nis", "a", "c", "nz", "hk"}
_AGE_BEFORE = {"aged", "age", "ages", "agé"}
_TIME_AFTER = {"am", "pm", "a.m.", "p.m.", "a.m", "p.m", "o'clock", "gmt", "utc", "hrs"}
_IDENT_HEADS = {
    "resolution", "resolutions", "route", "highway", "road", "street", "avenue", "article",
    "articles", "section", "sections", "chapter", "chapters", "paragraph", "clause", "annex",
    "page", "pages", "p.", "pp.", "vol.", "volume", "issue", "no.", "nos.", "number", "unit",
    "flight", "gate", "building", "block", "zone", "sector", "phase", "level", "grade", "class",
    "type", "model", "mark", "mk", "version", "room", "platform", "line", "bus", "channel",
    "radio", "tower", "hill", "point", "checkpoint", "station", "outpost", "camp", "protocol",
    "amendment", "rule", "regulation", "directive", "decree", "law", "bill", "act", "order",
    "brigade", "battalion", "division", "regiment", "squadron", "corps", "fleet", "wing",
    "company", "group", "team", "squad", "cell", "kilometre", "km", "mile", "junction",
    "exit", "terminal", "hall", "apartment", "flat", "floor", "district", "ward", "precinct",
    "plot", "lot", "operation", "codename", "code", "figure", "table", "appendix", "tier",
    "stage", "round", "season", "episode", "part", "book", "psalm", "surah", "sura", "verse",
}  # fmt: skip
_YEAR_PREPS = {
    "in", "since", "of", "by", "from", "until", "till", "to", "during", "between", "and",
    "early", "late", "mid", "the", "year", "years", "spring", "summer", "autumn", "fall",
    "winter", "before", "after", "around", "circa", "c.", "ca.", "through", "throughout",
    "for", "or", "whose", "its", "their", "his", "her", "fiscal", "calendar",
}  # fmt: skip
_PRONOUN_ONE_BEFORE = {
    "no", "any", "every", "each", "the", "this", "that", "which", "some", "someone", "anyone",
    "everyone", "only", "last", "another", "such", "a", "little", "loved", "chosen",
}  # fmt: skip

# Words that end a unit noun phrase (function words, auxiliaries, common irregular verbs).
_STOP = {
    "a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our",
    "my", "your", "of", "in", "on", "at", "by", "to", "from", "with", "without", "into",
    "onto", "for", "against", "across", "near", "inside", "outside", "around", "along",
    "among", "amid", "amidst", "between", "behind", "beyond", "through", "toward", "towards",
    "under", "over", "above", "below", "after", "before", "during", "since", "until", "till",
    "while", "when", "where", "who", "whom", "whose", "which", "what", "why", "how", "as",
    "than", "per", "each", "and", "or", "but", "nor", "so", "yet", "if", "because", "although",
    "though", "whereas", "unless", "including", "included", "excluding", "except", "like",
    "unlike", "via", "within", "upon", "about", "despite", "following", "according", "is",
    "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "having", "do",
    "does", "did", "done", "will", "would", "shall", "should", "can", "could", "may", "might",
    "must", "not", "no", "also", "still", "then", "there", "here", "now", "all", "both",
    "either", "neither", "more", "less", "fewer", "most", "least", "other", "others", "such",
    "same", "own", "very", "too", "just", "only", "even", "again", "ago", "later", "earlier",
    "it", "he", "she", "they", "we", "you", "i", "them", "him", "us", "me", "itself",
    "themselves", "died", "die", "dies", "fell", "fall", "falls", "hit", "hits", "struck",
    "left", "fled", "lost", "took", "take", "takes", "taken", "made", "make", "makes", "went",
    "go", "goes", "gone", "came", "come", "comes", "said", "say", "says", "told", "tell",
    "got", "get", "gets", "held", "hold", "holds", "won", "win", "met", "meet", "ran", "run",
    "fought", "fight", "fights", "sought", "brought", "bring", "caught", "set", "put", "saw",
    "see", "seen", "known", "know", "given", "give", "gave", "beaten", "driven", "thrown",
    "blown", "become", "became", "began", "begun", "remain", "remains", "stood", "stand",
    "sent", "send", "led", "lead", "leads", "kept", "keep", "shot", "slain", "hurt", "lay",
    "lie", "lies", "live", "lives", "belong", "belonged", "belongs", "out",
    "up", "down", "off", "away", "back", "onward", "reportedly", "respectively", "total",
    "altogether", "apiece", "overall", "combined", "together", "alone",
    "someone", "people's", "versus", "vs", "vs.", "etc", "etc.", "i.e.", "e.g.",
}  # fmt: skip
_NOT_ADVERB_LY = {
    "family", "ally", "rally", "assembly", "supply", "belly", "jelly", "bully", "folly",
    "anomaly", "monopoly", "reply", "fly", "butterfly", "italy", "july", "lily", "holly",
    "gully", "tally", "melee", "militarily", "homily", "firefly", "dragonfly", "jolly",
}  # fmt: skip
_NOUN_PARTICIPLES = {
    "wounded", "injured", "killed", "dead", "missing", "detained", "displaced", "arrested",
    "abducted", "kidnapped", "disappeared", "executed", "imprisoned", "besieged", "evacuated",
}  # fmt: skip
_LEAD_SKIP = {"more", "other", "additional", "further", "another"}
_PARTITIVE_DETS = {
    "the", "its", "their", "his", "her", "our", "these", "those", "my", "your", "whose",
}  # fmt: skip
_PARTITIVE_PRONOUNS = {"them", "whom", "which", "those", "these", "us", "you", "it", "theirs"}
# Verbs after which "over" is a particle ("took over 3 villages"), not a qualifier.
_OVER_PARTICLE_VERBS = {
    "took", "take", "takes", "taken", "taking", "hand", "handed", "hands", "handing", "turn",
    "turned", "turns", "turning", "won", "win", "wins", "winning", "fought", "fight", "fighting",
    "argued", "argue", "clashed", "clash", "tussled", "flew", "fly", "flown", "flying", "passed",
    "pass", "came", "come", "looked", "look", "hovered", "presided", "preside", "watch",
    "watched", "rolled", "ran", "run", "walked", "climbed", "jumped", "left", "carried",
}  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Regular expressions (compiled once)

_SP = r"[ \t\u00a0]+"
_NW = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_SCALE_AND = "|".join(f"(?<={w})" for w in _SCALE_WORDS)
_WORD_RUN = (
    rf"(?:half{_SP}a{_SP}dozen"
    rf"|(?:a{_SP}(?=(?:hundred|thousand|million|billion|dozen)\b))?"
    rf"(?:{_NW})(?:(?:(?:{_SCALE_AND}){_SP}and{_SP}|{_SP}|-)(?:{_NW})(?![\w-]*-old\b))*)"
)
_ORD_RUN = (
    rf"(?:(?:{'|'.join(_TENS_WORDS)})-)?(?:"
    + "|".join(sorted(_ORDINALS, key=len, reverse=True))
    + ")"
)
_VAGUE_RUN = _alternation(set(_WORDS) | set(_MULTIPLIERS))

_MASTER = re.compile(
    r"(?P<time>(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:]))"
    r"|(?P<dig>(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)*)"
    rf"|(?P<word>\b(?i:{_WORD_RUN})\b)"
    rf"|(?P<vague>\b(?i:{_VAGUE_RUN})\b)"
    rf"|(?P<ord>\b(?i:{_ORD_RUN})\b)"
)
# A cheap scan: every digit run and every word; only digits and words that can open a
# number (set below) are tried against the full pattern.
_CANDIDATE = re.compile(r"\d+|[A-Za-z]+")
_FIRST_WORDS = (
    _NUMBER_WORDS
    | set(_ORDINALS)
    | {"a", "half"}
    | {p.split()[0] for p in [*_WORDS, *_MULTIPLIERS]}
)
_NUMBER_AT = re.compile(
    r"(?P<dig>(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?![.\d]))"
    rf"|(?P<word>\b(?i:{_WORD_RUN})\b)"
)
_ATTACHED = re.compile(r"(?:'s\b|[A-Za-z°%]+(?:/[A-Za-z]+)?)")
_SCALE_AFTER = re.compile(rf"{_SP}(?i:(million|billion|thousand|hundred|trillion))\b(?!-)")
_SCALE_VALUES = {
    "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "k": 1000, "m": 10**6, "mn": 10**6, "mln": 10**6, "bn": 10**9, "b": 10**9,
}  # fmt: skip
_BEFORE_RE = re.compile(rf"(?<![\w-])(?i:{_alternation(_BEFORE)})(?:{_SP})?\Z")
_AFTER_RE = re.compile(rf"(?:{_SP}|-)(?i:({_alternation(_AFTER)}))\b(?![ \t]*\d)")
_RANGE_SEP = re.compile(rf"(?:[ \t]*[-–—][ \t]*|{_SP}(?i:to|or){_SP})")
_AND_SEP = re.compile(rf"{_SP}and{_SP}")
_NEXT_TOKEN = re.compile(r"[ \t\u00a0]*(%|[A-Za-z°][A-Za-z'’./]*|\S)?")
_HYPHEN_WORD = re.compile(r"-([A-Za-z]+)(?:-([A-Za-z]+))?")
_PERCENT_AFTER = re.compile(r"[ \t]*(?:%|(?i:per[ \t]*cent|percent|pct)\b|(?i:percentage))")
_AGE_AFTER = re.compile(r"(?i:[ \t-]+(?:years?|months?|weeks?|days?)[ \t-]+old\b)")
_PREV_WORD = re.compile(r"([A-Za-z][A-Za-z'’.]*)[ \t\u00a0]*\Z")
_NAME_COMMA = re.compile(
    r"(?:[A-Z][\w'’.-]*|\b(?:son|daughter|brother|sister|wife|husband|father|mother|nephew"
    r"|niece|cousin|grandson|granddaughter|boy|girl|child|toddler|teenager|man|woman)),[ \t]*\Z"
)
_UNIT_TOKEN = re.compile(r"[ \t\u00a0]*([A-Za-z][A-Za-z'’-]*)")
_OF_RE = re.compile(rf"{_SP}of\b")
_MULT_SCALE = re.compile(rf"{_SP}(?i:(dozen|hundred|thousand|million|billion))\b(?![\w-])")
_OF_SCALE = re.compile(rf"{_SP}of{_SP}(?i:(thousands|millions|billions))\b")
_CURRENCY_BEFORE = re.compile(rf"(?:\b(?i:us|usd|nz|hk|a|c)[ \t]?)?[{_CURRENCY_SYMBOLS}][ \t]*\Z")
_SENT_END = re.compile(r"(?:^|[.!?:;\"“”(\n])[ \t\u00a0'‘’\"“”(]*\Z")


# ---------------------------------------------------------------------------------------------
# Number parsing


def _digits_value(raw: str) -> Number:
    raw = raw.replace(",", "")
    if "." in raw:
        f = float(raw)
        return int(f) if f.is_integer() else f
    return int(raw)


def _scaled(n: Number, scale: int) -> Number:
    v = n * scale
    if isinstance(v, float) and abs(v - round(v)) < 1e-6:
        return int(round(v))
    return v


def _word_value(words: list[str]) -> int | None:
    """The value of a run of number words (lower-case, hyphens split), or None if invalid."""
    if not words:
        return None
    if words[-1] == "dozen":
        head = words[:-1]
        if not head or head == ["a"]:
            return 12
        if head == ["half", "a"]:
            return 6
        mult = _word_value(head)
        return None if mult is None else mult * 12
    if "dozen" in words:
        return None
    if words[0] == "a":
        if len(words) == 1 or words[1] not in _SCALE_WORDS:
            return None
        words = ["one", *words[1:]]
    elif words[0] in _SCALE_WORDS or words[0] == "and" or words[-1] == "and":
        return None
    try:
        return int(text2num(" ".join(words), "en"))
    except ValueError:
        return None


_WORD_TOKEN = re.compile(r"[A-Za-z]+")


def _split_word_run(text: str, s: int, e: int) -> list[tuple[int, int, int]]:
    """Split a matched run of number words into valid numbers: (start, end, value) each."""
    toks = [(m.start(), m.end(), m.group().lower()) for m in _WORD_TOKEN.finditer(text, s, e)]
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(toks):
        if toks[i][2] == "and":
            i += 1
            continue
        for j in range(len(toks), i, -1):
            value = _word_value([t[2] for t in toks[i:j]])
            if value is not None:
                out.append((toks[i][0], toks[j - 1][1], value))
                i = j
                break
        else:
            i += 1
    return out


def _number_at(text: str, pos: int, limit: int) -> tuple[int, int, Number, bool] | None:
    """A number starting exactly at pos: (start, end, value, is_digits), scale words included."""
    m = _NUMBER_AT.match(text, pos, limit)
    if not m:
        return None
    if m.group("dig"):
        value = _digits_value(m.group("dig"))
        end = m.end()
        sm = _SCALE_AFTER.match(text, end, limit)
        if sm:
            value = _scaled(value, _SCALE_VALUES[sm.group(1).lower()])
            end = sm.end()
        else:
            am = re.match(r"(bn|mn|mln|m|k)\b", text[end:limit])
            if am:
                value = _scaled(value, _SCALE_VALUES[am.group(1)])
                end += am.end()
        return m.start(), end, value, True
    parts = _split_word_run(text, m.start(), m.end())
    if not parts:
        return None
    s0, e0, v0 = parts[0]
    return s0, e0, v0, False


# ---------------------------------------------------------------------------------------------
# Context helpers


def _prev_word(text: str, pos: int, lo: int) -> tuple[str, int] | None:
    m = _PREV_WORD.search(text, max(lo, pos - 40), pos)
    if not m:
        return None
    return m.group(1), m.start(1)


def _sentence_initial(text: str, pos: int, lo: int) -> bool:
    return bool(_SENT_END.search(text, max(lo, pos - 6), pos)) or pos <= lo


def _next_token(text: str, pos: int, hi: int) -> tuple[str, int, int]:
    m = _NEXT_TOKEN.match(text, pos, hi)
    if not m or m.group(1) is None:
        return "", pos, pos
    tok = m.group(1)
    return tok, m.start(1), m.end(1)


def _is_int(v: Number | None) -> bool:
    return isinstance(v, int) or (isinstance(v, float) and v.is_integer())


def _is_participle(w: str) -> bool:
    lw = w.lower()
    return len(lw) > 4 and (lw.endswith("ed") or lw.endswith("ing"))


def _is_adverb(w: str) -> bool:
    lw = w.lower()
    return len(lw) > 4 and lw.endswith("ly") and lw not in _NOT_ADVERB_LY


def _conjunct(text: str, pos: int, hi: int) -> tuple[int, int, int] | None:
    """One conjunct of a unit noun phrase from pos: (start, end, next_pos) or None."""
    words: list[tuple[int, int, str]] = []
    p = pos
    seen_noun = False
    while len(words) < 4:
        m = _UNIT_TOKEN.match(text, p, hi)
        if not m:
            break
        w = m.group(1).rstrip("'’-")
        lw = w.lower()
        if not w or lw in _STOP or lw in _NUMBER_WORDS or lw in _ORDINALS:
            break
        if lw in _MONTHS and w[0].isupper() and lw not in {"march", "may"}:
            break
        if _is_adverb(w):
            break
        if _is_participle(w):
            if seen_noun:
                break
        else:
            seen_noun = True
        words.append((m.start(1), m.start(1) + len(w), w))
        p = m.end()
        if len(w) < len(m.group(1)):  # possessive or trailing hyphen ends the phrase
            break
    # drop trailing participles; a lone one stands only if it is used as a noun ("25 wounded")
    while len(words) > 1 and _is_participle(words[-1][2]):
        words.pop()
    if not words:
        return None
    if len(words) == 1 and _is_participle(words[0][2]):
        if words[0][2].lower() not in _NOUN_PARTICIPLES:
            return None
    return words[0][0], words[-1][1], p


_CONJ = re.compile(rf"{_SP}(?:and|or){_SP}")


def _unit_after(text: str, pos: int, hi: int) -> tuple[int, int] | None:
    """The head noun phrase right after a figure (up to two conjuncts joined by and/or)."""
    p = pos
    # skip "more", "other", "additional" before the head ("3 more soldiers")
    m = _UNIT_TOKEN.match(text, p, hi)
    if m and m.group(1).lower() in _LEAD_SKIP:
        nxt = _UNIT_TOKEN.match(text, m.end(), hi)
        if nxt and nxt.group(1).lower() not in _STOP:
            p = m.end()
    if m and m.group(1).lower() == "others":
        return m.start(1), m.end(1)
    first = _conjunct(text, p, hi)
    if first is None:
        return None
    start, end, nxt = first
    cm = _CONJ.match(text, end, hi)
    if cm:
        after = cm.end()
        if not _NUMBER_AT.match(text, after, hi):
            second = _conjunct(text, after, hi)
            if second is not None and not _is_participle(text[second[0] : second[1]]):
                # the second conjunct must not be followed by a figure ("and wounded 5")
                tail = _NEXT_TOKEN.match(text, second[1], hi)
                if not (tail and tail.group(1) and _NUMBER_AT.match(text, tail.start(1), hi)):
                    end = second[1]
    return start, end


def _unit_after_partitive(text: str, pos: int, hi: int) -> tuple[int, int] | None:
    """Unit after "of" ("25 of the fighters", "dozens of civilians")."""
    m = _OF_RE.match(text, pos, hi)
    if not m:
        return _unit_after(text, pos, hi)
    p = m.end()
    t = _UNIT_TOKEN.match(text, p, hi)
    if t and t.group(1).lower() in _PARTITIVE_PRONOUNS:
        return None
    if t and t.group(1).lower() in _PARTITIVE_DETS:
        p = t.end()
    return _unit_after(text, p, hi)


# ---------------------------------------------------------------------------------------------
# Classification


@dataclass
class _Core:
    start: int  # first figure
    end: int  # last figure (and scale word)
    value: Number
    digits: bool
    raw: str
    high_value: Number | None = None  # second figure of a range
    after_rule: _Rule | None = None


def _kind_after(text: str, core: _Core, pos: int, hi: int) -> tuple[str | None, int]:
    """Kind decided by what follows the figure; returns (kind, new end)."""
    v = core.high_value if core.high_value is not None else core.value
    pm = _PERCENT_AFTER.match(text, pos, hi)
    if pm:
        return "percent", pm.end()
    am = _AGE_AFTER.match(text, pos, hi)
    if am:
        return "age", pos
    if pos < hi and text[pos] == "-":
        hm = _HYPHEN_WORD.match(text, pos, hi)
        if hm:
            w1 = hm.group(1).lower()
            w2 = (hm.group(2) or "").lower()
            if w2 == "old" and w1 in _DURATION:
                return "age", pos
            if w1 in _DURATION:
                return "duration", pos
            if w1 in _MEASURE:
                return "measure", pos
            if w1 in _AFTER or w1 in _NUMBER_WORDS or w1 == "strong":
                return None, pos
            return "other", pos
    tok, ts, te = _next_token(text, pos, hi)
    lt = tok.lower()
    if lt not in _TIME_AFTER:
        lt = lt.rstrip(".")
    if not tok:
        return None, pos
    if lt in _TIME_AFTER and _is_int(v) and v <= 24:
        return "time", pos
    if lt in _DURATION:
        return "duration", pos
    if lt in _CURRENCY_WORDS:
        return "money", pos
    if lt in _MEASURE and lt not in {"in", "m", "l", "g", "ha", "nm"}:
        return "measure", pos
    if lt in {"m", "l", "g"} and ts > pos:  # "5 m", spaced, is metres; "5m" was a scale
        nt, _, _ = _next_token(text, te, hi)
        if not nt or not nt[0].isalpha() or nt.lower() in _STOP:
            return "measure", pos
    if lt in _MONTHS and tok[0].isupper() and _is_int(v) and 1 <= v <= 31:
        if lt != "may" or core.digits:
            return "date", pos
    return None, pos


def _kind_before(text: str, core: _Core, lo: int) -> str | None:
    s = core.start
    prev_char = text[s - 1] if s > lo else ""
    if core.digits:
        if prev_char.isalpha() or prev_char in "#/_":
            return "other"
        if prev_char in "-‑" and s - 2 >= lo and text[s - 2].isalnum():
            return "other"
        if prev_char in ".:" and s - 2 >= lo and text[s - 2].isdigit():
            return "other"
    pw = _prev_word(text, s, lo)
    if pw is None:
        return None
    word, ws = pw
    lw = word.lower()
    if lw in _AGE_BEFORE:
        return "age"
    if lw.rstrip(".") in _MONTHS and word[0].isupper():
        v = core.value
        if lw.rstrip(".") == "may" and not core.digits:
            return None
        if _is_int(v) and 1 <= v <= 31:
            return "date"
        if core.digits and len(core.raw) == 4:
            return "year"
        return "other"
    if lw in _IDENT_HEADS and (word[0].isupper() or lw in {"no.", "nos.", "p.", "pp."}):
        return "other"
    if lw in {"resolution", "article", "section", "chapter", "paragraph", "route", "number"}:
        return "other"
    return None


# ---------------------------------------------------------------------------------------------
# The finder


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[QuantityMention]:
    """Every number-like mention in text[start:end], in order, with offsets into `text`."""
    hi = len(text) if end is None else min(end, len(text))
    lo = max(0, start)
    out: list[QuantityMention] = []
    last_end = lo
    for c in _CANDIDATE.finditer(text, lo, hi):
        if c.start() < last_end:
            continue
        w = c.group()
        if not w[0].isdigit() and w.lower() not in _FIRST_WORDS:
            continue
        m = _MASTER.match(text, c.start(), hi)
        if m is None:
            continue
        group = m.lastgroup
        mentions: list[QuantityMention | None] = []
        if group == "time":
            mentions = [_simple(text, m.start(), m.end(), None, "time")]
        elif group == "dig":
            mentions = _from_digits(text, m, lo, hi)
        elif group == "word":
            mentions = _from_words(text, m, lo, hi)
        elif group == "vague":
            mentions = _from_vague(text, m, lo, hi)
        elif group == "ord":
            mentions = [_ordinal_word(text, m)]
        for q in mentions:
            if q is None or q.start < last_end:
                continue
            out.append(q)
            last_end = q.end
    return out


def _mention(
    text: str,
    s: int,
    e: int,
    value: Number | None,
    qualifier: str,
    low: Number | None,
    high: Number | None,
    unit: tuple[int, int] | None,
    kind: str,
) -> QuantityMention:
    return QuantityMention(
        start=s,
        end=e,
        text=text[s:e],
        value=value,
        qualifier=qualifier,
        low=low,
        high=high,
        unit=text[unit[0] : unit[1]] if unit else None,
        unit_start=unit[0] if unit else None,
        unit_end=unit[1] if unit else None,
        kind=kind,
    )


def _simple(text: str, s: int, e: int, value: Number | None, kind: str) -> QuantityMention:
    return _mention(text, s, e, value, "exact", value, value, None, kind)


def _ordinal_word(text: str, m: re.Match[str]) -> QuantityMention:
    parts = m.group().lower().split("-")
    value = _ORDINALS[parts[-1]] + (_TENS_VALUES[parts[0]] if len(parts) == 2 else 0)
    return _simple(text, m.start(), m.end(), value, "ordinal")


def _from_digits(text: str, m: re.Match[str], lo: int, hi: int) -> list[QuantityMention | None]:
    raw = m.group("dig")
    s, e = m.start(), m.end()
    if raw.count(".") >= 2:
        return [_simple(text, s, e, None, "other")]
    value = _digits_value(raw)
    att = _ATTACHED.match(text, e, hi)
    if att:
        a = att.group().lower()
        ae = att.end()
        if a in {"st", "nd", "rd", "th"}:
            kind = "ordinal"
            nxt, _, _ = _next_token(text, ae, hi)
            if nxt.lower().rstrip(".") in _MONTHS or nxt.lower() == "of":
                kind = "date"
            prev = _prev_word(text, s, lo)
            if prev and prev[0].lower().rstrip(".") in _MONTHS and prev[0][0].isupper():
                kind = "date"
            return [_simple(text, s, ae, value, kind)]
        if a in {"s", "'s"} and len(raw) == 4:
            return [_simple(text, s, ae, value, "year")]
        if a == "%":
            return [_finish(text, _Core(s, e, value, True, raw), lo, hi, forced=("percent", ae))]
        if a in _SCALE_VALUES and a not in {"hundred", "thousand", "million", "billion"}:
            core = _Core(s, ae, _scaled(value, _SCALE_VALUES[a]), True, raw)
            return [_finish(text, core, lo, hi)]
        if a in _MEASURE or a.split("/")[0] in _MEASURE:
            return [_simple(text, s, ae, value, "measure")]
        if a in {"am", "pm", "a", "p", "hrs", "h"}:
            return [_simple(text, s, ae, value, "time")]
        return [_simple(text, s, ae, value, "other")]
    if e < hi and text[e] == "/" and e + 1 < hi and text[e + 1].isdigit():
        return [_simple(text, s, e, value, "other")]
    sm = _SCALE_AFTER.match(text, e, hi)
    if sm:
        value = _scaled(value, _SCALE_VALUES[sm.group(1).lower()])
        e = sm.end()
    return [_finish(text, _Core(s, e, value, True, raw), lo, hi)]


def _from_words(text: str, m: re.Match[str], lo: int, hi: int) -> list[QuantityMention]:
    out = []
    for s, e, value in _split_word_run(text, m.start(), m.end()):
        core = _Core(s, e, value, False, text[s:e])
        q = _finish(text, core, lo, hi)
        if q is not None:
            out.append(q)
    return out


def _from_vague(text: str, m: re.Match[str], lo: int, hi: int) -> list[QuantityMention]:
    s, e = m.start(), m.end()
    phrase = _norm_phrase(m.group())
    mult = _MULTIPLIERS.get(phrase)
    if mult is not None:
        sm = _MULT_SCALE.match(text, e, hi)
        if sm:
            scale = 12 if sm.group(1).lower() == "dozen" else _SCALE_WORDS[sm.group(1).lower()]
            value, low, high = mult.apply(0)
            low = low * scale if low is not None else None
            high = (high + 1) * scale - 1 if high is not None else None
            return [_vague_mention(text, s, sm.end(), value * scale, low, high, lo, hi)]
    rule = _WORDS.get(phrase)
    if rule is None:
        return []
    if phrase in _WORDS_NEED_OF and not _OF_RE.match(text, e, hi):
        return []
    value, low, high = rule.apply(0)
    om = _OF_SCALE.match(text, e, hi)
    if om and phrase in {"tens", "hundreds", "dozens"}:
        scale = {"thousands": 1000, "millions": 10**6, "billions": 10**9}[om.group(1).lower()]
        value = value * scale
        low = low * scale if low is not None else None
        high = high * scale if high is not None else None
        e = om.end()
    return [_vague_mention(text, s, e, value, low, high, lo, hi)]


def _vague_mention(
    text: str,
    s: int,
    e: int,
    value: Number,
    low: Number | None,
    high: Number | None,
    lo: int,
    hi: int,
) -> QuantityMention:
    unit = _unit_after_partitive(text, e, hi)
    kind = "count"
    if unit is not None:
        head = text[unit[0] : unit[1]].split()[0].lower()
        if head in _DURATION:
            kind = "duration"
        elif head in _CURRENCY_WORDS:
            kind = "money"
        elif head in _MEASURE and len(head) > 2:
            kind = "measure"
        elif head in {"percent", "per"}:
            kind = "percent"
        elif head in {"times", "time", "occasions", "ways", "reasons"}:
            kind = "other"
        if kind != "count":
            unit = None
    return _mention(text, s, e, value, "vague", low, high, unit, kind)


def _finish(
    text: str,
    core: _Core,
    lo: int,
    hi: int,
    forced: tuple[str, int] | None = None,
) -> QuantityMention | None:
    """Qualifiers, range, kind and unit around a figure."""
    s, e = core.start, core.end
    # qualifier before
    before: _Rule | None = None
    qstart = s
    anchor = s  # a qualifier may stand before a currency sign: "more than $5 million"
    cm = _CURRENCY_BEFORE.search(text, max(lo, s - 6), s)
    if cm:
        anchor = cm.start()
    bm = _BEFORE_RE.search(text, max(lo, anchor - 30), anchor)
    if bm:
        rule = _BEFORE[_norm_phrase(bm.group().strip())]
        ok = True
        if rule.phrase == "over":
            pw = _prev_word(text, bm.start(), lo)
            if pw and pw[0].lower() in _OVER_PARTICLE_VERBS:
                ok = False
        if ok:
            before, qstart = rule, bm.start()
    end_num = e
    if forced is None:
        # qualifier after ("40 or more", "400-plus")
        am = _AFTER_RE.match(text, e, hi)
        if am:
            core.after_rule = _AFTER[_norm_phrase(am.group(1))]
            end_num = am.end()
        else:
            # range
            sm = None
            if before is not None and before.role == "range":
                sm = _AND_SEP.match(text, e, hi)
            if sm is None:
                sm = _RANGE_SEP.match(text, e, hi)
            if sm:
                second = _number_at(text, sm.end(), hi)
                if second is not None and second[3] == core.digits:
                    s2, e2, v2, _ = second
                    v1 = core.value
                    # "10 to 15 thousand": the scale of the second figure covers the first
                    if (
                        v1 < v2
                        and v2 >= 1000
                        and v1 < 1000
                        and not _SCALE_AFTER.match(text, core.start, e)
                    ):
                        for scale in (10**9, 10**6, 1000):
                            if v2 % scale == 0 and v2 // scale > v1:
                                v1 = _scaled(v1, scale)
                                break
                    if v2 > v1:
                        core.value = v1
                        core.high_value = v2
                        end_num = e2
        if before is not None and before.role == "range" and core.high_value is None:
            before, qstart = None, s
    # kind
    kind: str | None = None
    kind_end = end_num
    if forced is not None:
        kind, kind_end = forced
    if kind is None:
        kind, kind_end = _kind_after(text, core, end_num, hi)
        kind_end = max(kind_end, end_num)
    if kind is None:
        kind = _kind_before(text, core, lo)
        if kind is None and before is not None:
            pw = _prev_word(text, qstart, lo)
            if pw and pw[0].lower() in _AGE_BEFORE:
                kind = "age"
    # money: a currency sign right before the figure
    span_start = qstart
    if kind in (None, "money"):
        p = s
        while p > lo and text[p - 1] in " \t":
            p -= 1
        if p > lo and text[p - 1] in _CURRENCY_SYMBOLS:
            kind = "money"
            cs = p - 1
            pm = re.search(r"(?i:[A-Z]{1,3})\Z", text[max(lo, cs - 3) : cs])
            if pm and pm.group().lower() in _CURRENCY_PREFIX_WORDS:
                cs -= len(pm.group())
            if before is None or cs < qstart:
                span_start = cs if before is None else qstart
    unit: tuple[int, int] | None = None
    if kind is None:
        unit = _unit_after_partitive(text, end_num, hi)
        kind = _kind_year_or_age(text, core, before, unit, lo, hi)
    if kind is None:
        kind = "count"
    if kind != "count":
        unit = None
    # pronoun "one" and bare scale words are not counts
    if kind == "count" and not core.digits and core.high_value is None and before is None:
        w = core.raw.lower()
        if w == "one":
            pw = _prev_word(text, s, lo)
            if (
                unit is None
                or _OF_RE.match(text, e, hi)
                or (pw and pw[0].lower() in _PRONOUN_ONE_BEFORE)
                or text[e : e + 1] == "-"
            ):
                return None
    if kind == "count" and core.raw.lower() in _SCALE_WORDS:
        return None
    # identifiers after a capitalised word ("Apollo 11"): no unit, not at a sentence start
    if kind == "count" and before is None and unit is None and core.after_rule is None:
        pw = _prev_word(text, s, lo)
        if pw and pw[0][0].isupper() and core.digits:
            lw = pw[0].lower()
            if (
                not _sentence_initial(text, pw[1], lo)
                and lw not in _WEEKDAYS
                and lw not in _MONTHS
                and text[pw[1] + len(pw[0]) : s].strip() == ""
            ):
                kind = "other"
    # bounds
    value: Number = core.value
    low: Number | None
    high: Number | None
    qualifier = "exact"
    if core.high_value is not None:
        qualifier, low, high = "about", core.value, core.high_value
    elif core.after_rule is not None:
        qualifier = core.after_rule.qualifier
        value, low, high = core.after_rule.apply(core.value)
    elif before is not None:
        qualifier = before.qualifier
        value, low, high = before.apply(core.value)
    else:
        low = high = value
    end_span = max(end_num, kind_end) if kind in ("percent", "money") else end_num
    return _mention(text, span_start, end_span, value, qualifier, low, high, unit, kind)


def _kind_year_or_age(
    text: str,
    core: _Core,
    before: _Rule | None,
    unit: tuple[int, int] | None,
    lo: int,
    hi: int,
) -> str | None:
    s, e = core.start, core.end
    v = core.value
    # "Name, 24, ..." and "Name (24)": an age
    if (
        core.digits
        and before is None
        and core.high_value is None
        and _is_int(v)
        and 1 <= v <= 110
        and "." not in core.raw
    ):
        nxt = text[e : e + 1]
        if nxt == "," and _NAME_COMMA.search(text, max(lo, s - 40), s):
            return "age"
        if nxt == ")" and s >= 2 and text[s - 1] == "(" and text[s - 2] == " ":
            pw = _prev_word(text, s - 2, lo)
            if pw and pw[0][0].isupper():
                return "age"
    # years
    if core.digits and len(core.raw) == 4 and _is_int(v) and 1000 <= v <= 2100:
        if core.high_value is not None and not (
            _is_int(core.high_value) and 1000 <= core.high_value <= 2100
        ):
            return None
        if before is not None:
            # "around 2010" with nothing counted is a year; "more than 2000" a count
            if unit is None and before.qualifier == "about" and before.high is None:
                return "year"
            return None
        if unit is None:
            return "year"
        pw = _prev_word(text, s, lo)
        if pw is None or pw[0].lower() in _YEAR_PREPS or _sentence_initial(text, s, lo):
            return "year"
        if text[unit[0]].isupper():
            return "year"
    return None
