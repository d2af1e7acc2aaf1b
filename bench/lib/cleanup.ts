/**
 * Cleanups a benchmark registers as it starts things (hubs, containers, processes, the
 * browser), run in reverse order on the normal end, on a failure and on SIGINT/SIGTERM,
 * so that nothing it started outlives it. Each cleanup runs once; a failing one is
 * reported and does not stop the others.
 */
type Cleanup = () => Promise<void> | void;

const stack: Array<{ name: string; run: Cleanup }> = [];
let signalsHooked = false;

/** Registers `run`; returns a function that runs it now (once) and unregisters it. */
export function onCleanup(name: string, run: Cleanup): () => Promise<void> {
  hookSignals();
  const entry = { name, run };
  stack.push(entry);
  return async () => {
    const index = stack.indexOf(entry);
    if (index < 0) return;
    stack.splice(index, 1);
    await entry.run();
  };
}

/** Runs every registered cleanup, newest first. */
export async function runCleanups(): Promise<void> {
  while (stack.length > 0) {
    const entry = stack.pop()!;
    try {
      await entry.run();
    } catch (error) {
      console.error(`cleanup ${entry.name} failed:`, error);
    }
  }
}

function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`${signal}: cleaning up`);
      void runCleanups().finally(() => process.exit(130));
    });
  }
}
