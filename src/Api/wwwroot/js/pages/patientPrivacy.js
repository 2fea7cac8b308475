import { api } from '../api.js';
import { h, field, input, onSubmit, announce } from '../dom.js';

/**
 * Data-protection requests, for the clinic's admin: the patient's data as a file (JSON, or a FHIR R4
 * Bundle another system reads), and erasure. Erasing asks for the patient's id typed again: it
 * cannot be undone. Both land in the audit log.
 */
export function privacySection(context, base, patientId) {
  if (!context.can('managePatientData')) return null;
  const erase = onSubmit(h('form', { class: 'stack', 'aria-label': 'Erase this patient' },
    field(`Type ${patientId} to erase this patient`, input('confirm', { autocomplete: 'off', autocapitalize: 'none', required: true }),
      'Their name, contact details, visits, messages and tasks are erased for good; the reports keep their counts without them. A booked future visit must be cancelled first.'),
    h('button', { type: 'submit', class: 'danger' }, 'Erase this patient')),
  async data => {
    if (data.get('confirm') !== patientId) {
      throw Object.assign(new Error('Type the patient id to confirm.'), { title: 'Type the patient id to confirm.', errors: { confirm: [`Type ${patientId} exactly.`] } });
    }
    await api(`${base}/erase`, { method: 'POST' });
    announce(`Patient ${patientId} erased.`);
    location.hash = '#/patients';
  });
  return h('section', { class: 'card', 'aria-labelledby': 'privacy-h' },
    h('h2', { id: 'privacy-h' }, 'Data protection'),
    h('p', {}, 'Everything held about the patient, for a request to see or take their data: ',
      h('a', { href: `${base}/export`, download: '' }, 'download as JSON'), ' or ',
      h('a', { href: `${base}/export?format=fhir`, download: '' }, 'as a FHIR R4 bundle'), '.'),
    erase);
}
