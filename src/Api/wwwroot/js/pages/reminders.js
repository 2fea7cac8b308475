import { api } from '../api.js';
import { h, clear, field, input, select, dueBadge, errorPanel, announce, pager } from '../dom.js';

const PAGE_SIZE = 100;

// The reminders list: every open recall of active patients, by client (an owner sees all their
// animals together), coloured by due date alone: black 31+ days ahead, yellow within 30, red past.
// #/reminders/{clientId} shows one client's patients (an owner's animals) and nothing else.
export async function render(main, { session, clinic, params, onChange }) {
  const filters = { recallType: '', colour: '', dueFrom: '', dueTo: '', clientId: params[0] || '', page: 1 };
  const services = clinic.recallRules.filter(rule => !rule.staffTask);
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter reminders' },
    field('Service', select('recallType', [['', 'Any'], ...services.map(rule => [rule.type, rule.name])], filters.recallType)),
    field('Due colour', select('colour', [['', 'Any'], ['red', 'Red: past due'], ['yellow', 'Yellow: within 30 days'], ['black', 'Black: 31+ days']], filters.colour)),
    field('Due from', input('dueFrom', { type: 'date' })),
    field('Due to', input('dueTo', { type: 'date' })));

  async function load() {
    const query = new URLSearchParams({ page: filters.page, pageSize: PAGE_SIZE });
    for (const key of ['recallType', 'colour', 'dueFrom', 'dueTo', 'clientId']) if (filters[key]) query.set(key, filters[key]);
    try {
      renderPage(await api(`/clinics/${encodeURIComponent(session.clinicId)}/reminders?${query}`));
    } catch (error) {
      clear(results, errorPanel(error));
    }
  }

  function renderPage(page) {
    const clients = groupByClient(page.items);
    clear(results,
      h('p', { class: 'count' }, `${page.total} reminder${page.total === 1 ? '' : 's'} for ${clients.length} client${clients.length === 1 ? '' : 's'}`),
      clients.length === 0 ? h('p', { class: 'muted' }, 'No reminders match.') :
        h('div', { class: 'clients' }, clients.map(client)),
      pager(page, go));
  }

  function client({ clientId, clientName, items }) {
    const patients = new Set(items.map(i => i.patientId)).size;
    return h('article', { class: 'card client', dataset: { client: clientId } },
      h('h2', {}, filters.clientId ? clientName : h('a', { href: `#/reminders/${encodeURIComponent(clientId)}`, title: `Only ${clientName}` }, clientName),
        patients > 1 ? h('small', { class: 'muted' }, ` · ${patients} patients`) : null),
      h('table', { class: 'list compact' },
        h('caption', { class: 'sr-only' }, `Reminders of ${clientName}`),
        h('thead', {}, h('tr', {}, ['Patient', 'Service', 'Due', 'Colour', 'Status', 'Last visit'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, items.map(r => h('tr', { dataset: { patient: r.patientId, recall: r.recallType, colour: r.colour } },
          h('td', { 'data-label': 'Patient' }, h('a', { href: `#/patient/${encodeURIComponent(r.patientId)}` }, r.patientName)),
          h('td', { 'data-label': 'Service' }, services.find(s => s.type === r.recallType)?.name || r.recallType),
          h('td', { 'data-label': 'Due' }, r.dueDate),
          h('td', { 'data-label': 'Colour' }, dueBadge(r.colour, r.daysUntilDue)),
          h('td', { 'data-label': 'Status' }, r.status),
          h('td', { 'data-label': 'Last visit' }, r.lastVisit || '—'))))));
  }

  function go(pageNumber) {
    filters.page = pageNumber;
    load();
  }

  form.addEventListener('input', () => {
    const data = new FormData(form);
    Object.assign(filters, { recallType: data.get('recallType'), colour: data.get('colour'), dueFrom: data.get('dueFrom'), dueTo: data.get('dueTo'), page: 1 });
    load().then(() => announce(results.querySelector('.count')?.textContent || ''));
  });
  form.addEventListener('submit', event => { event.preventDefault(); load(); });

  clear(main, h('h1', {}, 'Reminders'),
    filters.clientId ? h('p', { class: 'notice' }, 'One client only. ', h('a', { href: '#/reminders' }, 'Show every client')) : null,
    h('p', { class: 'muted' }, 'Every open recall by client, coloured by its due date alone (whatever has been sent): red past due, yellow within 30 days, black later.'),
    form, results);
  onChange(change => change.kind === 'patient', load);
  await load();
}

// The server returns a client's rows together (ordered by client); the page keeps that order.
function groupByClient(items) {
  const groups = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (last?.clientId === item.clientId) last.items.push(item);
    else groups.push({ clientId: item.clientId, clientName: item.clientName, items: [item] });
  }
  return groups;
}
