/**
 * Wraps a real spawner so a test can hold the hub's `setCpu` call (the drop from the
 * start-up CPU share to the admin's limit) and look at the server in between: started,
 * answering, still boosted. Everything else goes straight to the real spawner.
 */
import type { Spawner, SpawnerState } from '../../src/spawners/spawner.js';

export interface SetCpuCall {
  readonly state: SpawnerState;
  readonly cpuPercent: number;
}

export class SettleGate {
  readonly calls: SetCpuCall[] = [];
  readonly spawner: Spawner;
  private gate: { promise: Promise<void>; open: () => void } | null = null;
  private listeners: Array<() => void> = [];

  constructor(inner: Spawner) {
    if (!inner.setCpu) throw new Error(`the ${inner.kind} spawner has no setCpu`);
    const setCpu = inner.setCpu.bind(inner);
    this.spawner = {
      kind: inner.kind,
      start: (spec, signal) => inner.start(spec, signal),
      stop: (state) => inner.stop(state),
      poll: (state) => inner.poll(state),
      addFiles: (state, dir) => inner.addFiles(state, dir),
      listOwned: () => inner.listOwned(),
      check: () => inner.check(),
      close: () => inner.close(),
      setCpu: async (state, cpuPercent) => {
        this.calls.push({ state, cpuPercent });
        for (const listener of this.listeners.splice(0)) listener();
        await this.gate?.promise;
        await setCpu(state, cpuPercent);
      },
    };
  }

  /** From now on, `setCpu` calls wait until `release`. */
  hold(): void {
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.gate = { promise, open };
  }

  release(): void {
    this.gate?.open();
    this.gate = null;
  }

  /** The `index`-th call (0-based), once it has been made. */
  async call(index: number, timeoutMs = 180_000): Promise<SetCpuCall> {
    const deadline = Date.now() + timeoutMs;
    while (this.calls.length <= index) {
      if (Date.now() > deadline) throw new Error(`setCpu was called ${this.calls.length} times`);
      await new Promise<void>((resolve) => {
        this.listeners.push(resolve);
        setTimeout(resolve, 1000);
      });
    }
    return this.calls[index]!;
  }
}
