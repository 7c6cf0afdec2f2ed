// Building elements. Text is always set with textContent (never parsed as HTML), so text from
// documents shows as written, tags and all.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = String(value);
    else if (key === "style") Object.assign(el.style, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

const SVG = "http://www.w3.org/2000/svg";

export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined) continue;
    if (key === "text") el.textContent = String(value);
    else if (key === "class") el.setAttribute("class", value);
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) if (child) el.append(child);
  return el;
}

export const TYPE_COLOURS = {
  "Battles": "#d7263d",
  "Explosions/Remote violence": "#f18f01",
  "Violence against civilians": "#7b2d8b",
  "Protests": "#2e86ab",
  "Riots": "#3bb273",
  "Strategic developments": "#6c757d",
};

export function colourOf(type) {
  return TYPE_COLOURS[type] || "#444";
}

export function swatch(type, hollow = false) {
  const el = h("span", { class: "swatch", title: type || "" });
  if (hollow) el.style.border = `2px dashed ${colourOf(type)}`;
  else el.style.background = colourOf(type);
  return el;
}

// A paragraph with its sentence shaded and the evidence span marked; all as text nodes.
export function excerptBlock(excerpt, fallback) {
  if (!excerpt) return h("div", { class: "excerpt" }, h("mark", { text: fallback || "" }));
  const p = excerpt.paragraph;
  const [ss, se] = excerpt.sentence;
  const [a, b] = excerpt.span;
  const cuts = [...new Set([0, ss, se, a, b, p.length])].filter((x) => x >= 0 && x <= p.length).sort((x, y) => x - y);
  const block = h("div", { class: "excerpt" });
  for (let i = 0; i < cuts.length - 1; i++) {
    const lo = cuts[i], hi = cuts[i + 1];
    if (hi <= lo) continue;
    let node = document.createTextNode(p.slice(lo, hi));
    if (lo >= a && hi <= b) node = h("mark", {}, node);
    if (lo >= ss && hi <= se) node = h("span", { class: "sentence" }, node);
    block.append(node);
  }
  return block;
}

export function fmtDate(date) {
  if (!date || (!date.start && !date.end)) return "undated";
  const { start, end, precision, qualifier } = date;
  const cut = { day: 10, month: 7, year: 4 }[precision];
  let text;
  if (cut && start && (!end || end.slice(0, cut) === start.slice(0, cut))) text = start.slice(0, cut);
  else text = start === end || !end ? start || end : `${start || "…"} – ${end}`;
  return `${text} (${[precision, qualifier].filter(Boolean).join(", ")})`;
}

export function fmtFatalities(f) {
  if (!f) return "";
  const { low, best, high } = f;
  if (best === null && low === null && high === null) return "";
  if (low === high && low === best) return `${best} killed`;
  return `${low ?? "?"}–${high ?? "?"} killed (best ${best ?? "?"})`;
}

export const HOLLOW = new Set(["region", "admin1", "country"]);
