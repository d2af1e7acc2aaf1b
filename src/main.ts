/**
 * The entry point: parse flags, load and validate the config (refusing to start with
 * every bad key named), build the hub, re-adopt sessions, listen. SIGINT/SIGTERM close
 * the hub gracefully within `shutdownTimeoutSeconds`; running sessions are left for the
 * next start to re-adopt (or cull), as a hub restart must not cost visitors their work.
 */
import { helpText, parseArgs } from './config/cli.js';
import { ConfigError, loadConfig } from './config/load.js';
import { buildHub } from './app.js';
import { DataFolderInUse } from './data/data-folder-lock.js';
import { shutdownWithDeadline } from './shutdown.js';

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const args = parseArgs(argv);
  if (args.help) {
    console.log(helpText());
    return;
  }
  let config;
  try {
    config = loadConfig({ env, flags: args.flags, configFile: args.configFile });
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`ckan-notebook-hub: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  let hub;
  try {
    hub = await buildHub({ config });
  } catch (e) {
    // Refused before anything changed: a second hub on this data folder, or a secret
    // that other users can read.
    if (e instanceof DataFolderInUse || e instanceof ConfigError) {
      console.error(`ckan-notebook-hub: ${e.message}`);
      process.exit(e instanceof DataFolderInUse ? 3 : 2);
    }
    throw e;
  }
  await hub.start();
  const url = await hub.listen();
  const { adminTokenFile } = hub.ctx.secrets;
  console.log(`ckan-notebook-hub listening on ${url} (spawner: ${hub.manager.deps.spawner.kind})`);
  console.log(`admin dashboard on ${hub.adminUrl()}admin (an origin of its own)`);
  if (adminTokenFile) console.log(`admin token: in ${adminTokenFile}`);
  const shutdown = (signal: string) =>
    shutdownWithDeadline(signal, {
      close: () => hub.close(),
      deadlineMs: config.shutdownTimeoutSeconds * 1000,
      nowMs: () => performance.now(),
      exit: (code) => process.exit(code),
      log: (message, fields) => hub.ctx.log.info(message, fields),
      // Not unref'd: the deadline also keeps the process up until close() has settled.
      arm: (ms, onDeadline) => void setTimeout(onDeadline, ms),
    });
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
