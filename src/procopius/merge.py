"""Cross-document merging: one actor per organisation and one event per happening, however many
documents report them.

Each document is read on its own, so the same group appears once per document (with an id that
depends on the document) and an attack reported by three outlets appears three times.
`merge_records` joins them and says what it did in `merge` records.

Actors
------
Two actors are one when they share a name key, where every name and alias counts:

- **Name key** (`name_key`): NFKC, case folded, diacritics and apostrophes (' ’ ʼ ʿ) dropped, a
  possessive ending dropped, the Arabic article dropped whether attached ("al-", "el-", "ash-",
  "ad-" ...) or free ("Al Qassam"), "the" dropped, then each word reduced to a spelling
  skeleton: a plural ending removed ("Brigades" -> "Brigade", "Militias" -> "Militia"), the
  transliteration pairs ou/u, dj/j, q/k, ck/k, e/i, o/u and y/i made one, and so the diphthongs
  ai/ay/ei ("Beit", "Bayt"), doubled letters made single; the words are then joined without spaces ("Ansar Allah" = "Ansarallah"). So
  "al-Qassam Brigades", "Al Qassam Brigade", "el-Qassam Brigades" and "Izz ad-Din al-Qassam"
  spellings meet, while "kh" and "h", which write different Arabic letters, stay apart.
- **Acronyms** ("PRC", "M23") are keyed apart from full names. An actor that carries an acronym
  and a full name (a document defined the acronym, or gave it as an alias) *defines* it. Actors
  bearing the same acronym are joined when all its definitions belong to one organisation (or
  nobody defines it); when two different organisations define it, the acronym joins nothing.
- **Generic names never link on their own.** A name made only of a state-force word ("army",
  "armed forces", "police", "security forces", "government", "7th Division") with at most a
  country or demonym ("Nigerien army", "Armed Forces of the Philippines") names a state force:
  it links only to the same force of the same country, the country being the one in the name,
  else the actor's only area country, else the only country of the places of its events, else
  of its documents' events; with no single country known it links nothing. Anonymous names
  ("gunmen", "militants", "tribal council") and bare countries ("Iraq") link nothing, ever.

The canonical actor of a cluster gets a new id (a hash of the sorted member ids), the most
frequent full name, every other name as an alias, and the union of aliases, parents, people,
allies, founding dates, areas and evidence.

Events
------
Two event records from different documents are one event when all of these hold:

- the same ACLED event type, and compatible sub-types: any two within Battles, Violence against
  civilians, Protests and Riots; within Explosions/Remote violence an air or drone strike and
  shelling, or the three kinds of bomb (IED, suicide bomb, grenade); within Strategic
  developments only the same sub-type;
- dates that overlap as intervals (a day inside a month or a range is compatible; two different
  days are not); an event without a date, or with one spanning more than a year, never merges;
- places compatible within their precision (town and town: within 25 km; a region or admin1:
  within 100 km, or the same admin1 of the same country; a country: the same country; without
  coordinates, the same name); an event without a place is compatible with any place;
- compatible actors: the actor1 sets (for Battles, both sides) intersect, or one is empty;
  actors compare by their merged id or by name key;
- and at least one member of the cluster shares a place or an actor with the newcomer's
  cluster positively: type and date alone are not enough.

Events are clustered greedily, most precise first, each joining the one cluster it is
compatible with in full; an event compatible with several clusters stays apart (it is
ambiguous). The merged event keeps the most precise date, the most precise place, the
majority sub-type, all actors, claims and evidence, and the fatality figure of the most precise
report, with low and high spanning every report.

Merging is repeated until nothing changes, so merging merged output changes nothing, and the
result depends only on the records, never on their order. Records that merge with nothing pass
through unchanged except that their references (event actors' `actor_id`, relations' `source`
and `target`, claims' `event`) follow merged records to their new ids.

The `merge` record
------------------
`{kind: "merge", id, of: "actor"|"event", into, merged: [ids], docs: [doc ids], rule,
disagreements: {field: [values]}, kept: {field: value}}`: `merged` lists the ids of the
records as read from the documents, `disagreements` the fields whose values differed between
them, and `kept` the value the merged record holds for each of those fields.
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from procopius.gazetteer import DEMONYMS, country_of, haversine_km
from procopius.names import fold
from procopius.records import stable_id, to_dict

Rec = dict[str, Any]

KIND_ORDER = ("document", "actor", "event", "claim", "relation", "merge")

RULE_NAME = "same name key"
RULE_STATE = "same state force of one country"
RULE_ACRONYM = "acronym defined in a document"
RULE_BARE_ACRONYM = "same acronym"
RULE_EVENT = "same event type, compatible date, place and actors"

TOWN_KM = 25.0
REGION_KM = 100.0
MAX_SPAN_DAYS = 366

# --- names ---------------------------------------------------------------------------------

_APOS = "'’ʼʻ‘`ʿ´"
_POSSESSIVE_END = re.compile(rf"(?:[{_APOS}]s|(?<=s)[{_APOS}])$")
_ATTACHED_ARTICLE = re.compile(
    r"^(?:al|el|il|ul|ad|adh|ar|as|ash|at|ath|az|an|ud|ut|un)[-‐‑‒–](?=\w)", re.I
)
_FREE_ARTICLES = {"al", "el", "il", "ul", "the"}
_SPLIT = re.compile(r"[\W_]+")
_TRANSLIT = (("ou", "u"), ("dj", "j"), ("ck", "k"), ("q", "k"))
_VOWELS = str.maketrans({"e": "i", "o": "u", "y": "i"})
_DOUBLED = re.compile(r"(.)\1+")


def _skeleton(token: str) -> str:
    if len(token) > 3 and token.isalpha():
        if token.endswith("ies"):
            token = token[:-3] + "y"
        elif token.endswith("s") and not token.endswith("ss"):
            token = token[:-1]
    for a, b in _TRANSLIT:
        token = token.replace(a, b)
    return _DOUBLED.sub(r"\1", token.translate(_VOWELS).replace("ai", "i"))


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The key two spellings of one name share (see the module notes): "al-Qassam Brigades",
    "Al Qassam Brigade" and "el-Qassam Brigades" give the same key. Empty for a name with no
    letters or digits."""
    text = _POSSESSIVE_END.sub("", unicodedata.normalize("NFKC", name).strip())
    out: list[str] = []
    for word in text.split():
        word = _ATTACHED_ARTICLE.sub("", word)
        for token in _SPLIT.split(fold(word)):
            if token and token not in _FREE_ARTICLES:
                out.append(_skeleton(token))
    return "".join(out)


