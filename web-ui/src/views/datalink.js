// DataLink panel of one observation: the DL3 file (#this), its IRFs (#calibration), the preview image (#preview) and a
// form for the cutout service (#cutout, from its service descriptor).
import { h, busy, errorBox, bytes } from '../lib/dom.js';
import { datalink } from '../api/tap.js';
import { localPath, request } from '../api/http.js';
import { state } from '../lib/state.js';

export function datalinkPanel(container) {
  let ctl;

  function clear() {
    ctl?.abort();
    container.replaceChildren();
  }

  async function show(row) {
    ctl?.abort();
    ctl = new AbortController();
    const did = row.obs_publisher_did;
    const body = h('div', {}, busy('Loading the data links…'));
    const section = h('section', { class: 'panel datalink', 'aria-labelledby': 'dl-title' },
      h('div', { class: 'panel-head' }, h('h3', { id: 'dl-title', tabindex: '-1' }, `Data of observation ${row.obs_id ?? did}`),
        h('button', { type: 'button', class: 'small secondary', onclick: clear, 'aria-label': 'Close the data links' }, 'Close')),
      h('p', { class: 'hint' }, h('code', {}, did), ' · ', row.facility_name || '', row.facility_name === 'H.E.S.S.' ? ' — data: H.E.S.S. collaboration, DL3 DR1 (2018)' : ''),
      body);
    container.replaceChildren(section);
    section.querySelector('h3').focus({ preventScroll: true });
    section.scrollIntoView({ behavior: 'smooth', block: 'start' });
    try {
      const dl = await datalink(did, ctl.signal);
      if (dl.error) throw new Error(dl.error);
      const links = dl.rows.filter(r => r.ID === did);
      const errors = links.filter(r => r.error_message);
      const files = links.filter(r => r.access_url && r.semantics !== '#preview');
      const preview = links.find(r => r.semantics === '#preview' && r.access_url);
      const cutout = links.find(r => r.service_def);
      const descriptor = cutout && dl.resources.find(s => s.id === cutout.service_def);
      body.replaceChildren(
        errors.length ? h('div', { class: 'error', role: 'alert' }, errors.map(e => h('p', {}, e.error_message))) : '',
        h('div', { class: 'dl-grid' },
          h('div', {},
            h('h4', {}, 'Files'),
            h('ul', { class: 'links' }, files.map(f => h('li', {},
              h('a', { href: localPath(f.access_url), download: '' }, label(f)),
              h('span', { class: 'hint' }, ` ${f.content_type || ''}${f.content_length ? ', ' + bytes(f.content_length) : ''} — ${f.description}`)))),
            descriptor ? cutoutForm(did, descriptor, cutout) : ''),
          preview ? h('figure', { class: 'preview' },
            h('img', { src: localPath(preview.access_url), alt: `${preview.description} of observation ${row.obs_id}`, loading: 'lazy', width: 320 }),
            h('figcaption', {}, preview.description)) : ''));
    } catch (e) {
      if (e.name === 'AbortError') return;
      body.replaceChildren(errorBox(e, 'The data links could not be loaded'));
    }
  }

  return { show, clear };
}

function label(link) {
  if (link.semantics === '#this') return link.content_qualifier === 'hea-event-bundle' ? 'DL3 event file (FITS)' : `${link.content_qualifier || 'File'} (FITS)`;
  if (link.semantics === '#calibration') return `IRF: ${link.content_qualifier || 'response'}`;
  if (link.semantics === '#progenitor') return 'Event bundle links';
  return link.semantics;
}

/** A form for the SODA-like cutout service: circle around the target (or pointing), energy and time range. */
function cutoutForm(did, descriptor, link) {
  const t = state.target;
  const field = (id, text, attrs) => h('div', { class: 'field' }, h('label', { for: id }, text), h('input', { id, ...attrs }));
  const msg = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'small' }, 'Download cutout');
  const form = h('form', { class: 'cutout', method: 'get', action: localPath(descriptor.accessURL),
    onsubmit: async e => {
      e.preventDefault();
      const f = new FormData(form);
      const p = new URLSearchParams({ ID: did });
      const ra = f.get('ra'), dec = f.get('dec'), r = f.get('r');
      if (ra && dec && r) p.set('POS', `CIRCLE ${ra} ${dec} ${r}`);
      if (f.get('e0') || f.get('e1')) p.set('ENERGY', `${f.get('e0') || '-Inf'} ${f.get('e1') || '+Inf'}`);
      // Fetched rather than navigated to, so that a refusal is shown here in words instead of replacing the page.
      submit.disabled = true;
      msg.replaceChildren(busy('Cutting the events…'));
      try {
        const res = await request(`${localPath(descriptor.accessURL)}?${p}`, { timeout: 300000 });
        const name = /filename="?([^";]+)/.exec(res.headers.get('Content-Disposition') || '')?.[1] || 'cutout.fits';
        const url = URL.createObjectURL(await res.blob());
        const a = h('a', { href: url, download: name });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
        msg.replaceChildren(h('p', { class: 'ok' }, `Downloaded ${name}.`));
      } catch (err) {
        msg.replaceChildren(errorBox(err, 'The cutout failed'));
      } finally {
        submit.disabled = false;
      }
    } },
  h('h4', {}, 'Cutout'), h('p', { class: 'hint' }, link.description),
  h('div', { class: 'row' },
    field('cut-ra', 'RA (deg)', { name: 'ra', type: 'number', step: 'any', min: 0, max: 360, value: t ? t.ra.toFixed(4) : '' }),
    field('cut-dec', 'Dec (deg)', { name: 'dec', type: 'number', step: 'any', min: -90, max: 90, value: t ? t.dec.toFixed(4) : '' }),
    field('cut-r', 'Radius (deg)', { name: 'r', type: 'number', step: 'any', min: 0.01, max: 10, value: '0.5' }),
    field('cut-e0', 'E min (TeV)', { name: 'e0', type: 'number', step: 'any', min: 0 }),
    field('cut-e1', 'E max (TeV)', { name: 'e1', type: 'number', step: 'any', min: 0 })),
  submit, msg);
  return form;
}
