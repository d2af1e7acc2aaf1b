/** Shared set-up for the CKAN source tests: a fake portal, a source configured for it, tickets, workspaces. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema } from '../../src/config/schema.js';
import { HubError } from '../../src/errors/hub-error.js';
import { signLaunchTicket } from '../../src/identity/launch-ticket.js';
import type { Visitor } from '../../src/identity/visitor.js';
import {
  CkanSource,
  type CkanSourceConfig,
  type CkanSourceDeps,
} from '../../src/sources/ckan/ckan-source.js';
import type { ResolvedNotebook } from '../../src/sources/source.js';
import type { FakeCkan } from '../fakes/ckan-server.js';

export const ticketSecret = 'ckan-test-ticket-secret-of-32-bytes-at-least';
export const guest: Visitor = { id: 'g'.repeat(32), ckanUser: null, address: '127.0.0.1' };
export const noAbort = () => new AbortController().signal;

export function sourceFor(
  ckan: FakeCkan,
  config: Partial<CkanSourceConfig> = {},
  deps: CkanSourceDeps = {},
): CkanSource {
  return new CkanSource(
    {
      ckanUrl: ckan.url,
      ckanApiToken: ckan.tokens.sysadmin,
      ticketSecret,
      ckanDataFormats: configSchema.ckanDataFormats.default,
      ckanDataMaxBytes: 1024 * 1024,
      fetchTimeoutSeconds: 5,
      notebookMaxBytes: 10 * 1024 * 1024,
      notebookMaxDepth: 100,
      ...config,
    },
    deps,
  );
}

export function ticket(
  resourceId: string,
  overrides: { exp?: number; user?: string; nonce?: string } = {},
): string {
  return signLaunchTicket(
    {
      exp: overrides.exp ?? Math.floor(Date.now() / 1000) + 300,
      nonce: overrides.nonce ?? randomBytes(16).toString('base64url'),
      resource_id: resourceId,
      user: overrides.user ?? 'alice',
    },
    ticketSecret,
  );
}

/** A launch ticket for a dataset (`dataset_id` claim: its id or name, as launched). */
export function datasetTicket(
  datasetRef: string,
  overrides: { exp?: number; user?: string; nonce?: string } = {},
): string {
  return signLaunchTicket(
    {
      exp: overrides.exp ?? Math.floor(Date.now() / 1000) + 300,
      nonce: overrides.nonce ?? randomBytes(16).toString('base64url'),
      dataset_id: datasetRef,
      user: overrides.user ?? 'alice',
    },
    ticketSecret,
  );
}

/** The HubError a promise rejects with (fails the test if it resolves or throws something else). */
export async function hubError(promise: Promise<unknown>): Promise<HubError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a HubError, but it succeeded');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof HubError)) throw error;
  return error;
}

/** Materializes into a fresh folder and returns a reader for it; the folder is removed by `cleanup`. */
export async function materialized(notebook: ResolvedNotebook) {
  const dir = await mkdtemp(join(tmpdir(), 'ckan-source-'));
  await notebook.materialize(dir, noAbort());
  return {
    dir,
    read: (path: string) => readFile(join(dir, path)),
    manifest: async () =>
      JSON.parse((await readFile(join(dir, 'data', 'MANIFEST.json'))).toString()) as Manifest,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface Manifest {
  dataset: { id: string; name: string; title: string };
  notebook: { resource_id: string; file: string };
  max_bytes: number;
  total_bytes: number;
  files: Array<{
    resource_id: string;
    name: string;
    format: string;
    status: string;
    file?: string;
    bytes?: number;
    reason?: string;
    message?: string;
  }>;
}
