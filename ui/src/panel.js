// The side panel: a list of events (all that match the filters, those at one place, or those of
// one day), or one event's drill-down, with a way back to the list it came from.

import { clear, h } from './dom.js';
import { eventDetail } from './detail.js';
import { eventList } from './events-list.js';
import { dateLabel } from './format.js';

export function createPanel(element, { onShowEvent, onError }) {
  let generation = 0;
  let lastList = null;   // how to show the list the user came from

  function begin(title, back) {
    generation += 1;
    const mine = generation;
    clear(element);
    element.setAttribute('aria-busy', 'true');
    const header = h('div', { class: 'panel-head' });
    if (back) header.append(h('button', { type: 'button', class: 'back', onclick: back.action }, `← ${back.label}`));
    if (title) header.append(h('h2', { tabindex: '-1' }, title));
    element.append(header);
    const body = h('div', { class: 'panel-body' });
    element.append(body);
    const isCurrent = () => mine === generation;
    const done = () => { if (isCurrent()) element.setAttribute('aria-busy', 'false'); };
    return { body, isCurrent, done, header };
  }

  async function run(view, work) {
    try {
      await work();
    } catch (error) {
      if (view.isCurrent()) {
        view.body.append(h('p', { class: 'error' }, `Could not load: ${error.message}`));
        onError?.(error);
      }
    } finally {
      view.done();
    }
  }

  function list(title, params, back, focus) {
    const view = begin(title, back);
    if (focus) view.header.querySelector('h2')?.focus();
    return run(view, () => eventList(view.body, params, { onEvent: showEvent, isCurrent: view.isCurrent }));
  }

  function showAll(params) {
    lastList = () => showAll(params);
    return list('Events', params, null, false);
  }

  function showPlace(place, params) {
    lastList = () => showPlace(place, params);
    return list(`Events at ${place.label}`, { ...params, place: place.iri }, { label: 'All events', action: () => showAll(params) }, true);
  }

  function showDay(date, params) {
    lastList = () => showDay(date, params);
    return list(`Events on ${dateLabel(date)}`, { ...params, from: date, to: date }, { label: 'All events', action: () => showAll(params) }, true);
  }

  function showEvent(iri) {
    const back = lastList;
    const view = begin(null, back ? { label: 'Back to the list', action: () => { onShowEvent?.(null); back(); } } : null);
    onShowEvent?.(iri);
    return run(view, () => eventDetail(view.body, iri, { isCurrent: view.isCurrent }));
  }

  return { showAll, showPlace, showDay, showEvent };
}
