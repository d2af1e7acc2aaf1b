/**
 * Who a CKAN source asks CKAN as, shared by the notebook source (ckan-source.ts) and the
 * dataset source (../ckan-dataset/ckan-dataset-source.ts): the Action API client for
 * `ckanUrl`, the launch-ticket verifier, the caller a vouched-for user becomes, and the
 * fall-back to a guest when a launch's ticket cannot be used.
 */
import type { LookupFunction } from 'node:net';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config/schema.js';
import { HubError } from '../../errors/hub-error.js';
import type { TicketTarget } from '../../identity/launch-ticket.js';
import { LaunchTicketVerifier } from '../../identity/launch-ticket-verifier.js';
import { CkanApi, type CkanCaller } from './ckan-api.js';

export type CkanAccessConfig = Pick<Config, 'ckanApiToken' | 'ticketSecret'> & {
  /** The configured `ckanUrl` (the source has checked that it is set). */
  readonly ckanUrl: string;
  readonly timeoutMs: number;
};

export interface CkanAccessDeps {
  /** The hub's one verifier (one nonce store); made from `ticketSecret` and `clock` when absent. */
  readonly tickets?: LaunchTicketVerifier;
  readonly clock: Pick<Clock, 'wallMs'>;
  /** Name resolution for tests; every answer is still checked. */
  readonly lookup?: LookupFunction;
}

/** What a launch's CKAN calls returned, and whom they were made as. */
export interface AskedAs<T> {
  readonly caller: CkanCaller;
  readonly value: T;
}

export class CkanAccess {
  readonly api: CkanApi;
  private readonly tickets: LaunchTicketVerifier | null;

  constructor(
    private readonly config: CkanAccessConfig,
    deps: CkanAccessDeps,
  ) {
    this.api = new CkanApi({
      ckanUrl: config.ckanUrl,
      timeoutMs: config.timeoutMs,
      lookup: deps.lookup,
    });
    this.tickets =
      deps.tickets ??
      (config.ticketSecret ? new LaunchTicketVerifier(config.ticketSecret, deps.clock) : null);
  }

  /** A guest (anonymous) for null; the hub's `ckanApiToken` on behalf of `user` otherwise. */
  callerAs(user: string | null): CkanCaller {
    return user === null
      ? { kind: 'guest' }
      : { kind: 'ticket', user, token: this.config.ckanApiToken };
  }

  /**
   * The CKAN user `ticket` vouches for (for `target`: a resource id, or a dataset),
   * consuming it; throws HubError('ticket_invalid') for an invalid, expired or spent
   * ticket, or when the hub has no ticket secret.
   */
  vouch(ticket: string, target: string | TicketTarget): string {
    if (!this.tickets) {
      throw new HubError('ticket_invalid', {
        message: 'This hub does not accept launch tickets (no ticket secret is set).',
      });
    }
    return this.tickets.verify(ticket, target).user;
  }

  /**
   * Runs `load` as the user `ticket` vouches for (consuming it), or as a guest when there
   * is no ticket. A ticket that cannot be used (expired, spent, from another secret) must
   * not stop a logged-in user from reaching what everyone may: `load` then runs as a
   * guest and `onGuest` is told the ticket's `reason` once that worked; only when CKAN
   * refuses the guest (`dataset_forbidden`) does the launch fail, with the ticket's error.
   * Every other error passes through unchanged.
   */
  async askAs<T>(
    ticket: string | undefined,
    target: string | TicketTarget,
    load: (caller: CkanCaller) => Promise<T>,
    onGuest: (reason: unknown) => void,
  ): Promise<AskedAs<T>> {
    let caller: CkanCaller = { kind: 'guest' };
    try {
      if (ticket !== undefined) caller = this.callerAs(this.vouch(ticket, target));
    } catch (ticketError) {
      if (!(ticketError instanceof HubError) || ticketError.code !== 'ticket_invalid')
        throw ticketError;
      try {
        const value = await load(caller);
        onGuest(ticketError.details?.reason);
        return { caller, value };
      } catch (guestError) {
        if (guestError instanceof HubError && guestError.code === 'dataset_forbidden')
          throw ticketError;
        throw guestError;
      }
    }
    return { caller, value: await load(caller) };
  }
}
