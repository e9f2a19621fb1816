// The basket page (/basket): observations collected across searches and collections (lib/basket.js), on the sky and
// time plots; an analysis starts from them (the joint spectrum when they span instruments), the list downloads as
// VOTable or CSV, and goes to TOPCAT or Aladin over SAMP.
import { h, fmt, errorBox } from '../lib/dom.js';
import { basket, instruments, toVotable, toCsv, basketAdql } from '../lib/basket.js';
import { state } from '../lib/state.js';
import { mjdToText } from '../lib/time.js';
import { analyses } from '../api/uws.js';
import { syncUrl } from '../api/tap.js';
import { drawSky } from '../plots/sky.js';
import { drawTimeline } from '../plots/timeline.js';
import { sampButton } from '../lib/samp.js';

/** The vector mean of the pointings: the centre of the basket's sky plot. */
function centreOf(rows) {
  let x = 0, y = 0, z = 0;
  for (const r of rows) {
    const a = +r.s_ra * Math.PI / 180, d = +r.s_dec * Math.PI / 180;
    x += Math.cos(d) * Math.cos(a); y += Math.cos(d) * Math.sin(a); z += Math.sin(d);
  }
  const ra = (Math.atan2(y, x) * 180 / Math.PI + 360) % 360;
  return { ra, dec: Math.atan2(z, Math.hypot(x, y)) * 180 / Math.PI };
}

export function basketView({ navigate }) {
  const body = h('div');
  const el = h('section', { class: 'panel basket' }, h('h2', { tabindex: '-1' }, 'Basket'), body);
  const kindSelect = h('select', { id: 'basket-analysis-kind', 'aria-label': 'Analysis of the basket' });
  let kinds = null, downloads = [];

  async function loadKinds() {
    try {
      kinds ??= await analyses();
      const current = kindSelect.value;
      kindSelect.replaceChildren(...kinds.map(k => h('option', { value: k }, k)));
      if (current && kinds.includes(current)) kindSelect.value = current;
    } catch {
      kindSelect.replaceChildren(h('option', { value: '' }, 'analyses unavailable'));
    }
  }

  function download(text, type, name) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    downloads.push(url);
    return h('a', { href: url, download: name }, name.split('.').pop() === 'csv' ? 'CSV' : 'VOTable');
  }

  function startAnalysis() {
    // The analysis form reads the selection and the target the search would hand over.
    state.selection = new Map(basket.items().map(r => [r.obs_publisher_did, r]));
    state.target = state.target ?? null;
    state.save();
    navigate(`/analyses/${kindSelect.value}`);
  }

  function render() {
    downloads.forEach(u => URL.revokeObjectURL(u));
    downloads = [];
    const rows = basket.items();
    if (!rows.length) {
      body.replaceChildren(h('p', {}, 'The basket is empty. Select observations in a ', h('a', { href: '/' }, 'search'),
        ' and press “Add to basket”; it keeps them across searches and reloads.'));
      return;
    }
    const inst = instruments(rows);
    const joint = inst.length > 1;
    if (joint && kinds?.includes('spectrum')) kindSelect.value = 'spectrum';
    const skyBox = h('div', { class: 'plot-box', id: 'basket-sky' });
    const timeBox = h('div', { class: 'plot-box', id: 'basket-time' });
    const keys = new Set(rows.map(r => r.obs_publisher_did));
    const label = r => `${r.obs_collection ?? ''} ${r.obs_id ?? ''}`.trim();
    const placed = rows.filter(r => Number.isFinite(+r.s_ra) && Number.isFinite(+r.s_dec));
    if (placed.length) {
      drawSky(skyBox, { centre: centreOf(placed), radius: null, target: state.target,
        pointings: placed.map(r => ({ key: r.obs_publisher_did, label: label(r), ra: +r.s_ra, dec: +r.s_dec, fov: +r.s_fov })),
        selected: keys });
    }
    drawTimeline(timeBox, { observations: rows.map(r => ({ key: r.obs_publisher_did, label: label(r), tMin: +r.t_min, tMax: +r.t_max, exposure: +r.t_exptime })),
      selected: keys });
    const adql = basketAdql(rows);
    body.replaceChildren(
      h('p', { class: 'summary', id: 'basket-summary' }, `${rows.length} observation${rows.length > 1 ? 's' : ''} from ${inst.join(', ') || 'unknown instruments'}`,
        joint ? ' — they span instruments: the spectrum analysis fits them jointly.' : '.'),
      h('div', { class: 'table-scroll' }, h('table', { class: 'results-table basket-table' },
        h('caption', { class: 'visually-hidden' }, 'Observations in the basket'),
        h('thead', {}, h('tr', {}, ['Collection', 'Observation', 'Instrument', 'Target', 'RA [deg]', 'Dec [deg]', 'Start (UTC)', 'Exposure [min]', '']
          .map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows.map(r => h('tr', { 'data-key': r.obs_publisher_did },
          h('td', {}, r.obs_collection ?? ''), h('td', {}, r.obs_id ?? ''), h('td', {}, r.instrument_name ?? ''),
          h('td', {}, r.target_name ?? ''), h('td', { class: 'num' }, fmt(r.s_ra, 5)), h('td', { class: 'num' }, fmt(r.s_dec, 5)),
          h('td', {}, Number.isFinite(+r.t_min) && r.t_min !== null ? mjdToText(+r.t_min) : ''),
          h('td', { class: 'num' }, Number.isFinite(+r.t_exptime) && r.t_exptime !== null ? fmt(+r.t_exptime / 60, 3) : ''),
          h('td', {}, h('button', { type: 'button', class: 'small secondary', 'aria-label': `Remove ${label(r)} from the basket`,
            onclick: () => basket.remove(r.obs_publisher_did) }, 'Remove'))))))),
      h('div', { class: 'selection-bar' },
        h('label', { for: 'basket-analysis-kind', class: 'inline' }, 'Analysis'), kindSelect,
        h('button', { type: 'button', id: 'basket-analyse', onclick: startAnalysis }, 'Analyse the basket…'),
        h('button', { type: 'button', class: 'secondary', onclick: () => basket.clear() }, 'Empty the basket')),
      h('p', { class: 'exports' }, 'Download the list: ',
        download(toVotable(rows), 'application/x-votable+xml', 'basket.vot'), ' · ', download(toCsv(rows), 'text/csv', 'basket.csv'),
        ' · ', sampButton(h, () => ({ url: new URL(syncUrl(adql, 'votable', rows.length), location.origin).href,
          name: `Gamma-ray VO basket (${rows.length} observations)`, tableId: `gammavo-basket-${Date.now()}` }), { id: 'basket-samp' })),
      h('section', { class: 'pictures', 'aria-label': 'Basket on the sky and in time' }, h('div', { class: 'plots' },
        h('figure', {}, placed.length ? skyBox : h('p', {}, 'No sky positions'), h('figcaption', {}, 'Pointings of the basket (fields of view)')),
        h('figure', {}, timeBox, h('figcaption', {}, 'Observations in time; bar height = exposure')))));
  }

  basket.onChange(() => { if (el.isConnected) render(); });
  return {
    el,
    async show() {
      document.title = 'Basket — Gamma-ray VO';
      render();
      try {
        await loadKinds();
        render();
      } catch (e) {
        body.append(errorBox(e, 'Analyses unavailable'));
      }
    },
  };
}
