// The drill-down of one event: what, where, when (and which article fixed the date), who, its
// status, every report and every supporting or disputing statement, and the articles' texts with
// each evidence sentence highlighted at its stored offsets, and the casualty figures sources give for it.

import { eventPath, getJSON } from './api.js';
import { h, link } from './dom.js';
import { highlightedText } from './highlight.js';
import { articleName, dateLabel, plural, STATUS_HELP, typeLabel } from './format.js';
import { statusBadge } from './events-list.js';
import { casualtySection } from './casualties.js';

function fact(term, ...description) {
  return [h('dt', {}, term), h('dd', {}, ...description)];
}

function articleLine(article) {
  const bits = [h('cite', {}, articleName(article))];
  if (article.outlet) bits.push(' · ', article.outlet);
  if (article.published) bits.push(' · ', h('time', { datetime: article.published }, article.published.slice(0, 10)));
  return h('span', { class: 'article-ref' }, ...bits);
}

function speakerName(claim) {
  return claim.speaker?.label || claim.speaker_text || 'an unnamed speaker';
}

/** Every span to highlight, by article id: reports and claims, with what they are. */
function spansByArticle(event) {
  const spans = new Map();
  const add = (article, evidence, kind, label) => {
    if (!article.id) return;
    if (!spans.has(article.id)) spans.set(article.id, { article, spans: [] });
    spans.get(article.id).spans.push({ start: evidence.start, end: evidence.end, kind, label });
  };
  for (const report of event.reports || []) add(report.article, report.evidence, 'report', `Report (“${report.trigger}”)`);
  for (const claim of event.claims?.supporting || []) add(claim.article, claim.evidence, 'support', `Supporting statement by ${speakerName(claim)}`);
  for (const claim of event.claims?.disputing || []) add(claim.article, claim.evidence, 'dispute', `Disputing statement by ${speakerName(claim)}`);
  return spans;
}

function showInArticle(articleId, evidence) {
  return h('button', {
    type: 'button', class: 'link-button',
    onclick: () => {
      const key = `${evidence.start}-${evidence.end}`;
      const section = document.querySelector(`.article-text[data-article-id="${CSS.escape(articleId)}"]`);
      const marks = section ? [...section.querySelectorAll('mark')].filter((m) => m.dataset.spans.split(' ').includes(key)) : [];
      if (!marks.length) return;
      marks[0].scrollIntoView({ block: 'center', behavior: 'smooth' });
      marks[0].focus({ preventScroll: true });
      for (const mark of marks) {
        mark.classList.remove('flash');
        void mark.offsetWidth;   // restart the animation
        mark.classList.add('flash');
      }
    },
  }, 'Show in article');
}

function reportItem(report) {
  return h('li', { class: 'report' },
    articleLine(report.article),
    h('blockquote', {}, report.evidence.sentence),
    h('p', { class: 'note' },
      `Trigger “${report.trigger}”, confidence ${report.confidence.toFixed(2)}`,
      report.date ? ` · dates it ${dateLabel(report.date)}${report.date_text ? ` (“${report.date_text}”)` : ''}` : '',
      ' · ', showInArticle(report.article.id, report.evidence)));
}

function claimItem(claim) {
  const who = [h('strong', {}, speakerName(claim))];
  if (claim.role && claim.role !== speakerName(claim)) who.push(`, ${claim.role}`);
  if (claim.told_to) who.push(` (told ${claim.told_to.label})`);
  return h('li', { class: 'claim' },
    h('p', {}, ...who, claim.unconfirmed ? h('span', { class: 'badge unconfirmed' }, 'unconfirmed') : null),
    h('blockquote', {}, h('q', {}, claim.quote)),
    h('p', { class: 'note' }, 'In ', articleLine(claim.article),
      claim.contradicts?.length ? ` · contradicts ${plural(claim.contradicts.length, 'other statement')}` : '',
      ' · ', showInArticle(claim.article.id, claim.evidence)));
}

function claimSection(title, claims, kind) {
  return h('section', { class: `claims claims-${kind}` },
    h('h3', {}, `${title} (${claims.length})`),
    claims.length ? h('ul', {}, claims.map(claimItem)) : h('p', { class: 'note' }, 'None.'));
}

