// The view's state lives in the URL's query string, so any view can be bookmarked or shared.

export const FILTERS = [
  "q", "date_from", "date_to", "event_type", "sub_event_type", "actor", "country",
  "min_fatalities", "bbox",
];
// event: an event card; profile: an actor page; doc (and at, a span): a document; list: a list.
export const VIEW = ["event", "profile", "doc", "at", "list", "interval"];

export function readState() {
  const params = new URLSearchParams(location.search);
  const state = {};
  for (const key of [...FILTERS, ...VIEW]) {
    const value = params.get(key);
    if (value !== null && value !== "") state[key] = value;
  }
  return state;
}

export function writeState(state, { replace = false } = {}) {
  const params = new URLSearchParams();
  for (const key of [...FILTERS, ...VIEW]) {
    if (state[key] !== undefined && state[key] !== null && state[key] !== "") params.set(key, state[key]);
  }
  const query = params.toString();
  const url = query ? `?${query}` : location.pathname;
  if (url === location.search || (!query && !location.search)) return;
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
}

export function filterParams(state, extra = {}) {
  const params = new URLSearchParams();
  for (const key of FILTERS) if (state[key]) params.set(key, state[key]);
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && value !== null) params.set(key, value);
  return params;
}

export function sameFilters(a, b) {
  return FILTERS.every((key) => (a[key] || "") === (b[key] || ""));
}
