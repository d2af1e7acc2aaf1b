/**
 * Runs code in a kernel of a Jupyter server the way a notebook page does, but from the
 * hub: one `execute_request` over the `api/kernels/<id>/channels` WebSocket (messaging
 * protocol 5.3), authenticated by the server's token in a header, straight to the server
 * (never through the proxy, so it is never counted as a visitor's activity).
 *
 * The request is `silent` (no output, no history, no execution count: the visitor's
 * notebook starts at [1]) and the answer is the shell channel's `execute_reply`.
 * Resolves when the kernel replied `ok`; rejects with `KernelCodeError` when the code
 * raised, and with the signal's reason or a transport error otherwise.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { jupyterUrl, type JupyterServer } from './jupyter-fetch.js';

/** The code raised: the kernel's `ename: evalue`. */
export class KernelCodeError extends Error {}

interface ShellMessage {
  readonly channel?: string;
  readonly header?: { msg_type?: string };
  readonly parent_header?: { msg_id?: string };
  readonly content?: { status?: string; ename?: string; evalue?: string };
}

export function executeInKernel(
  server: JupyterServer,
  kernelId: string,
  code: string,
  signal: AbortSignal,
): Promise<void> {
  const session = randomUUID();
  const url = new URL(
    jupyterUrl(
      server,
      `api/kernels/${encodeURIComponent(kernelId)}/channels?session_id=${session}`,
    ),
  );
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const msgId = randomUUID();
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const socket = new WebSocket(url, { headers: { authorization: `token ${server.token}` } });
    const onAbort = () => finish(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    let done = false;
    function finish(error: Error | null): void {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      socket.terminate();
      if (error) reject(error);
      else resolve();
    }
    socket.once('error', (error) => finish(error));
    socket.once('unexpected-response', (_request, response) =>
      finish(new Error(`the kernel's channels answered HTTP ${response.statusCode}`)),
    );
    socket.once('close', () => finish(new Error('the kernel channel closed before the reply')));
    socket.once('open', () => socket.send(JSON.stringify(executeRequest(msgId, session, code))));
    socket.on('message', (data) => {
      let message: ShellMessage;
      try {
        message = JSON.parse(String(data)) as ShellMessage;
      } catch {
        return; // binary frames (buffers) are nothing this request waits for
      }
      if (message.channel !== 'shell' || message.parent_header?.msg_id !== msgId) return;
      if (message.header?.msg_type !== 'execute_reply') return;
      const content = message.content ?? {};
      if (content.status === 'ok') finish(null);
      else finish(new KernelCodeError(`${content.ename ?? 'error'}: ${content.evalue ?? ''}`));
    });
  });
}

function executeRequest(msgId: string, session: string, code: string) {
  return {
    channel: 'shell',
    header: {
      msg_id: msgId,
      msg_type: 'execute_request',
      session,
      username: 'hub',
      version: '5.3',
      date: new Date().toISOString(),
    },
    parent_header: {},
    metadata: {},
    content: {
      code,
      silent: true,
      store_history: false,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    },
    buffers: [],
  };
}
