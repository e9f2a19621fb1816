// Sky plot: pointings with their field-of-view circles, the target and catalogue sources, in a gnomonic (tangent-plane)
// projection around the search centre, east to the left as on the sky. Hand-made SVG: a few kB instead of a plotting
// library, and every mark is a DOM element the browser tests can count and click.
import { svg } from '../lib/dom.js';

const RAD = Math.PI / 180;
const SIZE = 420;
const PAD = 34;

/**
 * (ra, dec) → offsets in degrees from (ra0, dec0), x towards east, y towards north, in a zenithal projection: gnomonic
 * (tangent plane, 'tan') or zenithal equal-area ('zea', for wide fields where the tangent plane blows up). Both agree
 * near the centre. Null where the projection is undefined (behind the tangent plane; the antipode).
 */
export function project(ra, dec, ra0, dec0, mode = 'tan') {
  const d = dec * RAD, d0 = dec0 * RAD, da = (ra - ra0) * RAD;
  const cosc = Math.sin(d0) * Math.sin(d) + Math.cos(d0) * Math.cos(d) * Math.cos(da);
  const x = Math.cos(d) * Math.sin(da), y = Math.cos(d0) * Math.sin(d) - Math.sin(d0) * Math.cos(d) * Math.cos(da);
  if (mode === 'zea') {
    if (cosc <= -0.999) return null;
    const k = Math.sqrt(2 / (1 + cosc));
    return { x: k * x / RAD, y: k * y / RAD };
  }
  if (cosc <= 0.05) return null;
  return { x: x / cosc / RAD, y: y / cosc / RAD };
}

function sepDeg(ra1, dec1, ra2, dec2) {
  const c = Math.sin(dec1 * RAD) * Math.sin(dec2 * RAD) + Math.cos(dec1 * RAD) * Math.cos(dec2 * RAD) * Math.cos((ra1 - ra2) * RAD);
  return Math.acos(Math.max(-1, Math.min(1, c))) / RAD;
}

function niceStep(span) {
  const steps = [0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 20, 30];
  return steps.find(s => span / s <= 5) || 45;
}

/**
 * Draws into `container`: {centre: {ra, dec}, radius, target: {name, ra, dec}?, sources: [{name, ra, dec}],
 * pointings: [{key, label, ra, dec, fov (diameter, deg)}], selected: Set of keys, onToggle(key)}.
 */
