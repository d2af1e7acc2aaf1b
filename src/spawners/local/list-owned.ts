import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { OwnedServer } from '../spawner.js';
import { findSandboxes, type SandboxProcess } from './find-sandboxes.js';
import { isSessionId, type LocalState } from './local-state.js';
import { cgroupParent, SessionCgroups } from './session-cgroups.js';

export interface OwnedScope {
  readonly bwrapPath: string;
  readonly instanceId: string;
  readonly workspaceRoot: string;
  readonly cgroupRoot: string;
}

/**
 * Every session this hub instance owns, from the system alone: live sandboxes (by their
 * command-line markers) with their URL, plus leftovers with no process (a workspace or
 * cgroup from a server that died with the machine or the hub) as not running, so the
 * hub can reap them with `stop`.
 */
export async function listOwnedSessions(scope: OwnedScope): Promise<OwnedServer[]> {
  const leftoverInits = new Set<string>();
  // Only the outer bwrap counts as running: it is what `start` returned and `poll` watches.
  // A sandbox init without it is on its way out (or was orphaned) and is reaped by `stop`.
  const live = new Map<string, SandboxProcess>();
  for (const process of await findSandboxes(scope.bwrapPath, scope.instanceId)) {
    if (process.role === 'outer') live.set(process.sessionId, process);
    else leftoverInits.add(process.sessionId);
  }
  const leftovers = new Set([
    ...leftoverInits,
    ...(await sessionDirs(scope.workspaceRoot)),
    ...(await sessionDirs(join(scope.cgroupRoot, 'memory', cgroupParent, scope.instanceId))),
  ]);
  const owned: OwnedServer[] = [];
  for (const sessionId of new Set([...live.keys(), ...leftovers])) {
    const process = live.get(sessionId);
    const cgroups = SessionCgroups.of(scope.cgroupRoot, scope.instanceId, sessionId);
    const limited = await cgroups.exists();
    const state: LocalState = {
      kind: 'local',
      sessionId,
      pid: process?.pid ?? null,
      startTime: process?.startTime ?? null,
      port: process?.port ?? null,
      workspace: join(scope.workspaceRoot, sessionId),
      cgroups: limited ? cgroups.paths : [],
      limits: limited ? 'cgroup-v1' : 'none',
    };
    owned.push({
      sessionId,
      state: { ...state },
      url: process?.port ? `http://127.0.0.1:${process.port}` : null,
      running: process !== undefined,
    });
  }
  return owned;
}

async function sessionDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && isSessionId(e.name)).map((e) => e.name);
}
