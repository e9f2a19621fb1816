// Platform status: each service's public endpoint (lib/status-probes.js), paths that exist behind the local gateway
// and behind the Kubernetes Ingress alike.
import { h, busy } from '../lib/dom.js';
import { probeServices, overall } from '../lib/status-probes.js';

export function statusView() {
  const body = h('div');
  const el = h('section', { class: 'panel' }, h('h2', { tabindex: '-1' }, 'Platform status'), body);
  async function show() {
    document.title = 'Status — Gamma-ray VO';
    body.replaceChildren(busy('Checking the platform…'));
    const checks = await probeServices();
    const status = overall(checks);
    body.replaceChildren(
      h('p', {}, 'Overall: ', h('strong', { class: status === 'UP' ? 'up' : 'down' }, status)),
      h('table', { class: 'health' }, h('caption', {}, 'Services (each checked at its public address)'),
        h('tbody', {}, checks.map(c => h('tr', {}, h('th', { scope: 'row' }, c.name),
          h('td', { class: c.status === 'UP' ? 'up' : 'down' }, c.status, c.error ? ` (${c.error})` : ''))))),
      h('p', {}, 'Service endpoints: ', h('a', { href: '/tap/availability' }, 'TAP'), ' · ',
        h('a', { href: '/tap/examples' }, 'ADQL examples'), ' · ', h('a', { href: '/resolver/' }, 'name resolver')));
  }
  return { el, show };
}
