/**
 * The pure builder of a session container's create body (KubeSpawner's `make_pod`):
 * everything Docker is told about a session is decided here and unit-tested without a
 * daemon. The API calls live in `docker-spawner.ts` and the files it calls on.
 */
import type { ContainerCreateOptions } from 'dockerode';
import type { LaunchSpec } from '../spawner.js';
import { containerName, sessionLabels } from './docker-names.js';
import { serverCommand, serverPort, type ServerPreset } from './server-presets.js';

import type { SharedStaticCopy } from '../../static/static-copies.js';

export interface ContainerSpecOptions {
  readonly image: string;
  /** The session network (see `network-spec.ts`); the container joins only this one. */
  readonly network: string;
  readonly instanceId: string;
  readonly preset: ServerPreset;
  /** Home and working folder of the notebook user; the session's files are copied here. */
  readonly homeDir: string;
  /** Unprivileged uid the server runs as; never 0. */
  readonly uid: number;
  /** Writable-layer size cap (`StorageOpt.size`, e.g. `2G`), or null for none. */
  readonly storageLimit: string | null;
}

export const cpuPeriodMicros = 100_000;
/** Cap of the memory-backed /tmp; its pages count against the memory limit as well. */
export const tmpMaxBytes = 512 * 1024 * 1024;
const logMaxBytes = '1m';

/**
 * Security decisions, each against a line of the checklist in `references.md`:
 * - non-root `User`, all capabilities dropped and `no-new-privileges`: `CapEff` 0 and
 *   `NoNewPrivs` 1, and setuid binaries in the image grant nothing;
 * - no binds, mounts, devices, published ports or Docker socket: the only way in is the
 *   session network, and files are copied (`putArchive`), never mounted;
 * - the root filesystem stays writable but the system paths belong to root, so with no
 *   capabilities (no DAC override) /usr and /etc cannot be written. `ReadonlyRootfs`
 *   is not used: Docker copies files only onto a writable layer or a volume, and a
 *   volume (unlike the layer, `storageLimit`) cannot be size-capped; the layer is
 *   deleted with the container, which is the session's revert;
 * - memory without swap (`MemorySwap` = `Memory`), CPU as a quota of one core (while
 *   starting `startCpuPercent` when given; `setCpu` drops it to the limit), a pids
 *   limit, a size-capped memory-backed /tmp, bounded logs, no core dumps;
 * - `Init`: Docker's tini reaps the kernels' orphans, so zombies do not eat the pids limit;
 * - `AutoRemove` off: the hub removes the container itself after reading `OOMKilled`;
 * - the environment is `spec.env` plus `HOME`: never the hub's own.
 */
export function containerSpec(
  spec: LaunchSpec,
  options: ContainerSpecOptions,
  sharedStatic: (SharedStaticCopy & { readonly imageId: string }) | null = null,
): ContainerCreateOptions {
  if (!Number.isInteger(options.uid) || options.uid <= 0)
    throw new Error('the session uid must not be root');
  const { memoryBytes, cpuPercent, pidsLimit } = spec.limits;
  return {
    name: containerName(options.instanceId, spec.sessionId),
    // With a shared static copy, the image id it was copied from: its hashes match.
    Image: sharedStatic?.imageId ?? options.image,
    Cmd: serverCommand({
      preset: options.preset,
      baseUrl: spec.baseUrl,
      token: spec.token,
      homeDir: options.homeDir,
      sharedStatic,
    }),
    User: String(options.uid),
    WorkingDir: options.homeDir,
    Env: [
      ...Object.entries(spec.env).map(([name, value]) => `${name}=${value}`),
      `HOME=${options.homeDir}`,
    ],
    Labels: sessionLabels(options.instanceId, spec.sessionId),
    Hostname: 'notebook',
    ExposedPorts: { [`${serverPort}/tcp`]: {} },
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Tty: false,
    OpenStdin: false,
    HostConfig: {
      NetworkMode: options.network,
      Init: true,
      AutoRemove: false,
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      ReadonlyRootfs: false,
      IpcMode: 'private',
      Binds: [],
      Mounts: [],
      Devices: [],
      PublishAllPorts: false,
      Memory: memoryBytes,
      MemorySwap: memoryBytes,
      CpuPeriod: cpuPeriodMicros,
      CpuQuota: cpuQuotaMicros(spec.startCpuPercent ?? cpuPercent),
      PidsLimit: pidsLimit,
      Tmpfs: { '/tmp': `rw,nosuid,nodev,size=${Math.min(memoryBytes, tmpMaxBytes)},mode=1777` },
      Ulimits: [{ Name: 'core', Soft: 0, Hard: 0 }],
      LogConfig: { Type: 'json-file', Config: { 'max-size': logMaxBytes, 'max-file': '1' } },
      ...(options.storageLimit ? { StorageOpt: { size: options.storageLimit } } : {}),
    },
    NetworkingConfig: { EndpointsConfig: { [options.network]: {} } },
  };
}

/** CFS quota for a CPU share in percent of one core (at least Docker's minimum of 1 ms). */
export function cpuQuotaMicros(cpuPercent: number): number {
  return Math.max(1000, Math.round((cpuPercent * cpuPeriodMicros) / 100));
}
