// Client of uws-service (UWS 1.1 under /uws), JSON flavour (Accept: application/json). Jobs are owner-scoped: every
// call carries the signed-in user's credentials.
import { request, getJson, form, localPath, UserError } from './http.js';

export const UWS = '/uws';
export const FINAL = new Set(['COMPLETED', 'ERROR', 'ABORTED', 'ARCHIVED']);

/**
 * Whether a job list analyses observations (its description takes obs_id): the kinds the search page offers for
 * selected observations. Read from the job catalogue's descriptions, so a new kind appears without a change here.
 */
export function isAnalysis(list) {
  return list.executor === 'slurm' && (list.parameters || []).some(p => p.name === 'obs_id');
}

/** The job lists with their job descriptions (parameters, results, typicalRuntime), analyses first. */
export async function jobLists() {
  const lists = await getJson(UWS, { auth: true });
  return lists.sort((a, b) => Number(isAnalysis(b)) - Number(isAnalysis(a)));
}

/** The ids of the analysis kinds, as the service describes them. */
export async function analyses() {
  return (await jobLists()).filter(isAnalysis).map(l => l.id);
}

export function description(list) {
  return getJson(`${UWS}/${encodeURIComponent(list)}/description`, { auth: true });
}

/** The caller's jobs of one list, newest first: [{jobId, phase, runId, creationTime, ...}]. */
export async function jobs(list, last = 50) {
  const j = await getJson(`${UWS}/${encodeURIComponent(list)}?LAST=${last}`, { auth: true });
  return j.jobs.map(x => ({ ...x, jobList: list }));
}

/**
 * Creates a job and starts it (PHASE=RUN); the service answers 303 to the job, which fetch follows. Returns the jobId.
 */
export async function create(list, params) {
  const res = await request(`${UWS}/${encodeURIComponent(list)}`, {
    method: 'POST', auth: true, body: form({ ...params, PHASE: 'RUN' }), headers: { Accept: 'application/json' },
  });
  const path = new URL(res.url).pathname;
  const id = path.split('/').filter(Boolean).pop();
  if (!id || id === list) throw new UserError('The job service did not say which job it created');
  return id;
}

/**
 * The job document. With `wait` (seconds) the service holds the answer until the phase changes from `phase`
 * (UWS 1.1 §2.2.3.2 blocking), which gives live phases without a tight polling loop.
 */
export function job(list, id, { wait, phase, signal } = {}) {
  const q = wait ? `?WAIT=${wait}${phase ? `&PHASE=${phase}` : ''}` : '';
  return getJson(`${UWS}/${encodeURIComponent(list)}/${encodeURIComponent(id)}${q}`, {
    auth: true, signal, timeout: ((wait || 0) + 30) * 1000,
  });
}

export async function abort(list, id) {
  await request(`${UWS}/${list}/${id}/phase`, { method: 'POST', auth: true, body: form({ PHASE: 'ABORT' }) });
}

export async function remove(list, id) {
  await request(`${UWS}/${list}/${id}`, { method: 'POST', auth: true, body: form({ ACTION: 'DELETE' }) });
}

/** W3C PROV-JSON of a finished job, or null when the service has none for it. */
export async function provenance(list, id) {
  try {
    return await getJson(`${UWS}/${list}/${id}/provenance`, { auth: true });
  } catch (e) {
    if (e.status === 404 || e.status === 409 || e.status === 400) return null;
    throw e;
  }
}

/** A result's content as a Blob: results are owner-scoped, so an <img src> without credentials would be refused. */
export async function resultBlob(href) {
  const res = await request(localPath(href), { auth: true, timeout: 120000 });
  return res.blob();
}

/** Checks credentials against the service: resolves when they are accepted. */
export async function checkCredentials() {
  await request(`${UWS}/spectrum?LAST=1`, { auth: true, headers: { Accept: 'application/json' } });
}
