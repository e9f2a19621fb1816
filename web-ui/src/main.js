// The single-page app: a history router over a few views. Views keep their DOM between visits, so going from the search
// to a job and back leaves the search, its results and its selection as they were.
import './style.css';
import { h } from './lib/dom.js';
import { session } from './lib/session.js';
import { searchView } from './views/search.js';
import { analysisView } from './views/analysis.js';
import { jobsView } from './views/jobs.js';
import { jobView } from './views/job.js';
import { statusView } from './views/status.js';
import { historyView } from './views/history.js';
import { basketView } from './views/basket.js';
import { basket } from './lib/basket.js';
import { openSignIn } from './views/signin.js';
import { completeSignIn, signOut } from './lib/oidc.js';

const app = document.getElementById('app');
const cache = new Map();

// Path → view. A view is {el, show(params)}; `key` decides which instance is reused.
const ROUTES = [
  [/^\/$/, () => ['search', searchView]],
  [/^\/analyses\/([\w-]+)$/, m => ['analysis', analysisView, { list: m[1] }]],
  [/^\/jobs$/, () => ['jobs', jobsView]],
  [/^\/jobs\/([\w-]+)\/([\w-]+)$/, m => [`job`, jobView, { list: m[1], id: m[2] }]],
  [/^\/status$/, () => ['status', statusView]],
  [/^\/history$/, () => ['history', historyView]],
  [/^\/basket$/, () => ['basket', basketView]],
];

export function navigate(path) {
  if (path !== location.pathname + location.search) history.pushState({}, '', path);
  render();
}

function render() {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  let found;
  for (const [re, f] of ROUTES) {
    const m = path.match(re);
    if (m) { found = f(m); break; }
  }
  if (!found) {
    app.replaceChildren(h('section', { class: 'panel' }, h('h2', {}, 'Page not found'),
      h('p', {}, 'There is nothing at ', h('code', {}, location.pathname), '. ', h('a', { href: '/' }, 'Back to the search'), '.')));
    document.title = 'Not found — Gamma-ray VO';
    return;
  }
  const [key, factory, params = {}] = found;
  let view = cache.get(key);
  if (!view) {
    view = factory({ navigate });
    cache.set(key, view);
  }
  cache.forEach((v, k) => { if (k !== key) v.hide?.(); });
  if (app.firstChild !== view.el) app.replaceChildren(view.el);
  view.show(params, new URLSearchParams(location.search));
  for (const a of document.querySelectorAll('nav.main a')) {
    const here = a.getAttribute('href') === '/' ? path === '/' : path.startsWith(a.getAttribute('href'));
    if (here) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  // Move focus to the new page's heading for screen-reader and keyboard users (not on the first load).
  if (rendered) view.el.querySelector('h2')?.focus({ preventScroll: true });
  rendered = true;
}
let rendered = false;

// Same-origin links inside the app are routed without a reload; downloads and new tabs behave as usual.
document.addEventListener('click', e => {
  const a = e.target.closest('a');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !/^\/(jobs|analyses|status|history|basket)?(\/|$)/.test(url.pathname) || url.pathname.startsWith('/tap')) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener('popstate', render);

function userBox() {
  const box = document.getElementById('user');
  const update = () => box.replaceChildren(session.user
    ? h('span', {}, 'Signed in as ', h('strong', { title: session.user }, session.displayName || session.user), ' ',
      h('button', { type: 'button', class: 'link', onclick: () => (session.token ? signOut() : session.clear()) }, 'Sign out'))
    : h('button', { type: 'button', onclick: () => openSignIn() }, 'Sign in'));
  session.onChange(update);
  update();
}

userBox();
// The basket's size in the menu, for whoever is signed in (each user has their own basket).
function basketCount() {
  const link = document.querySelector('nav.main a[href="/basket"]');
  const update = () => { if (link) link.textContent = basket.size() ? `Basket (${basket.size()})` : 'Basket'; };
  basket.onChange(update);
  update();
}
basketCount();
// An OIDC sign-in coming back (?code&state) is finished before the first view asks who is signed in.
completeSignIn().catch(e => {
  document.getElementById('user').prepend(h('span', { class: 'error', role: 'alert' }, `Sign-in failed: ${e.message} `));
}).finally(render);
