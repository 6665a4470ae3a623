// The timeline: a hand-written SVG. Days on a horizontal axis, one dot per event stacked above its
// day; a day with more events than fit shows "+N", which lists them all. Dots are keyboard buttons.

import { clear, h, svg } from './dom.js';
import { dateLabel, dayNumber, monthLabel, plural, shortDay } from './format.js';

const MARGIN = { left: 24, right: 24, top: 14, bottom: 34 };
const ROW = 16;
const RADIUS = 6;
const MAX_ROWS = 8;

function ticks(first, last, width) {
  const span = Math.max(1, last - first);
  const room = Math.max(1, Math.floor(width / 70));   // labels that fit
  const steps = [1, 2, 7, 14];
  const step = steps.find((s) => span / s <= room);
  const days = [];
  if (step) {
    let day = first;
    if (step >= 7) day += (8 - new Date(day * 86400000).getUTCDay()) % 7;  // from the first Monday
    for (; day <= last; day += step) days.push({ day, label: shortDay(day) });
    return days;
  }
  const start = new Date(first * 86400000);
  const monthStep = Math.max(1, Math.ceil(span / 30.4 / room));
  for (let y = start.getUTCFullYear(), m = start.getUTCMonth() + 1; ; m += monthStep) {
    const day = Date.UTC(y, m, 1) / 86400000;
    if (day > last) break;
    days.push({ day, label: monthLabel(day) });
  }
  return days;
}

export function createTimeline(container, { onEvent, onDay }) {
  let current = null;

  function activate(handler) {
    return {
      onclick: handler,
      onkeydown: (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          handler();
        }
      },
    };
  }

  function draw() {
    clear(container);
    if (!current) return;
    const { days, labelFor } = current;
    if (!days.length) {
      container.append(h('p', { class: 'empty' }, 'No event of this selection is dated to the day.'));
      return;
    }
    const width = Math.max(320, container.clientWidth || 640);
    const first = dayNumber(days[0].date) - 1;
    const last = dayNumber(days[days.length - 1].date) + 1;
    const rows = Math.min(MAX_ROWS, Math.max(...days.map((d) => d.count)));
    const height = MARGIN.top + rows * ROW + MARGIN.bottom;
    const axisY = height - MARGIN.bottom + 6;
    const x = (day) => MARGIN.left + ((day - first) / (last - first)) * (width - MARGIN.left - MARGIN.right);

    const root = svg('svg', {
      class: 'timeline-svg', width, height, viewBox: `0 0 ${width} ${height}`,
      role: 'group', 'aria-label': `Timeline: ${plural(days.reduce((n, d) => n + d.count, 0), 'event')} from ${dateLabel(days[0].date)} to ${dateLabel(days[days.length - 1].date)}`,
    });
    const axis = svg('g', { class: 'axis', 'aria-hidden': 'true' },
      svg('line', { x1: MARGIN.left, x2: width - MARGIN.right, y1: axisY, y2: axisY }));
    for (const tick of ticks(first, last, width - MARGIN.left - MARGIN.right)) {
      axis.append(
        svg('line', { x1: x(tick.day), x2: x(tick.day), y1: axisY, y2: axisY + 5 }),
        svg('text', { x: x(tick.day), y: axisY + 18, 'text-anchor': 'middle' }, tick.label),
      );
    }
    root.append(axis);

    const items = svg('g', { class: 'items' });
    for (const day of days) {
      const cx = x(dayNumber(day.date));
      const shown = day.count > rows ? day.events.slice(0, rows - 1) : day.events;
      shown.forEach((iri, i) => {
        const label = `${labelFor(iri)}, ${dateLabel(day.date)}`;
        items.append(svg('g', {
          class: 'tl-item', role: 'button', tabindex: '0', 'aria-label': label,
          'data-iri': iri, 'data-date': day.date, ...activate(() => onEvent(iri)),
        },
        svg('title', {}, label),
        svg('circle', { cx, cy: axisY - 12 - i * ROW, r: RADIUS })));
      });
      if (shown.length < day.count) {
        const more = day.count - shown.length;
        const label = `${plural(more, 'more event')} on ${dateLabel(day.date)}`;
        items.append(svg('g', {
          class: 'tl-more', role: 'button', tabindex: '0', 'aria-label': label, 'data-date': day.date,
          ...activate(() => onDay(day.date)),
        },
        svg('title', {}, label),
        svg('text', { x: cx, y: axisY - 8 - shown.length * ROW, 'text-anchor': 'middle' }, `+${more}`)));
      }
    }
    root.append(items);
    container.append(root);
  }

  new ResizeObserver(() => {
    if (current && Math.abs((container.clientWidth || 0) - (current.width || 0)) > 4) {
      current.width = container.clientWidth;
      draw();
    }
  }).observe(container);

  return {
    /** ``days``: /api/v1/timeline's days; ``labelFor(iri)``: a short name for an event. */
    render(days, labelFor) {
      current = { days, labelFor, width: container.clientWidth };
      draw();
    },
  };
}