def acronym_key(name: str) -> str | None:
    """The key of an acronym-shaped name ("PRC", "P.R.C.", "M23"), None for other names."""
    s = name.strip().replace(".", "")
    if 2 <= len(s) <= 8 and re.fullmatch(r"[A-Z][A-Z0-9&-]*[A-Z0-9]", s):
        if sum(c.isalpha() for c in s) >= 1:
            return s.replace("-", "").casefold()
    return None


# Words of a state force's name, mapped to the force they name; numbers and ordinals ("7th")
# are unit designations and count as state-force words too.
_STATE_WORDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "army",
            "armies",
            "military",
            "forces",
            "force",
            "soldiers",
            "soldier",
            "troops",
            "troop",
            "defence",
            "defense",
        ),
        "military",
    ),
    **dict.fromkeys(("police", "policemen", "policeman", "policewomen"), "police"),
    **dict.fromkeys(("gendarmerie", "gendarmes", "gendarme"), "gendarmerie"),
    **dict.fromkeys(("navy", "naval", "marines"), "navy"),
    **dict.fromkeys(("government", "authorities", "regime", "administration"), "government"),
    **dict.fromkeys(("guard", "guards"), "guard"),
    **{
        w: w
        for w in (
            "air",
            "security",
            "intelligence",
            "federal",
            "border",
            "coast",
            "presidential",
            "republican",
            "special",
            "riot",
            "division",
            "brigade",
            "battalion",
            "regiment",
            "corps",
            "infantry",
            "mechanized",
            "mechanised",
            "armoured",
            "armored",
            "company",
            "squadron",
            "unit",
            "units",
        )
    },
}
_MODIFIERS = {"national", "armed", "state", "regular", "official", "of", "the", "and", "s"}
_ANONYMOUS_WORDS = {
    "militants",
    "militant",
    "gunmen",
    "gunman",
    "rebels",
    "rebel",
    "insurgents",
    "insurgent",
    "fighters",
    "fighter",
    "militia",
    "militias",
    "militiamen",
    "men",
    "unidentified",
    "unknown",
    "suspected",
    "group",
    "groups",
    "attackers",
    "attacker",
    "assailants",
    "assailant",
    "civilians",
    "civilian",
    "villagers",
    "residents",
    "protesters",
    "demonstrators",
    "jihadists",
    "jihadist",
    "islamists",
    "terrorists",
    "terrorist",
    "tribal",
    "tribesmen",
    "council",
    "elders",
    "bandits",
    "kidnappers",
    "pirates",
    "vigilantes",
    "youths",
    "mob",
    "crowd",
    "people",
    "local",
    "armed",
}
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)?")


def _is_country_word(phrase: str) -> tuple[bool, str | None]:
    if phrase in DEMONYMS:
        return True, DEMONYMS[phrase]
    if phrase.endswith("s") and phrase[:-1] in DEMONYMS:
        return True, DEMONYMS[phrase[:-1]]
    iso = country_of(phrase)
    return iso is not None, iso


