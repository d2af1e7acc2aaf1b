import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerStats } from 'dockerode';
import { usageFromStats } from './container-usage.js';
import { parseDockerState } from './docker-state.js';
import { demuxLogs } from './docker-client.js';

const stats = (value: object) => value as ContainerStats;

test('usage: CPU in percent of one core from the sample delta, memory without inactive cache', () => {
  const usage = usageFromStats(
    stats({
      cpu_stats: {
        cpu_usage: { total_usage: 1_500_000_000 },
        system_cpu_usage: 20_000_000_000,
        online_cpus: 2,
      },
      precpu_stats: { cpu_usage: { total_usage: 1_000_000_000 }, system_cpu_usage: 18_000_000_000 },
      memory_stats: { usage: 300_000_000, stats: { total_inactive_file: 100_000_000 } },
    }),
  );
  assert.deepEqual(usage, { cpuPercent: 50, memoryBytes: 200_000_000 });
});

test('usage: nulls where the daemon gave no sample', () => {
  assert.deepEqual(usageFromStats(stats({ cpu_stats: {}, precpu_stats: {}, memory_stats: {} })), {
    cpuPercent: null,
    memoryBytes: null,
  });
});

test('state: only a well-formed Docker state is acted on', () => {
  const good = {
    kind: 'docker',
    sessionId: 'abc',
    instanceId: 'hub1',
    containerId: 'a'.repeat(64),
    containerName: 'cnh-hub1-abc',
  };
  assert.deepEqual(parseDockerState(good), good);
  for (const bad of [
    {},
    { ...good, kind: 'local' },
    { ...good, sessionId: '../x' },
    { ...good, containerId: 'x' },
    { ...good, instanceId: 'HUB' },
  ]) {
    assert.equal(parseDockerState(bad), null, JSON.stringify(bad));
  }
});

test('logs: stream headers are removed', () => {
  const frame = (type: number, text: string) => {
    const body = Buffer.from(text);
    const header = Buffer.alloc(8);
    header[0] = type;
    header.writeUInt32BE(body.length, 4);
    return Buffer.concat([header, body]);
  };
  assert.equal(demuxLogs(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')])), 'out\nerr\n');
  assert.equal(demuxLogs(Buffer.from('plain text')), 'plain text');
});
