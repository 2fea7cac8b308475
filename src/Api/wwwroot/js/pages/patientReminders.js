import { api } from '../api.js';
import { h, clear, field, input, select, onSubmit, formatAtClinic, fromClinicInput, roles, announce } from '../dom.js';
import { purposeNames, channelText, stateCell, textCell, sendActions } from './sends.js';

// A patient's reminders: every planned send (a rule's schedule, booking reminders, manual and
// internal reminders) with its state, and the form that makes a manual reminder: for the client
// (times, channels, own text or a rule's template) or internal (a task for a role at each time).
export function remindersSection(context, base, patientId, view, reload) {
  const { clinic, can } = context;
  const timeZone = clinic.settings.timeZone;
  const sends = view.sends.map(s => ({ ...s, sendId: s.id, patientId, editable: isEditable(s) }));
  const waiting = sends.filter(s => s.state === 'scheduled' || s.state === 'held');
  const done = sends.filter(s => !waiting.includes(s)).slice(0, 10);
  return h('section', { class: 'card wide', 'aria-labelledby': 'reminders-h' },
    h('h2', { id: 'reminders-h' }, 'Reminders'),
    sends.length === 0 ? h('p', { class: 'muted' }, 'No reminders planned.') :
      h('table', { class: 'list compact patient-sends' },
        h('thead', {}, h('tr', {}, ['When', 'Purpose', 'Channel', 'State', 'Text', ''].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, [...waiting.reverse(), ...done].map(s => h('tr', { dataset: { send: s.id, state: s.state } },
          h('td', { 'data-label': 'When' }, h('time', { datetime: s.at }, formatAtClinic(s.at, timeZone))),
          h('td', { 'data-label': 'Purpose' }, purposeNames[s.purpose] || s.purpose),
          h('td', { 'data-label': 'Channel' }, channelText(s)),
          h('td', { 'data-label': 'State' }, stateCell(s, timeZone)),
          h('td', { 'data-label': 'Text' }, textCell(s)),
          h('td', {}, sendActions(context, s, reload)))))),
    can('contactPatients') ? newReminderForm(context, base, reload) : null);
}

// The same rule the server applies (PatientGrain.EditableSend): manual, waiting, not yet handed to the outbox.
function isEditable(send) {
  return (send.purpose === 'manual' || send.purpose === 'internal') && send.state === 'scheduled' && !send.goesAt;
}

function newReminderForm({ session, clinic }, base, reload) {
  const timeZone = clinic.settings.timeZone;
  const rules = clinic.recallRules.filter(rule => !rule.staffTask);
  const times = h('div', { class: 'times' }, timeField());
  const kind = select('kind', [['client', 'To the client'], ['internal', 'Internal: a task for staff']], 'client');
  const clientOnly = h('div', { class: 'row' },
    h('fieldset', { class: 'checks' }, h('legend', {}, 'Channels'),
      h('label', {}, input('channels', { type: 'checkbox', value: 'sms', checked: true }), ' SMS'),
      h('label', {}, input('channels', { type: 'checkbox', value: 'email' }), ' Email')),
    field('Template of', select('recallType', [['', 'None: my own text'], ...rules.map(rule => [rule.type, rule.name])], '')));
  const internalOnly = h('div', { class: 'row', hidden: true },
    field('For', select('role', Object.entries(roles), 'frontDesk')));
  kind.addEventListener('change', () => {
    clientOnly.hidden = kind.value !== 'client';
    internalOnly.hidden = kind.value === 'client';
  });

  function timeField() {
    return field(`Send at (${timeZone})`, h('input', { name: 'at', type: 'datetime-local', required: true }));
  }

  const form = onSubmit(h('form', { class: 'stack new-reminder', 'aria-label': 'New reminder' },
    h('h3', {}, 'New reminder'),
    field('Kind', kind),
    times,
    h('button', { type: 'button', class: 'link', onclick: () => times.append(timeField()) }, 'Add another time'),
    clientOnly,
    internalOnly,
    field('Text', h('textarea', { name: 'text', rows: 3, maxlength: 1600 }), 'Placeholders such as {firstName} and {clinicName} are filled in. Leave empty to use the chosen template.'),
    h('button', { type: 'submit', class: 'primary' }, 'Add reminder')),
  async data => {
    const internal = data.get('kind') === 'internal';
    const text = data.get('text').trim();
    await api(`${base}/reminders`, {
      method: 'POST',
      body: {
        at: data.getAll('at').filter(Boolean).map(value => fromClinicInput(value, timeZone)),
        channels: internal ? null : data.getAll('channels'),
        role: internal ? data.get('role') : null,
        recallType: internal ? null : data.get('recallType') || null,
        text: text || null,
        by: session.displayName,
      },
    });
    announce('Reminder added to the send queue.');
    await reload();
  });
  return form;
}
