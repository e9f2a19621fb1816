// One fetch wrapper for every service: credentials, timeouts, and errors a user can read.
import { session } from '../lib/session.js';

/** An error whose message is meant for the user; `status` is the HTTP status (0 when the network failed). */
export class UserError extends Error {
  constructor(message, status = 0, detail = '') {
    super(message);
    this.status = status;
    this.detail = detail;
  }
}

const WHAT = {
  400: 'The request was not accepted',
  401: 'Please sign in first',
  403: 'You are not allowed to do this',
  404: 'Not found',
  413: 'The request is too large',
  500: 'The service failed',
  502: 'The service is not reachable right now',
  503: 'The service is starting or busy; try again in a moment',
  504: 'The service took too long to answer',
};

/** Same-origin path of an absolute URL a service returned (its host may be an internal one behind the gateway). */
export function localPath(url) {
  try {
    const u = new URL(url, location.origin);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

/**
 * fetch() with the signed-in user's credentials; rejects with a UserError whose message explains the failure, using
 * the service's own message when it sent one (DALI VOTable error, JSON problem or plain text).
 */
export async function request(url, { method = 'GET', body, headers = {}, auth = false, signal, timeout = 60000 } = {}) {
  const h = { ...headers };
  // Credentials only where needed, so public calls stay cacheable and never trigger the browser's login dialog.
  if (auth && session.token) h.Authorization = `Bearer ${session.token}`;
  else if (auth && session.user) h.Authorization = 'Basic ' + btoa(`${session.user}:${session.password}`);
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeout);
  if (signal) signal.addEventListener('abort', () => ctl.abort(), { once: true });
  let res;
  try {
    // credentials 'omit': we send Authorization ourselves, and the browser must not pop up its own login dialog on 401.
    res = await fetch(url, { method, body, headers: h, signal: ctl.signal, redirect: 'follow', credentials: 'omit' });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new UserError(ctl.signal.aborted ? 'The service took too long to answer' : 'The platform cannot be reached (network error)');
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    throw new UserError(`${WHAT[res.status] || `Request failed (HTTP ${res.status})`}${explain(text) ? ': ' + explain(text) : ''}`,
      res.status, text);
  }
  return res;
}

/** The service's own words from an error body, shortened; '' when there are none worth showing. */
export function explain(text) {
  if (!text) return '';
  const t = text.trim();
  if (t.startsWith('{')) {
    try {
      const j = JSON.parse(t);
      return String(j.message || j.detail || j.error || j.title || '').slice(0, 400);
    } catch { /* not JSON after all */ }
  }
  if (t.startsWith('<')) {
    // DALI errors: <INFO name="QUERY_STATUS" value="ERROR">message</INFO>
    const m = t.match(/<INFO[^>]*QUERY_STATUS[^>]*>([\s\S]*?)<\/INFO>/i);
    if (m) return decode(m[1].trim()).slice(0, 400);
    return '';
  }
  return t.slice(0, 400);
}

function decode(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

export async function getJson(url, opts = {}) {
  const res = await request(url, { ...opts, headers: { Accept: 'application/json', ...(opts.headers || {}) } });
  return res.json();
}

export function form(params) {
  const f = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') f.append(k, String(v));
  }
  return f;
}
