// The signed-in user: the local HTTP Basic scheme (user + password) or an OpenID Connect sign-in (lib/oidc.js: access
// and ID token, the name to show). Kept in this page's memory only: never written to sessionStorage, localStorage,
// IndexedDB or cookies, where another script or a later visitor of the same browser profile could read the password
// or a token.
const listeners = new Set();

export const session = {
  user: undefined,
  password: undefined,
  /** OIDC: the bearer token for the services, the ID token (for sign-out), the user's name to show. */
  token: undefined,
  idToken: undefined,
  displayName: undefined,
  set(user, password) {
    this.user = user;
    this.password = password;
    this.token = this.idToken = this.displayName = undefined;
    listeners.forEach(f => f());
  },
  setToken(user, displayName, token, idToken) {
    const changed = user !== this.user;
    this.user = user;
    this.password = undefined;
    this.displayName = displayName;
    this.token = token;
    this.idToken = idToken;
    if (changed) listeners.forEach(f => f()); // a refreshed token is the same user: views need not reload
  },
  clear() {
    this.user = undefined;
    this.password = undefined;
    this.token = this.idToken = this.displayName = undefined;
    listeners.forEach(f => f());
  },
  onChange(f) {
    listeners.add(f);
  },
};
