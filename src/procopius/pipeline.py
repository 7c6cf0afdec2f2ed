"""The pipeline: one Document in, its records out. `process` is a pure function of the
document (and the loaded models), so any engine can run it; `read` is the public entry point
for a path or a text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from procopius import attribution as attribution_mod
from procopius.cascade import DEFAULT_UNIT
from procopius.dates import DateContext, find_dates
from procopius.document import Document, Span
from procopius.events import Draft, extract_events
from procopius.names import fold, looks_like_group
from procopius.nlp import parse
from procopius.profile import (
    Subject,
    extract_aliases,
    extract_areas,
    extract_founding,
    extract_infobox,
    extract_parents,
    extract_people,
    find_subject,
)
from procopius.quantities import find_quantities
from procopius.reading import DateFact, PlaceFact, QuantityFact, Reading
from procopius.records import (
    Actor,
    Ally,
    Claim,
    Claimant,
    DateInfo,
    DocumentRecord,
    Event,
    EventActor,
    Evidence,
    Fatalities,
    Location,
    Quantity,
    RecordSet,
    Relation,
    stable_id,
)
from procopius.stages import Clock
from procopius.taxonomy import sub_event_type


@lru_cache(maxsize=1)
def gazetteer() -> Any:
    from procopius.gazetteer import Gazetteer

    return Gazetteer.load()


@dataclass
class Options:
    model: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def read(
    source: str | Path | Document,
    *,
    title: str = "",
    published: str | None = None,
    model: str | None = None,
) -> RecordSet:
    """Read one article (a path, a text, or a Document) and return its records."""
    if isinstance(source, Document):
        return process(source, model=model)
    from procopius.readers import iter_documents, read_text

    if isinstance(source, Path) or (
        isinstance(source, str)
        and "\n" not in source
        and len(source) < 4096
        and Path(source).exists()
    ):
        out = RecordSet()
        for item in iter_documents([source]):
            if isinstance(item, Document):
                if published and not item.published:
                    item.published = published
                out.extend(process(item, model=model))
            else:
                raise ValueError(str(item))
        return out
    return process(read_text(str(source), title=title, published=published), model=model)


def read_many(documents: Iterable[Document], model: str | None = None) -> Iterator[RecordSet]:
    for doc in documents:
        yield process(doc, model=model)


def analyse(
    doc: Document,
    model: str | None = None,
    paragraphs: Sequence[tuple[int, int]] | None = None,
    sentences: list[Any] | None = None,
) -> Reading:
    """Every layer of a document: sentences, dates (with years from context), places,
    quantities. `paragraphs` limits the language model to some paragraphs (the cascade);
    `sentences` are the language model's reading when it was done already (`parse_many`)."""
    clock = Clock()
    if sentences is None:
        sentences = parse(doc, model=model, only=paragraphs)
    clock.lap("language model")
    reading = Reading(doc=doc, sentences=sentences)
    reading.lookup_place = gazetteer().lookup
    text = doc.text
    gaz = gazetteer()
    # places first: their names are not dates or people
    mentions = gaz.find(text)
    countries: list[str] = []
    for sent in sentences:
        for tok in sent.tokens:
            if tok.text[:1].isupper():
                c = gaz.country_of(tok.text)
                if c and c not in countries:
                    countries.append(c)
    for m in mentions:
        # countries and regions named in full ("Democratic Republic of the Congo") set context too
        for cand in m.candidates[:1]:
            if (
                cand.kind in {"country", "region", "admin1"}
                and cand.country
                and cand.country not in countries
            ):
                countries.append(cand.country)
    reading.countries = countries
    clock.lap("places")
    resolved: list[PlaceFact] = []
    from procopius.profile import DATELINE_RE

    first_para = sentences[0].start if sentences else 0
    dateline = DATELINE_RE.match(text, first_para)
    # a news dateline ("BEIRUT - ") names where the report was filed, not a place or actor
    # of what it reports
    reading.dateline_end = dateline.end() if dateline else 0
    person_spans = [(e.start, e.end) for s in sentences for e in s.entities if e.label == "PERSON"]
    person_words = {
        w.strip("'’").lower()
        for s in sentences
        for e in s.entities
        if e.label == "PERSON" and len(e.text.split()) >= 2
        for w in e.text.split()
    }
    for m in mentions:
        if m.start < reading.dateline_end:
            continue
        place = gaz.resolve(m, context_countries=countries)
        if place is None:
            continue
        single = len(m.text.split()) == 1
        if place.kind == "town" and not place.id.startswith("supplement"):
            if single and m.text.lower() in person_words:
                continue  # a surname written elsewhere as part of a person's name
            small = (place.population or 0) < 100_000
            if countries and place.country not in countries and (single or small):
                continue  # a homonym far from every country the text speaks of
        in_person = any(
            ps <= m.start and m.end <= pe and (pe - ps) > (m.end - m.start)
            for ps, pe in person_spans
        )
        if in_person and place.kind not in {"country", "region"}:
            continue
        resolved.append(PlaceFact(m.start, m.end, m.text, place))
    reading.places = sorted(resolved, key=lambda p: p.start)
    _correct_entity_labels(sentences, resolved)
    doc.layers["entities"] = [Span(e.start, e.end, e.label) for s in sentences for e in s.entities]
    doc.layers["places"] = [Span(p.start, p.end, "place", {"id": p.place.id}) for p in resolved]
    # dates, resolved in reading order with the document's own context
    ctx = DateContext(published=_iso_date(doc.published))
    section_starts = {s.body_start: s.title for s in doc.sections}
    pending = sorted(section_starts)
    facts: list[DateFact] = []
    clock.lap("places")
    for mention in find_dates(text):
        while pending and pending[0] <= mention.start:
            ctx.note_heading(section_starts[pending.pop(0)])
        value = ctx.resolve(mention)
        ctx.update(value)
        facts.append(DateFact(mention.start, mention.end, mention.text, mention, value))
    reading.dates = sorted(facts, key=lambda f: f.start)
    doc.layers["dates"] = [
        Span(
            f.start,
            f.end,
            "date",
            {"start": f.value.start, "end": f.value.end, "precision": f.value.precision},
        )
        for f in facts
    ]
    quantities = []
    clock.lap("dates")
    for q in find_quantities(text):
        if any(f.start <= q.start < f.end for f in facts):
            continue
        quantities.append(QuantityFact(q.start, q.end, q.text, q))
    reading.quantities = sorted(quantities, key=lambda q: q.start)
    doc.layers["quantities"] = [
        Span(q.start, q.end, "quantity", {"kind": q.mention.kind}) for q in quantities
    ]
    clock.lap("quantities")
    return reading


