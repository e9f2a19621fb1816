// Client of tap-service (TAP 1.1 under /tap): synchronous ADQL queries, the live ADQL check, TAP_SCHEMA column
// metadata and DataLink documents.
import { request, form } from './http.js';

export const TAP = '/tap';

/** URL of a GET sync query in a given RESPONSEFORMAT: the export links of the result table. */
export function syncUrl(query, format, maxrec) {
  const p = form({ REQUEST: 'doQuery', LANG: 'ADQL', QUERY: query, RESPONSEFORMAT: format, MAXREC: maxrec });
  return `${TAP}/sync?${p}`;
}

/**
 * Runs an ADQL query (TAP sync, RESPONSEFORMAT=json). Returns {columns: [{name, unit, ucd, description, datatype}],
 * rows: [[...]], overflow}; overflow is true when MAXREC cut the result (DALI QUERY_STATUS=OVERFLOW).
 */
export async function query(adql, { maxrec = 1000, signal, auth = false } = {}) {
  const res = await request(`${TAP}/sync`, {
    method: 'POST', signal, timeout: 120000, auth,
    body: form({ REQUEST: 'doQuery', LANG: 'ADQL', QUERY: adql, RESPONSEFORMAT: 'json', MAXREC: maxrec }),
  });
  const j = await res.json();
  return { columns: j.metadata, rows: j.data, overflow: j.query_status === 'OVERFLOW' };
}

/** The service's ADQL check: {valid, message, line, column}. */
export async function parse(adql, signal) {
  const res = await request(`${TAP}/adql/parse`, { method: 'POST', body: form({ QUERY: adql, VERSION: '2.1' }), signal, timeout: 15000 });
  return res.json();
}

let columnsCache;

/** TAP_SCHEMA.columns of the ObsCore tables, by lower-case column name: {unit, ucd, description, table}. */
export function columnMetadata() {
  if (!columnsCache) {
    columnsCache = query(
      "SELECT table_name, column_name, unit, ucd, description FROM TAP_SCHEMA.columns " +
      "WHERE table_name IN ('ivoa.obscore', 'ivoa.obscore_hea')", { maxrec: 2000 })
      .then(({ columns, rows }) => {
        const idx = Object.fromEntries(columns.map((c, i) => [c.name.toLowerCase(), i]));
        const out = {};
        for (const r of rows) {
          const name = String(r[idx.column_name]).toLowerCase();
          // obscore first: the core definition wins over an extension table's same-named column.
          if (out[name] && out[name].table === 'ivoa.obscore') continue;
          out[name] = { table: r[idx.table_name], unit: r[idx.unit], ucd: r[idx.ucd], description: r[idx.description] };
        }
        return out;
      })
      .catch(e => {
        columnsCache = undefined; // retried next time instead of remembering a transient failure
        throw e;
      });
  }
  return columnsCache;
}

/**
 * Parses a VOTable (TABLEDATA serialization) into {fields, rows (objects by field name), resources, error}; `resources`
 * holds the service descriptors (RESOURCE type="meta" utype="adhoc:service") with their PARAMs and input params.
 */
export function parseVotable(xml) {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) throw new Error('The service sent a document that is not XML');
  const all = (el, tag) => [...el.getElementsByTagNameNS('*', tag)];
  let error = null;
  for (const info of all(doc, 'INFO')) {
    if (info.getAttribute('name') === 'QUERY_STATUS' && info.getAttribute('value') === 'ERROR') error = info.textContent.trim();
  }
  const table = all(doc, 'TABLE')[0];
  const fields = table ? all(table, 'FIELD').map(f => ({
    name: f.getAttribute('name'), unit: f.getAttribute('unit'), ucd: f.getAttribute('ucd'),
    datatype: f.getAttribute('datatype'),
  })) : [];
  const rows = table ? all(table, 'TR').map(tr => {
    const tds = all(tr, 'TD');
    return Object.fromEntries(fields.map((f, i) => [f.name, tds[i] ? tds[i].textContent : '']));
  }) : [];
  const resources = all(doc, 'RESOURCE').filter(r => r.getAttribute('utype') === 'adhoc:service').map(r => {
    const param = n => [...r.children].find(c => c.localName === 'PARAM' && c.getAttribute('name') === n)?.getAttribute('value');
    const group = [...r.children].find(c => c.localName === 'GROUP' && c.getAttribute('name') === 'inputParams');
    return {
      id: r.getAttribute('ID'),
      description: [...r.children].find(c => c.localName === 'DESCRIPTION')?.textContent.trim() || '',
      accessURL: param('accessURL'),
      inputs: group ? all(group, 'PARAM').map(p => ({
        name: p.getAttribute('name'), ref: p.getAttribute('ref'), unit: p.getAttribute('unit'),
        xtype: p.getAttribute('xtype'), arraysize: p.getAttribute('arraysize'), value: p.getAttribute('value') || '',
        description: all(p, 'DESCRIPTION')[0]?.textContent.trim() || '',
      })) : [],
    };
  });
  return { fields, rows, resources, error };
}

/** The DataLink links of one dataset (DataLink 1.1 {links} endpoint). */
export async function datalink(publisherDid, signal) {
  const res = await request(`${TAP}/datalink?ID=${encodeURIComponent(publisherDid)}`, { signal, timeout: 30000 });
  return parseVotable(await res.text());
}
