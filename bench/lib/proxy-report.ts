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

/** Expects results named `direct`, `hub proxy` and `configurable-http-proxy`. */
export function formatProxyReport(results: readonly TargetResult[], info: RunInfo): string {
  const by = (name: string) => {
    const found = results.find((r) => r.name === name);
    if (!found) throw new Error(`no result for ${name}`);
    return found;
  };
  const [direct, hub, chp] = [by('direct'), by('hub proxy'), by('configurable-http-proxy')];
  const added = (r: TargetResult, key: 'httpP50Ms' | 'httpP99Ms' | 'wsP50Ms' | 'wsP99Ms') =>
    r[key] - direct[key];
  const row = (
    label: string,
    pick: (r: TargetResult) => number,
    digits: number,
    higherIsBetter: boolean,
  ) => {
    const [d, h, c] = [pick(direct), pick(hub), pick(chp)];
    const vsChp = higherIsBetter ? h / c : c / h;
    return `| ${label} | ${d.toFixed(digits)} | ${h.toFixed(digits)} | ${c.toFixed(digits)} | ${vsChp.toFixed(2)}× | ${(h / d).toFixed(2)}× |`;
  };
  const addedRow = (label: string, key: 'httpP50Ms' | 'httpP99Ms' | 'wsP50Ms' | 'wsP99Ms') => {
    const [h, c] = [added(hub, key), added(chp, key)];
    return `| ${label} | 0 | ${h.toFixed(3)} | ${c.toFixed(3)} | ${(c / h).toFixed(2)}× less | — |`;
  };
  const cpuRow = () => {
    const [h, c] = [hub.proxyCpuUsPerRequest, chp.proxyCpuUsPerRequest];
    return `| proxy CPU per request under load (µs) | — | ${h.toFixed(1)} | ${c.toFixed(1)} | ${(c / h).toFixed(2)}× | — |`;
  };
  return [
    '# Proxy benchmark',
    '',
    `Run ${info.date}, Node ${info.node}, ${info.cores} cores shared by client, proxy and upstream (all on loopback, one process each).`,
    `Throughput: ${info.wrk}. Latency: ${info.samples} on one kept-alive connection, timed by the client.`,
    'Quote ratios from one run; absolute numbers move with machine load.',
    '',
    '| metric | direct | hub proxy | configurable-http-proxy | hub proxy vs CHP | hub proxy / direct |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    row('HTTP throughput (req/s)', (r) => r.requestsPerSecond, 0, true),
    cpuRow(),
    row('upstream CPU per request under load (µs)', (r) => r.upstreamCpuUsPerRequest, 1, false),
    row('HTTP latency under load p50 (ms)', (r) => r.loadP50Ms, 2, false),
    row('HTTP latency under load p99 (ms)', (r) => r.loadP99Ms, 2, false),
    row('HTTP sequential p50 (ms)', (r) => r.httpP50Ms, 3, false),
    row('HTTP sequential p99 (ms)', (r) => r.httpP99Ms, 3, false),
    addedRow('HTTP added p50 (ms)', 'httpP50Ms'),
    addedRow('HTTP added p99 (ms)', 'httpP99Ms'),
    row('WebSocket echo p50 (ms)', (r) => r.wsP50Ms, 3, false),
    row('WebSocket echo p99 (ms)', (r) => r.wsP99Ms, 3, false),
    addedRow('WebSocket added p50 (ms)', 'wsP50Ms'),
    '',
    '"hub proxy vs CHP": how many times better the hub proxy is (throughput ratio, or CHP latency ÷ hub latency).',
    '"added": latency minus the direct connection\'s in the same run.',
    '',
  ].join('\n');
}
