import { api } from '../api.js';
import { h, clear, field, input, select, onSubmit, formatAtClinic, errorPanel, announce, showProblem } from '../dom.js';

// Booking: pick a patient, find free slots for a visit type (the patient's suggested date and
// preferred hours first), book or reschedule with one click; the day's appointments; the ASAP list.
// Routes: #/booking, #/booking/{patientId}[/{recallType}], #/booking/{patientId}/reschedule/{appointmentId}.
export async function render(main, { session, clinic, params, onChange }) {
  const base = `/clinics/${encodeURIComponent(session.clinicId)}`;
  const timeZone = clinic.settings.timeZone;
  const [patientId, mode, appointmentId] = params;
  const rescheduling = mode === 'reschedule' ? appointmentId : null;
  const recallType = rescheduling ? null : mode;

  const setup = await api(`${base}/schedule/setup`);
  const patient = patientId ? await api(`${base}/patients/${encodeURIComponent(patientId)}`) : null;
  const appointment = rescheduling ? (await api(`${base}/patients/${encodeURIComponent(patientId)}/appointments`)).find(a => a.id === rescheduling) : null;
  const slotsBox = h('div', { class: 'slots', 'aria-live': 'polite' });
  const dayBox = h('div', { 'aria-live': 'polite' });
  const asapBox = h('div', { 'aria-live': 'polite' });

  const visitTypes = setup.visitTypes.map(v => [v.id, `${v.name} (${v.durationMinutes} min)`]);
  const chosenType = appointment?.visitTypeId || setup.visitTypes.find(v => recallType && v.recallType === recallType)?.id || setup.visitTypes[0]?.id;
  const finder = onSubmit(h('form', { class: 'filters', 'aria-label': 'Find free slots' },
    field('Visit type', select('visitType', visitTypes, chosenType)),
    field('From', input('from', { type: 'date' }), patient ? 'Empty: from the patient’s suggested date.' : 'Empty: from today.'),
    field('Days', input('days', { type: 'number', min: 1, max: 60, value: 14, class: 'num' })),
    patient ? h('div', { class: 'checks' }, h('label', {}, input('anyTime', { type: 'checkbox' }), ' Any day and hour (ignore preferences)')) : null,
    h('button', { type: 'submit', class: 'primary' }, 'Find slots')),
  async data => findSlots(data));

  async function findSlots(data) {
    const visitType = data.get('visitType');
    const query = new URLSearchParams({ visitType: visitType || '', days: data.get('days') || '14' });
    const usePreferences = patient && !data.has('anyTime') && !data.get('from');
    if (!usePreferences && data.get('from')) query.set('from', data.get('from'));
    const slots = await api(usePreferences ? `${base}/patients/${encodeURIComponent(patientId)}/slots?${query}` : `${base}/schedule/slots?${query}`);
    renderSlots(slots, visitType);
  }

  function renderSlots(slots, visitType) {
    const byDay = Map.groupBy(slots, s => formatAtClinic(s.start, timeZone, { weekday: 'long', day: 'numeric', month: 'long' }));
    clear(slotsBox,
      slots.length === 0 ? h('p', { class: 'muted' }, 'No free slots in these days. Try more days or another visit type.') :
        [...byDay].map(([day, daySlots]) => h('section', { class: 'slot-day' }, h('h3', {}, day),
          h('ul', { class: 'slot-list' }, daySlots.map(slot => h('li', {},
            h('button', {
              type: 'button', class: 'slot', disabled: !patient, dataset: { start: slot.start },
              'aria-label': `${rescheduling ? 'Move to' : 'Book'} ${day} at ${formatAtClinic(slot.start, timeZone, { timeStyle: 'short' })}`,
              onclick: event => take(slot, visitType, event.currentTarget),
            }, formatAtClinic(slot.start, timeZone, { timeStyle: 'short' }))))))),
      patient ? null : h('p', { class: 'hint' }, 'Choose a patient to book one of these slots.'));
  }

  // One booking at a time: every slot waits while one is being taken, and a second click on the same
  // slot carries the same Idempotency-Key, so the patient is booked (and told) once.
  const nonce = crypto.randomUUID();
  async function take(slot, visitType, button) {
    const slotButtons = [...slotsBox.querySelectorAll('button.slot')];
    if (slotButtons.some(b => b.dataset.busy)) return;
    button.dataset.busy = 'true';
    slotButtons.forEach(b => { b.disabled = true; });
    try {
      const patientUrl = `${base}/patients/${encodeURIComponent(patientId)}`;
      const idempotencyKey = `${nonce}:${visitType}:${slot.start}`;
      const booked = rescheduling
        ? await api(`${patientUrl}/appointments/${encodeURIComponent(rescheduling)}/reschedule`, { method: 'POST', body: { start: slot.start }, idempotencyKey })
        : await api(`${patientUrl}/appointments`, { method: 'POST', body: { visitTypeId: visitType, start: slot.start }, idempotencyKey });
      const when = formatAtClinic(booked.start, timeZone, { dateStyle: 'full', timeStyle: 'short' });
      clear(slotsBox, h('div', { class: 'notice', role: 'status', dataset: { appointment: booked.id } },
        h('strong', {}, `${rescheduling ? 'Moved' : 'Booked'}: ${patient.profile.firstName} ${patient.profile.lastName}, ${booked.visitTypeName}, ${when}.`),
        h('p', {}, 'The confirmation goes to the patient; the recall outreach stops. ', h('a', { href: `#/patient/${encodeURIComponent(patientId)}` }, 'Open the patient'))));
      announce(rescheduling ? 'Appointment moved.' : 'Appointment booked.');
      await loadDay();
    } catch (error) {
      delete button.dataset.busy;
      slotButtons.forEach(b => { b.disabled = false; });
      showProblem(slotsBox, error);
    }
  }

  const picker = patient ? null : patientPicker(base);
  const asapJoin = patient && !rescheduling ? h('button', { type: 'button', onclick: () => joinAsap() }, 'Add to the ASAP list') : null;

  async function joinAsap() {
    try {
      renderAsap(await api(`${base}/schedule/asap`, { method: 'POST', body: { patientId, visitTypeId: new FormData(finder).get('visitType') } }));
      announce(`${patient.profile.firstName} is on the ASAP list.`);
    } catch (error) {
      showProblem(asapBox, error);
    }
  }

  const dayForm = h('form', { class: 'inline', 'aria-label': 'Appointments on a day' }, field('Appointments on', input('day', { type: 'date' }), 'Empty: today.'));
  dayForm.addEventListener('input', () => loadDay());
  dayForm.addEventListener('submit', event => { event.preventDefault(); loadDay(); });

  let dayLoads = 0;
  async function loadDay() {
    // No date: the server's today at the clinic (its clock, not this browser's).
    const day = new FormData(dayForm).get('day');
    const mine = ++dayLoads;
    try {
      const list = await api(`${base}/schedule/appointments${day ? `?from=${day}&to=${day}` : ''}`);
      if (mine !== dayLoads) return; // a newer day was asked for meanwhile
      const names = Object.fromEntries(setup.visitTypes.map(v => [v.id, v.name]));
      clear(dayBox, list.length === 0 ? h('p', { class: 'muted' }, 'No appointments on this day.') :
        h('table', { class: 'list compact' },
          h('thead', {}, h('tr', {}, ['Time', 'Patient', 'Visit', 'Status'].map(t => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, list.map(a => h('tr', {},
            h('td', { 'data-label': 'Time' }, `${formatAtClinic(a.start, timeZone, { timeStyle: 'short' })}–${formatAtClinic(a.end, timeZone, { timeStyle: 'short' })}`),
            h('td', { 'data-label': 'Patient' }, h('a', { href: `#/patient/${encodeURIComponent(a.patientId)}` }, a.patientId)),
            h('td', { 'data-label': 'Visit' }, names[a.visitTypeId] || a.visitTypeId),
            h('td', { 'data-label': 'Status' }, a.status))))));
    } catch (error) {
      if (mine === dayLoads) clear(dayBox, errorPanel(error));
    }
  }

  async function loadAsap() {
    try {
      renderAsap(await api(`${base}/schedule/asap`));
    } catch (error) {
      clear(asapBox, errorPanel(error));
    }
  }

  function renderAsap(entries) {
    clear(asapBox, entries.length === 0 ? h('p', { class: 'muted' }, 'Nobody is waiting for an earlier slot.') :
      h('ul', { class: 'asap' }, entries.map(e => h('li', {},
        h('a', { href: `#/booking/${encodeURIComponent(e.patientId)}` }, e.patientId), ` · ${e.visitTypeId || 'any visit'} · since ${formatAtClinic(e.addedAt, timeZone)} `,
        h('button', { type: 'button', class: 'link', onclick: () => leaveAsap(e.patientId) }, `Remove ${e.patientId}`)))));
  }

  async function leaveAsap(id) {
    try {
      renderAsap(await api(`${base}/schedule/asap/${encodeURIComponent(id)}`, { method: 'DELETE' }));
      announce('Removed from the ASAP list.');
    } catch (error) {
      showProblem(asapBox, error);
    }
  }

  const heading = rescheduling ? 'Move an appointment' : 'Booking';
  clear(main, h('h1', {}, heading),
    h('section', { class: 'card', 'aria-labelledby': 'who-h' }, h('h2', { id: 'who-h' }, 'Patient'),
      patient ? h('p', {}, h('strong', { class: 'booking-patient' }, `${patient.profile.firstName} ${patient.profile.lastName}`),
        appointment ? ` · now ${appointment.visitTypeName}, ${formatAtClinic(appointment.start, timeZone)}` : '',
        ' · ', h('a', { href: `#/patient/${encodeURIComponent(patientId)}` }, 'profile'), ' · ', h('a', { href: '#/booking' }, 'another patient'), ' ', asapJoin) : picker),
    setup.visitTypes.length === 0
      ? h('p', { class: 'problem' }, 'No visit types are set up yet. An admin adds them under Settings → Schedule.')
      : h('section', { class: 'card', 'aria-labelledby': 'slots-h' }, h('h2', { id: 'slots-h' }, 'Free slots'), finder, slotsBox),
    h('div', { class: 'grid' },
      h('section', { class: 'card', 'aria-labelledby': 'day-h' }, h('h2', { id: 'day-h' }, 'Appointments'), dayForm, dayBox),
      h('section', { class: 'card', 'aria-labelledby': 'asap-h' }, h('h2', { id: 'asap-h' }, 'ASAP list'),
        h('p', { class: 'hint' }, 'Patients who want an earlier slot: when one frees up, they are offered it by SMS.'), asapBox)));
  onChange(change => change.kind === 'schedule', () => { loadDay(); loadAsap(); });
  await Promise.all([loadDay(), loadAsap(), setup.visitTypes.length ? findSlots(new FormData(finder)).catch(error => showProblem(slotsBox, error)) : null]);
}

/** Search by name, phone or id; choosing a patient opens their booking. */
function patientPicker(base) {
  const matches = h('ul', { class: 'matches', 'aria-live': 'polite' });
  const search = input('q', { type: 'search', placeholder: 'Name, phone or id', autocomplete: 'off' });
  let typing = null;
  let searches = 0;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(async () => {
      const q = search.value.trim();
      const mine = ++searches;
      if (!q) return clear(matches);
      let page;
      try {
        page = await api(`${base}/patients?q=${encodeURIComponent(q)}&pageSize=8`);
      } catch (error) {
        if (mine === searches) clear(matches, errorPanel(error));
        return;
      }
      if (mine !== searches) return; // the user typed on meanwhile
      clear(matches, page.items.length === 0 ? h('li', { class: 'muted' }, 'No patient matches.') : page.items.map(p => h('li', {}, h('a', { href: `#/booking/${encodeURIComponent(p.patientId)}/${encodeURIComponent(p.nextRecallType || '')}` },
        `${p.lastName}, ${p.firstName}`, p.phone ? ` · ${p.phone}` : ''))));
    }, 200);
  });
  return h('div', {}, field('Find a patient', search), matches);
}
