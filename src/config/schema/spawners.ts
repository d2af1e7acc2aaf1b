/**
 * Spawners: the local sandbox, Docker (and its warm pool) and Docker Swarm. Part of the
 * one config schema (../schema.ts).
 */
import { bool, int, list, moduleNames, oneOf, optionalStr, str, field } from '../fields.js';

export const spawnersFields = {
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

  swarmGuard: field({
    group: 'swarm',
    parser: bool(),
    default: true,
    env: ['HUB_SWARM_GUARD'],
    description:
      'Deploy the node guard (docs/swarm-isolation.md): a global service on the session nodes (swarmConstraints) whose iptables rules keep sessions away from node addresses, private ranges, 169.254.169.254 and the hub, and let only swarmHubSources reach them. The hub creates or updates it and takes no launches (/readyz not ready) until its tasks run on every ready session node. false: sessions are NOT fenced off (a warning is logged).',
  }),
  swarmGuardImage: field({
    group: 'swarm',
    parser: optionalStr(),
    default: null,
    env: ['HUB_SWARM_GUARD_IMAGE'],
    description:
      'Image of the node guard, pulled by the nodes: the hub image in your registry (it has sh and iptables). Required when swarmGuard is on.',
  }),
  swarmGuardService: field({
    group: 'swarm',
    parser: str(),
    default: 'cnh-node-guard',
    env: ['HUB_SWARM_GUARD_SERVICE'],
    description:
      'Name of the node guard service. One per swarm: its rules are per node, so every hub of one swarm must agree on its settings.',
  }),
  swarmHubSources: field({
    group: 'swarm',
    parser: list(),
    default: [],
    env: ['HUB_SWARM_HUB_SOURCES'],
    description:
      "Addresses (IPv4 or CIDR, comma-separated) the hub's connections to sessions come from, as the session nodes see them; the guard lets only these in. Empty: the address of the manager node whose Engine API the hub uses (right when the hub runs on that manager, as in deploy/swarm/stack.yml).",
  }),

  swarmLabels: field({
    group: 'swarm',
    parser: list(),
    default: [],
    env: ['HUB_SWARM_LABELS'],
    description:
      "More labels on every session service, its container and its network, as key=value, comma-separated (e.g. an owner or cost centre). The hub's own labels always win.",
  }),
} as const;
