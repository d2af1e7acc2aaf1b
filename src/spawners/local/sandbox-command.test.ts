import { readFileSync } from 'node:fs';
import { jupyterCustomCss } from './jupyter-custom-css.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HubError } from '../../errors/hub-error.js';
import { parseLocalState } from './local-state.js';
import {
  buildCopyCommand,
  buildServerCommand,
  type SandboxBase,
  type ServerCommandInput,
} from './sandbox-command.js';
import { sandboxEnv } from './sandbox-env.js';

const base: SandboxBase = {
  bwrapPath: '/usr/bin/bwrap',
  setprivPath: '/usr/bin/setpriv',
  runAs: { uid: 64000, gid: 64000 },
  mounts: { readOnly: ['/usr', '/etc'], symlinks: [{ path: '/bin', target: 'usr/bin' }] },
  tmpBytes: 1024,
};
const input: ServerCommandInput = {
  ...base,
  pythonPath: '/usr/bin/python3',
  workspace: "/data/workspaces/it's",
  port: 41234,
  baseUrl: '/user/abc/',
  token: 'the-token',
  sessionId: 'abc',
  instanceId: 'inst1',
  env: { HOME: '/home/jovyan', CKAN_SITE_URL: 'http://ckan' },
  cgroupProcsFiles: [
    '/sys/fs/cgroup/memory/x/cgroup.procs',
    "/sys/fs/cgroup/pids/it's/cgroup.procs",
  ],
};

/** The value following `flag` in `args`. */
const after = (args: string[], flag: string, ...rest: string[]) => {
  const i = args.findIndex((a, j) => a === flag && rest.every((r, k) => args[j + 1 + k] === r));
  return i < 0 ? undefined : args[i + 1 + rest.length];
};

test('the server command joins the cgroups in a shell, then drops to the sandbox uid and enters bwrap', () => {
  const { file, args } = buildServerCommand(input);
  assert.equal(file, '/bin/sh');
  assert.equal(args[0], '-c');
  assert.match(
    args[1]!,
    /^echo \$\$ > '\/sys\/fs\/cgroup\/memory\/x\/cgroup.procs' \|\| exit 125; /,
  );
  assert.ok(args[1]!.includes(`'/sys/fs/cgroup/pids/it'\\''s/cgroup.procs'`), args[1]);
  assert.ok(args[1]!.endsWith('exec "$@"'));
  assert.deepEqual(args.slice(2, 9), [
    'sh',
    '/usr/bin/setpriv',
    '--reuid=64000',
    '--regid=64000',
    '--clear-groups',
    '--no-new-privs',
    '/usr/bin/bwrap',
  ]);
});

test('without cgroups or root it runs bwrap directly', () => {
  const { file, args } = buildServerCommand({ ...input, runAs: null, cgroupProcsFiles: [] });
  assert.equal(file, '/usr/bin/bwrap');
  assert.equal(args[0], '--unshare-user');
});

test('the sandbox has its own namespaces but the host network, a read-only system and only home writable', () => {
  const { args } = buildServerCommand(input);
  for (const flag of [
    '--unshare-user',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--disable-userns',
  ]) {
    assert.ok(args.includes(flag), flag);
  }
  assert.equal(args.includes('--unshare-net'), false);
  assert.equal(args.includes('--unshare-all'), false);
  assert.equal(args.includes('--die-with-parent'), false, 'the server must outlive the hub');
  assert.equal(after(args, '--ro-bind', '/usr'), '/usr');
  assert.equal(after(args, '--ro-bind', '/etc'), '/etc');
  assert.equal(after(args, '--symlink', 'usr/bin'), '/bin');
  assert.equal(after(args, '--bind', input.workspace), '/home/jovyan');
  assert.equal(after(args, '--remount-ro'), '/dev');
  assert.ok(
    args.indexOf('/') > args.indexOf(input.workspace),
    'the root is made read-only after every mount',
  );
  assert.equal(after(args, '--chdir'), '/home/jovyan');
});

test('markers and env go on the bwrap command line; the token only into the environment', () => {
  const { args, env } = buildServerCommand(input);
  assert.equal(after(args, '--setenv', 'CNH_HUB'), 'inst1');
  assert.equal(after(args, '--setenv', 'CNH_SESSION_ID'), 'abc');
  assert.equal(after(args, '--setenv', 'CKAN_SITE_URL'), 'http://ckan');
  assert.equal(
    args.some((a) => a.includes('the-token')),
    false,
  );
  assert.deepEqual(Object.keys(env).sort(), ['JUPYTER_TOKEN', 'PATH']);
  assert.equal(env.JUPYTER_TOKEN, 'the-token');
});

