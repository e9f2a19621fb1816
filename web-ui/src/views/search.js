// The search page: name (type-ahead) → resolved position → filters → live ADQL (checked as you type) → results table,
// sky plot, time coverage and DataLink panel; the selection goes on to an analysis.
import { h, busy, errorBox } from '../lib/dom.js';
import { resolve, suggest, sourcesAround, separation } from '../api/resolver.js';
import { query, parse, syncUrl, columnMetadata } from '../api/tap.js';
import { buildQuery } from '../lib/adql.js';
import { analyses } from '../api/uws.js';
import { state } from '../lib/state.js';
import { resultsTable } from './results.js';
import { datalinkPanel } from './datalink.js';
import { drawSky } from '../plots/sky.js';
import { drawTimeline } from '../plots/timeline.js';
import { session } from '../lib/session.js';
import { basket } from '../lib/basket.js';
import { rememberLocally, rowText } from '../lib/history.js';
import { sampButton } from '../lib/samp.js';
import { handover } from './history.js';

const MAXREC = 500;

export function searchView({ navigate }) {
  let resolved = null; // resolver answer for the current name
  let resolving = null; // pending resolution (Promise) for the current name
  let adqlEdited = false;
  let lastRun = null; // {adql, result}
  let sources = [];

  // ---- name with type-ahead (WAI-ARIA combobox pattern) ----
  const nameInput = h('input', { id: 'name', name: 'name', type: 'text', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'e.g. Crab, Mrk 421, HESS J1745-290', role: 'combobox', 'aria-autocomplete': 'list',
    'aria-expanded': 'false', 'aria-controls': 'name-suggestions', 'aria-describedby': 'resolved' });
  const list = h('ul', { id: 'name-suggestions', role: 'listbox', class: 'suggestions', hidden: true, 'aria-label': 'Suggested names' });
  const resolvedBox = h('div', { id: 'resolved', class: 'resolved', 'aria-live': 'polite' });
  let active = -1, suggestTimer, suggestCtl;

  function closeList() {
    list.hidden = true;
    nameInput.setAttribute('aria-expanded', 'false');
    nameInput.removeAttribute('aria-activedescendant');
    active = -1;
  }
  function highlight(i) {
    const items = [...list.children];
    active = Math.max(-1, Math.min(items.length - 1, i));
    items.forEach((li, k) => li.setAttribute('aria-selected', String(k === active)));
    if (active >= 0) nameInput.setAttribute('aria-activedescendant', items[active].id);
  }
  function choose(name) {
    nameInput.value = name;
    closeList();
    doResolve();
  }
  nameInput.addEventListener('input', () => {
    resolved = null;
    resolving = null;
    resolvedBox.replaceChildren();
    clearTimeout(suggestTimer);
    const q = nameInput.value.trim();
    if (q.length < 2) return closeList();
    suggestTimer = setTimeout(async () => {
      suggestCtl?.abort();
      suggestCtl = new AbortController();
      try {
        const found = await suggest(q, 8, suggestCtl.signal);
        if (nameInput.value.trim() !== q || resolving) return; // typed on, or already searching
        list.replaceChildren(...found.map((s, i) => h('li', { id: `sugg-${i}`, role: 'option', 'aria-selected': 'false',
          onmousedown: e => { e.preventDefault(); choose(s.name); } },
        h('span', { class: 'sugg-name' }, s.name),
        s.canonicalName && s.canonicalName !== s.name ? h('span', { class: 'sugg-alias' }, ` = ${s.canonicalName}`) : '',
        h('span', { class: 'sugg-cat' }, s.catalogue))));
        list.hidden = !found.length;
        nameInput.setAttribute('aria-expanded', String(found.length > 0));
        active = -1;
      } catch { /* type-ahead is a convenience: a failure only means no suggestions */ }
    }, 180);
  });
  nameInput.addEventListener('keydown', e => {
    if (e.key === 'ArrowDown' && !list.hidden) { e.preventDefault(); highlight(active + 1); }
    else if (e.key === 'ArrowUp' && !list.hidden) { e.preventDefault(); highlight(active - 1); }
    else if (e.key === 'Escape') closeList();
    else if (e.key === 'Enter') {
      e.preventDefault();
      if (!list.hidden && active >= 0) choose(list.children[active].querySelector('.sugg-name').textContent);
      else { closeList(); runSearch(); }
    }
  });
  nameInput.addEventListener('blur', () => setTimeout(closeList, 150));

  function doResolve() {
    const name = nameInput.value.trim();
    if (!name) {
      resolved = null;
      state.target = null;
      resolvedBox.replaceChildren();
      regenerate();
      return Promise.resolve(null);
    }
    if (resolving && resolving.name === name) return resolving;
    resolvedBox.replaceChildren(busy(`Resolving “${name}”…`));
    const p = resolve(name).then(r => {
      if (nameInput.value.trim() !== name) return resolved;
      resolved = r;
      if (r.found) {
        state.target = { name: r.canonicalName, query: name, ra: r.ra, dec: r.dec, catalogue: r.catalogue };
        resolvedBox.replaceChildren(h('p', { class: 'ok' },
          h('strong', {}, r.canonicalName), ` — RA ${r.ra.toFixed(4)}°, Dec ${r.dec.toFixed(4)}° (ICRS)`,
          h('span', { class: 'source-cat' }, ` from ${r.catalogue}`),
          r.objectClass ? ` · ${r.objectClass}` : '', r.extension ? ` · extension ${r.extension}°` : ''));
      } else {
        state.target = null;
        resolvedBox.replaceChildren(h('p', { class: 'error' }, `“${name}” is not a known name.`,
          r.suggestions?.length ? [' Did you mean ', ...r.suggestions.slice(0, 4).flatMap((s, i) => [i ? ', ' : '',
            h('button', { type: 'button', class: 'link', onclick: () => choose(s.name) }, s.name)]), '?'] : ''));
      }
      state.save();
      regenerate();
      return r;
    }).catch(e => {
      resolvedBox.replaceChildren(errorBox(e, 'The name could not be resolved'));
      return null;
    });
    resolving = Object.assign(p, { name });
    return p;
  }

  // ---- filters ----
  const radius = h('input', { id: 'radius', name: 'radius', type: 'number', min: '0.01', max: '180', step: 'any', value: '3' });
  const dateFrom = h('input', { id: 'date-from', name: 'dateFrom', type: 'date' });
  const dateTo = h('input', { id: 'date-to', name: 'dateTo', type: 'date' });
  const eMin = h('input', { id: 'energy-min', name: 'energyMin', type: 'number', min: '0', step: 'any', placeholder: 'any' });
  const eMax = h('input', { id: 'energy-max', name: 'energyMax', type: 'number', min: '0', step: 'any', placeholder: 'any' });
  const productType = h('select', { id: 'product-type', name: 'productType' },
    h('option', { value: 'hea-event-bundle' }, 'Event lists with IRFs (hea-event-bundle)'),
    h('option', { value: 'response-function' }, 'Response functions only'),
    h('option', { value: '' }, 'Any'));
  const collectionsBox = h('fieldset', { class: 'checks' }, h('legend', {}, 'Collections'), h('span', { class: 'hint' }, 'loading…'));
  const instrumentsBox = h('fieldset', { class: 'checks' }, h('legend', {}, 'Instruments'), h('span', { class: 'hint' }, 'loading…'));

  // The filter choices are whatever the archive holds, so new releases appear without a UI change.
  query('SELECT DISTINCT obs_collection, instrument_name, facility_name FROM ivoa.obscore', { maxrec: 200 })
    .then(({ rows }) => {
      const fill = (box, values, name) => box.replaceChildren(box.firstChild, ...[...new Set(values)].sort().map(v =>
        h('label', { class: 'check' }, h('input', { type: 'checkbox', name, value: v, onchange: regenerate }), ` ${v}`)));
      fill(collectionsBox, rows.map(r => r[0]), 'collection');
      fill(instrumentsBox, rows.map(r => r[1]), 'instrument');
    })
    .catch(e => collectionsBox.replaceChildren(collectionsBox.firstChild, errorBox(e, 'Filters unavailable')));

  function formState() {
    const checked = box => [...box.querySelectorAll('input:checked')].map(i => i.value);
    const t = resolved?.found ? resolved : null;
    return { ra: t?.ra, dec: t?.dec, radius: parseFloat(radius.value), dateFrom: dateFrom.value, dateTo: dateTo.value,
      energyMin: eMin.value, energyMax: eMax.value, productType: productType.value,
      collections: checked(collectionsBox), instruments: checked(instrumentsBox) };
  }
  for (const el of [radius, dateFrom, dateTo, eMin, eMax, productType]) el.addEventListener('input', regenerate);

  // ---- ADQL editor with the live check ----
  const adql = h('textarea', { id: 'adql', name: 'adql', rows: 7, spellcheck: 'false', 'aria-describedby': 'adql-status' });
  const gutter = h('pre', { class: 'adql-marks', 'aria-hidden': 'true' });
  const adqlStatus = h('p', { id: 'adql-status', class: 'adql-status', 'aria-live': 'polite' });
  const regenButton = h('button', { type: 'button', class: 'link', hidden: true, onclick: () => { adqlEdited = false; regenButton.hidden = true; regenerate(); } },
    'Replace with the query from the form');
  let checkTimer, checkCtl;
  adql.addEventListener('input', () => {
    adqlEdited = true;
    regenButton.hidden = false;
    scheduleCheck();
  });
  adql.addEventListener('scroll', () => { gutter.scrollTop = adql.scrollTop; });

  function regenerate() {
    if (adqlEdited) return;
    adql.value = buildQuery(formState());
    scheduleCheck();
  }
  function scheduleCheck() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, 250);
  }
  async function check() {
    checkCtl?.abort();
    checkCtl = new AbortController();
    const text = adql.value;
    if (!text.trim()) { adqlStatus.textContent = ''; gutter.replaceChildren(); return; }
    adqlStatus.className = 'adql-status busy';
    adqlStatus.textContent = 'Checking the ADQL…';
    try {
      const r = await parse(text, checkCtl.signal);
      if (adql.value !== text) return;
      if (r.valid) {
        adqlStatus.className = 'adql-status ok';
        adqlStatus.textContent = '✓ Valid ADQL';
        gutter.replaceChildren();
        adql.removeAttribute('aria-invalid');
      } else {
        adqlStatus.className = 'adql-status error';
        adqlStatus.textContent = `✗ Line ${r.line ?? '?'}, column ${r.column ?? '?'}: ${r.message}`;
        adql.setAttribute('aria-invalid', 'true');
        markError(text, r.line, r.column);
      }
    } catch (e) {
      if (e.name === 'AbortError') return;
      adqlStatus.className = 'adql-status';
      adqlStatus.textContent = `The ADQL check is unavailable (${e.message}); the query can still run.`;
    }
  }
  // The error is marked in an overlay behind the transparent textarea: same font and wrapping, so the mark lands under
  // the offending character.
  function markError(text, line, column) {
    if (!line) { gutter.replaceChildren(); return; }
    const lines = text.split('\n');
    const before = lines.slice(0, line - 1).join('\n') + (line > 1 ? '\n' : '');
    const l = lines[line - 1] ?? '';
    const col = Math.max(1, Math.min(column || 1, l.length + 1));
    const bad = l.slice(col - 1).match(/^\S+/)?.[0] || ' ';
    gutter.replaceChildren(before + l.slice(0, col - 1), h('mark', { class: 'adql-error' }, bad),
      l.slice(col - 1 + bad.length) + '\n' + lines.slice(line).join('\n'));
    gutter.scrollTop = adql.scrollTop;
  }

  // ---- running ----
  const runButton = h('button', { type: 'submit', id: 'search-button' }, 'Search');
  const exportLinks = h('p', { class: 'exports' });
  const compareBox = h('div', { 'aria-live': 'polite' });
  let previousRun = null; // the history entry being rerun, to compare row counts
  const resultsBox = h('div', { class: 'results-box', 'aria-live': 'polite' });
  const skyBox = h('div', { class: 'plot-box', id: 'sky-plot' });
  const timeBox = h('div', { class: 'plot-box', id: 'time-plot' });
  const linksBox = h('div', { id: 'datalink' });
  const selectionBar = h('div', { class: 'selection-bar' });
  const pictures = h('section', { class: 'panel pictures', hidden: true, 'aria-labelledby': 'pictures-title' },
    h('h3', { id: 'pictures-title' }, 'Sky and time coverage'),
    h('p', { class: 'hint' }, 'Click a pointing or a bar to select that observation. Crosses are catalogue sources; the star is the target.'),
    h('div', { class: 'plots' },
      h('figure', {}, skyBox, h('figcaption', {}, 'Pointings and fields of view around the search centre (tangent plane; equal-area beyond 20°)')),
      h('figure', {}, timeBox, h('figcaption', {}, 'Observations in time; bar height = exposure'))));

  const table = resultsTable({
    onSelectionChange: () => { redrawPictures(); updateSelectionBar(); },
    onShowLinks: row => linksPanel.show(row),
  });
  const linksPanel = datalinkPanel(linksBox);

  async function runSearch() {
    if (runButton.disabled) return;
    runButton.disabled = true;
    clearTimeout(suggestTimer);
    suggestCtl?.abort();
    closeList();
    try {
      // A name typed but not yet resolved is resolved first, so Search does what the user means.
      if (nameInput.value.trim() && !resolved) {
        await doResolve();
        if (!resolved?.found) return;
      }
      if (!adqlEdited) adql.value = buildQuery(formState());
      const text = adql.value;
      resultsBox.replaceChildren(busy('Searching the archive…'));
      exportLinks.replaceChildren();
      const t0 = performance.now();
      // Signed in: the query runs as the user (their own tables, and tap-service records it in their history).
      const [result, meta] = await Promise.all([query(text, { maxrec: MAXREC, auth: !!session.user }), columnMetadata().catch(() => ({}))]);
      lastRun = { adql: text, result, ms: performance.now() - t0 };
      if (!session.user) rememberLocally({ query: text, rows: result.rows.length, overflow: result.overflow, maxrec: MAXREC });
      compareBox.replaceChildren(previousRun && previousRun.query === text ? h('p', { class: 'compare', id: 'rerun-compare' },
        `Rerun from your history: ${rowText({ rows: result.rows.length, overflow: result.overflow })} now, `,
        `${rowText(previousRun)} on ${String(previousRun.created).replace('T', ' ').slice(0, 19)} UTC`,
        result.rows.length === +previousRun.rows ? ' (the same).' : ` (${result.rows.length - previousRun.rows > 0 ? '+' : ''}${result.rows.length - previousRun.rows}).`) : '');
      previousRun = null;
      state.selection.clear();
      state.save();
      exportLinks.replaceChildren('Download this result: ',
        h('a', { href: syncUrl(text, 'votable', MAXREC), download: 'result.vot' }, 'VOTable'), ' · ',
        h('a', { href: syncUrl(text, 'csv', MAXREC), download: 'result.csv' }, 'CSV'), ' · ',
        h('a', { href: syncUrl(text, 'json', MAXREC), download: 'result.json' }, 'JSON'), ' · ',
        sampButton(h, () => ({ url: new URL(syncUrl(text, 'votable', MAXREC), location.origin).href,
          name: 'Gamma-ray VO search result', tableId: `gammavo-result-${Date.now()}` }), { id: 'result-samp' }));
      resultsBox.replaceChildren(table.el);
      table.setData(result, meta, { maxrec: MAXREC, ms: lastRun.ms });
      linksPanel.clear();
      await loadSources();
      redrawPictures();
      updateSelectionBar();
    } catch (e) {
      resultsBox.replaceChildren(errorBox(e, 'The search failed'));
      pictures.hidden = true;
    } finally {
      runButton.disabled = false;
    }
  }

  function centre() {
    if (resolved?.found) return { ra: resolved.ra, dec: resolved.dec };
    const rows = table.rows();
    if (!rows.length) return null;
    const r = rows.find(x => Number.isFinite(+x.s_ra));
    return r ? { ra: +r.s_ra, dec: +r.s_dec } : null;
  }

  async function loadSources() {
    const c = centre();
    sources = [];
    if (!c) return;
    try {
      const r = parseFloat(radius.value) || 3;
      sources = (await sourcesAround(c.ra, c.dec, r)).slice(0, 25);
    } catch { sources = []; } // the plot is still useful without them
  }

  function redrawPictures() {
    const rows = table.rows();
    const c = centre();
    if (!lastRun || !rows.length || !c || !rows.some(r => Number.isFinite(+r.s_ra))) { pictures.hidden = true; return; }
    pictures.hidden = false;
    const sel = new Set(state.selection.keys());
    const key = r => r.obs_publisher_did;
    const toggle = k => table.toggle(k);
    const target = resolved?.found ? { name: resolved.canonicalName, ra: resolved.ra, dec: resolved.dec } : null;
    drawSky(skyBox, {
      centre: c, radius: resolved?.found ? parseFloat(radius.value) : null, target,
      // Catalogue entries within 0.15° of the target are the target itself under other names.
      sources: sources.filter(s => !target || separation(s.ra, s.dec, target.ra, target.dec) > 0.15),
      pointings: rows.filter(r => Number.isFinite(+r.s_ra)).map(r => ({ key: key(r), label: `${r.obs_collection ?? ''} ${r.obs_id ?? ''}`.trim(), ra: +r.s_ra, dec: +r.s_dec, fov: +r.s_fov })),
      selected: sel, onToggle: toggle,
    });
    drawTimeline(timeBox, {
      observations: rows.map(r => ({ key: key(r), label: `${r.obs_collection ?? ''} ${r.obs_id ?? ''}`.trim(), tMin: +r.t_min, tMax: +r.t_max, exposure: +r.t_exptime })),
      selected: sel, onToggle: toggle,
    });
  }

  // The kinds come from the job descriptions (GET /uws), never from a list written here.
  const kindSelect = h('select', { id: 'analysis-kind', 'aria-label': 'Analysis' });
  analyses().then(kinds => kindSelect.replaceChildren(...kinds.map(k => h('option', { value: k }, k))))
    .catch(() => kindSelect.replaceChildren(h('option', { value: '' }, 'analyses unavailable')));
  const basketNote = h('span', { class: 'hint', role: 'status', id: 'basket-note' });
  function updateSelectionBar() {
    const n = state.selection.size;
    selectionBar.replaceChildren(
      h('span', { class: 'count' }, n ? `${n} observation${n > 1 ? 's' : ''} selected` : 'Select observations to analyse them'),
      h('label', { for: 'analysis-kind', class: 'inline' }, 'Analysis'), kindSelect,
      h('button', { type: 'button', id: 'analyse-button', disabled: !n, onclick: () => navigate(`/analyses/${kindSelect.value}`) }, 'Set up analysis…'),
      h('button', { type: 'button', id: 'basket-add', class: 'secondary', disabled: !n, onclick: () => {
        const added = basket.add([...state.selection.values()]);
        basketNote.textContent = `${added} added; the basket holds ${basket.size()}.`;
      } }, 'Add to basket'), basketNote);
  }

  const formEl = h('form', { class: 'search-form', 'aria-labelledby': 'search-title', onsubmit: e => { e.preventDefault(); runSearch(); } },
    h('div', { class: 'field name-field' }, h('label', { for: 'name' }, 'Object name'),
      h('div', { class: 'combo' }, nameInput, list), resolvedBox),
    h('div', { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: 'radius' }, 'Radius (deg)'), radius),
      h('div', { class: 'field' }, h('label', { for: 'date-from' }, 'From (UTC date)'), dateFrom),
      h('div', { class: 'field' }, h('label', { for: 'date-to' }, 'To (UTC date)'), dateTo),
      h('div', { class: 'field' }, h('label', { for: 'energy-min' }, 'Energy min (TeV)'), eMin),
      h('div', { class: 'field' }, h('label', { for: 'energy-max' }, 'Energy max (TeV)'), eMax)),
    h('div', { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: 'product-type' }, 'Product type'), productType),
      collectionsBox, instrumentsBox),
    h('div', { class: 'field adql-field' },
      h('label', { for: 'adql' }, 'ADQL (generated from the form; edit it freely — it runs as written)'),
      h('div', { class: 'adql-wrap' }, gutter, adql), h('div', { class: 'adql-foot' }, adqlStatus, regenButton)),
    h('div', { class: 'actions' }, runButton));

  const el = h('div', { class: 'search-page' },
    h('section', { class: 'panel' }, h('h2', { id: 'search-title', tabindex: '-1' }, 'Find observations'), formEl),
    h('section', { class: 'panel results', 'aria-labelledby': 'results-title' },
      h('h3', { id: 'results-title' }, 'Results'), exportLinks, compareBox, resultsBox, selectionBar),
    pictures,
    linksBox);

  regenerate();
  updateSelectionBar();
  return {
    el,
    show(params, search) {
      document.title = 'Search — Gamma-ray VO';
      updateSelectionBar();
      // From the history page: the query goes into the editor as written, and runs at once for a rerun.
      if ((search?.has('rerun') || search?.has('edit')) && handover.entry) {
        const { entry, run } = handover;
        handover.entry = null;
        adql.value = entry.query;
        adqlEdited = true;
        regenButton.hidden = false;
        scheduleCheck();
        window.history.replaceState({}, '', '/');
        previousRun = entry.kind === 'sync' && entry.rows !== null && entry.rows !== undefined ? entry : null;
        if (run) runSearch(); else adql.focus();
      }
    },
  };
}
