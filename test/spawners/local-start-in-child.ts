/**
 * Run as its own Node process by the local spawner tests: starts one session with a
 * fresh LocalSpawner, waits until its server answers (so the sandbox has become the
 * `bwrap` process a later hub adopts, not still the shell that execs it), prints the
 * StartedServer as one JSON line, then waits to be killed — standing in for a hub that
 * dies while its servers run.
 */
import { waitUntilReady } from '../../src/jupyter/wait-until-ready.js';
import { LocalSpawner } from '../../src/spawners/local/local-spawner.js';

const { options, spec } = JSON.parse(process.argv[2]!);
const signal = new AbortController().signal;
const started = await new LocalSpawner(options).start(spec, signal);
await waitUntilReady(started.url, spec.baseUrl, spec.token, { signal, timeoutMs: 60_000 });
process.stdout.write(`${JSON.stringify(started)}\n`);
setInterval(() => undefined, 60_000);
