import { h, clear } from '../dom.js';
import { clinicSection, hoursSection, rulesSection } from './settingsClinic.js';
import { templatesSection } from './settingsTemplates.js';
import { workflowSection, scheduleSection, preRegistrationSection } from './settingsWorkflow.js';
import { staffSection, keysSection } from './settingsAccess.js';
import { auditSection } from './settingsAudit.js';

// Settings, each section shown only to a role that may change it (the API checks the same table).
export async function render(main, context) {
  const { can } = context;
  const sections = [
    can('manageSettings') && ['clinic', 'Clinic', clinicSection],
    can('manageSettings') && ['hours', 'Hours and quiet hours', hoursSection],
    can('manageRecallRules') && ['rules', 'Recall rules', rulesSection],
    can('manageSettings') && ['workflow', 'Recall workflow', workflowSection],
    can('manageSettings') && ['schedule', 'Schedule', scheduleSection],
    can('manageSettings') && ['pre-registration', 'Pre-registration', preRegistrationSection],
    can('manageTemplates') && ['templates', 'Templates', templatesSection],
    can('manageStaff') && ['staff', 'Staff users and roles', staffSection],
    can('manageApiKeys') && ['keys', 'API keys', keysSection],
    can('readAuditLog') && ['audit', 'Audit log', auditSection],
  ].filter(Boolean);
  const body = h('div', { class: 'settings' });
  clear(main, h('h1', {}, 'Settings'),
    h('nav', { class: 'subnav', 'aria-label': 'Settings sections' }, h('ul', {}, sections.map(([id, title]) =>
      h('li', {}, h('a', { href: `#/settings/${id}`, 'aria-current': context.params[0] === id ? 'page' : null }, title))))),
    body);
  for (const [id, title, build] of sections) {
    const section = h('section', { class: 'card', id: `settings-${id}`, 'aria-labelledby': `settings-${id}-h` }, h('h2', { id: `settings-${id}-h` }, title));
    body.append(section);
    await build(section, context);
  }
  // The page is shown once this returns: scroll to the section asked for after that.
  if (context.params[0]) setTimeout(() => document.getElementById(`settings-${context.params[0]}`)?.scrollIntoView());
}
