"""Measure the web API's latency on a large store.

    python -m procopius.web.latency --events 100000

builds a temporary store by replicating the records of the built-in example articles (new ids,
documents, shifted years and nudged coordinates for each copy), serves it with uvicorn on
loopback and times `/api/events` (the first page, without and with filters) over HTTP, printing
the median and the 95th percentile of each.
"""

from __future__ import annotations

import argparse
import copy
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from procopius.records import RecordSet

CASES: list[tuple[str, dict[str, str]]] = [
    ("no filter", {}),
    ("event_type", {"event_type": "Battles"}),
    ("date range", {"date_from": "2016-03", "date_to": "2016-08"}),
    ("country", {"country": "IRQ"}),
    ("bbox", {"bbox": "20,-10,45,40"}),
    ("min_fatalities", {"min_fatalities": "5"}),
    ("actor", {"actor": "islamic state"}),
    ("q (free text)", {"q": "ambushed"}),
    ("combined", {"event_type": "Battles", "date_from": "2015", "min_fatalities": "1"}),
]


def example_records() -> list[RecordSet]:
    """The records of each built-in example article."""
    from procopius.pipeline import process
    from procopius.readers import iter_documents
    from procopius.samples import example_paths

    return [process(d) for d in iter_documents([str(p) for p in example_paths()])]


def _shift_date(value: str | None, years: int) -> str | None:
    if not value or not value[:4].isdigit():
        return value
    year = int(value[:4]) + years
    if value[4:10] == "-02-29":
        value = value[:8] + "28" + value[10:]
    return f"{year:04d}{value[4:]}"


def replicate(base: RecordSet, copy_no: int, rng: random.Random) -> RecordSet:
    """A copy of a document's records under new ids: the document id gets a suffix, dates move
    by up to ten years and coordinates by up to half a degree."""
    suffix = f"-{copy_no}"
    out = RecordSet()
    doc_map = {d.id: d.id + suffix for d in base.documents}
    years = rng.randint(-10, 3)
    for d in base.documents:
        out.documents.append(replace(d, id=doc_map[d.id], title=f"{d.title} ({copy_no})"))
    for a in base.actors:
        out.actors.append(replace(copy.deepcopy(a), id=a.id + suffix, doc=doc_map[a.doc]))
    for e in base.events:
        ev = copy.deepcopy(e)
        ev.id, ev.doc = e.id + suffix, doc_map[e.doc]
        ev.claims = [c + suffix for c in e.claims]
        for actor in ev.actors:
            actor.actor_id = actor.actor_id + suffix if actor.actor_id else None
        if ev.date:
            ev.date.start = _shift_date(ev.date.start, years)
            ev.date.end = _shift_date(ev.date.end, years)
        for loc in ev.locations:
            if loc.lat is not None and loc.lon is not None:
                loc.lat = max(-90.0, min(90.0, loc.lat + rng.uniform(-0.5, 0.5)))
                loc.lon = max(-180.0, min(180.0, loc.lon + rng.uniform(-0.5, 0.5)))
        for ev_span in ev.evidence:
            ev_span.doc = ev.doc
        out.events.append(ev)
    for c in base.claims:
        out.claims.append(
            replace(
                copy.deepcopy(c),
                id=c.id + suffix,
                doc=doc_map[c.doc],
                event=c.event + suffix if c.event else None,
            )
        )
    for r in base.relations:
        out.relations.append(
            replace(
                copy.deepcopy(r),
                id=r.id + suffix,
                doc=doc_map[r.doc],
                source=r.source + suffix if r.source.startswith("actor-") else r.source,
                target=r.target + suffix if r.target.startswith("actor-") else r.target,
            )
        )
    out.texts = {doc_map[k]: v for k, v in base.texts.items() if k in doc_map}
    return out


def build_store(path: Path, n_events: int, seed: int = 7) -> int:
    """Fill a new store at `path` with at least `n_events` events; returns the number stored."""
    from procopius.store import Store

    bases = [b for b in example_records() if b.events]
    per_round = sum(len(b.events) for b in bases)
    rng = random.Random(seed)
    stored = 0
    with Store(path) as store:
        copy_no = 0
        while stored < n_events:
            batch = RecordSet()
            for base in bases:
                batch.extend(replicate(base, copy_no, rng))
            store.put(batch)
            stored += per_round
            copy_no += 1
    return stored


@contextmanager
def running_server(db: Path) -> Iterator[str]:
    """The web app over `db`, served by uvicorn on a free loopback port."""
    import uvicorn

    from procopius.web.app import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def measure(base_url: str, requests: int, path: str = "/api/events") -> list[dict[str, Any]]:
    """Time `requests` sequential GETs of the first page for each case, after two warm-ups."""
    import httpx

    rows = []
    with httpx.Client(base_url=base_url, timeout=60) as client:
        for name, params in CASES:
            for _ in range(2):
                client.get(path, params=params).raise_for_status()
            times = []
            n_events = 0
            for _ in range(requests):
                start = time.perf_counter()
                response = client.get(path, params=params)
                times.append((time.perf_counter() - start) * 1000)
                response.raise_for_status()
                n_events = len(response.json().get("events", []))
            rows.append(
                {
                    "case": name,
                    "params": params,
                    "returned": n_events,
                    "median_ms": round(statistics.median(times), 2),
                    "p95_ms": round(percentile(times, 95), 2),
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="events in the store")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per case")
    parser.add_argument("--db", type=Path, help="use (or build and keep) the store at this path")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "latency.sqlite"
        if not db.exists():
            start = time.perf_counter()
            stored = build_store(db, args.events)
            print(f"built {db.name}: {stored} events in {time.perf_counter() - start:.1f} s")
        from procopius.store import Store

        with Store(db) as store:
            counts = store.counts()
        print("store:", ", ".join(f"{n} {k}s" for k, n in counts.items()))
        with running_server(db) as url:
            rows = measure(url, args.requests)
        print(f"GET /api/events (first page, limit 100), {args.requests} requests per case:")
        print(f"{'case':<16} {'returned':>8} {'median ms':>10} {'p95 ms':>8}")
        for row in rows:
            print(
                f"{row['case']:<16} {row['returned']:>8} {row['median_ms']:>10} {row['p95_ms']:>8}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
