"""Inputs of the web tests: a hand-written article holding HTML and script text, and small
hand-made records whose every value is known."""

from __future__ import annotations

from procopius.document import Document
from procopius.records import (
    Actor,
    Alias,
    Claim,
    Claimant,
    DateInfo,
    DocumentRecord,
    Event,
    EventActor,
    Evidence,
    Fatalities,
    Location,
    Person,
    Quantity,
    RecordSet,
    Relation,
)

SCRIPT_TEXT = (
    "The Harbour Watch Militia is an armed group active in Kenya.\n\n"
    "On 4 June 2021, Harbour Watch Militia fighters attacked a police post in Mandera, killing "
    "two officers, according to the police. <script>alert(1)</script> "
    "<img src=x onerror=alert(2)>\n"
)
SCRIPT_TITLE = "<script>alert(3)</script> Harbour Watch"


def script_document() -> Document:
    return Document(text=SCRIPT_TEXT, title=SCRIPT_TITLE, source="hand-written")


# --- hand-made records ----------------------------------------------------------------------

DOC_A = "hand-doc-a"
DOC_B = "hand-doc-b"
TEXT_A = (
    "The Ridge Brigade (Arabic: كتيبة الجبل, KJ) is an armed group led by Omar Sayed.\n\n"
    "On 3 March 2020, the Ridge Brigade shelled Tarvan, killing at least 4 people, its "
    "commander said. The army answered the next day.\n\n"
    "In May 2021 the brigade clashed with the Coast Guard Force near Emberton; nobody died."
)
TEXT_B = "The Ridge Brigade signed a truce with the Valley Front in 2022 near Kuran."


def _ev(doc: str, text: str, needle: str) -> Evidence:
    start = text.index(needle)
    return Evidence(doc=doc, start=start, end=start + len(needle), text=needle)


def _doc_record(doc_id: str, title: str, text: str) -> DocumentRecord:
    return DocumentRecord(
        id=doc_id,
        title=title,
        source="hand-made",
        url=None,
        published=None,
        language="en",
        sections=[],
        n_chars=len(text),
        n_words=len(text.split()),
    )


def _event(
    doc: str,
    text: str,
    eid: str,
    needle: str,
    *,
    etype: str,
    sub: str,
    date: DateInfo | None,
    place: Location | None,
    killed: tuple[int, int, int] | None,
    actors: list[EventActor],
    claims: list[str] | None = None,
) -> Event:
    return Event(
        id=eid,
        doc=doc,
        acled_event_type=etype,
        acled_sub_event_type=sub,
        plover_type=None,
        ucdp_type_of_violence=None,
        trigger=needle.split()[0],
        date=date,
        actors=actors,
        locations=[place] if place else [],
        fatalities=Fatalities(low=killed[0], best=killed[1], high=killed[2]) if killed else None,
        claims=claims or [],
        evidence=[_ev(doc, text, needle)],
        confidence=0.9,
    )


