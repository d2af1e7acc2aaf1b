/**
 * Verifies launch tickets for the hub: the stateless checks of launch-ticket.ts, then
 * replay protection. Accepted nonces are kept IN MEMORY until their `exp`, so a hub
 * restart forgets them: a ticket accepted just before a restart could be used once more
 * within its (at most ten-minute) life. Run one hub process per ticket secret.
 */
import type { Clock } from '../clock.js';
import { HubError } from '../errors/hub-error.js';
import {
  checkLaunchTicket,
  type LaunchTicketError,
  type LaunchTicketPayload,
  type TicketTarget,
} from './launch-ticket.js';

const messages: Record<LaunchTicketError, string> = {
  malformed: 'The launch ticket is malformed.',
  bad_signature: 'The launch ticket is not signed by this portal.',
  expired: 'The launch ticket has expired. Reload the dataset page and try again.',
  too_long_lived: 'The launch ticket is valid for too long; tickets live ten minutes at most.',
  wrong_resource: 'The launch ticket is for another resource or dataset.',
  replayed: 'The launch ticket has already been used. Reload the dataset page and try again.',
};

export class LaunchTicketVerifier {
  /** nonce → exp (unix seconds) of every accepted ticket that has not expired yet. */
  private readonly accepted = new Map<string, number>();
  private lastSweepSeconds = 0;

  constructor(
    private readonly secret: string,
    private readonly clock: Pick<Clock, 'wallMs'>,
  ) {
    if (secret.length === 0) throw new Error('the launch ticket secret must not be empty');
  }

  /**
   * Accepts `ticket` for `target` (a string: a resource id) once: returns its payload and
   * remembers its nonce, or throws `HubError('ticket_invalid')` (401) with
   * `details.reason` naming the check that failed.
   */
  verify(ticket: string, target: string | TicketTarget): LaunchTicketPayload {
    const nowSeconds = Math.floor(this.clock.wallMs() / 1000);
    const wanted = typeof target === 'string' ? { resourceId: target } : target;
    const check = checkLaunchTicket(ticket, { secret: this.secret, nowSeconds, ...wanted });
    if (!check.ok) throw invalid(check.error);
    this.sweep(nowSeconds);
    const seenUntil = this.accepted.get(check.payload.nonce);
    if (seenUntil !== undefined && seenUntil > nowSeconds) throw invalid('replayed');
    this.accepted.set(check.payload.nonce, check.payload.exp);
    return check.payload;
  }

  /** How many nonces are remembered (for tests and metrics). */
  get rememberedNonces(): number {
    return this.accepted.size;
  }

  // Every nonce expires within ten minutes, so one pass a minute keeps the map small.
  private sweep(nowSeconds: number): void {
    if (nowSeconds - this.lastSweepSeconds < 60) return;
    this.lastSweepSeconds = nowSeconds;
    for (const [nonce, exp] of this.accepted) if (exp <= nowSeconds) this.accepted.delete(nonce);
  }
}

function invalid(reason: LaunchTicketError): HubError {
  return new HubError('ticket_invalid', { message: messages[reason], details: { reason } });
}
