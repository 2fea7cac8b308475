import { api } from '../api.js';
import { h, clear, field, input, select, dueBadge, errorPanel, announce, pager } from '../dom.js';
import { importSection } from './patientImport.js';

const PAGE_SIZE = 25;
export async function render(main, { session, can, onChange }) {
  // Kept for the tab's life, so coming back from a patient shows the same list (read on each visit: the module is loaded once).
  const saved = JSON.parse(sessionStorage.getItem('recall.patients') || '{}');
  const filters = { q: '', status: '', colour: '', dueWithinDays: '', insurance: '', hardToReach: false, awaitingReply: false, recallRequired: false, page: 1, ...saved };
  const results = h('div', { class: 'results', 'aria-live': 'polite', 'aria-busy': 'false' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter patients' },
    field('Search', input('q', { type: 'search', value: filters.q, placeholder: 'Name, phone, email or id' })),
    field('Status', select('status', [['', 'Any'], ['due', 'Due'], ['overdue', 'Overdue'], ['contacted', 'Contacted'], ['scheduled', 'Scheduled']], filters.status)),
    field('Due colour', select('colour', [['', 'Any'], ['red', 'Red: due or overdue'], ['yellow', 'Yellow: within 30 days'], ['black', 'Black: later']], filters.colour)),
    field('Due within (days)', input('dueWithinDays', { type: 'number', min: 0, max: 3650, value: filters.dueWithinDays, inputmode: 'numeric' })),
    field('Insurance', select('insurance', [['', 'Any'], ['valid', 'Valid today'], ['expired', 'Expired'], ['missing', 'None recorded']], filters.insurance)),
    h('div', { class: 'checks' },
      h('label', {}, input('awaitingReply', { type: 'checkbox', checked: filters.awaitingReply }), ' Awaiting reply'),
      h('label', {}, input('hardToReach', { type: 'checkbox', checked: filters.hardToReach }), ' Hard to reach'),
      h('label', {}, input('recallRequired', { type: 'checkbox', checked: filters.recallRequired }), ' Recall required')));

  let controller = null;
  async function load(quiet = false) {
    controller?.abort();
    controller = new AbortController();
    sessionStorage.setItem('recall.patients', JSON.stringify(filters));
    const query = new URLSearchParams({ page: filters.page, pageSize: PAGE_SIZE });
    for (const key of ['q', 'status', 'colour', 'dueWithinDays', 'insurance']) if (filters[key]) query.set(key, filters[key]);
    // An unticked box means "either", not "false": it only ever narrows the list.
    for (const key of ['hardToReach', 'awaitingReply', 'recallRequired']) if (filters[key]) query.set(key, 'true');
    results.setAttribute('aria-busy', 'true');
    try {
      const page = await api(`/clinics/${encodeURIComponent(session.clinicId)}/patients?${query}`, { signal: controller.signal });
      renderPage(page);
      if (!quiet) announce(`${page.total} patient${page.total === 1 ? '' : 's'}`);
    } catch (error) {
      if (error.name !== 'AbortError') clear(results, errorPanel(error));
    } finally {
      results.setAttribute('aria-busy', 'false');
    }
  }

  function renderPage(page) {
    clear(results,
      h('p', { class: 'count' }, `${page.total} patient${page.total === 1 ? '' : 's'}`),
      page.items.length === 0 ? h('p', { class: 'muted' }, 'No patients match.') :
        h('table', { class: 'list' },
          h('caption', { class: 'sr-only' }, 'Patients'),
          h('thead', {}, h('tr', {}, ['Patient', 'Next recall', 'Due', 'Status', 'Last visit', 'Phone'].map(t => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, page.items.map(p => h('tr', { dataset: { patient: p.patientId } },
            h('td', { 'data-label': 'Patient' }, h('a', { href: `#/patient/${encodeURIComponent(p.patientId)}` }, `${p.lastName}, ${p.firstName}`),
              p.awaitingReply ? h('span', { class: 'flag' }, 'awaiting reply') : null,
              p.hardToReach ? h('span', { class: 'flag warn' }, 'hard to reach') : null,
              p.recallRequired ? h('span', { class: 'flag' }, 'recall required') : null,
              insuranceFlag(p)),
            h('td', { 'data-label': 'Next recall' }, p.nextRecallType || '—'),
            h('td', { 'data-label': 'Due' }, p.nextDueDate ? [p.nextDueDate, ' ', dueBadge(p.colour, p.daysUntilDue)] : dueBadge(null)),
            h('td', { 'data-label': 'Status' }, p.nextRecallStatus || '—'),
            h('td', { 'data-label': 'Last visit' }, p.lastVisit || '—'),
            h('td', { 'data-label': 'Phone' }, p.phone || '—'))))),
      pager(page, go));
  }

  function go(pageNumber) {
    filters.page = pageNumber;
    load();
  }

  let typing = null;
  form.addEventListener('input', event => {
    const data = new FormData(form);
    Object.assign(filters, {
      q: data.get('q').trim(), status: data.get('status'), colour: data.get('colour'), dueWithinDays: data.get('dueWithinDays'), insurance: data.get('insurance'),
      hardToReach: data.has('hardToReach'), awaitingReply: data.has('awaitingReply'), recallRequired: data.has('recallRequired'), page: 1,
    });
    clearTimeout(typing);
    typing = setTimeout(load, event.target.name === 'q' ? 250 : 0);
  });
  form.addEventListener('submit', event => { event.preventDefault(); load(); });

  clear(main, h('h1', {}, 'Patients'), can('editPatients') ? importSection(session, () => load(true)) : null, form, results);
  onChange(change => change.kind === 'patient', () => load(true));
  await load(true);
}

// Whether the insurance holds is the server's word (as of the clinic's today, not this browser's).
function insuranceFlag(p) {
  if (p.insurance === 'expired') return h('span', { class: 'flag warn', title: `Insurance valid to ${p.insuranceValidTo}` }, 'insurance expired');
  if (p.insurance === 'valid') return h('span', { class: 'flag ok', title: `Insurance valid to ${p.insuranceValidTo}` }, `insured to ${p.insuranceValidTo}`);
  return null;
}
