/**
 * A pool of pre-started servers (tmpnb's idea): a launch becomes a hand-out (copy the
 * notebook in, add the route, answer) instead of a cold start. One server's start,
 * warm-up (CPU boost, kernel) and retirement are pool-entry.ts's; this file keeps the set.
 *
 * Honest capacity: pooled servers hold slots. The pool only fills slots nobody needs
 * (none while visitors queue) and never blocks a launch: a launch that finds no free slot
 * takes a pooled server, ready or still starting. Because a server's base URL is fixed
 * when it starts, a pooled server's id becomes the session id of the visitor who gets it.
 * Servers started with other limits than the current settings (a change of `cpu_percent`
 * too) are retired, so a hand-out always has the current ones.
 *
 * Never handing out the dead: `check` (on a timer, and when the backend comes back) asks
 * every ready pooled server for `api/status` and replaces the ones that do not answer;
 * the starter asks once more right before a hand-out (start-server.ts).
 */
import type { ResourceLimits } from '../spawners/spawner.js';
import {
  limitsKey,
  retirePooledEntry,
  startPooledEntry,
  type PoolKernelOptions,
  type PooledEntry,
} from './pool-entry.js';
import type { PooledServer, ServerPool } from './pooled-server.js';
import type { SessionHost } from './session-host.js';

export type { PoolKernelOptions } from './pool-entry.js';

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
    return startPooledEntry(this.host, limits, key, this.kernels, (entry) => {
      const index = this.entries.indexOf(entry);
      if (index >= 0) this.entries.splice(index, 1);
    });
  }

  private retire(entry: PooledEntry): Promise<void> {
    return retirePooledEntry(this.host, entry);
  }
}
