/**
 * What the hub's log masks: the hub's own secrets for its whole life (`maskHubSecrets`,
 * called as soon as they are loaded) and each session's token while the session lives
 * (`maskSessionTokens`, called right after the manager is made, before any session).
 */
import type { Config } from '../config/schema.js';
import type { HubSecrets } from '../config/secrets.js';
import type { Logger } from '../log.js';
import type { SessionManager } from '../sessions/manager.js';

export function maskHubSecrets(log: Logger, secrets: HubSecrets, config: Config): void {
  for (const secret of [
    secrets.adminToken,
    secrets.cookieKey.toString('base64url'),
    config.cookieSecret,
    config.ticketSecret,
    config.ckanApiToken,
    config.metricsToken,
  ])
    log.addSecret(secret);
}

export function maskSessionTokens(log: Logger, manager: SessionManager): void {
  manager.on('change', (record: { state: string; token?: string | null }) => {
    if (record.state === 'ended') log.removeSecret(record.token);
    else log.addSecret(record.token);
  });
}
