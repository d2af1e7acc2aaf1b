import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { HubError } from '../../errors/hub-error.js';
import type { LaunchSpec, OwnedServer, ServerStatus, ServerUsage, Spawner } from '../spawner.js';
import type { SpawnerState, StartedServer } from '../spawner.js';
import { rethrowInternal, startFailure } from '../spawner-errors.js';
import { checkSandbox } from './check-sandbox.js';
import { copyIntoWorkspace } from './copy-into-workspace.js';
import { CpuMeter } from './cpu-meter.js';
import { freePort } from './free-port.js';
import { instanceIdFor } from './instance-id.js';
import { LocalHost } from './local-host.js';
import { listOwnedSessions } from './list-owned.js';
import type { LocalSpawnerOptions } from './local-spawner-options.js';
import { isSessionId, parseLocalState, type LocalState } from './local-state.js';
import { isStillRunning, readProcessStat } from './proc.js';
import { killAndReap, spawnDetached } from './run-command.js';
import { buildServerCommand } from './sandbox-command.js';
import { sandboxEnv } from './sandbox-env.js';
import { SessionResources } from './session-resources.js';
import { exists, fillWorkspace, type Owner } from './workspace.js';

/**
 * Runs each session's Jupyter Notebook 6 server on this machine in a bubblewrap sandbox:
 * own user, mount, PID, IPC and UTS namespaces, the system read-only, only the session's
 * workspace writable (as /home/jovyan), an unprivileged host uid, and cgroup v1 limits
 * where the hub may create cgroups (root on a v1 host; otherwise none, `limits: 'none'`
 * in the state). Servers run detached, survive the hub and are found again by
 * `listOwned`. `stop` deletes the workspace: that is the session's revert.
 */
export class LocalSpawner implements Spawner {
  readonly kind = 'local';
  readonly instanceId: string;
  private readonly resources: SessionResources;
  private readonly owner: Owner | null;
  private readonly exitCodes = new Map<string, number | null>();
  private readonly cpu = new CpuMeter();
  private readonly host: LocalHost;

  constructor(private readonly options: LocalSpawnerOptions) {
    this.instanceId = options.instanceId ?? instanceIdFor(options.dataDir);
    this.resources = new SessionResources({
      instanceId: this.instanceId,
      workspaceRoot: resolve(options.dataDir, 'workspaces'),
      logDir: resolve(options.dataDir, 'logs', 'local'),
      cgroupRoot: options.cgroupRoot ?? '/sys/fs/cgroup',
      bwrapPath: options.bwrapPath ?? '/usr/bin/bwrap',
    });
    this.owner = process.getuid?.() === 0 ? { uid: options.uid, gid: options.uid } : null;
    this.host = new LocalHost(options, this.resources, this.owner);
  }

  async start(spec: LaunchSpec, signal: AbortSignal): Promise<StartedServer> {
    signal.throwIfAborted();
    if (!isSessionId(spec.sessionId))
      throw new HubError('spawn_failed', { cause: new Error('bad id') });
    const env = sandboxEnv(spec.env);
    const { base, limited } = await this.host.prepare();
    const { sessionId } = spec;
    const workspace = this.resources.workspaceOf(sessionId);
    // An existing folder belongs to a live session with this id: fail without cleaning it up.
    await mkdir(workspace, { mode: 0o700 }).catch((cause: unknown) => {
      throw new HubError('spawn_failed', { cause });
    });
    const cgroups = this.resources.cgroupsOf(sessionId);
    let child: ChildProcess | null = null;
    try {
      await fillWorkspace(workspace, spec.filesDir, this.owner);
      signal.throwIfAborted();
      if (limited) {
        const cpuPercent = spec.startCpuPercent ?? spec.limits.cpuPercent;
        await cgroups.create({ ...spec.limits, cpuPercent });
      }
      const port = await freePort();
      const sharedStatic = await this.host.sharedStatic();
      signal.throwIfAborted();
      const command = buildServerCommand({
        sharedStatic,
        ...base,
        tmpBytes: spec.limits.memoryBytes,
        pythonPath: this.options.pythonPath,
        workspace,
        port,
        baseUrl: spec.baseUrl,
        token: spec.token,
        sessionId,
        instanceId: this.instanceId,
        env,
        cgroupProcsFiles: limited ? cgroups.procsFiles : [],
      });
      child = await spawnDetached(command, this.resources.logFileOf(sessionId));
      this.exitCodes.delete(sessionId);
      child.once('exit', (code) => this.exitCodes.set(sessionId, code));
      const pid = child.pid!;
      const startTime = (await readProcessStat(pid))?.startTime ?? null;
      signal.throwIfAborted();
      const [limits, paths] = limited
        ? (['cgroup-v1', cgroups.paths] as const)
        : (['none', []] as const);
      const state: LocalState = {
        kind: 'local',
        sessionId,
        pid,
        startTime,
        port,
        workspace,
        cgroups: paths,
        limits,
      };
      return { url: `http://127.0.0.1:${port}`, state: { ...state } };
    } catch (error) {
      if (child !== null) await killAndReap(child);
      await this.destroy(sessionId, null);
      throw startFailure(error, signal);
    }
  }

