"""PLOVER JSON Lines: one event record a line, with the field names of the PLOVER specification.

Each record carries `id`, `date` and `enddate` (YYYY-MM-DD), `source` and `recipient` (lists of
actor objects with `actor_text`), `event` (a list of PLOVER categories, as the specification has
it) and `event_type` (the same category as one string, as POLECAT has it), `mode` and `context`
where the taxonomy gives them, `quad_code` (4, material conflict, for PROTEST, MOBILIZE, COERCE
and ASSAULT), `event_loc` (a location object with `name`, `latitude`, `longitude`, `country code`
and `cc3` as in the specification's geonames layout), `event_text` and `text` (the evidence),
`dead` (best fatality estimate), `cite_info` (document title, url, publication, language),
`coder`, and `procopius_event_id`. Following PLOVER, in two-sided violence (Battles) every
participant is a source; otherwise victims and the second actor are recipients. Events with no
PLOVER category (Change to group/activity, Other) are left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from procopius import taxonomy
from procopius.exports.common import (
    Collection,
    country,
    date_span,
    evidence_text,
    fatality,
    located,
    names_in_role,
    sub_event,
)

CODER = "procopius"

QUAD_CODES = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "INVESTIGATE": 2,
    "DEMAND": 3,
    "ACCUSE": 3,
    "DISAPPROVE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "SANCTION": 3,
    "PROTEST": 4,
    "CRIME": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
    "FIGHT": 4,
}


def _actors(names: list[str]) -> list[dict[str, str]]:
    return [{"actor_text": name} for name in names]


def _location(loc: dict[str, Any]) -> dict[str, Any]:
    place = country(loc.get("country"))
    out: dict[str, Any] = {
        "name": loc.get("name"),
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "country code": place.iso2 if place else None,
        "cc3": place.iso3 if place else None,
        "admin1": loc.get("admin1"),
        "precision": loc.get("precision"),
    }
    if loc.get("gazetteer_id"):
        out["gazetteer_id"] = loc["gazetteer_id"]
    return out


def plover_record(event: dict[str, Any], records: Collection) -> dict[str, Any] | None:
    """The PLOVER record of one native event dict, or None when it has no PLOVER category."""
    sub = sub_event(event)
    category = event.get("plover_type") or (sub.plover_event_type if sub else None)
    if not category:
        return None
    start, end = date_span(event.get("date"))
    first = names_in_role(event, "actor1") + names_in_role(event, "assoc_actor_1")
    second = names_in_role(event, "actor2") + names_in_role(event, "assoc_actor_2")
    victims = names_in_role(event, "victim")
    if sub is not None and sub.event_type == taxonomy.BATTLES:
        source, recipient = first + second, victims
    else:
        source, recipient = first, second + victims
    same_category = sub is not None and sub.plover_event_type == category
    locations = event.get("locations") or []
    main = next((loc for loc in locations if located(loc)), locations[0] if locations else None)
    doc = records.documents.get(event.get("doc") or "", {})

    record: dict[str, Any] = {
        "id": event["id"],
        "date": start.isoformat() if start else None,
        "enddate": end.isoformat() if end and end != start else None,
        "source": _actors(list(dict.fromkeys(source))),
        "recipient": _actors(list(dict.fromkeys(recipient))),
        "event": [category],
        "event_type": category,
        "mode": [sub.plover_mode] if same_category and sub and sub.plover_mode else [],
        "context": [sub.plover_context] if same_category and sub and sub.plover_context else [],
        "quad_code": QUAD_CODES.get(category),
        "event_loc": _location(main) if main else None,
        "event_text": [event.get("trigger")] if event.get("trigger") else [],
        "text": evidence_text(event) or None,
        "dead": fatality(event),
        "cite_info": {
            "title": doc.get("title"),
            "url": doc.get("url"),
            "publication": doc.get("source"),
            "language": doc.get("language"),
        },
        "coder": CODER,
        "procopius_event_id": event["id"],
        "procopius_evidence": event.get("evidence") or [],
    }
    if len(locations) > 1:
        record["procopius_locations"] = [_location(loc) for loc in locations]
    return record


def write_plover(records: Iterable[Any], out: TextIO) -> int:
    """Write the events among `records` as PLOVER JSON Lines; returns the number written."""
    collection = Collection.of(records)
    n = 0
    for event in sorted(collection.events, key=lambda e: e["id"]):
        record = plover_record(event, collection)
        if record is not None:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n
