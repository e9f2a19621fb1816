// The platform's status from public paths that exist both behind the local gateway and behind the Kubernetes
// Ingress (the same routes: GatewayRoutes.ROUTES, k8s/base/ingress): each service's own endpoint, never the local
// gateway's /health, which has no counterpart on a cluster. A service that is down answers 503 in both places
// (gateway, or the web UI's nginx behind the Ingress), a network failure throws: both count as DOWN.

/** name, public path, and how an answer means "up". TAP: VOSI availability (it checks its database). */
export const PROBES = [
  { name: 'TAP (tap-service)', path: '/tap/availability', vosi: true },
  { name: 'UWS jobs (uws-service)', path: '/uws/selftest', accept: 'application/json' },
  { name: 'Name resolver (resolver-service)', path: '/resolver/' },
];

/** Probes every service at once; resolves to [{ name, path, status: 'UP' | 'DOWN', error }]. */
export async function probeServices(fetchFn = fetch, probes = PROBES) {
  return Promise.all(probes.map(async p => {
    try {
      const res = await fetchFn(p.path, { headers: { Accept: p.accept || '*/*' }, cache: 'no-store' });
      if (!res.ok) return { name: p.name, path: p.path, status: 'DOWN', error: `HTTP ${res.status}` };
      if (p.vosi) {
        const xml = await res.text();
        if (!/<(\w+:)?available>\s*true\s*</.test(xml)) {
          const note = /<(?:\w+:)?note>([^<]*)</.exec(xml);
          return { name: p.name, path: p.path, status: 'DOWN', error: note ? note[1] : 'not available' };
        }
      }
      return { name: p.name, path: p.path, status: 'UP' };
    } catch (e) {
      return { name: p.name, path: p.path, status: 'DOWN', error: e.message || String(e) };
    }
  }));
}

/** UP when every service is. */
export function overall(results) {
  return results.length > 0 && results.every(r => r.status === 'UP') ? 'UP' : 'DOWN';
}
