import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

/**
 * A short id for "the hub that uses this data folder", carried on every sandbox's
 * command line: two hubs on one machine (or a test next to a running hub) never adopt
 * or reap each other's servers, and a restarted hub recognises its own.
 */
export function instanceIdFor(dataDir: string): string {
  return createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12);
}
