/**
 * Sessions: capacity, the queue, timeouts and limits (the defaults of the runtime settings
 * an admin changes, src/settings/runtime-settings.ts), culling and liveness. Part of the
 * one config schema (../schema.ts).
 */
import { bool, int, memory, field } from '../fields.js';

export const sessionsFields = {
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
} as const;
