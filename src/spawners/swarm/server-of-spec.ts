import type { ServiceSpec } from 'dockerode';
import type { JupyterServer } from '../../jupyter/jupyter-fetch.js';

const flag = /^--(?:NotebookApp|ServerApp)\.(token|base_url)=(.*)$/;

/**
 * The server a session service runs, as the hub reaches it: the token and base URL are
 * read back from the service's own command (`service-spec.ts` put them there), so the
 * spawner state never holds the token and a restarted hub can still copy files in.
 * Null when the command does not name both.
 */
export function serverOfSpec(spec: ServiceSpec, url: string): JupyterServer | null {
  let token: string | null = null;
  let baseUrl: string | null = null;
  const template = spec.TaskTemplate as { ContainerSpec?: { Command?: string[] } } | undefined;
  for (const arg of template?.ContainerSpec?.Command ?? []) {
    const match = flag.exec(arg);
    if (match?.[1] === 'token') token = match[2]!;
    if (match?.[1] === 'base_url') baseUrl = match[2]!;
  }
  return token && baseUrl ? { target: url, baseUrl, token } : null;
}
