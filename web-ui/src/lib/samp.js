// SAMP Web Profile client (SAMP 1.3 §5): sends a table to TOPCAT, Aladin or any other application connected to the
// user's SAMP hub, which listens on http://localhost:21012/ and speaks XML-RPC. The hub asks its user to accept the
// page's registration once. No npm package does this (the astrojs sampjs library is not published there); SAMP needs
// only strings, lists and maps, so the XML-RPC subset below is all it takes.

export const HUB_URL = 'http://localhost:21012/';
const MTYPE = 'table.load.votable';
const NAME = 'Gamma-ray VO';
const MAX_URL = 4000;

/** The reason a send did not happen, in words: `code` is 'no-hub', 'refused', 'no-client' or 'hub-error'. */
export class SampError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function xml(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One XML-RPC value: strings, lists and maps (SAMP §3.3), as the Web Profile carries them. */
export function encode(v) {
  if (Array.isArray(v)) return `<value><array><data>${v.map(encode).join('')}</data></array></value>`;
  if (v && typeof v === 'object') {
    return `<value><struct>${Object.entries(v).map(([k, x]) => `<member><name>${xml(k)}</name>${encode(x)}</member>`).join('')}</struct></value>`;
  }
  return `<value><string>${xml(v ?? '')}</string></value>`;
}

export function methodCall(method, params) {
  return `<?xml version="1.0"?><methodCall><methodName>${xml(method)}</methodName><params>${
    params.map(p => `<param>${encode(p)}</param>`).join('')}</params></methodCall>`;
}

/** The value of an XML-RPC <value> element. */
export function decode(value) {
  const el = [...value.children][0];
  if (!el) return value.textContent; // a bare <value>text</value> is a string
  switch (el.localName) {
    case 'struct':
      return Object.fromEntries([...el.children].filter(m => m.localName === 'member').map(m => [
        [...m.children].find(c => c.localName === 'name').textContent,
        decode([...m.children].find(c => c.localName === 'value'))]));
    case 'array':
      return [...([...el.children].find(c => c.localName === 'data')?.children || [])].map(decode);
    case 'int': case 'i4': case 'i8': case 'double':
      return Number(el.textContent);
    case 'boolean':
      return el.textContent.trim() === '1';
    default:
      return el.textContent;
  }
}

/** Parses a methodResponse: its value, or throws the fault's string. */
export function parseResponse(text) {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const fault = doc.getElementsByTagName('fault')[0];
  if (fault) {
    const f = decode(fault.getElementsByTagName('value')[0]);
    throw new SampError('hub-error', f?.faultString || 'the SAMP hub refused the call');
  }
  const value = doc.getElementsByTagName('value')[0];
  return value ? decode(value) : null;
}

async function call(method, params, timeout = 10000) {
  let res;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeout);
  try {
    res = await fetch(HUB_URL, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: methodCall(method, params),
      credentials: 'omit', signal: ctl.signal });
  } catch {
    throw new SampError('no-hub', 'No SAMP hub is running: start TOPCAT or Aladin (each brings one), then send again.');
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok) throw new SampError('hub-error', `the SAMP hub answered HTTP ${res.status}`);
  return parseResponse(await res.text());
}

let registration; // Promise of {'samp.private-key', 'samp.self-id', ...}

/** Registers once per page; the hub asks its user to accept (up to two minutes to answer). */
function register() {
  registration ??= (async () => {
    let reg;
    try {
      reg = await call('samp.webhub.register', [{ 'samp.name': NAME }], 120000);
    } catch (e) {
      if (e.code === 'hub-error') throw new SampError('refused', 'The SAMP hub did not accept this page (registration refused).');
      throw e;
    }
    await call('samp.webhub.declareMetadata', [reg['samp.private-key'], {
      'samp.name': NAME, 'samp.description.text': 'Very-high-energy gamma-ray observations (TAP, ObsCore, DataLink)',
      'home.page': location.origin }]);
    addEventListener('pagehide', () => {
      fetch(HUB_URL, { method: 'POST', keepalive: true, headers: { 'Content-Type': 'text/xml' }, credentials: 'omit',
        body: methodCall('samp.webhub.unregister', [reg['samp.private-key']]) }).catch(() => {});
    });
    return reg;
  })();
  registration.catch(() => { registration = undefined; }); // a hub started later, or a refusal, may be retried
  return registration;
}

/**
 * Sends `table.load.votable` (SAMP MTypes: url, table-id, name) to every application subscribed to it. `url` must be
 * one the receiving application can fetch itself (an absolute TAP sync URL). Resolves to the names of the
 * applications it went to; rejects with a SampError saying why not.
 */
export async function sendTable({ url, name, tableId }) {
  // The services (and the gateway) take request lines up to 4096 bytes (Vert.x's default); a longer URL would fail
  // in the receiving application instead of here.
  if (url.length > MAX_URL) {
    throw new SampError('too-long', `This table is too large to send as a link (${url.length} characters, at most ${MAX_URL}): download it as VOTable and open the file in TOPCAT or Aladin.`);
  }
  for (let attempt = 0; ; attempt++) {
    const reg = await register();
    const key = reg['samp.private-key'];
    try {
      const subscribed = await call('samp.webhub.getSubscribedClients', [key, MTYPE]);
      const ids = Object.keys(subscribed || {});
      if (!ids.length) {
        throw new SampError('no-client', 'A SAMP hub is running, but no application that loads tables (TOPCAT, Aladin) is connected to it.');
      }
      await call('samp.webhub.notifyAll', [key, { 'samp.mtype': MTYPE,
        'samp.params': { url, 'table-id': tableId || url, name: name || 'table' } }]);
      const names = await Promise.all(ids.map(id => call('samp.webhub.getMetadata', [key, id])
        .then(m => m?.['samp.name'] || id).catch(() => id)));
      return names;
    } catch (e) {
      // A hub restarted since this page registered no longer knows its key: register again, once.
      if (e.code === 'hub-error' && attempt === 0) { registration = undefined; continue; }
      throw e;
    }
  }
}

/** A "Send to TOPCAT / Aladin" button: `what()` gives {url, name, tableId}; the button's text reports the outcome. */
export function sampButton(h, what, { id } = {}) {
  const label = 'Send to TOPCAT / Aladin (SAMP)';
  const status = h('span', { class: 'samp-status', role: 'status' });
  const button = h('button', { type: 'button', class: 'small secondary samp', id, title: 'SAMP Web Profile: to desktop tools on this computer',
    onclick: async () => {
      button.disabled = true;
      status.className = 'samp-status';
      status.textContent = 'Sending (accept the request in your SAMP hub if it asks)…';
      try {
        const names = await sendTable(what());
        button.textContent = label;
        status.className = 'samp-status ok';
        status.textContent = `Sent to ${names.join(', ')}.`;
      } catch (e) {
        if (e.code === 'no-hub') button.textContent = 'No SAMP hub running — start TOPCAT or Aladin, then retry';
        status.className = 'samp-status error';
        status.textContent = e.message;
      } finally {
        button.disabled = false;
      }
    } }, label);
  return h('span', { class: 'samp-send' }, button, ' ', status);
}
