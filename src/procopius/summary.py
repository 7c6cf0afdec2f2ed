"""Readable renderings: the summary `extract` prints, and one record with its evidence."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from procopius.records import RecordSet, to_dict


def _date(d: dict[str, Any] | None) -> str:
    if not d:
        return "?"
    start, end, prec = d.get("start"), d.get("end"), d.get("precision")
    if prec == "day":
        out = start or "?"
    elif prec == "month":
        out = (start or "?")[:7]
    elif prec == "year":
        out = (start or "?")[:4]
    else:
        out = f"{start or '?'}..{end or ''}"
    if d.get("year_inferred"):
        out += "*"
    return out


def _fatalities(f: dict[str, Any] | None) -> str:
    if not f or f.get("best") is None:
        return ""
    s = str(f["best"])
    if f.get("claimed_by"):
        s += f" (claimed by {f['claimed_by']})"
    return s


def render_summary(records: RecordSet) -> Group:
    """A profile, a dated event table and the claims, per document."""
    parts: list[Any] = []
    for doc in records.documents:
        parts.append(Text(f"\n{doc.title or doc.source or doc.id}  [{doc.id}]", style="bold"))
        actors = [to_dict(a) for a in records.actors if a.doc == doc.id]
        subject = next((a for a in actors if a["is_subject"]), None)
        if subject:
            parts.append(_profile(subject))
        events = [to_dict(e) for e in records.events if e.doc == doc.id]
        table = Table(title=f"Events ({len(events)})", title_justify="left", show_lines=False)
        for col in ("date", "type", "actors", "place", "deaths", "evidence"):
            table.add_column(col, overflow="fold")
        for e in events:
            actors_s = "; ".join(f"{a['name']} ({a['role']})" for a in e["actors"])
            place = "; ".join(loc["name"] for loc in e["locations"])
            evidence = " … ".join(x["text"] for x in e["evidence"])
            kind = e["acled_sub_event_type"] + (" [claimed]" if e["claimed"] else "")
            table.add_row(
                _date(e["date"]),
                kind,
                actors_s,
                place,
                _fatalities(e["fatalities"]),
                _short(evidence, 110),
            )
        parts.append(table)
        claims = [to_dict(c) for c in records.claims if c.doc == doc.id]
        if claims:
            ctable = Table(title=f"Claims ({len(claims)})", title_justify="left")
            for col in ("claimant", "cue", "figure", "statement"):
                ctable.add_column(col, overflow="fold")
            for c in claims:
                who = c["claimant"]["person"] or c["claimant"]["organisation"] or "?"
                if c["claimant"]["person"] and c["claimant"]["organisation"]:
                    who += f" ({c['claimant']['organisation']})"
                q = c["quantity"]
                fig = f"{q['qualifier'].replace('_', ' ')} {q['value']}" if q else ""
                ctable.add_row(who, c["cue"], fig, _short(c["evidence"][0]["text"], 90))
            parts.append(ctable)
    parts.append(Text("* year taken from context", style="dim"))
    return Group(*parts)


def _profile(a: dict[str, Any]) -> Text:
    t = Text()
    t.append(f"Actor: {a['name']}\n", style="bold")
    for al in a["aliases"]:
        lang = f", {al['lang']}" if al.get("lang") else ""
        t.append(f"  also: {al['name']} ({al['kind']}{lang})\n")
    for p in a["parents"]:
        t.append(f"  {p['relation']}: {p['name']}\n")
    for p in a["people"]:
        t.append(f"  person: {p['name']} ({', '.join(p['roles'])})\n")
    if a["allies"]:
        t.append("  allies: " + "; ".join(x["name"] for x in a["allies"]) + "\n")
    for f in a["founded"]:
        q = f"{f['qualifier']} " if f.get("qualifier") else ""
        t.append(f"  {f.get('note') or 'founded'}: {q}{f['date']}\n")
    if a["areas"]:
        t.append("  areas: " + "; ".join(x["name"] for x in a["areas"]) + "\n")
    return t


def _short(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def render_record(record: dict[str, Any], text: str | None) -> Group:
    """One record as indented fields, with each evidence span highlighted in its context."""
    import json

    parts: list[Any] = [Text(f"{record.get('kind')} {record.get('id')}", style="bold")]
    body = {k: v for k, v in record.items() if k not in {"evidence", "kind", "id"}}
    parts.append(Text(json.dumps(body, ensure_ascii=False, indent=1)))
    for ev in record.get("evidence", []):
        parts.append(Text("evidence:", style="bold"))
        if text is None:
            parts.append(Text(ev["text"]))
            continue
        lo = max(0, text.rfind("\n", 0, ev["start"]) + 1, ev["start"] - 200)
        hi = min(len(text), ev["end"] + 200)
        nl = text.find("\n", ev["end"])
        if nl != -1:
            hi = min(hi, nl)
        line = Text(text[lo : ev["start"]])
        line.append(text[ev["start"] : ev["end"]], style="bold reverse")
        line.append(text[ev["end"] : hi])
        parts.append(line)
    return Group(*parts)