def hand_records() -> RecordSet:
    brigade = Actor(
        id="actor-ridge",
        doc=DOC_A,
        name="Ridge Brigade",
        is_subject=True,
        actor_type="Rebel group",
        aliases=[
            Alias(
                name="كتيبة الجبل",
                kind="native",
                lang="ar",
                evidence=[_ev(DOC_A, TEXT_A, "كتيبة الجبل")],
            ),
            Alias(name="KJ", kind="acronym", evidence=[_ev(DOC_A, TEXT_A, "KJ")]),
        ],
        people=[
            Person(
                name="Omar Sayed",
                roles=["leader"],
                evidence=[_ev(DOC_A, TEXT_A, "led by Omar Sayed")],
            )
        ],
        evidence=[_ev(DOC_A, TEXT_A, "Ridge Brigade")],
        confidence=0.9,
    )
    coast = Actor(
        id="actor-coast",
        doc=DOC_A,
        name="Coast Guard Force",
        evidence=[_ev(DOC_A, TEXT_A, "Coast Guard Force")],
    )
    ridge_b = Actor(
        id="actor-ridge-b",
        doc=DOC_B,
        name="Ridge Brigade",
        evidence=[_ev(DOC_B, TEXT_B, "Ridge Brigade")],
    )
    valley = Actor(
        id="actor-valley",
        doc=DOC_B,
        name="Valley Front",
        evidence=[_ev(DOC_B, TEXT_B, "Valley Front")],
    )
    shelling = _event(
        DOC_A,
        TEXT_A,
        "event-shelling",
        "the Ridge Brigade shelled Tarvan, killing at least 4 people",
        etype="Explosions/Remote violence",
        sub="Shelling/artillery/missile attack",
        date=DateInfo(start="2020-03-03", end="2020-03-03", precision="day", text="3 March 2020"),
        place=Location(
            name="Tarvan",
            lat=10.5,
            lon=20.25,
            country="AAA",
            precision="town",
            evidence=[_ev(DOC_A, TEXT_A, "Tarvan")],
        ),
        killed=(4, 4, 6),
        actors=[
            EventActor(name="Ridge Brigade", role="actor1", actor_id="actor-ridge"),
            EventActor(name="people", role="victim"),
        ],
        claims=["claim-commander"],
    )
    clash = _event(
        DOC_A,
        TEXT_A,
        "event-clash",
        "the brigade clashed with the Coast Guard Force near Emberton",
        etype="Battles",
        sub="Armed clash",
        date=DateInfo(start="2021-05-01", end="2021-05-31", precision="month", text="May 2021"),
        place=Location(
            name="Emberton region", lat=-12.0, lon=179.5, country="BBB", precision="region"
        ),
        killed=(0, 0, 0),
        actors=[
            EventActor(name="Ridge Brigade", role="actor1", actor_id="actor-ridge"),
            EventActor(name="Coast Guard Force", role="actor2", actor_id="actor-coast"),
        ],
    )
    truce = _event(
        DOC_B,
        TEXT_B,
        "event-truce",
        "signed a truce with the Valley Front",
        etype="Strategic developments",
        sub="Agreement",
        date=DateInfo(start="2022-01-01", end="2022-12-31", precision="year", text="2022"),
        place=Location(name="Kuran", lat=-12.5, lon=-179.5, country="BBB", precision="town"),
        killed=None,
        actors=[
            EventActor(name="Ridge Brigade", role="actor1", actor_id="actor-ridge-b"),
            EventActor(name="Valley Front", role="actor2", actor_id="actor-valley"),
        ],
    )
    undated = _event(
        DOC_A,
        TEXT_A,
        "event-answer",
        "The army answered",
        etype="Battles",
        sub="Armed clash",
        date=None,
        place=None,
        killed=None,
        actors=[EventActor(name="army", role="actor1")],
    )
    claim = Claim(
        id="claim-commander",
        doc=DOC_A,
        claimant=Claimant(person=None, organisation="its commander"),
        cue="said",
        content=_ev(DOC_A, TEXT_A, "the Ridge Brigade shelled Tarvan, killing at least 4 people"),
        quantity=Quantity(value=4, qualifier="at least", low=4, high=None, what="people"),
        statement_date="2020-03-03",
        event="event-shelling",
        evidence=[_ev(DOC_A, TEXT_A, "killing at least 4 people")],
        confidence=0.7,
    )
    ally = Relation(
        id="rel-truce",
        doc=DOC_B,
        source="actor-ridge-b",
        target="actor-valley",
        type="ally",
        worded="signed a truce with",
        evidence=[_ev(DOC_B, TEXT_B, "signed a truce with")],
    )
    parent = Relation(
        id="rel-parent",
        doc=DOC_A,
        source="actor-coast",
        target="actor-ridge",
        type="rival",
        worded="clashed with",
        evidence=[_ev(DOC_A, TEXT_A, "clashed with")],
    )
    return RecordSet(
        documents=[
            _doc_record(DOC_A, "Ridge Brigade", TEXT_A),
            _doc_record(DOC_B, "A truce", TEXT_B),
        ],
        actors=[brigade, coast, ridge_b, valley],
        events=[shelling, clash, truce, undated],
        claims=[claim],
        relations=[ally, parent],
        texts={DOC_A: TEXT_A, DOC_B: TEXT_B},
    )
