import { api } from '../api.js';
import { h, clear, field, input, select, onSubmit, dueBadge, formatInstant, errorPanel, announce, isEditing } from '../dom.js';
import { appointmentsSection, insuranceSection, tasksSection, retentionSection } from './patientWorkflow.js';
import { privacySection } from './patientPrivacy.js';
import { remindersSection } from './patientReminders.js';
import { portalSection } from './patientPortal.js';

// One patient: profile, recall cycles with coverage and the suggested visit, the communication
// thread (reply, log a call), appointments, insurance, tasks, retention score, visits, consent, a timeline.
export async function render(main, context) {
  const { session, params, can, onChange } = context;
  const patientId = params[0];
  const base = `/clinics/${encodeURIComponent(session.clinicId)}/patients/${encodeURIComponent(patientId)}`;
  const thread = h('section', { class: 'card', 'aria-labelledby': 'thread-h' });
  const summary = h('div');

  let phone = null;
  let latest = 0;
  async function load({ live = false } = {}) {
    const mine = ++latest;
    const clinicBase = `/clinics/${encodeURIComponent(session.clinicId)}`;
    const [patient, recalls, messages, plan, appointments, sends, portal, tasks] = await Promise.all([
      api(base), api(`${base}/recalls`), api(`${base}/messages`), api(`${base}/plan`), api(`${base}/appointments`), api(`${base}/sends`), api(`${base}/portal-messages`),
      api(`${clinicBase}/tasks?patientId=${encodeURIComponent(patientId)}&includeSnoozed=true&pageSize=100`)]);
    phone = patient.profile.phone || patient.profile.responsibleParty?.phone;
    // A failed lookup is shown as such: never "allowed" for a number that may have opted out.
    const consent = phone ? await api(`${clinicBase}/phones/${encodeURIComponent(phone)}`).catch(error => ({ error })) : null;
    if (mine !== latest) return; // a newer load is on its way
    if (live && isEditing(summary)) { // someone started typing while this loaded: offer it instead
      stale.hidden = false;
      return;
    }
    stale.hidden = true;
    document.title = `${patient.profile.firstName} ${patient.profile.lastName}`;
    clear(summary,
      header(patient),
      thread,
      h('div', { class: 'grid' },
        cycles(recalls, plan),
        appointmentsSection(context, base, patientId, appointments, load),
        remindersSection(context, base, patientId, sends, load),
        portalSection(context, base, portal, load),
        tasksSection(tasks),
        insuranceSection(context, base, plan, load),
        retentionSection(plan.retention),
        visits(patient, recalls),
        consentSection(patient, phone, consent),
        timeline(patient, recalls, messages, consent),
        privacySection(context, base, patientId)));
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

  // A change made elsewhere redraws the page, unless someone is typing here: then a notice offers
  // the refresh, so a half-written reply or form is never wiped.
  const stale = h('div', { class: 'notice', role: 'status', hidden: true },
    'This patient changed elsewhere. ', h('button', { type: 'button', onclick: () => refresh() }, 'Show the changes'));
  async function refresh(options) {
    try {
      await load(options);
    } catch (error) {
      stale.hidden = false;
      clear(stale, errorPanel(error), h('button', { type: 'button', onclick: () => refresh() }, 'Try again'));
    }
  }

  // The conversation comes first after the header: it is what staff open a patient for most often.
  clear(main, h('p', {}, h('a', { href: '#/patients' }, '← Patients')), stale, summary);
  onChange(
    change => (change.kind === 'patient' && (!change.id || change.id === patientId)) || (change.kind === 'phone' && (!change.id || change.id === phone)),
    () => {
      if (isEditing(summary)) stale.hidden = false;
      else refresh({ live: true });
    });
  await load();
}

function header(patient) {
  const p = patient.profile;
  return h('header', { class: 'patient-head' },
    h('h1', {}, `${p.firstName} ${p.lastName}`),
    h('dl', { class: 'facts' },
      fact('Patient id', patient.id), fact('Status', p.status), fact('Phone', p.phone ? `${p.phone}${lineTypes[patient.phoneLineType] ? ` (${lineTypes[patient.phoneLineType]})` : ''}` : '—'), fact('Email', p.email || '—'),
      fact('Prefers', p.preferredChannel), fact('Language', p.language || 'clinic default'), fact('Born', p.dateOfBirth || '—'),
      p.responsibleParty ? fact('Responsible party', [`${p.responsibleParty.name || p.responsibleParty.id} (${p.responsibleParty.relationship || 'contact'}) `,
        p.responsibleParty.id ? h('a', { href: `#/reminders/${encodeURIComponent(p.responsibleParty.id)}` }, 'all their reminders') : null]) : null));
}

function fact(term, value) {
  return [h('dt', {}, term), h('dd', {}, value)];
}

function cycles(recalls, plan) {
  const planned = Object.fromEntries(plan.cycles.map(c => [c.recallType, c]));
  return h('section', { class: 'card wide' }, h('h2', {}, 'Recall cycles'),
    recalls.cycles.length === 0 ? h('p', { class: 'muted' }, 'No recall rule applies yet.') :
      h('table', { class: 'list compact' },
        h('thead', {}, h('tr', {}, ['Recall', 'Due', 'Colour', 'Status', 'Suggested visit', 'Insurance'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, recalls.cycles.map(c => {
          const p = planned[c.recallType];
          return h('tr', { dataset: { recall: c.recallType } },
            h('td', { 'data-label': 'Recall' }, c.recallName, p?.recallRequired ? h('span', { class: 'flag warn' }, 'recall required') : null),
            h('td', { 'data-label': 'Due' }, c.dueDate, c.dueDateSetManually ? ' (set by hand)' : ''),
            h('td', { 'data-label': 'Colour' }, dueBadge(c.colour, c.daysUntilDue)),
            h('td', { 'data-label': 'Status' }, c.status),
            h('td', { 'data-label': 'Suggested visit' }, p ? [h('strong', {}, p.suggested.date), h('br'), h('small', { class: 'muted' }, p.suggested.reasons.join(' '))] : '—'),
            h('td', { 'data-label': 'Insurance' }, p ? [h('span', { class: `coverage ${p.coverage.status}` }, p.coverage.status), ' ', h('small', { class: 'muted' }, p.coverage.reason)] : '—'));
        }))),
    recalls.completed.length ? h('p', { class: 'muted' }, `${recalls.completed.length} completed cycle(s).`) : null);
}

function visits(patient, recalls) {
  return h('section', { class: 'card' }, h('h2', {}, 'Visits'),
    h('p', {}, patient.visits === 0 ? 'No visits recorded.' : `${patient.visits} visit(s); the last on ${patient.lastVisit}.`),
    recalls.completed.length ? h('ul', {}, recalls.completed.map(c => h('li', {}, `${c.recallType}: due ${c.dueDate}, completed ${c.completedOn}`))) : null);
}

// What the number's digits say about it: a landline is never texted, so its patient's notices go by email or a call.
const lineTypes = { mobile: 'mobile', landline: 'landline: calls and email, no texts', mobileOrLandline: 'mobile or landline', voip: 'internet phone', tollFree: 'toll-free: no texts', other: 'no texts' };

function consentSection(patient, phone, consent) {
  const p = patient.profile;
  return h('section', { class: 'card' }, h('h2', {}, 'Consent and opt-outs'),
    !phone ? h('p', {}, 'No phone number.')
      : consent?.error ? [h('p', { class: 'warn' }, `SMS consent of ${phone} could not be read; check before texting.`), errorPanel(consent.error)]
        : h('p', {}, consent.optedOut ? h('strong', { class: 'warn' }, `SMS to ${phone}: opted out (STOP).`) : `SMS to ${phone}: allowed.`),
    h('p', {}, p.preferredChannel === 'none' ? 'The patient asked not to be contacted.' : `Preferred channel: ${p.preferredChannel}.`),
    patient.emailOptedOutAt ? h('p', {}, h('strong', { class: 'warn' }, `Email: opted out on ${formatInstant(patient.emailOptedOutAt)} (patient page).`)) : null,
    consent?.consentChanges?.length ? h('ul', {}, consent.consentChanges.map(c => h('li', {}, `${formatInstant(c.at)}: ${c.optedIn ? 'opted in' : 'opted out'} (${c.source})`))) : null);
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
