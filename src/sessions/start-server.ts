/**
 * Starting a session's server: materialise the notebook(s) into a staging folder, ask the
 * spawner to start, wait until the server answers, then mark the session ready. The
 * start timeout covers all of it; on any failure or timeout everything created is
 * removed and the session ends with reason `failed` and a visitor-safe message.
 *
 * A cold-started server may start with more CPU than the limit; it drops to the limit
 * before the session is marked ready (cpu-boost.ts). A pooled server dropped when it
 * became ready in the pool.
 *
 * A session handed a pooled server checks right before the hand-out that the server
 * answers; a pooled server that failed to start or no longer answers is stopped and the
 * session cold-starts under the same id and token instead, so the visitor never sees it.
 * Once the notebook is in the pooled server, its pre-started kernel is bound to the
 * notebook the page opens (pool-kernel.ts), before the session is ready.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { memoryBytes } from '../config/fields.js';
import { HubError, toHubError } from '../errors/hub-error.js';
import { envCode } from '../jupyter/pooled-kernel.js';
import type { FileProgress } from '../sources/file-progress.js';
import type { ResolvedNotebook } from '../sources/source.js';
import type { LaunchProgress, StartedServer } from '../spawners/spawner.js';
import { settleCpu, startCpuPercent } from './cpu-boost.js';
import type { LiveSession } from './live-session.js';
import type { SessionHost } from './session-host.js';
import { untilAborted } from './until-aborted.js';

export async function startServer(host: SessionHost, live: LiveSession): Promise<void> {
  const { spawner, clock, metrics, log, options } = host.deps;
  const record = live.record;
  const abort = new AbortController();
  live.abort = abort;
  const timeoutMs = options.startTimeoutSeconds * 1000;
  const timer = setTimeout(() => abort.abort(new HubError('spawn_timeout')), timeoutMs);
  const staging = join(options.stagingDir, record.id);
  try {
    await mkdir(staging, { recursive: true });
    setStage(host, live, 'fetching');
    const notebooks = live.pending.splice(0);
    const onProgress = (files: readonly FileProgress[]) => {
      if (live.record.state !== 'starting') return;
      live.files = files;
      host.announce(live);
    };
    for (const notebook of notebooks) await notebook.materialize(staging, abort.signal, onProgress);
    const env = Object.assign({}, ...notebooks.map((n) => n.env)) as Record<string, string>;
    setStage(host, live, 'starting');
    const started =
      (live.pooled && (await handOut(host, live, staging, notebooks, env, abort.signal))) ||
      (await coldStart(host, live, staging, env, abort.signal, timeoutMs));
    if (!started) return;
    if (live.record.state !== 'starting') return;
    const now = clock.nowMs();
    live.lastActivityMs = now;
    host.move(live, 'ready');
    metrics.launched(spawner.kind, (now - live.startedMs) / 1000, clock.wallMs());
    for (const notebook of live.pending.splice(0)) await host.copyInto(live, notebook);
  } catch (e) {
    if (live.record.state !== 'starting') return;
    const reason =
      abort.signal.aborted && abort.signal.reason instanceof HubError
        ? abort.signal.reason
        : toHubError(e);
    metrics.spawnFailed(reason.code);
    host.deps.health?.suspect();
    log.warn('session failed to start', { session: record.id, code: reason.code, error: e });
    const message =
      reason.code === 'internal' ? 'The notebook server could not be started.' : reason.message;
    live.starting = null;
    void host.end(record.id, 'failed', message);
  } finally {
    clearTimeout(timer);
    live.abort = null;
    live.stage = null;
    await rm(staging, { recursive: true, force: true });
  }
}

/** The pooled server, checked and given the notebooks; null when it is dead (then cold-start). */
async function handOut(
  host: SessionHost,
  live: LiveSession,
  staging: string,
  notebooks: readonly ResolvedNotebook[],
  env: Record<string, string>,
  signal: AbortSignal,
): Promise<StartedServer | null> {
  const { spawner, probe, log, options } = host.deps;
  const pooled = live.pooled!;
  live.pooled = null;
  let started: StartedServer | null = null;
  try {
    started = await untilAborted(pooled.ready, signal);
  } catch (e) {
    void pooled.ready.then((s) => spawner.stop(s.state)).catch(() => {});
    if (signal.aborted) throw e;
  }
  const baseUrl = host.baseUrl(live.record.id);
  const answers =
    started !== null &&
    (await probe.answers(started.url, baseUrl, live.record.token, options.livenessTimeoutMs));
  if (!started || !answers) {
    log.warn('a pooled server was not answering at hand-out; starting a fresh one', {
      session: live.record.id,
    });
    if (started) await spawner.stop(started.state).catch(() => {});
    if (signal.aborted) throw signal.reason as Error;
    return null;
  }
  if (Object.keys(env).length > 0) await writeKernelEnv(staging, env);
  host.update(live, { ...live.record, spawnerState: started.state, target: started.url });
  await spawner.addFiles(started.state, staging);
  // The page opens the last notebook (session-view.ts): its kernel is the warm one.
  const opened = notebooks[notebooks.length - 1];
  if (opened) {
    const file = { file: opened.fileName, content: opened.content };
    const kernelId = await pooled.bindKernel(file, env, signal);
    if (kernelId)
      log.info('the pre-started kernel is bound to the notebook', { session: pooled.id });
  }
  return started;
}

