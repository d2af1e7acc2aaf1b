import type Docker from 'dockerode';
import { tolerating } from '../docker/docker-client.js';
import type { SwarmTask } from './task-phase.js';

/** Most service names in one task-list filter (the filter travels in the URL). */
const namesPerQuery = 100;

export type Task = SwarmTask & { readonly ServiceID?: string; readonly CreatedAt?: string };

/** The tasks of services by name, asked in batches of `namesPerQuery`. */
export async function serviceTasks(
  docker: Docker,
  serviceNames: readonly string[],
): Promise<Task[]> {
  const all: Task[] = [];
  for (let i = 0; i < serviceNames.length; i += namesPerQuery) {
    all.push(...(await tasksOf(docker, serviceNames.slice(i, i + namesPerQuery))));
  }
  return all;
}

/** Tasks of some services; a service removed meanwhile (the daemon answers 404 for the whole list) has none. */
async function tasksOf(docker: Docker, service: readonly string[]): Promise<Task[]> {
  const list = (names: readonly string[]) =>
    docker.listTasks({ filters: { service: [...names] } }) as Promise<Task[]>;
  const batch = await tolerating(list(service), 404);
  if (batch) return batch;
  const each = await Promise.all(service.map((name) => tolerating(list([name]), 404)));
  return each.flatMap((tasks) => tasks ?? []);
}
