import { api } from '../api.js';
import { h, field, input, select, onSubmit, announce, roles } from '../dom.js';

const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const hhmm = time => (time || '').slice(0, 5);

/**
 * Settings are replaced as a whole (PUT), so each form sends the settings as they are now (read
 * fresh, so a colleague's change since this page loaded is kept) with its own part changed.
 */
export async function saveSettings(context, changes, message = 'Settings saved.') {
  const url = `/clinics/${encodeURIComponent(context.session.clinicId)}`;
  const current = await api(url);
  const updated = await api(`${url}/settings`, { method: 'PUT', body: { ...current.settings, ...changes } });
  context.setClinic(updated);
  announce(message);
}

export function clinicSection(section, context) {
  const s = context.clinic.settings;
  section.append(onSubmit(h('form', { class: 'stack' },
    field('Clinic name', input('name', { value: s.name, required: true })),
    field('Time zone', input('timeZone', { value: s.timeZone, required: true }), 'IANA id, e.g. Europe/Warsaw. Changing it moves every due date\'s time.'),
    field('Country', input('country', { value: s.country || '', maxlength: 2, autocapitalize: 'characters' }), 'ISO code such as PL, SE or DE: the country of phone numbers written without +. Left empty, the time zone\'s country.'),
    field('Languages', input('languages', { value: s.languages.join(', ') }), 'Comma-separated, the first is the default: pl, en'),
    field('SMS sender', input('smsSender', { value: s.smsSender || '' }), 'This clinic\'s Twilio number (E.164) or Messaging Service SID.'),
    field('Staff webhook (Teams/Slack)', input('staffWebhookUrl', { type: 'url', value: s.staffWebhookUrl || '' })),
    field('Integration webhook', input('integrationWebhookUrl', { type: 'url', value: s.integrationWebhookUrl || '' })),
    field('Colour of the patients\' pages', input('brandColour', { value: s.brandColour || '', placeholder: '#12355b', maxlength: 7 }), 'Written as #rrggbb; dark enough for white text on it (the server checks).'),
    h('button', { type: 'submit', class: 'primary' }, 'Save clinic')),
  data => saveSettings(context, {
    name: data.get('name'), timeZone: data.get('timeZone'), country: data.get('country') || null,
    languages: data.get('languages').split(',').map(l => l.trim()).filter(Boolean),
    smsSender: data.get('smsSender') || null, staffWebhookUrl: data.get('staffWebhookUrl') || null, integrationWebhookUrl: data.get('integrationWebhookUrl') || null,
    brandColour: data.get('brandColour').trim() || null,
  })));
}

