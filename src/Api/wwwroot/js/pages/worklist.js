import { api } from '../api.js';
import { serverNow } from '../clock.js';
import { h, clear, field, input, select, onSubmit, formatInstant, errorPanel, announce, roles, roleName, isEditing, pager } from '../dom.js';

// My worklist: the open tasks of a role (mine by default), by priority then due time, each with the
// actions its step allows: claim, book (when booking ends it), snooze, complete with an outcome.
const PAGE_SIZE = 25;

const outcomeNames = {
  reached: 'Reached', booked: 'Booked', noAnswer: 'No answer', voicemail: 'Voicemail', wrongNumber: 'Wrong number',
  reviewed: 'Reviewed', verified: 'Insurance verified', resolved: 'Contact details fixed', notNeeded: 'Not needed',
};
const stepNames = {
  remind: 'Remind about recall', 'review-history': 'Review history', 'verify-insurance': 'Verify insurance', 'overdue-alert': 'Long overdue',
  'hard-to-reach': 'Hard to reach', 'no-response': 'No response', 'wants-booking': 'Wants to book', rebook: 'Offer a new visit',
  'staff-reminder': 'Staff reminder',
};
const callSteps = new Set(['remind', 'no-response', 'wants-booking', 'rebook', 'hard-to-reach']);
const snoozes = [['1', '1 hour'], ['4', '4 hours'], ['24', 'Until tomorrow'], ['72', '3 days'], ['168', 'A week']];

export async function render(main, { session, onChange }) {
  const clinic = `/clinics/${encodeURIComponent(session.clinicId)}`;
  const filters = { role: roles[session.role] ? session.role : '', includeSnoozed: false, page: 1 };
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const form = h('form', { class: 'filters', 'aria-label': 'Which tasks' },
    field('Role', select('role', [['', 'All roles'], ...Object.entries(roles)], filters.role)),
    h('div', { class: 'checks' }, h('label', {}, input('includeSnoozed', { type: 'checkbox' }), ' Show snoozed')));
  form.addEventListener('input', () => {
    const data = new FormData(form);
    Object.assign(filters, { role: data.get('role'), includeSnoozed: data.has('includeSnoozed'), page: 1 });
    load();
  });
  form.addEventListener('submit', event => event.preventDefault());

  // Only the newest request draws: a slow answer to an older filter or live event never overwrites it.
  let latest = 0;
  async function load(quiet = false) {
    const query = new URLSearchParams({ page: filters.page, pageSize: PAGE_SIZE });
    if (filters.role) query.set('role', filters.role);
    if (filters.includeSnoozed) query.set('includeSnoozed', 'true');
    const mine = ++latest;
    try {
      const page = await api(`${clinic}/tasks?${query}`);
      if (mine !== latest) return;
      stale.hidden = true;
      renderPage(page);
      if (!quiet) announce(`${page.total} task${page.total === 1 ? '' : 's'}`);
    } catch (error) {
      if (mine === latest) clear(results, errorPanel(error));
    }
  }

  function renderPage(page) {
    clear(results,
      h('p', { class: 'count', tabindex: '-1' }, page.total === 0 ? 'Nothing to do. New tasks appear here as patients fall due.' : `${page.total} task${page.total === 1 ? '' : 's'}`),
      h('ol', { class: 'tasks' }, page.items.map(task)),
      pager(page, go));
  }

  function go(number) {
    filters.page = number;
    load();
  }

  function task(t) {
    const patient = `${clinic}/patients/${encodeURIComponent(t.patientId)}`;
    const url = `${patient}/tasks/${encodeURIComponent(t.taskId)}`;
    const snoozed = t.snoozedUntil && new Date(t.snoozedUntil) > serverNow();
    // After an action the card goes away or changes: keyboard users continue from the list's count.
    const done = async message => { announce(message); await load(true); results.querySelector('.count')?.focus(); };
    const isCall = callSteps.has(t.step);
    const takenByOther = t.status === 'claimed' && t.claimedBy !== session.actorName;

    const claim = t.status === 'open' ? onSubmit(h('form', { class: 'inline' }, h('button', { type: 'submit' }, 'Claim')), async () => {
      await api(`${url}/claim`, { method: 'POST', body: {} });
      await done(`Claimed: ${t.patientName}.`);
    }) : null;
    const complete = onSubmit(h('form', { class: 'inline complete' },
      field(isCall ? 'Call outcome' : 'Outcome', select('outcome', t.outcomes.map(o => [o, outcomeNames[o] || o]), t.outcomes[0])),
      field('Note', input('note', { maxlength: 500 })),
      h('button', { type: 'submit', class: 'primary' }, isCall ? 'Log call' : 'Complete')),
    async data => {
      await api(`${url}/complete`, { method: 'POST', body: { outcome: data.get('outcome'), note: data.get('note') || null } });
      await done(`Done: ${stepNames[t.step] || t.step} for ${t.patientName}.`);
    });
    const snooze = onSubmit(h('form', { class: 'inline' },
      field('Snooze for', select('hours', snoozes, '24')),
      h('button', { type: 'submit' }, 'Snooze')),
    async data => {
      await api(`${url}/snooze`, { method: 'POST', body: { hours: Number(data.get('hours')) } });
      await done(`Snoozed: ${t.patientName}.`);
    });

    return h('li', { class: `card task ${t.priority}`, dataset: { task: t.taskId, patient: t.patientId, step: t.step } },
      h('div', { class: 'task-head' },
        h('span', { class: `prio ${t.priority}` }, `${t.priority} priority`),
        h('h2', {}, h('a', { href: `#/patient/${encodeURIComponent(t.patientId)}` }, t.patientName), ' · ', stepNames[t.step] || t.step),
        h('span', { class: 'muted' }, `due ${formatInstant(t.dueAt)}`, filters.role ? '' : ` · ${roleName(t.role)}`,
          t.claimedBy ? ` · claimed by ${t.claimedBy}` : '', snoozed ? ` · snoozed until ${formatInstant(t.snoozedUntil)}` : '')),
      h('p', { class: 'reason' }, t.reason),
      takenByOther ? h('p', { class: 'muted' }, `${t.claimedBy} is working on this task.`) : h('div', { class: 'task-actions' },
        claim,
        t.endedByBooking ? h('a', { class: 'button primary', href: `#/booking/${encodeURIComponent(t.patientId)}/${encodeURIComponent(t.recallType || '')}` }, 'Book') : null,
        complete,
        snooze));
  }

  // A colleague's change refreshes the list, unless someone is half-way through a task here: then a
  // notice offers the refresh, so a chosen outcome or typed note is never wiped.
  const stale = h('div', { class: 'notice', role: 'status', hidden: true },
    'The worklist changed. ', h('button', { type: 'button', onclick: () => { stale.hidden = true; load(true); } }, 'Show the changes'));
  clear(main, h('h1', {}, 'My worklist'), form, stale, results);
  onChange(change => change.kind === 'patient', () => {
    if (isEditing(results)) stale.hidden = false;
    else load(true);
  });
  await load(true);
}
