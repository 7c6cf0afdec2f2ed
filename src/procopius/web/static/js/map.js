// The map: a Natural Earth basemap drawn from the bundled world-atlas TopoJSON (no tile server)
// and the events as clustered markers, coloured by event type, sized by fatalities, hollow
// where the place is known only to region or country.

import { colourOf, h, HOLLOW } from "./dom.js";

export function mapAvailable() {
  return typeof window.L !== "undefined" && typeof window.L.markerClusterGroup === "function";
}

export function markerSize(fatalities) {
  if (fatalities === null || fatalities === undefined || fatalities <= 0) return 12;
  return Math.min(44, Math.round(12 + 5 * Math.sqrt(fatalities)));
}

export class EventMap {
  constructor(element, { onSelect, onMove }) {
    this.element = element;
    this.onSelect = onSelect;
    this.onMove = onMove;
    this.markers = new Map();
    const L = window.L;
    this.map = L.map(element, {
      worldCopyJump: true, minZoom: 1, maxZoom: 14, zoomSnap: 0.5, attributionControl: true,
    }).setView([15, 20], 2);
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Natural Earth (world-atlas)");
    this.cluster = L.markerClusterGroup({
      maxClusterRadius: 40,
      chunkedLoading: true,
      showCoverageOnHover: false,
      iconCreateFunction: (c) => clusterIcon(c),
    });
    this.map.addLayer(this.cluster);
    this.map.on("moveend", () => this.onMove && this.onMove(this.bbox()));
    this.loadBasemap();
  }

  async loadBasemap() {
    try {
      const response = await fetch("/static/vendor/world-atlas/countries-50m.json");
      if (!response.ok) throw new Error(response.statusText);
      const topo = await response.json();
      const land = unwrapFeatures(window.topojson.feature(topo, topo.objects.countries));
      const layer = window.L.geoJSON(land, {
        style: { color: "#b9b2a3", weight: 0.6, fillColor: "#f3efe6", fillOpacity: 1 },
        interactive: false,
      });
      layer.addTo(this.map);
      layer.bringToBack();
      this.element.dataset.basemap = "loaded";
    } catch (err) {
      this.element.dataset.basemap = "missing";
    }
  }

  bbox() {
    const b = this.map.getBounds();
    const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
    const west = b.getWest(), east = b.getEast();
    const round = (v) => Math.round(v * 1000) / 1000;
    if (east - west >= 360) return `-180,${round(clamp(b.getSouth(), -90, 90))},180,${round(clamp(b.getNorth(), -90, 90))}`;
    const wrap = (v) => ((((v + 180) % 360) + 360) % 360) - 180;
    return [wrap(west), clamp(b.getSouth(), -90, 90), wrap(east), clamp(b.getNorth(), -90, 90)].map(round).join(",");
  }

  show(points, { fit }) {
    const L = window.L;
    this.cluster.clearLayers();
    this.markers.clear();
    const layers = [];
    for (const p of points) {
      const size = markerSize(p.fatalities);
      const hollow = HOLLOW.has(p.precision);
      const dot = h("div", { class: `ev-marker${hollow ? " hollow" : ""}`, dataset: { id: p.id } });
      dot.style.width = dot.style.height = `${size}px`;
      if (hollow) dot.style.borderColor = colourOf(p.event_type);
      else dot.style.background = colourOf(p.event_type);
      const icon = L.divIcon({ className: "ev-icon", html: dot, iconSize: [size, size] });
      const marker = L.marker([p.lat, p.lon], { icon, keyboard: true, title: `${p.event_type}, ${p.date || "undated"}` });
      marker.evType = p.event_type;
      marker.on("click", () => this.onSelect(p.id));
      this.markers.set(p.id, marker);
      layers.push(marker);
    }
    this.cluster.addLayers(layers);
    if (fit && layers.length) {
      const bounds = L.latLngBounds(points.map((p) => [p.lat, p.lon]));
      this.map.fitBounds(bounds.pad(0.25), { maxZoom: 7, animate: false });
    }
  }

  focus(id, lat, lon) {
    const L = window.L;
    if (this.selected) this.map.removeLayer(this.selected);
    this.selected = null;
    if (lat === null || lat === undefined || lon === null || lon === undefined) return;
    this.selected = L.circleMarker([lat, lon], {
      radius: 20, color: "#1d5fa8", weight: 3, fill: false, interactive: false, className: "ev-selected",
    }).addTo(this.map);
    this.map.setView([lat, lon], Math.max(this.map.getZoom(), 6), { animate: false });
  }

  resize() {
    this.map.invalidateSize();
  }
}

// Rings that cross the antimeridian jump from +180 to -180; keep their longitudes continuous
// so that a flat map does not draw a stripe across the world.
function unwrapRing(ring) {
  let offset = 0;
  let previous = null;
  return ring.map(([lon, lat]) => {
    if (previous !== null) {
      const step = lon + offset - previous;
      if (step > 180) offset -= 360;
      else if (step < -180) offset += 360;
    }
    previous = lon + offset;
    return [previous, lat];
  });
}

function unwrapFeatures(collection) {
  for (const feature of collection.features) {
    const g = feature.geometry;
    if (!g) continue;
    if (g.type === "Polygon") g.coordinates = g.coordinates.map(unwrapRing);
    else if (g.type === "MultiPolygon") g.coordinates = g.coordinates.map((poly) => poly.map(unwrapRing));
  }
  return collection;
}

function clusterIcon(cluster) {
  const children = cluster.getAllChildMarkers();
  const counts = new Map();
  for (const m of children) counts.set(m.evType, (counts.get(m.evType) || 0) + 1);
  let top = null, best = -1;
  for (const [type, n] of counts) if (n > best) { top = type; best = n; }
  const n = children.length;
  const size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 44 : 52;
  const el = h("div", { class: "ev-cluster", text: n >= 1000 ? `${Math.round(n / 100) / 10}k` : n });
  el.style.width = el.style.height = `${size}px`;
  el.style.background = colourOf(top);
  return window.L.divIcon({ className: "ev-cluster-icon", html: el, iconSize: [size, size] });
}
