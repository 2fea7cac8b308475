import { api, loadSession } from '../api.js';
import { h, clear, field, input, onSubmit } from '../dom.js';

export async function render(main, { signedIn }) {
  document.title = 'Sign in · Recall';
  const remembered = localStorage.getItem('recall.clinic') || '';
  const form = h('form', { class: 'card narrow', novalidate: true },
    h('h1', {}, 'Sign in'),
    field('Clinic', input('clinicId', { autocomplete: 'organization', required: true, value: remembered, autocapitalize: 'none' }), 'The clinic id your admin gave you, e.g. smile-dental.'),
    field('User name', input('userName', { autocomplete: 'username', required: true, autocapitalize: 'none' })),
    field('Password', input('password', { type: 'password', autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
    h('p', { class: 'muted' }, 'First time? An operator with the admin key sets up the first admin at ', h('a', { href: '/setup' }, '/setup'), '.'));
  onSubmit(form, async data => {
    await loadSession(); // a fresh CSRF token: one from an earlier session is bound to that user
    const session = await api('/staff/sign-in', { method: 'POST', body: Object.fromEntries(data) });
    localStorage.setItem('recall.clinic', data.get('clinicId'));
    await signedIn(session);
  });
  clear(main, form);
  form.querySelector(remembered ? '[name=userName]' : '[name=clinicId]').focus();
}
