import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { serverCommand } from '../docker/server-presets.js';
import type { LaunchSpec } from '../spawner.js';
import { parseLabels } from './create-swarm-spawner.js';
import { serverOfSpec } from './server-of-spec.js';
import { serviceSpec, sessionNetworkSpec, type ServiceSpecOptions } from './service-spec.js';

const spec: LaunchSpec = {
  sessionId: 'abc123',
  baseUrl: '/user/abc123/',
  token: 'secret-token',
  limits: { cpuPercent: 25, memoryBytes: 1024 * 1024 * 1024, pidsLimit: 200 },
  env: { CKAN_SITE_URL: 'https://ckan.example.org' },
  filesDir: '/tmp/files',
};

const options: ServiceSpecOptions = {
  image: '10.231.0.1:5000/ckan-notebook-hub/notebook:latest',
  instanceId: 'hub1',
  preset: 'notebook6',
  homeDir: '/home/jovyan',
  uid: 1000,
  constraints: ['node.labels.notebooks==true'],
  reservePercent: 50,
};

const labels = {
  'org.ckan-notebook-hub.managed-by': 'ckan-notebook-hub',
  'org.ckan-notebook-hub.hub-instance': 'hub1',
  'org.ckan-notebook-hub.session-id': 'abc123',
};

describe('serviceSpec', () => {
  const body = serviceSpec(spec, options);
  const template = body.TaskTemplate as Required<NonNullable<typeof body.TaskTemplate>> & {
    ContainerSpec: Record<string, unknown> & { Command: string[] };
  };
  const container = template.ContainerSpec;

  test('one replica of the registry image, never restarted, labelled on service and container', () => {
    assert.equal(body.Name, 'cnh-hub1-abc123');
    assert.deepEqual(body.Labels, labels);
    assert.deepEqual(container.Labels, labels);
    assert.equal(container.Image, options.image);
    assert.deepEqual(body.Mode, { Replicated: { Replicas: 1 } });
    assert.deepEqual(template.RestartPolicy, { Condition: 'none', MaxAttempts: 0 });
  });

  test('limits: CPU from cpu_percent, memory, pids; reservations a share of them', () => {
    assert.deepEqual(template.Resources, {
      Limits: { NanoCPUs: 250_000_000, MemoryBytes: 1024 ** 3, Pids: 200 },
      Reservations: { NanoCPUs: 125_000_000, MemoryBytes: 1024 ** 3 / 2 },
    });
    const full = serviceSpec(spec, { ...options, reservePercent: 100 });
    assert.deepEqual(full.TaskTemplate!.Resources!.Reservations, {
      NanoCPUs: 250_000_000,
      MemoryBytes: 1024 ** 3,
    });
    for (const reservePercent of [0, 101, 2.5])
      assert.throws(() => serviceSpec(spec, { ...options, reservePercent }), /reserve/);
  });

  test('hardening: uid 1000, no capabilities, no-new-privileges, init, no core dumps', () => {
    assert.equal(container.User, '1000');
    assert.deepEqual(container.CapabilityDrop, ['ALL']);
    assert.equal(container.CapabilityAdd, undefined);
    assert.equal(container.Init, true);
    assert.deepEqual(container.Command.slice(0, 3), ['setpriv', '--no-new-privs', '--']);
    assert.deepEqual(container.Ulimits, [{ Name: 'core', Soft: 0, Hard: 0 }]);
    assert.equal(container.Privileges, undefined);
    assert.throws(() => serviceSpec(spec, { ...options, uid: 0 }), /root/);
  });

  test('no host paths: only a size-capped tmpfs, no secrets or configs, no socket', () => {
    assert.deepEqual(container.Mounts, [
      {
        Type: 'tmpfs',
        Source: '',
        Target: '/tmp',
        TmpfsOptions: { SizeBytes: 512 * 1024 * 1024, Mode: 0o1777 },
      },
    ]);
    assert.equal(container.Secrets, undefined);
    assert.equal(container.Configs, undefined);
    assert.ok(!JSON.stringify(body).includes('docker.sock'));
    assert.ok(!JSON.stringify(body).includes('"bind"'));
  });

  test('placement: the configured constraints, no preferences (a service of one)', () => {
    assert.deepEqual(template.Placement, { Constraints: ['node.labels.notebooks==true'] });
    const plain = serviceSpec(spec, { ...options, constraints: [] });
    assert.deepEqual(plain.TaskTemplate!.Placement, { Constraints: [] });
  });

  test('network: only its own; the port published in host mode on its node', () => {
    assert.deepEqual(template.Networks, [{ Target: 'cnh-hub1-abc123' }]);
    assert.deepEqual(body.EndpointSpec, {
      Mode: 'vip',
      Ports: [{ Protocol: 'tcp', TargetPort: 8888, PublishMode: 'host' }],
    });
  });

  test('runs the preset command with the token, base URL and hidden files allowed', () => {
    const command = serverCommand({
      preset: 'notebook6',
      baseUrl: spec.baseUrl,
      token: spec.token,
      homeDir: '/home/jovyan',
    });
    assert.deepEqual(container.Command.slice(3), [
      ...command,
      '--ContentsManager.allow_hidden=True',
    ]);
    assert.equal(container.Dir, '/home/jovyan');
  });

  test('environment: the spec and HOME, nothing of the hub', () => {
    assert.deepEqual(container.Env, [
      'CKAN_SITE_URL=https://ckan.example.org',
      'HOME=/home/jovyan',
    ]);
  });

  test('the server (token and base URL) is read back from the service spec', () => {
    assert.deepEqual(serverOfSpec(body, 'http://10.231.0.12:30001'), {
      target: 'http://10.231.0.12:30001',
      baseUrl: '/user/abc123/',
      token: 'secret-token',
    });
    const lab = serviceSpec(spec, { ...options, preset: 'lab' });
    assert.equal(serverOfSpec(lab, 'http://x:1')?.token, 'secret-token');
    assert.equal(serverOfSpec({ TaskTemplate: {} }, 'http://x:1'), null);
  });

  test('refuses unsafe session ids', () => {
    assert.throws(() => serviceSpec({ ...spec, sessionId: '../x' }, options), /session id/);
  });
});

describe('sessionNetworkSpec', () => {
  test('an overlay of its own, labelled, not attachable', () => {
    assert.deepEqual(sessionNetworkSpec('hub1', 'abc123'), {
      Name: 'cnh-hub1-abc123',
      CheckDuplicate: true,
      Driver: 'overlay',
      Attachable: false,
      Internal: false,
      EnableIPv6: false,
      Labels: labels,
    });
  });
});

describe('parseLabels (config swarmLabels)', () => {
  test('key=value pairs become labels; the hub’s own labels still win', () => {
    const extra = parseLabels(['cnh.owner=portal', 'cost = team-a=b']);
    assert.deepEqual(extra, { 'cnh.owner': 'portal', cost: 'team-a=b' });
    const body = serviceSpec(spec, {
      ...options,
      extraLabels: { ...extra, 'org.ckan-notebook-hub.session-id': 'forged' },
    });
    assert.equal(body.Labels!['cnh.owner'], 'portal');
    assert.equal(body.Labels!['org.ckan-notebook-hub.session-id'], 'abc123');
    assert.equal(sessionNetworkSpec('hub1', 'abc123', extra).Labels!['cost'], 'team-a=b');
    for (const bad of ['novalue', '=x']) assert.throws(() => parseLabels([bad]), /key=value/);
  });
});
