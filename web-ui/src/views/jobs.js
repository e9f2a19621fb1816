// The signed-in user's jobs across the analysis job lists, with live phases: polled with back-off (1 s doubling to 15 s)
// while a job is unfinished, and not at all when none is or the page is not shown.
import { h, busy, errorBox } from '../lib/dom.js';
import { jobLists, jobs, FINAL } from '../api/uws.js';
import { ensureSignedIn } from './signin.js';
import { session } from '../lib/session.js';

export function phaseBadge(phase) {
  return h('span', { class: `phase phase-${(phase || '').toLowerCase()}` }, phase);
}

export function jobsView() {
  const body = h('div', { 'aria-live': 'polite' });
  const el = h('section', { class: 'panel jobs' }, h('h2', { tabindex: '-1' }, 'My jobs'), body);
  let timer, delay = 1000, visible = false, lists = null;

  function hide() {
    visible = false;
    clearTimeout(timer);
  }

  async function refresh() {
    clearTimeout(timer);
    if (!visible) return;
    try {
      lists ??= (await jobLists()).filter(l => l.id !== 'selftest');
      const all = (await Promise.all(lists.map(l => jobs(l.id, 30).catch(() => [])))).flat()
        .sort((a, b) => String(b.creationTime).localeCompare(String(a.creationTime)));
      render(all);
      const running = all.some(j => !FINAL.has(j.phase));
      delay = running ? Math.min(delay * 2, 15000) : 1000;
      if (running) timer = setTimeout(refresh, delay);
    } catch (e) {
      body.replaceChildren(errorBox(e, 'The job list could not be loaded'));
      timer = setTimeout(refresh, 15000);
    }
  }

  function render(all) {
    body.replaceChildren(
      h('p', { class: 'hint' }, `Jobs of ${session.user}. `, h('a', { href: '/' }, 'Start a new analysis from a search'),
        ', or directly: ', (lists || []).filter(l => l.id !== 'async').flatMap((l, i) => [i ? ' · ' : '',
          h('a', { href: `/analyses/${l.id}`, title: l.title }, l.id)])),
      all.length ? h('table', { class: 'job-table' },
        h('caption', { class: 'visually-hidden' }, 'Your jobs, newest first'),
        h('thead', {}, h('tr', {}, ['Job', 'Analysis', 'Phase', 'Created (UTC)', 'Run id'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, all.map(j => h('tr', { 'data-job': j.jobId },
          h('td', {}, h('a', { href: `/jobs/${j.jobList}/${j.jobId}` }, j.jobId.slice(0, 8))),
          h('td', {}, j.jobList), h('td', {}, phaseBadge(j.phase)),
          h('td', {}, (j.creationTime || '').replace('T', ' ').slice(0, 19)), h('td', {}, j.runId || '')))))
        : h('p', {}, 'No jobs yet.'));
  }

  async function show() {
    document.title = 'Jobs — Gamma-ray VO';
    visible = true;
    delay = 1000;
    body.replaceChildren(busy('Loading your jobs…'));
    if (!await ensureSignedIn('Your jobs are private: please sign in to see them.')) {
      body.replaceChildren(h('p', {}, 'Sign in to see your jobs.'));
      return;
    }
    refresh();
  }
  session.onChange(() => { if (visible) show(); });
  return { el, show, hide };
}
