/**
 * One server of the warm pool (warm-pool.ts keeps them), from its start to its retirement.
 *
 * CPU while starting: a pooled server starts with `startCpuPercent` and drops to the
 * `cpu_percent` it was started for before it counts as ready (`ready` resolves only
 * after the drop), so a hand-out, even of a server still starting, never gives a visitor
 * more. Its `limitsKey` names the limits it was started for; the pool retires the servers
 * whose key no longer matches the settings, so a hand-out always has the current one.
 *
 * A pooled server learns its notebook's environment (CKAN_SITE_URL, the dataset and
 * resource ids) only at hand-out, from an IPython start-up file the starter copies into
 * the workspace; so pooled servers start with `IPYTHONDIR=~/.ipython` (IPython expands
 * the `~`), on every spawner, which is where that file lands.
 *
 * A pre-started kernel (`PoolKernelOptions`, pool-kernel.ts): once a pooled server
 * answers, it starts a kernel and imports `poolImports`, then drops to the admin's CPU
 * limit (cpu-boost.ts); `ready` resolves, and the server counts as answering, only after
 * both. A launch that takes a server still warming waits for that. The kernel runs inside
 * its pooled server, under its limits, and ends with it: it is never shared or moved to
 * another server.
 */
import { randomBytes } from 'node:crypto';
import type { ResourceLimits } from '../spawners/spawner.js';
import { settleCpu, startCpuPercent } from './cpu-boost.js';
import { bindPooledKernel, warmKernel } from './pool-kernel.js';
import type { PooledServer } from './pooled-server.js';
import type { SessionHost } from './session-host.js';

/** Whether pooled servers start a kernel, and what it imports (see pool-kernel.ts). */
export interface PoolKernelOptions {
  readonly kernel: boolean;
  readonly imports: readonly string[];
}

/** A pooled server as the pool keeps it; `retired` aborts once the pool lets it go. */
export type PooledEntry = PooledServer & {
  kernelId: string | null;
  readonly retired: AbortController;
};

/**
 * Start one pooled server with `limits` (`key`: their `limitsKey`). Returns the entry at
 * once; its `ready` resolves when the server answers, warmed and at its CPU limit. A
 * failed start is logged, `onFailed` is told (the pool drops the entry), and what did
 * start is stopped.
 */
export function startPooledEntry(
  host: SessionHost,
  limits: ResourceLimits,
  key: string,
  kernels: PoolKernelOptions,
  onFailed: (entry: PooledEntry) => void,
): PooledEntry {
  const { spawner, probe, options, log } = host.deps;
  const id = randomBytes(12).toString('hex');
  const token = randomBytes(24).toString('base64url');
  const baseUrl = host.baseUrl(id);
  const timeoutMs = options.startTimeoutSeconds * 1000;
  const signal = AbortSignal.timeout(timeoutMs);
  const entry: PooledEntry = {
    id,
    token,
    limitsKey: key,
    ready: Promise.resolve(null as never),
    started: null,
    answering: false,
    kernel: Promise.resolve(null),
    kernelId: null,
    retired: new AbortController(),
    bindKernel: (notebook, env, handOutSignal) =>
      bindPooledKernel(
        { target: entry.started!.url, baseUrl, token },
        entry.kernel,
        notebook,
        env,
        handOutSignal,
        log,
      ),
  };
  const boost = startCpuPercent(spawner, limits.cpuPercent, options.startCpuPercent);
  const { kernel: withKernel, imports } = kernels;
  const ready = (async () => {
    const started = await spawner.start(
      {
        sessionId: id,
        baseUrl,
        token,
        limits,
        env: pooledEnv,
        filesDir: null,
        ...(boost === undefined ? {} : { startCpuPercent: boost }),
      },
      signal,
    );
    entry.started = started;
    await probe.waitUntilReady(started.url, baseUrl, token, { signal, timeoutMs });
    // The kernel warms inside the boost window. A retired server's warm-up stops
    // quietly; a handed-out one's goes on. warmKernel never rejects a usable server.
    const warming = AbortSignal.any([signal, entry.retired.signal]);
    const server = { target: started.url, baseUrl, token };
    entry.kernelId = withKernel
      ? await warmKernel(server, imports, warming, log).catch(() => null)
      : null;
    // Last step of the pooled start (after the kernel): from here on the server is at
    // the limit it was started for, and only handed out with that limit.
    await settleCpu(spawner, started.state, limits.cpuPercent, boost);
    entry.answering = true;
    return started;
  })();
  const kernel = ready.then(
    () => entry.kernelId,
    () => null,
  );
  Object.assign(entry, { ready, kernel });
  ready.catch((error: unknown) => {
    log.warn('a pooled server failed to start', { error });
    onFailed(entry);
    if (entry.started) void spawner.stop(entry.started.state).catch(() => {});
  });
  return entry;
}

/** Stop a server the pool let go: its warm-up stops, then the server once started. Never rejects. */
export async function retirePooledEntry(
  host: Pick<SessionHost, 'deps'>,
  entry: PooledEntry,
): Promise<void> {
  entry.retired.abort();
  const started = await entry.ready.catch(() => null);
  if (started) await host.deps.spawner.stop(started.state).catch(() => {});
}

/** The limits a server was started for, as one comparable key. */
export function limitsKey(limits: ResourceLimits): string {
  return `${limits.cpuPercent}/${limits.memoryBytes}/${limits.pidsLimit}`;
}

/** See the file's doc: where the hand-out's IPython start-up file is read from. */
const pooledEnv: Readonly<Record<string, string>> = { IPYTHONDIR: '~/.ipython' };
