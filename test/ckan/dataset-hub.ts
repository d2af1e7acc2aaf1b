/**
 * The dataset-launch suites' hub (dataset-e2e on the local spawner, dataset-docker on
 * Docker): a fake portal answering like CKAN `version` and a hub that uses it (sysadmin
 * token, the tests' ticket secret, 10 MiB of data per launch, plus `hubOptions`), started
 * in `before` and closed in `after`, hub first; call it inside the `describe`. And a
 * starter run inside a ready session's kernel.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { ConfigKey } from '../../src/config/schema.js';
import { FakeCkan } from '../fakes/ckan-server.js';
import { startTestHub, type TestHub, type Visitor } from '../helpers/hub.js';
import { executeCode } from '../helpers/kernel.js';
import { ticketSecret } from './ckan-harness.js';
import { runStarterInKernel } from './dataset-harness.js';

export interface DatasetHub {
  readonly ckan: FakeCkan;
  readonly hub: TestHub;
}

export function datasetHub(
  version: '2.10.10' | '2.11.5',
  hubOptions: Partial<Record<ConfigKey, unknown>> = {},
): DatasetHub {
  const fixture: { ckan?: FakeCkan; hub?: TestHub } = {};
  before(async () => {
    const ckan = (fixture.ckan = await FakeCkan.start({ version }));
    fixture.hub = await startTestHub({
      ...hubOptions,
      ckanUrl: ckan.url,
      ckanApiToken: ckan.tokens.sysadmin,
      ticketSecret,
      ckanDataMaxBytes: 10 * 1024 * 1024,
    });
  });
  after(async () => {
    await fixture.hub!.close();
    await fixture.ckan!.close();
  });
  return fixture as DatasetHub;
}

/**
 * Runs `starter` top to bottom in session `sessionId`'s kernel (nbconvert, up to 10
 * minutes) and returns the executed notebook; fails with nbconvert's error when it failed.
 */
export async function runStarter(
  hub: TestHub,
  visitor: Visitor,
  sessionId: string,
  starter: string,
): Promise<string> {
  const endpoint = { url: `${hub.url}user/${sessionId}/`, headers: visitor.headers() };
  const executed = await executeCode(endpoint, runStarterInKernel(starter), {
    timeoutMs: 600_000,
  });
  assert.doesNotMatch(executed.slice(0, 200), /^FAILED/, executed.slice(0, 3000));
  return executed;
}
