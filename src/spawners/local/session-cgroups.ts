/**
 * The cgroup v1 groups of one sandboxed session: `<root>/<controller>/ckan-notebook-hub/
 * <instanceId>/<sessionId>` for memory, cpu, cpuacct and pids. Paths are derived from
 * the ids alone, so a restarted hub finds (and removes) them without any saved state.
 * cgroup v2 is not implemented: on a v2-only host `available` is false and sessions run
 * without limits.
 */
import { access, constants, mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResourceLimits } from '../spawner.js';
import { signalProcess } from './proc.js';

const controllers = ['memory', 'cpu', 'cpuacct', 'pids'] as const;
type Controller = (typeof controllers)[number];
const cfsPeriodUs = 100_000;
export const cgroupParent = 'ckan-notebook-hub';

export class SessionCgroups {
  private constructor(private readonly dirs: Readonly<Record<Controller, string>>) {}

  /** The groups of one session (nothing is created yet). */
  static of(root: string, instanceId: string, sessionId: string): SessionCgroups {
    const dir = (c: Controller) => join(root, c, cgroupParent, instanceId, sessionId);
    return new SessionCgroups({
      memory: dir('memory'),
      cpu: dir('cpu'),
      cpuacct: dir('cpuacct'),
      pids: dir('pids'),
    });
  }

  /** Whether this process can create v1 groups for every controller under `root` (root user, v1 mounted). */
  static async available(root: string): Promise<boolean> {
    if (process.getuid?.() !== 0) return false;
    const writable = await Promise.all(
      controllers.map((c) =>
        access(join(root, c, 'cgroup.procs'), constants.W_OK).then(
          () => true,
          () => false,
        ),
      ),
    );
    return !writable.includes(false);
  }

  /** Distinct directories; where cpu and cpuacct are co-mounted, creating or removing one twice is harmless. */
  get paths(): string[] {
    return [...new Set(Object.values(this.dirs))];
  }

  /** The files a process writes its pid to in order to join every group. */
  get procsFiles(): string[] {
    return this.paths.map((dir) => join(dir, 'cgroup.procs'));
  }

  /** Creates the groups and writes the limits; removes them again if any write fails. */
  async create(limits: ResourceLimits): Promise<void> {
    try {
      for (const dir of this.paths) await mkdir(dir, { recursive: true });
      await writeFile(join(this.dirs.memory, 'memory.limit_in_bytes'), String(limits.memoryBytes));
      // Without swap accounting this file is absent; with it, swap must not extend the limit.
      await writeFile(
        join(this.dirs.memory, 'memory.memsw.limit_in_bytes'),
        String(limits.memoryBytes),
      ).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
      await writeFile(join(this.dirs.cpu, 'cpu.cfs_period_us'), String(cfsPeriodUs));
      await this.setCpu(limits.cpuPercent);
      await writeFile(join(this.dirs.pids, 'pids.max'), String(limits.pidsLimit));
    } catch (error) {
      await this.remove();
      throw error;
    }
  }

  /**
   * Sets the CPU share (percent of one core) of the group, in place: every process in it,
   * the server and its kernels, is throttled by the new quota from the next period on.
   */
  async setCpu(cpuPercent: number): Promise<void> {
    const quotaUs = Math.max(1000, Math.round((cpuPercent * cfsPeriodUs) / 100));
    await writeFile(join(this.dirs.cpu, 'cpu.cfs_quota_us'), String(quotaUs));
  }

  /** The limits as the kernel holds them, or null when the groups do not exist. */
  async limits(): Promise<ResourceLimits | null> {
    const read = (dir: string, file: string) =>
      readFile(join(dir, file), 'utf8').then(
        (t) => t.trim(),
        () => null,
      );
    const [memory, quota, period, pids] = await Promise.all([
      read(this.dirs.memory, 'memory.limit_in_bytes'),
      read(this.dirs.cpu, 'cpu.cfs_quota_us'),
      read(this.dirs.cpu, 'cpu.cfs_period_us'),
      read(this.dirs.pids, 'pids.max'),
    ]);
    if (memory === null || quota === null || period === null || pids === null) return null;
    return {
      memoryBytes: Number(memory),
      cpuPercent: (Number(quota) * 100) / Number(period),
      pidsLimit: pids === 'max' ? Infinity : Number(pids),
    };
  }

  /** How many processes the kernel killed for exceeding the memory limit. */
  async oomKills(): Promise<number> {
    const text = await readFile(join(this.dirs.memory, 'memory.oom_control'), 'utf8').catch(
      () => '',
    );
    const match = /^oom_kill (\d+)$/m.exec(text);
    return match ? Number(match[1]) : 0;
  }

  /** Total CPU time in nanoseconds and memory in use without reclaimable file cache. */
  async usage(): Promise<{ cpuNs: number; memoryBytes: number } | null> {
    const [cpu, memory, stat] = await Promise.all(
      [
        join(this.dirs.cpuacct, 'cpuacct.usage'),
        join(this.dirs.memory, 'memory.usage_in_bytes'),
        join(this.dirs.memory, 'memory.stat'),
      ].map((file) => readFile(file, 'utf8').catch(() => null)),
    );
    if (cpu == null || memory == null) return null;
    const inactiveFile = Number(/^total_inactive_file (\d+)$/m.exec(stat ?? '')?.[1] ?? 0);
    return { cpuNs: Number(cpu), memoryBytes: Math.max(0, Number(memory) - inactiveFile) };
  }

  async pids(): Promise<number[]> {
    const lists = await Promise.all(
      this.procsFiles.map((file) => readFile(file, 'utf8').catch(() => '')),
    );
    return [...new Set(lists.join('\n').split('\n').filter(Boolean).map(Number))];
  }

  /** SIGKILLs every process in the groups. */
  async killAll(): Promise<void> {
    for (const pid of await this.pids()) signalProcess(pid, 'SIGKILL');
  }

  /** Removes the groups; processes that are still exiting make `rmdir` fail briefly, so it retries. */
  async remove(): Promise<void> {
    for (const dir of this.paths) {
      for (let attempt = 0; ; attempt++) {
        try {
          await rmdir(dir);
          break;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') break;
          if (code !== 'EBUSY' || attempt >= 50) throw error;
          await this.killAll();
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    }
  }

  async exists(): Promise<boolean> {
    return access(this.dirs.memory).then(
      () => true,
      () => false,
    );
  }
}

/** Removes this hub instance's (empty) parent groups; groups still holding sessions stay. */
export async function removeInstanceCgroups(root: string, instanceId: string): Promise<void> {
  for (const c of controllers) {
    for (const dir of [join(root, c, cgroupParent, instanceId), join(root, c, cgroupParent)]) {
      await rmdir(dir).catch(() => undefined);
    }
  }
}
