"""The page in a real browser: Debian's Chromium, headless, driven by Playwright against a
uvicorn server started here on loopback, over a store of the example articles and a
hand-written article that holds script text."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from web_fixtures import SCRIPT_TITLE

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the Python package playwright is not installed"
)
if not CHROMIUM.exists():
    pytest.skip(
        f"no Chromium at {CHROMIUM} (install Debian's package: apt-get install chromium)",
        allow_module_level=True,
    )


def _vendored() -> bool:
    from procopius.web.app import SWAGGER_FILES, VENDOR_FILES, vendor_ready

    return vendor_ready(VENDOR_FILES + SWAGGER_FILES)


needs_vendor = pytest.mark.skipif(
    not _vendored(), reason="the browser libraries are not vendored (run `make vendor`)"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(example_db: Path) -> Iterator[str]:
    import uvicorn

    from procopius.web import create_app

    port = _free_port()
    config = uvicorn.Config(
        create_app(example_db), host="127.0.0.1", port=port, log_level="warning"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: str, tmp_path: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.errors = []
    pg.dialogs = []
    pg.foreign = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("dialog", lambda dialog: (pg.dialogs.append(dialog.message), dialog.dismiss()))
    pg.on(
        "request",
        lambda req: None if req.url.startswith((server, "data:")) else pg.foreign.append(req.url),
    )
    yield pg
    if pg.errors or pg.dialogs:
        pg.screenshot(path=str(tmp_path / "failure.png"))
    context.close()


def _open(page: Any, server: str, query: str = "") -> None:
    page.goto(f"{server}/{query}")
    page.wait_for_selector("body[data-ready=true]")


def _total(page: Any) -> int:
    return int(page.get_attribute("#total", "data-total"))


@needs_vendor
def test_map_shows_markers_on_the_bundled_basemap(page: Any, server: str) -> None:
    _open(page, server)
    page.wait_for_selector("#map[data-basemap=loaded]")
    page.wait_for_function("() => document.querySelectorAll('.ev-marker, .ev-cluster').length > 0")
    located = len(httpx.get(f"{server}/api/map").json()["points"])
    assert int(page.get_attribute("#map", "data-points")) == located > 0
    assert page.locator(".leaflet-overlay-pane path").count() > 100  # the countries
    page.click(".leaflet-control-zoom-in")
    page.wait_for_timeout(400)
    assert page.locator(".ev-marker, .ev-cluster").count() > 0
    assert not page.errors
    assert page.foreign == []


def test_dragging_the_histogram_narrows_the_list(page: Any, server: str) -> None:
    _open(page, server)
    before = _total(page)
    assert page.locator("#results li").count() == min(before, 100)
    bars = page.locator("#histogram rect.bar")
    assert bars.count() > 3
    first = bars.nth(1).bounding_box()
    last = bars.nth(3).bounding_box()
    y = first["y"] + first["height"] - 2
    page.mouse.move(first["x"] + 1, y)
    page.mouse.down()
    page.mouse.move((first["x"] + last["x"]) / 2, y, steps=4)
    page.mouse.move(last["x"] + last["width"] - 1, y, steps=4)
    page.mouse.up()
    page.wait_for_function(
        f"() => Number(document.querySelector('#total').dataset.total) < {before}"
    )
    query = parse_qs(urlparse(page.url).query)
    assert "date_from" in query and "date_to" in query
    after = _total(page)
    api = httpx.get(
        f"{server}/api/events",
        params={"date_from": query["date_from"][0], "date_to": query["date_to"][0], "limit": 1000},
    ).json()["events"]
    assert 0 < after == len(api) < before
    page.wait_for_function(f"() => document.querySelectorAll('#results li').length === {after}")
    shown = [li.get_attribute("data-id") for li in page.locator("#results li").all()]
    assert shown == [e["id"] for e in api]
    assert page.locator("#reset-dates").is_visible()
    page.click("#reset-dates")
    page.wait_for_function(
        f"() => Number(document.querySelector('#total').dataset.total) === {before}"
    )


def test_event_card_shows_its_evidence_and_claims(page: Any, server: str) -> None:
    events = httpx.get(f"{server}/api/events", params={"limit": 1000}).json()["events"]
    event = next(e for e in events if e["claims"] and e["fatalities"])
    _open(page, server)
    page.click(f"#results li[data-id='{event['id']}']")
    card = page.wait_for_selector(f".event-card[data-id='{event['id']}']")
    assert "event=" + event["id"] in page.url
    text = card.inner_text()
    assert event["acled_event_type"] in text
    assert event["date"]["text"] in text
    for actor in event["actors"]:
        assert actor["name"] in text
    marks = page.locator(".event-card .evidence mark").all_inner_texts()
    assert event["evidence"][0]["text"] in marks
    assert page.locator(".event-card .evidence .sentence").count() >= 1
    assert page.locator(".event-card .claim").count() == len(event["claims"])
    assert str(event["fatalities"]["best"]) in page.locator(".fatalities .best").inner_text()
    page.reload()
    page.wait_for_selector(f".event-card[data-id='{event['id']}']")  # the URL holds the view


def test_actor_page_lists_the_aliases(page: Any, server: str) -> None:
    actors = httpx.get(f"{server}/api/actors", params={"limit": 1000}).json()["actors"]
    actor = max(actors, key=lambda a: len(a["aliases"]))
    assert actor["aliases"]
    _open(page, server, f"?profile={actor['id']}")
    page.wait_for_selector(f".actor-page[data-id='{actor['id']}']")
    shown = page.locator(".actor-page .alias").all_inner_texts()
    assert set(actor["aliases"]) <= set(shown)
    assert actor["name"] in page.locator(".actor-page h2").inner_text()


def test_document_with_script_text_shows_it_as_text(
    page: Any, server: str, script_doc_id: str
) -> None:
    _open(page, server, f"?doc={script_doc_id}")
    view = page.wait_for_selector(f".document-view[data-id='{script_doc_id}']")
    assert "<script>alert(1)</script>" in page.locator(".doc-text").inner_text()
    assert "<img src=x onerror=alert(2)>" in view.inner_text()
    assert page.locator(".document-view h2").inner_text() == SCRIPT_TITLE
    assert page.locator("#detail script, #detail img").count() == 0
    event = httpx.get(f"{server}/api/events", params={"q": "Mandera"}).json()["events"][0]
    page.goto(f"{server}/?event={event['id']}")
    page.wait_for_selector(".event-card .excerpt")
    assert "<script>alert(1)</script>" in page.locator(".event-card .excerpt").first.inner_text()
    assert page.locator("#detail script").count() == 0
    assert page.dialogs == []
    assert not page.errors


def test_filters_live_in_the_url(page: Any, server: str) -> None:
    count = len(
        httpx.get(f"{server}/api/events", params={"event_type": "Battles", "limit": 1000}).json()[
            "events"
        ]
    )
    _open(page, server, "?event_type=Battles")
    assert page.input_value("select[name=event_type]") == "Battles"
    assert _total(page) == count
    page.select_option("select[name=event_type]", "Strategic developments")
    page.wait_for_url(re.compile(r"event_type=Strategic\+developments"))
    page.go_back()
    page.wait_for_function(
        f"() => Number(document.querySelector('#total').dataset.total) === {count}"
    )
    assert page.input_value("select[name=event_type]") == "Battles"


def test_page_says_so_when_the_map_libraries_are_missing(page: Any, server: str) -> None:
    page.route("**/static/vendor/**", lambda route: route.abort())
    _open(page, server)
    assert "map is unavailable" in page.locator("#map").inner_text()
    assert page.locator("#banner").is_visible()
    assert _total(page) > 0
    assert page.locator("#results li").count() > 0


@needs_vendor
def test_api_docs_page_is_served_locally(page: Any, server: str) -> None:
    page.goto(f"{server}/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert "/api/events" in page.locator(".swagger-ui").inner_text()
    assert page.foreign == []
