// The filter form (event type, actor, date range, status): its values are the API's query
// parameters, kept in the page URL so a view can be bookmarked and shared.

import { select } from './api.js';
import { h } from './dom.js';
import { typeLabel } from './format.js';

export const FILTER_KEYS = ['type', 'actor', 'from', 'to', 'status'];

const ACTORS = `PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?label WHERE { ?event a kg:CanonicalEvent ; kg:agent|kg:target ?actor . ?actor rdfs:label ?label }
ORDER BY ?label LIMIT 1000`;

export function createFilters(form, { eventsByType, onChange }) {
  const typeSelect = form.elements.type;
  for (const [type, count] of Object.entries(eventsByType).sort(([a], [b]) => typeLabel(a).localeCompare(typeLabel(b)))) {
    typeSelect.append(h('option', { value: type }, `${typeLabel(type)} (${count})`));
  }

  const fromUrl = new URLSearchParams(window.location.search);
  for (const key of FILTER_KEYS) {
    const value = fromUrl.get(key);
    if (value === null) continue;
    const field = form.elements[key];
    if (field.tagName === 'SELECT' && ![...field.options].some((o) => o.value === value)) {
      field.append(h('option', { value }, typeLabel(value)));   // a type with no event right now
    }
    field.value = value;
  }

  function current() {
    const params = {};
    for (const key of FILTER_KEYS) {
      const value = form.elements[key].value.trim();
      if (value) params[key] = value;
    }
    return params;
  }

  function remember(params, extra = {}) {
    const query = new URLSearchParams({ ...params, ...extra }).toString();
    window.history.replaceState(null, '', query ? `?${query}` : window.location.pathname);
  }

  let timer = null;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => onChange(current()), 250);
  };
  form.addEventListener('change', changed);
  form.addEventListener('input', (e) => { if (e.target.name === 'actor') changed(); });
  form.addEventListener('submit', (e) => { e.preventDefault(); clearTimeout(timer); onChange(current()); });
  form.addEventListener('reset', () => setTimeout(() => { clearTimeout(timer); onChange(current()); }));

  // Actor names as suggestions (free text works too: the API matches part of a name).
  select(ACTORS).then((rows) => {
    const list = document.getElementById(form.elements.actor.getAttribute('list'));
    list.replaceChildren(...rows.map((row) => h('option', { value: row.label })));
  }).catch(() => { /* suggestions are optional */ });

  return { current, remember };
}
