/**
 * The Docker spawner against the real engine and the image of images/notebook: the
 * shared contract suite, then Docker's own hardening, isolation and setup checks. One
 * file, so its describe blocks run one after another and never hold more than two
 * session containers at once (the machine is shared).
 */
import { runSpawnerContract } from '../contract/spawner-contract.js';
import { makeDockerHarness } from './docker-harness.js';
import { dockerHardeningSuite } from './docker-hardening-suite.js';
import { dockerSetupSuite } from './docker-setup-suite.js';

runSpawnerContract('docker', async () => {
  const harness = await makeDockerHarness();
  return {
    spawner: harness.spawner,
    cleanup: () => harness.cleanup(),
    appliedLimits: (state) => harness.limitsOf(state),
    leftovers: (sessionId) => harness.leftovers(sessionId),
  };
});

dockerHardeningSuite();
dockerSetupSuite();
