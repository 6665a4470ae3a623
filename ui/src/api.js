// The dashboard JSON API (/api/v1), addressed relative to the page so a path prefix works too.

const API = new URL('../api/v1/', document.baseURI);

export class ApiError extends Error {}

/** GET ``path`` (relative to /api/v1/) with ``params`` (empty values left out) as JSON. */
export async function getJSON(path, params = {}, { signal } = {}) {
  const url = new URL(path, API);
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') url.searchParams.set(key, value);
  }
  const response = await fetch(url, { headers: { Accept: 'application/json' }, signal });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = await response.json();
      if (body && body.message) message = body.message;
    } catch { /* not JSON */ }
    throw new ApiError(message);
  }
  return response.json();
}

/** The API path of one event: its IRI, percent-encoded segment by segment. */
export function eventPath(iri) {
  return 'events/' + iri.split('/').map(encodeURIComponent).join('/');
}

/** The SPARQL endpoint, absolute (YASGUI needs one). */
export function sparqlEndpoint() {
  return new URL('../sparql', document.baseURI).href;
}

/** Run a SELECT query; the rows as {variable: value} objects. */
export async function select(query) {
  const response = await fetch(sparqlEndpoint(), {
    method: 'POST',
    headers: { Accept: 'application/sparql-results+json', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query }),
  });
  if (!response.ok) throw new ApiError(`${response.status} ${response.statusText}`);
  const body = await response.json();
  return body.results.bindings.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v.value])));
}
