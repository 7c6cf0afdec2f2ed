// The exploring page: filters, map, histogram and result list share one filter, kept in the
// URL; the detail panel shows an event card, an actor page, a document or a list.

import { getJSON } from "./api.js";
import { clear, colourOf, h, TYPE_COLOURS } from "./dom.js";
import { autoInterval, Histogram } from "./histogram.js";
import { EventMap, mapAvailable } from "./map.js";
import { FILTERS, filterParams, readState, sameFilters, writeState } from "./state.js";
import { actorList, actorPage, documentList, documentView, eventCard, eventRow } from "./views.js";

const $ = (id) => document.getElementById(id);
const VIEW_KEYS = ["event", "profile", "doc", "at", "list"];

let state = readState();
let shown = null;          // the filters the results were last loaded for
let generation = 0;        // drops responses that arrive after a newer request
let map = null;
let histogram = null;
let nextCursor = null;
let info = null;

function banner(message, kind = "") {
  const el = $("banner");
  if (!message) { el.hidden = true; return; }
  el.className = `banner ${kind}`;
  el.textContent = message;
  el.hidden = false;
}

// --- navigation ----------------------------------------------------------------------------

const nav = {
  event: (id) => go({ event: id }),
  actor: (id) => go({ profile: id }),
  doc: (id, at) => go({ doc: id, at }),
  list: (name) => go({ list: name }),
  filterActor: (name) => {
    const next = { ...withoutView(state), actor: name };
    state = next;
    writeState(state);
    update();
  },
};

function withoutView(st) {
  const out = { ...st };
  for (const key of VIEW_KEYS) delete out[key];
  return out;
}

function go(view) {
  state = { ...withoutView(state), ...view };
  writeState(state);
  update();
}

function setFilters(patch, { replace = false } = {}) {
  const next = { ...state, ...patch };
  for (const key of FILTERS) if (next[key] === "" || next[key] === null) delete next[key];
  state = next;
  writeState(state, { replace });
  update();
}

// --- the filter form -----------------------------------------------------------------------

function fillForm() {
  const form = $("filters");
  for (const key of FILTERS) {
    const field = form.elements[key];
    if (!field) continue;
    if (field.tagName === "SELECT" && state[key] && ![...field.options].some((o) => o.value === state[key])) {
      field.append(h("option", { value: state[key], text: state[key] }));
    }
    field.value = state[key] || "";
  }
  $("in-view").checked = Boolean(state.bbox);
  $("interval").value = state.interval || "";
  $("reset-dates").hidden = !(state.date_from || state.date_to);
}

function readForm() {
  const form = $("filters");
  const patch = {};
  for (const key of FILTERS) {
    const field = form.elements[key];
    if (field) patch[key] = field.value.trim();
  }
  return patch;
}

function setupForm() {
  const form = $("filters");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    setFilters(readForm());
  });
  for (const name of ["event_type", "sub_event_type", "country"]) {
    form.elements[name].addEventListener("change", () => setFilters(readForm()));
  }
  $("clear").addEventListener("click", () => {
    state = { interval: state.interval };
    writeState(state);
    update({ refit: true });
  });
  $("in-view").addEventListener("change", (e) => {
    setFilters({ bbox: e.target.checked && map ? map.bbox() : "" });
  });
  $("interval").addEventListener("change", (e) => setFilters({ interval: e.target.value }));
  $("reset-dates").addEventListener("click", () => setFilters({ date_from: "", date_to: "" }));
  $("nav-actors").addEventListener("click", () => nav.list("actors"));
  $("nav-documents").addEventListener("click", () => nav.list("documents"));
  $("detail-close").addEventListener("click", () => go({}));
  $("detail-back").addEventListener("click", () => history.back());
  $("export-format").addEventListener("change", (e) => {
    const format = e.target.value;
    if (!format) return;
    const params = filterParams(state, { format });
    window.location.href = `/api/export?${params}`;
    e.target.value = "";
  });
}

function fillOptions(select, values, current) {
  const keep = select.value || current || "";
  clear(select);
  select.append(h("option", { value: "", text: "any" }));
  for (const { value, label } of values) select.append(h("option", { value, text: label }));
  if (keep && ![...select.options].some((o) => o.value === keep)) select.append(h("option", { value: keep, text: keep }));
  select.value = keep;
}

