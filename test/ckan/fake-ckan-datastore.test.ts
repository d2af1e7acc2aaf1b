/**
 * The fake CKAN answers the DataStore world (`city-air-quality`, `private-air`) exactly
 * like the captured CKAN 2.10.10 and 2.11.5: every captured action call (same status, same
 * JSON, numeric values written as CKAN writes them), every captured download and dump
 * (status, headers, bytes), and computed pages in the captured shape.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { actionFixture, downloadFixture, type CkanVersion } from '../fakes/ckan-fixtures.js';
import { FakeCkan } from '../fakes/ckan-server.js';

/** The captured text's `numeric` values as written (`21.0`): one token per whole-number value. */
const wholeNumerics = (text: string) => (text.match(/": ?-?\d+\.0[,}\]]/g) ?? []).length;

for (const version of ['2.10.10', '2.11.5'] as const satisfies readonly CkanVersion[]) {
  describe(`CKAN ${version}`, () => {
    let ckan: FakeCkan;
    before(async () => {
      ckan = await FakeCkan.start({ version });
    });
    after(() => ckan.close());

    const dir = new URL(`../fakes/ckan-fixtures/ckan-${version}/`, import.meta.url);
    const inWorld = (f: string) =>
      /^(datastore_|status_show\.with-datastore)/.test(f) ||
      /(city-air-quality|private-air|measurements|stations|summary|readings|metadata-json|large-file|external-page)/.test(
        f,
      );
    const captured = readdirSync(dir)
      .filter((f) => f.endsWith('.json') && inWorld(f) && !f.includes('legacy-apikey'))
      .map((f) => f.replace(/\.json$/, ''));

    test('the fixture folder holds the DataStore world', () => {
      assert.ok(captured.length >= 30, captured.join(', '));
    });

    for (const name of captured) {
      test(`answers like the capture: ${name}`, async () => {
        const fixture = actionFixture(name, version);
        const raw = readFileSync(new URL(`${name}.json`, dir), 'utf8');
        const [method, path] = fixture.request.split(' ') as [string, string];
        const body = (fixture as unknown as { request_body?: unknown }).request_body;
        const headers: Record<string, string> = {};
        if (fixture.auth !== 'anonymous') headers.authorization = ckan.tokens.alice;
        if (body != null) headers['content-type'] = 'application/json';
        const res = await fetch(ckan.origin + path, {
          method,
          headers,
          body: body == null ? undefined : JSON.stringify(body),
        });
        assert.equal(res.status, fixture.status);
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
        const text = (await res.text()).replaceAll(ckan.origin, ckan.world.siteUrl);
        assert.deepEqual(JSON.parse(text), fixture.response);
        assert.equal(wholeNumerics(text), wholeNumerics(raw.slice(raw.indexOf('"response"'))));
      });
    }

    const air = () => ckan.world.air;
    const downloads: Array<[string, () => string, () => string, boolean]> = [
      [
        'download.measurements-csv',
        () => air().dataset,
        () => air().resources['measurements-csv'],
        false,
      ],
      [
        'download.stations-geojson',
        () => air().dataset,
        () => air().resources['stations-geojson'],
        false,
      ],
      ['download.summary-xlsx', () => air().dataset, () => air().resources['summary-xlsx'], false],
      [
        'download.readings-semicolon-csv',
        () => air().dataset,
        () => air().resources['readings-semicolon-csv'],
        false,
      ],
      [
        'download.metadata-json',
        () => air().dataset,
        () => air().resources['metadata-json'],
        false,
      ],
      ['download.private-air-csv.member', () => air().privateDataset, () => air().privateCsv, true],
      [
        'download.private-air-csv.anonymous',
        () => air().privateDataset,
        () => air().privateCsv,
        false,
      ],
    ];
    for (const [name, dataset, id, member] of downloads) {
      test(`downloads like the capture: ${name}`, async () => {
        const fixture = downloadFixture(name, version);
        const res = await fetch(
          `${ckan.origin}/dataset/${dataset()}/resource/${id()}/download/file`,
          { headers: member ? { authorization: ckan.tokens.alice } : {} },
        );
        assert.equal(res.status, fixture.status);
        for (const [header, value] of fixture.headers)
          assert.equal(res.headers.get(header), value, header);
        assert.deepEqual(Buffer.from(await res.arrayBuffer()), fixture.body);
      });
    }

    const dumps: Array<[string, () => string, string, boolean]> = [
      ['datastore_dump.measurements-datastore.csv', () => air().datastore, '?format=csv', false],
      ['datastore_dump.measurements-datastore.json', () => air().datastore, '?format=json', false],
      ['datastore_dump.measurements-datastore.no-format', () => air().datastore, '', false],
      ['datastore_dump.private-air-datastore.member', () => air().privateDatastore, '', true],
      ['datastore_dump.private-air-datastore.anonymous', () => air().privateDatastore, '', false],
      ['download.large-file.anonymous', () => '', '', false],
    ];
    for (const [name, id, query, member] of dumps) {
      test(`dumps like the capture: ${name}`, async () => {
        const fixture = downloadFixture(name, version);
        const large = ckan.world.show('resource_show', air().largeFile, null).response.result as {
          url: string;
        };
        const url = id() ? `${ckan.origin}/datastore/dump/${id()}${query}` : large.url;
        const res = await fetch(url, {
          headers: member ? { authorization: ckan.tokens.alice } : {},
        });
        assert.equal(res.status, fixture.status);
        for (const [header, value] of fixture.headers)
          assert.equal(res.headers.get(header), value, header);
        assert.deepEqual(Buffer.from(await res.arrayBuffer()), fixture.body);
      });
    }

    test('a page the capture does not hold is computed in its shape', async () => {
      const id = air().datastore;
      // Same call as the captured limit-100-offset-100, parameters in another order.
      const res = await fetch(
        `${ckan.origin}/api/3/action/datastore_search?offset=100&limit=100&resource_id=${id}`,
      );
      const text = await res.text();
      const fixture = actionFixture(
        'datastore_search.measurements-datastore.limit-100-offset-100.anonymous',
        version,
      );
      const want = structuredClone(fixture.response) as { result: Record<string, unknown> };
      const got = JSON.parse(text) as { result: Record<string, unknown> };
      assert.deepEqual(Object.keys(got.result), Object.keys(want.result));
      const { _links: gotLinks, ...gotRest } = got.result;
      const { _links: _wantLinks, ...wantRest } = want.result;
      assert.deepEqual(gotRest, wantRest);
      assert.deepEqual(gotLinks, {
        start: `/api/3/action/datastore_search?limit=100&resource_id=${id}`,
        next: `/api/3/action/datastore_search?limit=100&resource_id=${id}&offset=200`,
      });
      const raw = readFileSync(
        new URL(
          `${'datastore_search.measurements-datastore.limit-100-offset-100.anonymous'}.json`,
          dir,
        ),
        'utf8',
      );
      assert.equal(wholeNumerics(text), wholeNumerics(raw));
      assert.ok(wholeNumerics(text) > 0);
    });

    test('count(*) by SQL; an uncaptured query is refused, not invented', async () => {
      const id = air().datastore;
      const sql = (q: string, authorization?: string) =>
        fetch(`${ckan.origin}/api/3/action/datastore_search_sql?sql=${encodeURIComponent(q)}`, {
          headers: authorization ? { authorization } : {},
        });
      const count = await sql(`SELECT count(*) AS row_count FROM "${id}"`);
      assert.equal(count.status, 200);
      const { result } = (await count.json()) as {
        result: { records: unknown[]; fields: unknown[] };
      };
      assert.deepEqual(result.records, [{ row_count: 200 }]);
      assert.deepEqual(result.fields, [{ id: 'row_count', type: 'int8' }]);
      const privateCount = `SELECT count(*) AS n FROM "${air().privateDatastore}"`;
      assert.equal((await sql(privateCount)).status, 403);
      assert.equal((await sql(privateCount, ckan.tokens.bob)).status, 403);
      assert.equal((await sql(privateCount, ckan.tokens.alice)).status, 200);
      assert.equal((await sql(`SELECT station FROM "${id}"`)).status, 409);
    });
  });
}
