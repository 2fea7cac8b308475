import { api } from '../api.js';
import { h, clear, field, input, select, onSubmit, showProblem, announce } from '../dom.js';

const purposes = [['recallSms', 'Recall SMS'], ['recallEmail', 'Recall email'], ['confirmation', 'Confirmation'], ['preVisitInstructions', 'Pre-visit instructions'], ['visitReminder', 'Visit reminder'], ['serviceReminder', 'Service reminder'], ['serviceReminderDigest', 'Service reminder, several patients'], ['pageLink', 'New page link'], ['portalMessage', 'New portal message']];

// Templates with a live preview: each keystroke (debounced) asks the API to render the text with
// sample values and to measure it as an SMS (GSM-7 or UCS-2, characters, segments).
export async function templatesSection(section, context) {
  const clinic = `/clinics/${encodeURIComponent(context.session.clinicId)}`;
  let templates = await api(`${clinic}/templates`);
  const languages = context.clinic.settings.languages;
  const body = h('textarea', { name: 'body', rows: 5, required: true });
  const subject = input('subject');
  const status = h('span', { class: 'muted' });
  const preview = h('div', { class: 'preview', 'aria-live': 'polite' });
  const counter = h('p', { class: 'segments', id: 'segment-counter' });
  const form = h('form', { class: 'stack templates' },
    h('div', { class: 'row' },
      field('Purpose', select('purpose', purposes, 'recallSms')),
      field('Language', select('language', languages.map(l => [l, l]), languages[0]))),
    field('Text', body, 'Placeholders: {firstName} {lastName} {clinicName} {clinicPhone} {dueDate} {appointmentDate} {appointmentTime} {bookingLink}'),
    field('Email subject', subject),
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Save template'),
      h('button', { type: 'button', onclick: reset }, 'Back to the default'), status),
    h('h3', {}, 'Preview'), counter, preview);

  function current() {
    return templates.find(t => t.purpose === form.purpose.value && t.language === form.language.value);
  }

  function pick() {
    const t = current();
    body.value = t?.body || '';
    subject.value = t?.subject || '';
    status.textContent = t?.isDefault ? 'Shipped default' : 'The clinic\'s own wording';
    renderPreview();
  }

  let timer = null;
  let controller = null;
  function renderPreview() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const result = await api(`${clinic}/templates/preview`, {
          method: 'POST', signal: controller.signal,
          body: { purpose: form.purpose.value, language: form.language.value, body: body.value, subject: subject.value || null },
        });
        showProblem(form, null);
        const sms = result.sms;
        counter.textContent = `${sms.encoding === 'ucs2' ? 'UCS-2' : 'GSM-7'} · ${sms.characters} characters · ${sms.segments} SMS segment${sms.segments === 1 ? '' : 's'}`;
        counter.classList.toggle('warn', sms.segments > 1);
        clear(preview, result.subject ? h('p', {}, h('strong', {}, 'Subject: '), result.subject) : null, h('p', { class: 'text' }, result.text));
      } catch (error) {
        if (error.name === 'AbortError') return;
        counter.textContent = '';
        clear(preview);
        showProblem(form, error);
      }
    }, 200);
  }

  async function reset() {
    const t = await api(`${clinic}/templates/${form.purpose.value}/${form.language.value}`, { method: 'DELETE' });
    templates = templates.map(x => (x.purpose === t.purpose && x.language === t.language ? t : x));
    pick();
    announce('Back to the default wording.');
  }

  form.purpose.addEventListener('change', pick);
  form.language.addEventListener('change', pick);
  body.addEventListener('input', renderPreview);
  subject.addEventListener('input', renderPreview);
  onSubmit(form, async () => {
    const t = await api(`${clinic}/templates/${form.purpose.value}/${form.language.value}`, { method: 'PUT', body: { body: body.value, subject: subject.value || null } });
    templates = templates.map(x => (x.purpose === t.purpose && x.language === t.language ? t : x));
    status.textContent = 'Saved: the clinic\'s own wording';
    announce('Template saved.');
  });
  section.append(form);
  pick();
}