@lru_cache(maxsize=65536)
def generic_name(name: str) -> tuple[str, str | None] | None:
    """Whether a name is generic: None for a specific name ("Popular Resistance Committees");
    ("", iso3) for an anonymous one ("gunmen", a bare country); (force, iso3 or None) for a state
    force ("Nigerien army" -> ("military", "NER"), "police" -> ("police", None))."""
    text = _POSSESSIVE_END.sub("", unicodedata.normalize("NFKC", name).strip())
    words = [w for w in _SPLIT.split(fold(text)) if w]
    if not words:
        return ("", None)
    country: str | None = None
    rest: list[str] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + 6), i, -1):
            found, iso = _is_country_word(" ".join(words[i:j]))
            if found:
                country = country or iso
                i = j
                break
        else:
            rest.append(words[i])
            i += 1
    rest = [w for w in rest if w not in _MODIFIERS or w == "armed"]
    if not rest:
        return ("", country)
    if all(w in _STATE_WORDS or _ORDINAL.fullmatch(w) or w == "armed" for w in rest):
        forces = sorted({_STATE_WORDS.get(w, w) for w in rest if w != "armed"})
        return (" ".join(forces) or "military", country)
    if all(w in _STATE_WORDS or w in _ANONYMOUS_WORDS or _ORDINAL.fullmatch(w) for w in rest):
        return ("", country)
    return None


@dataclass
class _Names:
    full: set[str] = field(default_factory=set)
    state: set[tuple[str, str | None]] = field(default_factory=set)
    acronyms: set[str] = field(default_factory=set)


def _actor_names(actor: Rec) -> _Names:
    out = _Names()
    names = [actor.get("name") or ""] + [a.get("name") or "" for a in actor.get("aliases") or []]
    for name in names:
        if not name.strip():
            continue
        generic = generic_name(name)
        if generic is not None:
            if generic[0]:
                out.state.add(generic)
            continue
        acro = acronym_key(name)
        if acro:
            out.acronyms.add(acro)
            continue
        key = name_key(name)
        if key:
            out.full.add(key)
    return out


# --- dates and places ----------------------------------------------------------------------


def _parse_day(value: str | None, *, end: bool = False) -> int | None:
    if not value:
        return None
    parts = str(value).strip()[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
        day = (
            int(parts[2]) if len(parts) > 2 else (calendar.monthrange(year, month)[1] if end else 1)
        )
        return dt.date(year, month, day).toordinal()
    except (ValueError, IndexError):
        return None


def _interval(date: Rec | None) -> tuple[int, int] | None:
    if not date:
        return None
    lo = _parse_day(date.get("start"))
    hi = _parse_day(date.get("end") or date.get("start"), end=True)
    if lo is None or hi is None or hi < lo:
        return None
    return lo, hi


def _date_label(date: Rec | None) -> str:
    if not date:
        return ""
    start, end = date.get("start") or "", date.get("end") or ""
    when = start if not end or end == start else f"{start}/{end}"
    return f"{when} ({date.get('precision') or '?'})"


_COUNTRY_RANK = 3
_PLACE_RANK = {"region": 1, "admin2": 1, "admin1": 2, "country": _COUNTRY_RANK}


def _place_rank(loc: Rec) -> int:
    """0 for a town or anything finer, 1 a region, 2 an admin1, 3 a country."""
    return _PLACE_RANK.get(str(loc.get("precision") or "town"), 0)


def _coords(loc: Rec) -> tuple[float, float] | None:
    lat, lon = loc.get("lat"), loc.get("lon")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        return float(lat), float(lon)
    return None


class _Place(NamedTuple):
    rank: int
    coords: tuple[float, float] | None
    country: str
    admin1: str
    key: str


def _place_info(loc: Rec) -> _Place:
    return _Place(
        rank=_place_rank(loc),
        coords=_coords(loc),
        country=str(loc.get("country") or "").upper(),
        admin1=str(loc.get("admin1") or ""),
        key=name_key(loc.get("name") or ""),
    )


def _within(a: tuple[float, float], b: tuple[float, float], km: float) -> bool:
    return abs(a[0] - b[0]) * 111.2 <= km and haversine_km(a, b) <= km


def _place_pair(p: _Place, q: _Place) -> bool:
    coarse = max(p.rank, q.rank)
    clash = bool(p.country and q.country and p.country != q.country)
    same_name = bool(p.key) and p.key == q.key
    if coarse >= _COUNTRY_RANK:
        return p.country == q.country if p.country and q.country else same_name
    a, b = p.coords, q.coords
    if coarse >= 1:
        if a and b and _within(a, b, REGION_KM):
            return True
        if p.admin1 and p.admin1 == q.admin1 and p.country and p.country == q.country:
            return True
        return same_name and not clash
    if a and b:
        return _within(a, b, TOWN_KM)
    return same_name and not clash


def _places_compatible(ps: list[_Place], qs: list[_Place]) -> bool:
    return not ps or not qs or any(_place_pair(p, q) for p in ps for q in qs)


# --- small helpers -------------------------------------------------------------------------


def _dump(record: Rec) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)


def _evidence_union(*lists: Iterable[Rec]) -> list[Rec]:
    seen: dict[tuple[Any, ...], Rec] = {}
    for spans in lists:
        for ev in spans or []:
            key = (ev.get("doc"), ev.get("start"), ev.get("end"))
            seen.setdefault(key, ev)
    return [seen[k] for k in sorted(seen, key=_span_order)]


