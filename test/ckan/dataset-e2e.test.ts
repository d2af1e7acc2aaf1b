/**
 * A dataset launch through the whole hub on the local spawner: a guest POSTs
 * `{dataset_id}`, the session gets the starter notebook and the data, and the starter
 * runs top to bottom inside the session (nbconvert in the session's kernel), against the
 * fake portal answering like CKAN 2.10.10 and again like 2.11.5. The private dataset is
 * refused for a guest without using a slot, and runs with a member's ticket.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { datasetTicket } from './ckan-harness.js';
import { assertCityAirOutputs, outputsOf } from './dataset-harness.js';
import { datasetHub, runStarter } from './dataset-hub.js';

for (const version of ['2.10.10', '2.11.5'] as const) {
  describe(`CKAN ${version}`, () => {
    const suite = datasetHub(version);

    test('a guest launches city-air-quality by name and its starter runs in the session', async () => {
      const visitor = suite.hub.visitor();
      const { status, json } = await visitor.launch({ dataset_id: 'city-air-quality' });
      assert.equal(status, 201, JSON.stringify(json));
      await visitor.waitFor(String(json.id), 'ready', 120_000);
      const executed = await runStarter(
        suite.hub,
        visitor,
        String(json.id),
        'city-air-quality-starter.ipynb',
      );
      // The local sandbox shares the host's network: the DataStore page comes live.
      assertCityAirOutputs(outputsOf(executed), true);
      assert.ok(suite.ckan.requests.every((r) => !r.url.startsWith('/nonexistent/')));
      assert.ok(suite.ckan.requests.every((r) => r.headers.authorization === undefined));
    });

    test('private-air: a guest is refused with no slot used; a member ticket runs it', async () => {
      const guest = suite.hub.visitor();
      const before = (await (await guest.fetch('api/capacity')).json()) as Record<string, number>;
      const refused = await guest.launch({ dataset_id: 'private-air' });
      assert.equal(refused.status, 403);
      assert.equal(refused.json.error, 'dataset_forbidden');
      const afterRefusal = (await (await guest.fetch('api/capacity')).json()) as Record<
        string,
        number
      >;
      assert.deepEqual(afterRefusal, before);

      const member = suite.hub.visitor();
      const { status, json } = await member.launch({
        dataset_id: 'private-air',
        ticket: datasetTicket('private-air'),
      });
      assert.equal(status, 201, JSON.stringify(json));
      await member.waitFor(String(json.id), 'ready', 120_000);
      const out = outputsOf(
        await runStarter(suite.hub, member, String(json.id), 'private-air-starter.ipynb'),
      );
      assert.match(out, /private-readings\.csv: 12 rows/);
      assert.match(out, /first page the hub saved at launch: 12 of 12 rows/);
    });
  });
}