  async stop(state: SpawnerState): Promise<void> {
    const parsed = parseLocalState(state);
    if (parsed === null) return;
    const log = await this.resources.logTail(parsed.sessionId);
    if (log !== '' && !(await isStillRunning(parsed))) {
      this.options.logger?.warn('local notebook server had exited', {
        session: parsed.sessionId,
        log,
      });
    }
    await this.destroy(parsed.sessionId, parsed);
  }

  /**
   * An OOM kill of any process in the session (in practice a kernel) ends the whole
   * session, so the visitor is told why rather than finding a silently restarted kernel.
   */
  async poll(state: SpawnerState): Promise<ServerStatus> {
    const parsed = parseLocalState(state);
    if (parsed === null) return { running: false, reason: 'missing' };
    if (await this.resources.killIfOomKilled(parsed)) return { running: false, reason: 'oom' };
    if (await isStillRunning(parsed)) return { running: true };
    const exitCode = this.exitCodes.get(parsed.sessionId);
    const reason = (await exists(this.resources.workspaceOf(parsed.sessionId)))
      ? 'exited'
      : 'missing';
    return typeof exitCode === 'number'
      ? { running: false, reason, exitCode }
      : { running: false, reason };
  }

  async addFiles(state: SpawnerState, filesDir: string): Promise<void> {
    const parsed = parseLocalState(state);
    const workspace = parsed && this.resources.workspaceOf(parsed.sessionId);
    if (!workspace || !(await exists(workspace))) throw new HubError('server_unavailable');
    const { base } = await this.host.prepare();
    await copyIntoWorkspace(base, workspace, filesDir, this.owner).catch(rethrowInternal);
  }

  listOwned(): Promise<OwnedServer[]> {
    return listOwnedSessions(this.resources.scope);
  }

  /**
   * Writes the session cgroup's `cpu.cfs_quota_us`. A server started without cgroups
   * (`limits: 'none'`) has no CPU limit to change: nothing to do.
   */
  async setCpu(state: SpawnerState, cpuPercent: number): Promise<void> {
    const parsed = parseLocalState(state);
    if (parsed === null) throw new HubError('server_unavailable');
    if (parsed.limits === 'none') return;
    const cgroups = this.resources.cgroupsOf(parsed.sessionId);
    if (!(await cgroups.exists())) throw new HubError('server_unavailable');
    await cgroups.setCpu(cpuPercent).catch(rethrowInternal);
  }

  async usage(state: SpawnerState): Promise<ServerUsage> {
    const parsed = parseLocalState(state);
    if (parsed === null || parsed.limits === 'none') return { cpuPercent: null, memoryBytes: null };
    return this.cpu.measure(parsed.sessionId, this.resources.cgroupsOf(parsed.sessionId));
  }

  async check(): Promise<void> {
    const { base } = await this.host.prepare();
    await checkSandbox(
      base,
      this.options.pythonPath,
      this.resources.scope.workspaceRoot,
      this.owner,
    );
  }

  async close(): Promise<void> {
    this.cpu.clear();
    await this.host.release();
  }

  private async destroy(sessionId: string, known: LocalState | null): Promise<void> {
    await this.resources.destroy(sessionId, known);
    this.cpu.forget(sessionId);
  }
}
