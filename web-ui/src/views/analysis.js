// An analysis form generated from the job list's job description (types, units, ranges, defaults, allowed values),
// prefilled with the selected observations and the resolved target, submitted to UWS.
import { h, busy, errorBox } from '../lib/dom.js';
import { description, create } from '../api/uws.js';
import { ensureSignedIn } from './signin.js';
import { state } from '../lib/state.js';
import { session } from '../lib/session.js';

/** Values the search already knows, by parameter name. */
export function prefill(params, target, selection) {
  const names = new Set(params.map(p => p.name));
  const out = {};
  const dids = [...selection.keys()].filter(k => k.startsWith('ivo://'));
  if (dids.length && names.has('obs_publisher_did')) out.obs_publisher_did = dids.join(',');
  else if (selection.size && names.has('obs_id')) out.obs_id = [...selection.values()].map(r => r.obs_id).join(',');
  if (target) {
    if (names.has('ra')) out.ra = String(+target.ra.toFixed(5));
    if (names.has('dec')) out.dec = String(+target.dec.toFixed(5));
    if (names.has('target') && !names.has('ra')) out.target = target.query || target.name;
  }
  return out;
}

function input(p, value) {
  const id = `param-${p.name}`;
  const common = { id, name: p.name, required: !!p.required, 'aria-describedby': `${id}-help` };
  switch (p.type) {
    case 'boolean':
      return h('input', { ...common, type: 'checkbox', checked: value === 'true' || value === true, required: false });
    case 'enum':
      return h('select', common, p.required ? null : h('option', { value: '' }, '(default)'),
        (p.allowed || []).map(a => h('option', { value: a, selected: a === value }, a)));
    case 'integer':
    case 'double':
      return h('input', { ...common, type: 'number', step: p.type === 'integer' ? '1' : 'any', min: p.min, max: p.max, value: value ?? '',
        placeholder: p.default ?? '' });
    case 'datetime':
      return h('input', { ...common, type: 'datetime-local', value: value ?? '' });
    case 'file':
      return h('input', { ...common, type: 'file' });
    default:
      // Long lists (e.g. several obs_publisher_did) are readable in a textarea; the service validates the pattern.
      // A description's pattern must match the whole value (job catalogue rule), as HTML's pattern attribute does,
      // so the optional ^ and $ are left out here.
      if (value && String(value).length > 50) return h('textarea', { ...common, rows: 3, spellcheck: 'false' }, value);
      return h('input', { ...common, type: 'text', value: value ?? '', pattern: p.pattern ? p.pattern.replace(/^\^|\$$/g, '') : null,
        placeholder: p.default ?? '', spellcheck: 'false' });
  }
}

function sentence(text) {
  const t = (text || '').trim();
  return !t || /[.!?)]$/.test(t) ? t : t + '.';
}

export function analysisView({ navigate }) {
  const body = h('div');
  const title = h('h2', { tabindex: '-1' }, 'Analysis');
  const el = h('section', { class: 'panel analysis' }, title, body);

  async function show({ list }) {
    document.title = `${list} — Gamma-ray VO`;
    title.textContent = `New ${list} analysis`;
    body.replaceChildren(busy('Loading the analysis description…'));
    if (!await ensureSignedIn('Analyses run under your name: please sign in.')) {
      body.replaceChildren(h('p', {}, 'Analyses need a signed-in user. ', h('a', { href: '/' }, 'Back to the search')));
      return;
    }
    let d;
    try {
      d = await description(list);
    } catch (e) {
      body.replaceChildren(errorBox(e, `The analysis “${list}” is not available`), h('p', {}, h('a', { href: '/' }, 'Back to the search')));
      return;
    }
    title.textContent = `New analysis: ${d.title || list}`;
    const pre = prefill(d.parameters, state.target, state.selection);
    const msg = h('div', { 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit', id: 'submit-job' }, `Run ${list}`);
    const fields = d.parameters.map(p => {
      const id = `param-${p.name}`;
      const v = pre[p.name] ?? (p.type === 'boolean' ? p.default : undefined);
      const range = p.min !== undefined || p.max !== undefined ? ` Range ${p.min ?? '−∞'} … ${p.max ?? '∞'}${p.unit ? ' ' + p.unit : ''}.` : '';
      const def = p.default !== undefined ? ` Default ${p.default}${p.unit ? ' ' + p.unit : ''}.` : '';
      return h('div', { class: `field param${pre[p.name] ? ' prefilled' : ''}` },
        h('label', { for: id }, p.name, p.unit ? h('span', { class: 'unit' }, ` [${p.unit}]`) : '', p.required ? h('span', { class: 'req', title: 'required' }, ' *') : ''),
        input(p, v),
        h('p', { id: `${id}-help`, class: 'help' }, sentence(p.description), range, def, pre[p.name] ? ' (filled in from your search)' : ''));
    });
    const form = h('form', { class: 'job-form', novalidate: false, onsubmit: async e => {
      e.preventDefault();
      if (!form.reportValidity()) return;
      submit.disabled = true;
      msg.replaceChildren(busy('Submitting the job…'));
      try {
        const params = {};
        for (const p of d.parameters) {
          const f = form.elements[p.name];
          if (!f || p.type === 'file') continue;
          const v = p.type === 'boolean' ? (f.checked ? 'true' : (p.default !== undefined ? 'false' : '')) : f.value.trim();
          if (v !== '') params[p.name] = v;
        }
        const id = await create(list, params);
        navigate(`/jobs/${list}/${id}`);
      } catch (err) {
        msg.replaceChildren(errorBox(err, 'The job was not accepted'));
      } finally {
        submit.disabled = false;
      }
    } },
    h('p', {}, d.description),
    d.typicalRuntime ? h('p', { class: 'hint' }, `Typically takes about ${d.typicalRuntime < 120 ? d.typicalRuntime + ' s' : Math.round(d.typicalRuntime / 60) + ' min'}. Runs as ${session.user}.`) : '',
    h('div', { class: 'params' }, fields),
    h('p', { class: 'hint' }, 'Results: ', (d.results || []).map(r => `${r.name} (${r.mimeType})`).join(', ')),
    msg,
    h('div', { class: 'actions' }, submit, h('a', { href: '/', class: 'button secondary' }, 'Back to the search')));
    body.replaceChildren(form);
    form.querySelector('input,select')?.focus();
  }
  return { el, show };
}
