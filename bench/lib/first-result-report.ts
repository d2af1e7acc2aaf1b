/**
 * The first-result tables: time from the click to each thing the visitor sees (p50/p95,
 * hub cold and warm against the baseline of the same run), and where the time goes
 * (medians of the breakdown per visit).
 */
import type { Visit } from './first-result-run.js';
import { percentileOf as percentile } from './sequential-latency.js';
import { markdownTable, ms, ratio } from './stats.js';

export interface Series {
  baseline: Visit[];
  cold: Visit[];
  warm: Visit[];
}

const marks: Array<[string, (v: Visit) => number]> = [
  ['click → session ready (server answers / hub shows the session)', (v) => v.sessionReady],
  ['click → notebook UI', (v) => v.ui],
  ['click → kernel idle', (v) => v.kernelIdle],
  ['click → `6*7` output', (v) => v.outputs[0]!],
  ['click → pandas cell output', (v) => v.outputs[1]!],
];

export function timesTable(series: Series): string {
  const p = (visits: Visit[], f: (v: Visit) => number, q: number) => percentile(visits.map(f), q);
  const rows = marks.map(([name, f]) => {
    const base = p(series.baseline, f, 50);
    return [
      name,
      ms(base),
      ms(p(series.baseline, f, 95)),
      ms(p(series.cold, f, 50)),
      ms(p(series.cold, f, 95)),
      ratio(p(series.cold, f, 50), base),
      ms(p(series.warm, f, 50)),
      ms(p(series.warm, f, 95)),
      ratio(p(series.warm, f, 50), base),
    ];
  });
  return markdownTable(
    [
      'ms',
      'baseline p50',
      'baseline p95',
      'hub cold p50',
      'hub cold p95',
      'cold / baseline',
      'hub warm p50',
      'hub warm p95',
      'warm / baseline',
    ],
    rows,
  );
}

const since = (at: number | null, v: Visit) => (at === null ? NaN : at - v.t0);
const median = (visits: Visit[], f: (v: Visit) => number) => percentile(visits.map(f), 50);
const medianMs = (f: (v: Visit) => number) => (visits: Visit[]) => ms(median(visits, f));
const breakdown: Array<[string, (visits: Visit[]) => string]> = [
  [
    'click → hub answered the launch request (ms)',
    medianMs((v) => since(v.requests.launchAnsweredAt, v)),
  ],
  ['click → notebook page requested (ms)', medianMs((v) => since(v.requests.notebookPageAt, v))],
  [
    'notebook page requested → UI (ms)',
    medianMs((v) => v.ui - since(v.requests.notebookPageAt, v)),
  ],
  [
    'requests to the Jupyter server (through the proxy)',
    medianMs((v) => v.requests.jupyterRequests),
  ],
  ['of which static files', medianMs((v) => v.requests.staticRequests)],
  ['static files: sum of request times (ms)', medianMs((v) => v.requests.staticSumMs)],
  ['static files: first start → last end (ms)', medianMs((v) => v.requests.staticSpanMs)],
  ['static files: KiB transferred', medianMs((v) => v.requests.staticKiB)],
  [
    'static files compressed / with a max-age',
    (visits) =>
      `${ms(median(visits, (v) => v.requests.staticCompressed))} / ${ms(median(visits, (v) => v.requests.staticCacheable))}`,
  ],
  [
    'click → page asks Jupyter for a session (kernel start) (ms)',
    medianMs((v) => since(v.requests.kernelRequestAt, v)),
  ],
  [
    'kernel start request → kernel idle (ms)',
    medianMs((v) => v.kernelIdle - since(v.requests.kernelRequestAt, v)),
  ],
  [
    'kernel WebSocket opened → idle (ms)',
    medianMs((v) => v.kernelIdle - since(v.requests.kernelSocketAt, v)),
  ],
  ['kernel idle → `6*7` output (ms)', medianMs((v) => v.outputs[0]! - v.kernelIdle)],
  ['`6*7` output → pandas cell output (ms)', medianMs((v) => v.outputs[1]! - v.outputs[0]!)],
];

/** Medians per visit of where the time goes, baseline and hub side by side. */
export function breakdownTable(series: Series): string {
  return markdownTable(
    ['median per visit', 'baseline', 'hub cold', 'hub warm'],
    breakdown.map(([name, cell]) => [
      name,
      cell(series.baseline),
      cell(series.cold),
      cell(series.warm),
    ]),
  );
}
