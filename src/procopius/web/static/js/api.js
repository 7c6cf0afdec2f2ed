// Calls to the HTTP API. Errors carry the server's one-line message.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function getJSON(path, params) {
  const query = params && [...params].length ? `?${params}` : "";
  const response = await fetch(`/api/${path}${query}`, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch (err) {
    body = null;
  }
  if (!response.ok) throw new ApiError(response.status, (body && body.message) || response.statusText);
  return body;
}