def _span_order(key: tuple[Any, ...]) -> tuple[str, int, int]:
    doc, start, end = key
    return (
        str(doc or ""),
        start if isinstance(start, int) else -1,
        end if isinstance(end, int) else -1,
    )


def _docs_of(record: Rec) -> set[str]:
    docs = {ev.get("doc") for ev in record.get("evidence") or [] if ev.get("doc")}
    if record.get("doc"):
        docs.add(record["doc"])
    return docs


def _union_by(
    items: Iterable[Rec], key: Callable[[Rec], Any], merge: Callable[[Rec, Rec], None]
) -> list[Rec]:
    out: dict[Any, Rec] = {}
    for item in items:
        k = key(item)
        if k in out:
            merge(out[k], item)
        else:
            out[k] = copy.deepcopy(item)
    return list(out.values())


def _merge_evidence(into: Rec, other: Rec) -> None:
    into["evidence"] = _evidence_union(into.get("evidence") or [], other.get("evidence") or [])
    for k, v in other.items():
        if into.get(k) is None and v is not None:
            into[k] = copy.deepcopy(v)


def _merge_person(into: Rec, other: Rec) -> None:
    roles = list(into.get("roles") or [])
    roles += [r for r in other.get("roles") or [] if r not in roles]
    into["roles"] = roles
    _merge_evidence(into, other)


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {i: i for i in items}

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# --- actors --------------------------------------------------------------------------------


class _Countries:
    """Where each actor operates, for scoping generic state-force names."""

    def __init__(self, events: list[Rec], resolve: Callable[[str], str]) -> None:
        self.by_actor: dict[str, set[str]] = defaultdict(set)
        self.by_doc: dict[str, set[str]] = defaultdict(set)
        for event in events:
            countries = {
                str(loc["country"]).upper()
                for loc in event.get("locations") or []
                if loc.get("country")
            }
            if not countries:
                continue
            for ea in event.get("actors") or []:
                if ea.get("actor_id"):
                    self.by_actor[resolve(ea["actor_id"])] |= countries
            for doc in _docs_of(event):
                self.by_doc[doc] |= countries

    def of(self, actor: Rec) -> str | None:
        areas = {str(a["country"]).upper() for a in actor.get("areas") or [] if a.get("country")}
        docs: set[str] = set()
        for doc in _docs_of(actor):
            docs |= self.by_doc.get(doc, set())
        for found in (areas, self.by_actor.get(actor["id"], set()), docs):
            if len(found) == 1:
                return next(iter(found))
            if found:
                return None
        return None


def _cluster_actors(actors: list[Rec], countries: _Countries) -> list[tuple[list[Rec], str]]:
    ids = [a["id"] for a in actors]
    uf = _UnionFind(ids)
    keyed: dict[tuple[str, str], list[str]] = defaultdict(list)
    names: dict[str, _Names] = {}
    for actor in actors:
        n = names[actor["id"]] = _actor_names(actor)
        for key in n.full:
            keyed[(RULE_NAME, key)].append(actor["id"])
        for force, iso in n.state:
            where = iso or countries.of(actor)
            if where:
                keyed[(RULE_STATE, f"{force}|{where}")].append(actor["id"])
    for members in keyed.values():
        for other in members[1:]:
            uf.union(members[0], other)
    bearers: dict[str, list[str]] = defaultdict(list)
    definers: dict[str, set[str]] = defaultdict(set)
    for aid, n in names.items():
        for acro in n.acronyms:
            bearers[acro].append(aid)
            if n.full:
                definers[acro].add(aid)
    roots = {aid: uf.find(aid) for aid in ids}
    joins: list[tuple[str, list[str]]] = []
    for acro, members in bearers.items():
        defining = {roots[d] for d in definers[acro]}
        if len(members) > 1 and len(defining) <= 1:
            rule = RULE_ACRONYM if defining else RULE_BARE_ACRONYM
            joins.append((rule, members))
            keyed[(rule, acro)] = members
    for _, members in joins:
        for other in members[1:]:
            uf.union(members[0], other)
    clusters: dict[str, list[Rec]] = defaultdict(list)
    for actor in actors:
        clusters[uf.find(actor["id"])].append(actor)
    rules: dict[str, set[str]] = defaultdict(set)
    for (rule, _), members in keyed.items():
        if len(set(members)) > 1:
            rules[uf.find(members[0])].add(rule)
    return [(clusters[r], "; ".join(sorted(rules[r]))) for r in sorted(clusters)]


def _actor_rank(actor: Rec) -> tuple[Any, ...]:
    return (not actor.get("is_subject"), -float(actor.get("confidence") or 0), actor["id"])


def _spelling(name: str) -> str:
    """A name as written, minus a leading "the" and extra white space: spellings that differ
    beyond this (case, hyphens, diacritics) are kept apart as aliases."""
    text = " ".join(unicodedata.normalize("NFKC", name).split())
    return re.sub(r"^the\s+", "", text, flags=re.I)


