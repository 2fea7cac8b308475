import { api } from '../api.js';
import { h, field, input, onSubmit, formatInstant, formatAtClinic, announce, roleName } from '../dom.js';

// The recall-workflow sections of a patient's page: appointments (book, move, cancel), open tasks,
// insurance (with an edit form), and the retention score with the cycles behind it.

export function appointmentsSection({ session, clinic, can }, base, patientId, appointments, reload) {
  const timeZone = clinic.settings.timeZone;
  const booking = `#/booking/${encodeURIComponent(patientId)}`;
  const upcoming = appointments.filter(a => a.status === 'booked');
  const past = appointments.filter(a => a.status !== 'booked');
  const mayBook = can('bookAppointments');

  function row(a) {
    const cancel = mayBook && a.status === 'booked' ? onSubmit(h('form', { class: 'inline cancel' },
      field('Reason', input('reason', { maxlength: 200, placeholder: 'optional' })),
      h('button', { type: 'submit', class: 'danger' }, 'Cancel visit')),
    async data => {
      await api(`${base}/appointments/${encodeURIComponent(a.id)}/cancel`, { method: 'POST', body: { reason: data.get('reason') || null } });
      announce('Appointment cancelled; the patient is told.');
      await reload();
    }) : null;
    return h('li', { class: `appointment ${a.status}`, dataset: { appointment: a.id } },
      h('strong', {}, a.visitTypeName), ` · ${formatAtClinic(a.start, timeZone, { dateStyle: 'full', timeStyle: 'short' })} · ${a.status}`,
      a.by ? h('small', { class: 'muted' }, ` · booked by ${a.by}`) : null,
      a.preRegistration ? preRegistration(a.preRegistration) : null,
      mayBook && a.status === 'booked' ? h('div', { class: 'row' },
        h('a', { class: 'button', href: `${booking}/reschedule/${encodeURIComponent(a.id)}` }, 'Move'), cancel) : null);
  }

  return h('section', { class: 'card', 'aria-labelledby': 'appointments-h' }, h('h2', { id: 'appointments-h' }, 'Appointments'),
    upcoming.length ? h('ul', { class: 'appointments' }, upcoming.map(row)) : h('p', { class: 'muted' }, 'Nothing booked.'),
    mayBook ? h('p', {}, h('a', { class: 'button primary', href: booking }, 'Book a visit')) : null,
    past.length ? h('details', {}, h('summary', {}, `${past.length} earlier or cancelled`), h('ul', { class: 'appointments' }, past.map(row))) : null);
}

// What the patient told on the pre-registration page; the insurance is theirs to say until staff verify it.
function preRegistration(p) {
  return h('dl', { class: 'facts pre-registration' },
    h('dt', {}, 'Pre-registered'), h('dd', {}, formatInstant(p.at)),
    p.reason ? [h('dt', {}, 'Reason'), h('dd', {}, p.reason)] : null,
    p.insurer || p.insuranceNumber ? [h('dt', {}, 'Insurance (unverified)'), h('dd', {}, [p.insurer, p.insuranceNumber].filter(Boolean).join(', '))] : null,
    p.consent ? [h('dt', {}, 'Consent'), h('dd', {}, 'given')] : null);
}

export function tasksSection(page) {
  const open = page.items.filter(t => t.status === 'open' || t.status === 'claimed');
  return h('section', { class: 'card', 'aria-labelledby': 'tasks-h' }, h('h2', { id: 'tasks-h' }, 'Open tasks'),
    open.length === 0 ? h('p', { class: 'muted' }, 'No open tasks.') :
      h('ul', { class: 'patient-tasks' }, open.map(t => h('li', { dataset: { task: t.taskId } },
        h('span', { class: `prio ${t.priority}` }, t.priority), ' ', t.reason,
        h('small', { class: 'muted' }, ` · ${roleName(t.role)} · due ${formatInstant(t.dueAt)}`, t.claimedBy ? ` · claimed by ${t.claimedBy}` : '')))),
    open.length ? h('p', {}, h('a', { href: '#/worklist' }, 'Work them in the worklist')) : null);
}

