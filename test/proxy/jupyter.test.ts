/**
 * The proxy in front of a real Jupyter Notebook server (Debian's, under /usr/bin/python3):
 * Jupyter accepts the proxy's token header with the client's Host and Origin, and a kernel
 * runs code over the channels WebSocket.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import {
  deadPort,
  eventually,
  HUB_ORIGIN,
  OWNER,
  ownerCookie,
  send,
  startProxy,
  type ProxyHarness,
} from './harness.js';

const PYTHON = '/usr/bin/python3';
const hasNotebook = spawnSync(PYTHON, ['-m', 'notebook', '--version']).status === 0;
const HOST = 'hub.test';

describe(
  'a real Jupyter server behind the proxy',
  { skip: hasNotebook ? false : 'Debian python3-notebook is not installed' },
  () => {
    let hub: ProxyHarness;
    let notebook: ChildProcess;
    let dir: string;
    let target: string;
    const token = randomBytes(16).toString('hex');
    const headers = { Cookie: ownerCookie, Host: HOST, Origin: HUB_ORIGIN };

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'proxy-jupyter-'));
      const port = await deadPort();
      notebook = spawn(
        PYTHON,
        [
          '-m',
          'notebook',
          '--no-browser',
          '--ip',
          '127.0.0.1',
          `--port=${port}`,
          `--NotebookApp.token=${token}`,
          '--NotebookApp.base_url=/user/abc/',
          '--NotebookApp.allow_remote_access=True',
          `--notebook-dir=${dir}`,
          // Test machines run as root; Jupyter refuses that unless told.
          ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
        ],
        {
          cwd: dir,
          detached: true,
          stdio: 'ignore',
          env: {
            ...process.env,
            HOME: dir,
            JUPYTER_RUNTIME_DIR: join(dir, 'runtime'),
            JUPYTER_CONFIG_DIR: join(dir, 'config'),
          },
        },
      );
      hub = await startProxy();
      target = `http://127.0.0.1:${port}`;
      hub.routes.set('abc', { sessionId: 'abc', target, ownerVisitorId: OWNER, token });
      let up = false;
      const probe = () =>
        void send(`http://127.0.0.1:${port}`, '/user/abc/api/status', {
          headers: { Authorization: `token ${token}` },
        })
          .then((reply) => (up = reply.status === 200))
          .catch(() => {});
      await eventually(
        () => {
          if (notebook.exitCode !== null)
            throw new Error(`notebook server exited with ${notebook.exitCode}`);
          probe();
          return up;
        },
        'notebook server answering',
        30_000,
      );
    });
    after(async () => {
      await hub?.close();
      if (notebook?.pid !== undefined && notebook.exitCode === null) {
        const exited = once(notebook, 'exit');
        process.kill(-notebook.pid, 'SIGTERM');
        const timer = setTimeout(() => process.kill(-notebook.pid!, 'SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('answers the API with the token the proxy adds', async () => {
      const reply = await send(hub.url, '/user/abc/api/status', { headers });
      assert.equal(reply.status, 200);
      assert.ok('kernels' in JSON.parse(reply.body.toString()));
    });

    it('runs 6*7 in a kernel over the channels WebSocket', async () => {
      const started = await send(hub.url, '/user/abc/api/kernels', {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: '{"name":"python3"}',
      });
      assert.equal(started.status, 201, started.body.toString());
      const kernelId = JSON.parse(started.body.toString()).id as string;

      const ws = new WebSocket(
        `ws://127.0.0.1:${hub.port}/user/abc/api/kernels/${kernelId}/channels?session_id=${randomUUID()}`,
        { headers },
      );
      await once(ws, 'open');
      const msgId = randomUUID();
      const result = new Promise<string>((resolve) =>
        ws.on('message', (data) => {
          const msg = JSON.parse(data.toString());
          if (msg.msg_type === 'execute_result' && msg.parent_header.msg_id === msgId)
            resolve(msg.content.data['text/plain']);
        }),
      );
      ws.send(
        JSON.stringify({
          header: {
            msg_id: msgId,
            username: 'test',
            session: randomUUID(),
            msg_type: 'execute_request',
            version: '5.3',
            date: new Date().toISOString(),
          },
          parent_header: {},
          metadata: {},
          channel: 'shell',
          buffers: [],
          content: {
            code: '6*7',
            silent: false,
            store_history: false,
            user_expressions: {},
            allow_stdin: false,
            stop_on_error: true,
          },
        }),
      );
      assert.equal(await result, '42');
      assert.ok((hub.activity.get('abc') ?? 0) > 2);
      ws.close();
      await once(ws, 'close');

      const deleted = await send(hub.url, `/user/abc/api/kernels/${kernelId}`, {
        method: 'DELETE',
        headers,
      });
      assert.equal(deleted.status, 204);
    });

    it('needs the token the proxy adds: the same request straight to Jupyter is refused', async () => {
      const direct = await send(target, '/user/abc/api/kernels', { headers });
      assert.equal(direct.status, 403);
      assert.equal((await send(hub.url, '/user/abc/api/kernels', { headers })).status, 200);
    });
  },
);
