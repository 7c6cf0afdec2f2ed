"""The cascade's cheap first pass: which documents, and which of their paragraphs, can hold
conflict events or actor facts. Only those go through the statistical language model.

A document is selected when conflict vocabulary occurs often enough in it (a plain regular
expression scan, millions of characters per second). Within a selected document the lead
paragraph is always read, and every other paragraph that holds an event trigger, a reporting
verb or a profile cue. Paragraphs are parsed independently, so what is read of a selected
paragraph is exactly what a full pass would read.

With the `sentence` unit the same test is applied sentence by sentence (split by punctuation,
not by the language model): only the lead's first sentence and the sentences that hold
conflict vocabulary, an event trigger or a cue are read, runs of neighbouring sentences
together. About 40% fewer words reach the language model than with the `paragraph` unit, at
the price of more lost events (a sentence about an event that names no conflict word, and
context from the sentences around it).

The `auto` unit, the default, reads a document dense in conflict vocabulary (news of an
attack, a group's article: at least DENSE_TERMS_PER_100_WORDS conflict words per 100 words)
paragraph by paragraph, and a sparse one (a biography that mentions a war, a town's history
with a battle in it) sentence by sentence: ordinary encyclopedic text is where whole
paragraphs cost most and hold least. `procopius eval cascade` measures the three units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from procopius.document import Document

#: conflict words: a word counts when it is one of these, or begins with a stem written with
#: a final "*" ("assassin*": assassin, assassinated, assassinations); "air strike" and
#: "blown up" count once. Words are runs of letters and digits, compared in lower case.
TERMS = """
attack attacks attacked attacking attacker attackers kill killed killing killings kills killer
killers bomb bombs bombed bombing bombings bomber bombers shelled shelling rocket rockets mortar
mortars missile missiles grenade grenades sniper snipers clash clashes clashed ambush ambushed
ambushes militant militants insurgent insurgents insurgency rebel rebels guerrilla guerrillas
militia militias ceasefire truce kidnapped kidnapping kidnapper kidnappers abducted abduction
abductions hostage hostages airstrike airstrikes drone drones explosion explosions explosive
explosives blast blasts armed brigade brigades jihadist jihadists massacre massacres fighters
troops soldiers casualties wounded injured offensive terrorist terrorists terrorism gunmen
gunfire shot shots shooting paramilitary paramilitaries executed execution beheaded died dead
death deaths murder murdered raid raids raided siege invasion invaded war wars battle battles
fought fighting hostilities weapons arms army military police protest protests protesters
demonstrators demonstration demonstrations riot riots arrest arrests arrested detain detained
detainees captured seized occupied violence violent conflict conflicts suicide coup uprising
strike strikes struck burned burnt burning displaced refugees sanctions threat threats
threatened holocaust rape raped rapes raping hanged hanging treaty treaties agreement agreements
harm harmed harming harms rob robbed robbery robberies hurt beat beaten beating beatings blockade
curfew arson ransom crackdown repression stormed overran recaptured retook surrender homicide
homicides manslaughter firearm firearms gun guns slain torched machete machetes stab stabs
stabbed stabbing stabbings
assassin* destroy* demolish* damag* loot* jail* imprison* incarcerat* prison* extermin*
genocid* slaughter* massacr* tortur* assault* decapitat* behead* drown* poison* hijack* invad*
surrender* punch* whip* starv* shoot* injur* lynch* persecut* deport* expel* occup* annex*
sabotag* smuggl* withdraw* withdrew* evacuat* ransack* vandal* explod* detonat* mutilat* maim*
annihilat* slay* pillag* plunder* strangl* assail* confiscat*
""".split()
TERM_WORDS = frozenset(t for t in TERMS if not t.endswith("*"))
TERM_STEMS = tuple(t[:-1] for t in TERMS if t.endswith("*"))
#: two-word terms whose words do not count alone ("air strike" counts once, as "strike")
TERM_PHRASES = re.compile(r"\bblown up\b")
WORD_RE = re.compile(r"\w+")
#: words already classified (bounded: a corpus has millions of distinct words)
_TERM_CACHE: dict[str, bool] = {}
_TERM_CACHE_SIZE = 200_000
CUE_TERMS = re.compile(
    r"\b(?:said|says|stated|reported|announced|claimed|declared|denied|blamed|accused|"
    r"according to|spokes(?:man|woman|person)|commander|leader|founded|formed|established|"
    r"known as|wing of|offshoot|affiliated|allied|renamed|operates|active in|based in)\b",
    re.I,
)
#: a document needs this many conflict words per WORDS_PER_TERM words (at least 1, at most
#: MAX_TERMS) to be read: a short news item with one "killed" is read, a long biography that
#: mentions a war once is not
WORDS_PER_TERM = 150
MAX_TERMS = 4
#: what the first pass selects within a document
UNITS = ("auto", "paragraph", "sentence")
DEFAULT_UNIT = "auto"
#: with the `auto` unit, a selected document with at least this many conflict words per 100
#: words is read paragraph by paragraph, a sparser one sentence by sentence
DENSE_TERMS_PER_100_WORDS = 2.0
#: a sentence ends at ., ! or ? (and a closing quote or bracket) before a capital or a digit
SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"')\]”’]?\s+(?=[\"(\[“‘]?[A-Z0-9])")


@dataclass(frozen=True)
class Selection:
    selected: bool
    #: conflict words counted: up to what the document test needs, all of them with `auto`
    terms: int
    paragraphs: tuple[tuple[int, int], ...]
    all_paragraphs: int


@lru_cache(maxsize=1)
def _any_trigger() -> re.Pattern[str]:
    """The event triggers as one pattern (`events.any_trigger`, imported on first use)."""
    from procopius.events import any_trigger

    return any_trigger()


def is_term(word: str) -> bool:
    """Whether a lower-cased word is a conflict word."""
    known = _TERM_CACHE.get(word)
    if known is None:
        known = word in TERM_WORDS or word.startswith(TERM_STEMS)
        if len(_TERM_CACHE) >= _TERM_CACHE_SIZE:
            _TERM_CACHE.clear()
        _TERM_CACHE[word] = known
    return known


def count_terms(text: str, limit: int | None = None) -> int:
    """Conflict words in a text, counted up to `limit`."""
    low = text.lower()
    n = len(TERM_PHRASES.findall(low)) if "blown up" in low else 0
    if limit is not None and n >= limit:
        return limit
    cache = _TERM_CACHE
    for word in WORD_RE.findall(low):
        # the memo is read here rather than through is_term: this loop sees every word
        known = cache.get(word)
        if known is None:
            known = is_term(word)
        if known:
            n += 1
            if limit is not None and n >= limit:
                break
    return n


def paragraph_is_relevant(text: str) -> bool:
    if count_terms(text, limit=1) or CUE_TERMS.search(text):
        return True
    return _any_trigger().search(text.lower()) is not None


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of text[start:end] cut at end punctuation, as character ranges."""
    out = []
    pos = start
    for m in SENTENCE_END_RE.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


