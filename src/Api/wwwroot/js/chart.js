// Bar charts drawn as inline SVG (no library, nothing from a CDN). The viewBox scales the chart to
// its container, so one drawing serves a phone and a desktop; text goes in as text nodes.

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 400;
const HEIGHT = 230;
const MARGIN = { top: 18, right: 8, bottom: 56, left: 40 };

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  for (const child of children.flat()) if (child !== null && child !== undefined) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return el;
}

/** A step of 1, 2 or 5 times a power of ten that gives about four gridlines up to max. */
function niceStep(max) {
  const rough = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map(m => m * power).find(step => step >= rough);
}

/**
 * A vertical bar chart. bars: [{ label: string or [line, line], value, title? }]; labelEvery
 * thins the x labels when there are many bars. role="img" with a label and a <title> says
 * what it shows; the table beside it carries the same numbers for anyone who cannot see it.
 */
export function barChart({ title, bars, xLabel, yLabel, labelEvery = 1, className = '' }) {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = Math.max(1, ...bars.map(b => b.value));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const y = value => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const slot = plotWidth / Math.max(1, bars.length);
  const showValues = bars.length <= 12;

  const grid = [];
  for (let tick = 0; tick <= top; tick += step) {
    grid.push(s('line', { class: 'grid', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(tick), y2: y(tick) }),
      s('text', { class: 'tick', x: MARGIN.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, tick));
  }

  const barWidth = Math.min(slot * 0.7, 56); // One or two bars stay bars, not slabs.
  const columns = bars.map((bar, i) => {
    const middle = MARGIN.left + (i + 0.5) * slot;
    const lines = [bar.label].flat();
    const label = i % labelEvery === 0 ? s('text', { class: 'tick', x: middle, y: HEIGHT - MARGIN.bottom + 17, 'text-anchor': 'middle' },
      lines.map((line, n) => s('tspan', { x: middle, dy: n === 0 ? 0 : 15 }, line))) : null;
    return s('g', { class: `bar ${bar.tone || ''}`.trim() },
      s('rect', { x: middle - barWidth / 2, y: y(bar.value), width: barWidth, height: Math.max(0, y(0) - y(bar.value)) },
        s('title', {}, bar.title || `${lines.join(' ')}: ${bar.value}`)),
      showValues && bar.value > 0 ? s('text', { class: 'value', x: middle, y: y(bar.value) - 4, 'text-anchor': 'middle' }, bar.value) : null,
      label);
  });

  return s('svg', { class: `chart ${className}`.trim(), role: 'img', 'aria-label': title, viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: '100%', preserveAspectRatio: 'xMidYMid meet' },
    s('title', {}, title),
    grid,
    s('line', { class: 'axis', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(0), y2: y(0) }),
    s('line', { class: 'axis', x1: MARGIN.left, x2: MARGIN.left, y1: MARGIN.top, y2: y(0) }),
    columns,
    s('text', { class: 'axis-label', x: MARGIN.left + plotWidth / 2, y: HEIGHT - 4, 'text-anchor': 'middle' }, xLabel),
    s('text', { class: 'axis-label', x: 0, y: 0, 'text-anchor': 'middle', transform: `translate(12 ${MARGIN.top + plotHeight / 2}) rotate(-90)` }, yLabel));
}
