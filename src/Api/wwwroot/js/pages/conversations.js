import { api } from '../api.js';
import { h, clear, field, onSubmit, formatInstant, errorPanel, announce } from '../dom.js';

// Conversations needing a human: patients whose reply was not understood (or said yes and wants booking).
export async function render(main, { session, can, onChange }) {
  const clinic = `/clinics/${encodeURIComponent(session.clinicId)}`;
  const list = h('div', { class: 'conversations', 'aria-live': 'polite' });

  async function load() {
    const page = await api(`${clinic}/patients?awaitingReply=true&pageSize=50`);
    const threads = await Promise.all(page.items.map(async p => ({ patient: p, messages: await api(`${clinic}/patients/${encodeURIComponent(p.patientId)}/messages`) })));
    clear(list,
      h('p', { class: 'count' }, page.total === 0 ? 'Nobody is waiting for an answer.' : `${page.total} conversation${page.total === 1 ? '' : 's'} waiting`),
      threads.map(conversation));
  }

  function conversation({ patient, messages }) {
    const base = `${clinic}/patients/${encodeURIComponent(patient.patientId)}`;
    const waiting = messages.filter(m => m.needsHuman);
    const card = h('article', { class: 'card conversation', dataset: { patient: patient.patientId } },
      h('h2', {}, h('a', { href: `#/patient/${encodeURIComponent(patient.patientId)}` }, `${patient.firstName} ${patient.lastName}`), ' ', h('small', { class: 'muted' }, patient.phone || '')),
      h('ol', { class: 'thread' }, waiting.map(m => h('li', { class: 'msg in waiting' },
        h('div', { class: 'meta' }, h('time', { datetime: m.at }, formatInstant(m.at)), ` · ${m.meaning === 'yes' ? 'said yes: wants to book' : 'not understood'}`),
        h('p', { class: 'text' }, m.text)))));
    if (can('contactPatients')) {
      const form = onSubmit(h('form', { class: 'reply' },
        field(`Reply to ${patient.firstName}`, h('textarea', { name: 'text', rows: 2, maxlength: 1600, required: true })),
        h('div', { class: 'row' },
          h('button', { type: 'submit', class: 'primary' }, 'Send reply'),
          h('button', { type: 'button', onclick: () => handled(card, base) }, 'Mark handled'))),
      async data => {
        await api(`${base}/messages/reply`, { method: 'POST', body: { text: data.get('text') } });
        announce(`Reply to ${patient.firstName} queued.`);
        await load();
      });
      card.append(form);
    }
    return card;
  }

  async function handled(card, base) {
    try {
      await api(`${base}/messages/handled`, { method: 'POST' });
      announce('Marked handled.');
      await load();
    } catch (error) {
      card.prepend(errorPanel(error));
    }
  }

  clear(main, h('h1', {}, 'Conversations needing a reply'), list);
  onChange(change => change.kind === 'patient', () => load().catch(error => clear(list, errorPanel(error))));
  await load();
}