def _correct_entity_labels(sentences: Sequence[Any], places: Sequence[PlaceFact]) -> None:
    """The language model often calls a village a person or an organisation; a name that the
    gazetteer resolved, and that is not shaped like a group, is a place."""
    spans = {(p.start, p.end): p for p in places}
    for sent in sentences:
        for e in sent.entities:
            p = spans.get((e.start, e.end))
            if p is None or e.label in {"GPE", "LOC"} or looks_like_group(e.text):
                continue
            e.label = "LOC" if p.place.kind == "region" else "GPE"


def _iso_date(value: str | None) -> Any:
    if not value:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


#: documents go through the language model together until their paragraphs to read hold this
#: many words (`process_many`)
GROUP_WORDS = 20000
#: how many words of documents, read or not, may wait for a group, per word it reads (the
#: documents the first pass leaves out wait with the group, in input order)
HELD_WORDS_PER_GROUP_WORD = 20


def process(
    doc: Document,
    model: str | None = None,
    cascade: bool = False,
    cascade_unit: str = DEFAULT_UNIT,
) -> RecordSet:
    """Read one document into its records. With `cascade`, a cheap first pass decides whether
    the document, and which of its paragraphs or sentences (`cascade_unit`: "auto",
    "paragraph" or "sentence", see `procopius.cascade`), go through the language model; a
    document it skips gives only its document record (`selected: false`)."""
    selected, paragraphs = _first_pass(doc, cascade, cascade_unit)
    if not selected:
        return _skipped(doc)
    return _records(analyse(doc, model=model, paragraphs=paragraphs))


