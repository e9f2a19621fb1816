// Provenance graph of a W3C PROV-JSON document: used entities → activity → generated entities, agents above. Three
// columns are enough for a job's provenance (one activity), so no graph-layout library.
import { svg, h } from '../lib/dom.js';

const COL_W = 230, ROW_H = 30, BOX_H = 22;

function short(id, e) {
  const label = e?.['prov:label'] || id;
  const s = String(label).split('/').pop();
  return s.length > 30 ? s.slice(0, 28) + '…' : s;
}

export function drawProvenance(container, doc) {
  const entities = doc.entity || {};
  const activities = Object.entries(doc.activity || {});
  const agents = Object.entries(doc.agent || {});
  const used = Object.values(doc.used || {}).map(u => u['prov:entity']);
  const generated = Object.values(doc.wasGeneratedBy || {}).map(g => g['prov:entity']);
  const left = [...new Set(used)], right = [...new Set(generated)];
  const rows = Math.max(left.length, right.length, 1);
  const top = agents.length ? 56 : 12;
  const H = top + rows * ROW_H + 10, W = COL_W * 3 + 20;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'prov-graph', role: 'img',
    'aria-label': `Provenance: ${left.length} inputs, ${activities.length} activity, ${right.length} outputs` });
  const mid = { x: COL_W + 30, y: top + (rows * ROW_H) / 2 - BOX_H / 2 };
  const node = (x, y, text, cls, tip) => svg('g', { class: `node ${cls}` }, svg('title', {}, tip),
    cls === 'activity' ? svg('rect', { x, y, width: COL_W - 40, height: BOX_H, rx: 3 })
      : cls === 'agent' ? svg('path', { d: `M${x},${y + BOX_H}L${x + 10},${y}H${x + COL_W - 50}L${x + COL_W - 40},${y + BOX_H}Z` })
        : svg('ellipse', { cx: x + (COL_W - 40) / 2, cy: y + BOX_H / 2, rx: (COL_W - 40) / 2, ry: BOX_H / 2 }),
    svg('text', { x: x + (COL_W - 40) / 2, y: y + 15, 'text-anchor': 'middle' }, text));
  const edges = svg('g', { class: 'edges' });
  root.append(edges);
  left.forEach((id, i) => {
    const y = top + i * ROW_H;
    root.append(node(10, y, short(id, entities[id]), 'entity', `${id}\n${entities[id]?.['prov:location'] || ''}`));
    edges.append(svg('path', { d: `M${COL_W - 30},${y + BOX_H / 2}L${mid.x},${mid.y + BOX_H / 2}`, 'marker-end': 'url(#arrow)' }, svg('title', {}, 'used')));
  });
  right.forEach((id, i) => {
    const y = top + i * ROW_H;
    root.append(node(2 * COL_W + 10, y, short(id, entities[id]), 'entity', `${id}\n${entities[id]?.['prov:location'] || ''}`));
    edges.append(svg('path', { d: `M${mid.x + COL_W - 40},${mid.y + BOX_H / 2}L${2 * COL_W + 10},${y + BOX_H / 2}`, 'marker-end': 'url(#arrow)' }, svg('title', {}, 'wasGeneratedBy')));
  });
  if (activities.length) {
    const [id, a] = activities[0];
    root.append(node(mid.x, mid.y, short(id, a), 'activity', `${a['prov:label'] || id}\n${a['prov:startTime'] || ''} → ${a['prov:endTime'] || ''}`));
  }
  agents.forEach(([id, a], i) => {
    const x = mid.x + (i - (agents.length - 1) / 2) * (COL_W - 20);
    root.append(node(x, 10, short(id, a), 'agent', `${a['prov:type'] || ''}: ${a['prov:label'] || id}`));
    edges.append(svg('path', { d: `M${x + (COL_W - 40) / 2},${10 + BOX_H}L${mid.x + (COL_W - 40) / 2},${mid.y}` }, svg('title', {}, 'wasAssociatedWith')));
  });
  root.prepend(svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto' },
    svg('path', { d: 'M0,0L10,5L0,10Z' }))));
  container.replaceChildren(root,
    h('p', { class: 'hint' }, 'Inputs (left) used by the analysis (middle) to make its outputs (right); who ran it above. ',
      h('a', { href: URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' })), download: 'provenance.json' }, 'PROV-JSON')));
}
