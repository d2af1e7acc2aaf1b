import assert from 'node:assert/strict';
import type {
  LaunchSpec,
  ResourceLimits,
  ServerStatus,
  StartedServer,
} from '../../src/spawners/spawner.js';
import { waitUntilReady } from '../../src/jupyter/wait-until-ready.js';
import { tokenEndpoint, type JupyterEndpoint } from '../helpers/kernel.js';
import { testSessionId, testToken } from '../helpers/session-id.js';
import type { SpawnerUnderTest } from './spawner-contract.js';

export interface Launched {
  readonly spec: LaunchSpec;
  readonly started: StartedServer;
}

const readyTimeoutMs = 60_000;
const exitTimeoutMs = 30_000;

/** Starts sessions for the contract suite and remembers them, so `stopAll` leaves nothing behind. */
export class ContractSessions {
  private readonly launched: Launched[] = [];
  private readonly sessionIds = new Set<string>();

  constructor(
    private readonly sut: SpawnerUnderTest,
    private readonly limits: ResourceLimits,
  ) {}

  spec(overrides: Partial<LaunchSpec> = {}): LaunchSpec {
    const sessionId = overrides.sessionId ?? testSessionId('contract');
    this.sessionIds.add(sessionId);
    return {
      sessionId,
      baseUrl: `/user/${sessionId}/`,
      token: testToken(),
      limits: this.limits,
      env: {},
      filesDir: null,
      ...overrides,
    };
  }

  async launch(overrides: Partial<LaunchSpec> = {}): Promise<Launched> {
    const spec = this.spec(overrides);
    const started = await this.sut.spawner.start(spec, new AbortController().signal);
    const launched = { spec, started };
    this.launched.push(launched);
    return launched;
  }

  /** Starts a session and aborts it `before` the call, synchronously after it, or a moment `later`. */
  async launchAborted(
    reason: Error,
    when: 'before' | 'sync' | 'later',
  ): Promise<{ sessionId: string; outcome: { rejected: boolean; error?: unknown } }> {
    const spec = this.spec();
    const controller = new AbortController();
    if (when === 'before') controller.abort(reason);
    const starting = this.sut.spawner.start(spec, controller.signal);
    if (when === 'sync') controller.abort(reason);
    if (when === 'later') setTimeout(() => controller.abort(reason), 5);
    try {
      const started = await starting;
      // It won the race against the abort: an ordinary stop must still leave nothing.
      await this.sut.spawner.stop(started.state);
      return { sessionId: spec.sessionId, outcome: { rejected: false } };
    } catch (error) {
      return { sessionId: spec.sessionId, outcome: { rejected: true, error } };
    }
  }

  endpoint(launched: Launched): JupyterEndpoint {
    return tokenEndpoint(launched.started.url, launched.spec.baseUrl, launched.spec.token);
  }

  url(launched: Launched, apiPath: string): string {
    return new URL(apiPath, this.endpoint(launched).url).href;
  }

  ready(launched: Launched): Promise<void> {
    const { started, spec } = launched;
    const signal = new AbortController().signal;
    return waitUntilReady(started.url, spec.baseUrl, spec.token, {
      signal,
      timeoutMs: readyTimeoutMs,
    });
  }

  /** GET with the token. */
  get(launched: Launched, apiPath: string): Promise<Response> {
    return fetch(this.url(launched, apiPath), { headers: this.endpoint(launched).headers });
  }

  async fileText(launched: Launched, path: string): Promise<string> {
    const response = await this.get(
      launched,
      `api/contents/${path}?type=file&format=text&content=1`,
    );
    assert.equal(response.status, 200, `${path}: HTTP ${response.status}`);
    return ((await response.json()) as { content: string }).content;
  }

  async pollUntilStopped(launched: Launched): Promise<ServerStatus> {
    const deadline = performance.now() + exitTimeoutMs;
    for (;;) {
      const status = await this.sut.spawner.poll(launched.started.state);
      if (!status.running || performance.now() > deadline) return status;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async assertNothingLeft(sessionId: string): Promise<void> {
    const owned = (await this.sut.spawner.listOwned()).filter((o) => o.sessionId === sessionId);
    assert.deepEqual(owned, [], `listOwned still lists ${sessionId}`);
    if (this.sut.leftovers) assert.deepEqual(await this.sut.leftovers(sessionId), []);
  }

  /** Stops everything the suite started, whatever state the tests left it in. */
  async stopAll(): Promise<void> {
    for (const { started } of this.launched) {
      await this.sut.spawner.stop(started.state).catch(() => undefined);
    }
    const owned = await this.sut.spawner.listOwned().catch(() => []);
    for (const server of owned) {
      if (this.sessionIds.has(server.sessionId))
        await this.sut.spawner.stop(server.state).catch(() => undefined);
    }
  }
}
