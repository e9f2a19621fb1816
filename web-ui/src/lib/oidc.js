// Sign-in with the platform's OpenID Connect issuer (Keycloak locally, a site's own issuer elsewhere): authorization
// code with PKCE (RFC 7636, S256) for the public client the gateway names in /oidc-config.json. Tokens live in this
// page's memory only (lib/session.js); sessionStorage holds the one-time PKCE verifier and state between the redirect
// and the callback (removed as soon as they are used) and a "was signed in" flag, which holds no secret: a reload
// signs in again silently (prompt=none) while the issuer's own session lasts.
import { session } from './session.js';

const PENDING = 'gammavo.oidc.pending';
const SIGNED_IN = 'gammavo.oidc.signedIn';
let config; // {issuer, clientId, endpoints}
let refreshTimer;

/** The issuer's settings, or null when the platform has no OIDC issuer (then the local HTTP Basic sign-in is used). */
export async function oidcConfig() {
  if (config !== undefined) return config;
  try {
    const res = await fetch('/oidc-config.json', { credentials: 'omit', headers: { Accept: 'application/json' } });
    const c = res.ok && /json/.test(res.headers.get('content-type') || '') ? await res.json() : null;
    if (!c?.issuer || !c?.clientId) return (config = null);
    const d = await (await fetch(`${c.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { credentials: 'omit' })).json();
    config = { ...c, endpoints: d };
  } catch {
    config = null;
  }
  return config;
}

export function b64url(bytes) {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random(n = 32) {
  return b64url(crypto.getRandomValues(new Uint8Array(n)));
}

/** The S256 code challenge of a verifier (RFC 7636 §4.2). */
export async function challengeOf(verifier) {
  return b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
}

/** The claims of a JWT, without checking it (the services check tokens; the page only reads its own user's name). */
export function claims(jwt) {
  const part = String(jwt || '').split('.')[1];
  if (!part) return {};
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, c => c.charCodeAt(0))));
}

function redirectUri() {
  return `${location.origin}/`;
}

/** Leaves for the issuer's login page; comes back to the page the user was on. `silent`: prompt=none. */
export async function beginSignIn({ silent = false } = {}) {
  const c = await oidcConfig();
  if (!c) throw new Error('no OpenID Connect issuer is configured');
  const verifier = random(48);
  const state = random(16);
  const nonce = random(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce, back: location.pathname + location.search }));
  const q = new URLSearchParams({
    response_type: 'code', client_id: c.clientId, redirect_uri: redirectUri(), scope: 'openid profile',
    state, nonce, code_challenge: await challengeOf(verifier), code_challenge_method: 'S256',
  });
  if (silent) q.set('prompt', 'none');
  location.assign(`${c.endpoints.authorization_endpoint}?${q}`);
  return new Promise(() => {}); // the page is leaving
}

async function tokenRequest(params) {
  const c = await oidcConfig();
  const res = await fetch(c.endpoints.token_endpoint, {
    method: 'POST', credentials: 'omit', body: new URLSearchParams({ client_id: c.clientId, ...params }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error_description || body.error || `token endpoint: HTTP ${res.status}`);
  return body;
}

function keep(tokens) {
  const idc = claims(tokens.id_token || session.idToken);
  const user = idc.preferred_username || claims(tokens.access_token).preferred_username;
  session.setToken(user, idc.name || user, tokens.access_token, tokens.id_token || session.idToken);
  session.refreshToken = tokens.refresh_token;
  sessionStorage.setItem(SIGNED_IN, '1');
  clearTimeout(refreshTimer);
  // Refresh a little before the access token expires (Keycloak's default lifespan: 5 min).
  const ms = Math.max(5, (Number(tokens.expires_in) || 300) - 30) * 1000;
  refreshTimer = setTimeout(() => refresh().catch(() => signedOutLocally()), ms);
}

/** Exchanges a fresh refresh token for new tokens (called on a timer, and by tests). */
export async function refresh() {
  if (!session.refreshToken) throw new Error('not signed in');
  keep(await tokenRequest({ grant_type: 'refresh_token', refresh_token: session.refreshToken }));
}

function signedOutLocally() {
  clearTimeout(refreshTimer);
  sessionStorage.removeItem(SIGNED_IN);
  session.refreshToken = undefined;
  session.clear();
}

/**
 * At page load: finishes a sign-in whose redirect came back (?code&state), or signs in silently after a reload.
 * Returns true when the URL was a callback (the router then shows the page the user came from).
 */
export async function completeSignIn() {
  const q = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  if (pending && q.get('state') && (q.get('code') || q.get('error'))) {
    sessionStorage.removeItem(PENDING);
    history.replaceState({}, '', pending.back || '/');
    if (q.get('state') !== pending.state) throw new Error('the sign-in answer does not match the request (state)');
    if (q.get('error')) {
      sessionStorage.removeItem(SIGNED_IN);
      if (q.get('error') === 'login_required') return true; // silent sign-in: the issuer's session has ended
      throw new Error(q.get('error_description') || q.get('error'));
    }
    const tokens = await tokenRequest({ grant_type: 'authorization_code', code: q.get('code'),
      redirect_uri: redirectUri(), code_verifier: pending.verifier });
    if (claims(tokens.id_token).nonce !== pending.nonce) throw new Error('the sign-in answer does not match the request (nonce)');
    keep(tokens);
    return true;
  }
  if (sessionStorage.getItem(SIGNED_IN) && await oidcConfig()) await beginSignIn({ silent: true });
  return false;
}

/** Ends the session here and at the issuer (RP-initiated logout), then comes back to the search. */
export async function signOut() {
  const c = await oidcConfig();
  const idToken = session.idToken;
  signedOutLocally();
  if (c?.endpoints.end_session_endpoint) {
    const q = new URLSearchParams({ client_id: c.clientId, post_logout_redirect_uri: redirectUri() });
    if (idToken) q.set('id_token_hint', idToken);
    location.assign(`${c.endpoints.end_session_endpoint}?${q}`);
  }
}
