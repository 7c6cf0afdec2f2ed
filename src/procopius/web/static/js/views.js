// The detail views: the event card, the actor page, the document view and the lists of actors
// and documents. Every string from the store is put in the page as text.

import { clear, colourOf, excerptBlock, fmtDate, h, HOLLOW, s, swatch } from "./dom.js";

const ROLE_NAMES = {
  actor1: "actor 1",
  assoc_actor_1: "associated with actor 1",
  actor2: "actor 2",
  assoc_actor_2: "associated with actor 2",
  victim: "victim",
};

function kv(pairs) {
  const dl = h("dl", { class: "kv" });
  for (const [key, value] of pairs) {
    if (value === null || value === undefined || value === "") continue;
    dl.append(h("dt", { text: key }), h("dd", {}, value));
  }
  return dl;
}

function docLink(nav, doc, evidence, label) {
  if (!doc) return null;
  const at = evidence ? `${evidence.start}-${evidence.end}` : undefined;
  return h("button", {
    class: "link", type: "button", text: label || "show in the document",
    onclick: () => nav.doc(doc, at),
  });
}

function actorLink(nav, name, id) {
  if (!id) return h("span", { text: name });
  return h("button", { class: "link", type: "button", text: name, onclick: () => nav.actor(id) });
}

function table(headers, rows) {
  return h("table", { class: "grid" },
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", { text: x })))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) => h("td", {}, c ?? ""))))));
}

// --- the event card ------------------------------------------------------------------------

export function eventCard(data, nav) {
  const ev = data.event;
  const root = h("article", { class: "event-card", dataset: { id: ev.id } });
  root.append(h("h2", {}, swatch(ev.acled_event_type), " ", ev.acled_event_type));
  root.append(h("div", { class: "muted" }, ev.acled_sub_event_type, " · ", h("code", { text: ev.id })));

  const date = ev.date;
  const dateBits = date
    ? [
        h("span", { text: fmtDate(date) }),
        date.text ? h("span", { class: "muted", text: ` — written “${date.text}”` }) : null,
        date.year_inferred ? h("span", { class: "tag warn", text: `year inferred: ${date.reason || "from context"}` }) : null,
      ]
    : h("span", { class: "muted", text: "undated" });
  const places = (ev.locations || []).map((loc) =>
    h("div", {},
      h("strong", { text: loc.name }),
      [loc.admin1 ? ` · admin1 ${loc.admin1}` : "", loc.country ? ` · ${loc.country}` : ""].join(""),
      " ", h("span", { class: HOLLOW.has(loc.precision) ? "tag warn" : "tag", text: `precision: ${loc.precision}` }),
      loc.lat !== null && loc.lat !== undefined ? h("span", { class: "muted small", text: ` ${loc.lat.toFixed(4)}, ${loc.lon.toFixed(4)}` }) : h("span", { class: "muted small", text: " not located" })));
  root.append(kv([
    ["Date", h("span", {}, dateBits)],
    ["Place", places.length ? h("div", {}, places) : h("span", { class: "muted", text: "no place found" })],
    ["Trigger", ev.trigger],
    ["PLOVER / UCDP", `${ev.plover_type || "–"} / ${ev.ucdp_type_of_violence ?? "–"}`],
    ["Confidence", String(ev.confidence)],
    ["Source", data.document ? h("span", {}, data.document.title || data.document.source || data.document.id, " ", docLink(nav, ev.doc, ev.evidence && ev.evidence[0], "(open)")) : ev.doc],
  ]));

  root.append(h("h3", { text: "Actors" }));
  if ((ev.actors || []).length) {
    root.append(table(["role", "name"], ev.actors.map((a) => [ROLE_NAMES[a.role] || a.role, actorLink(nav, a.name, data.actors[a.actor_id] ? a.actor_id : null)])));
  } else root.append(h("p", { class: "muted", text: "no actor named" }));

  root.append(h("h3", { text: "Fatalities" }));
  const f = ev.fatalities;
  if (f && (f.low !== null || f.best !== null || f.high !== null)) {
    root.append(h("div", { class: "fatalities" },
      ["low", "best", "high"].map((k) => h("div", { class: k }, h("div", { class: "n", text: f[k] ?? "?" }), h("div", { class: "muted small", text: k })))));
    root.append(kv([["Who", f.who], ["Claimed by", f.claimed_by]]));
  } else root.append(h("p", { class: "muted", text: "no figure in the text" }));
  if (ev.claimed) root.append(h("p", {}, h("span", { class: "tag warn", text: "known only from a claim" })));

  root.append(h("h3", { text: "Evidence" }));
  for (const evd of data.evidence) {
    root.append(h("div", { class: "evidence" }, excerptBlock(evd.excerpt, evd.text), docLink(nav, evd.doc, evd)));
  }

  root.append(h("h3", { text: `Claims (${data.claims.length})` }));
  if (!data.claims.length) root.append(h("p", { class: "muted", text: "no attributed statement" }));
  for (const c of data.claims) {
    const claim = c.claim;
    const who = [claim.claimant.person, claim.claimant.organisation].filter(Boolean).join(", ") || "unattributed";
    const q = claim.quantity;
    const qty = q
      ? `${q.qualifier} ${q.value}${q.low !== q.high && q.low !== null ? ` (${q.low}–${q.high ?? "?"})` : ""}${q.what ? ` ${q.what}` : ""}`
      : null;
    root.append(h("div", { class: "claim" },
      h("div", {}, h("span", { class: "claimant", text: who }), h("span", { class: "muted", text: ` (cue “${claim.cue}”${claim.statement_date ? `, ${claim.statement_date}` : ""})` })),
      qty ? h("div", {}, h("span", { class: "tag", text: "qualifier" }), ` ${qty}`) : null,
      excerptBlock(c.content.excerpt, c.content.text),
      docLink(nav, claim.doc, claim.content)));
  }
  return root;
}

// --- the actor page ------------------------------------------------------------------------

export function miniTimeline(events) {
  const years = new Map();
  for (const ev of events) {
    const y = ev.date && ev.date.start ? Number(ev.date.start.slice(0, 4)) : null;
    if (y) years.set(y, (years.get(y) || 0) + 1);
  }
  const svg = s("svg", { class: "mini-timeline", viewBox: "0 0 1000 70", preserveAspectRatio: "none", role: "img", "aria-label": "Events by year" });
  if (!years.size) return svg;
  const lo = Math.min(...years.keys()), hi = Math.max(...years.keys());
  const n = hi - lo + 1, bw = 980 / n, max = Math.max(...years.values());
  for (let y = lo; y <= hi; y++) {
    const c = years.get(y) || 0;
    const ht = (c / max) * 48;
    if (c) {
      const r = s("rect", { x: 10 + (y - lo) * bw + 1, y: 52 - ht, width: Math.max(1, bw - 2), height: ht });
      r.append(s("title", { text: `${y}: ${c} event(s)` }));
      svg.append(r);
    }
  }
  const every = Math.max(1, Math.ceil(n / 10));
  for (let y = lo; y <= hi; y += every) svg.append(s("text", { x: 10 + (y - lo) * bw, y: 66, text: y }));
  return svg;
}

export function eventRow(ev, onOpen) {
  const loc = (ev.locations || [])[0];
  return h("li", { dataset: { id: ev.id }, tabindex: "0", onclick: () => onOpen(ev.id), onkeydown: (e) => { if (e.key === "Enter") onOpen(ev.id); } },
    h("div", { class: "what" }, swatch(ev.acled_event_type, loc && HOLLOW.has(loc.precision)), ev.acled_sub_event_type),
    h("div", { class: "when", text: fmtDate(ev.date) }),
    loc ? h("div", { class: "where", text: `${loc.name}${loc.country ? `, ${loc.country}` : ""}` }) : null,
    (ev.actors || []).length ? h("div", { class: "who", text: ev.actors.map((a) => a.name).join(" · ") }) : null,
    ev.fatalities && ev.fatalities.best !== null ? h("div", { class: "small", text: `${ev.fatalities.best} killed (best figure)` }) : null);
}

export function actorPage(data, nav) {
  const a = data.actor;
  const root = h("article", { class: "actor-page", dataset: { id: a.id } });
  root.append(h("h2", { text: a.name }));
  root.append(h("div", {},
    a.is_subject ? h("span", { class: "tag", text: "subject of its article" }) : null,
    a.actor_type ? h("span", { class: "tag", text: a.actor_type }) : null,
    h("span", { class: "muted small", text: ` confidence ${a.confidence} · ${a.id}` })));
  if (data.document) root.append(h("p", {}, "From ", docLink(nav, a.doc, a.evidence && a.evidence[0], data.document.title || data.document.id)));

  root.append(h("h3", { text: "Names" }));
  root.append(table(["name", "kind", "script", "language"],
    data.names.map((n) => [h("span", { dir: "auto", class: "alias", text: n.name }), n.kind, n.script, n.lang || ""])));

  const parentRels = data.relations.filter((r) => r.relation.type === "parent" && r.direction === "outgoing");
  root.append(h("h3", { text: "Parent" }));
  if (a.parents.length || parentRels.length) {
    root.append(table(["name", "relation"], [
      ...a.parents.map((p) => [p.name, p.relation]),
      ...parentRels.map((r) => [actorLink(nav, r.other.name, r.other.id), r.relation.worded || r.relation.type]),
    ]));
  } else root.append(h("p", { class: "muted", text: "none found" }));

  root.append(h("h3", { text: "People and roles" }));
  if (a.people.length) root.append(table(["name", "roles", "as of"], a.people.map((p) => [p.name, p.roles.join(", "), p.as_of || ""])));
  else root.append(h("p", { class: "muted", text: "none found" }));

  const allyRels = data.relations.filter((r) => r.relation.type === "ally");
  root.append(h("h3", { text: "Allies" }));
  if (a.allies.length || allyRels.length) {
    root.append(table(["name", "how"], [
      ...a.allies.map((x) => [x.name, x.how]),
      ...allyRels.map((r) => [actorLink(nav, r.other.name, r.other.id), r.relation.worded || "ally"]),
    ]));
  } else root.append(h("p", { class: "muted", text: "none found" }));

  if (a.founded.length) {
    root.append(h("h3", { text: "Founded" }));
    root.append(table(["date", "precision", "note"], a.founded.map((f) => [`${f.qualifier ? `${f.qualifier} ` : ""}${f.date}`, f.precision, f.note || ""])));
  }
  if (a.areas.length) {
    root.append(h("h3", { text: "Areas of operation" }));
    root.append(table(["place", "country"], a.areas.map((x) => [x.name, x.country || ""])));
  }
  const other = data.relations.filter((r) => !["parent", "ally"].includes(r.relation.type) || (r.relation.type === "parent" && r.direction === "incoming"));
  if (other.length) {
    root.append(h("h3", { text: "Other relations" }));
    root.append(table(["relation", "with", "as written"], other.map((r) => [
      `${r.relation.type}${r.direction === "incoming" ? " (of)" : ""}`, actorLink(nav, r.other.name, r.other.id), r.relation.worded || "",
    ])));
  }
  if (data.same_name.length) {
    root.append(h("h3", { text: "Same name in other documents" }));
    root.append(h("ul", {}, data.same_name.map((x) => h("li", {}, actorLink(nav, x.name, x.id), h("span", { class: "muted small", text: ` (${x.doc})` })))));
  }

  root.append(h("h3", { text: `Events (${data.events.length})` }));
  root.append(miniTimeline(data.events));
  const list = h("ol", { class: "result-list" });
  for (const ev of data.events) list.append(eventRow(ev, nav.event));
  root.append(list);
  root.append(h("p", {}, h("button", { class: "link", type: "button", text: "show these events on the map", onclick: () => nav.filterActor(a.name) })));
  return root;
}

// --- the document view ----------------------------------------------------------------------

export const LAYERS = {
  events: { label: "events", colour: "rgba(215, 38, 61, 0.35)" },
  places: { label: "places", colour: "#2e86ab" },
  fatalities: { label: "fatalities", colour: "rgba(180, 70, 43, 0.6)" },
  claims: { label: "claims", colour: "#7b2d8b" },
  actors: { label: "actors", colour: "rgba(59, 178, 115, 0.45)" },
  relations: { label: "relations", colour: "#6c757d" },
};

export function documentView(data, nav, at) {
  const doc = data.document;
  const root = h("article", { class: "document-view", dataset: { id: doc.id } });
  root.append(h("h2", { text: doc.title || "(untitled)" }));
  const url = doc.url && /^https?:\/\//i.test(doc.url) ? h("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank", text: doc.url }) : doc.url;
  root.append(kv([["Source", doc.source], ["URL", url], ["Published", doc.published], ["Size", `${doc.n_words} words, ${doc.n_chars} characters`], ["Id", doc.id]]));
  const text = data.text;
  if (text === null || text === undefined) {
    root.append(h("p", { class: "muted", text: "The text of this document is not stored." }));
    return root;
  }
  const enabled = new Set(Object.keys(LAYERS));
  const info = h("div", { class: "span-info muted", text: "Click a highlighted passage to see what was read from it." });
  const body = h("div", { class: "doc-text" });
  const toggles = h("div", { class: "layers" }, Object.entries(LAYERS).map(([key, layer]) => {
    const box = h("input", { type: "checkbox", checked: true, onchange: () => { if (box.checked) enabled.add(key); else enabled.delete(key); paint(); } });
    const n = (data.layers[key] || []).length;
    const k = h("span", { class: "key" });
    k.style.background = layer.colour;
    return h("label", {}, box, k, `${layer.label} (${n})`);
  }));
  root.append(toggles, info, body);

  function paint() {
    clear(body);
    const spans = [];
    for (const key of enabled) for (const sp of data.layers[key] || []) if (sp.end > sp.start && sp.end <= text.length) spans.push({ ...sp, layer: key });
    const cuts = new Set([0, text.length]);
    for (const sp of spans) { cuts.add(sp.start); cuts.add(sp.end); }
    if (at) { cuts.add(at[0]); cuts.add(at[1]); }
    const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((x, y) => x - y);
    let focus = null;
    for (let i = 0; i < points.length - 1; i++) {
      const lo = points[i], hi = points[i + 1];
      if (hi <= lo) continue;
      const covering = spans.filter((sp) => sp.start <= lo && sp.end >= hi);
      const piece = text.slice(lo, hi);
      const inFocus = at && lo >= at[0] && hi <= at[1];
      if (!covering.length && !inFocus) { body.append(document.createTextNode(piece)); continue; }
      const layers = [...new Set(covering.map((sp) => sp.layer))];
      const el = h("span", { class: ["hl", ...layers.map((l) => `l-${l}`), inFocus ? "focus" : ""].join(" ").trim(), text: piece });
      if (covering.length) {
        el.title = covering.map((sp) => `${sp.layer}: ${sp.label}`).join("\n");
        el.addEventListener("click", () => showInfo(covering));
      }
      if (inFocus && !focus) focus = el;
      body.append(el);
    }
    if (focus) requestAnimationFrame(() => focus.scrollIntoView({ block: "center" }));
  }

  function showInfo(covering) {
    clear(info);
    info.classList.remove("muted");
    const seen = new Set();
    for (const sp of covering) {
      const key = `${sp.record}|${sp.label}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const open = sp.record.startsWith("event-") ? () => nav.event(sp.record) : sp.record.startsWith("actor-") ? () => nav.actor(sp.record) : null;
      info.append(h("div", {}, h("span", { class: "tag", text: sp.layer }), " ", sp.label, " ",
        open ? h("button", { class: "link", type: "button", text: sp.record, onclick: open }) : h("code", { text: sp.record })));
    }
  }

  paint();
  return root;
}

// --- lists ---------------------------------------------------------------------------------

export function actorList(data, nav, { q, onSearch, onMore }) {
  const root = h("article", { class: "actor-list" });
  root.append(h("h2", { text: "Actors" }));
  const input = h("input", { type: "search", value: q || "", placeholder: "name or alias", "aria-label": "Find an actor" });
  const form = h("form", { onsubmit: (e) => { e.preventDefault(); onSearch(input.value); } }, input, " ", h("button", { type: "submit", text: "Find" }));
  root.append(form);
  const rows = data.actors.map((a) => [
    actorLink(nav, a.name, a.id),
    h("span", { dir: "auto", text: a.aliases.join(" · ") }),
    a.actor_type || "",
    String(a.events),
  ]);
  root.append(table(["name", "aliases", "type", "events"], rows));
  if (data.next) root.append(h("button", { type: "button", text: "more", onclick: () => onMore(data.next) }));
  return root;
}

export function documentList(data, nav) {
  const root = h("article", { class: "document-list" });
  root.append(h("h2", { text: "Documents" }));
  root.append(table(["title", "published", "words", "events"], data.documents.map((d) => [
    h("button", { class: "link", type: "button", text: d.title || d.id, onclick: () => nav.doc(d.id) }),
    d.published || "", String(d.n_words), String(d.events),
  ])));
  return root;
}

export { colourOf };
