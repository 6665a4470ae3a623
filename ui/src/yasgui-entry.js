// YASGUI in a chunk of its own, loaded only when the SPARQL view is opened.
//
// One change to its results table: for searching and sorting, YASR hands DataTables each literal run
// through DOMPurify, and DataTables decodes entities by assigning that to a <div>'s innerHTML. Safe,
// but it means parsing hostile markup from the data (a literal "<img onerror=...>" shows up as a
// Content-Security-Policy report). Here the search and sort text is the literal HTML-escaped
// instead: DataTables' innerHTML then only ever sees text.

import Yasgui from '@zazuko/yasgui';

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);

const Table = Yasgui.Yasr.plugins.table;

class EscapedTable extends Table {
  getColumns() {
    const columns = super.getColumns();
    for (const column of columns.slice(1)) {   // the first is the row number
      const render = column.render;
      column.render = (cell, type, row, meta) => (cell && typeof cell === 'object' && (!type || type === 'filter' || type === 'sort')
        ? escapeHtml(cell.value)
        : render(cell, type, row, meta));
    }
    return columns;
  }
}

Yasgui.Yasr.registerPlugin('table', EscapedTable);

export default Yasgui;
