// Platform status: the live health of every part, from the gateway's /health.
import { h, busy, errorBox } from '../lib/dom.js';

export function statusView() {
  const body = h('div');
  const el = h('section', { class: 'panel' }, h('h2', { tabindex: '-1' }, 'Platform status'), body);
  async function show() {
    document.title = 'Status — Gamma-ray VO';
    body.replaceChildren(busy('Checking the platform…'));
    try {
      // /health answers 503 with the same document when something is down.
      const res = await fetch('/health', { headers: { Accept: 'application/json' } });
      const s = await res.json();
      body.replaceChildren(
        h('p', {}, 'Overall: ', h('strong', { class: s.status === 'UP' ? 'up' : 'down' }, s.status)),
        h('table', { class: 'health' }, h('caption', {}, 'Services, broker and database'),
          h('tbody', {}, s.checks.map(c => h('tr', {}, h('th', { scope: 'row' }, c.name),
            h('td', { class: c.status === 'UP' ? 'up' : 'down' }, c.status, c.error ? ` (${c.error})` : ''))))),
        h('p', {}, 'Service endpoints: ', h('a', { href: '/tap/availability' }, 'TAP'), ' · ',
          h('a', { href: '/tap/examples' }, 'ADQL examples'), ' · ', h('a', { href: '/resolver/' }, 'name resolver')));
    } catch (e) {
      body.replaceChildren(errorBox(e, 'The platform does not answer'));
    }
  }
  return { el, show };
}
