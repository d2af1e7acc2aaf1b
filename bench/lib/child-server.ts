/** Starting and stopping the servers a benchmark measures, each in its own process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';

export interface ChildServer {
  readonly port: number;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns `command` and waits for it to print `READY <port>` (at most `limitMs`). */
export async function startReadyChild(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  limitMs = 15_000,
): Promise<ChildServer> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')}: not ready`)), limitMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
  child.stdout!.resume();
  return { port, child, stop: () => stopChild(child) };
}

/** Spawns a server that prints nothing useful, and waits until `port` accepts connections. */
export async function startListeningChild(
  command: string,
  args: readonly string[],
  port: number,
  env: NodeJS.ProcessEnv = process.env,
  limitMs = 15_000,
): Promise<ChildServer> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + limitMs;
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`${command} exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`${command}: port ${port} never opened`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { port, child, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A port free right now on 127.0.0.1. */
export async function freeLoopbackPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
