"""The HTTP API with FastAPI's test client: every endpoint, the filters, cursor pagination,
422 and 404 answers, and text from documents kept as data."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_fixtures import DOC_A, DOC_B, SCRIPT_TEXT, SCRIPT_TITLE, TEXT_A, TEXT_B, hand_records

from procopius.exports import ACLED_COLUMNS, UCDP_COLUMNS
from procopius.store import StoreError
from procopius.web import create_app

STATIC = Path(__file__).resolve().parents[2] / "src" / "procopius" / "web" / "static"


@pytest.fixture(scope="module")
def hand(hand_db: Path) -> TestClient:
    with TestClient(create_app(hand_db)) as client:
        yield client


@pytest.fixture(scope="module")
def examples(example_db: Path) -> TestClient:
    with TestClient(create_app(example_db)) as client:
        yield client


def ids(client: TestClient, params: dict[str, str] | str = "") -> list[str]:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return [e["id"] for e in response.json()["events"]]


# --- events and filters ----------------------------------------------------------------------


def test_events_are_ordered_by_date_with_undated_last(hand: TestClient) -> None:
    assert ids(hand) == ["event-shelling", "event-clash", "event-truce", "event-answer"]


FILTER_CASES = [
    ({"event_type": "Battles"}, ["event-clash", "event-answer"]),
    ({"event_type": "battles"}, ["event-clash", "event-answer"]),
    ({"sub_event_type": "agreement"}, ["event-truce"]),
    ({"date_from": "2021"}, ["event-clash", "event-truce"]),
    ({"date_to": "2020-12"}, ["event-shelling"]),
    ({"date_from": "2021-05-15", "date_to": "2021-05-20"}, ["event-clash"]),
    ({"date_from": "2022-06", "date_to": "2022-06"}, ["event-truce"]),
    ({"actor": "ridge"}, ["event-shelling", "event-clash", "event-truce"]),
    ({"actor": "KJ"}, ["event-shelling", "event-clash"]),
    ({"actor": "كتيبة"}, ["event-shelling", "event-clash"]),
    ({"actor": "coast guard"}, ["event-clash"]),
    ({"country": "BBB"}, ["event-clash", "event-truce"]),
    ({"country": "bbb"}, ["event-clash", "event-truce"]),
    ({"bbox": "20,10,21,11"}, ["event-shelling"]),
    ({"bbox": "179,-13,-179,-12"}, ["event-clash", "event-truce"]),
    ({"bbox": "-180,-90,180,90"}, ["event-shelling", "event-clash", "event-truce"]),
    ({"min_fatalities": "1"}, ["event-shelling"]),
    ({"min_fatalities": "0"}, ["event-shelling", "event-clash"]),
    ({"q": "shelled"}, ["event-shelling"]),
    ({"q": "shell*"}, ["event-shelling"]),
    ({"q": "Tarvan"}, ["event-shelling"]),
    ({"q": "truce Valley"}, ["event-truce"]),
    ({"q": "zeppelin"}, []),
    ({"q": "!!"}, []),
    ({"event_type": "Battles", "country": "BBB"}, ["event-clash"]),
    ({"actor": "ridge", "date_from": "2021", "min_fatalities": "0"}, ["event-clash"]),
    ({"q": "   ", "actor": ""}, ["event-shelling", "event-clash", "event-truce", "event-answer"]),
]


@pytest.mark.parametrize(("params", "expected"), FILTER_CASES)
def test_event_filters(hand: TestClient, params: dict[str, str], expected: list[str]) -> None:
    assert ids(hand, params) == expected


@pytest.mark.parametrize(("params", "expected"), FILTER_CASES)
def test_every_view_of_a_filter_counts_the_same_events(
    hand: TestClient, params: dict[str, str], expected: list[str]
) -> None:
    timeline = hand.get("/api/timeline", params={**params, "interval": "day"}).json()
    assert timeline["total"] == len(expected)
    assert sum(b["count"] for b in timeline["buckets"]) + timeline["undated"] == len(expected)
    assert hand.get("/api/facets", params=params).json()["total"] == len(expected)
    located = [p[0] for p in hand.get("/api/map", params=params).json()["points"]]
    assert located == [e for e in expected if e != "event-answer"]


def test_cursor_pagination_walks_every_event_once(hand: TestClient) -> None:
    seen: list[str] = []
    after = None
    for _ in range(10):
        params = {"limit": "1", **({"after": after} if after else {})}
        page = hand.get("/api/events", params=params).json()
        seen += [e["id"] for e in page["events"]]
        after = page["next"]
        if after is None:
            break
    assert seen == ids(hand)
    assert hand.get("/api/events", params={"limit": "4"}).json()["next"] is None
    assert hand.get("/api/events", params={"limit": "3"}).json()["next"] == "event-truce"


def test_pagination_keeps_the_filter(examples: TestClient) -> None:
    everything = ids(examples, {"event_type": "Battles", "limit": "1000"})
    assert len(everything) > 7
    walked: list[str] = []
    params = {"event_type": "Battles", "limit": "7"}
    while True:
        page = examples.get("/api/events", params=params).json()
        walked += [e["id"] for e in page["events"]]
        if not page["next"]:
            break
        params["after"] = page["next"]
    assert walked == everything


def test_example_filters_hold_for_every_event_returned(examples: TestClient) -> None:
    facets = examples.get("/api/facets").json()
    for item in facets["event_type"]:
        events = examples.get(
            "/api/events", params={"event_type": item["value"], "limit": "1000"}
        ).json()["events"]
        assert {e["acled_event_type"] for e in events} == {item["value"]}
        assert len(events) == item["count"]
    for item in facets["country"]:
        events = examples.get(
            "/api/events", params={"country": item["value"], "limit": "1000"}
        ).json()["events"]
        assert len(events) == item["count"]
        assert all(item["value"] in {loc["country"] for loc in e["locations"]} for e in events)
    killed = examples.get("/api/events", params={"min_fatalities": "3", "limit": "1000"}).json()
    assert killed["events"]
    assert all(e["fatalities"]["best"] >= 3 for e in killed["events"])


def test_free_text_finds_an_event_by_a_word_of_its_evidence(examples: TestClient) -> None:
    event = examples.get("/api/events", params={"event_type": "Battles"}).json()["events"][0]
    word = max(re.findall(r"[A-Za-z]{5,}", event["evidence"][0]["text"]), key=len)
    found = examples.get("/api/events", params={"q": word, "limit": "1000"}).json()["events"]
    assert event["id"] in [e["id"] for e in found]


# --- errors ----------------------------------------------------------------------------------

BAD_REQUESTS = [
    ("/api/events?date_from=2020-13", "date_from"),
    ("/api/events?date_from=20", "date_from"),
    ("/api/events?date_to=yesterday", "date_to"),
    ("/api/events?date_from=2022&date_to=2021", "date_from"),
    ("/api/events?bbox=1,2,3", "bbox"),
    ("/api/events?bbox=a,b,c,d", "bbox"),
    ("/api/events?bbox=0,95,1,96", "bbox"),
    ("/api/events?bbox=200,0,201,1", "bbox"),
    ("/api/events?bbox=0,5,1,4", "bbox"),
    ("/api/events?bbox=nan,0,1,1", "bbox"),
    ("/api/events?min_fatalities=-1", "min_fatalities"),
    ("/api/events?min_fatalities=many", "min_fatalities"),
    ("/api/events?event_type=Picnics", "event_type"),
    ("/api/events?sub_event_type=Picnic", "sub_event_type"),
    ("/api/events?limit=0", "limit"),
    ("/api/events?limit=5000", "limit"),
    ("/api/events?after=event-unknown", "after"),
    ("/api/timeline?interval=decade", "interval"),
    ("/api/timeline?bbox=1,2", "bbox"),
    ("/api/facets?date_to=2020-02-30x", "date_to"),
    ("/api/map?min_fatalities=x", "min_fatalities"),
    ("/api/export?format=xml", "format"),
    ("/api/export?format=acled&event_type=Nothing", "event_type"),
    ("/api/actors?limit=-3", "limit"),
    ("/api/actors?after=actor-unknown", "after"),
]


@pytest.mark.parametrize(("url", "parameter"), BAD_REQUESTS)
def test_bad_parameters_get_422_with_a_message(hand: TestClient, url: str, parameter: str) -> None:
    response = hand.get(url)
    assert response.status_code == 422
    body = response.json()
    assert parameter in body["message"]
    assert body["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/events/event-nothing",
        "/api/events/actor-ridge",
        "/api/actors/actor-nothing",
        "/api/actors/event-shelling",
        "/api/documents/0000000000000000",
        "/api/nothing",
    ],
)
def test_unknown_ids_get_404(hand: TestClient, url: str) -> None:
    response = hand.get(url)
    assert response.status_code == 404
    assert response.json()["message"]


# --- one event -----------------------------------------------------------------------------


def test_event_detail_has_evidence_in_its_paragraph_and_the_claims(hand: TestClient) -> None:
    data = hand.get("/api/events/event-shelling").json()
    assert data["event"]["id"] == "event-shelling"
    assert data["document"]["title"] == "Ridge Brigade"
    (evidence,) = data["evidence"]
    excerpt = evidence["excerpt"]
    paragraph = excerpt["paragraph"]
    start, end = excerpt["span"]
    assert paragraph[start:end] == evidence["text"]
    assert TEXT_A[excerpt["offset"] : excerpt["offset"] + len(paragraph)] == paragraph
    assert paragraph.startswith("On 3 March 2020")  # its own paragraph, not the one before
    assert "Omar Sayed" not in paragraph
    s_start, s_end = excerpt["sentence"]
    assert paragraph[s_start:s_end] == (
        "On 3 March 2020, the Ridge Brigade shelled Tarvan, killing at least 4 people, its "
        "commander said."
    )
    (claim,) = data["claims"]
    assert claim["claim"]["claimant"]["organisation"] == "its commander"
    assert claim["claim"]["quantity"]["qualifier"] == "at least"
    c_start, c_end = claim["content"]["excerpt"]["span"]
    assert claim["content"]["excerpt"]["paragraph"][c_start:c_end] == claim["content"]["text"]
    assert data["actors"] == {"actor-ridge": "Ridge Brigade"}


def test_event_without_stored_text_has_no_excerpt(tmp_path: Path) -> None:
    from procopius.store import Store

    records = hand_records()
    records.texts = {}
    with Store(tmp_path / "notext.sqlite") as store:
        store.put(records)
    with TestClient(create_app(tmp_path / "notext.sqlite")) as client:
        data = client.get("/api/events/event-shelling").json()
    assert data["evidence"][0]["excerpt"] is None
    assert data["evidence"][0]["text"].startswith("the Ridge Brigade shelled")


# --- actors --------------------------------------------------------------------------------


def test_actor_detail_lists_names_in_every_script_people_relations_and_events(
    hand: TestClient,
) -> None:
    data = hand.get("/api/actors/actor-ridge").json()
    names = {(n["name"], n["kind"], n["script"], n["lang"]) for n in data["names"]}
    assert names == {
        ("Ridge Brigade", "name", "Latin", None),
        ("كتيبة الجبل", "native", "Arabic", "ar"),
        ("KJ", "acronym", "Latin", None),
    }
    assert data["actor"]["people"][0]["name"] == "Omar Sayed"
    (relation,) = data["relations"]
    assert relation["direction"] == "incoming"
    assert relation["relation"]["type"] == "rival"
    assert relation["other"] == {"id": "actor-coast", "name": "Coast Guard Force"}
    assert [e["id"] for e in data["events"]] == ["event-shelling", "event-clash"]
    assert data["same_name"] == [{"id": "actor-ridge-b", "doc": DOC_B, "name": "Ridge Brigade"}]


def test_actor_allies_come_from_relations(hand: TestClient) -> None:
    data = hand.get("/api/actors/actor-ridge-b").json()
    (relation,) = data["relations"]
    assert relation["direction"] == "outgoing"
    assert relation["relation"]["type"] == "ally"
    assert relation["other"]["name"] == "Valley Front"


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ridge", ["actor-ridge", "actor-ridge-b"]),
        ("RIDGE brig", ["actor-ridge", "actor-ridge-b"]),
        ("كتيبة", ["actor-ridge"]),
        ("kj", ["actor-ridge"]),
        ("front", ["actor-valley"]),
        ("nobody", []),
    ],
)
def test_actor_search(hand: TestClient, q: str, expected: list[str]) -> None:
    found = hand.get("/api/actors", params={"q": q}).json()["actors"]
    assert sorted(a["id"] for a in found) == expected


def test_actor_list_pages_by_name(hand: TestClient) -> None:
    seen = []
    params: dict[str, str] = {"limit": "1"}
    while True:
        page = hand.get("/api/actors", params=params).json()
        seen += page["actors"]
        if not page["next"]:
            break
        params["after"] = page["next"]
    assert [a["name"] for a in seen] == sorted(a["name"] for a in seen)
    assert len(seen) == 4
    events = {a["id"]: a["events"] for a in seen}
    assert events == {"actor-ridge": 2, "actor-coast": 1, "actor-ridge-b": 1, "actor-valley": 1}


# --- timeline and facets --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("interval", "keys"),
    [
        ("year", ["2020", "2021", "2022"]),
        ("month", ["2020-03", "2021-05", "2022-01"]),
        ("week", ["2020-03-02", "2021-04-26", "2021-12-27"]),
        ("day", ["2020-03-03", "2021-05-01", "2022-01-01"]),
    ],
)
def test_timeline_buckets(hand: TestClient, interval: str, keys: list[str]) -> None:
    data = hand.get("/api/timeline", params={"interval": interval}).json()
    assert data["interval"] == interval
    assert [b["key"] for b in data["buckets"]] == keys
    assert [b["fatalities"] for b in data["buckets"]] == [4, 0, 0]
    assert data["undated"] == 1


def test_facets_leave_out_their_own_filter(hand: TestClient) -> None:
    data = hand.get("/api/facets", params={"event_type": "Battles"}).json()
    assert data["total"] == 2
    types = {f["value"]: f["count"] for f in data["event_type"]}
    assert types == {"Battles": 2, "Explosions/Remote violence": 1, "Strategic developments": 1}
    assert {f["value"]: f["count"] for f in data["country"]} == {"BBB": 1}
    actors = {f["value"]: f["count"] for f in data["actor"]}
    assert actors == {"Ridge Brigade": 1, "Coast Guard Force": 1, "army": 1}
    assert [f["value"] for f in data["year"]] == ["2021"]


# --- documents ------------------------------------------------------------------------------


def test_document_has_its_text_and_the_spans_of_each_layer(hand: TestClient) -> None:
    data = hand.get(f"/api/documents/{DOC_A}").json()
    assert data["text"] == TEXT_A
    assert data["document"]["title"] == "Ridge Brigade"
    layers = data["layers"]
    texts = {name: {TEXT_A[s["start"] : s["end"]] for s in spans} for name, spans in layers.items()}
    assert "the Ridge Brigade shelled Tarvan, killing at least 4 people" in texts["events"]
    assert "Tarvan" in texts["places"]
    assert "killing at least 4 people" in texts["claims"]
    assert {"كتيبة الجبل", "KJ", "led by Omar Sayed"} <= texts["actors"]
    assert "clashed with" in texts["relations"]
    for spans in layers.values():
        assert all(0 <= s["start"] < s["end"] <= len(TEXT_A) and s["record"] for s in spans)
    other = hand.get(f"/api/documents/{DOC_B}").json()
    assert other["text"] == TEXT_B


def test_document_list(hand: TestClient) -> None:
    docs = hand.get("/api/documents").json()["documents"]
    assert [(d["id"], d["events"]) for d in docs] == [(DOC_A, 3), (DOC_B, 1)]


def test_text_from_documents_is_returned_as_data(examples: TestClient, script_doc_id: str) -> None:
    response = examples.get(f"/api/documents/{script_doc_id}")
    assert response.headers["content-type"].startswith("application/json")
    data = response.json()
    assert data["text"] == SCRIPT_TEXT
    assert data["document"]["title"] == SCRIPT_TITLE
    event = examples.get("/api/events", params={"q": "Mandera"}).json()["events"][0]
    detail = examples.get(f"/api/events/{event['id']}").json()
    assert "<script>alert(1)</script>" in detail["evidence"][0]["excerpt"]["paragraph"]


# --- exports --------------------------------------------------------------------------------


def _export(client: TestClient, **params: str) -> tuple[str, dict[str, str]]:
    response = client.get("/api/export", params=params)
    assert response.status_code == 200, response.text
    return response.text, dict(response.headers)


def test_native_export_holds_the_filtered_events_with_their_records(hand: TestClient) -> None:
    body, headers = _export(hand, format="native", event_type="Explosions/Remote violence")
    assert headers["content-type"].startswith("application/x-ndjson")
    assert 'filename="procopius-native.jsonl"' in headers["content-disposition"]
    records = [json.loads(line) for line in body.splitlines()]
    by_kind: dict[str, set[str]] = {}
    for rec in records:
        by_kind.setdefault(rec["kind"], set()).add(rec["id"])
    assert by_kind == {
        "document": {DOC_A},
        "actor": {"actor-ridge"},
        "event": {"event-shelling"},
        "claim": {"claim-commander"},
    }


@pytest.mark.parametrize(("fmt", "columns"), [("acled", ACLED_COLUMNS), ("ucdp", UCDP_COLUMNS)])
def test_csv_exports(hand: TestClient, fmt: str, columns: list[str]) -> None:
    body, headers = _export(hand, format=fmt, country="BBB")
    assert headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == list(columns)
    if fmt == "acled":
        assert {"Armed clash", "Agreement"} <= {cell for row in rows[1:] for cell in row}


def test_geojson_export_follows_the_filter(hand: TestClient) -> None:
    body, headers = _export(hand, format="geojson", min_fatalities="0")
    assert headers["content-type"].startswith("application/geo+json")
    data = json.loads(body)
    assert data["type"] == "FeatureCollection"
    assert sorted(f["properties"]["event_id"] for f in data["features"]) == [
        "event-clash",
        "event-shelling",
    ]


# --- the page, the docs and the application ----------------------------------------------------


def test_info_and_openapi_schema(hand: TestClient) -> None:
    info = hand.get("/api/info").json()
    assert info["counts"]["event"] == 4
    assert info["read_only"] is True
    assert "Battles" in info["event_types"]
    schema = hand.get("/openapi.json").json()
    for path in [
        "/api/events",
        "/api/events/{event_id}",
        "/api/actors",
        "/api/actors/{actor_id}",
        "/api/timeline",
        "/api/facets",
        "/api/map",
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/export",
    ]:
        assert path in schema["paths"], path
    params = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert params >= {
        "date_from",
        "date_to",
        "event_type",
        "sub_event_type",
        "actor",
        "country",
        "bbox",
        "min_fatalities",
        "q",
        "limit",
        "after",
    }
    assert "422" in schema["paths"]["/api/events"]["get"]["responses"]
    assert "404" in schema["paths"]["/api/events/{event_id}"]["get"]["responses"]


def test_page_and_docs_load_nothing_from_other_hosts(hand: TestClient) -> None:
    page = hand.get("/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    refs = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert refs and all(ref.startswith("/") for ref in refs)
    docs = hand.get("/docs")
    assert docs.status_code == 200
    assert not re.search(r"(?:src|href)=[\"']https?://", docs.text)
    assert hand.get("/static/js/main.js").status_code == 200


def test_page_code_never_parses_text_as_html() -> None:
    for path in sorted((STATIC / "js").glob("*.js")):
        code = path.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in code, f"{path.name} uses {sink}"


def test_app_works_without_the_vendored_files(
    hand_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import procopius.web.app as web_app

    monkeypatch.setattr(web_app, "VENDOR", tmp_path / "no-vendor")
    with TestClient(create_app(hand_db)) as client:
        assert client.get("/api/info").json()["vendor"] is False
        assert client.get("/api/events").status_code == 200
        assert client.get("/").status_code == 200
        docs = client.get("/docs")
        assert docs.status_code == 200
        assert "not installed" in docs.text and "/openapi.json" in docs.text


def test_read_only_app_needs_an_existing_store_and_never_writes(
    hand_db: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.sqlite"
    with pytest.raises(StoreError, match="no store"):
        create_app(missing)
    assert not missing.exists()
    before = hashlib.sha256(hand_db.read_bytes()).hexdigest()
    with TestClient(create_app(hand_db)) as client:
        for url in [
            "/api/events",
            "/api/facets",
            "/api/timeline",
            "/api/actors/actor-ridge",
            f"/api/documents/{DOC_A}",
            "/api/export?format=acled",
        ]:
            assert client.get(url).status_code == 200
        assert client.post("/api/events").status_code == 405
    assert hashlib.sha256(hand_db.read_bytes()).hexdigest() == before


def test_serve_command_reports_a_missing_store(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from procopius.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2
    assert "no store" in result.output
    help_text = CliRunner().invoke(app, ["serve", "--help"]).output
    assert "--host" in help_text and "--port" in help_text
