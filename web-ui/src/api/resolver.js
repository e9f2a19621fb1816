// Client of resolver-service's JSON API (/resolver/api): one name → position, and type-ahead suggestions.
import { getJson, UserError } from './http.js';

/** {found, canonicalName, ra, dec, aliases, catalogue, objectClass, extension, suggestions} for a name. */
export async function resolve(name, signal) {
  try {
    return await getJson(`/resolver/api/resolve?name=${encodeURIComponent(name)}`, { signal, timeout: 20000 });
  } catch (e) {
    // 404 carries "did you mean" suggestions: an answer, not a failure.
    if (e instanceof UserError && e.status === 404 && e.detail) return JSON.parse(e.detail);
    throw e;
  }
}

/** Up to `limit` names starting like q: [{name, canonicalName, ra, dec, catalogue, score}]. */
export function suggest(q, limit = 8, signal) {
  return getJson(`/resolver/api/suggest?q=${encodeURIComponent(q)}&limit=${limit}`, { signal, timeout: 10000 });
}

/** Angular distance in degrees between two ICRS positions (haversine: stable for small angles). */
export function separation(ra1, dec1, ra2, dec2) {
  const r = Math.PI / 180;
  const s = Math.sin((dec2 - dec1) * r / 2) ** 2 + Math.cos(dec1 * r) * Math.cos(dec2 * r) * Math.sin((ra2 - ra1) * r / 2) ** 2;
  return 2 * Math.asin(Math.min(1, Math.sqrt(s))) / r;
}

// The resolver has no cone search. Catalogue names encode positions (J HHMM...), so asking its type-ahead for
// "<catalogue> JHH" for each RA hour the circle touches gives every candidate with its position; we keep those within the
// radius. A few small requests per search, cached by prefix.
const CATALOGUES = ['TeV J', 'HESS J', 'VER J', 'MAGIC J', '3HWC J', '1LHAASO J', '3FHL J'];
const byPrefix = new Map();

function candidates(prefix) {
  if (!byPrefix.has(prefix)) byPrefix.set(prefix, suggest(prefix, 100).catch(() => []));
  return byPrefix.get(prefix);
}

/** Catalogue sources within `radius` degrees of (ra, dec): [{name, ra, dec, catalogue, sep}], nearest first. */
export async function sourcesAround(ra, dec, radius) {
  const halfWidth = Math.min(180, radius / Math.max(0.01, Math.cos(Math.min(89, Math.abs(dec) + radius) * Math.PI / 180)));
  const hours = new Set();
  for (let a = ra - halfWidth; a <= ra + halfWidth + 1e-9; a += 1) hours.add(Math.floor((((a % 360) + 360) % 360) / 15));
  hours.add(Math.floor((((ra + halfWidth) % 360 + 360) % 360) / 15));
  const prefixes = CATALOGUES.flatMap(c => [...hours].map(h => c + String(h).padStart(2, '0')));
  const lists = await Promise.all(prefixes.map(candidates));
  const byName = new Map();
  for (const s of lists.flat()) {
    const sep = separation(ra, dec, s.ra, s.dec);
    if (sep <= radius) byName.set(s.canonicalName || s.name, { name: s.canonicalName || s.name, ra: s.ra, dec: s.dec, catalogue: s.catalogue, sep });
  }
  return [...byName.values()].sort((a, b) => a.sep - b.sep);
}