test('the notebook server listens on loopback at its port and base URL and accepts the proxied Host', () => {
  const server = buildServerCommand(input).args.slice(
    buildServerCommand(input).args.indexOf('--') + 1,
  );
  assert.deepEqual(server.slice(0, 3), ['/usr/bin/python3', '-m', 'notebook']);
  for (const flag of [
    '--no-browser',
    '--ip=127.0.0.1',
    '--port=41234',
    '--NotebookApp.port_retries=0',
    '--NotebookApp.base_url=/user/abc/',
    '--NotebookApp.allow_remote_access=True',
    '--NotebookApp.notebook_dir=/home/jovyan',
    '--NotebookApp.terminals_enabled=False',
    '--NotebookApp.quit_button=False',
  ]) {
    assert.ok(server.includes(flag), flag);
  }
  assert.equal(
    server.some((a) => a.startsWith('--NotebookApp.allow_origin')),
    false,
  );
});

test('with a shared static copy the server links its static files there; without, it keeps its own', () => {
  const shared = { prefix: '/nbstatic/local-abc/', key: 'local-abc' };
  const withCopy = buildServerCommand({ ...input, sharedStatic: shared }).args;
  assert.ok(
    withCopy.includes('--NotebookApp.tornado_settings=static_url_prefix=/nbstatic/local-abc/'),
  );
  assert.ok(withCopy.includes('--NotebookApp.tornado_settings=version_hash=local-abc'));
  const without = buildServerCommand(input).args;
  assert.equal(
    without.some((a) => a.includes('tornado_settings')),
    false,
  );
});

test('the copy command runs cp inside a sandbox with the source read-only', () => {
  const { args } = buildCopyCommand(base, '/stage', '/ws');
  assert.equal(after(args, '--ro-bind', '/stage'), '/source');
  assert.equal(after(args, '--bind', '/ws'), '/home/jovyan');
  assert.deepEqual(args.slice(args.indexOf('--') + 1), [
    '/bin/cp',
    '-R',
    '-T',
    '--remove-destination',
    '/source',
    '/home/jovyan',
  ]);
});

test('the sandbox environment is built from scratch and refuses reserved or malformed names', () => {
  process.env.CNH_UNIT_HUB_SECRET = 'hub-only';
  try {
    const env = sandboxEnv({ CKAN_DATASET_ID: 'd1' });
    assert.equal(env.HOME, '/home/jovyan');
    assert.equal(env.CKAN_DATASET_ID, 'd1');
    assert.equal('CNH_UNIT_HUB_SECRET' in env, false);
  } finally {
    delete process.env.CNH_UNIT_HUB_SECRET;
  }
  for (const bad of ['JUPYTER_TOKEN', 'CNH_SESSION_ID', 'A=B', '1X', '']) {
    assert.throws(
      () => sandboxEnv({ [bad]: 'x' }),
      (e: unknown) => e instanceof HubError && e.code === 'spawn_failed',
      bad,
    );
  }
});

test('a state is read back only when it is a local one with a valid session id', () => {
  assert.equal(parseLocalState({}), null);
  assert.equal(parseLocalState({ kind: 'docker', sessionId: 'abc' }), null);
  assert.equal(parseLocalState({ kind: 'local', sessionId: '../etc' }), null);
  const state = parseLocalState({
    kind: 'local',
    sessionId: 'abc',
    pid: -4,
    port: 80,
    limits: 'weird',
  });
  assert.deepEqual(state && { pid: state.pid, port: state.port, limits: state.limits }, {
    pid: null,
    port: 80,
    limits: 'none',
  });
});

test('the sessions’ custom.css is bound read-only into the sandbox’s Jupyter config folder', () => {
  const { args } = buildServerCommand({ ...input, customCss: '/data/jupyter-custom/custom.css' });
  assert.equal(
    after(args, '--ro-bind', '/data/jupyter-custom/custom.css'),
    '/tmp/jupyter-config/custom/custom.css',
  );
  assert.ok(
    args.indexOf('/data/jupyter-custom/custom.css') > args.lastIndexOf('/tmp'),
    'after /tmp',
  );
  assert.equal(
    buildServerCommand(input).args.includes('/tmp/jupyter-config/custom/custom.css'),
    false,
  );
});

test('the Docker image ships the same custom.css as the local spawner (Logout hidden)', () => {
  const shipped = readFileSync(
    new URL('../../../images/notebook/custom.css', import.meta.url),
    'utf8',
  );
  assert.equal(shipped, jupyterCustomCss);
  assert.match(shipped, /#login_widget\s*\{\s*display: none !important;/);
});
