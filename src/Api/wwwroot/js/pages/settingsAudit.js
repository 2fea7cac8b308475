import { api } from '../api.js';
import { h, clear, field, input, formatAtClinic, errorPanel } from '../dom.js';

/**
 * The audit log, for the clinic's admin: who signed in, opened or changed which patient's record,
 * which messages went out, what was exported. Newest first, a page at a time; the CSV holds it all.
 */
export function auditSection(section, context) {
  const base = `/clinics/${encodeURIComponent(context.session.clinicId)}/audit`;
  const zone = context.clinic.settings.timeZone;
  const rows = h('tbody');
  const more = h('button', { type: 'button', hidden: true }, 'Older entries');
  const download = h('a', { href: `${base}?format=csv`, download: '' }, 'Download all as CSV');
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter the audit log' },
    field('Patient id', input('patientId', { autocapitalize: 'none' })),
    field('Who', input('actor', { autocapitalize: 'none', placeholder: 'staff:desk, key:…, admin, system' })),
    h('button', { type: 'submit' }, 'Show'));
  let before = null;

  async function load(reset) {
    const data = new FormData(form);
    const query = new URLSearchParams();
    for (const key of ['patientId', 'actor']) if (data.get(key)) query.set(key, data.get(key).trim());
    download.href = `${base}?${new URLSearchParams([...query, ['format', 'csv']])}`;
    if (!reset && before) query.set('before', before);
    try {
      const page = await api(`${base}?${query}`);
      if (reset) clear(rows);
      rows.append(...page.entries.map(e => h('tr', {},
        h('td', { 'data-label': 'When' }, formatAtClinic(e.at, zone, { dateStyle: 'short', timeStyle: 'medium' })),
        h('td', { 'data-label': 'Who' }, e.actor),
        h('td', { 'data-label': 'What' }, e.action),
        h('td', { 'data-label': 'Patient' }, e.patientId ? h('a', { href: `#/patient/${encodeURIComponent(e.patientId)}` }, e.patientId) : '—'),
        h('td', { 'data-label': 'Detail' }, e.detail || ''))));
      before = page.before;
      more.hidden = !before;
    } catch (error) {
      clear(rows, h('tr', {}, h('td', { colspan: 5 }, errorPanel(error))));
    }
  }

  form.addEventListener('submit', event => { event.preventDefault(); load(true); });
  more.addEventListener('click', () => load(false));
  section.append(
    h('p', { class: 'muted' }, 'Kept for good and never changed: not even the database lets an entry be edited or deleted. It names patients by id and holds no message text.'),
    form, download,
    h('table', { class: 'list compact audit' }, h('caption', { class: 'sr-only' }, 'Audit log'),
      h('thead', {}, h('tr', {}, ['When', 'Who', 'What', 'Patient', 'Detail'].map(t => h('th', { scope: 'col' }, t)))), rows),
    more);
  return load(true);
}