function legend() {
  const ul = clear($("legend"));
  for (const [type, colour] of Object.entries(TYPE_COLOURS)) {
    const dot = h("span", { class: "swatch" });
    dot.style.background = colour;
    ul.append(h("li", {}, dot, h("button", { class: "link", type: "button", text: type, onclick: () => setFilters({ event_type: type, sub_event_type: "" }) })));
  }
}

// --- loading -------------------------------------------------------------------------------

async function loadResults(token) {
  const data = await getJSON("events", filterParams(state, { limit: 100 }));
  if (token !== generation) return;
  const list = clear($("results"));
  for (const ev of data.events) list.append(eventRow(ev, nav.event));
  nextCursor = data.next;
  $("more").hidden = !nextCursor;
  markSelected();
}

async function loadMore() {
  if (!nextCursor) return;
  const token = generation;
  const data = await getJSON("events", filterParams(state, { limit: 100, after: nextCursor }));
  if (token !== generation) return;
  for (const ev of data.events) $("results").append(eventRow(ev, nav.event));
  nextCursor = data.next;
  $("more").hidden = !nextCursor;
}

async function loadFacets(token) {
  const data = await getJSON("facets", filterParams(state));
  if (token !== generation) return;
  $("total").textContent = `${data.total} event${data.total === 1 ? "" : "s"}`;
  $("total").dataset.total = String(data.total);
  const form = $("filters");
  fillOptions(form.elements.country, data.country.map((c) => ({ value: c.value, label: `${c.value} (${c.count})` })), state.country);
  const counts = new Map(data.event_type.map((x) => [x.value, x.count]));
  const types = (info ? info.event_types : Object.keys(TYPE_COLOURS));
  fillOptions(form.elements.event_type, types.map((t) => ({ value: t, label: `${t}${counts.has(t) ? ` (${counts.get(t)})` : ""}` })), state.event_type);
  const subs = info ? (state.event_type ? info.sub_event_types[state.event_type] || [] : Object.values(info.sub_event_types).flat()) : [];
  const subCounts = new Map(data.sub_event_type.map((x) => [x.value, x.count]));
  fillOptions(form.elements.sub_event_type, subs.map((t) => ({ value: t, label: `${t}${subCounts.has(t) ? ` (${subCounts.get(t)})` : ""}` })), state.sub_event_type);
  const names = clear($("actor-names"));
  for (const a of data.actor) names.append(h("option", { value: a.value }));
}

async function loadTimeline(token) {
  let interval = state.interval || "month";
  let data = await getJSON("timeline", filterParams(state, { interval }));
  if (!state.interval && data.buckets.length) {
    const wanted = autoInterval(data.buckets[0].key, data.buckets[data.buckets.length - 1].key);
    if (wanted !== interval) {
      interval = wanted;
      data = await getJSON("timeline", filterParams(state, { interval }));
    }
  }
  if (token !== generation) return;
  histogram.set(data);
  const range = state.date_from || state.date_to ? `${state.date_from || "…"} to ${state.date_to || "…"}` : "all dates";
  $("timeline-range").textContent = `${range} · by ${data.interval}${data.undated ? ` · ${data.undated} undated` : ""}`;
}

async function loadMap(token, refit) {
  if (!map) return null;
  const data = await getJSON("map", filterParams(state));
  if (token !== generation) return null;
  const points = data.points.map((row) => Object.fromEntries(data.fields.map((f, i) => [f, row[i]])));
  map.show(points, { fit: refit });
  $("map").dataset.points = String(points.length);
  return data.truncated ? `The map shows the first ${points.length} events; narrow the filter to see the rest.` : null;
}

function markSelected() {
  for (const li of $("results").children) li.classList.toggle("selected", li.dataset.id === state.event);
}

// --- the detail panel ----------------------------------------------------------------------

let detailKey = null;

