import type { CreateServiceOptions } from 'dockerode';
import type { GuardPlan } from '../../docker/network-guard.js';
import { guardScript } from './guard-script.js';

export interface GuardServiceOptions {
  /** Service name, e.g. `cnh-node-guard`. */
  readonly name: string;
  /** An image with `sh` and `iptables` for the nodes' backend: the hub image. */
  readonly image: string;
  readonly plan: GuardPlan;
  /** Labels for the service and its tasks (bookkeeping: who made it). */
  readonly labels: Readonly<Record<string, string>>;
  /** How often the rules are re-checked (seconds). */
  readonly intervalSeconds?: number;
  /**
   * Where the guard runs: the session nodes, the same constraints as the sessions (e.g.
   * `node.labels.notebooks==true`). Never the hub's node: the guard rejects every new
   * connection a container there opens to private ranges and node addresses — the hub's
   * own connections to the sessions, to CKAN and to the Docker API among them.
   */
  readonly constraints: readonly string[];
}

/**
 * The node guard as a Swarm service (pure): global mode (one task on every node, and on
 * every node that joins later), the node's network namespace (`host` network), root with
 * NET_ADMIN and NET_RAW only (Swarm services cannot be privileged; 20.10 adds
 * capabilities), restarted whenever it stops. Updating the service with a new plan
 * replaces the tasks, which rewrite the rules.
 */
export function guardServiceSpec(options: GuardServiceOptions): CreateServiceOptions {
  return {
    Name: options.name,
    Labels: { ...options.labels },
    Mode: { Global: {} },
    TaskTemplate: {
      ContainerSpec: {
        Image: options.image,
        Labels: { ...options.labels },
        User: '0',
        Command: ['sh', '-c', guardScript(options.plan, options.intervalSeconds)],
        CapabilityAdd: ['CAP_NET_ADMIN', 'CAP_NET_RAW'],
        CapabilityDrop: ['ALL'],
        Healthcheck: { Test: ['CMD', 'test', '-e', '/tmp/guard-ready'], Interval: 2e9 },
      },
      Networks: [{ Target: 'host' }],
      Placement: { Constraints: [...options.constraints] },
      RestartPolicy: { Condition: 'any', Delay: 1e9 },
      Resources: { Limits: { MemoryBytes: 32 * 1024 * 1024 } },
    },
    UpdateConfig: { Parallelism: 0, Order: 'stop-first', FailureAction: 'continue' },
  } as CreateServiceOptions;
}
