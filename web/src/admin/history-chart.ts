/**
 * The dashboard's chart, drawn as inline SVG (no library, no external service): per time
 * bucket a launches bar and an ends bar stacked by reason, and under them the mean launch
 * time as a line. Colours come from admin.css classes; every bar has a <title> tooltip and
 * the whole chart a text summary for screen readers.
 */
import { adminText } from '../text/admin.js';
import type { History } from './history-types.js';

const NS = 'http://www.w3.org/2000/svg';
const width = 640;
const barsTop = 10;
const barsHeight = 130;
const lineTop = 165;
const lineHeight = 45;
const left = 44;
const right = 8;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

function titled<T extends SVGElement>(node: T, text: string): T {
  const title = svg('title', {});
  title.textContent = text;
  node.append(title);
  return node;
}

const hhmm = (iso: string) => new Date(iso).toTimeString().slice(0, 5);

export function drawHistory(container: HTMLElement, history: History): void {
  const n = history.buckets.length;
  const slot = (width - left - right) / n;
  const barWidth = Math.max(1, slot / 2 - 1);
  const endsOf = (b: History['buckets'][number]) =>
    Object.values(b.ends).reduce((a, c) => a + c, 0);
  const countMax = Math.max(1, ...history.buckets.map((b) => Math.max(b.launches, endsOf(b))));
  const means = history.buckets.map((b) => b.launch_latency.mean_seconds);
  const latencyMax = Math.max(0.1, ...means.map((m) => m ?? 0));
  const totalEnds = Object.values(history.totals.ends).reduce((a, c) => a + c, 0);
  const summary = adminText.summary(
    history.totals.launches,
    totalEnds,
    history.totals.launch_latency.mean_seconds,
  );

  const root = svg('svg', {
    viewBox: `0 0 ${width} ${lineTop + lineHeight + 22}`,
    role: 'img',
    'aria-labelledby': 'chart-title chart-desc',
    class: 'history-svg',
  });
  const title = svg('title', { id: 'chart-title' });
  title.textContent = adminText.chartTitle(history.hours);
  const desc = svg('desc', { id: 'chart-desc' });
  desc.textContent = summary;
  root.append(title, desc);

  const y = (count: number) => barsTop + barsHeight - (count / countMax) * barsHeight;
  root.append(svg('line', { x1: left, x2: width - right, y1: y(0), y2: y(0), class: 'axis' }));
  for (const value of [0, countMax]) {
    const label = svg('text', {
      x: left - 4,
      y: y(value) + 4,
      class: 'tick',
      'text-anchor': 'end',
    });
    label.textContent = String(value);
    root.append(label);
  }
  history.buckets.forEach((bucket, i) => {
    const x = left + i * slot;
    const at = hhmm(bucket.start);
    if (bucket.launches > 0)
      root.append(
        titled(
          svg('rect', {
            x,
            y: y(bucket.launches),
            width: barWidth,
            height: y(0) - y(bucket.launches),
            class: 'c-launch',
          }),
          `${at}: ${bucket.launches} ${adminText.chartLaunches}`,
        ),
      );
    let stacked = 0;
    for (const reason of history.reasons) {
      const count = bucket.ends[reason] ?? 0;
      if (count === 0) continue;
      const top = y(stacked + count);
      root.append(
        titled(
          svg('rect', {
            x: x + barWidth + 1,
            y: top,
            width: barWidth,
            height: y(stacked) - top,
            class: `c-${reason}`,
          }),
          `${at}: ${count} ${adminText.reasons[reason] ?? reason}`,
        ),
      );
      stacked += count;
    }
  });

  const ly = (seconds: number) => lineTop + lineHeight - (seconds / latencyMax) * lineHeight;
  root.append(svg('line', { x1: left, x2: width - right, y1: ly(0), y2: ly(0), class: 'axis' }));
  const maxLabel = svg('text', {
    x: left - 4,
    y: ly(latencyMax) + 4,
    class: 'tick',
    'text-anchor': 'end',
  });
  maxLabel.textContent = `${latencyMax.toFixed(1)}s`;
  root.append(maxLabel);
  const points = means.flatMap((m, i) =>
    m === null ? [] : [[left + i * slot + barWidth, ly(m), m, i] as const],
  );
  if (points.length > 1)
    root.append(
      svg('polyline', {
        points: points.map(([px, py]) => `${px},${py}`).join(' '),
        class: 'latency-line',
      }),
    );
  for (const [px, py, m, i] of points)
    root.append(
      titled(
        svg('circle', { cx: px, cy: py, r: 3, class: 'latency-dot' }),
        `${hhmm(history.buckets[i]!.start)}: ${m.toFixed(2)} s`,
      ),
    );

  const labels: Array<[number, string, string]> = [
    [left, hhmm(history.from), 'start'],
    [width - right, hhmm(history.to), 'end'],
  ];
  for (const [x, text, anchor] of labels) {
    const label = svg('text', {
      x,
      y: lineTop + lineHeight + 16,
      class: 'tick',
      'text-anchor': anchor,
    });
    label.textContent = text;
    root.append(label);
  }
  container.replaceChildren(root, legend(history));
}

function legend(history: History): HTMLElement {
  const list = document.createElement('ul');
  list.className = 'legend';
  const item = (cls: string, text: string) => {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch ${cls}`;
    li.append(swatch, text);
    list.append(li);
  };
  item('c-launch', adminText.chartLaunches);
  for (const reason of history.reasons)
    if ((history.totals.ends[reason] ?? 0) > 0)
      item(`c-${reason}`, adminText.reasons[reason] ?? reason);
  item('latency-swatch', adminText.chartLatency);
  return list;
}
