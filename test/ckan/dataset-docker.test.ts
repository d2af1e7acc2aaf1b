/**
 * A dataset launch on the Docker spawner (real engine, the default notebook image): the
 * city-air-quality starter runs top to bottom inside the container, against the fake
 * portal answering like CKAN 2.10.10 and again like 2.11.5. Sessions cannot reach the
 * portal on the host (the network guard rejects private addresses), so the DataStore
 * section shows the first page the hub saved at launch, and the SQL cell says why not.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bridgeInterfaceName } from '../../src/spawners/docker/docker-names.js';
import { iptablesRunner, removeNetworkGuard } from '../../src/spawners/docker/network-guard.js';
import { SocketRelay } from '../helpers/socket-relay.js';
import { requireDocker, testImage } from '../spawners/docker-harness.js';
import { assertCityAirOutputs, outputsOf } from './dataset-harness.js';
import { datasetHub, runStarter } from './dataset-hub.js';

const network = `cnh-dstest-${randomBytes(4).toString('hex')}`;
const relay = new SocketRelay(
  join(tmpdir(), `cnh-dataset-relay-${process.pid}.sock`),
  '/var/run/docker.sock',
);
let docker: Awaited<ReturnType<typeof requireDocker>>;

before(async () => {
  docker = await requireDocker();
  await relay.up();
});
after(async () => {
  await removeNetworkGuard(bridgeInterfaceName(network), iptablesRunner()).catch(() => {});
  await docker
    .getNetwork(network)
    .remove()
    .catch(() => {});
  await relay.down();
});

for (const version of ['2.10.10', '2.11.5'] as const) {
  describe(`CKAN ${version}`, () => {
    const suite = datasetHub(version, {
      spawner: 'docker',
      host: '0.0.0.0',
      dockerSocket: relay.path,
      dockerImage: testImage,
      dockerNetwork: network,
    });

    test('the city-air-quality starter runs in a container of the default image', async () => {
      const visitor = suite.hub.visitor();
      const { status, json } = await visitor.launch({ dataset_id: 'city-air-quality' });
      assert.ok(status === 201 || status === 202, JSON.stringify(json));
      await visitor.waitFor(String(json.id), 'ready', 180_000);
      const executed = await runStarter(
        suite.hub,
        visitor,
        String(json.id),
        'city-air-quality-starter.ipynb',
      );
      const out = outputsOf(executed);
      assertCityAirOutputs(out, false);
      assert.match(out, /The portal cannot be reached from here/);
      // The image has geopandas: the GeoJSON section is a GeoDataFrame, not plain JSON.
      assert.doesNotMatch(out, /geopandas is not installed/);
    });
  });
}
