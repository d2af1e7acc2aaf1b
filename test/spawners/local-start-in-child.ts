/**
 * Run as its own Node process by the local spawner tests: starts one session with a
 * fresh LocalSpawner, prints the StartedServer as one JSON line, then waits to be
 * killed — standing in for a hub that dies while its servers run.
 */
import { LocalSpawner } from '../../src/spawners/local/local-spawner.js';

const { options, spec } = JSON.parse(process.argv[2]!);
const started = await new LocalSpawner(options).start(spec, new AbortController().signal);
process.stdout.write(`${JSON.stringify(started)}\n`);
setInterval(() => undefined, 60_000);
