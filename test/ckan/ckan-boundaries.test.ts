/**
 * The CKAN source's byte caps at their edges: a notebook of exactly notebookMaxBytes is
 * run and one byte more is 413; data files that fill the data cap exactly are copied and
 * one byte more is skipped, whether the portal declared the size or not.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeCkan } from '../fakes/ckan-server.js';
import { notebookOfBytes } from '../helpers/notebook-files.js';
import { guest, hubError, materialized, noAbort, sourceFor } from './ckan-harness.js';

const temperaturesBytes = 102;

async function withPortal(run: (ckan: FakeCkan) => Promise<void>): Promise<void> {
  const ckan = await FakeCkan.start();
  try {
    await run(ckan);
  } finally {
    await ckan.close();
  }
}

for (const declared of [true, false]) {
  const how = declared ? 'declared' : 'undeclared';
  test(`a notebook of exactly notebookMaxBytes runs; one byte more is 413 (size ${how})`, () =>
    withPortal(async (ckan) => {
      const maxBytes = 8192;
      const add = (bytes: number) =>
        String(
          ckan.addResource(ckan.ids.publicDatasetName, {
            name: `edge-${bytes}.ipynb`,
            format: 'ipynb',
            body: notebookOfBytes(bytes),
            ...(declared ? {} : { size: null }),
          }).id,
        );
      const at = add(maxBytes);
      const over = add(maxBytes + 1);
      const source = sourceFor(ckan, { notebookMaxBytes: maxBytes });
      const nb = await source.resolve({ resource_id: at }, guest, noAbort());
      assert.equal(nb.content.length, maxBytes);
      const error = await hubError(source.resolve({ resource_id: over }, guest, noAbort()));
      assert.equal(error.code, 'notebook_too_large');
      assert.equal(error.status, 413);
    }));

  test(`data exactly filling ckanDataMaxBytes is copied; one byte more is skipped (size ${how})`, () =>
    withPortal(async (ckan) => {
      const extra = 1000;
      const file = ckan.addResource(ckan.ids.publicDatasetName, {
        name: 'edge.csv',
        format: 'csv',
        body: Buffer.alloc(extra, 0x31),
        ...(declared ? {} : { size: null }),
      });
      for (const [cap, status] of [
        [temperaturesBytes + extra, 'fetched'],
        [temperaturesBytes + extra - 1, 'skipped'],
      ] as const) {
        const nb = await sourceFor(ckan, { ckanDataMaxBytes: cap }).resolve(
          { resource_id: ckan.ids.uploadNotebook },
          guest,
          noAbort(),
        );
        const ws = await materialized(nb);
        try {
          const manifest = await ws.manifest();
          const entry = manifest.files.find((f) => f.resource_id === String(file.id));
          assert.equal(entry?.status, status, `cap ${cap}: ${JSON.stringify(entry)}`);
          if (status === 'fetched') {
            assert.equal(entry?.bytes, extra);
            assert.equal(manifest.total_bytes, cap);
            assert.equal((await ws.read(`data/${entry!.file!}`)).length, extra);
          } else {
            assert.equal(entry?.reason, 'size');
            assert.equal(manifest.total_bytes, temperaturesBytes);
          }
        } finally {
          await ws.cleanup();
        }
      }
    }));
}
