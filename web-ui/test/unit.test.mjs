// Unit tests of the UI's pure modules (no DOM, no services): node --test test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildQuery, literal } from '../src/lib/adql.js';
import { dateToMjd, mjdToText } from '../src/lib/time.js';
import { project } from '../src/plots/sky.js';
import { timeTicks } from '../src/plots/timeline.js';
import { prefill } from '../src/views/analysis.js';
import { separation } from '../src/api/resolver.js';
import { explain } from '../src/api/http.js';

test('MJD of calendar dates', () => {
  assert.equal(dateToMjd('1858-11-17'), 0);
  assert.equal(dateToMjd('2004-12-04'), 53343);
  assert.equal(dateToMjd('not a date'), null);
  assert.equal(mjdToText(53343.5), '2004-12-04 12:00');
});

test('the cone query around a resolved target', () => {
  const q = buildQuery({ ra: 83.63308, dec: 22.0145, radius: 3, productType: 'hea-event-bundle' });
  assert.match(q, /1 = CONTAINS\(POINT\('ICRS', o\.s_ra, o\.s_dec\), CIRCLE\('ICRS', 83\.63308, 22\.0145, 3\)\)/);
  assert.match(q, /FROM ivoa\.obscore AS o NATURAL JOIN ivoa\.obscore_hea AS h/);
  assert.match(q, /o\.dataproduct_type = 'hea-event-bundle'/);
  assert.match(q, /ORDER BY dist$/);
});

test('time and energy ranges select overlapping observations, in MJD and eV', () => {
  const q = buildQuery({ dateFrom: '2004-12-04', dateTo: '2004-12-04', energyMin: '1', energyMax: '10' });
  assert.match(q, /o\.t_max >= 53343\b/);
  assert.match(q, /o\.t_min <= 53344\b/); // the whole last day
  assert.match(q, /h\.energy_max >= 1000000000000\b/);
  assert.match(q, /h\.energy_min <= 10000000000000\b/);
  assert.doesNotMatch(q, /CONTAINS/); // no target, no cone
  assert.match(q, /ORDER BY o\.t_min$/);
});

test('filters are quoted ADQL literals', () => {
  assert.equal(literal("it's"), "'it''s'");
  const q = buildQuery({ collections: ['HESS-DL3-DR1', "x' OR 1=1 --"], instruments: ['VERITAS'] });
  assert.match(q, /o\.obs_collection IN \('HESS-DL3-DR1', 'x'' OR 1=1 --'\)/);
  assert.match(q, /o\.instrument_name IN \('VERITAS'\)/);
});

test('gnomonic projection: east is +x, north is +y, the centre is the origin', () => {
  assert.deepEqual(project(83.6, 22, 83.6, 22), { x: 0, y: 0 });
  const east = project(84.6, 22, 83.6, 22);
  assert.ok(east.x > 0.9 && east.x < 0.94 && Math.abs(east.y) < 0.01, JSON.stringify(east)); // cos(22°) ≈ 0.927
  const north = project(83.6, 23, 83.6, 22);
  assert.ok(Math.abs(north.x) < 1e-9 && Math.abs(north.y - 1) < 0.001);
  assert.equal(project(263.6, -22, 83.6, 22), null); // the antipode is not on the plane
});

test('angular separation', () => {
  assert.ok(Math.abs(separation(0, 0, 0, 1) - 1) < 1e-9);
  assert.ok(Math.abs(separation(359.5, 0, 0.5, 0) - 1) < 1e-9);
});

test('date ticks from days to decades', () => {
  const years = timeTicks(dateToMjd('2004-01-01'), dateToMjd('2014-01-01'));
  assert.ok(years.length >= 3 && years.length <= 8, JSON.stringify(years));
  assert.match(years[0].label, /^\d{4}$/);
  const days = timeTicks(dateToMjd('2004-12-03'), dateToMjd('2004-12-09'));
  assert.ok(days.some(t => t.label === '2004-12-04'), JSON.stringify(days));
});

test('the analysis form is prefilled with the selection and the target', () => {
  const params = [{ name: 'obs_id' }, { name: 'obs_publisher_did' }, { name: 'ra' }, { name: 'dec' }, { name: 'target' }];
  const sel = new Map([['ivo://gammavo.org/hess-dl3-dr1?23523', { obs_id: '23523' }], ['ivo://gammavo.org/hess-dl3-dr1?23526', { obs_id: '23526' }]]);
  const p = prefill(params, { name: 'Crab Nebula', query: 'Crab', ra: 83.633083, dec: 22.0145 }, sel);
  assert.equal(p.obs_publisher_did, 'ivo://gammavo.org/hess-dl3-dr1?23523,ivo://gammavo.org/hess-dl3-dr1?23526');
  assert.equal(p.obs_id, undefined); // one way to name the observations, not two
  assert.equal(p.ra, '83.63308');
  assert.equal(p.target, undefined); // ra/dec given: no second target
  const q = prefill([{ name: 'obs_id' }, { name: 'target' }], { name: 'Crab Nebula', query: 'Crab', ra: 1, dec: 2 }, sel);
  assert.deepEqual(q, { obs_id: '23523,23526', target: 'Crab' });
});

test('service error bodies become short messages', () => {
  assert.equal(explain('{"message":"LAST must be a positive integer"}'), 'LAST must be a positive integer');
  assert.equal(explain('<VOTABLE><RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">column &quot;x&quot; unknown</INFO></RESOURCE></VOTABLE>'),
    'column "x" unknown');
  assert.equal(explain('<html><body>proxy</body></html>'), '');
  assert.equal(explain('no job list'), 'no job list');
});

test('wide fields: the zenithal equal-area projection reaches the far side of the sky', () => {
  const near = project(84.6, 22, 83.6, 22, 'zea'), tan = project(84.6, 22, 83.6, 22);
  assert.ok(Math.abs(near.x - tan.x) < 0.01, 'both agree near the centre');
  const far = project(263.6, 0, 83.6, 22, 'zea'); // 158° away
  assert.ok(far && Math.hypot(far.x, far.y) > 100, JSON.stringify(far));
  assert.equal(project(263.6, 0, 83.6, 22, 'tan'), null);
});
