import type { ServerUsage } from '../spawner.js';
import type { SessionCgroups } from './session-cgroups.js';

const firstSampleGapMs = 100;

/**
 * CPU use in percent of one core, from the growth of a cgroup's CPU time between two
 * readings. The previous reading of each session is kept, so regular calls (the admin
 * page, metrics) measure the time since the last call; a first call samples twice.
 */
export class CpuMeter {
  private readonly last = new Map<string, { cpuNs: number; atMs: number }>();

  async measure(sessionId: string, cgroups: SessionCgroups): Promise<ServerUsage> {
    const read = async () => {
      const usage = await cgroups.usage();
      return usage && { ...usage, atMs: performance.now() };
    };
    let previous = this.last.get(sessionId) ?? null;
    if (previous === null) {
      previous = await read();
      if (previous === null) return { cpuPercent: null, memoryBytes: null };
      await new Promise((done) => setTimeout(done, firstSampleGapMs));
    }
    const now = await read();
    if (now === null) return { cpuPercent: null, memoryBytes: null };
    this.last.set(sessionId, { cpuNs: now.cpuNs, atMs: now.atMs });
    const elapsedMs = Math.max(1, now.atMs - previous.atMs);
    const cpuPercent = Math.max(0, (now.cpuNs - previous.cpuNs) / 1e6 / elapsedMs) * 100;
    return { cpuPercent, memoryBytes: now.memoryBytes };
  }

  forget(sessionId: string): void {
    this.last.delete(sessionId);
  }

  clear(): void {
    this.last.clear();
  }
}
