// The status view's probes (src/lib/status-probes.js): public paths only, VOSI availability read, failures DOWN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROBES, probeServices, overall } from '../src/lib/status-probes.js';

const answer = (status, body = '') => ({ ok: status >= 200 && status < 300, status, text: async () => body });
const VOSI = v => `<vosi:availability xmlns:vosi="http://www.ivoa.net/xml/VOSIAvailability/v1.0">
  <vosi:available>${v}</vosi:available><vosi:note>the database does not answer</vosi:note></vosi:availability>`;

test('every probed path is a public route of the gateway and the Ingress, not the gateway-only /health', () => {
  for (const p of PROBES) {
    assert.match(p.path, /^\/(tap|uws|resolver)\//);
    assert.doesNotMatch(p.path, /^\/(health|[a-z]+\/q\/)/);
  }
});

test('all services answering makes the platform UP', async () => {
  const r = await probeServices(async path => answer(200, path.startsWith('/tap') ? VOSI('true') : '[]'));
  assert.deepEqual(r.map(x => x.status), ['UP', 'UP', 'UP']);
  assert.equal(overall(r), 'UP');
});

test('a VOSI "available false", a 503 and a network error are DOWN, with the reason', async () => {
  const r = await probeServices(async path => {
    if (path.startsWith('/tap')) return answer(200, VOSI('false'));
    if (path.startsWith('/uws')) return answer(503, 'service temporarily unavailable, retry');
    throw new TypeError('Failed to fetch');
  });
  assert.deepEqual(r.map(x => [x.status, x.error]),
    [['DOWN', 'the database does not answer'], ['DOWN', 'HTTP 503'], ['DOWN', 'Failed to fetch']]);
  assert.equal(overall(r), 'DOWN');
});
