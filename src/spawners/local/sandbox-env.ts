import { HubError } from '../../errors/hub-error.js';
import { sandboxJupyterConfigDir } from './jupyter-custom-css.js';
import { hubMarker, sandboxHome, sessionMarker } from './sandbox-command.js';

const namePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;
const reserved = new Set(['JUPYTER_TOKEN', hubMarker, sessionMarker]);

/**
 * The sandboxed server's environment, built from scratch: nothing of the hub's own
 * environment (which holds its secrets) reaches a session. Jupyter's runtime and config files,
 * IPython's profile, caches and matplotlib's config go to the sandbox's /tmp so the
 * workspace holds only the visitor's files. `extra` (the launch spec's env) comes last
 * but cannot replace the token or the markers.
 */
export function sandboxEnv(extra: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {
    HOME: sandboxHome,
    USER: 'jovyan',
    LOGNAME: 'jovyan',
    SHELL: '/bin/sh',
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    JUPYTER_RUNTIME_DIR: '/tmp/jupyter-runtime',
    JUPYTER_CONFIG_DIR: sandboxJupyterConfigDir,
    IPYTHONDIR: '/tmp/ipython',
    MPLCONFIGDIR: '/tmp/matplotlib',
    XDG_CACHE_HOME: '/tmp/cache',
  };
  for (const [name, value] of Object.entries(extra)) {
    if (!namePattern.test(name) || reserved.has(name) || value.includes('\0')) {
      throw new HubError('spawn_failed', {
        cause: new Error(
          `environment variable ${JSON.stringify(name)} cannot be passed to a session`,
        ),
      });
    }
    env[name] = value;
  }
  return env;
}
