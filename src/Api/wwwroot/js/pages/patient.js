import { api } from '../api.js';
import { h, clear, field, input, select, onSubmit, dueBadge, formatInstant, errorPanel, announce } from '../dom.js';

// One patient: profile, recall cycles, the communication thread (reply, log a call), visits,
// consent, a timeline, and the sections phase 2 fills (appointments, insurance, tasks, retention).
export async function render(main, context) {
  const { session, params, can, onChange } = context;
  const patientId = params[0];
  const base = `/clinics/${encodeURIComponent(session.clinicId)}/patients/${encodeURIComponent(patientId)}`;
  const thread = h('section', { class: 'card', 'aria-labelledby': 'thread-h' });
  const summary = h('div');

  async function load() {
    const [patient, recalls, messages] = await Promise.all([api(base), api(`${base}/recalls`), api(`${base}/messages`)]);
    const phone = patient.profile.phone || patient.profile.responsibleParty?.phone;
    const consent = phone ? await api(`/clinics/${encodeURIComponent(session.clinicId)}/phones/${encodeURIComponent(phone)}`).catch(() => null) : null;
    document.title = `${patient.profile.firstName} ${patient.profile.lastName}`;
    clear(summary,
      header(patient),
      thread,
      h('div', { class: 'grid' },
        cycles(patient, recalls),
        visits(patient, recalls),
        consentSection(patient, phone, consent),
        phase2('Appointments', 'Upcoming and past appointments, with book, reschedule and cancel.'),
        phase2('Insurance', 'Plan, frequency limits and the next eligible date.'),
        phase2('Tasks', 'Open tasks for this patient and who they are for.'),
        phase2('Retention score', 'The score with the reasons behind it.'),
        timeline(patient, recalls, messages, consent)));
    renderThread(messages);
  }

  function renderThread(messages) {
    const waiting = messages.some(m => m.needsHuman);
    clear(thread,
      h('h2', { id: 'thread-h' }, 'Messages and calls'),
      messages.length === 0 ? h('p', { class: 'muted' }, 'Nothing sent or received yet.') :
        h('ol', { class: 'thread' }, messages.map(entry)),
      can('contactPatients') ? actions(waiting) : null);
  }

  function actions(waiting) {
    const reply = onSubmit(h('form', { class: 'reply', 'aria-label': 'Reply by SMS' },
      field('Reply by SMS', h('textarea', { name: 'text', rows: 3, maxlength: 1600, required: true })),
      h('div', { class: 'row' },
        h('button', { type: 'submit', class: 'primary' }, 'Send reply'),
        waiting ? h('button', { type: 'button', onclick: markHandled }, 'Mark handled') : null)),
    async data => {
      renderThread(await api(`${base}/messages/reply`, { method: 'POST', body: { text: data.get('text') } }));
      announce('Reply queued.');
    });
    const call = onSubmit(h('form', { class: 'call', 'aria-label': 'Log a call' },
      h('div', { class: 'row' },
        field('Call outcome', select('outcome', [['reached', 'Reached'], ['booked', 'Booked'], ['noAnswer', 'No answer'], ['voicemail', 'Voicemail'], ['wrongNumber', 'Wrong number']], 'reached')),
        field('Note', input('note', { maxlength: 500 }))),
      h('button', { type: 'submit' }, 'Log call')),
    async data => {
      renderThread(await api(`${base}/calls`, { method: 'POST', body: { outcome: data.get('outcome'), note: data.get('note') || null, by: session.displayName } }));
      announce('Call logged.');
    });
    return h('div', { class: 'thread-actions' }, reply, call);
  }

  async function markHandled() {
    try {
      renderThread(await api(`${base}/messages/handled`, { method: 'POST' }));
      announce('Marked handled.');
    } catch (error) {
      thread.prepend(errorPanel(error));
    }
  }

  // The conversation comes first after the header: it is what staff open a patient for most often.
  clear(main, h('p', {}, h('a', { href: '#/patients' }, '← Patients')), summary);
  onChange(change => { if ((change.kind === 'patient' && change.id === patientId) || change.kind === 'phone') load().catch(() => {}); });
  await load();
}

function header(patient) {
  const p = patient.profile;
  return h('header', { class: 'patient-head' },
    h('h1', {}, `${p.firstName} ${p.lastName}`),
    h('dl', { class: 'facts' },
      fact('Patient id', patient.id), fact('Status', p.status), fact('Phone', p.phone || '—'), fact('Email', p.email || '—'),
      fact('Prefers', p.preferredChannel), fact('Language', p.language || 'clinic default'), fact('Born', p.dateOfBirth || '—'),
      p.responsibleParty ? fact('Responsible party', `${p.responsibleParty.name || p.responsibleParty.id} (${p.responsibleParty.relationship || 'contact'})`) : null));
}

