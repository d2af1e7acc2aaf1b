/**
 * Finding this hub's sandboxes in `/proc` with no saved state: each outer `bwrap`
 * process carries `--setenv CNH_HUB <instanceId> --setenv CNH_SESSION_ID <id>` on its
 * command line. A visitor can start processes with any command line, so a match must
 * also be the real bwrap binary and live in our PID namespace (the outer bwrap) or be
 * PID 1 of its own namespace (the sandbox's init, when the outer one was killed); a
 * process faked inside a sandbox is neither.
 */
import { hubMarker, sessionMarker } from './sandbox-command.js';
import { isDead, listPids, readCmdline, readExe, readNsPids, readProcessStat } from './proc.js';

export interface SandboxProcess {
  readonly sessionId: string;
  readonly pid: number;
  readonly startTime: string;
  readonly port: number | null;
  /** `outer`: the bwrap the spawner started; `init`: PID 1 inside the sandbox. */
  readonly role: 'outer' | 'init';
}

/** Every live sandbox process of this hub instance. */
export async function findSandboxes(
  bwrapPath: string,
  instanceId: string,
): Promise<SandboxProcess[]> {
  const found: SandboxProcess[] = [];
  for (const pid of await listPids()) {
    const argv = await readCmdline(pid);
    if (argv === null || markerValue(argv, hubMarker) !== instanceId) continue;
    const sessionId = markerValue(argv, sessionMarker);
    if (sessionId === null) continue;
    const [exe, nsPids, stat] = await Promise.all([
      readExe(pid),
      readNsPids(pid),
      readProcessStat(pid),
    ]);
    if (stat === null || isDead(stat.state)) continue;
    // readlink of another user's exe can be refused to a non-root hub; argv[0] then stands in.
    if ((exe ?? argv[0])?.replace(/ \(deleted\)$/, '') !== bwrapPath) continue;
    const role =
      nsPids?.length === 1 ? 'outer' : nsPids?.length === 2 && nsPids[1] === 1 ? 'init' : null;
    if (role === null) continue;
    found.push({ sessionId, pid, startTime: stat.startTime, port: portOf(argv), role });
  }
  return found;
}

function markerValue(argv: readonly string[], name: string): string | null {
  const separator = argv.indexOf('--');
  for (let i = 0; i + 2 < (separator < 0 ? argv.length : separator); i++) {
    if (argv[i] === '--setenv' && argv[i + 1] === name) return argv[i + 2] ?? null;
  }
  return null;
}

function portOf(argv: readonly string[]): number | null {
  const flag = argv.slice(argv.indexOf('--') + 1).find((arg) => arg.startsWith('--port='));
  const port = Number(flag?.slice('--port='.length));
  return Number.isInteger(port) && port > 0 ? port : null;
}
