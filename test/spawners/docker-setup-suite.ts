/**
 * The Docker spawner's `check()` and network setup against the real engine: an
 * unreachable daemon, a missing image, a network it did not create, egress off (one
 * session), the storage cap, and idempotent firewall rules.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { waitUntilReady } from '../../src/jupyter/wait-until-ready.js';
import { tolerating } from '../../src/spawners/docker/docker-client.js';
import { bridgeInterfaceName } from '../../src/spawners/docker/docker-names.js';
import { DockerSpawner } from '../../src/spawners/docker/docker-spawner.js';
import {
  guardPlan,
  iptablesRunner,
  removeNetworkGuard,
} from '../../src/spawners/docker/network-guard.js';
import type { LaunchSpec } from '../../src/spawners/spawner.js';
import { executeCode } from '../helpers/kernel.js';
import { testSessionId, testToken } from '../helpers/session-id.js';
import {
  makeDockerHarness,
  requireDocker,
  testImage,
  type DockerHarness,
} from './docker-harness.js';

export function dockerSetupSuite(): void {
  describe('docker spawner: check and network setup', () => {
    const harnesses: DockerHarness[] = [];
    const harness = async (...args: Parameters<typeof makeDockerHarness>) => {
      const made = await makeDockerHarness(...args);
      harnesses.push(made);
      return made;
    };

    after(async () => {
      for (const made of harnesses) await made.cleanup();
    });

    test('check() against a socket with no daemon fails fast with spawner_unavailable', async () => {
      const spawner = new DockerSpawner({
        socketPath: `/tmp/cnh-no-docker-${randomBytes(4).toString('hex')}.sock`,
        image: testImage,
        network: 'cnh-never-created',
        egress: true,
        preset: 'notebook6',
        storageLimit: null,
        instanceId: 'tbogus',
      });
      // Rejecting at all is the behaviour: a hung request would never settle (and the
      // runner's overall timeout would fail the test), so no millisecond limit is needed.
      await assert.rejects(spawner.check(), {
        code: 'spawner_unavailable',
        message: 'The Docker engine is not reachable.',
      });
      await spawner.close();
    });

    test('check() fails when the image is missing', async () => {
      const made = await harness({ image: 'ckan-notebook-hub/never-built:none' });
      await assert.rejects(made.spawner.check(), { code: 'spawner_unavailable' });
    });

    test('a network of that name not created by the hub is refused, and left alone', async () => {
      const docker = await requireDocker();
      const name = `cnh-foreign-${randomBytes(4).toString('hex')}`;
      await docker.createNetwork({ Name: name, Driver: 'bridge' });
      try {
        const made = await harness({ network: name });
        await assert.rejects(made.spawner.check(), {
          code: 'spawner_unavailable',
          message: /not created by ckan-notebook-hub/,
        });
        assert.ok(await docker.getNetwork(name).inspect());
      } finally {
        await tolerating(docker.getNetwork(name).remove(), 404);
      }
    });

    test('the session network has ICC off, our bridge name, no IPv6, and is internal without egress', async () => {
      for (const egress of [true, false]) {
        const made = await harness({ egress });
        await made.spawner.check();
        const info = await made.docker.getNetwork(made.network).inspect();
        assert.equal(info.Internal, !egress);
        assert.equal(info.EnableIPv6, false);
        assert.equal(info.Options?.['com.docker.network.bridge.enable_icc'], 'false');
        assert.equal(
          info.Options?.['com.docker.network.bridge.name'],
          bridgeInterfaceName(made.network),
        );
      }
    });

    test('with egress off the hub still reaches the server, and Docker drops what leaves the bridge', async () => {
      const made = await harness({ egress: false });
      const sessionId = testSessionId('noegress');
      const spec: LaunchSpec = {
        sessionId,
        baseUrl: `/user/${sessionId}/`,
        token: testToken(),
        limits: { cpuPercent: 50, memoryBytes: 256 * 1024 * 1024, pidsLimit: 64 },
        env: {},
        filesDir: null,
      };
      const started = await made.spawner.start(spec, new AbortController().signal);
      const signal = new AbortController().signal;
      await waitUntilReady(started.url, spec.baseUrl, spec.token, { signal, timeoutMs: 60_000 });
      assert.equal(
        (await executeCode(started.url, spec.baseUrl, spec.token, 'print(6 * 7)')).trim(),
        '42',
      );
      // Docker 20.10 keeps a default route on internal networks and enforces them with
      // iptables; checking its rule avoids sending a test packet to the internet.
      const info = await made.docker.getNetwork(made.network).inspect();
      const subnet = info.IPAM?.Config?.[0]?.Subnet;
      const isolation = await iptablesRunner()(['-S', 'DOCKER-ISOLATION-STAGE-1']);
      const rule = `-A DOCKER-ISOLATION-STAGE-1 ! -d ${subnet} -i ${bridgeInterfaceName(made.network)} -j DROP`;
      assert.ok(isolation.split('\n').includes(rule), `missing: ${rule}\n${isolation}`);
      await made.spawner.stop(started.state);
    });

    test('firewall rules are in place once, however often check() runs, and come back', async () => {
      const made = await harness();
      const iptables = iptablesRunner();
      const iface = bridgeInterfaceName(made.network);
      const plan = guardPlan(iface);
      // Only our chains and jumps: other tests on this machine may add rules of their own.
      const snapshot = async () => {
        const chains = await Promise.all(Object.keys(plan.chains).map((c) => iptables(['-S', c])));
        const jumps = await Promise.all(
          plan.jumps.map(async ([chain, rule]) =>
            (await iptables(['-S', chain]))
              .split('\n')
              .filter((line) => line === `-A ${chain} ${rule}`),
          ),
        );
        return JSON.stringify({ chains, jumps });
      };
      await made.spawner.check();
      const first = await snapshot();
      assert.ok(
        plan.jumps.every(([chain, rule]) => first.includes(`-A ${chain} ${rule}`)),
        first,
      );
      const fresh = new DockerSpawner({
        socketPath: '/var/run/docker.sock',
        image: testImage,
        network: made.network,
        egress: true,
        preset: 'notebook6',
        storageLimit: null,
        instanceId: made.instanceId,
      });
      await fresh.check();
      await fresh.close();
      await made.spawner.check();
      assert.equal(await snapshot(), first);
      // As after a firewall reload: the next check() puts the rules back.
      await removeNetworkGuard(iface, iptables);
      await made.spawner.check();
      assert.equal(await snapshot(), first);
    });

    test('dockerStorageLimit is either honoured or refused by check() with a reason', async () => {
      const made = await harness({ storageLimit: '1G' });
      const outcome = await made.spawner.check().then(
        () => null,
        (error: unknown) => error,
      );
      if (outcome === null) return; // The driver caps storage here (overlay2 on xfs with pquota).
      assert.equal((outcome as { code?: string }).code, 'spawner_unavailable');
      assert.match((outcome as Error).message, /dockerStorageLimit/);
    });
  });
}
