import type { ContainerStats } from 'dockerode';
import type { ServerUsage } from '../spawner.js';

/**
 * CPU (percent of one core, as `cpuPercent` limits are given) and memory in use from a
 * non-streamed stats answer, the way `docker stats` computes them: CPU from the
 * difference to the previous sample, memory without the reclaimable page cache.
 */
export function usageFromStats(stats: ContainerStats): ServerUsage {
  return { cpuPercent: cpuPercent(stats), memoryBytes: memoryBytes(stats) };
}

function cpuPercent(stats: ContainerStats): number | null {
  const now = stats.cpu_stats;
  const before = stats.precpu_stats;
  if (!now?.cpu_usage || !before?.cpu_usage) return null;
  const cpuDelta = now.cpu_usage.total_usage - before.cpu_usage.total_usage;
  const systemDelta = (now.system_cpu_usage ?? 0) - (before.system_cpu_usage ?? 0);
  if (!(systemDelta > 0) || !(cpuDelta >= 0)) return null;
  const cores = now.online_cpus || now.cpu_usage.percpu_usage?.length || 1;
  return (cpuDelta / systemDelta) * cores * 100;
}

function memoryBytes(stats: ContainerStats): number | null {
  const memory = stats.memory_stats;
  if (typeof memory?.usage !== 'number') return null;
  const detail = (memory.stats ?? {}) as Record<string, number | undefined>;
  // cgroup v1 reports total_inactive_file, cgroup v2 inactive_file.
  const cache = detail.total_inactive_file ?? detail.inactive_file ?? 0;
  return Math.max(memory.usage - (cache < memory.usage ? cache : 0), 0);
}