function fact(term, value) {
  return [h('dt', {}, term), h('dd', {}, value)];
}

function cycles(patient, recalls) {
  return h('section', { class: 'card' }, h('h2', {}, 'Recall cycles'),
    recalls.cycles.length === 0 ? h('p', { class: 'muted' }, 'No recall rule applies yet.') :
      h('table', { class: 'list compact' },
        h('thead', {}, h('tr', {}, ['Recall', 'Due', 'Colour', 'Status'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, recalls.cycles.map(c => h('tr', {},
          h('td', { 'data-label': 'Recall' }, c.recallName),
          h('td', { 'data-label': 'Due' }, c.dueDate, c.dueDateSetManually ? ' (set by hand)' : ''),
          h('td', { 'data-label': 'Colour' }, dueBadge(c.colour, c.daysUntilDue)),
          h('td', { 'data-label': 'Status' }, c.status))))),
    recalls.completed.length ? h('p', { class: 'muted' }, `${recalls.completed.length} completed cycle(s).`) : null);
}

function visits(patient, recalls) {
  return h('section', { class: 'card' }, h('h2', {}, 'Visits'),
    h('p', {}, patient.visits === 0 ? 'No visits recorded.' : `${patient.visits} visit(s); the last on ${patient.lastVisit}.`),
    recalls.completed.length ? h('ul', {}, recalls.completed.map(c => h('li', {}, `${c.recallType}: due ${c.dueDate}, completed ${c.completedOn}`))) : null);
}

function consentSection(patient, phone, consent) {
  const p = patient.profile;
  return h('section', { class: 'card' }, h('h2', {}, 'Consent and opt-outs'),
    h('p', {}, phone ? (consent?.optedOut ? h('strong', { class: 'warn' }, `SMS to ${phone}: opted out (STOP).`) : `SMS to ${phone}: allowed.`) : 'No phone number.'),
    h('p', {}, p.preferredChannel === 'none' ? 'The patient asked not to be contacted.' : `Preferred channel: ${p.preferredChannel}.`),
    consent?.consentChanges?.length ? h('ul', {}, consent.consentChanges.map(c => h('li', {}, `${formatInstant(c.at)}: ${c.optedIn ? 'opted in' : 'opted out'} (${c.source})`))) : null);
}

function phase2(title, text) {
  return h('section', { class: 'card phase2', dataset: { phase: '2' } }, h('h2', {}, title), h('p', { class: 'muted' }, `${text} Coming with phase 2.`));
}

function timeline(patient, recalls, messages, consent) {
  const events = [
    { at: patient.createdAt, text: 'Patient added' },
    ...recalls.completed.map(c => ({ at: `${c.completedOn}T12:00:00Z`, text: `Visit completed the ${c.recallType} recall` })),
    ...messages.map(m => ({ at: m.at, text: m.direction === 'in' ? `Message from patient: “${m.text}”` : `${m.channel} ${m.outcome || m.detail || ''}${m.by ? ` by ${m.by}` : ''}` })),
    ...(consent?.consentChanges || []).map(c => ({ at: c.at, text: `SMS ${c.optedIn ? 'opt-in' : 'opt-out'} (${c.source})` })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return h('section', { class: 'card wide' }, h('h2', {}, 'Timeline'),
    h('ol', { class: 'timeline' }, events.map(e => h('li', {}, h('time', { datetime: e.at }, formatInstant(e.at)), ' ', e.text))));
}

function entry(m) {
  const outgoing = m.direction === 'out';
  const state = outgoing ? (m.outcome ? `${m.outcome}${m.delivery ? ` · ${m.delivery}` : ''}` : (m.detail || 'queued')) : (m.needsHuman ? 'needs a reply' : m.meaning);
  return h('li', { class: `msg ${outgoing ? 'out' : 'in'}${m.needsHuman ? ' waiting' : ''}` },
    h('div', { class: 'meta' }, h('time', { datetime: m.at }, formatInstant(m.at)), ` · ${m.channel} · ${outgoing ? 'to patient' : 'from patient'}`, m.by ? ` · by ${m.by}` : ''),
    m.text ? h('p', { class: 'text' }, m.text) : h('p', { class: 'muted' }, m.template ? `Template ${m.template}` : (outgoing && m.detail) || ''),
    h('span', { class: 'state' }, state || ''));
}
