/**
 * Reading `/proc`: enough to tell whether a pid is still the process we started (its
 * start time guards against pid reuse), to find sandboxes by their command line after a
 * hub restart, and to wait for processes to be gone.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';

export interface ProcessStat {
  readonly pid: number;
  readonly ppid: number;
  /** One-letter state (`R`, `S`, `Z` …); `Z` and `X` are dead. */
  readonly state: string;
  /** Clock ticks since boot at which the process started (field 22 of `stat`). */
  readonly startTime: string;
}

export async function readProcessStat(pid: number): Promise<ProcessStat | null> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (text === null) return null;
  // The command name may contain spaces and parentheses; fields resume after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const [state, ppid, startTime] = [fields[0], fields[1], fields[19]];
  if (state === undefined || ppid === undefined || startTime === undefined) return null;
  return { pid, ppid: Number(ppid), state, startTime };
}

/** Whether `pid` is alive and is the same process that had `startTime`. */
export async function isSameProcess(pid: number, startTime: string): Promise<boolean> {
  const stat = await readProcessStat(pid);
  return stat !== null && stat.startTime === startTime && !isDead(stat.state);
}

/** Whether the server a state names still runs (null pid or start time: it cannot be told, so no). */
export async function isStillRunning(known: {
  readonly pid: number | null;
  readonly startTime: string | null;
}): Promise<boolean> {
  const { pid, startTime } = known;
  return pid !== null && startTime !== null && isSameProcess(pid, startTime);
}

export function isDead(state: string): boolean {
  return state === 'Z' || state === 'X';
}

export async function listPids(): Promise<number[]> {
  const names = await readdir('/proc');
  return names.filter((name) => /^\d+$/.test(name)).map(Number);
}

export async function readCmdline(pid: number): Promise<string[] | null> {
  const raw = await readFile(`/proc/${pid}/cmdline`).catch(() => null);
  if (raw === null || raw.length === 0) return null;
  return raw.toString('utf8').replace(/\0$/, '').split('\0');
}

export async function readExe(pid: number): Promise<string | null> {
  return readlink(`/proc/${pid}/exe`).catch(() => null);
}

/** The pid in each nested pid namespace, outermost (ours) first (`NSpid` of `status`). */
export async function readNsPids(pid: number): Promise<number[] | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  const line = status?.split('\n').find((l) => l.startsWith('NSpid:'));
  return line ? line.slice(6).trim().split(/\s+/).map(Number) : null;
}

/** Sends a signal, ignoring a process that is already gone. */
export function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Resolves true once none of the processes is alive any more, false after `timeoutMs`. */
export async function waitUntilGone(
  processes: readonly { pid: number; startTime: string }[],
  timeoutMs: number,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (let pauseMs = 5; ; pauseMs = Math.min(100, pauseMs * 2)) {
    const alive = await Promise.all(processes.map((p) => isSameProcess(p.pid, p.startTime)));
    if (!alive.includes(true)) return true;
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}
