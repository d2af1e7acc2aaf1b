/**
 * What both CKAN launchers (a notebook resource's, ckan-run-page.ts; a dataset's,
 * ckan-dataset-run-page.ts) ask their source before rendering: who a ticket vouches for,
 * and the names for the heading. Neither ever fails the page: an unusable ticket or a slow
 * or refusing portal gives null, and the page falls back to a guest's view.
 */
import { HubError } from '../../errors/hub-error.js';
import type { Logger } from '../../log.js';

/** The two calls of a CKAN source (resource or dataset) a launcher makes. */
export interface LauncherSource<Summary> {
  vouch(ticket: string, ref: string): string;
  describe(ref: string, user: string | null, signal: AbortSignal): Promise<Summary>;
}

const describeTimeoutMs = 5000;

/** The user the ticket vouches for (spending it), or null when it is not usable (logged). */
export function vouchedUser(
  source: LauncherSource<unknown> | null | undefined,
  log: Logger,
  ticket: string,
  what: { readonly resource: string } | { readonly dataset: string },
): string | null {
  if (!source) return null;
  const ref = 'resource' in what ? what.resource : what.dataset;
  try {
    return source.vouch(ticket, ref);
  } catch (error) {
    log.info('launcher ticket not usable', {
      ...what,
      reason: error instanceof HubError ? error.details?.reason : undefined,
    });
    return null;
  }
}

/** The names for the heading; null when CKAN does not show them to this user, or is slow. */
export async function headingNames<Summary>(
  source: LauncherSource<Summary> | null | undefined,
  ref: string,
  user: string | null,
): Promise<Summary | null> {
  if (!source) return null;
  try {
    return await source.describe(ref, user, AbortSignal.timeout(describeTimeoutMs));
  } catch {
    return null;
  }
}
