// The OpenAPI document at {base}api/openapi.json: valid OpenAPI 3.1 in structure, every
// route the README's API tables list is in it, and a real hub's answers (visitor, admin
// and operations routes, successes and refusals) validate against its schemas.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { OpenApiCheck, type OpenApiDocument } from '../helpers/openapi-check.js';

let hub: TestHub;
let doc: OpenApiDocument & Record<string, unknown>;

before(async () => {
  hub = await startTestHub({ basePath: '/hub/' });
  const response = await fetch(`${hub.url}api/openapi.json`);
  assert.equal(response.status, 200);
  doc = (await response.json()) as typeof doc;
});
after(async () => hub.close());

test('the document is OpenAPI 3.1 in structure', () => {
  assert.equal(doc.openapi, '3.1.0');
  const info = doc.info as { title: string; version: string };
  assert.equal(typeof info.title, 'string');
  assert.match(info.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(doc.servers, [{ url: '/hub/' }]);
  const schemes = (doc.components as { securitySchemes: Record<string, unknown> }).securitySchemes;
  const ajv = new Ajv2020({ strict: false });
  const methods = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);
  for (const [path, item] of Object.entries(doc.paths)) {
    assert.match(path, /^\//, path);
    const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    for (const [method, op] of Object.entries(item) as [string, Record<string, unknown>][]) {
      assert.ok(methods.has(method), `${path}: ${method}`);
      const where = `${method.toUpperCase()} ${path}`;
      assert.equal(typeof op.summary, 'string', where);
      const responses = op.responses as Record<
        string,
        { description: string; content?: Record<string, { schema: object }> }
      >;
      assert.ok(Object.keys(responses).length > 0, `${where}: responses`);
      for (const [code, response] of Object.entries(responses)) {
        assert.match(code, /^[1-5]\d\d$/, where);
        assert.equal(typeof response.description, 'string', `${where} ${code}: description`);
        for (const media of Object.values(response.content ?? {}))
          assert.doesNotThrow(() => ajv.compile(media.schema), `${where} ${code}: schema`);
      }
      const params = (op.parameters ?? []) as { name: string; in: string; required: boolean }[];
      for (const name of templated)
        assert.ok(
          params.some((p) => p.name === name && p.in === 'path' && p.required),
          `${where}: path parameter ${name}`,
        );
      for (const requirement of (op.security ?? []) as Record<string, unknown>[])
        for (const scheme of Object.keys(requirement)) assert.ok(schemes[scheme], scheme);
      const ids = Object.values(doc.paths).flatMap((i) =>
        Object.values(i).map((o) => (o as { operationId?: string }).operationId),
      );
      assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
    }
  }
});

test("every route in the README's API tables is in the document", () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## HTTP API'), readme.indexOf('## Spawners'));
  const listed = [...section.matchAll(/`(GET|POST|PUT|DELETE) (\/[^`?\s]*)/g)].map(
    ([, method, path]) => [method!, path!.replace(/\/…$/, '/{path}').replace(/…/, '')] as const,
  );
  listed.push(['GET', '/user/{id}/{path}']);
  assert.ok(listed.length >= 15, `found ${listed.length} routes in the README`);
  for (const [method, path] of listed) {
    assert.ok(doc.paths[path]?.[method.toLowerCase()], `${method} ${path} is in the document`);
  }
});

test("a real hub's answers validate against the document", async () => {
  const check = new OpenApiCheck(doc);
  const visitor = hub.visitor();
  const base = hub.url;
  const json = (method: string, body: unknown) => ({
    method,
    headers: { ...visitor.headers(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const asAdmin = (init: RequestInit = {}) => ({
    ...init,
    headers: {
      authorization: `Bearer ${hub.adminToken}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });

  const { status, json: launched } = await visitor.launch({ notebook: 'welcome.ipynb' });
  check.validate('POST', '/api/sessions', status, launched);
  const id = String((launched as { id: string }).id);
  await visitor.waitFor(id, 'ready');
  const own = await visitor.session(id);
  check.validate('GET', `/api/sessions/${id}`, own.status, own.json);
  const { json: refused } = await visitor.launch({ notebook: 'no-such.ipynb' });
  check.validate('POST', '/api/sessions', 404, refused);
  const bad = await fetch(`${base}api/sessions`, json('POST', { notebook: 42 }));
  check.validate('POST', '/api/sessions', bad.status, await bad.json());

  await check.fetchJson(base, 'api/capacity');
  await check.fetchJson(base, 'api/notebooks');
  await check.fetchJson(base, `api/sessions/${'0'.repeat(24)}`);
  await check.fetchJson(base, 'api/admin/sessions');
  await check.fetchJson(base, 'api/admin/sessions', asAdmin());
  await check.fetchJson(base, 'api/admin/settings', asAdmin());
  await check.fetchJson(
    base,
    'api/admin/settings',
    asAdmin({ method: 'PUT', body: '{"max_sessions": 7}' }),
  );
  await check.fetchJson(
    base,
    'api/admin/settings',
    asAdmin({ method: 'PUT', body: '{"max_sessions": 0}' }),
  );
  await check.fetchJson(base, 'api/admin/history?hours=2', asAdmin());
  await check.fetchJson(base, 'api/admin/history?hours=99', asAdmin());
  await check.fetchJson(base, 'healthz');
  await check.fetchJson(base, 'readyz');
  await check.fetchJson(base, 'api/openapi.json');
  await check.fetchJson(base, `api/admin/sessions/${id}`, asAdmin({ method: 'DELETE' }));
  await visitor.waitFor(id, 'ended');

  const statuses = new Set(check.checked.map((c) => c.split(' ').at(-1)));
  for (const expected of ['200', '201', '400', '401', '404'])
    assert.ok(statuses.has(expected), expected);
});
