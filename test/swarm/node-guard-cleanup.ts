/**
 * Removes a node guard a test's hub created (the hub itself never removes it: its rules
 * must outlive the hub): the service, then — once its tasks are gone, so none re-applies
 * them — its chains and jumps on every node (`guardRemovalScript`; the chain names and
 * jumps are fixed, so any plan with the default bridge and the session port removes them).
 * Other swarm tests (swarm-isolation first shows the targets reachable without a guard)
 * then find the nodes as before.
 */
import Docker from 'dockerode';
import { tolerating } from '../../src/spawners/docker/docker-client.js';
import { serverPort } from '../../src/spawners/docker/server-presets.js';
import { guardRemovalScript } from '../../src/spawners/swarm/isolation/guard-script.js';
import { swarmGuardPlan } from '../../src/spawners/swarm/isolation/swarm-guard-plan.js';
import { inNode, nodeNames, swarmCluster, waitFor } from './swarm-cluster.js';

export async function removeNodeGuard(manager: Docker, serviceName: string): Promise<void> {
  await tolerating(manager.getService(serviceName).remove(), 404);
  // The manager forgets the tasks at once; the nodes stop the guard containers a moment
  // later. Until they are gone a guard could re-apply its rules after the removal below.
  await waitFor(
    `the containers of ${serviceName} gone`,
    async () => {
      for (const node of nodeNames) {
        const engine = new Docker({ socketPath: swarmCluster.socket(node) });
        const list = await engine.listContainers({
          filters: { label: [`com.docker.swarm.service.name=${serviceName}`] },
        });
        if (list.length > 0) return undefined;
      }
      return true;
    },
    120_000,
  );
  const plan = swarmGuardPlan({
    hubSources: ['127.0.0.1'],
    nodeAddresses: [],
    egress: true,
    sessionPort: serverPort,
  });
  const removal = guardRemovalScript(plan);
  for (const node of nodeNames) await inNode(node, ['sh', '-c', removal]);
}

/** Whether any node still holds a guard jump in DOCKER-USER or INPUT. */
export async function guardRulesLeft(): Promise<string[]> {
  const left: string[] = [];
  for (const node of nodeNames) {
    const rules = await inNode(node, ['iptables', '-S']);
    if (rules.includes('CNH-SWARM')) left.push(node);
  }
  return left;
}