async function showDetail() {
  const panel = $("detail");
  const body = $("detail-body");
  const key = JSON.stringify(VIEW_KEYS.map((k) => state[k] || ""));
  if (key === detailKey) return;
  detailKey = key;
  if (!state.event && !state.profile && !state.doc && !state.list) {
    panel.hidden = true;
    clear(body);
    markSelected();
    return;
  }
  panel.hidden = false;
  panel.classList.toggle("wide", Boolean(state.profile || state.doc || state.list));
  clear(body).append(h("p", { class: "muted", text: "loading…" }));
  try {
    let view;
    if (state.event) {
      const data = await getJSON(`events/${encodeURIComponent(state.event)}`);
      view = eventCard(data, nav);
      const loc = (data.event.locations || []).find((l) => l.lat !== null && l.lon !== null);
      if (map) map.focus(data.event.id, loc && loc.lat, loc && loc.lon);
    } else if (state.profile) {
      view = actorPage(await getJSON(`actors/${encodeURIComponent(state.profile)}`), nav);
    } else if (state.doc) {
      const at = /^\d+-\d+$/.test(state.at || "") ? state.at.split("-").map(Number) : null;
      view = documentView(await getJSON(`documents/${encodeURIComponent(state.doc)}`), nav, at);
    } else if (state.list === "documents") {
      view = documentList(await getJSON("documents"), nav);
    } else {
      view = await actorListView(null, null);
    }
    if (key !== detailKey) return;
    clear(body).append(view);
    body.scrollTop = 0;
  } catch (err) {
    if (key !== detailKey) return;
    clear(body).append(h("p", { class: "error", text: `${err.status === 404 ? "Not found" : "Error"}: ${err.message}` }));
  }
  markSelected();
}

async function actorListView(q, after, previous) {
  const params = new URLSearchParams({ limit: "200" });
  if (q) params.set("q", q);
  if (after) params.set("after", after);
  const data = await getJSON("actors", params);
  if (previous) data.actors = [...previous, ...data.actors];
  return actorList(data, nav, {
    q,
    onSearch: async (text) => clear($("detail-body")).append(await actorListView(text, null)),
    onMore: async (cursor) => clear($("detail-body")).append(await actorListView(q, cursor, data.actors)),
  });
}

// --- putting it together -------------------------------------------------------------------

async function update({ refit } = {}) {
  fillForm();
  const filtersChanged = !shown || !sameFilters(state, shown) || shown.interval !== state.interval || refit;
  if (filtersChanged) {
    const bboxOnly = Boolean(shown) && FILTERS.every((k) => k === "bbox" || (state[k] || "") === (shown[k] || ""));
    shown = { ...state };
    const token = ++generation;
    const fit = refit || (!bboxOnly && !state.bbox);
    try {
      const [, , , mapNote] = await Promise.all([loadResults(token), loadFacets(token), loadTimeline(token), loadMap(token, fit)]);
      if (token === generation) banner(mapAvailable() ? mapNote || null : missingMapMessage());
    } catch (err) {
      if (token === generation) banner(`Could not load the events: ${err.message}`, "error");
    }
  }
  await showDetail();
}

function missingMapMessage() {
  return "The map is unavailable: its libraries are not installed in this copy of procopius " +
    "(run `make vendor`, or reinstall the package). The filters, timeline, list and cards work.";
}

async function start() {
  legend();
  setupForm();
  histogram = new Histogram($("histogram"), {
    onBrush: (from, to) => setFilters({ date_from: from, date_to: to }),
  });
  if (mapAvailable()) {
    let moveTimer = null;
    map = new EventMap($("map"), {
      onSelect: nav.event,
      onMove: (bbox) => {
        if (!$("in-view").checked) return;
        clearTimeout(moveTimer);
        moveTimer = setTimeout(() => { if (bbox !== state.bbox) setFilters({ bbox }, { replace: true }); }, 300);
      },
    });
    if (state.bbox) {
      const [w, s, e, n] = state.bbox.split(",").map(Number);
      if ([w, s, e, n].every(Number.isFinite)) map.map.fitBounds([[s, w], [n, e]], { animate: false });
    }
  } else {
    const el = $("map");
    el.dataset.points = "0";
    el.append(h("div", { class: "map-message", text: missingMapMessage() }));
    banner(missingMapMessage());
  }
  $("more").addEventListener("click", loadMore);
  window.addEventListener("popstate", () => { state = readState(); update(); });
  window.addEventListener("resize", () => { histogram.render(); if (map) map.resize(); });
  try {
    info = await getJSON("info");
    const c = info.counts;
    $("store-counts").textContent = `${c.document} documents · ${c.event} events · ${c.actor} actors · ${c.claim} claims`;
  } catch (err) {
    banner(`The API does not answer: ${err.message}`, "error");
  }
  await update();
  document.body.dataset.ready = "true";
}

start();

export { colourOf };
