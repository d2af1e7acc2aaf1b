/**
 * "Download my copy" through a real hub and a real Jupyter server (local sandbox):
 * - a notebook of exactly `downloadMaxBytes` is handed out byte for byte; one byte more
 *   gets the documented 413 `download_too_large`;
 * - Jupyter's answers are reported truthfully: a missing notebook is 404, a file its
 *   server fails to read is 502 `server_error` naming the status (not "not answering");
 * - a 200 MiB notebook streams through a hub process whose resident memory rises by
 *   less than 64 MiB (its own /proc/<pid>/status: peak after minus resident before; a
 *   memory bound, not a time bound).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort, killHard, startHubProcess, type HubProcess } from '../helpers/hub-process.js';
import { startTestHub, Visitor, type TestHub } from '../helpers/hub.js';
import { executeCode } from '../helpers/kernel.js';

const MiB = 1024 * 1024;

/** Python that writes a valid notebook of exactly `bytes` bytes, streaming its filler. */
const writeNotebook = (name: string, bytes: number) => `
import json
head = json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": "FILL"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
before, after = head.split("FILL")
fill = ${bytes} - len(before) - len(after)
with open(${JSON.stringify(name)}, "w") as f:
    f.write(before)
    for start in range(0, fill, 1 << 20):
        f.write("x" * min(1 << 20, fill - start))
    f.write(after)
import os
print(os.path.getsize(${JSON.stringify(name)}))
`;

async function launched(visitor: Visitor): Promise<string> {
  const { json } = await visitor.launch({ notebook: 'welcome.ipynb' });
  const id = String(json.id);
  await visitor.waitFor(id, 'ready');
  return id;
}

/** Downloads without holding the body: its status, size, JSON error (if any). */
async function download(visitor: Visitor, id: string, file: string) {
  const response = await visitor.fetch(
    `api/sessions/${id}/download?file=${encodeURIComponent(file)}`,
  );
  if (response.status !== 200)
    return {
      status: response.status,
      bytes: 0,
      error: (await response.json()) as Record<string, unknown>,
    };
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
    bytes += chunk.length;
  return { status: 200, bytes, error: null };
}

describe('downloads against the cap and Jupyter’s errors', () => {
  const cap = 64 * 1024;
  let hub: TestHub;
  after(() => hub?.close());

  it('exactly at the cap is handed out; one byte over is refused as documented', async () => {
    hub = await startTestHub({ downloadMaxBytes: cap });
    const visitor = hub.visitor();
    const id = await launched(visitor);
    const endpoint = { url: `${hub.url}user/${id}/`, headers: visitor.headers() };
    assert.equal(
      (await executeCode(endpoint, writeNotebook('exact.ipynb', cap))).trim(),
      String(cap),
    );
    assert.equal(
      (await executeCode(endpoint, writeNotebook('over.ipynb', cap + 1))).trim(),
      String(cap + 1),
    );

    const exact = await download(visitor, id, 'exact.ipynb');
    assert.deepEqual([exact.status, exact.bytes], [200, cap]);
    const over = await download(visitor, id, 'over.ipynb');
    assert.equal(over.status, 413);
    assert.equal(over.error?.error, 'download_too_large');
    assert.equal(
      over.error?.message,
      'This notebook (64.0 KiB) is larger than the download limit of 64.0 KiB. Clear large outputs and save, then try again; or use File › Download as in the notebook.',
    );
    assert.equal(over.error?.max_bytes, cap);
    assert.equal(over.error?.size, cap + 1);

    const normal = await visitor.fetch(`api/sessions/${id}/download?file=welcome.ipynb`);
    assert.equal(normal.status, 200);
    const copy = JSON.parse(await normal.text()) as { nbformat: number };
    assert.equal(copy.nbformat, 4);
    assert.equal(normal.headers.get('content-type'), 'application/x-ipynb+json');
  });

  it('reports Jupyter’s own answers: 404 as missing, a failed read as its status', async () => {
    const visitor = hub.visitor();
    const id = await launched(visitor);
    const endpoint = { url: `${hub.url}user/${id}/`, headers: visitor.headers() };
    await executeCode(
      endpoint,
      `import os, shutil; shutil.copy("welcome.ipynb", "locked.ipynb"); os.chmod("locked.ipynb", 0)`,
    );
    const missing = await download(visitor, id, 'nowhere.ipynb');
    assert.deepEqual([missing.status, missing.error?.error], [404, 'notebook_not_found']);
    const locked = await download(visitor, id, 'locked.ipynb');
    assert.equal(locked.error?.error, 'server_error', JSON.stringify(locked.error));
    assert.equal(locked.status, 502);
    assert.match(
      String(locked.error?.message),
      /could not read the notebook \(it answered HTTP (500|403)\)/,
    );
  });
});

describe('a 200 MiB notebook streams through the hub', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cnh-download-'));
  let hub: HubProcess | undefined;
  after(async () => {
    if (hub) await killHard(hub);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('raises the hub’s resident memory by less than 64 MiB', async () => {
    hub = await startHubProcess(
      ['--port', String(await freePort()), '--data', dataDir, '--spawner', 'local'],
      {
        HUB_ADMIN_TOKEN: 'download-test-admin-token',
        HUB_POOL_SIZE: '0',
        HUB_DOWNLOAD_MAX_BYTES: String(300 * MiB),
        HUB_MEMORY_LIMIT: '2G',
      },
    );
    const visitor = new Visitor(hub.url, new URL(hub.url).origin);
    const id = await launched(visitor);
    const endpoint = { url: `${hub.url}user/${id}/`, headers: visitor.headers() };
    const size = 200 * MiB;
    assert.equal(
      (
        await executeCode(endpoint, writeNotebook('big.ipynb', size), { timeoutMs: 120_000 })
      ).trim(),
      String(size),
    );

    const memory = (field: 'VmRSS' | 'VmHWM') => {
      const status = readFileSync(`/proc/${hub!.child.pid}/status`, 'utf8');
      return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) * 1024;
    };
    const residentBefore = memory('VmRSS');
    const got = await download(visitor, id, 'big.ipynb');
    assert.deepEqual([got.status, got.bytes], [200, size]);
    const rise = memory('VmHWM') - residentBefore;
    assert.ok(rise < 64 * MiB, `the hub's memory rose by ${(rise / MiB).toFixed(1)} MiB`);
  });
});
