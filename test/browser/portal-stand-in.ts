/**
 * A stand-in for a CKAN dataset page that shows a resource view: `GET /dataset?view=<url>`
 * answers a page with `<iframe id="resource-view" src="<url>">`, as CKAN's resource view
 * template does. It listens on one port on two loopback addresses, 127.0.0.1 (also
 * reached as `localhost`) and 127.0.0.2, so one port serves three origins.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PortalStandIn {
  readonly port: number;
  close(): Promise<void>;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function handler(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://portal.invalid');
  const view = url.searchParams.get('view') ?? '';
  if (url.pathname !== '/dataset' || !/^http:\/\/127\.0\.0\.1:\d+\//.test(view)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dataset · Portal</title></head>
<body style="margin:0;font-family:sans-serif"><header style="padding:8px 16px;background:#333;color:#fff">
<strong>Data portal</strong> · Ocean temperatures · welcome.ipynb</header>
<iframe id="resource-view" title="Notebook" src="${escape(view)}" style="display:block;width:100%;height:820px;border:0"></iframe></body></html>`);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startPortalStandIn(): Promise<PortalStandIn> {
  for (let attempt = 0; ; attempt++) {
    const first = createServer(handler);
    const second = createServer(handler);
    const port = await listen(first, '127.0.0.1', 0);
    try {
      await listen(second, '127.0.0.2', port);
    } catch (error) {
      // That port is taken on 127.0.0.2: try another.
      first.close();
      if (attempt >= 10) throw error;
      continue;
    }
    const close = (s: Server) => new Promise<void>((r) => s.close(() => r()));
    return {
      port,
      close: async () => {
        first.closeAllConnections();
        second.closeAllConnections();
        await Promise.all([close(first), close(second)]);
      },
    };
  }
}
