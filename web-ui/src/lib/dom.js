// Tiny DOM helpers: build elements without innerHTML for anything that comes from a service (no injection).

/** h('button', {class: 'x', onclick}, 'text', child…): attributes starting with "on" become listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

/** A busy indicator with words for screen readers; `label` says what is being waited for. */
export function busy(label) {
  return h('p', { class: 'busy', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), label);
}

/** An error message in words; the technical detail (if any) folded away. */
export function errorBox(e, what) {
  return h('div', { class: 'error', role: 'alert' },
    h('strong', {}, what ? `${what}: ` : ''), e?.message || String(e));
}

export function fmt(x, digits = 3) {
  if (x === null || x === undefined || x === '') return '';
  const n = Number(x);
  if (!Number.isFinite(n)) return String(x);
  if (Number.isInteger(n) && Math.abs(n) < 1e6) return String(n);
  if (n !== 0 && (Math.abs(n) >= 1e6 || Math.abs(n) < 1e-3)) return n.toExponential(digits - 1);
  return String(+n.toFixed(digits));
}

export function bytes(n) {
  if (!Number.isFinite(+n) || n === '' || n === null) return '';
  const u = ['B', 'kB', 'MB', 'GB'];
  let i = 0, x = +n;
  while (x >= 1000 && i < u.length - 1) { x /= 1000; i++; }
  return `${x.toFixed(i ? 1 : 0)} ${u[i]}`;
}
