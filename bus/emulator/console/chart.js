// An inline SVG line chart: no library, just a path over a time axis.
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 480;
const HEIGHT = 140;
const LEFT = 48;
const BOTTOM = 20;
const TOP = 8;

function svgEl(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A round number at or above `value`, so the y axis reads 10, 20, 50… rather than 37.3. */
export function niceCeiling(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value);
  return Number((step * power).toPrecision(12)); // 2 × 0.1 must read 0.2, not 0.20000000000000001
}

/**
 * The path's `d` for `points` ({t, v}; v null breaks the line) between `from` and `to` (ms) and
 * 0..`max`; empty when fewer than two points can be drawn.
 */
export function linePath(points, { from, to, max }) {
  const x = (t) => LEFT + ((t - from) / (to - from)) * (WIDTH - LEFT);
  const y = (v) => HEIGHT - BOTTOM - (v / max) * (HEIGHT - BOTTOM - TOP);
  let d = '';
  let drawn = 0;
  let pen = 'M';
  for (const point of points) {
    if (point.v === null || point.t < from) {
      pen = 'M';
      continue;
    }
    d += `${pen}${x(point.t).toFixed(1)},${y(point.v).toFixed(1)} `;
    pen = 'L';
    drawn++;
  }
  return drawn >= 2 ? d.trim() : '';
}

/** "−40 s", "−5 min": how far back the left edge of the chart is. */
const ago = (ms) => (ms < 60_000 ? `−${Math.round(ms / 1000)} s` : `−${Math.round(ms / 60_000)} min`);

/**
 * Redraws `svg` with `points` up to `now`, over the last `spanMs` at most: until that much history
 * exists the time axis starts at the first point, so a fresh chart is not a sliver at the right edge.
 */
export function drawLineChart(svg, points, { spanMs, now, unit = '' }) {
  const first = points.find((p) => p.v !== null)?.t ?? now - spanMs;
  const from = Math.min(Math.max(now - spanMs, first), now - 1000);
  const values = points.filter((p) => p.v !== null && p.t >= from).map((p) => p.v);
  const max = niceCeiling(Math.max(0, ...values));
  const d = linePath(points, { from, to: now, max });
  const base = HEIGHT - BOTTOM;
  svg.replaceChildren(
    svgEl('line', { class: 'axis', x1: LEFT, y1: TOP, x2: LEFT, y2: base }),
    svgEl('line', { class: 'axis', x1: LEFT, y1: base, x2: WIDTH, y2: base }),
    svgEl('line', { class: 'grid', x1: LEFT, y1: TOP, x2: WIDTH, y2: TOP }),
    svgEl('text', { x: LEFT - 4, y: TOP + 4, 'text-anchor': 'end' }, `${max}${unit}`),
    svgEl('text', { x: LEFT - 4, y: base, 'text-anchor': 'end' }, `0${unit}`),
    svgEl('text', { x: LEFT, y: HEIGHT - 4 }, ago(now - from)),
    svgEl('text', { x: WIDTH, y: HEIGHT - 4, 'text-anchor': 'end' }, 'now'),
    d === ''
      ? svgEl(
          'text',
          { class: 'waiting', x: (LEFT + WIDTH) / 2, y: HEIGHT / 2, 'text-anchor': 'middle' },
          'collecting samples…',
        )
      : svgEl('path', { class: 'line', d }),
  );
}
