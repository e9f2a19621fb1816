// Sign-in for the owner-scoped job lists: the local HTTP Basic scheme of uws-service (demo users alice/alice, bob/bob).
// The credentials are checked against the service before they are kept.
import { h } from '../lib/dom.js';
import { session } from '../lib/session.js';
import { checkCredentials } from '../api/uws.js';
import { oidcConfig, beginSignIn } from '../lib/oidc.js';

let dialog;

/** Opens the sign-in dialog; resolves true once signed in, false when cancelled. */
export async function openSignIn(reason) {
  // With an OpenID Connect issuer its own login page is offered first (the page comes back here afterwards); the
  // local accounts' form stays below it for HTTP Basic.
  const oidc = await oidcConfig();
  return new Promise(resolve => {
    dialog?.remove();
    const user = h('input', { id: 'signin-user', name: 'username', autocomplete: 'username', required: true });
    const password = h('input', { id: 'signin-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const msg = h('p', { class: 'form-msg', role: 'status' });
    const submit = h('button', { type: 'submit' }, 'Sign in');
    dialog = h('dialog', { class: 'signin', 'aria-labelledby': 'signin-title' },
      h('form', {
        method: 'dialog',
        onsubmit: async e => {
          e.preventDefault();
          submit.disabled = true;
          msg.className = 'form-msg busy';
          msg.textContent = 'Checking…';
          const before = { user: session.user, password: session.password };
          session.user = user.value.trim();
          session.password = password.value;
          try {
            await checkCredentials();
            session.set(session.user, session.password);
            dialog.close();
            resolve(true);
          } catch (err) {
            session.user = before.user;
            session.password = before.password;
            msg.className = 'form-msg error';
            msg.textContent = err.status === 401 ? 'Unknown user name or wrong password.' : err.message;
            submit.disabled = false;
          }
        },
      },
      h('h2', { id: 'signin-title' }, 'Sign in'),
      reason ? h('p', {}, reason) : null,
      oidc ? h('div', { class: 'oidc' },
        h('button', { type: 'button', id: 'signin-oidc', onclick: () => beginSignIn() },
          `Sign in with your account at ${new URL(oidc.issuer).host}`),
        h('p', { class: 'hint' }, 'Single sign-on (OpenID Connect). Or use a local account:')) : null,
      h('p', { class: 'hint' }, 'Your analysis jobs are private to you. On a local platform the demo users are alice and bob (password = user name).'),
      h('p', { class: 'hint', id: 'signin-memory' }, 'Your password is kept in this page’s memory only, never stored in the browser: reloading the page or opening a new tab asks you to sign in again.'),
      h('label', { for: 'signin-user' }, 'User name'), user,
      h('label', { for: 'signin-password' }, 'Password'), password,
      msg,
      h('div', { class: 'actions' }, submit,
        h('button', { type: 'button', class: 'secondary', onclick: () => { dialog.close(); resolve(false); } }, 'Cancel'))));
    document.body.append(dialog);
    dialog.addEventListener('cancel', () => resolve(false));
    dialog.showModal();
    user.focus();
  });
}

/** Resolves true when signed in (asking if needed). */
export async function ensureSignedIn(reason) {
  return session.user ? true : openSignIn(reason);
}
