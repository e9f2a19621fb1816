// The query history (issue #19). Signed-in users' sync queries are recorded by tap-service (/tap/history) and their
// async ones are their UWS job list; an anonymous user's queries are kept here, in this browser's localStorage only
// (no account to keep them under). Entries: {id, kind: 'sync'|'async', query, rows, overflow, maxrec, created (ISO),
// truncated?, jobId?, phase?}. The pure functions below are unit-tested (test/workbench.test.mjs).

const LOCAL = 'gammavo.history.anonymous';
const MAX_LOCAL = 100;

function storage() {
  try { return globalThis.localStorage; } catch { return null; } // blocked storage: no local history, nothing breaks
}

/** The anonymous history kept in this browser, newest first. */
export function localHistory() {
  try {
    const list = JSON.parse(storage()?.getItem(LOCAL) || '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/** Adds an anonymous query; keeps the newest MAX_LOCAL. */
export function rememberLocally({ query, rows, overflow, maxrec }) {
  const list = localHistory();
  const id = `local-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  list.unshift({ id, kind: 'sync', query, rows, overflow: !!overflow, maxrec, created: new Date().toISOString() });
  try { storage()?.setItem(LOCAL, JSON.stringify(list.slice(0, MAX_LOCAL))); } catch { /* full: not kept */ }
  return id;
}

export function forgetLocally(id) {
  const list = localHistory().filter(e => e.id !== id);
  try { storage()?.setItem(LOCAL, JSON.stringify(list)); } catch { /* nothing to do */ }
}

export function clearLocal() {
  try { storage()?.removeItem(LOCAL); } catch { /* nothing to do */ }
}

/** Queries compared by their text with runs of white space made one blank (re-indenting is not a change). */
export function sameQuery(a, b) {
  const n = s => String(s || '').replace(/\s+/g, ' ').trim();
  return n(a) === n(b);
}

/**
 * Newest first, each entry with `previous` (the run of the same query just before it, if any) and `delta` (its row
 * count minus that run's; null when either count is unknown): how the row count of a query changed between runs.
 */
export function withComparisons(entries) {
  const sorted = [...entries].sort((a, b) => String(b.created).localeCompare(String(a.created)));
  return sorted.map((e, i) => {
    const previous = sorted.slice(i + 1).find(o => sameQuery(o.query, e.query));
    const known = x => x !== undefined && x !== null && Number.isFinite(+x);
    const delta = previous && known(e.rows) && known(previous.rows) ? +e.rows - +previous.rows : null;
    return { ...e, previous, delta };
  });
}

/** "4 rows", "500+ rows (MAXREC)", "—" */
export function rowText(e) {
  if (e.rows === undefined || e.rows === null) return '—';
  return `${e.rows}${e.overflow ? '+' : ''} row${+e.rows === 1 && !e.overflow ? '' : 's'}${e.overflow ? ' (MAXREC)' : ''}`;
}
