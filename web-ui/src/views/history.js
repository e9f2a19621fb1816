// The query history page (/history): a signed-in user's sync queries (recorded by tap-service) and async ones (their
// UWS job list), or an anonymous user's queries kept in this browser. Each can be rerun or edited on the search page;
// row counts are compared with the previous run of the same query.
import { h, busy, errorBox } from '../lib/dom.js';
import { session } from '../lib/session.js';
import { localHistory, forgetLocally, clearLocal, withComparisons, rowText } from '../lib/history.js';
import { serverHistory, asyncHistory, forget, forgetAll } from '../api/history.js';
import { phaseBadge } from './jobs.js';

/** The entry the search page reruns or edits, handed over in memory (a query can be longer than a URL may be). */
export const handover = { entry: null, run: false };

export function historyView({ navigate }) {
  const body = h('div', { 'aria-live': 'polite' });
  const el = h('section', { class: 'panel history' }, h('h2', { tabindex: '-1' }, 'Query history'), body);
  let visible = false;

  async function entries() {
    if (!session.user) return localHistory();
    const [sync, async] = await Promise.all([serverHistory(), asyncHistory().catch(() => [])]);
    return [...sync, ...async];
  }

  function open(entry, run) {
    handover.entry = entry;
    handover.run = run;
    navigate(run ? '/?rerun=1' : '/?edit=1');
  }

  async function remove(entry) {
    if (entry.kind === 'sync' && entry.serverId !== undefined) await forget(entry);
    else forgetLocally(entry.id);
    load();
  }

  async function load() {
    body.replaceChildren(busy('Loading your queries…'));
    try {
      const list = withComparisons(await entries());
      render(list);
    } catch (e) {
      body.replaceChildren(errorBox(e, 'The query history could not be loaded'));
    }
  }

  function render(list) {
    const who = session.user
      ? h('p', { class: 'hint' }, `Queries of ${session.user}: synchronous ones as recorded by the TAP service, asynchronous ones from your job list. Nobody else sees them.`)
      : h('p', { class: 'hint' }, 'You are not signed in: your queries are kept in this browser only. Sign in to keep them with your account.');
    const clear = list.some(e => e.kind === 'sync') ? h('button', { type: 'button', class: 'small secondary', onclick: async () => {
      if (session.user) await forgetAll(); else clearLocal();
      load();
    } }, 'Clear the history') : '';
    body.replaceChildren(who, list.length ? h('table', { class: 'history-table' },
      h('caption', { class: 'visually-hidden' }, 'Your queries, newest first'),
      h('thead', {}, h('tr', {}, ['When (UTC)', 'Kind', 'Query', 'Rows', 'Compared with the run before', ''].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, list.map(e => h('tr', { 'data-history': e.id },
        h('td', {}, String(e.created || '').replace('T', ' ').slice(0, 19)),
        h('td', {}, e.kind === 'async' ? h('span', {}, 'async ', h('a', { href: `/jobs/async/${e.jobId}` }, e.jobId.slice(0, 8)), ' ', phaseBadge(e.phase)) : 'sync'),
        h('td', {}, h('pre', { class: 'history-query', title: e.query }, e.query), e.truncated ? h('p', { class: 'warn' }, 'Too long to keep whole: shown cut.') : ''),
        h('td', { class: 'num history-rows' }, rowText(e)),
        h('td', { class: 'history-delta' }, e.delta === null || e.delta === undefined ? (e.previous ? '—' : 'first run')
          : e.delta === 0 ? `same (${e.previous.rows})` : `${e.delta > 0 ? '+' : ''}${e.delta} (was ${e.previous.rows})`),
        h('td', { class: 'actions' },
          h('button', { type: 'button', class: 'small', disabled: !!e.truncated, onclick: () => open(e, true) }, 'Rerun'), ' ',
          h('button', { type: 'button', class: 'small secondary', onclick: () => open(e, false) }, 'Edit'), ' ',
          e.kind === 'sync' ? h('button', { type: 'button', class: 'small secondary', 'aria-label': 'Delete from the history', onclick: () => remove(e) }, 'Delete') : '')))))
      : h('p', {}, 'No queries yet. ', h('a', { href: '/' }, 'Search the archive'), '.'), clear);
  }

  function show() {
    document.title = 'History — Gamma-ray VO';
    visible = true;
    load();
  }
  session.onChange(() => { if (visible) load(); });
  return { el, show, hide: () => { visible = false; } };
}
