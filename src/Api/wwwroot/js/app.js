// The staff app: reads the session, shows sign-in or the pages the role may see, routes by URL
// hash (#/patients), and listens to the clinic's live events (Server-Sent Events).
import { api, loadSession, useSession } from './api.js';
import { h, clear, errorPanel, roleName } from './dom.js';

const settingsPermissions = ['manageSettings', 'manageRecallRules', 'manageTemplates', 'manageStaff', 'manageApiKeys', 'readAuditLog'];

const pages = {
  worklist: { label: 'My worklist', allowed: can => can('workTasks'), load: () => import('./pages/worklist.js') },
  patients: { label: 'Patients', allowed: can => can('readPatients'), load: () => import('./pages/patients.js') },
  patient: { label: 'Patient', nav: false, allowed: can => can('readPatients'), load: () => import('./pages/patient.js') },
  reminders: { label: 'Reminders', allowed: can => can('readPatients'), load: () => import('./pages/reminders.js') },
  'send-queue': { label: 'Send queue', allowed: can => can('readPatients'), load: () => import('./pages/sendQueue.js') },
  conversations: { label: 'Conversations', allowed: can => can('readPatients'), load: () => import('./pages/conversations.js') },
  booking: { label: 'Booking', allowed: can => can('bookAppointments'), load: () => import('./pages/booking.js') },
  reports: { label: 'Reports', allowed: can => can('readReports'), load: () => import('./pages/reports.js') },
  settings: { label: 'Settings', allowed: can => settingsPermissions.some(can), load: () => import('./pages/settings.js') },
};

const main = document.getElementById('main');
let session = null;
let clinic = null;
let cleanup = [];
let events = null;

function can(permission) {
  return Boolean(session?.permissions?.includes(permission));
}

async function boot() {
  try {
    session = await loadSession();
  } catch (error) {
    clear(main, errorPanel(error));
    return;
  }
  if (location.pathname === '/setup') return showPublic('setup');
  if (!session.signedIn) return showPublic('signIn');
  await showApp();
}

async function showPublic(name) {
  stopLive();
  clear(document.getElementById('nav'));
  clear(document.getElementById('who'));
  document.body.dataset.page = name;
  const module = await import(`./pages/${name}.js`);
  await module.render(main, {
    signedIn: async newSession => {
      session = useSession(newSession);
      if (location.pathname !== '/') history.replaceState(null, '', '/');
      await showApp();
    },
  });
}

async function showApp() {
  try {
    clinic = await api(`/clinics/${encodeURIComponent(session.clinicId)}`);
  } catch (error) {
    clear(main, errorPanel(error));
    return;
  }
  document.getElementById('brand').textContent = clinic.settings.name;
  renderNav();
  clear(document.getElementById('who'),
    h('span', { class: 'user' }, session.displayName, ' ', h('span', { class: 'role' }, roleName(session.role))),
    h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: signOut }, 'Sign out'));
  startLive();
  window.onhashchange = route;
  await route();
}

function renderNav() {
  const nav = document.getElementById('nav');
  clear(nav, h('ul', {}, Object.entries(pages)
    .filter(([, page]) => page.nav !== false && page.allowed(can))
    .map(([name, page]) => h('li', {}, h('a', { href: `#/${name}`, dataset: { page: name } }, page.label)))));
}

let routes = 0;

async function route() {
  const ticket = ++routes;
  cleanup.forEach(fn => fn());
  cleanup = [];
  const [name = '', ...params] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const first = Object.keys(pages).find(key => pages[key].nav !== false && pages[key].allowed(can));
  const pageName = name || first;
  const page = pages[pageName];
  document.querySelectorAll('#nav a').forEach(a => a.toggleAttribute('aria-current', a.dataset.page === pageName || (pageName === 'patient' && a.dataset.page === 'patients')));
  document.body.dataset.page = pageName;
  if (!page) return notFound();
  if (!page.allowed(can)) return notAllowed(page.label);
  document.title = `${page.label} · ${clinic.settings.name}`;
  const module = await page.load();
  const context = {
    session, clinic, params, can,
    /**
     * Calls the handler once (300 ms after the first) for a burst of changes the page wants: the
     * filter runs on every change, so a wanted one is never lost behind an unwanted one.
     */
    onChange(wanted, handler) {
      if (ticket !== routes) return; // the user has moved on: this page will never be shown
      let timer = null;
      const listener = event => {
        if (timer || !wanted(event.detail)) return;
        timer = setTimeout(() => { timer = null; handler(); }, 300);
      };
      window.addEventListener('recall:change', listener);
      cleanup.push(() => { window.removeEventListener('recall:change', listener); clearTimeout(timer); });
    },
    onLeave(fn) { cleanup.push(fn); },
    setClinic(updated) { clinic = updated; context.clinic = updated; document.getElementById('brand').textContent = updated.settings.name; },
  };
  // The page draws into its own element, shown only if the user has not moved on meanwhile: a slow
  // page never replaces the one the address and navigation already show.
  const view = h('div', { class: 'view' });
  try {
    await module.render(view, context);
  } catch (error) {
    clear(view, errorPanel(error));
  }
  if (ticket !== routes) return;
  clear(main, view);
  main.focus({ preventScroll: true });
}

function notAllowed(label) {
  document.title = 'Not allowed';
  clear(main, h('section', { class: 'denied' },
    h('h1', {}, 'Not allowed'),
    h('p', {}, `Your role (${roleName(session.role)}) may not open ${label}. Ask an admin if you need it.`)));
  main.focus();
}

function notFound() {
  clear(main, h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '#/' }, 'Go to the start page')));
}

function startLive() {
  stopLive();
  document.body.dataset.live = 'connecting';
  events = new EventSource(`/clinics/${encodeURIComponent(session.clinicId)}/events`);
  events.addEventListener('ready', () => { document.body.dataset.live = 'on'; });
  events.addEventListener('change', message => {
    window.dispatchEvent(new CustomEvent('recall:change', { detail: JSON.parse(message.data) }));
  });
  // EventSource reconnects by itself; the marker tells the user the list may be stale meanwhile.
  events.onerror = () => { document.body.dataset.live = 'reconnecting'; };
}

function stopLive() {
  events?.close();
  events = null;
  delete document.body.dataset.live;
}

async function signOut() {
  try {
    useSession(await api('/staff/sign-out', { method: 'POST' }));
  } finally {
    location.hash = '';
    location.reload();
  }
}

window.addEventListener('recall:signed-out', () => {
  if (session?.signedIn) {
    session = null;
    showPublic('signIn');
  }
});

boot();
