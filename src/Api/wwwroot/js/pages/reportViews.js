import { h } from '../dom.js';
import { barChart } from '../chart.js';

// What each report shows: its headline figures, a chart, and the rows behind them. The numbers are
// the API's (the same as the CSV and the manager's email); the page only counts them into bars.

export function dailyView(report) {
  const hours = report.visits.map(v => Number(v.start.slice(11, 13)));
  const from = Math.min(8, ...hours);
  const to = Math.max(17, ...hours);
  const byHour = Array.from({ length: to - from + 1 }, (_, i) => ({
    label: `${String(from + i).padStart(2, '0')}`, value: hours.filter(hour => hour === from + i).length,
  }));
  return [
    figures(`Daily figures, ${report.date}`, [['Recall visits on this day', report.visits.length], ['Recall visits booked from this day on', report.recallVisitsBookedAhead]]),
    report.visits.length === 0 ? h('p', { class: 'empty' }, 'No recall visits booked on this day.') : [
      barChart({ title: `Recall visits by hour on ${report.date}`, bars: byHour, xLabel: 'Hour of the day (clinic time)', yLabel: 'Visits', labelEvery: byHour.length > 12 ? 2 : 1 }),
      list(`Recall visits on ${report.date}`, ['Time', 'Patient', 'Visit', 'Recall', 'Status'], report.visits.map(v => [
        v.start.slice(11, 16), patientLink(v.patientId, v.patientName), v.visitType, v.recallType, v.status])),
    ],
  ];
}

export function dueView(report) {
  // One bar for everyone already due or overdue, then one per day up to the end of the window.
  const days = [];
  for (let day = addDays(report.asOf, 1); day <= report.until; day = addDays(day, 1)) days.push(day);
  const bars = [
    { label: 'Overdue', value: report.overdue, tone: 'overdue', title: `Due by ${report.asOf}: ${report.overdue}` },
    ...days.map(day => ({ label: shortDate(day), value: report.patients.filter(p => p.dueDate === day).length, title: day })),
  ];
  return [
    figures(`Patients to contact by ${report.until}`, [['Overdue (due by today)', report.overdue], ['Due within 30 days', report.dueWithin30Days], ['Total to contact', report.total]]),
    report.total === 0 ? h('p', { class: 'empty' }, 'Nobody to contact in the next 30 days.') : [
      barChart({ title: `Patients due per day from ${report.asOf} to ${report.until}, overdue first`, bars, xLabel: 'Due date', yLabel: 'Patients', labelEvery: 7 }),
      list('Patients to contact', ['Patient', 'Recall', 'Due', 'Status', 'Phone', 'Email'], report.patients.map(p => [
        patientLink(p.patientId, p.patientName), p.recallType, [p.dueDate, p.dueDate <= report.asOf ? h('span', { class: 'flag warn' }, 'overdue') : null],
        p.status, p.phone, p.email])),
    ],
  ];
}

export function monthlyView(report) {
  const month = monthName(report.month);
  // Two-line labels, so four bars still read at phone width.
  const outcomes = [
    [['Patients', 'contacted'], report.patientsContacted], [['Visits', 'booked'], report.visitsBooked],
    [['Completed', 'on time'], report.completedOnTime], [['Completed', 'late'], report.completedLate],
  ];
  return [
    figures(`Recall compliance, ${month}`, [
      ['Contact attempts', report.attempts], ['Successful', report.successful], ['Success rate', percent(report.successRate)],
      ...outcomes.map(([label, value]) => [label.join(' '), value])]),
    barChart({ title: `Recall outcomes in ${month}: patients contacted, visits booked, recall visits completed on time and late`,
      bars: outcomes.map(([label, value]) => ({ label, value })),
      xLabel: 'Outcome', yLabel: 'Count' }),
    report.byChannel.length === 0 ? h('p', { class: 'empty' }, 'No contact attempts in this month.') : [
      barChart({ title: `Contact attempts in ${month} by channel and outcome`, bars: report.byChannel.map(c => ({ label: [c.channel, c.outcome], value: c.attempts })),
        xLabel: 'Channel and outcome', yLabel: 'Attempts' }),
      list(`Contact attempts in ${month}`, ['Channel', 'Outcome', 'Attempts', 'Delivered', 'Undelivered'], report.byChannel.map(c => [
        c.channel, c.outcome, c.attempts, c.delivered, c.undelivered])),
    ],
  ];
}

function figures(caption, rows) {
  return h('table', { class: 'figures' }, h('caption', {}, caption),
    h('tbody', {}, rows.map(([label, value]) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, value)))));
}

function list(caption, columns, rows) {
  return h('table', { class: 'list' }, h('caption', { class: 'sr-only' }, caption),
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map(cells => h('tr', {}, cells.map((cell, i) => h('td', { 'data-label': columns[i] }, cell ?? '—'))))));
}

function patientLink(id, name) {
  return h('a', { href: `#/patient/${encodeURIComponent(id)}` }, name);
}

// Report dates are the clinic's calendar days (yyyy-MM-dd); UTC arithmetic keeps them whole days.
function addDays(iso, days) {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function shortDate(iso) {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

function monthName(yyyyMm) {
  return new Date(`${yyyyMm}-01T00:00:00Z`).toLocaleDateString(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function percent(rate) {
  return `${(rate * 100).toFixed(1)}%`;
}
