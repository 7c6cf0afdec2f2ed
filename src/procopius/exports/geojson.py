"""GeoJSON: a FeatureCollection with one Point feature per located place of each event.

Properties: event id, ACLED event and sub-event type, PLOVER and UCDP types, date start, end and
precision, actors by role, fatalities (low/best/high), the place's name, country, admin1 and
precision, the evidence text and the document. Places without coordinates give no feature;
events left with no feature at all are counted in the top-level member `procopius_skipped`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from procopius.exports.common import Collection, evidence_text, located, names_in_role

ROLES = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "victim")


def event_features(event: dict[str, Any], records: Collection) -> list[dict[str, Any]]:
    """The Point features of one native event dict (none when no place has coordinates)."""
    date = event.get("date") or {}
    fat = event.get("fatalities") or {}
    base = {
        "event_id": event["id"],
        "event_type": event.get("acled_event_type"),
        "sub_event_type": event.get("acled_sub_event_type"),
        "plover_type": event.get("plover_type"),
        "ucdp_type_of_violence": event.get("ucdp_type_of_violence"),
        "date_start": date.get("start"),
        "date_end": date.get("end"),
        "date_precision": date.get("precision"),
        "actors": {role: names_in_role(event, role) for role in ROLES},
        "fatalities_low": fat.get("low"),
        "fatalities_best": fat.get("best"),
        "fatalities_high": fat.get("high"),
        "evidence": evidence_text(event),
        "doc": event.get("doc"),
        "source": records.source_of(event),
    }
    features = []
    for loc in event.get("locations") or []:
        if not located(loc):
            continue
        properties = dict(base)
        properties.update(
            {
                "location": loc.get("name"),
                "country": loc.get("country"),
                "admin1": loc.get("admin1"),
                "location_precision": loc.get("precision"),
                "gazetteer_id": loc.get("gazetteer_id"),
            }
        )
        features.append(
            {
                "type": "Feature",
                "id": f"{event['id']}:{len(features) + 1}",
                "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
                "properties": properties,
            }
        )
    return features


def feature_collection(records: Iterable[Any]) -> dict[str, Any]:
    """The FeatureCollection for the events among `records`."""
    collection = Collection.of(records)
    features: list[dict[str, Any]] = []
    skipped = 0
    for event in sorted(collection.events, key=lambda e: e["id"]):
        found = event_features(event, collection)
        features += found
        skipped += not found
    return {"type": "FeatureCollection", "features": features, "procopius_skipped": skipped}


def write_geojson(records: Iterable[Any], out: TextIO) -> int:
    """Write the GeoJSON FeatureCollection; returns the number of features."""
    data = feature_collection(records)
    json.dump(data, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(data["features"])
