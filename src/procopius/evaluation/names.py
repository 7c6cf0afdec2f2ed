"""Name folding and matching for scoring against gold files.

Two names are the same when they are equal after Unicode NFKC normalisation, case folding,
removal of diacritics (combining marks, which in Arabic script are the short-vowel signs) and of
the apostrophe-like marks ' ’ ʼ ʻ ‘, collapsing runs of whitespace, and dropping a leading "the".
Arabic-script names go through the same folding; nothing is transliterated.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

APOSTROPHES = "'\u2019\u02bc\u02bb\u2018"
_APOSTROPHE_TABLE = str.maketrans("", "", APOSTROPHES)
_SPACES = re.compile(r"\s+")


def fold_name(name: str) -> str:
    """The comparison key of a name (see the module docstring)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHE_TABLE)
    text = _SPACES.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:].lstrip()
    return text


def names_match(a: str, b: str | Sequence[str]) -> bool:
    """Whether `a` names the same thing as `b` or as any of the alternatives in `b`.

    An empty name (after folding) matches nothing.
    """
    key = fold_name(a)
    if not key:
        return False
    alternatives = [b] if isinstance(b, str) else list(b)
    return any(fold_name(alt) == key for alt in alternatives if alt)


def gold_names(entry: str | dict[str, Any] | None) -> list[str]:
    """The names a gold entry answers to: a plain string, or `{name, also?}`."""
    if entry is None:
        return []
    if isinstance(entry, str):
        return [entry]
    names = [entry["name"]] if entry.get("name") else []
    names += [alt for alt in entry.get("also") or [] if alt]
    return names


def any_name_matches(candidates: Iterable[str | None], names: Sequence[str]) -> bool:
    """Whether one of `candidates` matches one of `names`."""
    return any(c and names_match(c, names) for c in candidates)
