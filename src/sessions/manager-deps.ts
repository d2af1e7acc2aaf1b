/**
 * What the composition root (app.ts) gives the session manager: the collaborators every
 * session module uses (`SessionTools`), the runtime settings, and the fixed options from
 * the config. The manager passes `options` on to its modules through `SessionHost.deps`.
 */
import type { SettingsService } from '../settings/runtime-settings.js';
import type { SessionTools } from './session-host.js';

export interface ManagerOptions {
  readonly basePath: string;
  readonly pidsLimit: number;
  readonly queueMax: number;
  readonly maxSessionsPerAddress: number;
  readonly startTimeoutSeconds: number;
  /** Folder for per-launch staging copies of notebooks. */
  readonly stagingDir: string;
  /** How long a server has to answer one liveness check (`api/status`). */
  readonly livenessTimeoutMs: number;
  /** CPU share while a server starts, dropped to cpu_percent once it answers (cpu-boost.ts). */
  readonly startCpuPercent: number;
}

export interface ManagerDeps extends SessionTools {
  readonly settings: SettingsService;
  readonly options: ManagerOptions;
}
