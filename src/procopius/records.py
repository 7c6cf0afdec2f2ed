"""The native records: document, actor, event, claim and relation.

Every record serialises to one JSON object with a `kind`; the native export is JSON Lines of
these objects, and every other format is a projection of them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = "procopius/1"


def stable_id(prefix: str, *parts: object) -> str:
    """An id that depends only on its parts, so re-running on the same text reproduces it."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:12]}"


@dataclass
class Evidence:
    doc: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Alias:
    name: str
    kind: str  # native | romanized | alias | former | acronym
    lang: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Parent:
    name: str
    relation: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Person:
    name: str
    roles: list[str]
    as_of: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Ally:
    name: str
    how: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Founding:
    date: str  # ISO prefix: YYYY, YYYY-MM or YYYY-MM-DD
    precision: str
    qualifier: str | None = None
    note: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Area:
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Actor:
    id: str
    doc: str
    name: str
    is_subject: bool = False
    actor_type: str | None = None
    aliases: list[Alias] = field(default_factory=list)
    parents: list[Parent] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    allies: list[Ally] = field(default_factory=list)
    founded: list[Founding] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    kind: str = "actor"


@dataclass
class DateInfo:
    start: str | None
    end: str | None
    precision: str  # day | week | month | year | range
    year_inferred: bool = False
    reason: str | None = None
    qualifier: str | None = None
    text: str | None = None


@dataclass
class Location:
    name: str
    lat: float | None
    lon: float | None
    country: str | None = None
    admin1: str | None = None
    precision: str = "town"  # town | region | admin1 | country
    gazetteer_id: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class EventActor:
    name: str
    role: str  # actor1 | actor2 | assoc_actor_1 | assoc_actor_2 | victim
    actor_id: str | None = None


@dataclass
class Fatalities:
    low: int | None
    best: int | None
    high: int | None
    who: str | None = None
    claimed_by: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Event:
    id: str
    doc: str
    acled_event_type: str
    acled_sub_event_type: str
    plover_type: str | None
    ucdp_type_of_violence: int | None
    trigger: str
    date: DateInfo | None
    actors: list[EventActor] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    fatalities: Fatalities | None = None
    claimed: bool = False
    claims: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    kind: str = "event"


@dataclass
class Quantity:
    value: float | int
    qualifier: str
    low: float | int | None
    high: float | int | None
    what: str | None = None


@dataclass
class Claimant:
    person: str | None = None
    organisation: str | None = None

    @property
    def name(self) -> str | None:
        return self.person or self.organisation


@dataclass
class Claim:
    id: str
    doc: str
    claimant: Claimant
    cue: str
    content: Evidence
    quantity: Quantity | None = None
    statement_date: str | None = None
    event: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    kind: str = "claim"


@dataclass
class Relation:
    id: str
    doc: str
    source: str
    target: str
    type: str  # parent | ally | rival | splinter | renamed-to
    worded: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    kind: str = "relation"


@dataclass
class DocumentRecord:
    id: str
    title: str
    source: str
    url: str | None
    published: str | None
    language: str
    sections: list[dict[str, Any]]
    n_chars: int
    n_words: int
    selected: bool = True  # False when the cascade's first pass found nothing to read
    kind: str = "document"


Record = DocumentRecord | Actor | Event | Claim | Relation


def to_dict(record: Record) -> dict[str, Any]:
    data = asdict(record)
    data["kind"] = record.kind
    return data


@dataclass
class RecordSet:
    """Everything read from one or more documents."""

    documents: list[DocumentRecord] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)

    def __iter__(self):  # type: ignore[no-untyped-def]
        yield from self.documents
        yield from self.actors
        yield from self.events
        yield from self.claims
        yield from self.relations

    def extend(self, other: RecordSet) -> None:
        self.documents += other.documents
        self.actors += other.actors
        self.events += other.events
        self.claims += other.claims
        self.relations += other.relations
        self.texts.update(other.texts)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [to_dict(r) for r in self]

    def to_jsonl(self) -> str:
        return "".join(
            json.dumps(d, ensure_ascii=False, sort_keys=False) + "\n" for d in self.to_dicts()
        )

    @property
    def subject(self) -> Actor | None:
        return next((a for a in self.actors if a.is_subject), None)
