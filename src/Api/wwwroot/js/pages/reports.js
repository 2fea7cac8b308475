import { api } from '../api.js';
import { h, clear, field, input, showProblem, loading, announce } from '../dom.js';
import { dailyView, dueView, monthlyView } from './reportViews.js';

// The three reports as tabs. The tab and its day or month live in the URL (#/reports/monthly/2026-10),
// so a report can be bookmarked or sent to a colleague; a bad value there gets the API's own problem.
const reports = [
  { id: 'daily', label: 'Daily', path: 'daily', param: { name: 'date', label: 'Day', type: 'date', of: r => r.date }, view: dailyView },
  { id: 'due', label: 'Next 30 days', path: 'contact-due', view: dueView },
  { id: 'monthly', label: 'Monthly', path: 'monthly', param: { name: 'month', label: 'Month', type: 'month', of: r => r.month }, view: monthlyView },
];

export async function render(main, { session, params }) {
  const base = `/clinics/${encodeURIComponent(session.clinicId)}/reports`;
  const first = reports.find(r => r.id === params[0]) || reports[0];
  const tabs = reports.map(report => h('button', {
    type: 'button', role: 'tab', id: `tab-${report.id}`, 'aria-controls': `panel-${report.id}`, onclick: () => select(report),
  }, report.label));
  const panels = reports.map(report => panel(report, base, report === first && report.param ? params[1] : undefined));
  const loaded = new Set();

  async function select(report, focus = false) {
    reports.forEach((r, i) => {
      const selected = r === report;
      tabs[i].setAttribute('aria-selected', String(selected));
      tabs[i].tabIndex = selected ? 0 : -1;
      panels[i].element.hidden = !selected;
    });
    if (focus) tabs[reports.indexOf(report)].focus();
    const current = panels[reports.indexOf(report)];
    history.replaceState(null, '', current.hash());
    if (!loaded.has(report)) {
      loaded.add(report);
      await current.load();
    }
  }

  // Arrow keys move between tabs, as the ARIA tabs pattern has it.
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Reports' }, tabs);
  tablist.addEventListener('keydown', event => {
    const at = tabs.indexOf(document.activeElement);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (at < 0 || to === undefined) return;
    event.preventDefault();
    select(reports[(to + reports.length) % reports.length], true);
  });

  clear(main, h('h1', {}, 'Reports'), tablist, panels.map(p => p.element));
  await select(first);
}

/** One report's panel: its day or month picker, the Download CSV link, and the view of the figures. */
function panel(report, base, initial) {
  const { param } = report;
  const control = param ? input(param.name, { type: param.type, value: initial || '' }) : null;
  const download = h('a', { class: 'download', download: '', hidden: true }, 'Download CSV');
  const result = h('div', { class: 'report-body', 'aria-live': 'polite' });
  const form = h('form', { class: 'report-pick' }, control ? field(param.label, control) : null, control ? h('button', { type: 'submit' }, 'Show') : null, download);
  let shown = initial;

  async function load(value = shown) {
    shown = value;
    showProblem(form, null);
    loading(result);
    download.hidden = true;
    const query = param && value ? `?${param.name}=${encodeURIComponent(value)}` : '';
    try {
      const data = await api(`${base}/${report.path}${query}`);
      const at = param ? param.of(data) : null;
      if (control && !control.value) control.value = at;
      shown = at || undefined;
      download.href = `${base}/${report.path}?${at ? `${param.name}=${encodeURIComponent(at)}&` : ''}format=csv`;
      download.hidden = false;
      clear(result, report.view(data));
      if (active()) history.replaceState(null, '', hash());
      return true;
    } catch (error) {
      clear(result);
      showProblem(form, error);
      return false;
    }
  }

  const active = () => !element.hidden;
  const hash = () => `#/reports/${report.id}${shown ? `/${encodeURIComponent(shown)}` : ''}`;
  form.noValidate = true; // The API names a bad day or month in its words, next to the field.
  form.addEventListener('submit', event => {
    event.preventDefault();
    load(control.value || undefined).then(shown => { if (shown) announce(`${report.label} report shown.`); });
  });
  const element = h('section', { class: 'report card', role: 'tabpanel', id: `panel-${report.id}`, 'aria-labelledby': `tab-${report.id}`, hidden: true },
    form, result);
  return { element, load, hash };
}