def process_many(
    docs: Iterable[Document],
    model: str | None = None,
    cascade: bool = False,
    cascade_unit: str = DEFAULT_UNIT,
    group_words: int = GROUP_WORDS,
) -> Iterator[tuple[Document, RecordSet | Exception]]:
    """`process` for a stream of documents, in order: each document with its records, or with
    the exception that its reading raised (the others go on). The language model reads the
    documents in groups (`group_words` words to read), which is faster than one by one for
    short documents; the records are the same as `process` gives. Documents the first pass
    leaves out wait with the group, so that a group is not cut short by each of them (at most
    `HELD_WORDS_PER_GROUP_WORD` times `group_words` words of documents wait)."""
    waiting: list[tuple[Document, RecordSet | Exception | None]] = []  # None: to be read
    group: list[tuple[Document, Sequence[tuple[int, int]] | None]] = []
    words = held = 0
    for doc in docs:
        try:
            selected, paragraphs = _first_pass(doc, cascade, cascade_unit)
        except Exception as exc:  # noqa: BLE001 - reported with its document
            waiting.append((doc, exc))
        else:
            if selected:
                group.append((doc, paragraphs))
                waiting.append((doc, None))
                words += _words_to_read(doc, paragraphs)
            else:
                waiting.append((doc, _skipped(doc)))
        held += len(doc.text) // 6
        if words >= group_words or held >= HELD_WORDS_PER_GROUP_WORD * group_words:
            yield from _in_order(waiting, _read_group(group, model))
            waiting, group, words, held = [], [], 0, 0
    yield from _in_order(waiting, _read_group(group, model))


def _in_order(
    waiting: list[tuple[Document, RecordSet | Exception | None]],
    read: Iterator[tuple[Document, RecordSet | Exception]],
) -> Iterator[tuple[Document, RecordSet | Exception]]:
    """The waiting documents in input order, those left to the language model from `read`."""
    for doc, done in waiting:
        yield (doc, done) if done is not None else next(read)


def _words_to_read(doc: Document, paragraphs: Sequence[tuple[int, int]] | None) -> int:
    if paragraphs is None:
        return len(doc.text) // 6
    return sum(e - s for s, e in paragraphs) // 6


def _read_group(
    group: list[tuple[Document, Sequence[tuple[int, int]] | None]], model: str | None
) -> Iterator[tuple[Document, RecordSet | Exception]]:
    if not group:
        return
    from procopius.nlp import parse_many

    clock = Clock()
    try:
        parsed: list[list[Any] | None] = list(parse_many(group, model=model))
    except Exception:  # noqa: BLE001 - one document failed: read them one by one instead
        parsed = [None] * len(group)
    clock.lap("language model")
    for (doc, paragraphs), sentences in zip(group, parsed, strict=True):
        try:
            reading = analyse(doc, model=model, paragraphs=paragraphs, sentences=sentences)
            yield doc, _records(reading)
        except Exception as exc:  # noqa: BLE001 - reported with its document
            yield doc, exc


def _first_pass(
    doc: Document, cascade: bool, cascade_unit: str
) -> tuple[bool, Sequence[tuple[int, int]] | None]:
    """Whether the document is read, and its paragraphs (or sentences) to read (None: all)."""
    if not cascade:
        return True, None
    from procopius.cascade import select

    selection = select(doc, unit=cascade_unit)
    return selection.selected, selection.paragraphs


