/**
 * A CKAN stand-in for tests, on 127.0.0.1 port 0: 2.10.10 by default, or the DataStore
 * world as captured from 2.11.5 (`start({ version: '2.11.5' })`); the DataStore actions
 * and dumps are answered by ckan-datastore.ts. Every answer is built from the
 * captured fixtures (ckan-fixtures.ts): the same status codes, JSON shapes and key
 * order, download headers, the 403 HTML page for an anonymous private download, and an
 * unknown API token treated as anonymous. Upload URLs keep the fixtures' `ckan.site_url`
 * (http://127.0.0.1:5000, nothing listens there), as a real CKAN behind a Docker network
 * would, so a test passes only if the hub downloads through its configured base URL.
 * Linked-resource URLs on that site are rewritten to point here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CkanWorld, type AddedResource, type FakeUser } from './ckan-world.js';
import { actionFixture, downloadFixture, type CkanVersion } from './ckan-fixtures.js';
import {
  startLoopbackServer,
  type Handler,
  type LoopbackServer,
  type SeenRequest,
} from './loopback-server.js';

const forbiddenPage = downloadFixture('download.private-notebook.anonymous');

export class FakeCkan {
  /** Milliseconds every answer waits before it is sent (slow-portal tests). */
  delayMs = 0;
  private statusFixture = 'status_show';
  private readonly routes = new Map<string, Handler>();
  private readonly delayed = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: LoopbackServer,
    readonly world: CkanWorld,
  ) {}

  /**
   * Listens on `port` (default: a free one) on every address. `version` picks the
   * DataStore world's captures and makes `status_show` list the datastore plugin (as
   * captured with it); a bare number is the port.
   */
  static async start(
    options: number | { version?: CkanVersion; port?: number } = {},
  ): Promise<FakeCkan> {
    const { version, port = 0 } = typeof options === 'number' ? { port: options } : options;
    // The world needs the server's origin, the server needs the fake to answer.
    const ref: { fake?: FakeCkan } = {};
    const server = await startLoopbackServer((req, res) => ref.fake!.handle(req, res), '::', port);
    ref.fake = new FakeCkan(server, new CkanWorld(server.origin, version));
    ref.fake.statusFixture = version ? 'status_show.with-datastore' : 'status_show';
    return ref.fake;
  }

  /** Base URL as the hub should be configured with it, e.g. `http://127.0.0.1:41234/`. */
  get url(): string {
    return `${this.server.origin}/`;
  }
  get origin(): string {
    return this.server.origin;
  }
  get requests(): readonly SeenRequest[] {
    return this.server.requests;
  }
  /** The well-known fixture ids and the API tokens the fake accepts. */
  get ids() {
    return this.world.ids;
  }
  get tokens() {
    return this.world.tokens;
  }

  /** Requests that downloaded `resourceId`'s file (upload download route). */
  downloadsOf(resourceId: string): SeenRequest[] {
    return this.requests.filter((r) => r.url.includes(`/resource/${resourceId}/download`));
  }

  addResource(dataset: string, spec: AddedResource): Record<string, unknown> {
    return this.world.addResource(dataset, spec);
  }
  updateFile(resourceId: string, body: Buffer, lastModified?: string): void {
    this.world.updateFile(resourceId, body, lastModified);
  }

  /** Answers `pathname` with `handler` (redirects, failures); undefined restores the default. */
  route(pathname: string, handler: Handler | undefined): void {
    if (handler) this.routes.set(pathname, handler);
    else this.routes.delete(pathname);
  }

  /** Takes the portal down: connections are refused from now on. */
  close(): Promise<void> {
    for (const timer of this.delayed) clearTimeout(timer);
    return this.server.close();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const answer = () => this.answer(req, res);
    if (this.delayMs <= 0) return answer();
    const timer = setTimeout(() => {
      this.delayed.delete(timer);
      answer();
    }, this.delayMs);
    this.delayed.add(timer);
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.server.origin);
    const extra = this.routes.get(url.pathname);
    if (extra) return extra(req, res);
    const user = this.world.userFor(req.headers.authorization);
    const action = /^\/api\/3\/action\/([a-z_]+)$/.exec(url.pathname);
    if (action?.[1]?.startsWith('datastore_')) return this.datastoreAction(req, res, url, user);
    if (action) return this.action(res, action[1]!, url.searchParams.get('id'), user);
    const dump = /^\/datastore\/dump\/([^/]+)$/.exec(url.pathname);
    if (dump) {
      const format = url.searchParams.get('format');
      return sendFixture(res, this.world.datastore.dump(dump[1]!, format, user));
    }
    if (url.pathname.startsWith('/nonexistent/'))
      return sendFixture(res, downloadFixture('download.large-file.anonymous', this.world.version));
    const download = /^\/dataset\/([^/]+)\/resource\/([^/]+)\/download(?:\/[^/]*)?$/.exec(
      url.pathname,
    );
    if (download) return this.download(res, download[1]!, download[2]!, user);
    sendHtml(res, 404, '<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>');
  }

  private action(res: ServerResponse, name: string, id: string | null, user: FakeUser | null) {
    if (name === 'status_show')
      return sendJson(res, actionFixture(this.statusFixture, this.world.version));
    if (name !== 'resource_show' && name !== 'package_show') {
      // Not captured: CKAN answers an unknown action with 400 and this message.
      const help = this.world.help(name);
      const error = { message: `Bad request - Action name not known: ${name}` };
      return sendJson(res, { status: 400, response: { help, error, success: false } });
    }
    sendJson(res, this.world.show(name, id, user));
  }

  private datastoreAction(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    user: FakeUser | null,
  ): void {
    const name = url.pathname.split('/').pop()!;
    const request = `${req.method ?? 'GET'} ${url.pathname}${url.search}`;
    const answer = (params: Record<string, unknown>, body?: unknown) => {
      const { status, body: text } = this.world.datastore.answer(
        name,
        request,
        params,
        body,
        user,
        this.world.help(name),
      );
      res.writeHead(status, {
        'Content-Type': 'application/json;charset=utf-8',
        'Content-Length': String(Buffer.byteLength(text)),
      });
      res.end(text);
    };
    if (req.method !== 'POST') return answer(Object.fromEntries(url.searchParams));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as typeof body;
      } catch {
        // CKAN answers an unreadable body as if it were empty; so does the fake.
      }
      answer(body, body);
    });
  }

  private download(
    res: ServerResponse,
    datasetRef: string,
    resourceId: string,
    user: FakeUser | null,
  ) {
    const found = this.world.resourceIn(datasetRef, resourceId);
    if (!found)
      return sendHtml(res, 404, '<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>');
    if (!this.world.canRead(found.dataset, user)) {
      if (found.dataset.id !== this.world.air.privateDataset)
        return sendFixture(res, forbiddenPage);
      const page = downloadFixture('download.private-air-csv.anonymous', this.world.version);
      return sendFixture(res, page);
    }
    if (found.resource.url_type !== 'upload') {
      res.writeHead(302, { Location: String(found.resource.url) });
      res.end();
      return;
    }
    const file = this.world.fileOf(resourceId);
    if (!file)
      return sendHtml(res, 404, '<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>');
    res.writeHead(200, {
      ...Object.fromEntries(file.headers),
      'Content-Length': String(file.body.length),
    });
    res.end(file.body);
  }
}

function sendJson(res: ServerResponse, answer: { status: number; response: unknown }): void {
  const body = JSON.stringify(answer.response);
  res.writeHead(answer.status, {
    'Content-Type': 'application/json;charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

function sendFixture(
  res: ServerResponse,
  file: { status: number; headers: ReadonlyArray<readonly [string, string]>; body: Buffer },
) {
  const headers = Object.fromEntries(file.headers);
  const chunked = Object.keys(headers).some((h) => h.toLowerCase() === 'transfer-encoding');
  if (!chunked) headers['Content-Length'] = String(file.body.length);
  res.writeHead(file.status, headers);
  if (chunked) res.write(file.body);
  res.end(chunked ? undefined : file.body);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(html);
}
