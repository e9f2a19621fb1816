// The signed-in user (local HTTP Basic scheme of uws-service). Kept in this page's memory only: never written to
// sessionStorage, localStorage, IndexedDB or cookies, where another script or a later visitor of the same browser
// profile could read the password. A reload or a new tab asks to sign in again.
const listeners = new Set();

export const session = {
  user: undefined,
  password: undefined,
  set(user, password) {
    this.user = user;
    this.password = password;
    listeners.forEach(f => f());
  },
  clear() {
    this.user = undefined;
    this.password = undefined;
    listeners.forEach(f => f());
  },
  onChange(f) {
    listeners.add(f);
  },
};