export function hoursSection(section, context) {
  const s = context.clinic.settings;
  const sending = s.sending || { windowOpens: '08:00', windowCloses: '21:00', maxPerDay: 1, maxPerWeek: 3 };
  const open = Object.fromEntries((s.openingHours || []).map(o => [o.day, o]));
  const rows = days.map(day => h('tr', {},
    h('th', { scope: 'row' }, h('label', {}, input(`open-${day}`, { type: 'checkbox', checked: Boolean(open[day]) }), ` ${day[0].toUpperCase()}${day.slice(1)}`)),
    h('td', {}, input(`opens-${day}`, { type: 'time', value: hhmm(open[day]?.opens) || '08:00', 'aria-label': `${day} opens` })),
    h('td', {}, input(`closes-${day}`, { type: 'time', value: hhmm(open[day]?.closes) || '17:00', 'aria-label': `${day} closes` }))));
  section.append(onSubmit(h('form', { class: 'stack' },
    h('table', { class: 'list compact hours' }, h('caption', {}, 'Opening hours'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'), h('th', { scope: 'col' }, 'Opens'), h('th', { scope: 'col' }, 'Closes'))), h('tbody', {}, rows)),
    h('fieldset', {}, h('legend', {}, 'Quiet hours: messages go out only between'),
      h('div', { class: 'row' },
        field('Sending opens', input('windowOpens', { type: 'time', value: hhmm(sending.windowOpens) })),
        field('Sending closes', input('windowCloses', { type: 'time', value: hhmm(sending.windowCloses) })),
        field('At most per day', input('maxPerDay', { type: 'number', min: 1, value: sending.maxPerDay })),
        field('At most per week', input('maxPerWeek', { type: 'number', min: 1, value: sending.maxPerWeek })))),
    h('button', { type: 'submit', class: 'primary' }, 'Save hours')),
  data => saveSettings(context, {
    openingHours: days.filter(day => data.has(`open-${day}`)).map(day => ({ day, opens: data.get(`opens-${day}`), closes: data.get(`closes-${day}`) })),
    sending: { windowOpens: data.get('windowOpens'), windowCloses: data.get('windowCloses'), maxPerDay: Number(data.get('maxPerDay')), maxPerWeek: Number(data.get('maxPerWeek')) },
  })));
}

export function rulesSection(section, context) {
  const body = h('tbody');
  const addRow = (rule = { type: '', name: '', serviceCodes: [], intervalMonths: 6, intervalDays: 0, extraDays: 0 }) => {
    const n = body.children.length;
    const row = h('tr', {},
      h('td', { 'data-label': 'Type' }, input(`type-${n}`, { value: rule.type, 'aria-label': 'Type', required: true, size: 8 })),
      h('td', { 'data-label': 'Name' }, input(`name-${n}`, { value: rule.name, 'aria-label': 'Name', required: true })),
      h('td', { 'data-label': 'Service codes' }, input(`codes-${n}`, { value: rule.serviceCodes.join(' '), 'aria-label': 'Service codes (space-separated)' })),
      h('td', { 'data-label': 'Months' }, input(`months-${n}`, { type: 'number', min: 0, value: rule.intervalMonths, 'aria-label': 'Interval months', class: 'num' })),
      h('td', { 'data-label': 'Days' }, input(`days-${n}`, { type: 'number', min: 0, value: rule.intervalDays, 'aria-label': 'Interval days', class: 'num' })),
      h('td', { 'data-label': 'Extra days' }, input(`extra-${n}`, { type: 'number', min: 0, value: rule.extraDays, 'aria-label': 'Extra days', class: 'num' })),
      h('td', { 'data-label': 'Send schedule' }, input(`schedule-${n}`, { value: scheduleText(rule.schedule), 'aria-label': 'Send schedule', placeholder: 'on the due day', size: 22 })),
      h('td', { 'data-label': 'Staff only' },
        select(`taskRole-${n}`, [['', 'No: the client hears'], ...Object.entries(roles)], rule.staffTask?.role || '', { 'aria-label': 'Staff only: task for' }),
        input(`taskText-${n}`, { value: rule.staffTask?.text || '', 'aria-label': 'Task text', placeholder: 'Task text' })),
      h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => row.remove() }, 'Remove')));
    body.append(row);
  };
  context.clinic.recallRules.forEach(addRow);
  section.append(onSubmit(h('form', { class: 'stack' },
    h('p', { class: 'muted' }, 'A visit with one of the service codes completes the recall; the next is due after months + days + extra days.'),
    h('p', { class: 'muted' }, 'Send schedule: days from the due date and channels, e.g. "-28:sms -7:sms+email 0:sms 14:sms"; empty sends one notice on the due day. Staff only: the visit puts a task on a role\'s worklist after the interval and the client hears nothing.'),
    h('table', { class: 'list compact rules' },
      h('thead', {}, h('tr', {}, ['Type', 'Name', 'Service codes', 'Months', 'Days', 'Extra days', 'Send schedule', 'Staff only', ''].map(t => h('th', { scope: 'col' }, t)))), body),
    h('div', { class: 'row' },
      h('button', { type: 'button', onclick: () => addRow() }, 'Add a rule'),
      h('button', { type: 'submit', class: 'primary' }, 'Save rules'))),
  async data => {
    const rules = [...body.querySelectorAll('tr')].map(row => {
      const value = prefix => row.querySelector(`[name^="${prefix}-"]`).value;
      const scheduleField = row.querySelector('[name^="schedule-"]');
      const role = value('taskRole');
      return { type: value('type'), name: value('name'), serviceCodes: value('codes').split(/[\s,]+/).filter(Boolean),
        intervalMonths: Number(value('months')), intervalDays: Number(value('days')), extraDays: Number(value('extra')),
        schedule: parseSchedule(scheduleField), staffTask: role ? { role, text: value('taskText') } : null };
    });
    const result = await api(`/clinics/${encodeURIComponent(context.session.clinicId)}/recall-rules`, { method: 'PUT', body: rules });
    context.setClinic(result.clinic);
    announce(`Rules saved; ${result.patientsRefreshed} patients recomputed.`);
  }));
}

// A send schedule as staff write it: "-28:sms -7:sms+email 0:sms 14:sms" (days from the due date: channels).
function scheduleText(schedule) {
  return (schedule || []).map(step => `${step.daysFromDue > 0 ? '+' : ''}${step.daysFromDue}:${step.channels.join('+')}`).join(' ');
}

function parseSchedule(control) {
  const words = control.value.split(/[\s,]+/).filter(Boolean);
  if (words.length === 0) return null;
  return words.map(word => {
    const match = /^([+-]?\d{1,3}):([a-z]+(?:\+[a-z]+)*)$/.exec(word);
    if (!match) {
      const message = `"${word}" is not a step: write days from the due date and channels, e.g. -7:sms+email.`;
      throw Object.assign(new Error(message), { title: 'Check the send schedule.', errors: { [control.name]: [message] } });
    }
    return { daysFromDue: Number(match[1]), channels: match[2].split('+') };
  });
}