def _pick_name(members: list[Rec]) -> str:
    names = [_spelling(m.get("name") or "") for m in members]
    full = [n for n in names if n and not acronym_key(n) and generic_name(n) is None]
    pool = full or [n for n in names if n and not acronym_key(n)] or names
    counts = Counter(pool)
    return min(counts, key=lambda n: (-counts[n], bool(_POSSESSIVE_END.search(n)), -len(n), n))


def _build_actor(members: list[Rec], provenance: list[str], rule: str) -> tuple[Rec, Rec]:
    members = sorted(members, key=_actor_rank)
    name = _pick_name(members)
    primary = next(m for m in members if _spelling(m.get("name") or "") == name)
    types = Counter(m.get("actor_type") for m in members if m.get("actor_type"))
    actor_type = min(types, key=lambda t: (-types[t], t)) if types else None
    aliases = _union_by(
        (a for m in members for a in m.get("aliases") or []),
        lambda a: (_spelling(a.get("name") or ""), a.get("kind")),
        _merge_evidence,
    )
    known = {_spelling(name)} | {_spelling(a.get("name") or "") for a in aliases}
    for m in members:
        other = m.get("name") or ""
        if other.strip() and _spelling(other) not in known:
            known.add(_spelling(other))
            aliases.append(
                {
                    "name": other,
                    "kind": "acronym" if acronym_key(other) else "alias",
                    "lang": None,
                    "valid_from": None,
                    "valid_to": None,
                    "evidence": copy.deepcopy(m.get("evidence") or []),
                }
            )
    aliases = [a for a in aliases if _spelling(a.get("name") or "") != name]
    record: Rec = copy.deepcopy(primary)
    record.update(
        id=stable_id("actor", *provenance),
        name=name,
        is_subject=any(m.get("is_subject") for m in members),
        actor_type=actor_type,
        aliases=aliases,
        parents=_union_by(
            (p for m in members for p in m.get("parents") or []),
            lambda p: (fold(p.get("name") or ""), p.get("relation")),
            _merge_evidence,
        ),
        people=_union_by(
            (p for m in members for p in m.get("people") or []),
            lambda p: fold(p.get("name") or ""),
            _merge_person,
        ),
        allies=_union_by(
            (p for m in members for p in m.get("allies") or []),
            lambda p: (fold(p.get("name") or ""), p.get("how")),
            _merge_evidence,
        ),
        founded=_union_by(
            (f for m in members for f in m.get("founded") or []),
            lambda f: (f.get("date"), f.get("precision"), f.get("qualifier"), f.get("note")),
            _merge_evidence,
        ),
        areas=_union_by(
            (a for m in members for a in m.get("areas") or []),
            lambda a: fold(a.get("name") or ""),
            _merge_evidence,
        ),
        evidence=_evidence_union(*(m.get("evidence") or [] for m in members)),
        confidence=max(float(m.get("confidence") or 0) for m in members),
        kind="actor",
    )
    disagreements: dict[str, list[Any]] = {}
    kept: dict[str, Any] = {}
    member_names = sorted({m.get("name") or "" for m in members})
    if len(member_names) > 1:
        disagreements["name"], kept["name"] = member_names, name
    if len(types) > 1:
        disagreements["actor_type"], kept["actor_type"] = sorted(types), actor_type
    return record, _merge_record("actor", record, members, provenance, rule, disagreements, kept)


def _merge_record(
    of: str,
    record: Rec,
    members: list[Rec],
    provenance: list[str],
    rule: str,
    disagreements: dict[str, list[Any]],
    kept: dict[str, Any],
) -> Rec:
    docs: set[str] = set()
    for m in members:
        docs |= _docs_of(m)
    return {
        "id": stable_id("merge", record["id"]),
        "kind": "merge",
        "of": of,
        "into": record["id"],
        "merged": list(provenance),
        "docs": sorted(docs),
        "rule": rule,
        "disagreements": disagreements,
        "kept": kept,
    }


# --- events --------------------------------------------------------------------------------

_COMPATIBLE_SUBTYPES: dict[str, list[set[str]] | None] = {
    "Explosions/Remote violence": [
        {"Air/drone strike", "Shelling/artillery/missile attack"},
        {"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"},
    ],
    "Strategic developments": [],
}


def _subtypes_compatible(event_type: str, a: str, b: str) -> bool:
    if a == b:
        return True
    groups = _COMPATIBLE_SUBTYPES.get(event_type)
    if groups is None:
        return True
    return any(a in g and b in g for g in groups)


@dataclass
class _EventView:
    record: Rec
    event_type: str
    sub_type: str
    docs: set[str]
    interval: tuple[int, int]
    span: int
    places: list[Rec]
    spots: list[_Place]
    place_rank: int
    sides: set[tuple[str, str]]
    rank: tuple[Any, ...]