function articleSection(source, spans) {
  return h('section', { class: 'article', 'data-article-id': source.id },
    h('h4', {}, articleName(source)),
    h('p', { class: 'note' },
      [source.outlet, source.published && source.published.slice(0, 10), source.source].filter(Boolean).join(' · '),
      source.url ? [' · ', link(source.url, 'original')] : ''),
    h('div', { class: 'article-text', 'data-article-id': source.id, tabindex: '0', role: 'document', 'aria-label': `Text of ${articleName(source)}` },
      highlightedText(source.text, spans)));
}

function dateFacts(event) {
  if (!event.date) return ['not fixed by any article'];
  const out = [h('time', { datetime: event.date }, dateLabel(event.date))];
  if (event.date_precision && event.date_precision !== 'day') out.push(` (to the ${event.date_precision})`);
  if (event.date_source) out.push(h('br'), h('span', { class: 'note' }, 'fixed by ', articleLine(event.date_source)));
  return out;
}

function placeFacts(place) {
  if (!place) return ['—'];
  const out = [place.label, h('span', { class: 'note' }, ` (${place.kind})`)];
  if (place.qid) out.push(' · ', link(`https://www.wikidata.org/wiki/${encodeURIComponent(place.qid)}`, `Wikidata ${place.qid}`), h('span', { class: 'note' }, ' (unverified)'));
  if (place.approximate) out.push(h('br'), h('span', { class: 'note' }, 'shown on the map at its city'));
  return out;
}

function actorFacts(actors) {
  if (!actors.length) return ['—'];
  const roles = { agent: 'by', target: 'against' };
  return [h('ul', { class: 'inline' }, actors.map((a) => h('li', {}, h('span', { class: 'note' }, `${roles[a.role] || a.role} `), a.label)))];
}

/** Render event ``iri`` into ``container``; resolves when the texts are shown. */
export async function eventDetail(container, iri, { isCurrent }) {
  const event = await getJSON(eventPath(iri));
  if (!isCurrent()) return null;
  const heading = h('h2', { tabindex: '-1', class: 'detail-title' },
    `${typeLabel(event.type)}${event.place ? ` · ${event.place.label}` : ''}`);
  const supporting = event.claims?.supporting || [];
  const disputing = event.claims?.disputing || [];
  const reports = event.reports || [];
  const texts = h('section', { class: 'articles', 'aria-busy': 'true' }, h('h3', {}, 'Articles'), h('p', { class: 'note' }, 'Loading the texts…'));
  container.append(h('article', { class: 'event-detail', 'data-iri': event.iri },
    heading,
    h('dl', { class: 'facts' },
      fact('Type', typeLabel(event.type)),
      fact('Status', statusBadge(event.status), ' ', h('span', { class: 'note' }, STATUS_HELP[event.status] || '')),
      fact('Date', ...dateFacts(event)),
      fact('Place', ...placeFacts(event.place)),
      fact('Actors', ...actorFacts(event.actors || [])),
      fact('Sources', `${plural(event.sources, 'article')}, ${plural(event.outlets, 'independent origin')}`)),
    h('section', { class: 'reports' }, h('h3', {}, `Reports (${reports.length})`), h('ul', {}, reports.map(reportItem))),
    claimSection('Supporting statements', supporting, 'supporting'),
    claimSection('Disputing statements', disputing, 'disputing'),
    texts,
    h('p', { class: 'note iri' }, 'IRI: ', h('code', {}, event.iri))));
  heading.focus();

  const casualties = await casualtySection(event.iri).catch(() => null);
  if (!isCurrent()) return event;
  if (casualties) texts.before(casualties);

  const wanted = spansByArticle(event);
  const sources = await Promise.all([...wanted.keys()].map((id) => getJSON(`sources/${id}`)));
  if (!isCurrent()) return event;
  texts.replaceChildren(h('h3', {}, `Articles (${sources.length})`),
    h('p', { class: 'note legend' },
      h('mark', { class: 'evidence evidence-report' }, 'report'), ' ',
      h('mark', { class: 'evidence evidence-support' }, 'supporting statement'), ' ',
      h('mark', { class: 'evidence evidence-dispute' }, 'disputing statement')),
    ...sources.map((source) => articleSection(source, wanted.get(source.id).spans)));
  texts.setAttribute('aria-busy', 'false');
  for (const box of texts.querySelectorAll('.article-text')) {   // open each text at its first evidence
    const first = box.querySelector('mark');
    if (first) box.scrollTop = Math.max(0, first.offsetTop - 48);
  }
  return event;
}