def _skipped(doc: Document) -> RecordSet:
    out = RecordSet()
    out.texts[doc.id] = doc.text
    out.documents.append(_document_record(doc, selected=False))
    return out


def _records(reading: Reading) -> RecordSet:
    """A document's records from its reading."""
    doc = reading.doc
    text = doc.text
    doc_id = doc.id
    out = RecordSet()
    out.texts[doc_id] = text
    out.documents.append(_document_record(doc))

    def ev(start: int, end: int) -> Evidence:
        return Evidence(doc_id, start, end, text[start:end])

    clock = Clock()
    subject = find_subject(reading, gazetteer().country_of)
    subject_actor: Actor | None = None
    parents: list[Any] = []
    if subject is not None:
        subject_actor = Actor(
            id=stable_id("actor", doc_id, fold(subject.name)),
            doc=doc_id,
            name=subject.name,
            is_subject=True,
            actor_type=subject.actor_type,
            evidence=[ev(subject.start, subject.end)],
            confidence=0.9,
        )
        subject_actor.aliases = extract_aliases(reading, subject)
        parents = extract_parents(reading, subject)
        subject_actor.parents = [p for p, _ in parents]
        persons = [
            (e.start, e.end) for s in reading.sentences for e in s.entities if e.label == "PERSON"
        ]
        subject_actor.people = extract_people(reading, subject, persons)
        subject_actor.founded = extract_founding(reading, subject)
        subject_actor.areas = extract_areas(reading, subject)
        infobox = extract_infobox(reading, subject)
        _add_infobox(subject_actor, infobox)
    if subject is not None and subject_actor is not None:
        subject.surface = [subject.name] + [
            a.name for a in subject_actor.aliases if a.kind != "native"
        ]
    clock.lap("profile")
    attributions = attribution_mod.find_attributions(
        reading,
        subject,
        subject_actor.people if subject_actor is not None else [],
        forces=_force_mentions(reading),
    )
    clock.lap("attribution")
    drafts = extract_events(reading, subject, attributions, gazetteer().country_of)
    clock.lap("events")
    events = [_event_record(d, doc_id, ev) for d in drafts]
    _expand_acronyms(events, text)
    out.events.extend(events)
    out.claims.extend(_claims(reading, attributions, drafts, events, doc_id, ev))
    if subject_actor is not None:
        subject_actor.allies = _allies(reading, subject, events)
        for name, evidence in infobox.allies:
            if not any(fold(a.name) == fold(name) for a in subject_actor.allies):
                subject_actor.allies.append(Ally(name=name, how="infobox", evidence=[evidence]))
        out.actors.append(subject_actor)
        out.actors.extend(_other_actors(subject_actor, parents, events, doc_id))
        for e in events:
            for a in e.actors:
                if a.name == subject_actor.name:
                    a.actor_id = subject_actor.id
        out.relations.extend(_relations(subject_actor, parents, doc_id))
        for name, evidence in infobox.opponents:
            out.relations.append(
                Relation(
                    id=stable_id("rel", doc_id, subject_actor.name, "rival", name),
                    doc=doc_id,
                    source=subject_actor.id,
                    target=stable_id("actor", doc_id, fold(name)),
                    type="rival",
                    worded="opponents (infobox)",
                    evidence=[evidence],
                    confidence=0.7,
                )
            )
    clock.lap("records")
    return out


ACRONYM_DEF_RE = re.compile(r"\(([A-Z][A-Za-z0-9]{1,7})\)")


