// CPU while starting on the Docker spawner (start-cpu-suite.ts): HostConfig.CpuQuota.
import { makeDockerHarness } from '../spawners/docker-harness.js';
import { startCpuSuite } from './start-cpu-suite.js';

startCpuSuite('docker', async () => {
  const harness = await makeDockerHarness();
  return {
    spawner: harness.spawner,
    cleanup: () => harness.cleanup(),
    appliedLimits: (state) => harness.limitsOf(state),
  };
});