export function insuranceSection({ can }, base, plan, reload) {
  const policy = plan.insurance;
  const facts = policy ? h('dl', { class: 'facts' },
    [['Insurer', policy.insurer], ['Plan', policy.plan], ['Member id', policy.memberId], ['Valid', `${policy.validFrom} to ${policy.validTo}`],
      ['Between visits', policy.minMonthsBetweenVisits ? `at least ${policy.minMonthsBetweenVisits} months` : 'no limit'],
      ['Visits a year', policy.maxVisitsPerYear ?? 'no limit'],
      ['Verified', policy.verifiedAt ? `${formatInstant(policy.verifiedAt)}${policy.verifiedBy ? ` by ${policy.verifiedBy}` : ''}` : 'not yet']]
      .map(([term, value]) => [h('dt', {}, term), h('dd', {}, String(value || '—'))])) : h('p', { class: 'warn' }, 'No insurance on file.');
  const edit = can('editPatients') ? onSubmit(h('form', { class: 'stack insurance-form' },
    h('div', { class: 'row' },
      field('Insurer', input('insurer', { value: policy?.insurer || '', maxlength: 100 })),
      field('Plan', input('plan', { value: policy?.plan || '', maxlength: 100 })),
      field('Member id', input('memberId', { value: policy?.memberId || '', maxlength: 60 }))),
    h('div', { class: 'row' },
      field('Valid from', input('validFrom', { type: 'date', value: policy?.validFrom || '' })),
      field('Valid to', input('validTo', { type: 'date', value: policy?.validTo || '' })),
      field('Months between visits', input('minMonthsBetweenVisits', { type: 'number', min: 0, max: 60, value: policy?.minMonthsBetweenVisits ?? '' })),
      field('Visits a year', input('maxVisitsPerYear', { type: 'number', min: 0, max: 52, value: policy?.maxVisitsPerYear ?? '' }))),
    h('button', { type: 'submit' }, 'Save insurance')),
  async data => {
    const number = name => (data.get(name) === '' ? null : Number(data.get(name)));
    await api(`${base}/insurance`, {
      method: 'PUT',
      body: {
        insurer: data.get('insurer'), plan: data.get('plan'), memberId: data.get('memberId'),
        validFrom: data.get('validFrom') || null, validTo: data.get('validTo') || null,
        minMonthsBetweenVisits: number('minMonthsBetweenVisits'), maxVisitsPerYear: number('maxVisitsPerYear'),
      },
    });
    announce('Insurance saved.');
    await reload();
  }) : null;
  return h('section', { class: 'card', 'aria-labelledby': 'insurance-h' }, h('h2', { id: 'insurance-h' }, 'Insurance'), facts,
    edit ? h('details', {}, h('summary', {}, policy ? 'Update the insurance' : 'Record the insurance'), edit) : null);
}

export function retentionSection(retention) {
  return h('section', { class: 'card', 'aria-labelledby': 'retention-h' }, h('h2', { id: 'retention-h' }, 'Retention score'),
    retention.score === null || retention.score === undefined ? h('p', { class: 'muted' }, 'No recall history yet.') :
      h('p', { class: 'score' }, h('strong', { class: 'retention' }, `${retention.score}`), ' / 100'),
    retention.factors.length ? h('ul', { class: 'factors' }, retention.factors.map(f => h('li', {},
      `${f.recallType} due ${f.dueDate}: ${f.explanation}`, h('small', { class: 'muted' }, ` (${f.points} × weight ${f.weight.toFixed(2)})`)))) : null,
    h('details', {}, h('summary', {}, 'How it is worked out'), h('p', { class: 'hint' }, retention.formula)));
}