def _expand_acronyms(events: list[Event], text: str) -> None:
    """An actor named by an acronym the article defines ("Armed Forces of the Democratic
    Republic of the Congo (FARDC)") takes its full name."""
    from procopius.names import grab_name

    defined: dict[str, str] = {}
    for m in ACRONYM_DEF_RE.finditer(text):
        before = text[max(0, m.start() - 120) : m.start()].rstrip()
        letters = m.group(1)
        # the full name is the longest capitalised run before the parenthesis whose initials fit
        for k in range(len(before)):
            if k and before[k - 1] not in " \n":
                continue
            span = grab_name(before, k)
            if span and span[1] == len(before):
                name = before[span[0] : span[1]]
                if letters.isupper() and len(name.split()) >= 2:
                    defined[letters] = name
                break
    if not defined:
        return
    for e in events:
        for a in e.actors:
            full = defined.get(a.name)
            if full:
                a.name = full
        # an actor named twice (full name and acronym) is kept once
        seen: set[str] = set()
        kept = []
        for a in e.actors:
            if a.name not in seen:
                kept.append(a)
                seen.add(a.name)
        e.actors = kept


def _add_infobox(actor: Actor, facts: Any) -> None:
    """Infobox values join the profile unless the text already gave them (allies and
    opponents are added once the allies from the text are known)."""

    def known(name: str, items: Sequence[Any]) -> bool:
        return any(fold(getattr(x, "name", "")) == fold(name) for x in items)

    for a in facts.aliases:
        if not known(a.name, actor.aliases):
            actor.aliases.append(a)
    for p in facts.people:
        same = next((x for x in actor.people if fold(x.name) == fold(p.name)), None)
        if same is None:
            actor.people.append(p)
        else:
            same.roles.extend(r for r in p.roles if r not in same.roles)
    for f in facts.founded:
        if not any(x.date[:4] == f.date[:4] for x in actor.founded):
            actor.founded.append(f)
    for a in facts.areas:
        if not known(a.name, actor.areas):
            actor.areas.append(a)
    for p in facts.parents:
        if not known(p.name, actor.parents):
            actor.parents.append(p)


def _document_record(doc: Document, selected: bool = True) -> DocumentRecord:
    return DocumentRecord(
        id=doc.id,
        title=doc.title,
        source=doc.source,
        url=doc.url,
        published=doc.published,
        language=doc.language,
        sections=[s.to_dict() for s in doc.sections],
        n_chars=len(doc.text),
        n_words=len(doc.text.split()),
        selected=selected,
    )


def _force_mentions(reading: Reading) -> list[tuple[int, str]]:
    """Armies, police forces and other state forces named in the text, in reading order."""
    from procopius.actors import state_forces
    from procopius.nlp import strip_the

    out: list[tuple[int, str]] = []
    for sent in reading.sentences:
        for e in sent.entities:
            if e.label == "ORG" and re.search(
                r"\b(?:Army|Police|Forces|Military|Gendarmerie|Guard)\b", e.text
            ):
                out.append((e.start, strip_the(e.text)))
        out.extend(
            (m.start, m.name)
            for m in state_forces(reading.text, sent.start, sent.end, gazetteer().country_of)
        )
    out.sort()
    return out


