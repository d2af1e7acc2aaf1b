import { demuxLogs } from './docker-client.js';
import { labelKeys } from './docker-names.js';
import type { OwnedContainer } from './session-containers.js';
import type { SpawnerLogger } from '../spawner.js';

/**
 * Before `stop` removes a container that ended on its own with an error (or an OOM
 * kill): a warning with the end of its log, the only trace of why it died.
 */
export async function logExitedContainer(
  owned: OwnedContainer,
  logger: SpawnerLogger | undefined,
): Promise<void> {
  const { State } = owned.info;
  if (!State.Running && (State.ExitCode !== 0 || State.OOMKilled) && logger) {
    const raw = await owned.container
      .logs({ stdout: true, stderr: true, tail: 20 })
      .catch(() => null);
    logger.warn('docker notebook server had exited', {
      session: owned.info.Config.Labels[labelKeys.sessionId],
      exitCode: State.ExitCode,
      oomKilled: State.OOMKilled,
      log: raw ? demuxLogs(Buffer.from(raw)) : '',
    });
  }
}
