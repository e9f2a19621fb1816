// One job, bookmarkable at /jobs/{jobList}/{jobId}: phase (live, through UWS blocking WAIT), parameters, results (PNG
// inline, JSON summarised, files downloadable), log excerpt, error summary, provenance graph, abort and delete.
import { h, busy, errorBox, bytes } from '../lib/dom.js';
import { job as getJob, abort, remove, provenance, resultBlob, FINAL } from '../api/uws.js';
import { ensureSignedIn } from './signin.js';
import { phaseBadge } from './jobs.js';
import { drawProvenance } from '../plots/provenance.js';

const WAIT = 20; // seconds per blocking request: long enough to be cheap, short enough to survive proxies

export function jobView({ navigate }) {
  const title = h('h2', { tabindex: '-1' }, 'Job');
  const body = h('div');
  const el = h('section', { class: 'panel job' }, title, body);
  let current = null; // {list, id}
  let generation = 0; // bumps on every show/hide: stale loops and fetches stop themselves
  const urls = [];
  let renderedPhase = null; // "<jobId>:<phase>" on screen: the page is redrawn only when that changes

  function hide() {
    generation++;
    urls.splice(0).forEach(u => URL.revokeObjectURL(u));
  }

  async function show({ list, id }) {
    hide();
    renderedPhase = null;
    const gen = generation;
    current = { list, id };
    document.title = `Job ${id.slice(0, 8)} — Gamma-ray VO`;
    title.textContent = `${list} job ${id.slice(0, 8)}`;
    body.replaceChildren(busy('Loading the job…'));
    if (!await ensureSignedIn('Jobs are private: please sign in to see this one.')) {
      body.replaceChildren(h('p', {}, 'Sign in to see this job.'));
      return;
    }
    let j;
    try {
      j = await getJob(list, id);
    } catch (e) {
      body.replaceChildren(errorBox(e, 'The job could not be loaded'), h('p', {}, h('a', { href: '/jobs' }, 'All my jobs')));
      return;
    }
    // Live phase: each request returns as soon as the phase changes (or after WAIT seconds), then asks again.
    let backoff = 1000;
    while (gen === generation) {
      await render(j, gen);
      if (FINAL.has(j.phase)) break;
      try {
        j = await getJob(list, id, { wait: WAIT, phase: j.phase });
        backoff = 1000;
      } catch (e) {
        if (gen !== generation) return;
        // A failed wait (network, restart) is retried with back-off rather than hammering the service.
        await new Promise(r => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 30000);
      }
    }
  }

  async function render(j, gen) {
    const { list, id } = current;
    const final = FINAL.has(j.phase);
    const phaseEl = h('p', { class: 'phase-line', role: 'status', id: 'job-phase' }, 'Phase: ', phaseBadge(j.phase),
      final ? '' : h('span', { class: 'spinner', 'aria-hidden': 'true' }),
      j.startTime ? ` · started ${j.startTime.replace('T', ' ').slice(0, 19)} UTC` : '',
      j.endTime ? ` · ended ${j.endTime.replace('T', ' ').slice(0, 19)} UTC` : '');
    const actions = h('div', { class: 'actions' },
      final ? '' : h('button', { type: 'button', class: 'secondary', onclick: async e => {
        e.target.disabled = true;
        try { await abort(list, id); } catch (err) { alertIn(actions, err, 'Could not abort'); e.target.disabled = false; }
      } }, 'Abort'),
      h('button', { type: 'button', class: 'danger', onclick: async e => {
        if (!confirm('Delete this job and its results?')) return;
        e.target.disabled = true;
        try { await remove(list, id); navigate('/jobs'); } catch (err) { alertIn(actions, err, 'Could not delete'); e.target.disabled = false; }
      } }, 'Delete'),
      h('a', { href: '/jobs', class: 'button secondary' }, 'All my jobs'));
    const params = h('table', { class: 'kv' }, h('caption', {}, 'Parameters'),
      h('tbody', {}, Object.entries(j.parameters || {}).map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, String(v))))));
    const error = j.errorSummary ? h('div', { class: 'error', role: 'alert', id: 'job-error' },
      h('strong', {}, j.phase === 'ABORTED' ? 'Aborted: ' : 'The analysis failed: '), friendly(j.errorSummary.message)) : '';
    // The executor puts the tail of the job's log into the error message: shown whole, as the log excerpt.
    const errorLog = j.errorSummary && j.errorSummary.message.trim() !== friendly(j.errorSummary.message)
      ? h('details', { open: true }, h('summary', {}, 'Log excerpt'), h('pre', { class: 'log' }, j.errorSummary.message.trim())) : '';
    const results = h('div', { class: 'results-list' });
    const log = h('div');
    const prov = h('div', { class: 'prov' });
    if (gen !== generation) return;
    // Keep the page steady while the phase has not changed (results only appear at the end).
    if (renderedPhase === `${id}:${j.phase}`) return;
    renderedPhase = `${id}:${j.phase}`;
    body.replaceChildren(phaseEl, error, errorLog, actions,
      h('div', { class: 'job-grid' }, h('div', {}, params), h('div', {}, h('h3', {}, 'Results'), results)),
      log, h('h3', {}, 'Provenance'), prov);
    if (!final) {
      results.append(h('p', { class: 'hint' }, 'Results appear here when the job has finished.'));
      prov.append(h('p', { class: 'hint' }, 'Provenance is recorded when the job has finished.'));
      return;
    }
    await showResults(j, results, log, gen);
    try {
      const p = await provenance(list, id);
      if (gen !== generation) return;
      if (p) drawProvenance(prov, p); else prov.append(h('p', { class: 'hint' }, 'No provenance recorded for this job.'));
    } catch (e) {
      prov.append(errorBox(e, 'Provenance unavailable'));
    }
  }

  async function showResults(j, box, logBox, gen) {
    const rs = j.results || [];
    if (!rs.length) { box.append(h('p', {}, 'This job has no results.')); return; }
    const list = h('ul', { class: 'links' });
    box.append(list);
    for (const r of rs) {
      const dl = h('button', { type: 'button', class: 'link', onclick: () => download(r) }, r.id);
      list.append(h('li', {}, dl, h('span', { class: 'hint' }, ` ${r.mimeType || ''}${r.size ? ', ' + bytes(r.size) : ''}`)));
    }
    for (const r of rs) {
      try {
        if (r.mimeType === 'image/png' || /\.png$/i.test(r.id)) {
          const url = URL.createObjectURL(await resultBlob(r.href));
          if (gen !== generation) return URL.revokeObjectURL(url);
          urls.push(url);
          box.prepend(h('figure', { class: 'result-image' }, h('img', { src: url, alt: `${r.id}: plot made by the job`, class: 'result-png', 'data-result': r.id }),
            h('figcaption', {}, r.id)));
        } else if (/json/.test(r.mimeType || '') && /summary/i.test(r.id) && r.size < 200000) {
          const data = JSON.parse(await (await resultBlob(r.href)).text());
          box.append(h('details', { open: true }, h('summary', {}, r.id), summaryTable(data)));
        } else if (/log|stderr|stdout/i.test(r.id) && r.size < 2e6) {
          const text = await (await resultBlob(r.href)).text();
          const lines = text.trimEnd().split('\n');
          logBox.append(h('details', { open: j.phase === 'ERROR' }, h('summary', {}, `Log excerpt: ${r.id} (last ${Math.min(40, lines.length)} of ${lines.length} lines)`),
            h('pre', { class: 'log' }, lines.slice(-40).join('\n'))));
        }
      } catch (e) {
        box.append(errorBox(e, `${r.id} could not be shown`));
      }
    }
  }

  async function download(r) {
    try {
      const url = URL.createObjectURL(await resultBlob(r.href));
      const a = h('a', { href: url, download: r.id });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (e) {
      alert(`${r.id} could not be downloaded: ${e.message}`);
    }
  }

  return { el, show, hide };
}

function alertIn(box, err, what) {
  box.after(errorBox(err, what));
}

/** Numbers and strings of a fit summary as a small table; nested objects flattened one level. */
function summaryTable(data) {
  const rows = [];
  for (const [k, v] of Object.entries(data)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v)) if (typeof v2 !== 'object') rows.push([`${k}.${k2}`, v2]);
    } else if (!Array.isArray(v)) rows.push([k, v]);
  }
  return h('table', { class: 'kv' }, h('tbody', {}, rows.slice(0, 40).map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k),
    h('td', {}, typeof v === 'number' ? (Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(3) : String(+v.toPrecision(5))) : String(v))))));
}

/** Executor messages are often stack-trace-like; keep their last meaningful line. */
function friendly(message) {
  const lines = String(message || 'unknown error').trim().split('\n').filter(Boolean);
  const last = lines.findLast(l => /error:/i.test(l)) || lines[lines.length - 1];
  const at = last.toLowerCase().lastIndexOf('error:');
  const text = at < 0 ? last : last.slice(at + 6).trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