/** A new server for the session, waited for until it answers; null when the session ended meanwhile. */
async function coldStart(
  host: SessionHost,
  live: LiveSession,
  staging: string,
  env: Record<string, string>,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<StartedServer | null> {
  const { spawner, probe, clock, options, log } = host.deps;
  const record = live.record;
  const baseUrl = host.baseUrl(record.id);
  const { cpuPercent } = record.limits;
  const boost = startCpuPercent(spawner, cpuPercent, options.startCpuPercent);
  const onProgress = (progress: LaunchProgress): void => {
    if (live.record.state !== 'starting') return;
    if (progress.node) log.debug('session placed', { session: record.id, ...progress });
    // The spawner's own `starting` (its container starts) is within the hub's `starting`.
    if (progress.stage !== 'starting') setStage(host, live, progress.stage);
  };
  const started = await spawner.start(
    {
      sessionId: record.id,
      baseUrl,
      token: record.token,
      limits: {
        cpuPercent,
        memoryBytes: memoryBytes(record.limits.memoryLimit),
        pidsLimit: record.limits.pidsLimit,
      },
      env,
      filesDir: staging,
      ...(boost === undefined ? {} : { startCpuPercent: boost }),
    },
    signal,
    onProgress,
  );
  if (live.record.state !== 'starting') {
    await spawner.stop(started.state);
    return null;
  }
  host.update(live, { ...live.record, spawnerState: started.state, target: started.url });
  setStage(host, live, 'connecting');
  const remainingMs = Math.max(1, Math.ceil(timeoutMs - (clock.nowMs() - live.startedMs)));
  await probe.waitUntilReady(started.url, baseUrl, record.token, {
    signal,
    timeoutMs: remainingMs,
  });
  // Before `ready`: the proxy lets the visitor in only then (cpu-boost.ts).
  await settleCpu(spawner, started.state, cpuPercent, boost);
  return started;
}

function setStage(host: SessionHost, live: LiveSession, stage: LiveSession['stage']): void {
  live.stage = stage;
  host.announce(live);
}

/**
 * A pooled server started before anyone knew which notebook it would get, so the
 * notebook's environment (CKAN_SITE_URL, the dataset id) reaches its Python kernels
 * through an IPython start-up file instead of the process environment. It lands in the
 * workspace's `.ipython`, where pooled servers' IPYTHONDIR points (pool-entry.ts).
 */
async function writeKernelEnv(dir: string, env: Record<string, string>): Promise<void> {
  const startup = join(dir, '.ipython', 'profile_default', 'startup');
  await mkdir(startup, { recursive: true });
  await writeFile(join(startup, '00-session-env.py'), envCode(env));
}