export function drawSky(container, { centre, radius, target, sources = [], pointings = [], selected = new Set(), onToggle }) {
  // Tangent plane as long as everything is within 20° of the centre; equal-area beyond, so an all-sky search still draws.
  const farthest = Math.max(radius || 0, ...pointings.map(p => sepDeg(p.ra, p.dec, centre.ra, centre.dec)));
  const mode = farthest > 20 ? 'zea' : 'tan';
  const proj = (ra, dec) => project(ra, dec, centre.ra, centre.dec, mode);
  const pts = pointings.map(p => ({ ...p, xy: proj(p.ra, p.dec) })).filter(p => p.xy);
  let half = radius || 1;
  for (const p of pts) half = Math.max(half, Math.hypot(p.xy.x, p.xy.y) + (p.fov || 0) / 2);
  half *= 1.05;
  const scale = (SIZE / 2 - PAD) / half;
  const cx = SIZE / 2, cy = SIZE / 2;
  // East is left: screen x grows westwards.
  const toScreen = ({ x, y }) => [cx - x * scale, cy - y * scale];

  const root = svg('svg', { viewBox: `0 0 ${SIZE} ${SIZE}`, class: 'sky', role: 'group',
    'aria-label': `Sky plot (${mode === 'tan' ? 'tangent plane' : 'zenithal equal-area'}): ${pts.length} pointings within ${half.toFixed(1)}° of RA ${centre.ra.toFixed(3)}°, Dec ${centre.dec.toFixed(3)}°` });
  root.append(svg('defs', {}, svg('clipPath', { id: 'sky-clip' },
    svg('rect', { x: PAD, y: PAD, width: SIZE - 2 * PAD, height: SIZE - 2 * PAD }))));
  root.append(svg('rect', { x: PAD, y: PAD, width: SIZE - 2 * PAD, height: SIZE - 2 * PAD, class: 'frame' }));

  // Graticule: lines of constant Dec and RA, sampled and projected, with labels at the frame.
  const grid = svg('g', { class: 'grid', 'clip-path': 'url(#sky-clip)' });
  const decSpan = half * 2, step = niceStep(decSpan);
  const cosDec = Math.max(0.05, Math.cos(Math.min(89, Math.abs(centre.dec) + half) * RAD));
  const raStep = niceStep(decSpan / cosDec);
  const raHalf = Math.min(180, half * 1.6 / cosDec); // never more than once around the sky
  const labels = svg('g', { class: 'grid-labels' });
  for (let dec = Math.ceil((centre.dec - half * 1.5) / step) * step; dec <= centre.dec + half * 1.5; dec += step) {
    if (dec <= -90 || dec >= 90) continue;
    const line = [];
    for (let k = -40; k <= 40; k++) {
      const xy = proj(centre.ra + k * raHalf / 40, dec);
      if (xy) line.push(toScreen(xy));
    }
    grid.append(svg('polyline', { points: line.map(p => p.join(',')).join(' ') }));
    const at = proj(centre.ra, dec);
    if (at) {
      const [, y] = toScreen(at);
      if (y > PAD + 6 && y < SIZE - PAD - 2) labels.append(svg('text', { x: PAD - 4, y: y + 3, 'text-anchor': 'end' }, `${+dec.toFixed(2)}°`));
    }
  }
  const ra0 = Math.ceil((centre.ra - raHalf) / raStep) * raStep;
  for (let ra = ra0; ra < ra0 + 2 * raHalf - 1e-9; ra += raStep) {
    const line = [];
    for (let k = -40; k <= 40; k++) {
      const dec = centre.dec + k * half * 1.6 / 40;
      if (dec <= -90 || dec >= 90) continue;
      const xy = proj(ra, dec);
      if (xy) line.push(toScreen(xy));
    }
    grid.append(svg('polyline', { points: line.map(p => p.join(',')).join(' ') }));
    const at = proj(ra, centre.dec);
    if (at) {
      const [x] = toScreen(at);
      if (mode === 'tan' && x > PAD + 8 && x < SIZE - PAD - 8) labels.append(svg('text', { x, y: SIZE - PAD + 14, 'text-anchor': 'middle' }, `${+(((ra % 360) + 360) % 360).toFixed(2)}°`));
    }
  }
  root.append(grid, labels);
  root.append(svg('text', { x: SIZE / 2, y: SIZE - 4, 'text-anchor': 'middle', class: 'axis-title' }, 'RA (ICRS) — east to the left'));
  root.append(svg('text', { x: 10, y: SIZE / 2, 'text-anchor': 'middle', class: 'axis-title', transform: `rotate(-90 10 ${SIZE / 2})` }, 'Dec'));

  const plot = svg('g', { 'clip-path': 'url(#sky-clip)' });
  if (radius) {
    plot.append(svg('circle', { cx, cy, r: radius * scale, class: 'search-cone' },
      svg('title', {}, `Search radius ${radius}°`)));
  }
  // Unselected first, selected on top so that they stay visible where pointings overlap.
  const order = [...pts].sort((a, b) => selected.has(a.key) - selected.has(b.key));
  for (const p of order) {
    const [x, y] = toScreen(p.xy);
    const on = selected.has(p.key);
    const g = svg('g', { class: `pointing${on ? ' selected' : ''}`, tabindex: '0', role: 'checkbox', 'aria-checked': String(on),
      'aria-label': `${p.label}: pointing RA ${p.ra.toFixed(3)}°, Dec ${p.dec.toFixed(3)}°`,
      'data-key': p.key,
      onclick: () => onToggle?.(p.key),
      onkeydown: e => { if (e.key === ' ' || e.key === 'Enter') { e.preventDefault(); onToggle?.(p.key); } } },
    svg('title', {}, `${p.label}\nRA ${p.ra.toFixed(3)}°, Dec ${p.dec.toFixed(3)}°, FoV ${p.fov ?? '?'}°`),
    svg('circle', { cx: x, cy: y, r: Math.max(2, (p.fov || 0) / 2 * scale), class: 'fov' }),
    svg('circle', { cx: x, cy: y, r: 2.5, class: 'centre' }));
    plot.append(g);
  }
  // Labels only for the nearest few (sources arrive nearest first), each nudged down until it clears those placed.
  const placed = [];
  const labelY = (x, y) => {
    let ly = y - 5;
    while (placed.some(p => Math.abs(p.x - x) < 110 && Math.abs(p.y - ly) < 10)) ly += 10;
    placed.push({ x, y: ly });
    return ly;
  };
  sources.forEach((s, i) => {
    const xy = proj(s.ra, s.dec);
    if (!xy) return;
    const [x, y] = toScreen(xy);
    plot.append(svg('g', { class: 'source' },
      svg('title', {}, `${s.name} (${s.catalogue})`),
      svg('path', { d: `M${x - 4},${y - 4}L${x + 4},${y + 4}M${x - 4},${y + 4}L${x + 4},${y - 4}` }),
      i < 5 && half <= 10 ? svg('text', { x: x + 6, y: labelY(x, y) }, s.name) : null));
  });
  if (target) {
    const xy = proj(target.ra, target.dec);
    if (xy) {
      const [x, y] = toScreen(xy);
      plot.append(svg('g', { class: 'target' }, svg('title', {}, `Target ${target.name}`),
        svg('path', { d: `M${x},${y - 9}L${x + 2.5},${y - 2.5}L${x + 9},${y}L${x + 2.5},${y + 2.5}L${x},${y + 9}L${x - 2.5},${y + 2.5}L${x - 9},${y}L${x - 2.5},${y - 2.5}Z` }),
        svg('text', { x: x + 10, y: y + 14 }, target.name)));
    }
  }
  root.append(plot);
  root.append(svg('g', { class: 'compass', transform: `translate(${SIZE - PAD - 24},${PAD + 26})` },
    svg('path', { d: 'M0,0V-18M0,0H-18' }), svg('text', { x: 0, y: -20, 'text-anchor': 'middle' }, 'N'),
    svg('text', { x: -24, y: 4, 'text-anchor': 'middle' }, 'E')));
  container.replaceChildren(root);
  return root;
}
