import type Docker from 'dockerode';
import { unavailable } from '../spawner-errors.js';
import { dockerMessage, tolerating } from './docker-client.js';
import { bridgeInterfaceName } from './docker-names.js';
import { applyNetworkGuard, type IptablesRunner } from './network-guard.js';
import { networkMismatch, networkSpec, type NetworkSpecOptions } from './network-spec.js';

/**
 * Makes the session network exist with the settings of `networkSpec` and its firewall
 * rules in place. An existing network of ours with other settings (say, `dockerEgress`
 * changed) is recreated when no container uses it; a network someone else created under
 * that name is refused. Idempotent; safe against a second hub creating it at once.
 */
export async function ensureSessionNetwork(
  docker: Docker,
  options: NetworkSpecOptions,
  iptables: IptablesRunner,
): Promise<void> {
  const network = docker.getNetwork(options.name);
  const existing = await tolerating(network.inspect(), 404);
  if (existing) {
    const mismatch = networkMismatch(existing, options);
    if (mismatch?.foreign) throw unavailable(mismatch.message);
    if (mismatch) {
      await tolerating(network.remove(), 404).catch((cause: unknown) => {
        throw unavailable(`${mismatch.message} Stop its containers so it can be recreated.`, cause);
      });
    }
  }
  if (!existing || networkMismatch(existing, options) !== null) {
    // 409: another hub (or a parallel start) created it meanwhile; checked just below.
    await tolerating(docker.createNetwork(networkSpec(options)), 409).catch((cause: unknown) => {
      throw unavailable(
        `The Docker network ${options.name} cannot be created: ${dockerMessage(cause)}`,
        cause,
      );
    });
    const created = await network.inspect();
    const mismatch = networkMismatch(created, options);
    if (mismatch !== null) throw unavailable(mismatch.message);
  }
  await applyNetworkGuard(bridgeInterfaceName(options.name), iptables).catch((cause: unknown) => {
    throw unavailable(
      'Sessions cannot be isolated: the Docker spawner needs root and iptables (DOCKER-USER and INPUT rules).',
      cause,
    );
  });
}
