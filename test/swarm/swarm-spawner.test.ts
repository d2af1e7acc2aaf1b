/**
 * The Swarm spawner against a real swarm (see `swarm-harness.ts` for which one): the
 * shared contract suite. Its servers run as services placed by Swarm; the harness reads
 * the applied limits from the container on whichever node runs it.
 */
import { runSpawnerContract } from '../contract/spawner-contract.js';
import { swarmHardeningSuite } from './swarm-hardening-suite.js';
import { makeSwarmHarness } from './swarm-harness.js';

runSpawnerContract('swarm', async () => {
  const harness = await makeSwarmHarness();
  return {
    spawner: harness.spawner,
    cleanup: () => harness.cleanup(),
    appliedLimits: (state) => harness.limitsOf(state),
    leftovers: (sessionId) => harness.leftovers(sessionId),
  };
});

swarmHardeningSuite();
