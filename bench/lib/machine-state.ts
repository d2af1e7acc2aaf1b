/** One line on the machine and code a benchmark ran on: commit, cores, load, date. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

export function machineState(): string {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  const load = loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');
  return `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}, ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, load average (1/5/15 min) ${load}`;
}
