// The signed-in user's query history: sync queries from tap-service (/tap/history), async ones from their UWS job
// list (/uws/async), merged into the entries lib/history.js describes.
import { getJson, request } from './http.js';
import { jobs, job } from './uws.js';

/** Sync entries recorded by tap-service for the caller. */
export async function serverHistory(last = 100) {
  const j = await getJson(`/tap/history?LAST=${last}`, { auth: true });
  return j.queries.map(q => ({ ...q, id: `sync-${q.id}`, serverId: q.id, kind: 'sync' }));
}

/** The caller's async TAP jobs (newest `last`) with their QUERY; rows are not known without reading the result. */
export async function asyncHistory(last = 20) {
  const list = await jobs('async', last).catch(e => (e.status === 404 ? [] : Promise.reject(e)));
  const detailed = await Promise.all(list.map(j => job('async', j.jobId).catch(() => null)));
  return detailed.filter(Boolean).map(j => {
    const p = Object.fromEntries(Object.entries(j.parameters || {}).map(([k, v]) => [k.toUpperCase(), v]));
    return { id: `async-${j.jobId}`, kind: 'async', jobId: j.jobId, phase: j.phase, query: p.QUERY || '',
      maxrec: p.MAXREC, created: j.creationTime, rows: null };
  }).filter(e => e.query);
}

export async function forget(entry) {
  await request(`/tap/history/${entry.serverId}`, { method: 'DELETE', auth: true });
}

export async function forgetAll() {
  await request('/tap/history', { method: 'DELETE', auth: true });
}
