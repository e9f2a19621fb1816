// The basket (issue #19): observations collected across searches and collections, kept in this browser's
// localStorage under the signed-in user's name (or "anonymous"), so it survives a reload and each user of the
// browser has their own. Items are result rows (ObsCore columns) keyed by obs_publisher_did. The pure functions
// (VOTable/CSV of the list, the ADQL that selects it) are unit-tested (test/workbench.test.mjs).
import { session } from './session.js';

const PREFIX = 'gammavo.basket.';
const listeners = new Set();
let owner, items = new Map();

function storage() {
  try { return globalThis.localStorage; } catch { return null; }
}

function keyOf(user) {
  return PREFIX + (user ? `user.${user}` : 'anonymous');
}

function load() {
  owner = session.user;
  try {
    const list = JSON.parse(storage()?.getItem(keyOf(owner)) || '[]');
    items = new Map(Array.isArray(list) ? list.map(r => [r.obs_publisher_did, r]) : []);
  } catch {
    items = new Map();
  }
}

function save() {
  try { storage()?.setItem(keyOf(owner), JSON.stringify([...items.values()])); } catch { /* full: memory only */ }
  listeners.forEach(f => f());
}

// Another user signing in (or out) switches to their basket.
session.onChange(() => {
  if (session.user !== owner) {
    load();
    listeners.forEach(f => f());
  }
});
load();

/** Only what identifies and places an observation: the row's own columns, none of the table's bookkeeping. */
function clean(row) {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !k.startsWith('__')));
}

export const basket = {
  /** Rows in the order they were added. */
  items: () => [...items.values()],
  size: () => items.size,
  has: did => items.has(did),
  /** Adds rows that have an obs_publisher_did; returns how many were new. */
  add(rows) {
    let added = 0;
    for (const r of rows) {
      if (!r?.obs_publisher_did || items.has(r.obs_publisher_did)) continue;
      items.set(r.obs_publisher_did, clean(r));
      added++;
    }
    if (added) save();
    return added;
  },
  remove(did) {
    if (items.delete(did)) save();
  },
  clear() {
    items.clear();
    save();
  },
  onChange(f) {
    listeners.add(f);
  },
};

/** The distinct instruments (or collections when no instrument is named) of a list of rows. */
export function instruments(rows) {
  return [...new Set(rows.map(r => r.instrument_name || r.obs_collection).filter(Boolean))].sort();
}

/** The column names of a list of rows: the first row's order, then any others. */
export function columnsOf(rows) {
  const cols = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return cols;
}

/** VOTable datatype of a column: numbers as the JSON result typed them (integers long, others double), else char. */
function datatype(rows, c) {
  const vals = rows.map(r => r[c]).filter(v => v !== null && v !== undefined);
  if (!vals.length || !vals.every(v => typeof v === 'number')) return 'char';
  return vals.every(Number.isSafeInteger) ? 'long' : 'double';
}

function xml(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The rows as a VOTable 1.4 (TABLEDATA): what "Download VOTable" saves. */
export function toVotable(rows, { name = 'basket', description = 'Observations collected in the gamma-ray VO basket' } = {}) {
  const cols = columnsOf(rows);
  const types = Object.fromEntries(cols.map(c => [c, datatype(rows, c)]));
  const field = c => `<FIELD name="${xml(c)}" datatype="${types[c]}"${types[c] === 'char' ? ' arraysize="*"' : ''}/>`;
  const cell = (r, c) => `<TD>${r[c] === null || r[c] === undefined ? '' : xml(r[c])}</TD>`;
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + '<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">\n'
    + `<RESOURCE type="results"><TABLE name="${xml(name)}"><DESCRIPTION>${xml(description)}</DESCRIPTION>\n`
    + cols.map(field).join('\n') + '\n<DATA><TABLEDATA>\n'
    + rows.map(r => `<TR>${cols.map(c => cell(r, c)).join('')}</TR>`).join('\n')
    + '\n</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n';
}

/** The rows as CSV (RFC 4180, header line). */
export function toCsv(rows) {
  const cols = columnsOf(rows);
  const q = v => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.map(q).join(','), ...rows.map(r => cols.map(c => q(r[c])).join(','))].join('\r\n') + '\r\n';
}

/** ADQL selecting exactly these observations from ivoa.obscore (what a SAMP client loads from the TAP service). */
export function basketAdql(rows) {
  const dids = rows.map(r => r.obs_publisher_did).filter(Boolean).map(d => `'${String(d).replace(/'/g, "''")}'`);
  return `SELECT * FROM ivoa.obscore WHERE obs_publisher_did IN (${dids.join(', ')}) ORDER BY obs_collection, obs_id`;
}
