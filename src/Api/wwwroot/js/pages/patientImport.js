import { api } from '../api.js';
import { h, clear, field, input, select, onSubmit, announce } from '../dom.js';

const columns = 'id, firstName, lastName, dateOfBirth, phone, email, preferredChannel, language, status, responsiblePartyId, responsiblePartyName, responsiblePartyPhone, responsiblePartyEmail, lastVisitDate, lastVisitServiceCodes';

/**
 * Import patients from the practice system's or a spreadsheet's CSV export. The server reads the
 * file as it comes (separator, encoding, national phone numbers, day-first dates) and answers with
 * what it did: the rows imported, and each problem with its line so the clinic can fix the file.
 */
export function importSection(session, imported) {
  const report = h('div', { class: 'import-report', 'aria-live': 'polite' });
  const form = onSubmit(h('form', { class: 'stack' },
    field('CSV file', input('file', { type: 'file', accept: '.csv,text/csv,text/plain', required: true }),
      `The first line names the columns: ${columns}. Only id, firstName and lastName are required.`),
    field('Encoding', select('encoding', [['', 'Detect (UTF-8, Windows-1250 or -1252)'], ['utf-8', 'UTF-8'], ['windows-1250', 'Windows-1250 (Polish, Czech Excel)'], ['windows-1252', 'Windows-1252 (Swedish, German, English Excel)']], '')),
    h('button', { type: 'submit', class: 'primary' }, 'Import')),
  async data => {
    const file = data.get('file');
    if (!file || !file.name) throw Object.assign(new Error('Choose a CSV file.'), { title: 'Choose a CSV file.', errors: { file: ['Choose a CSV file.'] } });
    const query = data.get('encoding') ? `?encoding=${encodeURIComponent(data.get('encoding'))}` : '';
    const result = await api(`/clinics/${encodeURIComponent(session.clinicId)}/patients/import${query}`, { method: 'POST', file });
    clear(report, summary(result));
    announce(`${result.imported} of ${result.rows} rows imported`);
    imported();
  });
  return h('details', { class: 'card import' }, h('summary', {}, 'Import patients from CSV'), form, report);
}

function summary(result) {
  return [
    h('p', {}, `${result.imported} of ${result.rows} rows imported (read as ${result.encoding}, separated by '${result.separator}').`),
    problems(`Not imported (${result.errorCount})`, result.errors, result.errorCount),
    problems(`Imported without a field (${result.warningCount})`, result.warnings, result.warningCount),
  ];
}

function problems(caption, list, total) {
  if (!list.length) return null;
  return h('table', { class: 'list compact' },
    h('caption', {}, total > list.length ? `${caption}, the first ${list.length}` : caption),
    h('thead', {}, h('tr', {}, ['Line', 'Patient', 'Field', 'Problem'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, list.map(e => h('tr', {},
      h('td', { 'data-label': 'Line' }, String(e.line)),
      h('td', { 'data-label': 'Patient' }, e.patientId || '—'),
      h('td', { 'data-label': 'Field' }, e.field),
      h('td', { 'data-label': 'Problem' }, e.message)))));
}