def _event_view(event: Rec, resolve: Callable[[str], str]) -> _EventView | None:
    event_type = event.get("acled_event_type")
    interval = _interval(event.get("date"))
    if not event_type or interval is None or interval[1] - interval[0] + 1 > MAX_SPAN_DAYS:
        return None
    roles = {"actor1", "actor2"} if event_type == "Battles" else {"actor1"}
    sides: set[tuple[str, str]] = set()
    for ea in event.get("actors") or []:
        if ea.get("role") not in roles:
            continue
        if ea.get("actor_id"):
            sides.add(("id", resolve(ea["actor_id"])))
        key = name_key(ea.get("name") or "")
        if key:
            sides.add(("name", key))
    places = list(event.get("locations") or [])
    place_rank = min((_place_rank(p) for p in places), default=_COUNTRY_RANK + 1)
    span = interval[1] - interval[0] + 1
    inferred = bool((event.get("date") or {}).get("year_inferred"))
    return _EventView(
        record=event,
        event_type=event_type,
        sub_type=event.get("acled_sub_event_type") or "",
        docs=_docs_of(event),
        interval=interval,
        span=span,
        places=places,
        spots=[_place_info(p) for p in places],
        place_rank=place_rank,
        sides=sides,
        rank=(span, inferred, place_rank, -float(event.get("confidence") or 0), event["id"]),
    )


def _compatible(a: _EventView, b: _EventView) -> bool:
    return (
        a.event_type == b.event_type
        and _subtypes_compatible(a.event_type, a.sub_type, b.sub_type)
        and not (a.docs & b.docs)
        and a.interval[0] <= b.interval[1]
        and b.interval[0] <= a.interval[1]
        and (not a.sides or not b.sides or bool(a.sides & b.sides))
        and _places_compatible(a.spots, b.spots)
    )


def _anchored(a: _EventView, b: _EventView) -> bool:
    """A positive link beyond type and date: a shared place or a shared actor."""
    if a.sides & b.sides:
        return True
    return bool(a.spots and b.spots and _places_compatible(a.spots, b.spots))


def _cells(view: _EventView) -> list[tuple[int, int]] | None:
    """The 1-degree grid cells of a view's places when every place is a town with coordinates
    (away from the poles, where a degree of longitude is wider than the town distance); None
    otherwise: such an event may match anywhere, as far as the grid can tell."""
    if not view.spots:
        return None
    cells = []
    for place in view.spots:
        c = place.coords
        if place.rank != 0 or c is None or abs(c[0]) > 75:
            return None
        cells.append((math.floor(c[0]), math.floor(c[1])))
    return cells


def _around(cell: tuple[int, int]) -> list[tuple[int, int]]:
    lat, lon = cell
    return [
        (lat + dlat, (lon + dlon + 180) % 360 - 180) for dlat in (-1, 0, 1) for dlon in (-1, 0, 1)
    ]


def _cluster_events(views: list[_EventView]) -> list[list[_EventView]]:
    """Greedy complete-linkage clusters, most precise events first. A newcomer must be
    compatible with every member, so only clusters whose first member shares a day with it
    (and, for towns, lies in a neighbouring grid cell) are candidates."""
    by_type: dict[str, list[_EventView]] = defaultdict(list)
    for v in views:
        by_type[v.event_type].append(v)
    out: list[list[_EventView]] = []
    for event_type in sorted(by_type):
        clusters: list[list[_EventView]] = []
        by_day: dict[int, list[int]] = defaultdict(list)
        by_day_unplaced: dict[int, list[int]] = defaultdict(list)
        by_day_cell: dict[tuple[int, tuple[int, int]], list[int]] = defaultdict(list)
        for v in sorted(by_type[event_type], key=lambda v: v.rank):
            lo, hi = v.interval
            days = range(lo, hi + 1)
            cells = _cells(v)
            found: set[int] = set()
            if cells is None:
                for day in days:
                    found.update(by_day.get(day, ()))
            else:
                near = {n for c in cells for n in _around(c)}
                for day in days:
                    found.update(by_day_unplaced.get(day, ()))
                    for n in near:
                        found.update(by_day_cell.get((day, n), ()))
            fits = [
                ci
                for ci in sorted(found)
                if all(_compatible(v, m) for m in clusters[ci])
                and any(_anchored(v, m) for m in clusters[ci])
            ]
            if len(fits) == 1:
                clusters[fits[0]].append(v)
                continue
            ci = len(clusters)
            clusters.append([v])
            for day in days:
                by_day[day].append(ci)
                if cells is None:
                    by_day_unplaced[day].append(ci)
                else:
                    for c in set(cells):
                        by_day_cell[(day, c)].append(ci)
        out.extend(clusters)
    return out


def _fatality_spread(event: Rec) -> int:
    f = event.get("fatalities") or {}
    if f.get("low") is None or f.get("high") is None:
        return 1 << 30
    return int(f["high"]) - int(f["low"])


