/**
 * A pool of pre-started servers (tmpnb's idea): a launch becomes a hand-out (copy the
 * notebook in, add the route, answer) instead of a cold start.
 *
 * Honest capacity: pooled servers hold slots. The pool only fills slots nobody needs
 * (none while visitors queue) and never blocks a launch: a launch that finds no free slot
 * takes a pooled server, ready or still starting. Because a server's base URL is fixed
 * when it starts, a pooled server's id becomes the session id of the visitor who gets it.
 * Servers started with other limits than the current settings are retired.
 *
 * CPU while starting: a pooled server starts with `startCpuPercent` and drops to the
 * `cpu_percent` it was started for before it counts as ready (`ready` resolves only
 * after the drop), so a hand-out, even of a server still starting, never gives a visitor
 * more. A change of `cpu_percent` retires the pooled servers started for the old value
 * (`limitsKey`), so a hand-out always has the current one.
 *
 * Never handing out the dead: `check` (on a timer, and when the backend comes back) asks
 * every ready pooled server for `api/status` and replaces the ones that do not answer;
 * the starter asks once more right before a hand-out (start-server.ts).
 *
 * A pooled server learns its notebook's environment (CKAN_SITE_URL, the dataset and
 * resource ids) only at hand-out, from an IPython start-up file the starter copies into
 * the workspace; so pooled servers start with `IPYTHONDIR=~/.ipython` (IPython expands
 * the `~`), on every spawner, which is where that file lands.
 *
 * A pre-started kernel (`poolKernel`, pool-kernel.ts): once a pooled server answers, it
 * starts a kernel and imports `poolImports`, then drops to the admin's CPU limit
 * (cpu-boost.ts); `ready` resolves, and the server counts as answering, only after
 * both. A launch that takes a server still warming waits for that. The kernel runs inside its pooled server, under its limits,
 * and ends with it: it is never shared or moved to another server.
 */
import { randomBytes } from 'node:crypto';
import type { ResourceLimits } from '../spawners/spawner.js';
import { settleCpu, startCpuPercent } from './cpu-boost.js';
import { bindPooledKernel, warmKernel } from './pool-kernel.js';
import type { PooledServer, ServerPool } from './pooled-server.js';
import type { SessionHost } from './session-host.js';

/** Whether pooled servers start a kernel, and what it imports (see pool-kernel.ts). */
export interface PoolKernelOptions {
  readonly kernel: boolean;
  readonly imports: readonly string[];
}

export class WarmPool implements ServerPool {
  private readonly entries: Array<PooledEntry> = [];
  private closed = false;

  constructor(
    private readonly host: SessionHost,
    private readonly size: () => number,
    private readonly kernels: PoolKernelOptions = { kernel: false, imports: [] },
  ) {}

  /** Slots the pool holds (ready or starting). */
  held(): number {
    return this.entries.length;
  }

  /** Ids of pooled servers that are started and answering (ready to hand out at once). */
  answeringIds(): string[] {
    return this.entries.filter((e) => e.answering).map((e) => e.id);
  }

  kernelOf(id: string): string | null {
    return this.entries.find((e) => e.id === id && e.answering)?.kernelId ?? null;
  }

  owns(id: string): boolean {
    return this.entries.some((e) => e.id === id);
  }

  /** Hands out a pooled server started with these limits, if any. */
  take(limits: ResourceLimits): PooledServer | undefined {
    const key = limitsKey(limits);
    const index = this.entries.findIndex((e) => e.limitsKey === key);
    if (index < 0) return undefined;
    const [entry] = this.entries.splice(index, 1);
    return entry;
  }

  /** Gives a slot back for a launch when the pool holds every free one: retires the newest entry. */
  yieldSlot(): boolean {
    const entry = this.entries.pop();
    if (!entry) return false;
    void this.retire(entry);
    return true;
  }

  /** Start servers until the pool has its size, within the slots nobody else needs. */
  refill(): void {
    if (this.closed) return;
    const { settings } = this.host;
    const limits = this.host.currentLimits();
    const key = limitsKey(limits);
    for (const stale of this.entries.filter((e) => e.limitsKey !== key)) {
      this.entries.splice(this.entries.indexOf(stale), 1);
      void this.retire(stale);
    }
    if (this.host.queueLength() > 0) return;
    const free = settings.max_sessions - this.host.heldSlots() - this.entries.length;
    let wanted = Math.min(this.size() - this.entries.length, free);
    while (wanted-- > 0) this.entries.push(this.startOne(limits, key));
  }

  async check(): Promise<void> {
    const { probe, options, log } = this.host.deps;
    const ready = this.entries.filter((e) => e.answering && e.started);
    await Promise.all(
      ready.map(async (entry) => {
        const url = entry.started!.url;
        const baseUrl = this.host.baseUrl(entry.id);
        if (await probe.answers(url, baseUrl, entry.token, options.livenessTimeoutMs)) return;
        const index = this.entries.indexOf(entry);
        if (index < 0) return; // handed out meanwhile: the starter checks it again
        this.entries.splice(index, 1);
        log.warn('a pooled server stopped answering; replacing it', { server: entry.id });
        await this.retire(entry);
      }),
    );
    this.refill();
  }

  /** Stop every pooled server (on hub close: pooled servers are not sessions). */
  async drain(): Promise<void> {
    this.closed = true;
    await Promise.all(this.entries.splice(0).map((e) => this.retire(e)));
  }

  private startOne(limits: ResourceLimits, key: string): PooledEntry {
    const { spawner, probe, options, log } = this.host.deps;
    const id = randomBytes(12).toString('hex');
    const token = randomBytes(24).toString('base64url');
    const baseUrl = this.host.baseUrl(id);
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
    const { kernel: withKernel, imports } = this.kernels;
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
      const index = this.entries.indexOf(entry);
      if (index >= 0) this.entries.splice(index, 1);
      if (entry.started) void spawner.stop(entry.started.state).catch(() => {});
    });
    return entry;
  }

  private async retire(entry: PooledEntry): Promise<void> {
    entry.retired.abort();
    const started = await entry.ready.catch(() => null);
    if (started) await this.host.deps.spawner.stop(started.state).catch(() => {});
  }
}

type PooledEntry = PooledServer & { kernelId: string | null; readonly retired: AbortController };

/** See the file's doc: where the hand-out's IPython start-up file is read from. */
const pooledEnv: Readonly<Record<string, string>> = { IPYTHONDIR: '~/.ipython' };

function limitsKey(limits: ResourceLimits): string {
  return `${limits.cpuPercent}/${limits.memoryBytes}/${limits.pidsLimit}`;
}
