import { connect, type Socket } from 'node:net';
import { WebSocket } from 'ws';

/**
 * Sends a raw WebSocket handshake for exactly `path` (no URL normalisation) and resolves
 * with the response's status code (101 on success) and the still-open socket.
 */
export function rawUpgrade(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3}) /.exec(text);
      if (!match) return;
      socket.off('data', onData).off('close', onClose);
      resolve({ status: Number(match[1]), socket });
    };
    const onClose = () => reject(new Error(`closed without a status line: ${text}`));
    socket.on('error', () => {});
    socket.on('data', onData).on('close', onClose);
    const lines = [
      `GET ${path} HTTP/1.1`,
      'Host: hub.test',
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

/** The status a raw handshake for exactly `path` gets; the socket is closed after. */
export async function rawHandshake(port: number, path: string, headers: Record<string, string>) {
  const { status, socket } = await rawUpgrade(port, path, headers);
  socket.destroy();
  return status;
}

/** The status a WebSocket handshake through the proxy gets: 101 or the refusal's. */
export function handshakeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode!);
      res.socket.destroy();
    });
    ws.on('error', reject);
  });
}