def _event_record(d: Draft, doc_id: str, ev: Any) -> Event:
    info = sub_event_type(d.sub_event_type)
    spans = sorted(set(d.spans))
    value = d.date_value
    date = None
    if value is not None:
        date = DateInfo(
            start=value.start,
            end=value.end,
            precision=value.precision,
            year_inferred=bool(getattr(value, "year_inferred", False)),
            reason=d.date_reason or getattr(value, "reason", None),
            qualifier=getattr(value, "qualifier", None),
            text=d.date.text if d.date else None,
        )
    locations = [
        Location(
            name=p.text,
            lat=p.place.lat,
            lon=p.place.lon,
            country=p.place.country,
            admin1=p.place.admin1,
            precision=_precision(p.place.kind),
            gazetteer_id=p.place.id,
            evidence=[ev(p.start, p.end)],
        )
        for p in _best_places(d.places)
    ]
    fatalities = None
    if d.fatalities:
        q, best, who, claimed_by = d.fatalities  # type: ignore[misc]
        low = high = best
        if q is not None:
            exact = q.mention.qualifier == "exact"
            low = best if exact else q.mention.low
            high = best if exact else q.mention.high
            if best is not None:
                # "more than 40": the best figure stays within its own bounds
                if low is not None and best < low:
                    best = low
                if high is not None and best > high:
                    best = high
        fatalities = Fatalities(
            low=low,
            best=best,
            high=high,
            who=who,
            claimed_by=claimed_by,
            evidence=[ev(q.start, q.end)] if q is not None else [],
        )
    actors = [EventActor(name=n, role=r) for n, r, _ in d.actors]
    has_state = any(k == "state" for _, _, k in d.actors)
    ucdp = info.ucdp_type_of_violence
    if ucdp is not None and any(r == "victim" for _, r, _ in d.actors):
        ucdp = 3
    elif ucdp is not None and has_state:
        ucdp = 1
    confidence = (
        0.4
        + 0.2 * (date is not None)
        + 0.2 * bool(locations)
        + 0.1 * bool(actors)
        + 0.1 * (not d.claimed)
    )
    return Event(
        id=stable_id("event", doc_id, spans, d.sub_event_type),
        doc=doc_id,
        acled_event_type=info.event_type,
        acled_sub_event_type=info.name,
        plover_type=info.plover_event_type or None,
        ucdp_type_of_violence=ucdp,
        trigger=ev(d.hit.start, d.hit.end).text,
        date=date,
        actors=actors,
        locations=locations,
        fatalities=fatalities,
        claimed=d.claimed,
        evidence=[ev(s, e) for s, e in spans],
        confidence=round(min(confidence, 1.0), 2),
    )


def _precision(kind: str) -> str:
    return {"town": "town", "region": "region", "admin1": "admin1", "country": "country"}.get(
        kind, "town"
    )


def _best_places(places: Sequence[PlaceFact]) -> list[PlaceFact]:
    """Drop a country when a town or region of the same clause is known."""
    finer = [p for p in places if p.place.kind != "country"]
    chosen = finer or list(places)
    out: list[PlaceFact] = []
    for p in chosen:
        if not any(fold(p.text) == fold(q.text) for q in out):
            out.append(p)
    return out


def _claims(
    reading: Reading,
    attributions: list[Any],
    drafts: list[Draft],
    events: list[Event],
    doc_id: str,
    ev: Any,
) -> list[Claim]:
    out: list[Claim] = []
    for att in attributions:
        stmt_date = None
        for f in reading.dates_in(att.sentence.start, att.cue_start):
            if f.value.precision == "day" and f.value.start:
                stmt_date = f.value.start
        about = _event_about(att, drafts, events)
        for start, end, q in attribution_mod.claim_spans(reading, att):
            quantity = None
            if q is not None:
                qm = q.mention
                what = getattr(qm, "unit", None)
                quantity = Quantity(
                    value=qm.value, qualifier=qm.qualifier, low=qm.low, high=qm.high, what=what
                )
            claim = Claim(
                id=stable_id("claim", doc_id, start, end),
                doc=doc_id,
                claimant=Claimant(person=att.person, organisation=att.organisation),
                cue=att.cue,
                content=ev(att.content_start, att.content_end),
                quantity=quantity,
                statement_date=stmt_date,
                event=about.id if about else None,
                evidence=[ev(start, end)],
                confidence=0.7 if att.claimant else 0.4,
            )
            if about is not None:
                about.claims.append(claim.id)
            out.append(claim)
    return out


def _event_about(att: Any, drafts: list[Draft], events: list[Event]) -> Event | None:
    """The event a statement is about: one in the same sentence, else the last one before it
    in the same paragraph when the statement carries no date of its own."""
    best = None
    for d, e in zip(drafts, events, strict=True):
        if d.clause.sentence is att.sentence:
            return e
        if d.clause.sentence.start < att.sentence.start:
            best = e
    return best


