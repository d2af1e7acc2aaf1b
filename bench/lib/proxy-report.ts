/** The proxy benchmark's markdown report: absolute numbers and ratios from one run. */

export interface TargetResult {
  readonly name: string;
  readonly requestsPerSecond: number;
  /** CPU of the proxy process per request under load; NaN for the direct connection. */
  readonly proxyCpuUsPerRequest: number;
  readonly upstreamCpuUsPerRequest: number;
  readonly loadP50Ms: number;
  readonly loadP99Ms: number;
  readonly httpP50Ms: number;
  readonly httpP99Ms: number;
  readonly wsP50Ms: number;
  readonly wsP99Ms: number;
}

export interface RunInfo {
  readonly date: string;
  readonly node: string;
  readonly cores: number;
  readonly wrk: string;
  readonly samples: string;
}

type Metric = Exclude<keyof TargetResult, 'name'>;
type Latency = 'httpP50Ms' | 'httpP99Ms' | 'wsP50Ms' | 'wsP99Ms';

/** Expects results named `direct`, `TCP relay`, `hub proxy` and `configurable-http-proxy`. */
export function formatProxyReport(results: readonly TargetResult[], info: RunInfo): string {
  const by = (name: string) => {
    const found = results.find((r) => r.name === name);
    if (!found) throw new Error(`no result for ${name}`);
    return found;
  };
  const columns = [by('direct'), by('TCP relay'), by('hub proxy'), by('configurable-http-proxy')];
  const [direct, relay, hub, chp] = columns as [
    TargetResult,
    TargetResult,
    TargetResult,
    TargetResult,
  ];
  const fixed = (value: number, digits: number) =>
    Number.isFinite(value) ? value.toFixed(digits) : '—';
  const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '—');

  // "hub vs CHP" is always "how many times better": a ratio above 1 favours the hub proxy.
  const row = (label: string, metric: Metric, digits: number, higherIsBetter: boolean) => {
    const values = columns.map((r) => r[metric]);
    const vsChp = higherIsBetter ? hub[metric] / chp[metric] : chp[metric] / hub[metric];
    const vsRelay = relay[metric] / hub[metric];
    return `| ${label} | ${values.map((v) => fixed(v, digits)).join(' | ')} | ${times(vsChp)} | ${times(higherIsBetter ? 1 / vsRelay : vsRelay)} |`;
  };
  const addedRow = (label: string, metric: Latency) => {
    const added = columns.map((r) => r[metric] - direct[metric]);
    const [, relayAdded, hubAdded, chpAdded] = added as [number, number, number, number];
    return `| ${label} | ${added.map((v) => fixed(v, 3)).join(' | ')} | ${times(chpAdded / hubAdded)} | ${times(relayAdded / hubAdded)} |`;
  };
  return [
    '# Proxy benchmark',
    '',
    `Run ${info.date}, Node ${info.node}, ${info.cores} cores shared by client, proxy and upstream (all on loopback, one process each).`,
    `Throughput: ${info.wrk}. Latency: ${info.samples} on one kept-alive connection, timed by the client.`,
    'Quote ratios from one run; absolute numbers move with machine load.',
    '',
    '| metric | direct | TCP relay (floor) | hub proxy | configurable-http-proxy | hub vs CHP | hub vs relay |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('HTTP throughput (req/s)', 'requestsPerSecond', 0, true),
    row('proxy CPU per request under load (µs)', 'proxyCpuUsPerRequest', 1, false),
    row('upstream CPU per request under load (µs)', 'upstreamCpuUsPerRequest', 1, false),
    row('HTTP latency under load p50 (ms)', 'loadP50Ms', 2, false),
    row('HTTP latency under load p99 (ms)', 'loadP99Ms', 2, false),
    row('HTTP sequential p50 (ms)', 'httpP50Ms', 3, false),
    row('HTTP sequential p99 (ms)', 'httpP99Ms', 3, false),
    addedRow('HTTP added p50 (ms)', 'httpP50Ms'),
    addedRow('HTTP added p99 (ms)', 'httpP99Ms'),
    row('WebSocket echo p50 (ms)', 'wsP50Ms', 3, false),
    row('WebSocket echo p99 (ms)', 'wsP99Ms', 3, false),
    addedRow('WebSocket added p50 (ms)', 'wsP50Ms'),
    '',
    '- "hub vs CHP": how many times better the hub proxy is than configurable-http-proxy (throughput ratio, or CHP figure ÷ hub figure); above 1 favours the hub.',
    '- "hub vs relay": the same against the bare TCP relay, which pipes bytes without reading HTTP — the best any proxy could do here; below 1 is what HTTP handling costs.',
    '- "added": latency minus the direct connection\'s in the same run.',
    '- CPU per request is read from /proc for the proxy and upstream processes during the wrk run; it moves least with other load on the machine.',
    '',
  ].join('\n');
}
