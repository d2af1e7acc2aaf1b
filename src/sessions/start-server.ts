/**
 * Starting a session's server: materialise the notebook(s) into a staging folder, ask the
 * spawner to start, wait until the server answers, then mark the session ready. The
 * start timeout covers all of it; on any failure or timeout everything created is
 * removed and the session ends with reason `failed` and a visitor-safe message.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { memoryBytes } from '../config/fields.js';
import { HubError, toHubError } from '../errors/hub-error.js';
import type { LiveSession } from './live-session.js';
import type { SessionManager } from './manager.js';

export async function startServer(manager: SessionManager, live: LiveSession): Promise<void> {
  const { spawner, probe, clock, metrics, log, options } = manager.deps;
  const record = live.record;
  const abort = new AbortController();
  live.abort = abort;
  const timeoutMs = options.startTimeoutSeconds * 1000;
  const timer = setTimeout(() => abort.abort(new HubError('spawn_timeout')), timeoutMs);
  const staging = join(options.stagingDir, record.id);
  const baseUrl = manager.baseUrl(record.id);
  try {
    await mkdir(staging, { recursive: true });
    setStage(manager, live, 'fetching');
    const notebooks = live.pending.splice(0);
    for (const notebook of notebooks) await notebook.materialize(staging, abort.signal);
    setStage(manager, live, 'starting');
    const started = await spawner.start(
      {
        sessionId: record.id,
        baseUrl,
        token: record.token,
        limits: {
          cpuPercent: record.limits.cpuPercent,
          memoryBytes: memoryBytes(record.limits.memoryLimit),
          pidsLimit: record.limits.pidsLimit,
        },
        env: Object.assign({}, ...notebooks.map((n) => n.env)) as Record<string, string>,
        filesDir: staging,
      },
      abort.signal,
    );
    if (live.record.state !== 'starting') {
      await spawner.stop(started.state);
      return;
    }
    manager.update(live, { ...live.record, spawnerState: started.state, target: started.url });
    setStage(manager, live, 'connecting');
    const remainingMs = Math.max(1, timeoutMs - (clock.nowMs() - live.startedMs));
    await probe.waitUntilReady(started.url, baseUrl, record.token, {
      signal: abort.signal,
      timeoutMs: remainingMs,
    });
    if (live.record.state !== 'starting') return;
    const now = clock.nowMs();
    live.lastActivityMs = now;
    manager.move(live, 'ready');
    metrics.launched(spawner.kind, (now - live.startedMs) / 1000, clock.wallMs());
    for (const notebook of live.pending.splice(0)) await manager.copyInto(live, notebook);
  } catch (e) {
    if (live.record.state !== 'starting') return;
    const reason =
      abort.signal.aborted && abort.signal.reason instanceof HubError
        ? abort.signal.reason
        : toHubError(e);
    metrics.spawnFailed(reason.code);
    log.warn('session failed to start', { session: record.id, code: reason.code, error: e });
    const message =
      reason.code === 'internal' ? 'The notebook server could not be started.' : reason.message;
    live.starting = null;
    void manager.end(record.id, 'failed', message);
  } finally {
    clearTimeout(timer);
    live.abort = null;
    live.stage = null;
    await rm(staging, { recursive: true, force: true });
  }
}

function setStage(manager: SessionManager, live: LiveSession, stage: LiveSession['stage']): void {
  live.stage = stage;
  manager.emit('change', live.record);
}
