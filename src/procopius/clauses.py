"""Clauses: the parts of a sentence that can each report one happening.

A sentence such as "In October 2007 they signed an agreement ..., and between 2010 and 2011 they
carried out attacks ..." reports two events; the evidence of each is its clause. A sentence is
cut before a coordinating word ("and", "but", "while", ";") when what follows starts a new
clause: a subject pronoun, a verb, a time expression, or a noun phrase followed by its verb.
Relative clauses (", which ...") are cut off and marked, because they comment on what precedes.
"""

from __future__ import annotations

from dataclasses import dataclass

from procopius.nlp import Sentence, Tok

SUBJECT_PRONOUNS = {"they", "he", "she", "it", "we", "i"}
TIME_PREPOSITIONS = {
    "in",
    "on",
    "between",
    "since",
    "during",
    "after",
    "from",
    "by",
    "until",
    "later",
}
COORDINATORS = {"and", "but", "while", "whereas", "yet"}
RELATIVE = {"which", "who", "whom", "whose"}


@dataclass
class Clause:
    sentence: Sentence
    start: int
    end: int
    relative: bool = False
    index: int = 0

    @property
    def text(self) -> str:
        s = self.sentence
        return s.text[self.start - s.start : self.end - s.start]

    @property
    def tokens(self) -> list[Tok]:
        return self.sentence.tokens_in(self.start, self.end)


def split_clauses(
    sentence: Sentence, protected: list[tuple[int, int]] | None = None
) -> list[Clause]:
    """Cut a sentence into clauses. `protected` ranges (date expressions, names) are never cut."""
    toks = sentence.tokens
    protected = protected or []
    cuts: list[tuple[int, int, bool]] = []  # (clause end, next clause start, next is relative)

    def inside_protected(offset: int) -> bool:
        return any(a <= offset < b for a, b in protected)

    for k, t in enumerate(toks):
        if k == 0 or k >= len(toks) - 1 or inside_protected(t.start):
            continue
        low = t.lower
        nxt = toks[k + 1]
        if t.text == ";":
            cuts.append((t.start, nxt.start, False))
        elif (
            low in COORDINATORS
            and _starts_clause(toks, k + 1, sentence, protected)
            and _has_verb(toks, _last_cut_index(toks, cuts), k)
        ):
            end = toks[k - 1].start if toks[k - 1].text == "," else t.start
            cuts.append((end, nxt.start, False))
        elif low in RELATIVE and toks[k - 1].text == ",":
            cuts.append((toks[k - 1].start, t.start, True))
            # "The commander, who had trained in Yemen, was arrested": the main clause resumes
            # after the closing comma when a verb follows it
            for j in range(k + 1, len(toks) - 1):
                if toks[j].text in {";"}:
                    break
                if toks[j].text == "," and toks[j + 1].tag in {"VBD", "VBZ", "VBP", "MD"}:
                    cuts.append((toks[j].start, toks[j + 1].start, False))
                    break
    cuts.sort()
    clauses: list[Clause] = []
    start = sentence.start
    relative = False
    for end, nstart, nrel in cuts:
        if end > start:
            clauses.append(Clause(sentence, start, _trim_end(sentence, start, end), relative))
        start, relative = nstart, nrel
    clauses.append(Clause(sentence, start, _trim_end(sentence, start, sentence.end), relative))
    for i, c in enumerate(clauses):
        c.index = i
    return [c for c in clauses if c.end > c.start]


def _trim_end(sentence: Sentence, start: int, end: int) -> int:
    text = sentence.text
    while end > start and text[end - 1 - sentence.start] in " ,.;:":
        end -= 1
    return end


def _starts_clause(
    toks: list[Tok], k: int, sentence: Sentence, protected: list[tuple[int, int]]
) -> bool:
    t = toks[k]
    low = t.lower
    if low in SUBJECT_PRONOUNS:
        return True
    if low == "that" and k + 1 < len(toks) and toks[k + 1].lower in SUBJECT_PRONOUNS:
        return True
    if low == "their" or low == "its":
        return _verb_follows(toks, k + 1)
    if low in TIME_PREPOSITIONS and k + 1 < len(toks):
        nxt = toks[k + 1]
        if any(a <= nxt.start < b for a, b in protected):
            return True
    if t.tag in {"VBD", "VBZ", "VBP"} or (t.tag == "VBN" and low not in {"including"}):
        return True
    if t.tag in {"DT", "NNP", "NNPS", "NNS", "NN"}:
        return _verb_follows(toks, k + 1)
    return False


def _last_cut_index(toks: list[Tok], cuts: list[tuple[int, int, bool]]) -> int:
    if not cuts:
        return 0
    last = cuts[-1][1]
    return next((i for i, t in enumerate(toks) if t.start >= last), 0)


def _has_verb(toks: list[Tok], start: int, stop: int) -> bool:
    """Whether the clause before a coordinator has a verb of its own: "the front and the
    Brigades attacked" coordinates two subjects, not two clauses."""
    return any(t.tag in {"VBD", "VBZ", "VBP", "VBN", "VBG", "MD"} for t in toks[start:stop])


def _verb_follows(toks: list[Tok], k: int, window: int = 9) -> bool:
    for t in toks[k : k + window]:
        if t.text in {",", ";", "(", ")"} or t.lower in COORDINATORS:
            return False
        if t.tag in {"VBD", "VBZ", "VBP", "MD"}:
            return True
    return False
