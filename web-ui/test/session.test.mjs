// The HTTP Basic password lives in memory only (docs/security.md, "Web UI"): nothing the browser keeps across a
// reload may hold it. node --test test/
import { test } from 'node:test';
import assert from 'node:assert/strict';

/** A Web Storage stand-in that remembers every write. */
function recordingStorage() {
  const data = new Map();
  const writes = [];
  return {
    writes,
    getItem: k => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => { writes.push([k, String(v)]); data.set(k, String(v)); },
    removeItem: k => data.delete(k),
    clear: () => data.clear(),
    key: i => [...data.keys()][i] ?? null,
    get length() { return data.size; },
  };
}

test('signing in keeps the password in memory only, and a reload forgets it', async () => {
  const stores = { sessionStorage: recordingStorage(), localStorage: recordingStorage() };
  let cookie = '';
  Object.assign(globalThis, stores);
  globalThis.document = { get cookie() { return cookie; }, set cookie(v) { cookie += v; } };
  try {
    const { session } = await import('../src/lib/session.js?first');
    let changes = 0;
    session.onChange(() => changes++);
    session.set('alice', 's3cret-pw');
    assert.equal(session.user, 'alice');
    assert.equal(session.password, 's3cret-pw');
    assert.equal(changes, 1);
    for (const [name, store] of Object.entries(stores)) {
      const leaked = store.writes.filter(([k, v]) => v.includes('s3cret-pw') || v.includes('alice'));
      assert.deepEqual(leaked, [], `${name} got the credentials`);
    }
    assert.equal(cookie, '');

    // A reload is a fresh module instance over the same storage: nobody is signed in.
    const { session: reloaded } = await import('../src/lib/session.js?reload');
    assert.equal(reloaded.user, undefined);
    assert.equal(reloaded.password, undefined);

    session.clear();
    assert.equal(session.user, undefined);
    assert.equal(session.password, undefined);
  } finally {
    delete globalThis.sessionStorage;
    delete globalThis.localStorage;
    delete globalThis.document;
  }
});
