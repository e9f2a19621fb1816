// The ADQL the search form stands for. Pure functions (no DOM), so the query a user sees is exactly what runs and is
// unit-tested in e2e/unit.test.mjs.
import { dateToMjd } from './time.js';

export const COLUMNS = ['obs_id', 'obs_publisher_did', 'target_name', 'obs_collection', 'facility_name', 'instrument_name',
  'dataproduct_type', 's_ra', 's_dec', 's_fov', 't_min', 't_max', 't_exptime', 'energy_min', 'energy_max'];

const TEV_IN_EV = 1e12;

/** ADQL string literal: quotes doubled, so a name like "Barnard's star" cannot break the query. */
export function literal(s) {
  return `'${String(s).replace(/'/g, "''")}'`;
}

function num(x) {
  return Number.isFinite(x) ? String(+x.toFixed(6)) : null;
}

/**
 * ADQL for the form's state: {ra, dec, radius (deg), dateFrom, dateTo (YYYY-MM-DD), energyMin, energyMax (TeV),
 * collections[], instruments[], productType}. The cone is on the pointing; time and energy select overlapping
 * observations (an observation that covers part of the range is kept).
 */
export function buildQuery(s) {
  const where = [];
  const ra = num(s.ra), dec = num(s.dec), radius = num(s.radius);
  const cols = COLUMNS.map(c => (c === 'energy_min' || c === 'energy_max' ? `h.${c}` : `o.${c}`));
  let order = 'o.t_min';
  let distance = null;
  if (ra !== null && dec !== null && radius !== null) {
    distance = `DISTANCE(POINT('ICRS', o.s_ra, o.s_dec), POINT('ICRS', ${ra}, ${dec})) AS dist`;
    where.push(`1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', ${ra}, ${dec}, ${radius}))`);
    order = 'dist';
  }
  if (s.productType) where.push(`o.dataproduct_type = ${literal(s.productType)}`);
  const t0 = s.dateFrom ? dateToMjd(s.dateFrom) : null;
  const t1 = s.dateTo ? dateToMjd(s.dateTo) + 1 : null; // the whole last day
  if (t0 !== null) where.push(`o.t_max >= ${num(t0)}`);
  if (t1 !== null) where.push(`o.t_min <= ${num(t1)}`);
  const e0 = parseFloat(s.energyMin), e1 = parseFloat(s.energyMax);
  if (Number.isFinite(e0)) where.push(`h.energy_max >= ${num(e0 * TEV_IN_EV)}`);
  if (Number.isFinite(e1)) where.push(`h.energy_min <= ${num(e1 * TEV_IN_EV)}`);
  if (s.collections?.length) where.push(`o.obs_collection IN (${s.collections.map(literal).join(', ')})`);
  if (s.instruments?.length) where.push(`o.instrument_name IN (${s.instruments.map(literal).join(', ')})`);
  // Four columns a line: the whole query stays readable in a few lines of the editor.
  const lines = [];
  for (let i = 0; i < cols.length; i += 4) lines.push(cols.slice(i, i + 4).join(', '));
  if (distance) lines.push(distance);
  return `SELECT ${lines.join(',\n       ')}\nFROM ivoa.obscore AS o NATURAL JOIN ivoa.obscore_hea AS h`
    + (where.length ? `\nWHERE ${where.join('\n  AND ')}` : '')
    + `\nORDER BY ${order}`;
}
