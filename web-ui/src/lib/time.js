// Calendar dates ↔ MJD. ObsCore times are MJD; people think in dates. The sub-minute difference between TT and UTC
// does not matter for choosing observations by day.
const MJD_EPOCH_MS = Date.UTC(1858, 10, 17);
const DAY_MS = 86400000;

/** MJD at 00:00 UTC of a 'YYYY-MM-DD' date, or null when it is not a date. */
export function dateToMjd(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!m) return null;
  return (Date.UTC(+m[1], +m[2] - 1, +m[3]) - MJD_EPOCH_MS) / DAY_MS;
}

export function mjdToDate(mjd) {
  return new Date(MJD_EPOCH_MS + mjd * DAY_MS);
}

/** 'YYYY-MM-DD HH:MM' (UTC) of an MJD. */
export function mjdToText(mjd, withTime = true) {
  if (!Number.isFinite(mjd)) return '';
  const iso = mjdToDate(mjd).toISOString();
  return withTime ? iso.slice(0, 16).replace('T', ' ') : iso.slice(0, 10);
}
