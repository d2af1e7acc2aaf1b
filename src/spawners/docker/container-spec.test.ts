import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LaunchSpec } from '../spawner.js';
import { containerSpec, type ContainerSpecOptions } from './container-spec.js';
import { containerName, labelFilter, sessionLabels } from './docker-names.js';
import { serverCommand } from './server-presets.js';

const spec: LaunchSpec = {
  sessionId: 'abc123',
  baseUrl: '/user/abc123/',
  token: 'secret-token',
  limits: { cpuPercent: 25, memoryBytes: 1024 * 1024 * 1024, pidsLimit: 200 },
  env: { CKAN_SITE_URL: 'https://ckan.example.org', CKAN_DATASET_ID: 'ds-1' },
  filesDir: '/tmp/files',
};
const options: ContainerSpecOptions = {
  image: 'ckan-notebook-hub/notebook:latest',
  network: 'sessions',
  instanceId: 'hub1',
  preset: 'notebook6',
  homeDir: '/home/jovyan',
  uid: 1000,
  storageLimit: null,
};

describe('containerSpec', () => {
  const body = containerSpec(spec, options);
  const host = body.HostConfig!;

  test('names and labels the container after the hub instance and the session', () => {
    assert.equal(body.name, 'cnh-hub1-abc123');
    assert.deepEqual(body.Labels, {
      'org.ckan-notebook-hub.managed-by': 'ckan-notebook-hub',
      'org.ckan-notebook-hub.hub-instance': 'hub1',
      'org.ckan-notebook-hub.session-id': 'abc123',
    });
    assert.equal(body.Image, 'ckan-notebook-hub/notebook:latest');
  });

  test('applies the limits: CPU quota of one core, memory without swap, pids, capped /tmp', () => {
    assert.equal(host.CpuPeriod, 100_000);
    assert.equal(host.CpuQuota, 25_000);
    assert.equal(host.Memory, 1024 ** 3);
    assert.equal(host.MemorySwap, 1024 ** 3);
    assert.equal(host.PidsLimit, 200);
    assert.equal(host.Tmpfs!['/tmp'], `rw,nosuid,nodev,size=${512 * 1024 * 1024},mode=1777`);
    const small = containerSpec(
      { ...spec, limits: { ...spec.limits, memoryBytes: 256 * 1024 * 1024 } },
      options,
    );
    assert.match(small.HostConfig!.Tmpfs!['/tmp']!, new RegExp(`size=${256 * 1024 * 1024},`));
    assert.deepEqual(host.Ulimits, [{ Name: 'core', Soft: 0, Hard: 0 }]);
    assert.equal(host.LogConfig?.Type, 'json-file');
  });

  test('starts with startCpuPercent when given (setCpu drops it later), else at the limit', () => {
    const boosted = containerSpec({ ...spec, startCpuPercent: 200 }, options);
    assert.equal(boosted.HostConfig!.CpuQuota, 200_000);
    assert.equal(boosted.HostConfig!.CpuPeriod, 100_000);
    assert.equal(boosted.HostConfig!.Memory, 1024 ** 3, 'only the CPU share is raised');
  });

  test('hardens the container: non-root, no capabilities, no-new-privileges, init, no restart', () => {
    assert.equal(body.User, '1000');
    assert.deepEqual(host.CapDrop, ['ALL']);
    assert.equal(host.CapAdd, undefined);
    assert.deepEqual(host.SecurityOpt, ['no-new-privileges:true']);
    assert.equal(host.Privileged, false);
    assert.equal(host.Init, true);
    assert.equal(host.AutoRemove, false);
    assert.deepEqual(host.RestartPolicy, { Name: 'no', MaximumRetryCount: 0 });
    assert.equal(host.IpcMode, 'private');
    assert.throws(() => containerSpec(spec, { ...options, uid: 0 }), /root/);
  });

  test('mounts nothing from the host and publishes no port', () => {
    assert.deepEqual(host.Binds, []);
    assert.deepEqual(host.Mounts, []);
    assert.deepEqual(host.Devices, []);
    assert.equal(host.PortBindings, undefined);
    assert.equal(host.PublishAllPorts, false);
    assert.equal(host.VolumesFrom, undefined);
    assert.ok(!JSON.stringify(body).includes('docker.sock'));
  });

  test('joins only the session network', () => {
    assert.equal(host.NetworkMode, 'sessions');
    assert.deepEqual(Object.keys(body.NetworkingConfig!.EndpointsConfig!), ['sessions']);
  });

  test('passes the spec environment and HOME, and nothing of the hub', () => {
    assert.deepEqual(body.Env, [
      'CKAN_SITE_URL=https://ckan.example.org',
      'CKAN_DATASET_ID=ds-1',
      'HOME=/home/jovyan',
    ]);
    assert.ok(!body.Env!.some((entry) => entry.includes('secret-token')));
  });

  test('sets StorageOpt only when a storage limit is configured', () => {
    assert.equal(host.StorageOpt, undefined);
    const capped = containerSpec(spec, { ...options, storageLimit: '2G' });
    assert.deepEqual(capped.HostConfig!.StorageOpt, { size: '2G' });
  });

  test('runs the preset command with the token and base URL', () => {
    assert.deepEqual(
      body.Cmd,
      serverCommand({
        preset: 'notebook6',
        baseUrl: spec.baseUrl,
        token: spec.token,
        homeDir: '/home/jovyan',
      }),
    );
    assert.equal(body.WorkingDir, '/home/jovyan');
  });
});