def is_dense(text: str, terms: int | None = None) -> bool:
    """Whether a text holds at least DENSE_TERMS_PER_100_WORDS conflict words per 100 words
    (`terms`: its conflict words, when they are already counted)."""
    words = len(text.split())
    if terms is None:
        terms = count_terms(text)
    return words > 0 and 100 * terms >= DENSE_TERMS_PER_100_WORDS * words


def select(doc: Document, unit: str = DEFAULT_UNIT) -> Selection:
    """The first pass over one document. `unit`: "paragraph" keeps whole paragraphs, "sentence"
    only the sentences (and runs of them) that pass the test, "auto" paragraphs of a document
    dense in conflict vocabulary and sentences of a sparse one."""
    from procopius.nlp import paragraphs

    if unit not in UNITS:
        raise ValueError(f"unknown cascade unit {unit!r} (expected one of {', '.join(UNITS)})")
    paras = paragraphs(doc)
    need = min(MAX_TERMS, 1 + len(doc.text) // (WORDS_PER_TERM * 6))
    # the auto unit needs every conflict word (the document's density), the others `need`
    terms = count_terms(doc.text, limit=None if unit == "auto" else need)
    if terms < need:
        return Selection(False, terms, (), len(paras))
    text = doc.text
    if unit == "auto":
        unit = "paragraph" if is_dense(text, terms) else "sentence"
    if unit == "paragraph":
        keep = [
            (s, e) for k, (s, e) in enumerate(paras) if k == 0 or paragraph_is_relevant(text[s:e])
        ]
        return Selection(True, terms, tuple(keep), len(paras))
    spans: list[tuple[int, int]] = []
    for k, (ps, pe) in enumerate(paras):
        run: tuple[int, int] | None = None
        for j, (s, e) in enumerate(sentence_spans(text, ps, pe)):
            if (k == 0 and j == 0) or paragraph_is_relevant(text[s:e]):
                run = (run[0], e) if run else (s, e)
            elif run:
                spans.append(run)
                run = None
        if run:
            spans.append(run)
    return Selection(True, terms, tuple(spans), len(paras))
