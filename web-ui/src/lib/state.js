// What the search hands to the analysis form: the resolved target and the selected observations. Kept in
// sessionStorage, so a reload or a bookmarked analysis form in the same tab still knows them.
const KEY = 'gammavo.search';

function load() {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY));
    return { target: s?.target || null, selection: new Map(s?.selection || []) };
  } catch {
    return { target: null, selection: new Map() };
  }
}

export const state = {
  ...load(),
  /** Call after changing target or selection. */
  save() {
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ target: this.target, selection: [...this.selection] }));
    } catch { /* storage full or unavailable: the state still lives in memory */ }
  },
};
