// The workbench's pure parts (issue #19): history comparisons, the basket's storage per user and its VOTable/CSV/ADQL,
// the SAMP XML-RPC encoding. node --test test/
import { test } from 'node:test';
import assert from 'node:assert/strict';

function memoryStorage() {
  const data = new Map();
  return {
    getItem: k => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => data.set(k, String(v)),
    removeItem: k => data.delete(k),
    keys: () => [...data.keys()],
  };
}

test('history: each run is compared with the run of the same query before it', async () => {
  const { withComparisons, rowText } = await import('../src/lib/history.js');
  const list = withComparisons([
    { id: 'a', query: 'SELECT 1', rows: 4, created: '2026-11-29T10:00:00Z' },
    { id: 'b', query: 'SELECT  1\n', rows: 6, created: '2026-11-29T11:00:00Z' },
    { id: 'c', query: 'SELECT 2', rows: 500, overflow: true, created: '2026-11-29T12:00:00Z' },
    { id: 'd', query: 'SELECT 1', rows: null, created: '2026-11-29T13:00:00Z' },
  ]);
  assert.deepEqual(list.map(e => e.id), ['d', 'c', 'b', 'a'], 'newest first');
  const byId = Object.fromEntries(list.map(e => [e.id, e]));
  assert.equal(byId.b.delta, 2, 'white space does not make another query');
  assert.equal(byId.b.previous.id, 'a');
  assert.equal(byId.a.previous, undefined);
  assert.equal(byId.c.previous, undefined);
  assert.equal(byId.d.delta, null, 'unknown row count (async): no difference');
  assert.equal(rowText(byId.c), '500+ rows (MAXREC)');
  assert.equal(rowText({ rows: 1 }), '1 row');
});

test('history: an anonymous user\'s queries stay in this browser, newest first, and can be forgotten', async () => {
  globalThis.localStorage = memoryStorage();
  try {
    const h = await import('../src/lib/history.js?anon');
    h.rememberLocally({ query: 'SELECT 1', rows: 1, maxrec: 500 });
    const id = h.rememberLocally({ query: 'SELECT 2', rows: 2, overflow: true, maxrec: 500 });
    assert.deepEqual(h.localHistory().map(e => e.query), ['SELECT 2', 'SELECT 1']);
    assert.equal(h.localHistory()[0].overflow, true);
    h.forgetLocally(id);
    assert.deepEqual(h.localHistory().map(e => e.query), ['SELECT 1']);
    h.clearLocal();
    assert.deepEqual(h.localHistory(), []);
  } finally {
    delete globalThis.localStorage;
  }
});

test('basket: kept per user across reloads; another user sees their own', async () => {
  globalThis.localStorage = memoryStorage();
  try {
    const { session } = await import('../src/lib/session.js');
    const { basket } = await import('../src/lib/basket.js?users');
    const row = id => ({ __index: '0', obs_publisher_did: `ivo://gammavo.org/hess-dl3-dr1?${id}`, obs_id: String(id), s_ra: 83.6 });
    session.set('alice', 'alice');
    assert.equal(basket.add([row(1), row(2), row(2), { obs_id: 'no did' }]), 2);
    assert.equal(basket.items()[0].__index, undefined, 'the table\'s bookkeeping is not kept');
    session.set('bob', 'bob');
    assert.equal(basket.size(), 0, 'bob does not see alice\'s basket');
    basket.add([row(3)]);
    session.set('alice', 'alice');
    assert.deepEqual(basket.items().map(r => r.obs_id), ['1', '2']);
    // a reload: a fresh module over the same storage, alice signed in
    const { basket: reloaded } = await import('../src/lib/basket.js?reload');
    assert.deepEqual(reloaded.items().map(r => r.obs_id), ['1', '2']);
    session.clear();
    assert.equal(basket.size(), 0, 'signed out: the anonymous basket');
    assert.ok(globalThis.localStorage.keys().every(k => !/password|alice:alice/.test(k)));
  } finally {
    delete globalThis.localStorage;
  }
});

test('basket: VOTable and CSV of the list, and the ADQL that selects it', async () => {
  const { toVotable, toCsv, basketAdql, instruments } = await import('../src/lib/basket.js');
  const rows = [
    { obs_publisher_did: "ivo://x?1", obs_id: '23523', instrument_name: 'H.E.S.S.', s_ra: 83.63, t_exptime: 1687, target_name: 'Crab <&>' },
    { obs_publisher_did: "ivo://x?2'", obs_id: '5029747', instrument_name: 'MAGIC', s_ra: 83.6, t_exptime: 1200, target_name: 'Crab, "nebula"' },
  ];
  const vot = toVotable(rows);
  assert.match(vot, /<VOTABLE version="1.4"/);
  assert.match(vot, /<FIELD name="obs_id" datatype="char" arraysize="\*"\/>/);
  assert.match(vot, /<FIELD name="s_ra" datatype="double"\/>/);
  assert.match(vot, /<FIELD name="t_exptime" datatype="long"\/>/);
  assert.match(vot, /<TD>Crab &lt;&amp;&gt;<\/TD>/);
  assert.equal((vot.match(/<TR>/g) || []).length, 2);
  const csv = toCsv(rows).split('\r\n');
  assert.equal(csv[0], 'obs_publisher_did,obs_id,instrument_name,s_ra,t_exptime,target_name');
  assert.equal(csv[2], `ivo://x?2',5029747,MAGIC,83.6,1200,"Crab, ""nebula"""`);
  assert.equal(basketAdql(rows), "SELECT * FROM ivoa.obscore WHERE obs_publisher_did IN ('ivo://x?1', 'ivo://x?2''') ORDER BY obs_collection, obs_id");
  assert.deepEqual(instruments(rows), ['H.E.S.S.', 'MAGIC']);
});

test('SAMP: XML-RPC calls carry strings, lists and maps', async () => {
  const { methodCall } = await import('../src/lib/samp.js');
  const x = methodCall('samp.webhub.notifyAll', ['k&1', { 'samp.mtype': 'table.load.votable', 'samp.params': { url: 'http://h/tap/sync?a=1&b=<2>' } }, ['a']]);
  assert.equal(x, '<?xml version="1.0"?><methodCall><methodName>samp.webhub.notifyAll</methodName><params>'
    + '<param><value><string>k&amp;1</string></value></param>'
    + '<param><value><struct><member><name>samp.mtype</name><value><string>table.load.votable</string></value></member>'
    + '<member><name>samp.params</name><value><struct><member><name>url</name><value><string>http://h/tap/sync?a=1&amp;b=&lt;2&gt;</string></value></member></struct></value></member></struct></value></param>'
    + '<param><value><array><data><value><string>a</string></value></data></array></value></param></params></methodCall>');
});

test('SAMP: a table whose link is longer than the services take is refused before anything is sent', async () => {
  const { sendTable } = await import('../src/lib/samp.js');
  const calls = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (...a) => { calls.push(a); throw new Error('no network in unit tests'); };
  try {
    await assert.rejects(sendTable({ url: 'http://localhost:8080/tap/sync?QUERY=' + 'x'.repeat(5000), name: 't' }),
      e => e.code === 'too-long' && /download it as VOTable/.test(e.message));
    assert.equal(calls.length, 0);
    await assert.rejects(sendTable({ url: 'http://localhost:8080/tap/sync?QUERY=x', name: 't' }), e => e.code === 'no-hub');
  } finally {
    globalThis.fetch = realFetch;
  }
});
