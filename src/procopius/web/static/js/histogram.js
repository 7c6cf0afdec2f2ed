// The time histogram: one bar per day, week, month or year; dragging across it picks a date
// range (the brush), which becomes the date_from/date_to filter.

import { clear, s } from "./dom.js";

const DAY = 86400000;

function parseDay(key) {
  const [y, m, d] = key.split("-").map(Number);
  return Date.UTC(y, (m || 1) - 1, d || 1);
}

function dayKey(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

export function nextKey(key, interval) {
  if (interval === "year") return String(Number(key) + 1);
  if (interval === "month") {
    let [y, m] = key.split("-").map(Number);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
    return `${y}-${String(m).padStart(2, "0")}`;
  }
  return dayKey(parseDay(key) + (interval === "week" ? 7 : 1) * DAY);
}

// Every bucket key from the first to the last, gaps included, so the axis is linear in time.
export function fillKeys(keys, interval, cap = 5000) {
  if (!keys.length) return [];
  const out = [keys[0]];
  const last = keys[keys.length - 1];
  while (out[out.length - 1] < last && out.length < cap) out.push(nextKey(out[out.length - 1], interval));
  return out;
}

// The filter range a bucket stands for, as ISO date prefixes.
export function bucketRange(key, interval) {
  if (interval === "week") return [key, dayKey(parseDay(key) + 6 * DAY)];
  return [key, key];
}

// The interval that gives a readable number of bars for a span of dates.
export function autoInterval(first, last) {
  if (!first || !last) return "month";
  const days = (parseDay(last.slice(0, 10)) - parseDay(first.slice(0, 10))) / DAY;
  if (days > 365 * 12) return "year";
  if (days > 160) return "month";
  if (days > 45) return "week";
  return "day";
}

export class Histogram {
  constructor(svg, { onBrush }) {
    this.svg = svg;
    this.onBrush = onBrush;
    this.keys = [];
    this.data = new Map();
    this.interval = "month";
    this.drag = null;
    svg.addEventListener("pointerdown", (e) => this.start(e));
    svg.addEventListener("pointermove", (e) => this.move(e));
    svg.addEventListener("pointerup", (e) => this.end(e));
    svg.addEventListener("pointercancel", () => { this.drag = null; this.render(); });
  }

  layout() {
    const rect = this.svg.getBoundingClientRect();
    const width = Math.max(200, rect.width || 600);
    const height = Math.max(80, rect.height || 120);
    return { width, height, left: 34, right: 8, top: 6, bottom: 18 };
  }

  set(timeline) {
    this.interval = timeline.interval;
    this.data = new Map(timeline.buckets.map((b) => [b.key, b]));
    this.keys = fillKeys(timeline.buckets.map((b) => b.key), timeline.interval);
    this.render();
  }

  x(i, L) {
    const bw = (L.width - L.left - L.right) / Math.max(1, this.keys.length);
    return L.left + i * bw;
  }

  render(brush) {
    const L = this.layout();
    const svg = this.svg;
    clear(svg);
    svg.setAttribute("viewBox", `0 0 ${L.width} ${L.height}`);
    const n = this.keys.length;
    if (!n) {
      svg.append(s("text", { x: L.left, y: L.height / 2, class: "axis", text: "no dated events" }));
      return;
    }
    const max = Math.max(1, ...[...this.data.values()].map((b) => b.count));
    const bw = (L.width - L.left - L.right) / n;
    const plotH = L.height - L.top - L.bottom;
    svg.append(s("line", { x1: L.left, x2: L.width - L.right, y1: L.top + plotH, y2: L.top + plotH, class: "base" }));
    svg.append(s("text", { x: L.left - 4, y: L.top + 9, class: "axis", "text-anchor": "end", text: max }));
    this.keys.forEach((key, i) => {
      const b = this.data.get(key);
      if (!b) return;
      const hgt = Math.max(1.5, (b.count / max) * plotH);
      const bar = s("rect", {
        x: L.left + i * bw + (bw > 3 ? 0.5 : 0), y: L.top + plotH - hgt,
        width: Math.max(1, bw - (bw > 3 ? 1 : 0)), height: hgt,
        class: b.fatalities > 0 ? "bar fatal" : "bar", "data-key": key,
      });
      bar.append(s("title", { text: `${key}: ${b.count} event(s), ${b.fatalities} killed (best figures)` }));
      svg.append(bar);
    });
    const every = Math.max(1, Math.ceil(n / Math.max(2, Math.floor((L.width - L.left) / 70))));
    for (let i = 0; i < n; i += every) {
      svg.append(s("text", { x: L.left + i * bw, y: L.height - 4, class: "axis", text: this.keys[i] }));
    }
    if (brush) {
      const [a, b] = brush;
      svg.append(s("rect", { x: Math.min(a, b), y: L.top, width: Math.abs(b - a), height: plotH, class: "brush" }));
    }
  }

  pointX(e) {
    const rect = this.svg.getBoundingClientRect();
    const L = this.layout();
    return ((e.clientX - rect.left) / rect.width) * L.width;
  }

  start(e) {
    if (!this.keys.length || e.button !== 0) return;
    this.svg.setPointerCapture(e.pointerId);
    const x = this.pointX(e);
    this.drag = [x, x];
    this.render(this.drag);
  }

  move(e) {
    if (!this.drag) return;
    this.drag[1] = this.pointX(e);
    this.render(this.drag);
  }

  end(e) {
    if (!this.drag) return;
    this.drag[1] = this.pointX(e);
    const [a, b] = this.drag;
    this.drag = null;
    const L = this.layout();
    const bw = (L.width - L.left - L.right) / this.keys.length;
    const index = (x) => Math.max(0, Math.min(this.keys.length - 1, Math.floor((x - L.left) / bw)));
    const i0 = index(Math.min(a, b));
    const i1 = index(Math.max(a, b));
    this.render([L.left + i0 * bw, L.left + (i1 + 1) * bw]);
    const from = bucketRange(this.keys[i0], this.interval)[0];
    const to = bucketRange(this.keys[i1], this.interval)[1];
    this.onBrush(from, to);
  }
}
