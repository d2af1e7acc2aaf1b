/**
 * Pure builders for the commands the local spawner runs: the notebook server in its
 * bubblewrap sandbox, the sandboxed copy that adds files to a running session, and the
 * probe behind `check()`. Nothing here touches the system, so the exact flags are
 * unit-tested without starting anything.
 */
import { staticPrefixFlags, type SharedStaticCopy } from '../../static/static-copies.js';
import { sandboxJupyterConfigDir } from './jupyter-custom-css.js';
import type { SandboxMounts } from './system-layout.js';

/** The visitor's home and working directory inside every sandbox. */
export const sandboxHome = '/home/jovyan';
/** uid and gid inside the sandbox (the docker-stacks convention); mapped to an unprivileged host uid. */
export const sandboxUid = 1000;
/** `--setenv` names that mark a sandbox's command line, so `/proc` tells whose it is. */
export const hubMarker = 'CNH_HUB';
export const sessionMarker = 'CNH_SESSION_ID';

export interface SandboxBase {
  readonly bwrapPath: string;
  readonly setprivPath: string;
  /** Host uid/gid to switch to before entering the sandbox (hub runs as root), else null. */
  readonly runAs: { readonly uid: number; readonly gid: number } | null;
  readonly mounts: SandboxMounts;
  /** Size cap of the sandbox's /tmp and /dev/shm (memory-backed). */
  readonly tmpBytes: number;
  /** Host path of the sessions' Jupyter custom.css (see jupyter-custom-css.ts), or null. */
  readonly customCss?: string | null;
}

export interface ServerCommandInput extends SandboxBase {
  readonly pythonPath: string;
  readonly workspace: string;
  readonly port: number;
  readonly baseUrl: string;
  readonly token: string;
  readonly sessionId: string;
  readonly instanceId: string;
  /** The whole environment of the server besides the token: built from scratch, never the hub's. */
  readonly env: Readonly<Record<string, string>>;
  /** `cgroup.procs` files the process joins before it execs anything; empty runs without limits. */
  readonly cgroupProcsFiles: readonly string[];
  /** The hub's shared static copy the server links to (static-copies.ts), or null for its own static path. */
  readonly sharedStatic?: SharedStaticCopy | null;
}

export interface Command {
  readonly file: string;
  readonly args: string[];
  readonly env: Record<string, string>;
}

const hostPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function buildServerCommand(input: ServerCommandInput): Command {
  const setenv = Object.entries(input.env).flatMap(([name, value]) => ['--setenv', name, value]);
  const server = [
    input.pythonPath,
    '-m',
    'notebook',
    '--no-browser',
    '--ip=127.0.0.1',
    `--port=${input.port}`,
    '--NotebookApp.port_retries=0',
    `--NotebookApp.base_url=${input.baseUrl}`,
    // The hub forwards the browser's Host header; the server's own DNS-rebinding check would refuse it.
    '--NotebookApp.allow_remote_access=True',
    `--NotebookApp.notebook_dir=${sandboxHome}`,
    '--NotebookApp.quit_button=False',
    '--NotebookApp.terminals_enabled=False',
    '--NotebookApp.log_level=WARN',
    ...(input.sharedStatic
      ? staticPrefixFlags(input.sharedStatic.prefix, input.sharedStatic.key)
      : []),
  ];
  const argv = [
    ...privilegeDrop(input),
    ...bwrapArgs(input, ['--bind', input.workspace, sandboxHome, ...customCssMount(input)]),
    ...['--setenv', hubMarker, input.instanceId, '--setenv', sessionMarker, input.sessionId],
    ...setenv,
    '--',
    ...server,
  ];
  // The token travels in the environment, which only root and the sandbox uid can read, not in the world-readable command line.
  const env = { PATH: hostPath, JUPYTER_TOKEN: input.token };
  if (input.cgroupProcsFiles.length === 0) return { file: argv[0]!, args: argv.slice(1), env };
  const join = input.cgroupProcsFiles
    .map((file) => `echo $$ > ${shellQuote(file)} || exit 125`)
    .join('; ');
  return { file: '/bin/sh', args: ['-c', `${join}; exec "$@"`, 'sh', ...argv], env };
}

/** `cp` run as the sandbox user with only the workspace writable, so a visitor's symlinks cannot redirect it. */
export function buildCopyCommand(base: SandboxBase, sourceDir: string, workspace: string): Command {
  const argv = [
    ...privilegeDrop(base),
    ...bwrapArgs(base, ['--ro-bind', sourceDir, '/source', '--bind', workspace, sandboxHome]),
    '--',
    '/bin/cp',
    '-R',
    '-T',
    '--remove-destination',
    '/source',
    sandboxHome,
  ];
  return { file: argv[0]!, args: argv.slice(1), env: { PATH: hostPath } };
}

/** Runs Python inside an empty sandbox and imports the notebook server and kernel. */
export function buildProbeCommand(base: SandboxBase, pythonPath: string): Command {
  const code = 'import notebook, ipykernel; print(notebook.__version__)';
  const argv = [
    ...privilegeDrop(base),
    ...bwrapArgs(base, ['--tmpfs', sandboxHome]),
    '--',
    pythonPath,
    '-c',
    code,
  ];
  return { file: argv[0]!, args: argv.slice(1), env: { PATH: hostPath } };
}

function customCssMount(base: SandboxBase): string[] {
  if (!base.customCss) return [];
  return ['--ro-bind', base.customCss, `${sandboxJupyterConfigDir}/custom/custom.css`];
}

function privilegeDrop(base: SandboxBase): string[] {
  if (base.runAs === null) return [base.bwrapPath];
  const { uid, gid } = base.runAs;
  return [
    base.setprivPath,
    `--reuid=${uid}`,
    `--regid=${gid}`,
    '--clear-groups',
    '--no-new-privs',
    base.bwrapPath,
  ];
}

function bwrapArgs(base: SandboxBase, homeMount: string[]): string[] {
  const size = String(base.tmpBytes);
  return [
    // Own user, mount, PID, IPC, UTS and cgroup namespaces; the network is shared so the hub reaches the server on 127.0.0.1.
    '--unshare-user',
    '--unshare-ipc',
    '--unshare-pid',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--disable-userns',
    '--new-session',
    '--hostname',
    'notebook',
    '--uid',
    String(sandboxUid),
    '--gid',
    String(sandboxUid),
    ...base.mounts.readOnly.flatMap((path) => ['--ro-bind', path, path]),
    ...base.mounts.symlinks.flatMap(({ path, target }) => ['--symlink', target, path]),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    size,
    '--tmpfs',
    '/dev/shm',
    '--size',
    size,
    '--tmpfs',
    '/tmp',
    ...homeMount,
    // bwrap's root and /dev are writable tmpfs; only home, /tmp and /dev/shm may be.
    '--remount-ro',
    '/dev',
    '--remount-ro',
    '/',
    '--chdir',
    sandboxHome,
  ];
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
