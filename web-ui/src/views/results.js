// The result table: any columns the query returned, headers with units and TAP_SCHEMA descriptions (tooltips), sorting,
// paging, row selection (shared with the plots through state.selection), counts and the MAXREC overflow warning.
import { h, fmt } from '../lib/dom.js';
import { mjdToText } from '../lib/time.js';
import { state } from '../lib/state.js';

const PAGE = 25;

// Friendlier display of a few ObsCore columns; the raw value stays in the cell's tooltip and in the exports.
const DISPLAY = {
  t_min: { label: 'start (UTC)', show: v => mjdToText(+v), unit: '' },
  t_max: { label: 'end (UTC)', show: v => mjdToText(+v), unit: '' },
  t_exptime: { label: 'exposure', show: v => fmt(+v / 60, 3), unit: 'min' },
  energy_min: { label: 'E min', show: v => fmt(+v / 1e12, 3), unit: 'TeV' },
  energy_max: { label: 'E max', show: v => fmt(+v / 1e12, 3), unit: 'TeV' },
  dist: { label: 'offset', show: v => fmt(+v, 3), unit: 'deg' },
};
const HIDDEN = new Set(['obs_publisher_did']);

export function resultsTable({ onSelectionChange, onShowLinks }) {
  let columns = [], rows = [], meta = {}, sortCol = null, sortDir = 1, page = 0, info = {};
  const summary = h('p', { class: 'summary', role: 'status' });
  const tableEl = h('table', { class: 'results-table' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Result pages' });
  const el = h('div', {}, summary, h('div', { class: 'table-scroll' }, tableEl), pager);

  const keyOf = r => r.obs_publisher_did ?? r.__index;

  function setData(result, columnMeta, inf) {
    columns = result.columns.map(c => ({ ...c, key: c.name.toLowerCase() }));
    rows = result.rows.map((r, i) => Object.fromEntries([['__index', String(i)], ...columns.map((c, k) => [c.key, r[k]])]));
    meta = columnMeta || {};
    info = { ...inf, overflow: result.overflow };
    sortCol = null;
    page = 0;
    render();
  }

  function toggle(key, on) {
    const row = rows.find(r => keyOf(r) === key);
    if (!row) return;
    const want = on ?? !state.selection.has(key);
    if (want) state.selection.set(key, row); else state.selection.delete(key);
    state.save();
    render();
    onSelectionChange?.();
  }

  function sorted() {
    if (!sortCol) return rows;
    const numeric = rows.every(r => r[sortCol] === null || r[sortCol] === '' || Number.isFinite(+r[sortCol]));
    return [...rows].sort((a, b) => {
      const x = a[sortCol], y = b[sortCol];
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (numeric ? (+x - +y) : String(x).localeCompare(String(y))) * sortDir;
    });
  }

  function header(c) {
    const d = DISPLAY[c.key];
    const m = meta[c.key] || {};
    const unit = d ? d.unit : (c.unit || m.unit || '');
    const desc = [c.description || m.description, m.ucd || c.ucd ? `UCD: ${m.ucd || c.ucd}` : '',
      d ? `Shown in ${d.unit || 'calendar time'}; stored as ${c.unit || m.unit || ''} (${c.name})` : ''].filter(Boolean).join('\n');
    const sortState = sortCol === c.key ? (sortDir > 0 ? 'ascending' : 'descending') : 'none';
    return h('th', { scope: 'col', 'aria-sort': sortState, title: desc },
      h('button', { type: 'button', class: 'sort', onclick: () => {
        if (sortCol === c.key) sortDir = -sortDir; else { sortCol = c.key; sortDir = 1; }
        render();
      } },
      d ? d.label : c.name, unit ? h('span', { class: 'unit' }, ` [${unit}]`) : '',
      h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, sortState === 'ascending' ? ' ▲' : sortState === 'descending' ? ' ▼' : '')));
  }

  function render() {
    const shown = columns.filter(c => !HIDDEN.has(c.key));
    const all = sorted();
    const pages = Math.max(1, Math.ceil(all.length / PAGE));
    page = Math.min(page, pages - 1);
    const slice = all.slice(page * PAGE, page * PAGE + PAGE);
    const n = rows.length;
    summary.replaceChildren(
      n ? `${n} row${n > 1 ? 's' : ''}` : 'No observation matches this search.',
      n ? ` · ${state.selection.size} selected` : '',
      info.ms ? ` · ${(info.ms / 1000).toFixed(1)} s` : '',
      info.overflow ? h('strong', { class: 'warn' }, ` · Only the first ${info.maxrec} rows are shown (MAXREC reached): narrow the search to see everything.`) : '');
    const pageKeys = slice.map(keyOf);
    const allOnPage = pageKeys.length && pageKeys.every(k => state.selection.has(k));
    tableEl.replaceChildren(
      h('caption', { class: 'visually-hidden' }, 'Observations found; column headers sort, checkboxes select'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'sel' }, h('input', { type: 'checkbox', 'aria-label': 'Select all rows on this page', checked: !!allOnPage,
          onchange: e => { pageKeys.forEach(k => toggleQuiet(k, e.target.checked)); state.save(); render(); onSelectionChange?.(); } })),
        shown.map(header),
        h('th', { scope: 'col' }, 'Data'))),
      h('tbody', {}, slice.map(r => {
        const k = keyOf(r);
        const on = state.selection.has(k);
        return h('tr', { class: on ? 'selected' : '', 'data-key': k },
          h('td', { class: 'sel' }, h('input', { type: 'checkbox', checked: on, 'aria-label': `Select observation ${r.obs_id ?? k}`,
            onchange: e => toggle(k, e.target.checked) })),
          shown.map(c => {
            const v = r[c.key];
            const d = DISPLAY[c.key];
            return h('td', { class: typeof v === 'number' ? 'num' : '', title: d && v !== null ? String(v) : null },
              v === null || v === undefined ? '' : d ? d.show(v) : typeof v === 'number' ? fmt(v, 5) : String(v));
          }),
          h('td', {}, r.obs_publisher_did ? h('button', { type: 'button', class: 'small', onclick: () => onShowLinks?.(r),
            'aria-label': `Data links of observation ${r.obs_id ?? k}` }, 'Links') : ''));
      })));
    pager.replaceChildren();
    if (pages > 1) {
      pager.append(
        h('button', { type: 'button', class: 'small', disabled: page === 0, onclick: () => { page--; render(); } }, '‹ Previous'),
        h('span', {}, ` Page ${page + 1} of ${pages} `),
        h('button', { type: 'button', class: 'small', disabled: page >= pages - 1, onclick: () => { page++; render(); } }, 'Next ›'));
    }
  }

  function toggleQuiet(key, on) {
    const row = rows.find(r => keyOf(r) === key);
    if (!row) return;
    if (on) state.selection.set(key, row); else state.selection.delete(key);
  }

  return { el, setData, toggle, rows: () => rows };
}
