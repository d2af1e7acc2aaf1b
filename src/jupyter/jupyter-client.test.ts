import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { HubError } from '../errors/hub-error.js';
import { kernelBusy, kernelsBusy } from './kernels-busy.js';
import { readNotebook } from './read-notebook.js';
import { waitUntilReady } from './wait-until-ready.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe('Jupyter client against a fake server', () => {
  const server = createServer((req, res) => handler(req, res));
  let handler: Handler;
  let seen: { url: string; authorization: string | undefined }[];
  let origin: string;
  const signal = new AbortController().signal;
  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen = [];
    handler = () => undefined;
  });
  const record = (next: Handler): Handler => {
    return (req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      next(req, res);
    };
  };

  test('waitUntilReady polls api/status with the token until it answers 200', async () => {
    let calls = 0;
    handler = record((_req, res) => json(res, ++calls < 3 ? 503 : 200, {}));
    await waitUntilReady(origin, '/user/abc/', 'secret', { signal, timeoutMs: 10_000 });
    assert.equal(seen.length, 3);
    assert.deepEqual(seen[0], { url: '/user/abc/api/status', authorization: 'token secret' });
  });

  test('waitUntilReady rejects with spawn_timeout when the server never answers 200', async () => {
    handler = (_req, res) => json(res, 503, {});
    await assert.rejects(
      waitUntilReady(origin, '/', 't', { signal, timeoutMs: 200, intervalMs: 20 }),
      (e: unknown) => e instanceof HubError && e.code === 'spawn_timeout',
    );
  });

  test('waitUntilReady keeps trying while nothing listens, then times out', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await assert.rejects(
      waitUntilReady(`http://127.0.0.1:${port}`, '/', 't', { signal, timeoutMs: 200 }),
      (e: unknown) => e instanceof HubError && e.code === 'spawn_timeout',
    );
  });

  test('waitUntilReady fails at once when the server refuses the token', async () => {
    handler = (_req, res) => json(res, 403, {});
    await assert.rejects(
      waitUntilReady(origin, '/', 'wrong', { signal, timeoutMs: 60_000 }),
      (e: unknown) => e instanceof HubError && e.code === 'spawn_failed',
    );
  });

  test("waitUntilReady rejects with the signal's reason on abort", async () => {
    handler = (_req, res) => json(res, 503, {});
    const controller = new AbortController();
    const reason = new Error('visitor left');
    const waiting = waitUntilReady(origin, '/', 't', {
      signal: controller.signal,
      timeoutMs: 60_000,
    });
    setTimeout(() => controller.abort(reason), 50);
    await assert.rejects(waiting, (e: unknown) => e === reason);
  });

  test('kernelsBusy is true only when a kernel is busy or starting, and throws when the server cannot say', async () => {
    const states = [['idle', 'idle'], ['idle', 'busy'], ['idle', 'starting'], []];
    for (const [i, expected] of [false, true, true, false].entries()) {
      handler = record((_req, res) =>
        json(
          res,
          200,
          states[i]!.map((s) => ({ id: 'k', execution_state: s })),
        ),
      );
      assert.equal(await kernelsBusy(origin, '/user/x/', 'tok'), expected);
    }
    assert.deepEqual(
      seen.find((r) => r.url.endsWith('/api/kernels')),
      { url: '/user/x/api/kernels', authorization: 'token tok' },
    );
    handler = (_req, res) => json(res, 500, {});
    await assert.rejects(
      kernelsBusy(origin, '/', 't'),
      (e: unknown) => e instanceof HubError && e.code === 'server_unavailable',
    );
  });

  test('a kernel reported as starting counts as busy only for the starting bound after its last activity', async () => {
    const startedAt = '2030-01-01T00:00:00.123456Z';
    const t0 = Date.parse(startedAt);
    handler = (_req, res) =>
      json(res, 200, [{ id: 'k', execution_state: 'starting', last_activity: startedAt }]);
    const at = (nowWallMs: number) =>
      kernelsBusy(origin, '/', 't', signal, { startingBusyMs: 90_000, nowWallMs });
    assert.equal(await at(t0 + 89_999), true);
    assert.equal(await at(t0 + 90_000), false);
    assert.equal(
      kernelBusy(
        { execution_state: 'busy', last_activity: startedAt },
        { startingBusyMs: 1, nowWallMs: t0 + 1e9 },
      ),
      true,
      'busy is never bounded',
    );
    assert.equal(
      kernelBusy({ execution_state: 'starting' }, { startingBusyMs: 1, nowWallMs: t0 + 1e9 }),
      true,
      'no last_activity: busy',
    );
    assert.equal(
      kernelBusy(
        { execution_state: 'idle', last_activity: startedAt },
        { startingBusyMs: 1e9, nowWallMs: t0 },
      ),
      false,
    );
  });

  test('readNotebook returns the content as sorted .ipynb JSON and encodes the path', async () => {
    const content = {
      nbformat: 4,
      cells: [{ source: 'ü', cell_type: 'code' }],
      metadata: {},
      nbformat_minor: 4,
    };
    handler = record((_req, res) => json(res, 200, { type: 'notebook', content }));
    const bytes = await readNotebook(origin, '/b/', 't', 'data/my notebook.ipynb');
    assert.equal(seen[0]!.url, '/b/api/contents/data/my%20notebook.ipynb?type=notebook&content=1');
    const text = bytes.toString('utf8');
    assert.equal(
      text,
      '{\n "cells": [\n  {\n   "cell_type": "code",\n   "source": "ü"\n  }\n ],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 4\n}\n',
    );
  });

  test('readNotebook maps 404 to notebook_not_found and other failures to server_unavailable', async () => {
    handler = (_req, res) => json(res, 404, {});
    await assert.rejects(
      readNotebook(origin, '/', 't', 'x.ipynb'),
      (e: unknown) => e instanceof HubError && e.code === 'notebook_not_found',
    );
    handler = (_req, res) => json(res, 500, {});
    await assert.rejects(
      readNotebook(origin, '/', 't', 'x.ipynb'),
      (e: unknown) => e instanceof HubError && e.code === 'server_unavailable',
    );
  });
});
