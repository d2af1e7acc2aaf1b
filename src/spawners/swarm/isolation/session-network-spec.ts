import type { NetworkCreateOptions } from 'dockerode';

export interface SessionNetworkOptions {
  /** One network per session, e.g. `cnh-s-<session id>`. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * A session's own overlay network (pure). Sessions never share a network: the overlay
 * carries nothing between them, and the hub does not join it (the hub reaches the session
 * through its host-mode published port, `sessionEndpointSpec`). It is not `Internal`:
 * an internal overlay gives the task no `docker_gwbridge` interface, so no published port
 * and no egress; egress is decided by the node guard (`swarmGuardPlan`) instead.
 * Never `Attachable`: no stand-alone container can join it. Remove it with the session.
 */
export function sessionNetworkSpec(options: SessionNetworkOptions): NetworkCreateOptions {
  return {
    Name: options.name,
    CheckDuplicate: true,
    Driver: 'overlay',
    Internal: false,
    Attachable: false,
    EnableIPv6: false,
    Labels: { ...options.labels },
  };
}

/**
 * The session service's endpoint (pure): the server port published in host mode on the
 * node that runs the task, at a port the engine picks (no fixed published port, so any
 * number of sessions fit on a node). Read it back with `sessionAddress`.
 */
export function sessionEndpointSpec(targetPort: number) {
  return {
    Mode: 'vip' as const,
    Ports: [{ Protocol: 'tcp' as const, TargetPort: targetPort, PublishMode: 'host' as const }],
  };
}

/** What `sessionAddress` needs from a task and its node (subsets of the Engine API). */
export interface TaskPorts {
  readonly Status?: {
    readonly PortStatus?: {
      readonly Ports?: readonly { TargetPort?: number; PublishedPort?: number }[];
    };
  };
}
export interface NodeAddress {
  readonly Status?: { readonly Addr?: string };
}

/** Where the hub reaches a running session task, or null while the port is not known. */
export function sessionAddress(
  task: TaskPorts,
  node: NodeAddress,
  targetPort: number,
): { host: string; port: number } | null {
  const published = task.Status?.PortStatus?.Ports?.find((p) => p.TargetPort === targetPort);
  const host = node.Status?.Addr;
  if (!published?.PublishedPort || !host || host === '0.0.0.0') return null;
  return { host, port: published.PublishedPort };
}
