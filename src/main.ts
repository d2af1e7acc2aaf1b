/**
 * The entry point: parse flags, load and validate the config (refusing to start with
 * every bad key named), build the hub, re-adopt sessions, listen. SIGINT/SIGTERM close
 * the hub gracefully; running sessions are left for the next start to re-adopt (or
 * cull), as a hub restart must not cost visitors their work.
 */
import { helpText, parseArgs } from './config/cli.js';
import { ConfigError, loadConfig } from './config/load.js';
import { buildHub } from './app.js';
import { DataFolderInUse } from './data/data-folder-lock.js';

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
  const shutdown = (signal: string) => {
    console.log(`${signal}: closing (sessions keep running and are re-adopted on the next start)`);
    hub.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
