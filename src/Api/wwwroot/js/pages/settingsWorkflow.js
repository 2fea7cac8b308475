import { api } from '../api.js';
import { h, field, input, select, onSubmit, announce } from '../dom.js';
import { saveSettings } from './settingsClinic.js';

// The recall workflow's timings and the bookable schedule (visit types and resources).

const reminderChannels = [['', 'The patient’s preferred channel'], ['sms', 'SMS'], ['email', 'Email'], ['sms+email', 'SMS and email']];

/** Field names follow the API's error keys (workflow.managerEmail), so problems land next to their field. */
export function workflowSection(section, context) {
  const w = context.clinic.settings.workflow || {};
  section.append(onSubmit(h('form', { class: 'stack' },
    h('div', { class: 'row' },
      field('Visit reminders (days before)', input('workflow.visitReminderDays', { value: (w.visitReminderDays || [3, 1]).join(', ') }), 'Comma-separated, e.g. 3, 1'),
      field('Visit reminders by', select('workflow.visitReminderChannels', reminderChannels, (w.visitReminderChannels || []).join('+'))),
      field('Preparation message (hours before)', input('workflow.preVisitHours', { type: 'number', min: 0, max: 168, value: w.preVisitHours ?? 24 }), '0: none')),
    h('div', { class: 'row' },
      field('Daily report at', input('workflow.dailyReportAt', { type: 'time', value: (w.dailyReportAt || '07:00').slice(0, 5) })),
      field('Office manager’s email', input('workflow.managerEmail', { type: 'email', value: w.managerEmail || '' }), 'Receives the daily and monthly reports.')),
    h('div', { class: 'row' },
      field('Alert the lead dentist after (days overdue)', input('workflow.overdueAlertDays', { type: 'number', min: 1, max: 365, value: w.overdueAlertDays ?? 30 })),
      field('Office manager follows up after (days without answer)', input('workflow.noResponseDays', { type: 'number', min: 1, max: 90, value: w.noResponseDays ?? 14 }))),
    h('label', {}, input('workflow.verifyInsurance', { type: 'checkbox', checked: w.verifyInsurance ?? true }), ' Ask the front desk to verify missing or expired insurance before a recall visit'),
    h('button', { type: 'submit', class: 'primary' }, 'Save workflow')),
  async data => {
    const days = data.get('workflow.visitReminderDays').split(',').map(d => d.trim()).filter(Boolean).map(Number);
    const workflow = {
      visitReminderDays: days, visitReminderChannels: data.get('workflow.visitReminderChannels') ? data.get('workflow.visitReminderChannels').split('+') : null,
      preVisitHours: Number(data.get('workflow.preVisitHours')),
      dailyReportAt: data.get('workflow.dailyReportAt') || null, managerEmail: data.get('workflow.managerEmail') || null,
      overdueAlertDays: Number(data.get('workflow.overdueAlertDays')), noResponseDays: Number(data.get('workflow.noResponseDays')),
      verifyInsurance: data.has('workflow.verifyInsurance'),
    };
    await saveSettings(context, { workflow }, 'Workflow saved.');
  }));
}

/** What the pre-registration page asks before a visit; the link is {preRegistrationLink} in the booking reminder's template. */
export function preRegistrationSection(section, context) {
  const p = context.clinic.settings.preRegistration || { askContact: true, askInsurance: true, askReason: true, consentText: null };
  const check = (name, label, checked) => h('label', {}, input(name, { type: 'checkbox', checked }), ` ${label}`);
  section.append(onSubmit(h('form', { class: 'stack' },
    h('div', { class: 'checks' },
      check('askContact', 'Check phone and email', p.askContact),
      check('askInsurance', 'Insurance', p.askInsurance),
      check('askReason', 'Reason for the visit', p.askReason)),
    field('Consent to tick (leave empty for none)', h('textarea', { name: 'preRegistration.consentText', rows: 3, maxlength: 1000 }, p.consentText || '')),
    h('button', { type: 'submit', class: 'primary' }, 'Save pre-registration')),
  data => saveSettings(context, {
    preRegistration: {
      askContact: data.has('askContact'), askInsurance: data.has('askInsurance'), askReason: data.has('askReason'),
      consentText: data.get('preRegistration.consentText').trim() || null,
    },
  }, 'Pre-registration saved.')));
}

/**
 * The schedule as the API takes it (visit types, resources with weekly hours and breaks), edited as
 * JSON: it is set up once by whoever installs the clinic, and the API says precisely what is wrong.
 */
export async function scheduleSection(section, context) {
  const url = `/clinics/${encodeURIComponent(context.session.clinicId)}/schedule/setup`;
  const setup = await api(url);
  const text = h('textarea', { name: 'setup', rows: 16, spellcheck: 'false', class: 'code' }, JSON.stringify(setup, null, 2));
  section.append(
    h('p', { class: 'hint' }, `${setup.visitTypes.length} visit type(s), ${setup.resources.length} resource(s). Hours are the clinic's local time; days are monday … sunday.`),
    onSubmit(h('form', { class: 'stack' }, field('Visit types and resources (JSON)', text), h('button', { type: 'submit', class: 'primary' }, 'Save schedule')),
      async () => {
        let body;
        try {
          body = JSON.parse(text.value);
        } catch (error) {
          throw { title: 'The schedule is not valid JSON.', errors: { setup: [error.message] } };
        }
        text.value = JSON.stringify(await api(url, { method: 'PUT', body }), null, 2);
        announce('Schedule saved.');
      }));
}
