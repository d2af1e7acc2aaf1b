/**
 * The pure builders of what Swarm is told about a session (KubeSpawner's `make_pod`): the
 * session's own overlay network and its one-replica service. Unit-tested without a
 * daemon; the API calls live in `swarm-spawner.ts` and `session-services.ts`.
 */
import type { NetworkCreateOptions, ServiceSpec } from 'dockerode';
import { containerName, sessionLabels } from '../docker/docker-names.js';
import { serverCommand, serverPort, type ServerPreset } from '../docker/server-presets.js';
import type { LaunchSpec } from '../spawner.js';
import {
  sessionEndpointSpec,
  sessionNetworkSpec as isolatedNetworkSpec,
} from './isolation/session-network-spec.js';

export interface ServiceSpecOptions {
  /** Registry reference every node can pull (config `dockerImage`); the hub pulls nothing. */
  readonly image: string;
  readonly instanceId: string;
  readonly preset: ServerPreset;
  readonly homeDir: string;
  /** Unprivileged uid the server runs as; never 0. */
  readonly uid: number;
  /** Placement constraints, e.g. `node.labels.notebooks==true` (config `swarmConstraints`). */
  readonly constraints: readonly string[];
  /** Share of each limit the scheduler reserves on a node, 1–100 (config `swarmReservePercent`). */
  readonly reservePercent: number;
  /** More labels for the service, its container and its network (never overriding ours). */
  readonly extraLabels?: Readonly<Record<string, string>>;
}

const nanoPerCore = 1_000_000_000;
/** Cap of the memory-backed /tmp; its pages count against the memory limit as well. */
const tmpMaxBytes = 512 * 1024 * 1024;

/** `cnh-<instance>-<session>`: the service and its network share the name. */
export const serviceName = containerName;

/**
 * The session's network: an overlay of its own (`isolation/session-network-spec.ts`), so
 * no other session is on it (overlays cannot turn inter-container traffic off). Egress
 * and reaching the server go through the node's `docker_gwbridge`, whose ICC is off; what
 * a session may reach beyond that is the node guard's business (`isolation/`).
 */
export function sessionNetworkSpec(
  instanceId: string,
  sessionId: string,
  extraLabels: Readonly<Record<string, string>> = {},
): NetworkCreateOptions {
  return isolatedNetworkSpec({
    name: serviceName(instanceId, sessionId),
    labels: { ...extraLabels, ...sessionLabels(instanceId, sessionId) },
  });
}

/**
 * The session's service. Hardening as the Docker spawner's (`container-spec.ts`), with
 * what Swarm on Engine API 1.41 (Docker 20.10) offers:
 * - uid 1000, `CapabilityDrop: ALL`, `Init`, no mounts, no devices, no secrets or configs;
 * - no-new-privileges: services have no such field before API 1.46, so the command runs
 *   under `setpriv --no-new-privs` (util-linux; Debian and Ubuntu images have it), which
 *   sets the flag for the server and everything it starts;
 * - `Resources.Limits` with NanoCPUs (cpu_percent of one core), memory and `Pids`
 *   (honoured since API 1.41), and reservations of `reservePercent` of the CPU and
 *   memory limits: the scheduler places by reservations, so they are the node capacity;
 * - one replica, `RestartPolicy.Condition: none`: a dead server stays dead and its
 *   session ends; the hub never gets a different server behind the same URL;
 * - the port published in `host` mode on the node that runs it (the node picks a free
 *   port), not through the routing mesh: the hub reaches `http://<node>:<port>`;
 * - a size-capped tmpfs /tmp, no core dumps, bounded logs; the environment is `spec.env`
 *   plus HOME, never the hub's own. The server shows hidden files (`allow_hidden`), so
 *   that the hub can upload a pooled server's `.ipython` start-up file through the
 *   contents API (files are copied in that way, never mounted).
 */
export function serviceSpec(spec: LaunchSpec, options: ServiceSpecOptions): ServiceSpec {
  if (!Number.isInteger(options.uid) || options.uid <= 0)
    throw new Error('the session uid must not be root');
  const percent = options.reservePercent;
  if (!Number.isInteger(percent) || percent < 1 || percent > 100)
    throw new Error('the reserve percent must be 1–100');
  const { memoryBytes, cpuPercent, pidsLimit } = spec.limits;
  const name = serviceName(options.instanceId, spec.sessionId);
  const labels = { ...options.extraLabels, ...sessionLabels(options.instanceId, spec.sessionId) };
  const nanoCpus = Math.round((cpuPercent * nanoPerCore) / 100);
  const command = serverCommand({
    preset: options.preset,
    baseUrl: spec.baseUrl,
    token: spec.token,
    homeDir: options.homeDir,
  });
  return {
    Name: name,
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: options.image,
        Labels: labels,
        Command: ['setpriv', '--no-new-privs', '--', ...command, allowHidden],
        Env: [
          ...Object.entries(spec.env).map(([key, value]) => `${key}=${value}`),
          `HOME=${options.homeDir}`,
        ],
        Dir: options.homeDir,
        User: String(options.uid),
        Hostname: 'notebook',
        Init: true,
        CapabilityDrop: ['ALL'],
        Mounts: [
          {
            Type: 'tmpfs',
            Source: '',
            Target: '/tmp',
            TmpfsOptions: { SizeBytes: Math.min(memoryBytes, tmpMaxBytes), Mode: 0o1777 },
          },
        ],
        Ulimits: [{ Name: 'core', Soft: 0, Hard: 0 }],
        StopGracePeriod: 2 * nanoPerCore,
      },
      Resources: {
        Limits: { NanoCPUs: nanoCpus, MemoryBytes: memoryBytes, Pids: pidsLimit },
        Reservations: {
          NanoCPUs: Math.round((nanoCpus * percent) / 100),
          MemoryBytes: Math.round((memoryBytes * percent) / 100),
        },
      },
      RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
      // No placement preferences: Swarm applies them among one service's replicas, and a
      // session is a service of one. Across sessions its scheduler already picks the
      // eligible node with the fewest running tasks, which spreads them over the nodes.
      Placement: { Constraints: [...options.constraints] },
      Networks: [{ Target: name }],
      LogDriver: { Name: 'json-file', Options: { 'max-size': '1m', 'max-file': '1' } },
    },
    Mode: { Replicated: { Replicas: 1 } },
    EndpointSpec: sessionEndpointSpec(serverPort),
  };
}

const allowHidden = '--ContentsManager.allow_hidden=True';
