"""Response shapes of the HTTP API, for the OpenAPI schema. Records are the native record
types of `procopius.records`; the API returns them exactly as `records.to_dict` gives them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from procopius.records import Actor, Claim, DocumentRecord, Event, Relation


class Problem(BaseModel):
    """An error: `message` is one line for a person; `detail` is the same or, for bad query
    parameters, the list of problems found."""

    message: str
    detail: Any = None


class Excerpt(BaseModel):
    """The paragraph around an evidence span. `offset` is where the paragraph starts in the
    document; `sentence` and `span` are [start, end) offsets into the paragraph."""

    paragraph: str
    offset: int
    sentence: list[int]
    span: list[int]


class EvidenceInContext(BaseModel):
    """An evidence span with the paragraph around it (null when the text is not stored)."""

    doc: str
    start: int
    end: int
    text: str
    excerpt: Excerpt | None = None


class DocumentHeader(BaseModel):
    id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None


class EventPage(BaseModel):
    """A page of events by (start date, id), undated last. Pass `next` as `after` to get the
    following page; it is null on the last page."""

    events: list[Event]
    next: str | None = Field(description="cursor for the next page, or null")
    limit: int


class ClaimInContext(BaseModel):
    claim: Claim
    content: EvidenceInContext
    evidence: list[EvidenceInContext]


class EventDetail(BaseModel):
    event: Event
    document: DocumentHeader | None
    evidence: list[EvidenceInContext]
    claims: list[ClaimInContext]
    actors: dict[str, Any] = Field(description="linked actor records' names by actor id")


class ActorSummary(BaseModel):
    id: str
    doc: str
    name: str
    is_subject: bool
    actor_type: str | None
    aliases: list[str]
    events: int


class ActorPage(BaseModel):
    actors: list[ActorSummary]
    next: str | None


class NameEntry(BaseModel):
    name: str
    kind: str
    lang: str | None
    script: str


class RelationEntry(BaseModel):
    relation: Relation
    direction: str = Field(description="outgoing (the actor is the source) or incoming")
    other: dict[str, Any] = Field(description="the other actor: id (when known) and name")


class ActorDetail(BaseModel):
    actor: Actor
    document: DocumentHeader | None
    names: list[NameEntry]
    relations: list[RelationEntry]
    events: list[Event]
    same_name: list[dict[str, Any]]


class Bucket(BaseModel):
    key: str
    count: int
    fatalities: int


class Timeline(BaseModel):
    interval: str
    buckets: list[Bucket]
    undated: int
    total: int


class FacetValue(BaseModel):
    value: Any
    count: int


class Facets(BaseModel):
    total: int
    event_type: list[FacetValue]
    sub_event_type: list[FacetValue]
    country: list[FacetValue]
    actor: list[FacetValue]
    year: list[FacetValue]


class Points(BaseModel):
    """One row per located event, as lists in the order of `fields`."""

    fields: list[str]
    points: list[list[Any]]
    truncated: bool


class LayerSpan(BaseModel):
    start: int
    end: int
    record: str
    label: str


class DocumentDetail(BaseModel):
    document: DocumentRecord
    text: str | None
    layers: dict[str, list[LayerSpan]]


class DocumentList(BaseModel):
    documents: list[dict[str, Any]] = Field(
        description="document records with `stored_at` and their number of `events`"
    )


class Info(BaseModel):
    name: str
    version: str
    counts: dict[str, int]
    read_only: bool
    vendor: bool = Field(description="whether the map libraries are installed")
    event_types: list[str]
    sub_event_types: dict[str, list[str]]
