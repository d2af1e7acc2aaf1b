/**
 * Runs a real hub for integration tests: a temp data folder, the real local sandbox
 * spawner (or the one given), listening on 127.0.0.1 with a free port. `Browserless`
 * visitors keep their own cookie, like separate browsers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHub, type Hub } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load.js';
import type { ConfigKey } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';
import type { Spawner } from '../../src/spawners/spawner.js';

export interface TestHub {
  readonly hub: Hub;
  readonly url: string;
  readonly origin: string;
  /** The admin listener's base URL (the dashboard: `${adminUrl}admin`), another origin than `url`. */
  readonly adminUrl: string;
  readonly dataDir: string;
  readonly adminToken: string;
  visitor(): Visitor;
  admin(path: string, init?: RequestInit): Promise<Response>;
  /** Close the hub and stop every session's server, then remove the data folder. */
  close(): Promise<void>;
}

export async function startTestHub(
  overrides: Partial<Record<ConfigKey, unknown>> = {},
  options: { spawner?: Spawner; clock?: Clock; dataDir?: string; keepData?: boolean } = {},
): Promise<TestHub> {
  // The hub makes the folder traversable for the sandbox user itself (mkdtemp gives 0700).
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cnh-hub-'));
  const config = loadConfig({
    overrides: {
      port: 0,
      adminPort: 0,
      dataDir,
      spawner: 'local',
      adminToken: 'test-admin-token-0123456789',
      logLevel: process.env.HUB_TEST_LOG ?? 'warn',
      cullIntervalMs: 250,
      poolSize: 0,
      ...overrides,
    },
  });
  const hub = await buildHub({
    config,
    spawner: options.spawner,
    clock: options.clock,
    log: createLogger(config.logLevel),
  });
  await hub.start();
  const url = await hub.listen();
  const origin = new URL(url).origin;
  const adminToken = hub.ctx.secrets.adminToken;
  return {
    hub,
    url,
    origin,
    adminUrl: hub.adminUrl(),
    dataDir,
    adminToken,
    visitor: () => new Visitor(url, origin),
    admin: (path, init = {}) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${adminToken}`,
          'content-type': 'application/json',
          ...init.headers,
        },
      }),
    async close() {
      await Promise.all(
        [...hub.manager.live.byId.keys()].map((id) => hub.manager.end(id, 'admin')),
      );
      await hub.close();
      if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One browser-like visitor: keeps the cookie the hub sets, sends its Origin. */
export class Visitor {
  cookie: string | null = null;

  constructor(
    readonly url: string,
    readonly origin: string,
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { origin: this.origin, ...(this.cookie ? { cookie: this.cookie } : {}), ...extra };
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const target = path.startsWith('http') ? path : `${this.url}${path.replace(/^\//, '')}`;
    const response = await fetch(target, {
      redirect: 'manual',
      ...init,
      headers: this.headers(init.headers as Record<string, string> | undefined),
    });
    const set = response.headers.get('set-cookie');
    if (set?.startsWith('cnh_visitor=')) this.cookie = set.split(';')[0]!;
    return response;
  }

  async launch(
    body: Record<string, unknown>,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await this.fetch('api/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  async session(id: string): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await this.fetch(`api/sessions/${id}`);
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  /** Polls the session until it reaches `state` (or ends), within `timeoutMs`. */
  async waitFor(id: string, state: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { json } = await this.session(id);
      if (json.state === state) return json;
      if (json.state === 'ended' && state !== 'ended') {
        throw new Error(
          `session ${id} ended (${String(json.ended_reason)}: ${String(json.error)}) while waiting for ${state}`,
        );
      }
      if (Date.now() > deadline)
        throw new Error(
          `session ${id} is ${String(json.state)}, not ${state}, after ${timeoutMs} ms`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
