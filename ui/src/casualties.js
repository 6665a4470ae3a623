// Casualty figures of one event: each source's figure with its words, range, speaker and article,
// and, per kind, the range the sources span; figures whose ranges cannot both hold are marked as
// disagreeing. Figures are never summed.

import { getJSON } from './api.js';
import { h } from './dom.js';
import { articleName, plural } from './format.js';

/** "12", "at least 40", "24–99", "up to 20": a range as words. */
export function rangeLabel(low, high) {
  if (low !== null && high !== null) return low === high ? `${low}` : `${low}–${high}`;
  if (low !== null) return `at least ${low}`;
  if (high !== null) return `up to ${high}`;
  return 'unknown';
}

function figureItem(figure) {
  const who = figure.speaker ? `according to ${figure.speaker}` : 'in the article’s own voice';
  return h('li', { class: 'casualty-figure' },
    h('p', {},
      h('strong', {}, `“${figure.figure}”`), ` ${figure.victims || 'people'} · ${rangeLabel(figure.low, figure.high)} · ${who}`,
      figure.disagrees_with.length ? h('span', { class: 'badge status-contested disagrees' }, 'disagrees') : null),
    h('blockquote', {}, figure.evidence.sentence),
    h('p', { class: 'note' }, 'In ', h('cite', {}, articleName({ source: figure.source }))));
}

function incidentItem(incident) {
  const range = rangeLabel(incident.low, incident.high);
  return h('section', { class: 'casualty-kind' },
    h('h4', {}, `${incident.kind}: ${range}`,
      h('span', { class: 'note' }, ` (${plural(incident.sources.length, 'source')}${incident.disagreement ? ', sources disagree' : ''})`)),
    incident.disagreement
      ? h('p', { class: 'note' }, `Lowest figure from ${incident.low_sources.join(', ') || '—'}; highest from ${incident.high_sources.join(', ') || 'none (left open)'}.`)
      : null,
    h('ul', {}, incident.figures.map(figureItem)));
}

/** A section with the casualty figures of event ``iri`` (empty when there are none). */
export async function casualtySection(iri) {
  const page = await getJSON('casualties/incidents', { incident: iri, limit: 100 });
  if (!page.items.length) return null;
  return h('section', { class: 'casualties' },
    h('h3', {}, `Casualty figures (${page.items.reduce((n, i) => n + i.figures.length, 0)})`),
    ...page.items.map(incidentItem));
}
