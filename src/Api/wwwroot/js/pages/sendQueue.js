import { api } from '../api.js';
import { h, clear, field, select, formatAtClinic, errorPanel, announce, isEditing, pager } from '../dom.js';
import { purposeNames, stateNames, channelText, stateCell, textCell, sendActions } from './sends.js';

const PAGE_SIZE = 50;

// The send queue: every scheduled send across the clinic (a rule's schedule, booking reminders,
// manual and internal reminders) with its time, channel, recipient, purpose and state. A manual one
// that has not gone yet is edited, moved or cancelled here.
export async function render(main, context) {
  const { session, clinic, onChange } = context;
  const timeZone = clinic.settings.timeZone;
  const filters = { state: '', purpose: '', channel: '', page: 1 };
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter the send queue' },
    field('State', select('state', [['', 'Still to go'], ...Object.entries(stateNames)], filters.state)),
    field('Purpose', select('purpose', [['', 'Any'], ...Object.entries(purposeNames)], filters.purpose)),
    field('Channel', select('channel', [['', 'Any'], ['sms', 'SMS'], ['email', 'Email'], ['task', 'Staff task']], filters.channel)));

  async function load() {
    const query = new URLSearchParams({ page: filters.page, pageSize: PAGE_SIZE });
    for (const key of ['state', 'purpose', 'channel']) if (filters[key]) query.set(key, filters[key]);
    try {
      renderPage(await api(`/clinics/${encodeURIComponent(session.clinicId)}/send-queue?${query}`));
    } catch (error) {
      clear(results, errorPanel(error));
    }
  }

  function renderPage(page) {
    clear(results,
      h('p', { class: 'count' }, `${page.total} send${page.total === 1 ? '' : 's'}`),
      page.items.length === 0 ? h('p', { class: 'muted' }, filters.state ? 'No sends in this state.' : 'Nothing is waiting to go.') :
        h('table', { class: 'list send-queue' },
          h('caption', { class: 'sr-only' }, 'Send queue'),
          h('thead', {}, h('tr', {}, ['When', 'Patient', 'Purpose', 'Channel', 'State', 'Text', ''].map(t => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, page.items.map(s => h('tr', { dataset: { send: s.sendId, patient: s.patientId, state: s.state } },
            h('td', { 'data-label': 'When' }, h('time', { datetime: s.at }, formatAtClinic(s.at, timeZone))),
            h('td', { 'data-label': 'Patient' }, h('a', { href: `#/patient/${encodeURIComponent(s.patientId)}` }, s.patientName)),
            h('td', { 'data-label': 'Purpose' }, purposeNames[s.purpose] || s.purpose, s.recallType ? h('small', { class: 'muted' }, ` · ${s.recallType}`) : null),
            h('td', { 'data-label': 'Channel' }, channelText(s)),
            h('td', { 'data-label': 'State' }, stateCell(s, timeZone)),
            h('td', { 'data-label': 'Text' }, textCell(s)),
            h('td', {}, sendActions(context, s, load)))))),
      pager(page, go));
  }

  function go(pageNumber) {
    filters.page = pageNumber;
    load();
  }

  form.addEventListener('input', () => {
    const data = new FormData(form);
    Object.assign(filters, { state: data.get('state'), purpose: data.get('purpose'), channel: data.get('channel'), page: 1 });
    load().then(() => announce(results.querySelector('.count')?.textContent || ''));
  });
  form.addEventListener('submit', event => { event.preventDefault(); load(); });

  clear(main, h('h1', {}, 'Send queue'),
    h('p', { class: 'muted' }, `Times are the clinic's (${timeZone}). Held sends wait for the sending window or the patient's caps; a manual send can be edited until it goes.`),
    form, results);
  onChange(change => change.kind === 'patient', () => { if (!isEditing(results)) load(); });
  await load();
}
