// Evidence offsets are Unicode code points into the stored article text (as Python counts them);
// JavaScript strings index UTF-16 code units. Everything here works in code points and converts once.

import { h } from './dom.js';

/** The UTF-16 offset of every code point boundary: result[i] is where code point i starts. */
export function utf16Offsets(text) {
  const offsets = [0];
  let position = 0;
  for (const char of text) {   // iterates code points
    position += char.length;   // 1, or 2 for an astral character
    offsets.push(position);
  }
  return offsets;
}

/** The text between code points ``start`` and ``end``. */
export function sliceCodePoints(text, start, end, offsets = utf16Offsets(text)) {
  const last = offsets.length - 1;
  const clamp = (i) => Math.max(0, Math.min(last, i));
  return text.slice(offsets[clamp(start)], offsets[clamp(end)]);
}

/**
 * The article text as nodes, with every span highlighted. ``spans``: [{start, end, kind, label}] in
 * code points; spans may coincide or overlap: the text is cut at every boundary and each piece is one
 * <mark> listing the spans covering it (``data-spans="start-end ..."``), so a span's text is the
 * concatenation of the marks that list it.
 */
export function highlightedText(text, spans) {
  const offsets = utf16Offsets(text);
  const length = offsets.length - 1;
  const valid = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start < s.end && s.start >= 0 && s.end <= length);
  const cuts = [...new Set([0, length, ...valid.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const [from, to] = [cuts[i], cuts[i + 1]];
    const piece = text.slice(offsets[from], offsets[to]);
    const covering = valid.filter((s) => s.start <= from && s.end >= to);
    if (!covering.length) {
      nodes.push(document.createTextNode(piece));
      continue;
    }
    const keys = [...new Set(covering.map((s) => `${s.start}-${s.end}`))];
    const kinds = [...new Set(covering.map((s) => s.kind))];
    nodes.push(h('mark', {
      class: ['evidence', ...kinds.map((k) => `evidence-${k}`)].join(' '),
      'data-spans': keys.join(' '),
      'data-start': from,
      'data-end': to,
      title: [...new Set(covering.map((s) => s.label))].join('; '),
      tabindex: '-1',
    }, piece));
  }
  return nodes;
}
