/**
 * Running code in a Jupyter kernel the way a browser does: `POST api/kernels`, then the
 * messaging protocol (v5.3) over the `api/kernels/<id>/channels` WebSocket. Works against
 * a server directly (token header) or through the hub's proxy (cookie and Origin).
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

/** A Jupyter server as a client reaches it: the base URL (ending with `/`) and the headers to send. */
export interface JupyterEndpoint {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The endpoint of a server reached directly, authenticated by its token. */
export function tokenEndpoint(target: string, baseUrl: string, token: string): JupyterEndpoint {
  return { url: new URL(baseUrl, target).href, headers: { authorization: `token ${token}` } };
}

export interface ExecuteOptions {
  /** Run in this kernel instead of starting (and afterwards deleting) a new one. */
  readonly kernelId?: string;
  readonly timeoutMs?: number;
}

/**
 * Executes `code` and resolves with its output: stream text, then the `text/plain` of
 * results and displays, in the order they arrived. Rejects with `ename: evalue` when the
 * code raises, and when nothing arrives within `timeoutMs` (default 60 s).
 */
export async function executeCode(
  endpoint: JupyterEndpoint,
  code: string,
  options?: ExecuteOptions,
): Promise<string>;
export async function executeCode(
  target: string,
  baseUrl: string,
  token: string,
  code: string,
): Promise<string>;
export async function executeCode(
  first: JupyterEndpoint | string,
  second: string,
  third?: ExecuteOptions | string,
  fourth?: string,
): Promise<string> {
  const [endpoint, code, options] =
    typeof first === 'string'
      ? [tokenEndpoint(first, second, third as string), fourth!, {}]
      : [first, second, (third as ExecuteOptions | undefined) ?? {}];
  const kernelId = options.kernelId ?? (await startKernel(endpoint));
  try {
    return await runOnChannels(endpoint, kernelId, code, options.timeoutMs ?? 60_000);
  } finally {
    // Best effort: the code may have ended the server, and the output is what was asked for.
    if (options.kernelId === undefined)
      await deleteKernel(endpoint, kernelId).catch(() => undefined);
  }
}

export async function startKernel(endpoint: JupyterEndpoint): Promise<string> {
  const response = await fetch(new URL('api/kernels', endpoint.url), {
    method: 'POST',
    headers: { ...endpoint.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'python3' }),
  });
  if (response.status !== 201)
    throw new Error(`POST api/kernels answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

export async function deleteKernel(endpoint: JupyterEndpoint, kernelId: string): Promise<void> {
  const response = await fetch(new URL(`api/kernels/${kernelId}`, endpoint.url), {
    method: 'DELETE',
    headers: { ...endpoint.headers },
  });
  await response.body?.cancel();
}

interface Message {
  channel: string;
  header: { msg_type: string };
  parent_header: { msg_id?: string };
  content: Record<string, unknown>;
}

function runOnChannels(
  endpoint: JupyterEndpoint,
  kernelId: string,
  code: string,
  timeoutMs: number,
): Promise<string> {
  const session = randomUUID();
  const url = new URL(`api/kernels/${kernelId}/channels?session_id=${session}`, endpoint.url);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url, { headers: { ...endpoint.headers } });
  const msgId = randomUUID();
  const outputs: string[] = [];
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`no reply to execute_request within ${timeoutMs} ms`)),
      timeoutMs,
    );
    function finish(error: Error | null): void {
      clearTimeout(timer);
      socket.terminate();
      if (error) reject(error);
      else resolve(outputs.join(''));
    }
    socket.once('error', (error) => finish(error));
    socket.once('unexpected-response', (_req, res) =>
      finish(new Error(`WebSocket upgrade answered ${res.statusCode}`)),
    );
    socket.once('close', () =>
      finish(new Error('the kernel channel closed before the code finished')),
    );
    socket.once('open', () => {
      const header = {
        msg_id: msgId,
        msg_type: 'execute_request',
        session,
        username: '',
        version: '5.3',
        date: new Date().toISOString(),
      };
      const content = {
        code,
        silent: false,
        store_history: false,
        user_expressions: {},
        allow_stdin: false,
        stop_on_error: true,
      };
      socket.send(
        JSON.stringify({
          channel: 'shell',
          header,
          parent_header: {},
          metadata: {},
          content,
          buffers: [],
        }),
      );
    });
    let error: Error | null = null;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Message;
      if (message.channel !== 'iopub' || message.parent_header.msg_id !== msgId) return;
      const { msg_type: type } = message.header;
      const content = message.content;
      if (type === 'stream') outputs.push(String(content.text));
      else if (type === 'execute_result' || type === 'display_data') {
        outputs.push(String((content.data as Record<string, unknown>)['text/plain'] ?? ''));
      } else if (type === 'error')
        error = new Error(`${String(content.ename)}: ${String(content.evalue)}`);
      else if (type === 'status' && content.execution_state === 'idle') finish(error);
    });
  });
}
