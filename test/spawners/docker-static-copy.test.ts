/**
 * The Docker spawner's shared static copy against the real engine: the copy is read out of
 * a labelled, never-started container that is gone afterwards, and a copy container that
 * an earlier run of the same hub instance left behind (the hub died during the copy) is
 * removed at the next start, while another instance's is left alone.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type Docker from 'dockerode';
import { instanceLabels, labelKeys } from '../../src/spawners/docker/docker-names.js';
import { dockerSharedStatic } from '../../src/spawners/docker/docker-shared-static.js';
import { StaticCopies } from '../../src/static/static-copies.js';
import { requireDocker, testImage } from './docker-harness.js';

const ours = `t${randomBytes(5).toString('hex')}`;
const theirs = `t${randomBytes(5).toString('hex')}`;
const dataDir = mkdtempSync(join(tmpdir(), 'cnh-static-copy-'));
let docker: Docker | undefined;

after(async () => {
  for (const instance of [ours, theirs]) {
    for (const { Id } of await copiers(instance))
      await docker
        ?.getContainer(Id)
        .remove({ force: true })
        .catch(() => {});
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function copiers(instance: string) {
  if (!docker) return [];
  return docker.listContainers({
    all: true,
    filters: { label: [`${labelKeys.hubInstance}=${instance}`, `${labelKeys.staticCopy}=true`] },
  });
}

/** A copy container as a hub that died during the copy leaves it: created, never started. */
async function leftover(instance: string): Promise<string> {
  const container = await docker!.createContainer({
    Image: testImage,
    Cmd: ['true'],
    Labels: { ...instanceLabels(instance), [labelKeys.staticCopy]: 'true' },
    HostConfig: { NetworkMode: 'none' },
  });
  return container.id;
}

test('a start removes its instance’s leftover copy containers, copies, and leaves none', async () => {
  docker = await requireDocker();
  await leftover(ours);
  const foreign = await leftover(theirs);
  const warnings: string[] = [];
  const copies = new StaticCopies('/nbstatic/');
  const shared = await dockerSharedStatic(docker, {
    instanceId: ours,
    image: testImage,
    preset: 'notebook6',
    sharedStatic: { copies, dataDir },
    logger: { warn: (message) => warnings.push(message) },
  });
  assert.ok(shared, `a copy was made (warnings: ${warnings.join('; ')})`);
  const dir = copies.dirFor(shared.key);
  assert.ok(dir && existsSync(join(dir, 'components', 'requirejs', 'require.js')), 'require.js');
  assert.deepEqual(
    (await copiers(ours)).map((c) => c.Id),
    [],
    'neither the leftover nor this copy’s own container remains',
  );
  assert.deepEqual(
    (await copiers(theirs)).map((c) => c.Id),
    [foreign],
    'another instance’s copy container is left alone',
  );
  assert.deepEqual(warnings, ['removed static copy containers an earlier run left']);
});
