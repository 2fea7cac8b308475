import { api } from '../api.js';
import { h, field, onSubmit, formatInstant, announce } from '../dom.js';

// Portal messages: what the clinic wrote for the patient's own page, and whether they have read it.
// The patient is told by SMS or email that a message waits (never what it says).
export function portalSection({ can }, base, messages, reload) {
  const write = can('contactPatients') ? onSubmit(h('form', { class: 'stack portal-write', 'aria-label': 'Write a portal message' },
    field('Message for the patient’s page', h('textarea', { name: 'text', rows: 3, maxlength: 2000, required: true }),
      'They get a text or email with a link to read it; it may say more than an SMS should.'),
    h('button', { type: 'submit' }, 'Send to the patient’s page')),
  async data => {
    await api(`${base}/portal-messages`, { method: 'POST', body: { text: data.get('text') } });
    announce('Portal message sent; the patient is told it is there.');
    await reload();
  }) : null;
  return h('section', { class: 'card', 'aria-labelledby': 'portal-h' }, h('h2', { id: 'portal-h' }, 'Portal messages'),
    messages.length === 0 ? h('p', { class: 'muted' }, 'None yet.') :
      h('ol', { class: 'portal-messages' }, [...messages].reverse().map(m => h('li', { dataset: { message: m.id, read: m.readAt ? 'yes' : 'no' } },
        h('p', { class: 'text' }, m.text),
        h('small', { class: 'muted' }, `${formatInstant(m.at)} · by ${m.by} · `, m.readAt ? `read ${formatInstant(m.readAt)}` : 'not read yet')))),
    write);
}
