/**
 * The one configuration schema. Every setting is declared here once: its parser (type
 * and validation), default, description, environment variable names (the first is the
 * canonical one; later ones are aliases such as the original system's `CKAN_JUPYTERHUB_*`)
 * and command-line flag. The loader, `--help` and the README table all come from it.
 */
import {
  basePath,
  bool,
  int,
  list,
  memory,
  moduleNames,
  oneOf,
  optionalStr,
  optionalUrl,
  str,
  field,
  listOf,
  type Field,
} from './fields.js';
import { loadableFormat, loadableFormats } from '../starter/reader-for.js';

export type { Field };

export const configSchema = {
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

  // sessions: defaults for the runtime settings an admin can change
  maxSessions: field({
    group: 'sessions',
    parser: int({ min: 1 }),
    default: 100,
    env: ['HUB_MAX_SESSIONS', 'CKAN_JUPYTERHUB_USER'],
    flag: '--max-sessions',
    description: 'Maximum concurrent sessions (admin setting max_sessions).',
  }),
  maxGuestSessions: field({
    group: 'sessions',
    parser: int({ min: 0 }),
    default: 0,
    env: ['HUB_MAX_GUEST_SESSIONS'],
    description:
      'Maximum concurrent sessions of guests (not logged-in visitors); 0 means the same as max_sessions (admin setting max_guest_sessions).',
  }),
  idleTimeoutSeconds: field({
    group: 'sessions',
    parser: int({ min: 5 }),
    default: 1200,
    env: ['HUB_IDLE_TIMEOUT_SECONDS', 'CKAN_JUPYTERHUB_TIMEOUT'],
    flag: '--idle-timeout',
    description:
      'A session with no successful traffic and no busy kernel for this long ends (admin setting idle_timeout_seconds).',
  }),
  maxLifetimeSeconds: field({
    group: 'sessions',
    parser: int({ min: 5 }),
    default: 7200,
    env: ['HUB_MAX_LIFETIME_SECONDS'],
    flag: '--max-lifetime',
    description:
      'A session ends this long after it started, busy or not (admin setting max_lifetime_seconds).',
  }),
  cpuPercent: field({
    group: 'sessions',
    parser: int({ min: 1, max: 100 }),
    default: 50,
    env: ['HUB_CPU_PERCENT', 'CKAN_JUPYTERHUB_PERCENTAGE_CPU'],
    description: 'CPU share of a session, in percent of one core (admin setting cpu_percent).',
  }),
  startCpuPercent: field({
    group: 'sessions',
    parser: int({ min: 0, max: 6400 }),
    default: 200,
    env: ['HUB_START_CPU_PERCENT'],
    flag: '--start-cpu-percent',
    description:
      'CPU share (percent of one core) a server gets while it starts, pooled or not; it drops to cpu_percent once the server answers, before anyone is handed it. 0, or not above cpu_percent, is off. Docker and local spawners (cgroup v1).',
  }),
  sharedStatic: field({
    group: 'sessions',
    parser: bool(),
    default: true,
    env: ['HUB_SHARED_STATIC'],
    flag: '--shared-static',
    description:
      "Serve Notebook 6's static files from the hub at {base_path}nbstatic/<key>/, from a read-only copy made before any session (the host's notebook/static, or the Docker image's), so a second session in the same browser loads them from its cache. Off: each server serves its own under its session URL. Local and Docker (notebook6 preset) spawners.",
  }),
  memoryLimit: field({
    group: 'sessions',
    parser: memory(),
    default: '1G',
    env: ['HUB_MEMORY_LIMIT', 'CKAN_JUPYTERHUB_MEMORY_LIMIT'],
    description: 'Memory limit of a session, e.g. 512M or 1G (admin setting memory_limit).',
  }),
  pidsLimit: field({
    group: 'sessions',
    parser: int({ min: 16 }),
    default: 256,
    env: ['HUB_PIDS_LIMIT'],
    description: 'Maximum processes in a session (stops fork bombs).',
  }),
  queueMax: field({
    group: 'sessions',
    parser: int({ min: 0 }),
    default: 200,
    env: ['HUB_QUEUE_MAX'],
    description: 'Longest queue of waiting visitors; beyond it a launch gets 429 with Retry-After.',
  }),
  queueAbandonSeconds: field({
    group: 'sessions',
    parser: int({ min: 1 }),
    default: 30,
    env: ['HUB_QUEUE_ABANDON_SECONDS'],
    description:
      'A queued visitor with no event stream open and no status poll for this long leaves the queue.',
  }),
  maxSessionsPerAddress: field({
    group: 'sessions',
    parser: int({ min: 0 }),
    default: 0,
    env: ['HUB_MAX_SESSIONS_PER_ADDRESS'],
    description:
      'Cap on concurrent guest sessions per client address; 0 is off (a classroom behind one NAT address is normal).',
  }),
  launchesPerMinutePerAddress: field({
    group: 'sessions',
    parser: int({ min: 0 }),
    default: 120,
    env: ['HUB_LAUNCH_RATE_PER_MINUTE'],
    description: 'Launch requests allowed per client address per minute; 0 is off.',
  }),
  startTimeoutSeconds: field({
    group: 'sessions',
    parser: int({ min: 1 }),
    default: 60,
    env: ['HUB_START_TIMEOUT_SECONDS'],
    description:
      'A server that is not answering this long after its start is given up and removed.',
  }),
  cullIntervalMs: field({
    group: 'sessions',
    parser: int({ min: 50, max: 5000 }),
    default: 1000,
    env: ['HUB_CULL_INTERVAL_MS'],
    description:
      'How often deadlines are checked; expiry is enforced within this interval plus a kernel check.',
  }),
  startingKernelBusySeconds: field({
    group: 'sessions',
    parser: int({ min: 1 }),
    default: 90,
    env: ['HUB_STARTING_KERNEL_BUSY_SECONDS'],
    description:
      "A kernel the server reports as 'starting' counts as busy (keeps its session from idling out) for at most this long after its last activity.",
  }),
  livenessTimeoutSeconds: field({
    group: 'sessions',
    parser: int({ min: 1 }),
    default: 5,
    env: ['HUB_LIVENESS_TIMEOUT_SECONDS'],
    description:
      'How long a running server has to answer a liveness check (its api/status); the hub checks every 2 s, one check at a time.',
  }),
  livenessFailures: field({
    group: 'sessions',
    parser: int({ min: 1 }),
    default: 3,
    env: ['HUB_LIVENESS_FAILURES'],
    description:
      "Liveness checks in a row a server may miss before its session ends as 'unresponsive'.",
  }),
  cullConcurrency: field({
    group: 'sessions',
    parser: int({ min: 1 }),
    default: 8,
    env: ['HUB_CULL_CONCURRENCY'],
    description:
      'Most sessions the culler ends (and servers it stops) at once; the rest wait their turn.',
  }),
  warningSeconds: field({
    group: 'sessions',
    parser: int({ min: 0 }),
    default: 300,
    env: ['HUB_WARNING_SECONDS'],
    description: 'How long before a session ends the visitor sees a warning.',
  }),

  // notebooks
  notebookMaxBytes: field({
    group: 'notebooks',
    parser: int({ min: 1024 }),
    default: 10 * 1024 * 1024,
    env: ['HUB_NOTEBOOK_MAX_BYTES'],
    description: 'Largest notebook accepted, in bytes.',
  }),
  downloadMaxBytes: field({
    group: 'notebooks',
    parser: int({ min: 1024 }),
    default: 100 * 1024 * 1024,
    env: ['HUB_DOWNLOAD_MAX_BYTES'],
    description:
      'Largest notebook "Download my copy" hands out, in bytes (streamed, never held in memory). Beyond it the visitor gets a 413 saying so.',
  }),
  notebookMaxDepth: field({
    group: 'notebooks',
    parser: int({ min: 8 }),
    default: 100,
    env: ['HUB_NOTEBOOK_MAX_DEPTH'],
    description: 'Deepest JSON nesting accepted in a notebook.',
  }),

  // security
  cookieSecret: field({
    group: 'security',
    parser: optionalStr({ minBytes: 32 }),
    default: null,
    env: ['HUB_COOKIE_SECRET'],
    secret: true,
    description:
      'Key that signs visitor cookies, at least 32 bytes. Unset: generated once and kept in the data folder.',
  }),
  adminToken: field({
    group: 'security',
    parser: optionalStr(),
    default: null,
    env: ['HUB_ADMIN_TOKEN'],
    secret: true,
    description:
      'Bearer token of the admin API. Unset: generated once and kept in the data folder (secrets/admin-token).',
  }),
  allowSharedSecretFiles: field({
    group: 'security',
    parser: bool(),
    default: false,
    env: ['HUB_ALLOW_SHARED_SECRET_FILES'],
    description:
      "Accept <VARIABLE>_FILE secrets that group or others may read. Only for a file shared on purpose with another service's user, in a folder that keeps everyone else out (compose secrets in a 0700 folder). Off: such a file stops the start.",
  }),
  metricsToken: field({
    group: 'security',
    parser: optionalStr(),
    default: null,
    env: ['HUB_METRICS_TOKEN'],
    secret: true,
    description:
      'Bearer token a Prometheus scrape of /metrics must send. Unset: /metrics is open (keep it off the public internet).',
  }),
  cookieSameSite: field({
    group: 'security',
    parser: oneOf(['lax', 'strict', 'none'] as const),
    default: 'lax',
    env: ['HUB_COOKIE_SAMESITE'],
    description:
      "SameSite of the visitor cookie: lax when the hub shares the portal's site, none (with Secure) when CKAN frames it from another site.",
  }),
  frameAncestors: field({
    group: 'security',
    parser: list(),
    default: [],
    env: ['HUB_FRAME_ANCESTORS'],
    flag: '--frame-ancestors',
    description:
      'Origins allowed to frame the hub (CSP frame-ancestors), besides the CKAN site. Never *.',
  }),

  // local sandbox spawner
  localPython: field({
    group: 'local',
    parser: str(),
    default: '/usr/bin/python3',
    env: ['HUB_LOCAL_PYTHON'],
    description: "Python with Jupyter Notebook installed (Debian's python3-notebook).",
  }),
  localUid: field({
    group: 'local',
    parser: int({ min: 1 }),
    default: 64000,
    env: ['HUB_LOCAL_UID'],
    description:
      'Unprivileged host uid (and gid) sandboxed servers run as when the hub runs as root.',
  }),

  // docker spawner
  dockerSocket: field({
    group: 'docker',
    parser: str(),
    default: '/var/run/docker.sock',
    env: ['HUB_DOCKER_SOCKET'],
    description: 'Docker Engine API socket.',
  }),
  dockerImage: field({
    group: 'docker',
    parser: str(),
    default: 'ckan-notebook-hub/notebook:latest',
    env: ['HUB_DOCKER_IMAGE'],
    flag: '--image',
    description:
      'Image of session containers (any Jupyter image; default: the one images/notebook builds).',
  }),
  dockerNetwork: field({
    group: 'docker',
    parser: str(),
    default: 'ckan-notebook-hub-sessions',
    env: ['HUB_DOCKER_NETWORK', 'CKAN_NETWORK'],
    description:
      "Docker network of session containers; created by the hub when missing. Never CKAN's own network.",
  }),
  dockerEgress: field({
    group: 'docker',
    parser: bool(),
    default: true,
    env: ['HUB_DOCKER_EGRESS'],
    description:
      'Whether sessions may reach the internet (pip install). Private ranges, the host and metadata stay blocked.',
  }),
  serverPreset: field({
    group: 'docker',
    parser: oneOf(['notebook6', 'notebook7', 'lab'] as const),
    default: 'notebook6',
    env: ['HUB_SERVER_PRESET'],
    description:
      'Server command and URL layout of the image: notebook6 (/notebooks/…), notebook7 (/notebooks/…), lab (/lab/tree/…).',
  }),
  poolSize: field({
    group: 'docker',
    parser: int({ min: 0 }),
    default: 2,
    env: ['HUB_POOL_SIZE'],
    flag: '--pool-size',
    description: 'Pre-started containers kept warm; counted against max_sessions.',
  }),
  poolCheckSeconds: field({
    group: 'docker',
    parser: int({ min: 1 }),
    default: 30,
    env: ['HUB_POOL_CHECK_SECONDS'],
    description:
      'How often pooled servers are checked for liveness (also when the backend comes back); a dead one is replaced.',
  }),
  poolKernel: field({
    group: 'docker',
    parser: bool(),
    default: true,
    env: ['HUB_POOL_KERNEL'],
    description:
      "Pooled servers start a python3 kernel once ready; the hand-out binds it to the notebook (a Jupyter session for the notebook's path), so the page connects to a running kernel.",
  }),
  poolImports: field({
    group: 'docker',
    parser: moduleNames(),
    default: ['pandas', 'matplotlib.pyplot'],
    env: ['HUB_POOL_IMPORTS'],
    description:
      "Modules a pooled kernel imports before the hand-out (with poolKernel), so a notebook's first import is quick; each costs memory in every pooled server (see BENCHMARKS.md). `none` (or [] in the config file): no imports.",
  }),
  dockerStorageLimit: field({
    group: 'docker',
    parser: optionalStr(),
    default: null,
    env: ['HUB_DOCKER_STORAGE_LIMIT'],
    description: 'Writable-layer size cap, e.g. 2G (only where the storage driver supports it).',
  }),

  // swarm spawner (also uses dockerSocket, dockerImage, serverPreset, poolSize)
  swarmConstraints: field({
    group: 'swarm',
    parser: list(),
    default: [],
    env: ['HUB_SWARM_CONSTRAINTS'],
    description:
      'Placement constraints of session services, comma-separated, e.g. node.labels.notebooks==true,node.role==worker.',
  }),
  swarmReservePercent: field({
    group: 'swarm',
    parser: int({ min: 1, max: 100 }),
    default: 50,
    env: ['HUB_SWARM_RESERVE_PERCENT'],
    description:
      "Share of each session's CPU and memory limits reserved on its node. Swarm places by reservations, so a node takes at most its CPUs and memory divided by these; a session that fits nowhere waits (scheduling) until the start timeout.",
  }),

  swarmLabels: field({
    group: 'swarm',
    parser: list(),
    default: [],
    env: ['HUB_SWARM_LABELS'],
    description:
      "More labels on every session service, its container and its network, as key=value, comma-separated (e.g. an owner or cost centre). The hub's own labels always win.",
  }),

  // ckan
  ckanUrl: field({
    group: 'ckan',
    parser: optionalUrl(),
    default: null,
    env: ['CKAN_SITE_URL'],
    flag: '--ckan-url',
    description:
      'Base URL of the CKAN site as the hub reaches it. Enables the CKAN notebook source.',
  }),
  ckanApiToken: field({
    group: 'ckan',
    parser: optionalStr(),
    default: null,
    env: ['CKAN_API_TOKEN'],
    secret: true,
    description:
      'CKAN API token used only to fetch private datasets for logged-in users whose ticket the plugin signed.',
  }),
  ticketSecret: field({
    group: 'ckan',
    parser: optionalStr({ minBytes: 32 }),
    default: null,
    env: ['HUB_TICKET_SECRET'],
    secret: true,
    description:
      'Shared secret with the CKAN plugin for signing launch tickets, at least 32 bytes.',
  }),
  ckanDataFormats: field({
    group: 'ckan',
    parser: list(),
    default: ['csv', 'tsv', 'json', 'geojson', 'xlsx', 'xls', 'parquet', 'txt', 'xml', 'zip'],
    env: ['HUB_CKAN_DATA_FORMATS'],
    description: "Resource formats copied into the session's data/ folder.",
  }),
  ckanDataMaxBytes: field({
    group: 'ckan',
    parser: int({ min: 0 }),
    default: 200 * 1024 * 1024,
    env: ['HUB_CKAN_DATA_MAX_BYTES'],
    description: 'Total size cap of the data files copied into a session.',
  }),
  exploreDatasets: field({
    group: 'ckan',
    parser: bool(),
    default: true,
    env: ['HUB_EXPLORE_DATASETS'],
    description:
      'Whether any dataset can be opened as a generated starter notebook (POST /api/sessions {dataset_id}, run/ckan-dataset/…); off, those refuse with explore_disabled (admin setting explore_datasets).',
  }),
  exploreFormats: field({
    group: 'ckan',
    parser: listOf(loadableFormats, loadableFormat),
    default: ['csv', 'tsv', 'xlsx', 'json', 'geojson'],
    env: ['HUB_EXPLORE_FORMATS'],
    description:
      "Resource formats the starter notebook loads; a data file of another readable format gets a 'not copied, fetch it by hand' cell. A format must also be in HUB_CKAN_DATA_FORMATS to be copied (admin setting explore_formats).",
  }),
  fetchTimeoutSeconds: field({
    group: 'ckan',
    parser: int({ min: 1 }),
    default: 30,
    env: ['HUB_FETCH_TIMEOUT_SECONDS'],
    description: 'Total time allowed for one download from CKAN or a linked URL.',
  }),
} as const;

export type ConfigSchema = typeof configSchema;
export type ConfigKey = keyof ConfigSchema;
export type Config = {
  readonly [K in ConfigKey]: ConfigSchema[K] extends Field<infer T> ? T : never;
};
