import { api } from '../api.js';
import { h, clear, field, onSubmit, formatAtClinic, toClinicInput, fromClinicInput, roleName, announce } from '../dom.js';

// What the send queue and a patient's reminders share: how a scheduled send reads, and the
// edit / cancel controls of a manual one that has not gone yet.

export const purposeNames = { recall: 'Recall rule', manual: 'Manual', booking: 'Booking reminder', internal: 'Internal (staff)' };

export const stateNames = { scheduled: 'Scheduled', held: 'Held', sent: 'Sent', failed: 'Failed', withdrawn: 'Withdrawn' };

export function channelText(send) {
  return send.channel === 'task' ? `Task for ${roleName(send.role)}` : send.channel.toUpperCase();
}

/** The state with its reason: held until when, why withdrawn, who changed it. */
export function stateCell(send, timeZone) {
  const held = send.state === 'held' && send.goesAt ? ` until ${formatAtClinic(send.goesAt, timeZone)}` : '';
  return [h('span', { class: `send-state ${send.state}` }, `${stateNames[send.state] || send.state}${held}`),
    send.detail ? h('small', { class: 'muted' }, ` · ${send.detail}`) : null];
}

export function textCell(send) {
  if (send.text) return h('span', { class: 'send-text' }, send.text);
  return h('span', { class: 'muted' }, send.recallType ? `Template of ${send.recallType}` : 'Clinic template');
}

/**
 * Edit and cancel for a manual send still waiting: the edit form opens in place, with the time in
 * the clinic's zone. <reload> redraws the list the send is in.
 */
export function sendActions({ session, clinic, can }, send, reload) {
  if (!send.editable || !can('contactPatients')) return null;
  const timeZone = clinic.settings.timeZone;
  const base = `/clinics/${encodeURIComponent(session.clinicId)}/patients/${encodeURIComponent(send.patientId)}/sends/${encodeURIComponent(send.sendId ?? send.id)}`;
  const holder = h('div', { class: 'send-actions' });
  const buttons = h('div', { class: 'row' },
    h('button', { type: 'button', onclick: openEdit }, 'Edit'),
    h('button', { type: 'button', class: 'danger', onclick: cancel }, 'Cancel send'));
  clear(holder, buttons);

  function openEdit() {
    const form = onSubmit(h('form', { class: 'stack send-edit', 'aria-label': 'Edit the send' },
      field('Text', h('textarea', { name: 'text', rows: 3, maxlength: 1600 }, send.text || '')),
      field(`Time (${timeZone})`, h('input', { name: 'at', type: 'datetime-local', value: toClinicInput(send.at, timeZone), required: true })),
      h('div', { class: 'row' },
        h('button', { type: 'submit', class: 'primary' }, 'Save'),
        h('button', { type: 'button', onclick: () => clear(holder, buttons) }, 'Keep as it is'))),
    async data => {
      const text = data.get('text').trim();
      await api(base, { method: 'PATCH', body: { text: text || null, at: fromClinicInput(data.get('at'), timeZone), by: session.displayName } });
      announce('Send changed.');
      await reload();
    });
    clear(holder, form);
    form.querySelector('textarea').focus();
  }

  async function cancel(event) {
    event.target.disabled = true;
    try {
      await api(`${base}/cancel`, { method: 'POST', body: { by: session.displayName } });
      announce('Send cancelled.');
      await reload();
    } catch (error) {
      event.target.disabled = false;
      holder.prepend(h('div', { class: 'problem', role: 'alert' }, error.title || 'Something went wrong.', error.detail ? ` ${error.detail}` : ''));
    }
  }

  return holder;
}
