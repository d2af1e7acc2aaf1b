import { HubError } from '../../errors/hub-error.js';
import type { LaunchProgress } from '../spawner.js';
import type { SessionServices } from './session-services.js';

/** How often a start looks at its task; Swarm's own dispatcher reports about this often. */
const taskPollMs = 250;

/**
 * Waits until the session's task runs and reports its port, and resolves with the
 * server's URL; tells `onProgress` each new stage (scheduling, preparing, starting, with
 * the node and Swarm's words). A task that ended is `spawn_failed` with its error.
 */
export async function untilRunning(
  services: SessionServices,
  name: string,
  signal: AbortSignal,
  onProgress?: (progress: LaunchProgress) => void,
): Promise<string> {
  let reported = '';
  for (;;) {
    signal.throwIfAborted();
    const phase = await services.phase(name);
    if (phase.phase === 'ended')
      throw new HubError('spawn_failed', { cause: new Error(phase.detail) });
    const stage = phase.phase === 'running' ? 'starting' : phase.phase;
    const key = `${stage}:${'node' in phase ? phase.node : ''}:${'detail' in phase ? phase.detail : ''}`;
    if (key !== reported) {
      reported = key;
      const progress: LaunchProgress = {
        stage,
        ...('node' in phase && phase.node ? { node: phase.node } : {}),
        ...('detail' in phase && phase.detail ? { detail: phase.detail } : {}),
      };
      try {
        onProgress?.(progress);
      } catch {
        // A listener's failure is not the start's.
      }
    }
    if (phase.phase === 'running' && phase.url) return phase.url;
    await new Promise((resolve) => setTimeout(resolve, taskPollMs));
  }
}
