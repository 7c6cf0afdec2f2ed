"""Names in running text: grabbing a capitalised name from a position, folding names for
comparison, and telling groups, state forces and people apart by their shape."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

APOSTROPHES = "'’ʼʻ‘`ʿ"
CONNECTORS = {
    "of",
    "the",
    "for",
    "de",
    "del",
    "la",
    "le",
    "du",
    "des",
    "y",
    "da",
    "do",
    "dos",
    "van",
    "von",
    "bin",
    "ibn",
    "bint",
    "abu",
    "umm",
    "al",
    "el",
    "ad",
    "ash",
    "an",
    "as",
    "at",
    "ar",
    "az",
    "en",
    "ul",
    "wal",
    "wa",
}
ARTICLE_PREFIX_RE = re.compile(
    r"^(?:al|el|ad|ash|an|as|at|ar|az|ud|ul|ath|adh|aş|ez|es|et|ed|er|en|ech|esh|ej)[-‐]", re.I
)
WORD_RE = re.compile(r"[^\s,;:()\[\]\"“”]+")
GROUP_HEADS = {
    "watch",
    "patrol",
    "patrols",
    "rangers",
    "vanguard",
    "youth",
    "eagles",
    "lions",
    "hawks",
    "falcons",
    "wolves",
    "knights",
    "partisans",
    "volunteers",
    "defenders",
    "guardians",
    "mujahidin",
    "shabab",
    "houthis",
    "ansar",
    "tanzim",
    "jamaat",
    "harakat",
    "kataib",
    "brigades",
    "brigade",
    "battalions",
    "battalion",
    "forces",
    "force",
    "front",
    "army",
    "movement",
    "organization",
    "organisation",
    "group",
    "jihad",
    "party",
    "council",
    "committee",
    "committees",
    "corps",
    "division",
    "regiment",
    "militia",
    "militias",
    "guard",
    "guards",
    "units",
    "unit",
    "legion",
    "league",
    "alliance",
    "coalition",
    "union",
    "resistance",
    "mujahideen",
    "fighters",
    "squad",
    "squadron",
    "command",
    "cells",
    "commandos",
    "tigers",
    "hezbollah",
    "hizbullah",
    "hamas",
    "fatah",
    "taliban",
    "shabaab",
    "haram",
    "state",
    "emirate",
    "wing",
    "network",
    "service",
    "services",
    "police",
}
PERSON_TITLES = {
    "abu",
    "umm",
    "ibn",
    "bin",
    "sheikh",
    "shaykh",
    "mullah",
    "emir",
    "imam",
    "dr",
    "dr.",
}


@lru_cache(maxsize=65_536)
def fold(name: str) -> str:
    """A name's comparison key: NFKC, case folded, diacritics and apostrophes removed, a
    leading "the" dropped, white space and hyphens normalised."""
    s = unicodedata.normalize("NFKC", name).casefold()
    s = "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
    s = "".join(c for c in s if c not in APOSTROPHES)
    s = re.sub(r"[\s\-‐–]+", " ", s).strip(" .,;:")
    s = re.sub(r"^the ", "", s)
    return s


def is_capitalised(word: str) -> bool:
    w = word.lstrip(APOSTROPHES)
    if not w:
        return False
    if ARTICLE_PREFIX_RE.match(w):
        rest = ARTICLE_PREFIX_RE.sub("", w)
        return bool(rest) and rest[0].isupper()
    return w[0].isupper()


def grab_name(
    text: str, pos: int, limit: int | None = None, allow_and: bool = False
) -> tuple[int, int] | None:
    """The capitalised name that starts at `pos` (after an optional "the"), as a character
    range, or None. Lower-case connectors ("of", "al-", "bin") stay inside a name only when a
    capitalised word follows them."""
    stop = len(text) if limit is None else limit
    # the words are read one at a time: a name is short, the text after it may be long
    scan = WORD_RE.finditer(text, pos, stop)
    words: list[tuple[int, int]] = []
    first = next(scan, None)
    if first is None:
        return None
    words.append(first.span())
    # the name must start right at pos (allowing white space)
    if text[pos : words[0][0]].strip():
        return None
    k = 0
    if text[words[0][0] : words[0][1]].lower() == "the":
        k = 1
    start_idx = k
    last_good = -1
    while True:
        if k == len(words):
            m = next(scan, None)
            if m is None:
                break
            words.append(m.span())
        ws, we = words[k]
        if k > start_idx and text[words[k - 1][1] : ws].strip():
            break  # punctuation between the words
        w = text[ws:we]
        core = w.rstrip(".")
        if core.endswith(("'s", "’s")):
            # "the Islamic State's fighters": the name ends at the possessive
            if is_capitalised(core[:-2]):
                last_good = k
            break
        if is_capitalised(core) and not core.isdigit():
            last_good = k
        elif core.lower() in CONNECTORS or (allow_and and core.lower() == "and"):
            if k == start_idx and core.lower() not in {"al", "el", "abu", "umm", "bin", "ibn"}:
                return None
        else:
            break
        if w.endswith(".") and len(core) > 2:
            break
        k += 1
    if last_good < start_idx:
        return None
    s = words[start_idx][0]
    e = words[last_good][1]
    while e > s and text[e - 1] in ".,":
        e -= 1
    # "the Popular Mobilization Forces' commander": a plural possessive ends the name
    if e - s > 2 and text[e - 1] in "'’" and text[e - 2] == "s":
        e -= 1
    # a possessive 's at the end is not part of the name
    for suffix in ("'s", "’s"):
        if text[s:e].endswith(suffix):
            e -= 2
    return (s, e) if e > s else None


def head_word(name: str) -> str:
    words = name.split()
    return words[-1].strip(APOSTROPHES + ".,").lower() if words else ""


def looks_like_group(name: str) -> bool:
    """True for names shaped like an organisation: '... Brigades', 'Army of Islam', 'Hamas',
    an acronym."""
    words = [ARTICLE_PREFIX_RE.sub("", w.strip(APOSTROPHES + ".,")).lower() for w in name.split()]
    if not words:
        return False
    if words[-1] in GROUP_HEADS:
        return True
    cut = next((i for i, w in enumerate(words) if w in {"of", "for", "in"}), None)
    if cut and any(w in GROUP_HEADS for w in words[:cut]):
        return True
    return bool(re.fullmatch(r"(?:[Tt]he\s+)?[A-Z][A-Z0-9]{1,5}", name.strip()))


def looks_like_person(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 6:
        return False
    if looks_like_group(name):
        return False
    return all(is_capitalised(w) or w.lower() in CONNECTORS for w in words)
