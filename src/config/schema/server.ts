/**
 * Where the hub listens and keeps its data, which spawner it uses, its logs and shutdown.
 * Part of the one config schema (../schema.ts).
 */
import { basePath, int, list, oneOf, optionalUrl, str, field } from '../fields.js';

export const serverFields = {
  // server
  host: field({
    group: 'server',
    parser: str(),
    default: '127.0.0.1',
    env: ['HUB_HOST'],
    flag: '--host',
    description: 'Address the hub listens on.',
  }),
  port: field({
    group: 'server',
    parser: int({ min: 0, max: 65535 }),
    default: 8000,
    env: ['HUB_PORT'],
    flag: '--port',
    description: 'Port the hub listens on (0 picks a free one).',
  }),
  adminHost: field({
    group: 'server',
    parser: str(),
    default: '127.0.0.1',
    env: ['HUB_ADMIN_HOST'],
    flag: '--admin-host',
    description:
      "Address of the admin listener: the dashboard and its cookie-authenticated API, on an origin of their own (never the sessions'), so notebook code cannot act as the admin.",
  }),
  adminPort: field({
    group: 'server',
    parser: int({ min: 0, max: 65535 }),
    default: 8001,
    env: ['HUB_ADMIN_PORT'],
    flag: '--admin-port',
    description:
      'Port of the admin listener (0 picks a free one). The public port still serves the admin API, to the bearer token only.',
  }),
  adminUrl: field({
    group: 'server',
    parser: optionalUrl(),
    default: null,
    env: ['HUB_ADMIN_URL'],
    flag: '--admin-url',
    description:
      'Base URL of the admin dashboard as browsers see it, behind a reverse proxy (e.g. https://notebooks-admin.portal.example.org/). Must be another origin than publicUrl.',
  }),
  publicUrl: field({
    group: 'server',
    parser: optionalUrl(),
    default: null,
    env: ['HUB_PUBLIC_URL', 'CKAN_JUPYTERNOTEBOOK_URL'],
    flag: '--public-url',
    description:
      "Public base URL of the hub as browsers see it (e.g. https://notebooks.portal.example.org/ — its own origin, never CKAN's: notebook code runs in the hub's origin). Used for links, the allowed Origin and cookie security.",
  }),
  basePath: field({
    group: 'server',
    parser: basePath(),
    default: '/',
    env: ['HUB_BASE_PATH', 'CKAN_JUPYTERHUB_BASE_URL'],
    flag: '--base-path',
    description:
      'Path prefix every hub URL lives under, e.g. /jupyter/ when the portal serves the hub on its own domain.',
  }),
  dataDir: field({
    group: 'server',
    parser: str(),
    default: '.hub-data',
    env: ['HUB_DATA_DIR'],
    flag: '--data',
    description: 'Folder for the SQLite database, generated secrets and session workspaces.',
  }),
  notebooksDir: field({
    group: 'server',
    parser: str(),
    default: 'examples/notebooks',
    env: ['HUB_NOTEBOOKS_DIR', 'CKAN_STORAGE_NOTEBOOK'],
    flag: '--notebooks',
    description: 'Folder served by the directory notebook source (read only; never written to).',
  }),
  spawner: field({
    group: 'server',
    parser: oneOf(['auto', 'local', 'docker', 'swarm'] as const),
    default: 'auto',
    env: ['HUB_SPAWNER'],
    flag: '--spawner',
    description:
      'Where sessions run: local (bubblewrap sandbox), docker, swarm (a Docker Swarm service per session; dockerSocket names a manager), or auto (docker when a daemon answers, else local).',
  }),
  trustedProxies: field({
    group: 'server',
    parser: list(),
    default: [],
    env: ['HUB_TRUSTED_PROXIES'],
    flag: '--trusted-proxies',
    description:
      'Addresses of reverse proxies whose X-Forwarded-For is believed. Empty: the socket address is the client address.',
  }),
  logFormat: field({
    group: 'server',
    parser: oneOf(['auto', 'json', 'pretty'] as const),
    default: 'auto',
    env: ['HUB_LOG_FORMAT'],
    flag: '--log-format',
    description:
      'Log lines on stderr: json (one JSON object per line, for collectors), pretty (readable), or auto (pretty when stderr is a terminal, else json).',
  }),
  shutdownTimeoutSeconds: field({
    group: 'server',
    parser: int({ min: 1, max: 300 }),
    default: 5,
    env: ['HUB_SHUTDOWN_TIMEOUT_SECONDS'],
    flag: '--shutdown-timeout',
    description:
      'On SIGTERM or SIGINT the hub closes its event streams and WebSockets, stops the warm pool and exits; past this many seconds it exits anyway. Sessions keep running and are re-adopted on the next start.',
  }),
  logLevel: field({
    group: 'server',
    parser: oneOf(['debug', 'info', 'warn', 'error', 'silent'] as const),
    default: 'info',
    env: ['HUB_LOG_LEVEL'],
    flag: '--log-level',
    description: 'Log verbosity.',
  }),
} as const;
