/** Runs Debian's `wrk` and reads its summary. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface WrkResult {
  readonly requests: number;
  readonly requestsPerSecond: number;
  /** Latency percentiles in milliseconds, from `--latency`. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

export interface WrkOptions {
  readonly threads: number;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Load-tests `url` with wrk; non-2xx answers and socket errors are counted as errors. */
export async function runWrk(url: string, options: WrkOptions): Promise<WrkResult> {
  const args = [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.durationSeconds}s`,
    '--latency',
    ...Object.entries(options.headers ?? {}).flatMap(([name, value]) => [
      '-H',
      `${name}: ${value}`,
    ]),
    url,
  ];
  const { stdout } = await promisify(execFile)('wrk', args, {
    timeout: (options.durationSeconds + 30) * 1000,
  });
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  if (!rps) throw new Error(`wrk output not understood:\n${stdout}`);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
    stdout,
  );
  const errors =
    non2xx + (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0);
  return {
    requests: Number(/(\d+) requests in/.exec(stdout)?.[1] ?? NaN),
    requestsPerSecond: Number(rps[1]),
    p50Ms: latencyMs(stdout, '50%'),
    p99Ms: latencyMs(stdout, '99%'),
    errors,
  };
}

function latencyMs(stdout: string, label: string): number {
  const match = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(stdout);
  if (!match) return NaN;
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
}
