import type { NetworkCreateOptions, NetworkInspectInfo } from 'dockerode';
import { bridgeInterfaceName, instanceLabels, labelKeys, managedByValue } from './docker-names.js';

export interface NetworkSpecOptions {
  readonly name: string;
  readonly instanceId: string;
  /** Whether sessions may reach the internet (`dockerEgress`). */
  readonly egress: boolean;
}

const iccOption = 'com.docker.network.bridge.enable_icc';
const bridgeNameOption = 'com.docker.network.bridge.name';
const masqueradeOption = 'com.docker.network.bridge.enable_ip_masquerade';

/**
 * The session network: a bridge of its own (never CKAN's network), with
 * inter-container communication off so sessions cannot reach each other, a bridge
 * interface name we choose (the firewall rules of `network-guard.ts` name it), no IPv6,
 * and `Internal` (no route out at all) when egress is off. The host can still connect
 * into containers, which is how the hub reaches the servers.
 */
export function networkSpec(options: NetworkSpecOptions): NetworkCreateOptions {
  return {
    Name: options.name,
    CheckDuplicate: true,
    Driver: 'bridge',
    Internal: !options.egress,
    Attachable: false,
    EnableIPv6: false,
    Labels: instanceLabels(options.instanceId),
    Options: {
      [iccOption]: 'false',
      [bridgeNameOption]: bridgeInterfaceName(options.name),
      [masqueradeOption]: String(options.egress),
    },
  };
}

/**
 * Why an existing network with the configured name cannot serve as the session network,
 * or null when it can. A network this product did not create is never used: it may be
 * CKAN's own (the original system's flaw) and would put sessions next to its database.
 */
export function networkMismatch(
  existing: NetworkInspectInfo,
  options: NetworkSpecOptions,
): NetworkMismatch | null {
  const wanted = networkSpec(options);
  if (existing.Labels?.[labelKeys.managedBy] !== managedByValue) {
    const message = `Docker network ${options.name} exists but was not created by ckan-notebook-hub; choose another dockerNetwork.`;
    return { foreign: true, message };
  }
  const actual = existing.Options ?? {};
  const differs =
    existing.Driver !== 'bridge' ||
    existing.Internal !== wanted.Internal ||
    existing.EnableIPv6 === true ||
    Object.entries(wanted.Options ?? {}).some(([key, value]) => actual[key] !== value);
  if (!differs) return null;
  return {
    foreign: false,
    message: `Docker network ${options.name} has other settings than this hub needs.`,
  };
}

export interface NetworkMismatch {
  /** Not created by this product: never used, never removed. */
  readonly foreign: boolean;
  readonly message: string;
}
