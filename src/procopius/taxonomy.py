"""ACLED's event taxonomy, with its mappings to PLOVER and to UCDP, read from `data/taxonomy.tsv`.

The table has one row per ACLED sub-event type (25 of them, under 6 event types):

- `disorder_type` as ACLED assigns it: "Political violence", "Demonstrations", "Strategic
  developments", or "Political violence; Demonstrations" for excessive force against protesters.
- `plover_event_type`, `plover_mode` and `plover_context`: the PLOVER category and, where the
  PLOVER manual defines a fitting one, its mode (ASSAULT: abduct, sexual, explosives,
  suicide-attack, heavy-weapons, destroy; PROTEST: demo, riot; COERCE: arrest, confiscate;
  MOBILIZE: troops; RETREAT: withdraw) or context (cbrn for chemical weapons). Blank where PLOVER
  has no equivalent (Change to group/activity, Other).
- `ucdp_type_of_violence`: the default UCDP type (1 state-based, 2 non-state, 3 one-sided), blank
  where UCDP GED does not record the kind of event at all (it records lethal organised violence
  only: no protests, riots, non-lethal strategic developments, sexual violence or abductions).

UCDP's type really depends on who fought whom, so the default is refined by
`ucdp_type_of_violence()` from what is known of the actors:

- an organised actor against civilians (any victim role, or a Violence against civilians
  sub-event) -> 3, one-sided violence;
- at least one side a state (government forces) -> 1, state-based conflict;
- neither side a state (both known to be non-state) -> 2, non-state conflict;
- otherwise (a side's status unknown) -> the table's default.

ACLED actor categories and their `inter` codes: 1 state forces, 2 rebel groups, 3 political
militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
`interaction` is the two codes in ascending order (e.g. 12, 17), or the single code times ten
when there is no second actor (e.g. 60 for protesters alone).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

DISORDER_TYPES = (
    "Political violence",
    "Demonstrations",
    "Strategic developments",
    "Political violence; Demonstrations",
)

VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
BATTLES = "Battles"


@dataclass(frozen=True)
class SubEventType:
    event_type: str
    name: str
    disorder_type: str
    plover_event_type: str | None
    plover_mode: str | None
    plover_context: str | None
    ucdp_type_of_violence: int | None

    @property
    def sub_event_type(self) -> str:
        return self.name


def _blank_to_none(value: str) -> str | None:
    value = value.strip()
    return value or None


@cache
def _table() -> tuple[SubEventType, ...]:
    text = resources.files("procopius").joinpath("data/taxonomy.tsv").read_text(encoding="utf-8")
    rows = []
    for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
        ucdp = _blank_to_none(row["ucdp_type_of_violence"])
        rows.append(
            SubEventType(
                event_type=row["event_type"].strip(),
                name=row["sub_event_type"].strip(),
                disorder_type=row["disorder_type"].strip(),
                plover_event_type=_blank_to_none(row["plover_event_type"]),
                plover_mode=_blank_to_none(row["plover_mode"]),
                plover_context=_blank_to_none(row["plover_context"]),
                ucdp_type_of_violence=int(ucdp) if ucdp else None,
            )
        )
    return tuple(rows)


@cache
def _by_name() -> dict[str, SubEventType]:
    return {s.name.casefold(): s for s in _table()}


def all_sub_event_types() -> list[SubEventType]:
    """All 25 sub-event types, in the codebook's order."""
    return list(_table())


def event_types() -> list[str]:
    """The 6 ACLED event types, in the codebook's order."""
    return list(dict.fromkeys(s.event_type for s in _table()))


def sub_event_type(name: str) -> SubEventType:
    """Look a sub-event type up by name, ignoring case and surrounding spaces."""
    found = _by_name().get(name.strip().casefold())
    if found is None:
        valid = ", ".join(s.name for s in _table())
        raise KeyError(f"unknown ACLED sub-event type {name!r}; valid names: {valid}")
    return found


def ucdp_type_of_violence(
    sub_event: str | SubEventType,
    actor1_is_state: bool | None,
    actor2_is_state: bool | None,
    victims_civilian: bool,
) -> int | None:
    """UCDP's type of violence for an event, from its sub-event type and what is known of the
    actors (see the module docstring for the rule). None where UCDP does not record the event."""
    sub = sub_event if isinstance(sub_event, SubEventType) else sub_event_type(sub_event)
    if sub.ucdp_type_of_violence is None:
        return None
    if victims_civilian or sub.event_type == VIOLENCE_AGAINST_CIVILIANS:
        return 3
    if sub.ucdp_type_of_violence == 3:
        # One-sided by definition (e.g. excessive force against protesters).
        return 3
    if actor1_is_state or actor2_is_state:
        return 1
    if actor1_is_state is False and actor2_is_state is False:
        return 2
    return sub.ucdp_type_of_violence


ACTOR_CATEGORIES: dict[int, str] = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

_CATEGORY_WORDS: dict[str, int] = {
    "state forces": 1,
    "state force": 1,
    "state": 1,
    "government": 1,
    "government forces": 1,
    "military": 1,
    "armed forces": 1,
    "army": 1,
    "police": 1,
    "rebel groups": 2,
    "rebel group": 2,
    "rebels": 2,
    "rebel": 2,
    "insurgents": 2,
    "insurgent group": 2,
    "political militias": 3,
    "political militia": 3,
    "identity militias": 4,
    "identity militia": 4,
    "ethnic militia": 4,
    "communal militia": 4,
    "rioters": 5,
    "rioter": 5,
    "protesters": 6,
    "protester": 6,
    "demonstrators": 6,
    "civilians": 7,
    "civilian": 7,
    "external/other forces": 8,
    "external forces": 8,
    "other forces": 8,
    "external": 8,
}


def inter_code(actor_category: str | None) -> int | None:
    """ACLED's `inter` code (1-8) for an actor category, or None when it is unknown.

    Accepts the codebook's category names (singular or plural, any case), a few common
    synonyms ("rebels", "government forces", "demonstrators") and the digits themselves."""
    if actor_category is None:
        return None
    key = " ".join(actor_category.strip().casefold().replace("_", " ").split())
    if key.isdigit():
        code = int(key)
        return code if code in ACTOR_CATEGORIES else None
    return _CATEGORY_WORDS.get(key)


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's `interaction`: both inter codes, lower first (17), or inter1 * 10 when alone."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def is_state(inter: int | None) -> bool | None:
    """Whether an actor with this inter code is a state for UCDP: state forces yes; rebels,
    militias, rioters, protesters and civilians no; external/other forces (foreign armies as well
    as international missions and private forces) unknown."""
    if inter is None or inter == 8:
        return None
    return inter == 1
