"""The HTTP API under /api: events, actors, timeline, facets, map points, documents, exports.

Every endpoint reads; none writes. Bad parameters get 422 and unknown ids 404, both with a
one-line `message`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from procopius import __version__, taxonomy
from procopius.exports import EXTENSIONS
from procopius.exports import export as write_export
from procopius.store import StoreError
from procopius.web import schemas
from procopius.web.excerpts import with_excerpt
from procopius.web.filters import EventFilter, FilterError, make_filter
from procopius.web.queries import NotFound, WebStore, script_of

router = APIRouter(prefix="/api")

ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": schemas.Problem, "description": "A parameter is malformed or unknown."},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": schemas.Problem, "description": "No record with this id."},
    **ERRORS,
}
_MEDIA = {
    ".csv": "text/csv; charset=utf-8",
    ".jsonl": "application/x-ndjson; charset=utf-8",
    ".geojson": "application/geo+json; charset=utf-8",
}


def get_db(request: Request) -> WebStore:
    return request.app.state.db


def event_filter(
    date_from: Annotated[
        str | None,
        Query(description="Events ending on or after this ISO date prefix (YYYY[-MM[-DD]])."),
    ] = None,
    date_to: Annotated[
        str | None,
        Query(description="Events starting on or before this ISO date prefix (YYYY[-MM[-DD]])."),
    ] = None,
    event_type: Annotated[
        str | None, Query(description="ACLED event type, e.g. `Battles` (any case).")
    ] = None,
    sub_event_type: Annotated[
        str | None, Query(description="ACLED sub-event type, e.g. `Armed clash` (any case).")
    ] = None,
    actor: Annotated[
        str | None,
        Query(description="Part of a participant's name, or of a linked actor's name or alias."),
    ] = None,
    country: Annotated[
        str | None, Query(description="ISO 3166 alpha-3 country code of the event's place.")
    ] = None,
    bbox: Annotated[
        str | None,
        Query(
            description="minlon,minlat,maxlon,maxlat in degrees, on the event's first located "
            "place; minlon > maxlon crosses the antimeridian.",
            examples=["-80,-5,-60,15"],
        ),
    ] = None,
    min_fatalities: Annotated[
        int | None, Query(description="Events whose best fatality figure is at least this.")
    ] = None,
    q: Annotated[
        str | None,
        Query(
            description="Free text: every word must occur in the evidence or in the names of "
            "participants and places; `word*` is a prefix.",
            max_length=500,
        ),
    ] = None,
) -> EventFilter:
    try:
        return make_filter(
            date_from=date_from,
            date_to=date_to,
            event_type=event_type,
            sub_event_type=sub_event_type,
            actor=actor,
            country=country,
            bbox=bbox,
            min_fatalities=min_fatalities,
            q=q,
        )
    except FilterError as exc:
        raise HTTPException(422, str(exc)) from None


DB = Annotated[WebStore, Depends(get_db)]
Filter = Annotated[EventFilter, Depends(event_filter)]


def _json(data: Any) -> JSONResponse:
    return JSONResponse(data)


def _header(db: WebStore, doc_id: str | None) -> dict[str, Any] | None:
    return db.document_header(doc_id) if doc_id else None


@router.get("/info", response_model=schemas.Info, summary="What the store holds")
def info(request: Request, db: DB) -> JSONResponse:
    subs: dict[str, list[str]] = {}
    for sub in taxonomy.all_sub_event_types():
        subs.setdefault(sub.event_type, []).append(sub.name)
    return _json(
        {
            "name": "procopius",
            "version": __version__,
            "counts": db.counts(),
            "read_only": db.read_only,
            "vendor": request.app.state.vendor,
            "event_types": taxonomy.event_types(),
            "sub_event_types": subs,
        }
    )


@router.get(
    "/events", response_model=schemas.EventPage, responses=ERRORS, summary="Events, filtered"
)
def list_events(
    db: DB,
    flt: Filter,
    limit: Annotated[int, Query(ge=1, le=1000, description="Events per page.")] = 100,
    after: Annotated[
        str | None, Query(description="The `next` cursor of the previous page.")
    ] = None,
) -> JSONResponse:
    """Events matching every filter given, ordered by start date and id (undated last), one
    page at a time."""
    try:
        events = db.events(flt, limit + 1, after)
    except StoreError as exc:
        raise HTTPException(422, f"after: {exc}") from None
    next_cursor = events[limit - 1]["id"] if len(events) > limit else None
    return _json({"events": events[:limit], "next": next_cursor, "limit": limit})


@router.get(
    "/events/{event_id}",
    response_model=schemas.EventDetail,
    responses=NOT_FOUND,
    summary="One event with its claims and evidence in context",
)
def get_event(event_id: str, db: DB) -> JSONResponse:
    event = _get(db, event_id, "event")
    texts: dict[str, str | None] = {}

    def text_of(doc_id: str) -> str | None:
        if doc_id not in texts:
            texts[doc_id] = db.document_text(doc_id)
        return texts[doc_id]

    claims = []
    found = db.records_by_id(event.get("claims") or [])
    for claim_id in event.get("claims") or []:
        claim = found.get(claim_id)
        if claim is None or claim.get("kind") != "claim":
            continue
        text = text_of(claim["doc"])
        claims.append(
            {
                "claim": claim,
                "content": with_excerpt(claim["content"], text),
                "evidence": [with_excerpt(ev, text) for ev in claim.get("evidence") or []],
            }
        )
    actor_ids = [a.get("actor_id") for a in event.get("actors") or [] if a.get("actor_id")]
    actors = {
        aid: rec["name"]
        for aid, rec in db.records_by_id(actor_ids).items()
        if rec.get("kind") == "actor"
    }
    text = text_of(event["doc"])
    return _json(
        {
            "event": event,
            "document": _header(db, event.get("doc")),
            "evidence": [with_excerpt(ev, text) for ev in event.get("evidence") or []],
            "claims": claims,
            "actors": actors,
        }
    )


@router.get("/actors", response_model=schemas.ActorPage, responses=ERRORS, summary="Actors by name")
def list_actors(
    db: DB,
    q: Annotated[
        str | None, Query(description="Part of a name or alias (case and accents ignored).")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    after: Annotated[
        str | None, Query(description="The `next` cursor of the previous page.")
    ] = None,
) -> JSONResponse:
    try:
        return _json(db.actors(q.strip() if q and q.strip() else None, limit, after))
    except StoreError as exc:
        raise HTTPException(422, f"after: {exc}") from None


@router.get(
    "/actors/{actor_id}",
    response_model=schemas.ActorDetail,
    responses=NOT_FOUND,
    summary="One actor: profile, names, relations and events",
)
def get_actor(actor_id: str, db: DB) -> JSONResponse:
    actor = _get(db, actor_id, "actor")
    names = [{"name": actor["name"], "kind": "name", "lang": None}]
    names += [
        {"name": a["name"], "kind": a.get("kind", "alias"), "lang": a.get("lang")}
        for a in actor.get("aliases") or []
    ]
    for entry in names:
        entry["script"] = script_of(entry["name"])
    relations = db.relations_of(actor_id, [actor["name"]])
    others = db.records_by_id(
        [
            r["target"] if r["source"] in (actor_id, actor["name"]) else r["source"]
            for r in relations
        ]
    )
    rel_entries = []
    for rel in relations:
        outgoing = rel["source"] in (actor_id, actor["name"])
        other_key = rel["target"] if outgoing else rel["source"]
        other = others.get(other_key)
        rel_entries.append(
            {
                "relation": rel,
                "direction": "outgoing" if outgoing else "incoming",
                "other": {"id": other["id"], "name": other.get("name")}
                if other and other.get("kind") == "actor"
                else {"id": None, "name": other_key},
            }
        )
    return _json(
        {
            "actor": actor,
            "document": _header(db, actor.get("doc")),
            "names": names,
            "relations": rel_entries,
            "events": db.actor_events(actor_id),
            "same_name": db.same_name(actor),
        }
    )


@router.get(
    "/timeline", response_model=schemas.Timeline, responses=ERRORS, summary="Events over time"
)
def timeline(
    db: DB,
    flt: Filter,
    interval: Annotated[
        Literal["day", "week", "month", "year"],
        Query(description="Bucket size; weeks start on Monday."),
    ] = "month",
) -> JSONResponse:
    """Counts of the matching events (and their summed best fatality figures) by the bucket
    of their start date."""
    return _json(db.timeline(flt, interval))


@router.get("/facets", response_model=schemas.Facets, responses=ERRORS, summary="Counts")
def facets(db: DB, flt: Filter) -> JSONResponse:
    """Counts of the matching events by event type, sub-event type, country, actor and year;
    each facet leaves out its own filter."""
    return _json(db.facets(flt))


@router.get("/map", response_model=schemas.Points, responses=ERRORS, summary="Map points")
def map_points(db: DB, flt: Filter) -> JSONResponse:
    """The located matching events, one compact row each (at most 50,000)."""
    return _json(db.points(flt))


@router.get("/documents", response_model=schemas.DocumentList, summary="Stored documents")
def list_documents(db: DB) -> JSONResponse:
    return _json({"documents": db.documents()})


@router.get(
    "/documents/{doc_id}",
    response_model=schemas.DocumentDetail,
    responses=NOT_FOUND,
    summary="One document: its text and the spans of each layer",
)
def get_document(doc_id: str, db: DB) -> JSONResponse:
    try:
        doc = db.document(doc_id)
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    text = doc.pop("text", None)
    return _json({"document": doc, "text": text, "layers": layers_of(db.doc_records(doc_id))})


@router.get(
    "/export",
    responses={
        200: {
            "description": "The file: CSV (acled, ucdp), JSON Lines (native, plover) or GeoJSON.",
            "content": {m.split(";")[0]: {} for m in _MEDIA.values()},
        },
        **ERRORS,
    },
    response_class=StreamingResponse,
    summary="Export the matching events",
)
def export_events(
    db: DB,
    flt: Filter,
    format: Annotated[  # noqa: A002 - the public parameter name
        Literal["native", "acled", "ucdp", "plover", "geojson"],
        Query(description="native and plover: JSON Lines; acled and ucdp: CSV; geojson."),
    ] = "native",
) -> StreamingResponse:
    """The events matching the filter in one format, with their documents and linked actors
    (and, in the native format, their claims)."""
    events = db.events(flt, None, None)
    wanted = [a.get("actor_id") for e in events for a in e.get("actors") or []]
    if format == "native":
        wanted += [c for e in events for c in e.get("claims") or []]
    linked = [r for r in db.records_by_id(wanted).values() if r.get("kind") in ("actor", "claim")]
    documents = []
    for doc_id in dict.fromkeys(e["doc"] for e in events):
        try:
            doc = db.document(doc_id)
        except NotFound:
            continue
        doc.pop("text", None)
        doc.pop("stored_at", None)
        documents.append(doc)
    out = io.StringIO()
    write_export([*documents, *linked, *events], format, out)
    ext = EXTENSIONS[format]
    body = out.getvalue()

    def chunks() -> Iterator[str]:
        for i in range(0, len(body), 65536):
            yield body[i : i + 65536]

    return StreamingResponse(
        chunks(),
        media_type=_MEDIA[ext],
        headers={"Content-Disposition": f'attachment; filename="procopius-{format}{ext}"'},
    )


def _get(db: WebStore, record_id: str, kind: str) -> dict[str, Any]:
    try:
        return db.get(record_id, kind)
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None


def layers_of(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The evidence spans of a document's records, by layer: events, places, fatalities,
    claims, actors (names, aliases, people, parents, allies, founding, areas) and relations."""
    layers: dict[str, list[dict[str, Any]]] = {
        "events": [],
        "places": [],
        "fatalities": [],
        "claims": [],
        "actors": [],
        "relations": [],
    }

    def add(layer: str, evidence: list[dict[str, Any]] | None, record: str, label: str) -> None:
        for ev in evidence or []:
            if isinstance(ev.get("start"), int) and isinstance(ev.get("end"), int):
                layers[layer].append(
                    {"start": ev["start"], "end": ev["end"], "record": record, "label": label}
                )

    for rec in records:
        kind, rid = rec.get("kind"), rec.get("id", "")
        if kind == "event":
            add("events", rec.get("evidence"), rid, rec.get("acled_sub_event_type") or "event")
            for loc in rec.get("locations") or []:
                label = f"{loc.get('name')} ({loc.get('precision')})"
                add("places", loc.get("evidence"), rid, label)
            fat = rec.get("fatalities") or {}
            if fat:
                label = f"fatalities {fat.get('low')}/{fat.get('best')}/{fat.get('high')}"
                add("fatalities", fat.get("evidence"), rid, label)
        elif kind == "claim":
            claimant = rec.get("claimant") or {}
            who = claimant.get("person") or claimant.get("organisation") or "unattributed"
            add("claims", [rec["content"]] if rec.get("content") else [], rid, f"claim by {who}")
            add("claims", rec.get("evidence"), rid, f"claim by {who}")
        elif kind == "actor":
            add("actors", rec.get("evidence"), rid, rec.get("name", "actor"))
            for alias in rec.get("aliases") or []:
                add("actors", alias.get("evidence"), rid, f"{alias.get('kind')}: {alias['name']}")
            for person in rec.get("people") or []:
                roles = ", ".join(person.get("roles") or [])
                add("actors", person.get("evidence"), rid, f"{person['name']} ({roles})")
            for key in ("parents", "allies", "founded", "areas"):
                for item in rec.get(key) or []:
                    add("actors", item.get("evidence"), rid, key)
        elif kind == "relation":
            add("relations", rec.get("evidence"), rid, rec.get("type", "relation"))
    for spans in layers.values():
        spans.sort(key=lambda s: (s["start"], -s["end"]))
    return layers