def _allies(reading: Reading, subject: Subject, events: list[Event]) -> list[Ally]:
    allies: list[Ally] = []
    seen: set[str] = set()
    for e in events:
        for a in e.actors:
            is_partner = a.role == "assoc_actor_1" or (
                e.acled_sub_event_type == "Agreement" and a.role == "actor2"
            )
            if not is_partner or not looks_like_group(a.name):
                continue
            if subject.is_named(a.name) or fold(a.name) in seen:
                continue
            seen.add(fold(a.name))
            how = "agreement" if e.acled_sub_event_type == "Agreement" else "joint action"
            allies.append(Ally(name=a.name, how=how, evidence=list(e.evidence[:1])))
    # "joined the operation launched by X", "allied with X"
    import re

    from procopius.names import grab_name

    text = reading.text
    for m in re.finditer(
        r"\b(?:launched|led|organi[sz]ed) by\s+|\ballied (?:with|to)\s+|\ballies?,?\s+(?:including\s+)?",
        text,
    ):
        sent = reading.sentence_of(m.start())
        if sent is None or not re.search(
            r"\b(?:joined|joint|allied|allies|alongside|took part|participated)\b", sent.text, re.I
        ):
            continue
        span = grab_name(text, m.end(), sent.end)
        if not span:
            continue
        name = text[span[0] : span[1]]
        if subject.is_named(name) or fold(name) in seen:
            continue
        seen.add(fold(name))
        allies.append(
            Ally(
                name=name,
                how="joint action",
                evidence=[Evidence(reading.doc.id, m.start(), span[1], text[m.start() : span[1]])],
            )
        )
    return allies


def _other_actors(
    subject: Actor, parents: list[Any], events: list[Event], doc_id: str
) -> list[Actor]:
    out: dict[str, Actor] = {}
    for p, acronym in parents:
        key = fold(p.name)
        actor = Actor(
            id=stable_id("actor", doc_id, key),
            doc=doc_id,
            name=p.name,
            evidence=list(p.evidence),
            confidence=0.7,
        )
        if acronym:
            from procopius.records import Alias

            actor.aliases.append(Alias(name=acronym, kind="acronym"))
        out[key] = actor
    for e in events:
        for a in e.actors:
            key = fold(a.name)
            if a.name == subject.name or key in out:
                if key in out:
                    a.actor_id = out[key].id
                continue
            actor = Actor(
                id=stable_id("actor", doc_id, key),
                doc=doc_id,
                name=a.name,
                evidence=list(e.evidence[:1]),
                confidence=0.5,
            )
            out[key] = actor
            a.actor_id = actor.id
    return list(out.values())


def _relations(subject: Actor, parents: list[Any], doc_id: str) -> list[Relation]:
    rels = []
    for p, _ in parents:
        rels.append(
            Relation(
                id=stable_id("rel", doc_id, subject.name, "parent", p.name),
                doc=doc_id,
                source=subject.id,
                target=stable_id("actor", doc_id, fold(p.name)),
                type="parent",
                worded=p.relation,
                evidence=list(p.evidence),
                confidence=0.8,
            )
        )
    for a in subject.allies:
        rels.append(
            Relation(
                id=stable_id("rel", doc_id, subject.name, "ally", a.name),
                doc=doc_id,
                source=subject.id,
                target=stable_id("actor", doc_id, fold(a.name)),
                type="ally",
                worded=a.how,
                evidence=list(a.evidence),
                confidence=0.6,
            )
        )
    for al in subject.aliases:
        if al.kind == "former":
            rels.append(
                Relation(
                    id=stable_id("rel", doc_id, subject.name, "renamed", al.name),
                    doc=doc_id,
                    source=subject.id,
                    target=subject.id,
                    type="renamed-to",
                    worded=f"formerly {al.name}",
                    evidence=list(al.evidence),
                    confidence=0.6,
                )
            )
    return rels