describe('serverCommand', () => {
  const input = { baseUrl: '/user/x/', token: 't0k', homeDir: '/home/jovyan' };

  test('notebook6: classic Notebook with NotebookApp flags', () => {
    assert.deepEqual(serverCommand({ ...input, preset: 'notebook6' }), [
      'python3',
      '-m',
      'notebook',
      '--no-browser',
      '--ip=0.0.0.0',
      '--port=8888',
      '--NotebookApp.token=t0k',
      '--NotebookApp.base_url=/user/x/',
      '--NotebookApp.port_retries=0',
      '--NotebookApp.allow_remote_access=True',
      '--NotebookApp.terminals_enabled=False',
      '--NotebookApp.log_level=WARN',
      '--NotebookApp.notebook_dir=/home/jovyan',
      '--NotebookApp.quit_button=False',
    ]);
  });

  test('notebook7 and lab: jupyter_server with ServerApp flags', () => {
    const flags = [
      '--no-browser',
      '--ip=0.0.0.0',
      '--port=8888',
      '--ServerApp.token=t0k',
      '--ServerApp.base_url=/user/x/',
      '--ServerApp.port_retries=0',
      '--ServerApp.allow_remote_access=True',
      '--ServerApp.terminals_enabled=False',
      '--ServerApp.log_level=WARN',
      '--ServerApp.root_dir=/home/jovyan',
    ];
    assert.deepEqual(serverCommand({ ...input, preset: 'notebook7' }), [
      'jupyter',
      'notebook',
      ...flags,
    ]);
    assert.deepEqual(serverCommand({ ...input, preset: 'lab' }), ['jupyter', 'lab', ...flags]);
  });
});

describe('names', () => {
  test('container names are bounded and refuse unsafe ids', () => {
    assert.equal(containerName('0123456789abcdef', 'a'.repeat(40)).length, 61);
    for (const bad of ['', 'A', 'a-b', '../x', 'a'.repeat(41), 'a b']) {
      assert.throws(() => containerName('hub1', bad), /session id/);
    }
    assert.throws(() => containerName('hub_1', 'abc'), /instance id/);
  });

  test('label filters select the instance, or one session of it', () => {
    assert.deepEqual(labelFilter('hub1'), [
      'org.ckan-notebook-hub.managed-by=ckan-notebook-hub',
      'org.ckan-notebook-hub.hub-instance=hub1',
    ]);
    assert.deepEqual(
      labelFilter('hub1', 'abc'),
      Object.entries(sessionLabels('hub1', 'abc')).map(([k, v]) => `${k}=${v}`),
    );
  });
});

test('a notebook6 container with a shared static copy runs that image id and links its static files there', () => {
  const shared = containerSpec(spec, options, {
    prefix: '/nbstatic/img-abc/',
    key: 'img-abc',
    imageId: 'sha256:abc',
  });
  assert.equal(shared.Image, 'sha256:abc');
  assert.ok(
    shared.Cmd?.includes('--NotebookApp.tornado_settings=static_url_prefix=/nbstatic/img-abc/'),
  );
  assert.ok(shared.Cmd?.includes('--NotebookApp.tornado_settings=version_hash=img-abc'));
  const plain = containerSpec(spec, options);
  assert.equal(plain.Image, options.image);
  assert.equal(
    plain.Cmd?.some((a) => a.includes('tornado_settings')),
    false,
  );
});
