import { api } from '../api.js';
import { h, clear, field, input, onSubmit } from '../dom.js';

// One-time set-up of a clinic's first admin. It needs the silo's admin key, so a stranger who
// reaches a fresh install cannot claim it, and it stops working once the clinic has a staff user.
export async function render(main, { signedIn }) {
  document.title = 'Set up · Recall';
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Warsaw';
  const form = h('form', { class: 'card narrow', novalidate: true },
    h('h1', {}, 'Set up the first admin'),
    h('p', {}, 'This works once per clinic, while it has no staff users. You need the admin key from the silo\'s configuration (Api:AdminKey).'),
    field('Admin key', input('adminKey', { type: 'password', autocomplete: 'off', required: true })),
    h('fieldset', {}, h('legend', {}, 'Clinic'),
      field('Clinic id', input('clinicId', { required: true, autocapitalize: 'none' }), 'Lowercase letters, digits and -, e.g. smile-dental. An existing clinic, or a new one:'),
      field('Clinic name (new clinic)', input('clinicName', { autocomplete: 'organization' })),
      field('Time zone (new clinic)', input('timeZone', { value: zone }), 'An IANA time zone such as Europe/Warsaw.')),
    h('fieldset', {}, h('legend', {}, 'Your admin account'),
      field('Your name', input('displayName', { autocomplete: 'name', required: true })),
      field('User name', input('userName', { autocomplete: 'username', required: true, autocapitalize: 'none' })),
      field('Password', input('password', { type: 'password', autocomplete: 'new-password', required: true, minlength: 12 }), 'At least 12 characters.')),
    h('button', { type: 'submit', class: 'primary' }, 'Create the admin and sign in'));
  onSubmit(form, async data => {
    const body = Object.fromEntries(data);
    for (const key of ['clinicName', 'timeZone']) if (!body[key]) delete body[key];
    const session = await api('/staff/setup', { method: 'POST', body });
    localStorage.setItem('recall.clinic', body.clinicId);
    await signedIn(session);
  });
  clear(main, form);
  form.querySelector('[name=adminKey]').focus();
}
