// CPU while starting on the local spawner (start-cpu-suite.ts): the cgroup's cpu.cfs_quota_us.
import { makeLocalHarness } from '../spawners/local-harness.js';
import { startCpuSuite } from './start-cpu-suite.js';

startCpuSuite('local', makeLocalHarness);
