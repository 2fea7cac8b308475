// Small DOM helpers. Text always goes in as text (never innerHTML), so patient data cannot inject markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let fieldIds = 0;

/** A labelled field: the label is tied to the control, and errors are announced through aria-describedby. */
export function field(label, control, hint) {
  control.id ||= `f${++fieldIds}`;
  const errorId = `${control.id}-error`;
  const hintId = hint ? `${control.id}-hint` : null;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  return h('div', { class: 'field', dataset: { field: control.name || '' } },
    h('label', { for: control.id }, label),
    control,
    hint ? h('small', { id: hintId, class: 'hint' }, hint) : null,
    h('small', { id: errorId, class: 'field-error', role: 'alert' }));
}

export function input(name, attrs = {}) {
  return h('input', { name, ...attrs });
}

export function select(name, options, value, attrs = {}) {
  return h('select', { name, ...attrs }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
}

/**
 * Shows an API problem: its title and detail at the top of the form, and each field it names
 * next to that field (aria-invalid), focusing the first one so keyboard users land on it.
 */
export function showProblem(container, error) {
  container.querySelectorAll('[aria-invalid]').forEach(el => el.removeAttribute('aria-invalid'));
  container.querySelectorAll('.field-error').forEach(el => { el.textContent = ''; });
  let box = container.querySelector(':scope > .problem');
  if (!box) {
    box = h('div', { class: 'problem', role: 'alert' });
    container.prepend(box);
  }
  if (!error) {
    box.remove();
    return;
  }
  const unplaced = [];
  let first = null;
  for (const [name, messages] of Object.entries(error.errors || {})) {
    const control = container.querySelector(`[name="${CSS.escape(name)}"]`);
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      const message = container.querySelector(`#${CSS.escape(control.id)}-error`); // works before the page is shown too
      if (message) message.textContent = messages.join(' ');
      first ||= control;
    } else {
      unplaced.push(`${name}: ${messages.join(' ')}`);
    }
  }
  clear(box, h('strong', {}, error.title || 'Something went wrong.'),
    error.detail ? h('p', {}, error.detail) : null,
    unplaced.length ? h('ul', {}, unplaced.map(text => h('li', {}, text))) : null);
  (first || box).focus?.();
  if (!first) box.setAttribute('tabindex', '-1'), box.focus();
}

/** Runs a form's submit handler with the button disabled, showing any problem in the form. */
export function onSubmit(form, handler) {
  form.noValidate = true; // the API's problem details say what is wrong, in its words, next to each field
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const buttons = form.querySelectorAll('button');
    buttons.forEach(b => { b.disabled = true; });
    try {
      showProblem(form, null);
      await handler(new FormData(form), event.submitter);
    } catch (error) {
      if (error.name !== 'AbortError') showProblem(form, error);
    } finally {
      buttons.forEach(b => { b.disabled = false; });
    }
  });
  return form;
}

/** True while someone is working in a form here (focus in it, or a value typed): a live refresh must not wipe that. */
export function isEditing(container) {
  return [...container.querySelectorAll('form')].some(form => form.contains(document.activeElement)
    || [...form.elements].some(el => (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && el.type !== 'checkbox')) && el.value !== el.defaultValue)
    || [...form.querySelectorAll('select')].some(el => [...el.options].some(o => o.selected !== o.defaultSelected)));
}

let announced = null;

/** Tells screen readers (and, briefly, everyone) what just happened. */
export function announce(text) {
  const status = document.getElementById('status');
  status.textContent = text;
  clearTimeout(announced);
  announced = setTimeout(() => { status.textContent = ''; }, 4000);
}

export function dueBadge(colour, days) {
  if (!colour) return h('span', { class: 'badge none' }, 'no recall');
  const text = colour === 'red' ? (days === 0 ? 'due today' : `overdue ${-days} d`) : `in ${days} d`;
  return h('span', { class: `badge ${colour}`, title: `Due colour: ${colour}` }, h('span', { class: 'dot', 'aria-hidden': 'true' }), `${colour} · ${text}`);
}

export const roles = { frontDesk: 'Front desk', hygienist: 'Hygienist', leadDentist: 'Lead dentist', officeManager: 'Office manager', admin: 'Admin' };

export function roleName(role) {
  return roles[role] || role;
}

/** A time as the clinic sees it (its time zone), e.g. for slots and appointments. */
export function formatAtClinic(iso, timeZone, options = { dateStyle: 'medium', timeStyle: 'short' }) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(undefined, { ...options, timeZone });
}

/** The clinic's wall-clock time of an instant, as a datetime-local field holds it (YYYY-MM-DDTHH:mm). */
export function toClinicInput(iso, timeZone) {
  const parts = wallClock(new Date(iso), timeZone);
  const two = n => String(n).padStart(2, '0');
  return `${parts.year}-${two(parts.month)}-${two(parts.day)}T${two(parts.hour)}:${two(parts.minute)}`;
}

/** The instant (ISO 8601, UTC) a datetime-local value means in the clinic's time zone, whatever this browser's zone is. */
export function fromClinicInput(value, timeZone) {
  if (!value) return null;
  const asUtc = Date.parse(`${value}:00Z`);
  if (Number.isNaN(asUtc)) return value; // the API names the field that is wrong
  const wall = wallClock(new Date(asUtc), timeZone);
  const offset = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute) - asUtc;
  return new Date(asUtc - offset).toISOString();
}

function wallClock(date, timeZone) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
    .formatToParts(date);
  return Object.fromEntries(parts.filter(p => p.type !== 'literal').map(p => [p.type, Number(p.value)]));
}

export function formatInstant(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Previous / next for a paged list; <go> loads a page number. Nothing when everything fits on one page. */
export function pager(page, go) {
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  if (pages === 1 && page.page === 1) return null;
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    h('button', { type: 'button', disabled: page.page <= 1, onclick: () => go(page.page - 1) }, '← Previous'),
    h('span', {}, `Page ${page.page} of ${pages}`),
    h('button', { type: 'button', disabled: page.page >= pages, onclick: () => go(page.page + 1) }, 'Next →'));
}

export function loading(el) {
  clear(el, h('p', { class: 'muted' }, 'Loading…'));
}

export function errorPanel(error) {
  return h('div', { class: 'problem', role: 'alert' }, h('strong', {}, error.title || 'Something went wrong.'), error.detail ? h('p', {}, error.detail) : null);
}
