/**
 * The hub as a separate process, started through its real entry point, so tests can
 * `kill -9` it and start it again on the same port and data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const runHub = fileURLToPath(new URL('./run-hub.ts', import.meta.url));

export interface HubProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startHubProcess(
  args: string[],
  env: Record<string, string> = {},
): Promise<HubProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', runHub, ...args], {
    // Admin listener on a free port: tests run side by side on one machine.
    env: { ...process.env, HUB_LOG_LEVEL: 'info', HUB_ADMIN_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${output}`)), 60_000);
    const check = () => {
      const match = /listening on (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code}:\n${output}`));
    });
  });
  return { child, url, output: () => output };
}

export async function killHard(hub: HubProcess): Promise<void> {
  if (hub.child.exitCode !== null) return;
  const exited = new Promise((resolve) => hub.child.once('exit', resolve));
  hub.child.kill('SIGKILL');
  await exited;
}