def _build_event(
    views: list[_EventView], provenance: list[str], resolve: Callable[[str], str]
) -> tuple[Rec, Rec]:
    views = sorted(views, key=lambda v: v.rank)
    members = [v.record for v in views]
    primary = views[0]
    dated = min(views, key=lambda v: v.rank)
    placed = min(
        (v for v in views if v.places),
        key=lambda v: (v.place_rank, not any(_coords(p) for p in v.places), v.rank),
        default=None,
    )
    subtypes = Counter(v.sub_type for v in views)
    order = {v.sub_type: i for i, v in reversed(list(enumerate(views)))}
    sub_type = min(subtypes, key=lambda s: (-subtypes[s], order[s]))
    typed = next(v.record for v in views if v.sub_type == sub_type)

    locations = copy.deepcopy(placed.record.get("locations") or []) if placed else []
    for loc in locations:
        for v in views:
            for other in v.places:
                if _place_pair(_place_info(loc), _place_info(other)):
                    loc["evidence"] = _evidence_union(
                        loc.get("evidence") or [], other.get("evidence") or []
                    )

    reports = [v for v in views if (v.record.get("fatalities") or {}).get("best") is not None]
    fatalities = copy.deepcopy(primary.record.get("fatalities"))
    if reports:
        best_view = min(
            reports,
            key=lambda v: (v.span, v.rank[1], v.place_rank, _fatality_spread(v.record), v.rank),
        )
        fatalities = copy.deepcopy(best_view.record["fatalities"])
        figures = [v.record["fatalities"] for v in reports]
        lows = [f["low"] if f.get("low") is not None else f["best"] for f in figures]
        highs = [f["high"] if f.get("high") is not None else f["best"] for f in figures]
        fatalities["low"] = min(min(lows), fatalities["best"])
        fatalities["high"] = max(max(highs), fatalities["best"])
    if fatalities is not None:
        fatalities["evidence"] = _evidence_union(
            *((m.get("fatalities") or {}).get("evidence") or [] for m in members)
        )

    actors: list[Rec] = []
    seen: set[str] = set()
    for m in members:
        for ea in m.get("actors") or []:
            ea = dict(ea)
            if ea.get("actor_id"):
                ea["actor_id"] = resolve(ea["actor_id"])
            key = ea.get("actor_id") or "name:" + name_key(ea.get("name") or "")
            if key not in seen:
                seen.add(key)
                actors.append(ea)
    claims: list[str] = []
    for m in members:
        claims += [c for c in m.get("claims") or [] if c not in claims]

    record: Rec = copy.deepcopy(primary.record)
    record.update(
        id=stable_id("event", *provenance),
        acled_sub_event_type=sub_type,
        plover_type=typed.get("plover_type"),
        ucdp_type_of_violence=typed.get("ucdp_type_of_violence"),
        trigger=typed.get("trigger"),
        date=copy.deepcopy(dated.record.get("date")),
        actors=actors,
        locations=locations,
        fatalities=fatalities,
        claimed=all(bool(m.get("claimed")) for m in members),
        claims=claims,
        evidence=_evidence_union(*(m.get("evidence") or [] for m in members)),
        confidence=max(float(m.get("confidence") or 0) for m in members),
        kind="event",
    )

    disagreements: dict[str, list[Any]] = {}
    kept: dict[str, Any] = {}

    def compare(name: str, values: Iterable[Any], value: Any) -> None:
        distinct = sorted({v for v in values if v not in (None, "")}, key=str)
        if len(distinct) > 1:
            disagreements[name], kept[name] = distinct, value

    compare("acled_sub_event_type", (v.sub_type for v in views), sub_type)
    compare("date", (_date_label(m.get("date")) for m in members), _date_label(record["date"]))
    compare(
        "location",
        ("; ".join(p.get("name") or "" for p in v.places) for v in views),
        "; ".join(p.get("name") or "" for p in locations),
    )
    compare(
        "fatalities",
        ((m.get("fatalities") or {}).get("best") for m in members),
        (fatalities or {}).get("best"),
    )
    merge = _merge_record("event", record, members, provenance, RULE_EVENT, disagreements, kept)
    return record, merge


# --- the whole ------------------------------------------------------------------------------


def _order(record: Rec) -> tuple[int, str, str, str]:
    kind = str(record.get("kind") or "")
    rank = KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
    rid = str(record.get("id") or "")
    return rank, kind, rid, "" if rid else _dump(record)


def _dedupe(records: Iterable[Any]) -> list[Rec]:
    """One record per kind and id (the same document read twice gives the same records)."""
    chosen: dict[tuple[str, str], tuple[str, Rec]] = {}
    loose: list[Rec] = []
    for item in records:
        rec = copy.deepcopy(item) if isinstance(item, dict) else to_dict(item)
        if not rec.get("id"):
            loose.append(rec)
            continue
        key = (str(rec.get("kind")), str(rec["id"]))
        dump = _dump(rec)
        if key not in chosen or dump < chosen[key][0]:
            chosen[key] = (dump, rec)
    return [rec for _, rec in chosen.values()] + loose


