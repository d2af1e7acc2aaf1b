import type Docker from 'dockerode';
import type { SwarmNode } from './task-phase.js';

/** How long a node listing is reused: every poll of every session asks for it. */
const nodesCacheMs = 1_000;

/** The swarm's nodes by id, listed at most once a second; a failed listing is not kept. */
export class NodeCache {
  private nodesAt = -Infinity;
  private nodesCache: Promise<Map<string, SwarmNode>> | null = null;

  constructor(private readonly docker: Docker) {}

  /** Nodes by id, reused for a second (every poll asks). */
  nodes(): Promise<Map<string, SwarmNode>> {
    if (this.nodesCache === null || Date.now() - this.nodesAt > nodesCacheMs) {
      this.nodesAt = Date.now();
      this.nodesCache = this.docker.listNodes().then(
        (nodes: SwarmNode[]) => new Map(nodes.map((n) => [n.ID ?? '', n])),
        (error: unknown) => {
          this.nodesCache = null;
          throw error;
        },
      );
    }
    return this.nodesCache;
  }
}
