import Docker from 'dockerode';

/**
 * Idle timeout of every Engine API request: a daemon that accepted the connection but
 * stopped answering (frozen, overloaded) fails the call instead of hanging a launch.
 * Longer than the slowest legitimate silence (a container stop's grace period).
 */
export const requestIdleTimeoutMs = 30_000;

/**
 * A dockerode client on a Unix socket. docker-modem opens a new connection per request,
 * so a daemon that went away and came back is used again without recreating anything.
 * The API version is not pinned: the daemon answers in its own.
 */
export function createDockerClient(socketPath: string): Docker {
  return new Docker({ socketPath, timeout: requestIdleTimeoutMs });
}

/** The HTTP status of a failed Engine API call, or null for transport errors. */
export function statusOf(error: unknown): number | null {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : null;
}

/**
 * Resolves `call`, treating the listed statuses as success (DockerSpawner's idempotence:
 * 404 on inspect or remove = gone, 304 on stop = already stopped, 409 on remove =
 * removal already in progress). Resolves undefined for those.
 */
export async function tolerating<T>(
  call: Promise<T>,
  ...statuses: number[]
): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    const status = statusOf(error);
    if (status !== null && statuses.includes(status)) return undefined;
    throw error;
  }
}

/** The daemon's message of a failed call (`(HTTP code 409) conflict - <message>`), for logs. */
export function dockerMessage(error: unknown): string {
  const json = (error as { json?: { message?: unknown } } | null)?.json;
  if (json && typeof json.message === 'string') return json.message;
  return error instanceof Error ? error.message : String(error);
}

/** `GET /_ping`, given up after `timeoutMs` (dockerode's types omit the signal option). */
export async function pingDocker(docker: Docker, timeoutMs: number): Promise<void> {
  const ping = docker.ping as unknown as (options: {
    abortSignal: AbortSignal;
  }) => Promise<unknown>;
  await ping.call(docker, { abortSignal: AbortSignal.timeout(timeoutMs) });
}

/** The text of a non-TTY `logs` answer: Docker prefixes every chunk with an 8-byte stream header. */
export function demuxLogs(raw: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= raw.length && raw[offset]! <= 2 && raw.readUInt16BE(offset + 1) === 0) {
    const size = raw.readUInt32BE(offset + 4);
    parts.push(raw.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return parts.length > 0 ? Buffer.concat(parts).toString('utf8') : raw.toString('utf8');
}