class _Merger:
    def __init__(self, records: list[Rec]) -> None:
        self.prior = {m["into"]: m for m in records if m.get("kind") == "merge" and m.get("into")}
        self.actors = [r for r in records if r.get("kind") == "actor" and r.get("id")]
        self.events = [r for r in records if r.get("kind") == "event" and r.get("id")]
        self.rest = [
            r for r in records if r.get("kind") not in ("actor", "event") or not r.get("id")
        ]
        self.base: dict[str, list[Rec]] = {}
        self.provenance: dict[str, list[str]] = {}
        for r in self.actors + self.events:
            self.base[r["id"]] = [r]
            prior = self.prior.get(r["id"])
            self.provenance[r["id"]] = list(prior["merged"]) if prior else [r["id"]]
        self.moved: dict[str, str] = {}
        self.merges: dict[str, Rec] = {}
        self.absorbed: set[str] = set()

    def resolve(self, rid: str) -> str:
        path = []
        while rid in self.moved:
            path.append(rid)
            rid = self.moved[rid]
        for p in path:
            self.moved[p] = rid
        return rid

    def _retire(self, group: list[Rec], into: str) -> None:
        for g in group:
            self.moved[g["id"]] = into
            self.merges.pop(g["id"], None)
            if g["id"] in self.prior:
                self.absorbed.add(g["id"])
            self.base.pop(g["id"], None)
            self.provenance.pop(g["id"], None)

    def _absorb_prior(self, group: list[Rec], merge: Rec) -> None:
        """Keep what earlier merges found disagreeing in the records merged again now."""
        for g in group:
            old = self.prior.get(g["id"])
            if not old:
                continue
            for name, values in (old.get("disagreements") or {}).items():
                ours = merge["disagreements"].setdefault(name, [])
                ours += [v for v in values if v not in ours]
                ours.sort(key=str)
                if name not in merge["kept"]:
                    merge["kept"][name] = (old.get("kept") or {}).get(name)

    def _provenance(self, group: list[Rec]) -> list[str]:
        return sorted({p for g in group for p in self.provenance[g["id"]]})

    def pass_actors(self) -> bool:
        changed = False
        countries = _Countries(self.events, self.resolve)
        out: list[Rec] = []
        for group, rule in _cluster_actors(self.actors, countries):
            if len(group) == 1:
                out.append(group[0])
                continue
            changed = True
            members = [b for g in group for b in self.base[g["id"]]]
            provenance = self._provenance(group)
            record, merge = _build_actor(members, provenance, rule)
            self._absorb_prior(group, merge)
            self._retire(group, record["id"])
            self.base[record["id"]] = members
            self.provenance[record["id"]] = provenance
            self.merges[record["id"]] = merge
            out.append(record)
        self.actors = out
        return changed

    def pass_events(self) -> bool:
        changed = False
        views: list[_EventView] = []
        out: list[Rec] = []
        for event in self.events:
            view = _event_view(event, self.resolve)
            if view is None:
                out.append(event)
            else:
                views.append(view)
        for group in _cluster_events(views):
            if len(group) == 1:
                out.append(group[0].record)
                continue
            changed = True
            records = [v.record for v in group]
            base = [b for r in records for b in self.base[r["id"]]]
            base_views = [bv for b in base if (bv := _event_view(b, self.resolve)) is not None]
            if len(base_views) != len(base):
                base_views = group  # a base record without a usable date: build from the views
                base = records
            provenance = self._provenance(records)
            record, merge = _build_event(base_views, provenance, self.resolve)
            self._absorb_prior(records, merge)
            self._retire(records, record["id"])
            self.base[record["id"]] = base
            self.provenance[record["id"]] = provenance
            self.merges[record["id"]] = merge
            out.append(record)
        self.events = out
        return changed

    def run(self) -> list[Rec]:
        while True:
            changed = self.pass_actors()
            changed = self.pass_events() or changed
            if not changed:
                break
        return self.output()

    def _point(self, rid: Any) -> Any:
        return self.resolve(rid) if isinstance(rid, str) else rid

    def output(self) -> list[Rec]:
        for event in self.events:
            for ea in event.get("actors") or []:
                if ea.get("actor_id"):
                    ea["actor_id"] = self.resolve(ea["actor_id"])
        rest: list[Rec] = []
        for rec in self.rest:
            kind = rec.get("kind")
            if kind == "merge" and rec.get("into") in self.absorbed:
                continue
            if kind == "claim" and rec.get("event"):
                rec["event"] = self._point(rec["event"])
            elif kind == "relation":
                rec["source"] = self._point(rec.get("source"))
                rec["target"] = self._point(rec.get("target"))
            rest.append(rec)
        records = self.actors + self.events + rest + list(self.merges.values())
        return sorted(records, key=_order)


def merge_records(records: Iterable[Any]) -> list[Rec]:
    """Merge native record dicts (or record dataclasses) read from many documents: the same
    actor becomes one actor, the same event one event, each merge described by a `merge`
    record. Records that merge with nothing pass through unchanged (references to merged
    records follow them). The output is sorted by kind and id, depends only on the records
    (not their order), and merging it again changes nothing."""
    return _Merger(_dedupe(records)).run()
