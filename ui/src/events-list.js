// A list of events (from /api/v1/events), paged: each item a button that opens the event.

import { getJSON } from './api.js';
import { h } from './dom.js';
import { dateLabel, plural, typeLabel } from './format.js';

const PAGE = 20;

export function statusBadge(status) {
  return h('span', { class: `badge status-${String(status).toLowerCase()}` }, status);
}

function item(event, onEvent) {
  const place = event.place ? event.place.label : 'no place';
  return h('li', {},
    h('button', {
      type: 'button', class: 'event-item', 'data-iri': event.iri, 'data-type': event.type,
      onclick: () => onEvent(event.iri),
    },
    h('span', { class: 'event-title' }, `${typeLabel(event.type)} · ${place}`),
    h('span', { class: 'event-meta' },
      h('time', event.date ? { datetime: event.date } : {}, dateLabel(event.date)),
      ' · ', statusBadge(event.status),
      ' · ', `${plural(event.sources, 'article')}, ${plural(event.outlets, 'origin')}`)));
}

/**
 * Fill ``container`` with the events matching ``params``, PAGE at a time. Resolves once the first
 * page is shown; ``isCurrent()`` false means the panel moved on and the answer is dropped.
 */
export async function eventList(container, params, { onEvent, isCurrent }) {
  const list = h('ul', { class: 'event-list' });
  const count = h('p', { class: 'note', 'aria-live': 'polite' }, 'Loading…');
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'Show more');
  container.append(count, list, more);
  let offset = 0;

  async function load() {
    more.disabled = true;
    const page = await getJSON('events', { ...params, limit: PAGE, offset });
    if (!isCurrent()) return;
    for (const event of page.items) list.append(item(event, onEvent));
    offset += page.items.length;
    count.textContent = page.total ? `${plural(page.total, 'event')}${page.total > offset ? `, ${offset} shown` : ''}` : 'No events match.';
    more.hidden = offset >= page.total;
    more.disabled = false;
  }
  more.addEventListener('click', () => load().catch((e) => { count.textContent = `Could not load: ${e.message}`; }));
  await load();
}
