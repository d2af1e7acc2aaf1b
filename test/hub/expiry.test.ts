// Idle timeout and maximum lifetime, against real servers: enforced by the first culler
// passes after the deadline; the workspace is destroyed, the URLs answer 404, and a new launch starts from
// the original notebook. A busy kernel is not idle; the maximum lifetime still ends it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { watchCuller, type CullWatch } from '../helpers/cull-passes.js';
import { startTestHub, type TestHub, type Visitor } from '../helpers/hub.js';
import { executeCode, startKernel } from '../helpers/kernel.js';
import WebSocket from 'ws';
import { randomUUID } from 'node:crypto';

let hub: TestHub;
let culls: CullWatch;
before(async () => {
  hub = await startTestHub({ idleTimeoutSeconds: 5, maxLifetimeSeconds: 600 });
  culls = watchCuller(hub.hub);
});

/**
 * The bound is the behaviour here, so it is measured on the hub's clock and in its own
 * culler passes: the session is told to stop no earlier than its deadline (1 s for the
 * wall-clock rendering of a monotonic deadline) and by the third pass after it (the
 * first, or the next ones when a kernel check was inconclusive). A loaded machine delays
 * the passes themselves, not this count.
 */
function assertEndedOnTime(id: string, deadlineMs: number, what: string): void {
  const stoppingAt = culls.stoppingAt(id);
  assert.ok(stoppingAt !== undefined, `${id} never moved to stopping`);
  const lateMs = stoppingAt - deadlineMs;
  const passes = culls.passesBetween(deadlineMs, stoppingAt);
  assert.ok(lateMs >= -1000, `told to stop ${-lateMs} ms before the ${what}`);
  assert.ok(passes <= 3, `told to stop ${passes} culler passes (${lateMs} ms) after the ${what}`);
}
after(() => hub.close());

async function ready(visitor: Visitor, notebook = 'welcome.ipynb'): Promise<string> {
  const { json } = await visitor.launch({ notebook });
  await visitor.waitFor(String(json.id), 'ready');
  return String(json.id);
}

test('an idle session ends on the first culler passes after its deadline and every change is gone', async () => {
  const visitor = hub.visitor();
  const id = await ready(visitor);
  const endpoint = { url: `${hub.url}user/${id}/`, headers: visitor.headers() };
  await executeCode(
    endpoint,
    "import json\nnb = json.load(open('welcome.ipynb'))\nnb['cells'][0]['source'] = 'EDITED BY A VISITOR'\njson.dump(nb, open('welcome.ipynb', 'w'))",
  );
  const workspace = join(hub.dataDir, 'workspaces', id);
  assert.match(readFileSync(join(workspace, 'welcome.ipynb'), 'utf8'), /EDITED BY A VISITOR/);

  const { json: view } = await visitor.session(id);
  const deadline = Date.parse(String(view.idle_deadline));
  const ended = await visitor.waitFor(id, 'ended', 120_000);
  assert.equal(ended.ended_reason, 'idle');
  assertEndedOnTime(id, deadline, 'idle deadline');

  assert.equal(existsSync(workspace), false, 'the workspace is destroyed');
  const page = await visitor.fetch(`user/${id}/tree`);
  assert.equal(page.status, 404);

  const again = await ready(visitor);
  assert.notEqual(again, id);
  const content = await (await visitor.fetch(`user/${again}/api/contents/welcome.ipynb`)).json();
  assert.doesNotMatch(JSON.stringify(content), /EDITED BY A VISITOR/);
  assert.match(JSON.stringify(content), /Welcome to ckan-notebook-hub/);
  await visitor.fetch(`api/sessions/${again}`, { method: 'DELETE' });
});

test('a busy kernel is not idle, and the maximum lifetime still ends it', async () => {
  await hub.admin('api/admin/settings', {
    method: 'PUT',
    body: JSON.stringify({ max_lifetime_seconds: 40 }),
  });
  const visitor = hub.visitor();
  const id = await ready(visitor);
  const endpoint = { url: `${hub.url}user/${id}/`, headers: visitor.headers() };
  const kernelId = await startKernel(endpoint);
  // Start a long computation, then close the browser's WebSocket: no traffic, busy kernel.
  await new Promise<void>((resolve, reject) => {
    const ws = new WebSocket(
      `${endpoint.url.replace(/^http/, 'ws')}api/kernels/${kernelId}/channels`,
      { headers: endpoint.headers },
    );
    ws.once('error', reject);
    ws.once('open', () => {
      const msgId = randomUUID();
      ws.send(
        JSON.stringify({
          header: {
            msg_id: msgId,
            msg_type: 'execute_request',
            username: 'test',
            session: randomUUID(),
            date: new Date().toISOString(),
            version: '5.3',
          },
          parent_header: {},
          metadata: {},
          channel: 'shell',
          content: {
            code: 'import time\ntime.sleep(120)',
            silent: false,
            store_history: false,
            user_expressions: {},
            allow_stdin: false,
            stop_on_error: true,
          },
        }),
      );
      // Close (no browser attached any more) once the kernel has taken up the request.
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as {
          msg_type: string;
          parent_header: { msg_id?: string };
        };
        if (msg.parent_header.msg_id === msgId && msg.msg_type === 'execute_input') {
          ws.close();
          resolve();
        }
      });
    });
  });
  // Wait until the kernel is really executing (this polling is itself activity, so the
  // idle deadline only passes afterwards, while the kernel is busy).
  for (let i = 0; ; i++) {
    const kernel = (await (await visitor.fetch(`user/${id}/api/kernels/${kernelId}`)).json()) as {
      execution_state: string;
    };
    // `starting` while running is Notebook 6 having missed the busy status (see kernels-busy.ts).
    if (kernel.execution_state === 'busy' || kernel.execution_state === 'starting') break;
    assert.ok(i < 300, `kernel never became busy (${kernel.execution_state})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const { json: view } = await visitor.session(id);
  const expiresAt = Date.parse(String(view.expires_at));
  const ended = await visitor.waitFor(id, 'ended', 180_000);
  assert.equal(ended.ended_reason, 'max-age', 'not ended as idle while the kernel was busy');
  assertEndedOnTime(id, expiresAt, 'maximum lifetime');
});
