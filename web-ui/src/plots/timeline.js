// Time-coverage plot: one bar per observation from t_min to t_max (at least a few pixels wide so a 28-minute run is
// visible on a years-long axis), bar height = exposure. Hand-made SVG, like the sky plot.
import { svg } from '../lib/dom.js';
import { mjdToDate, mjdToText } from '../lib/time.js';

const W = 640, H = 220, L = 52, R = 12, T = 12, B = 36;

/** Date ticks for an MJD range: a step that gives 3–8 labels, from days to decades. */
export function timeTicks(m0, m1) {
  const span = m1 - m0;
  const steps = [[1, 'day'], [7, 'day'], [1, 'month'], [3, 'month'], [6, 'month'], [1, 'year'], [2, 'year'], [5, 'year'], [10, 'year']];
  const lengths = { day: 1, month: 30.4, year: 365.25 };
  const [n, unit] = steps.find(([k, u]) => span / (k * lengths[u]) <= 8) || [20, 'year'];
  const ticks = [];
  const d = mjdToDate(m0);
  let t = unit === 'day' ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
    : unit === 'month' ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % n), 1))
      : new Date(Date.UTC(d.getUTCFullYear() - (d.getUTCFullYear() % n), 0, 1));
  for (let i = 0; i < 200; i++) {
    const mjd = (t.getTime() - Date.UTC(1858, 10, 17)) / 86400000;
    if (mjd > m1) break;
    if (mjd >= m0) ticks.push({ mjd, label: unit === 'year' ? String(t.getUTCFullYear()) : unit === 'month' ? t.toISOString().slice(0, 7) : t.toISOString().slice(0, 10) });
    t = unit === 'day' ? new Date(t.getTime() + n * 86400000)
      : unit === 'month' ? new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + n, 1))
        : new Date(Date.UTC(t.getUTCFullYear() + n, 0, 1));
  }
  return ticks;
}

/** Draws into `container`: {observations: [{key, label, tMin, tMax, exposure (s)}], selected: Set, onToggle(key)}. */
export function drawTimeline(container, { observations, selected = new Set(), onToggle }) {
  const obs = observations.filter(o => Number.isFinite(o.tMin) && Number.isFinite(o.tMax));
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'timeline', role: 'group',
    'aria-label': `Time coverage of ${obs.length} observations` });
  if (!obs.length) {
    root.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'No observation times'));
    container.replaceChildren(root);
    return root;
  }
  let m0 = Math.min(...obs.map(o => o.tMin)), m1 = Math.max(...obs.map(o => o.tMax));
  const pad = Math.max(0.5, (m1 - m0) * 0.04);
  m0 -= pad; m1 += pad;
  const hours = obs.map(o => (o.exposure || 0) / 3600);
  const yMax = Math.max(0.1, ...hours) * 1.1;
  const x = m => L + (m - m0) / (m1 - m0) * (W - L - R);
  const y = hr => H - B - hr / yMax * (H - T - B);

  const axes = svg('g', { class: 'axes' },
    svg('line', { x1: L, y1: H - B, x2: W - R, y2: H - B }), svg('line', { x1: L, y1: T, x2: L, y2: H - B }));
  for (const t of timeTicks(m0, m1)) {
    axes.append(svg('line', { x1: x(t.mjd), y1: H - B, x2: x(t.mjd), y2: H - B + 4 }),
      svg('text', { x: x(t.mjd), y: H - B + 16, 'text-anchor': 'middle' }, t.label));
  }
  for (let k = 0; k <= 4; k++) {
    const v = yMax * k / 4;
    axes.append(svg('text', { x: L - 6, y: y(v) + 3, 'text-anchor': 'end' }, v < 1 ? v.toFixed(2) : v.toFixed(1)));
  }
  axes.append(svg('text', { x: 12, y: (H - B + T) / 2, 'text-anchor': 'middle', class: 'axis-title', transform: `rotate(-90 12 ${(H - B + T) / 2})` }, 'exposure (h)'),
    svg('text', { x: (L + W - R) / 2, y: H - 4, 'text-anchor': 'middle', class: 'axis-title' }, 'time (UTC)'));
  root.append(axes);

  const bars = svg('g', { class: 'bars' });
  obs.forEach((o, i) => {
    const x0 = x(o.tMin), w = Math.max(3, x(o.tMax) - x0);
    const on = selected.has(o.key);
    bars.append(svg('rect', {
      x: x0 - (w > 3 ? 0 : 1.5), y: y(hours[i]), width: w, height: Math.max(1, H - B - y(hours[i])),
      class: `bar${on ? ' selected' : ''}`, 'data-key': o.key, tabindex: '-1',
      onclick: () => onToggle?.(o.key),
    }, svg('title', {}, `${o.label}\n${mjdToText(o.tMin)} → ${mjdToText(o.tMax)} UTC\nexposure ${(hours[i] * 60).toFixed(1)} min`)));
  });
  root.append(bars);
  container.replaceChildren(root);
  return root;
}
