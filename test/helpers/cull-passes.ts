/**
 * Timeliness measured in the hub's own work, not in test-side milliseconds: records when
 * each culler pass began and when each session moved to `stopping`, both read from the
 * hub's clock. "Ended within N passes of its deadline" holds on a quiet machine and on a
 * loaded one, where every pass (and the test's own polling) comes late alike.
 */
import type { Hub } from '../../src/app.js';

export interface CullWatch {
  /** Hub wall-clock ms at which the session was told to stop (undefined: not yet). */
  stoppingAt(sessionId: string): number | undefined;
  /** Culler passes that began after `fromWallMs` and no later than `toWallMs`. */
  passesBetween(fromWallMs: number, toWallMs: number): number;
}

export function watchCuller(hub: Hub): CullWatch {
  const { clock } = hub.manager.deps;
  const passStarts: number[] = [];
  const culler = hub.culler as unknown as { tick(): Promise<void>; ticking: Promise<void> | null };
  const tick = culler.tick.bind(culler);
  // A tick while a pass is still running joins it; only a new pass is counted.
  culler.tick = () => {
    if (culler.ticking === null) passStarts.push(clock.wallMs());
    return tick();
  };
  const stopping = new Map<string, number>();
  hub.manager.on('change', (record) => {
    if (record.state === 'stopping' && !stopping.has(record.id))
      stopping.set(record.id, clock.wallMs());
  });
  return {
    stoppingAt: (id) => stopping.get(id),
    passesBetween: (from, to) => passStarts.filter((t) => t > from && t <= to).length,
  };
}
