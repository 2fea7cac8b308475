import { api } from '../api.js';
import { h, clear, field, input, select, onSubmit, formatInstant, errorPanel, announce, roleName, roles as roleNames } from '../dom.js';

const roles = Object.keys(roleNames);

export async function staffSection(section, context) {
  const base = `/clinics/${encodeURIComponent(context.session.clinicId)}/staff`;
  const table = h('div');

  async function load() {
    const users = await api(base);
    clear(table, h('table', { class: 'list compact staff' },
      h('thead', {}, h('tr', {}, ['User', 'Name', 'Role', 'Access', 'Last sign-in', ''].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, users.map(row))));
  }

  function row(user) {
    const message = h('span', { role: 'status' });
    const change = async body => {
      try {
        await api(`${base}/${encodeURIComponent(user.userName)}`, { method: 'PUT', body });
        announce(`${user.userName} updated.`);
        await load();
      } catch (error) {
        clear(message, errorPanel(error));
      }
    };
    const password = onSubmit(h('form', { class: 'inline' },
      field(`New password for ${user.userName}`, input('password', { type: 'password', autocomplete: 'new-password', minlength: 12 })),
      h('button', { type: 'submit' }, 'Set')),
    async data => {
      await api(`${base}/${encodeURIComponent(user.userName)}/password`, { method: 'PUT', body: { password: data.get('password') } });
      announce(`Password of ${user.userName} changed; their sessions ended.`);
      await load();
    });
    return h('tr', { dataset: { user: user.userName } },
      h('td', { 'data-label': 'User' }, user.userName),
      h('td', { 'data-label': 'Name' }, user.displayName),
      h('td', { 'data-label': 'Role' }, select('role', roles.map(r => [r, roleName(r)]), user.role, { 'aria-label': `Role of ${user.userName}`, onchange: e => change({ role: e.target.value }) })),
      h('td', { 'data-label': 'Access' }, h('label', {}, input('disabled', { type: 'checkbox', checked: user.disabled, onchange: e => change({ disabled: e.target.checked }) }), ' disabled'),
        user.lockedUntil ? h('small', { class: 'warn' }, ` locked until ${formatInstant(user.lockedUntil)}`) : null),
      h('td', { 'data-label': 'Last sign-in' }, formatInstant(user.lastSignInAt) || '—'),
      h('td', {}, h('details', {}, h('summary', {}, 'Password'), password), message));
  }

  const add = onSubmit(h('form', { class: 'stack add-user', 'aria-label': 'Add a staff user' },
    h('h3', {}, 'Add a staff user'),
    h('div', { class: 'row' },
      field('User name', input('userName', { required: true, autocapitalize: 'none', autocomplete: 'off' })),
      field('Name', input('displayName', { required: true })),
      field('Role', select('role', roles.map(r => [r, roleName(r)]), 'frontDesk')),
      field('Password', input('password', { type: 'password', required: true, autocomplete: 'new-password', minlength: 12 }), 'At least 12 characters.')),
    h('button', { type: 'submit', class: 'primary' }, 'Add user')),
  async (data, _submitter) => {
    await api(base, { method: 'POST', body: Object.fromEntries(data) });
    announce(`${data.get('userName')} added.`);
    add.reset();
    await load();
  });
  section.append(table, add);
  await load();
}

export async function keysSection(section, context) {
  const base = `/clinics/${encodeURIComponent(context.session.clinicId)}/api-keys`;
  const list = h('div');
  const shown = h('div', { 'aria-live': 'polite' });

  async function load() {
    const keys = await api(base);
    clear(list, keys.length === 0 ? h('p', { class: 'muted' }, 'No API keys yet.') : h('table', { class: 'list compact' },
      h('thead', {}, h('tr', {}, ['Key', 'Name', 'Created', 'State', ''].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, keys.map(k => h('tr', {},
        h('td', { 'data-label': 'Key' }, h('code', {}, k.keyId)), h('td', { 'data-label': 'Name' }, k.name),
        h('td', { 'data-label': 'Created' }, formatInstant(k.createdAt)),
        h('td', { 'data-label': 'State' }, k.revokedAt ? `revoked ${formatInstant(k.revokedAt)}` : 'active'),
        h('td', {}, k.revokedAt ? null : h('button', { type: 'button', class: 'danger', onclick: () => revoke(k) }, 'Revoke')))))));
  }

  async function revoke(key) {
    if (!confirm(`Revoke "${key.name}"? The integration using it stops working at once.`)) return;
    await api(`${base}/${encodeURIComponent(key.keyId)}`, { method: 'DELETE' });
    announce('Key revoked.');
    await load();
  }

  const create = onSubmit(h('form', { class: 'row' },
    field('Name of the new key', input('name', { required: true, placeholder: 'practice system' })),
    h('button', { type: 'submit', class: 'primary' }, 'Create key')),
  async data => {
    const key = await api(base, { method: 'POST', body: { name: data.get('name') } });
    clear(shown, h('div', { class: 'notice' }, h('p', {}, 'Copy the key now: it is shown only this once.'), h('code', { class: 'secret' }, key.apiKey)));
    create.reset();
    await load();
  });
  section.append(list, create, shown);
  await load();
}
