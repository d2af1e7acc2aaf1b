/**
 * The command a session container runs, by `serverPreset` (the image decides which one
 * fits). Every preset serves under the session's `baseUrl`, on 0.0.0.0:8888 inside the
 * container, with the session token, remote access allowed (the hub forwards the
 * browser's Host header), no browser, no terminals and the home folder as its root:
 *
 * | preset      | command                             | flags            | for images with                  |
 * | ----------- | ----------------------------------- | ---------------- | -------------------------------- |
 * | `notebook6` | `python3 -m notebook`               | `--NotebookApp.*` | Notebook 6 (the default image, Debian's 6.4) |
 * | `notebook7` | `jupyter notebook`                  | `--ServerApp.*`  | Notebook 7 on jupyter_server     |
 * | `lab`       | `jupyter lab`                       | `--ServerApp.*`  | JupyterLab (e.g. quay.io/jupyter/scipy-notebook) |
 *
 * The notebook URL layout follows the preset: `/notebooks/<path>` for both notebook
 * presets, `/lab/tree/<path>` for `lab`. The image's ENTRYPOINT (e.g. tini) is kept.
 */
import { staticPrefixFlags, type SharedStaticCopy } from '../../static/static-copies.js';

export type ServerPreset = 'notebook6' | 'notebook7' | 'lab';

export const serverPresets: readonly ServerPreset[] = ['notebook6', 'notebook7', 'lab'];

/** The port the server listens on inside its container. */
export const serverPort = 8888;

/** The image's notebook user where the options leave it out: `/home/jovyan`, uid 1000. */
export function notebookUser(options: { readonly homeDir?: string; readonly uid?: number }): {
  readonly homeDir: string;
  readonly uid: number;
} {
  return { homeDir: options.homeDir ?? '/home/jovyan', uid: options.uid ?? 1000 };
}

export interface ServerCommandInput {
  readonly preset: ServerPreset;
  readonly baseUrl: string;
  readonly token: string;
  /** The folder the server shows (where the session's files are copied). */
  readonly homeDir: string;
  /** notebook6 only: the hub's shared static copy (static-copies.ts), or null for the server's own static path. */
  readonly sharedStatic?: SharedStaticCopy | null;
}

/** The container command (`Cmd`) for a preset. */
export function serverCommand(input: ServerCommandInput): string[] {
  const { preset, baseUrl, token, homeDir } = input;
  if (preset === 'notebook6') {
    return [
      'python3',
      '-m',
      'notebook',
      ...commonFlags,
      ...appFlags('NotebookApp', { baseUrl, token }),
      `--NotebookApp.notebook_dir=${homeDir}`,
      '--NotebookApp.quit_button=False',
      ...(input.sharedStatic
        ? staticPrefixFlags(input.sharedStatic.prefix, input.sharedStatic.key)
        : []),
    ];
  }
  return [
    'jupyter',
    preset === 'lab' ? 'lab' : 'notebook',
    ...commonFlags,
    ...appFlags('ServerApp', { baseUrl, token }),
    `--ServerApp.root_dir=${homeDir}`,
  ];
}

const commonFlags = ['--no-browser', '--ip=0.0.0.0', `--port=${serverPort}`];

function appFlags(app: string, { baseUrl, token }: { baseUrl: string; token: string }): string[] {
  return [
    `--${app}.token=${token}`,
    `--${app}.base_url=${baseUrl}`,
    `--${app}.port_retries=0`,
    `--${app}.allow_remote_access=True`,
    `--${app}.terminals_enabled=False`,
    `--${app}.log_level=WARN`,
  ];
}
