// The signed-in user (local HTTP Basic scheme of uws-service). Kept in sessionStorage: gone when the tab closes, never
// written to localStorage or cookies.
const KEY = 'gammavo.session';

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY)) || {};
  } catch {
    return {};
  }
}

const listeners = new Set();

export const session = {
  ...load(),
  set(user, password) {
    this.user = user;
    this.password = password;
    sessionStorage.setItem(KEY, JSON.stringify({ user, password }));
    listeners.forEach(f => f());
  },
  clear() {
    this.user = undefined;
    this.password = undefined;
    sessionStorage.removeItem(KEY);
    listeners.forEach(f => f());
  },
  onChange(f) {
    listeners.add(f);
  },
};
