#!/usr/bin/env bash
# A real 3-node Docker Swarm on this one machine, for the swarm tests (issue 12).
#
#   cluster.sh up               start (or repair) the cluster and the registry, push the images
#   cluster.sh down [--purge]   remove everything it made; --purge also drops the cached data
#   cluster.sh status           what runs
#   cluster.sh env              shell exports: DOCKER_HOST of the manager, image references
#   cluster.sh stop-node swN    stop one node's engine (node loss); start-node swN brings it back
#
# Layout (explicit subnets, none collides with the shared dockerd's 172.17/16 and 192.168.240/20):
#   bridge cnhsw0 on the host, 10.231.0.1/24; the registry listens on 10.231.0.1:5000;
#     100.128.0.1/32 on it stands for an internet host in egress tests
#   nodes sw1..sw3: network namespace cnh-swN, veth vcnh-swN <-> eth0, address 10.231.0.1N,
#     own UTS namespace (hostname cnh-swN), own dockerd: socket /run/cnh-swarm/swN.sock,
#     data root /var/lib/cnh-swarm/swN/docker (kept between runs: pulled images stay),
#     exec root /run/cnh-swarm/swN/exec, docker0 --bip 10.234.N.1/24,
#     node-local networks (docker_gwbridge) from 10.233.0.0/16
#   swarm: sw1 manager (advertise 10.231.0.11), sw2 and sw3 workers; overlays from 10.232.0.0/16 in /26 blocks (1024 networks)
#   the nodes trust the registry as an insecure (plain HTTP) registry: --insecure-registry.
#
# Idempotent: `up` twice is a no-op; a half state (engine dead, netns missing, worker out of the
# swarm) is repaired. The images are pushed only when the registry lacks the local image id.
# Needs root, iproute2, util-linux (nsenter, unshare, flock), iptables, docker.io, docker-registry.
set -euo pipefail

CACHE=${CNH_SWARM_CACHE:-/var/lib/cnh-swarm}
RUN=/run/cnh-swarm
BRIDGE=cnhsw0
HOST_IP=10.231.0.1
OUTSIDE_IP=100.128.0.1
NODES=(sw1 sw2 sw3)
REGISTRY=$HOST_IP:5000
PUSH_PORT= # the loopback forwarder's port while pushing (push_images)
OVERLAY_POOL=10.232.0.0/16
LOCAL_POOL=10.233.0.0/16
SHARED_DOCKER=(docker -H unix:///var/run/docker.sock)
COMMENT=(-m comment --comment cnh-swarm)
# local image -> repository in the registry
IMAGES=("ckan-notebook-hub/notebook:latest" "ckan-notebook-hub:latest")

log() { printf 'cnh-swarm: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}
node_ip() { echo "10.231.0.1${1#sw}"; }
sock() { echo "$RUN/$1.sock"; }
ndocker() {
  local n=$1
  shift
  docker -H "unix://$(sock "$n")" "$@"
}
engine_up() { ndocker "$1" version >/dev/null 2>&1; }
registry_ref() { echo "$REGISTRY/${1}"; }

# ---------------------------------------------------------------- network
ensure_bridge() {
  ip link show "$BRIDGE" >/dev/null 2>&1 || ip link add "$BRIDGE" type bridge
  [[ "$(ip addr show dev "$BRIDGE")" == *"inet $HOST_IP/24 "* ]] || ip addr add "$HOST_IP/24" dev "$BRIDGE"
  # an address that stands for "the internet" in egress tests (outside every special range;
  # the host answers it itself, so the traffic never leaves the machine)
  [[ "$(ip addr show dev "$BRIDGE")" == *"inet $OUTSIDE_IP/32 "* ]] || ip addr add "$OUTSIDE_IP/32" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # Docker's FORWARD policy is DROP and bridged frames pass iptables here (br_netfilter).
  iptables -C FORWARD -i "$BRIDGE" -o "$BRIDGE" "${COMMENT[@]}" -j ACCEPT 2>/dev/null ||
    iptables -I FORWARD 1 -i "$BRIDGE" -o "$BRIDGE" "${COMMENT[@]}" -j ACCEPT
}

ensure_netns() {
  local n=$1 ns=cnh-$1 ip
  ip=$(node_ip "$n")
  [ -e "/run/netns/$ns" ] || ip netns add "$ns"
  if ! ip -n "$ns" link show eth0 >/dev/null 2>&1; then
    ip link del "vcnh-$n" 2>/dev/null || true
    ip link add "vcnh-$n" type veth peer name eth0 netns "$ns"
  fi
  ip link set "vcnh-$n" master "$BRIDGE" up
  ip -n "$ns" link set lo up
  [[ "$(ip -n "$ns" addr show dev eth0)" == *"inet $ip/24 "* ]] || ip -n "$ns" addr add "$ip/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route replace default via "$HOST_IP" dev eth0
}

# ---------------------------------------------------------------- engines
engine_pid() { cat "$RUN/$1/dockerd.pid" 2>/dev/null || true; }

start_engine() {
  local n=$1 idx=${1#sw} pid
  engine_up "$n" && return 0
  pid=$(engine_pid "$n")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    log "$n: engine process $pid does not answer; stopping it"
    stop_engine "$n"
  fi
  mkdir -p "$RUN/$n" "$CACHE/$n"
  cat >"$RUN/$n/daemon.json" <<EOF
{
  "data-root": "$CACHE/$n/docker",
  "exec-root": "$RUN/$n/exec",
  "pidfile": "$RUN/$n/dockerd.pid",
  "hosts": ["unix://$(sock "$n")"],
  "bip": "10.234.$idx.1/24",
  "default-address-pools": [{ "base": "$LOCAL_POOL", "size": 24 }],
  "insecure-registries": ["$REGISTRY"],
  "cgroup-parent": "/cnh-swarm-$n",
  "log-level": "warn"
}
EOF
  rm -f "$(sock "$n")"
  # nsenter, not `ip netns exec`: the latter mounts a fresh /sys, hiding the cgroup mounts.
  # unshare --uts: each node gets its own hostname, which Swarm shows as the node's name.
  setsid nsenter --net="/run/netns/cnh-$n" unshare --uts sh -c \
    "hostname cnh-$n && exec dockerd --config-file '$RUN/$n/daemon.json'" \
    >>"$CACHE/$n/dockerd.log" 2>&1 </dev/null 9>&- &
  local i
  for i in $(seq 1 120); do
    engine_up "$n" && return 0
    sleep 0.5
  done
  tail -20 "$CACHE/$n/dockerd.log" >&2
  die "$n: engine did not answer on $(sock "$n") (log: $CACHE/$n/dockerd.log)"
}

stop_engine() {
  local n=$1 pid i
  pid=$(engine_pid "$n")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for i in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$RUN/$n/dockerd.pid" "$(sock "$n")"
  # mounts an engine killed hard may leave behind
  { grep -oE " ($RUN/$n|$CACHE/$n)/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
}

# ---------------------------------------------------------------- swarm
ensure_swarm() {
  local mgr=sw1 state ctl token nid fresh=0
  state=$(ndocker $mgr info -f '{{.Swarm.LocalNodeState}}')
  ctl=$(ndocker $mgr info -f '{{.Swarm.ControlAvailable}}')
  if [ "$state" = active ] && [ "$ctl" != true ]; then
    ndocker $mgr swarm leave --force >/dev/null
    state=inactive
  fi
  if [ "$state" != active ]; then
    log "sw1: swarm init"
    ndocker $mgr swarm init --advertise-addr "$(node_ip $mgr)" --listen-addr "$(node_ip $mgr):2377" \
      --default-addr-pool "$OVERLAY_POOL" --default-addr-pool-mask-length 26 >/dev/null
    fresh=1
  fi
  token=$(ndocker $mgr swarm join-token -q worker)
  for n in "${NODES[@]:1}"; do
    state=$(ndocker "$n" info -f '{{.Swarm.LocalNodeState}}')
    nid=$(ndocker "$n" info -f '{{.Swarm.NodeID}}')
    if [ "$state" = active ] && [ "$fresh" = 0 ] && ndocker $mgr node inspect "$nid" >/dev/null 2>&1; then
      continue
    fi
    [ "$state" = inactive ] || ndocker "$n" swarm leave --force >/dev/null 2>&1 || true
    log "$n: swarm join"
    ndocker "$n" swarm join --token "$token" --advertise-addr "$(node_ip "$n")" \
      --listen-addr "$(node_ip "$n"):2377" "$(node_ip $mgr):2377" >/dev/null
  done
  if [ "$fresh" = 1 ]; then # containers left over from an earlier cluster
    for n in "${NODES[@]}"; do ndocker "$n" container prune -f >/dev/null; done
  fi
  # entries of earlier joins of a repaired node (Down, or not yet noticed): drop every entry
  # of that hostname other than the node's current id
  for n in "${NODES[@]}"; do
    nid=$(ndocker "$n" info -f '{{.Swarm.NodeID}}')
    ndocker $mgr node ls --filter "name=cnh-$n" --format '{{.ID}} {{.Hostname}}' |
      awk -v host="cnh-$n" -v keep="$nid" '$2==host && $1!=keep {print $1}' |
      xargs -r docker -H "unix://$(sock $mgr)" node rm --force >/dev/null
  done
  for n in "${NODES[@]}"; do
    ndocker $mgr node update --label-add "cnh-swarm.node=$n" "cnh-$n" >/dev/null
  done
  wait_ready
}

wait_ready() {
  local i ready
  for i in $(seq 1 120); do
    ready=$(ndocker sw1 node ls --format '{{.Hostname}} {{.Status}}' | grep -c ' Ready$' || true)
    [ "$ready" -ge ${#NODES[@]} ] && return 0
    sleep 0.5
  done
  ndocker sw1 node ls >&2
  die "not all nodes are Ready"
}

# ---------------------------------------------------------------- registry
registry_up() { curl -sf "http://$REGISTRY/v2/" >/dev/null 2>&1; }

start_registry() {
  registry_up && return 0
  command -v docker-registry >/dev/null || die "docker-registry missing (scripts/ensure-packages.sh)"
  mkdir -p "$CACHE/registry/data" "$RUN"
  cat >"$RUN/registry.yml" <<EOF
version: 0.1
log:
  level: warn
  fields:
    service: cnh-swarm-registry
storage:
  filesystem:
    rootdirectory: $CACHE/registry/data
  delete:
    enabled: true
http:
  addr: $REGISTRY
  headers:
    X-Content-Type-Options: [nosniff]
EOF
  setsid docker-registry serve "$RUN/registry.yml" >>"$CACHE/registry/registry.log" 2>&1 </dev/null 9>&- &
  echo $! >"$RUN/registry.pid"
  local i
  for i in $(seq 1 60); do
    registry_up && return 0
    sleep 0.5
  done
  tail -20 "$CACHE/registry/registry.log" >&2
  die "registry did not answer on $REGISTRY"
}

stop_registry() {
  local pid
  pid=$(cat "$RUN/registry.pid" 2>/dev/null || true)
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
  rm -f "$RUN/registry.pid"
}

remote_config_digest() { # repo tag -> config digest of the manifest in the registry, or nothing
  curl -sf -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$REGISTRY/v2/$1/manifests/$2" 2>/dev/null | jq -r '.config.digest // empty' 2>/dev/null || true
}

push_images() {
  local local_ref repo tag id fwd=""
  for local_ref in "${IMAGES[@]}"; do
    repo=${local_ref%:*}
    tag=${local_ref##*:}
    id=$("${SHARED_DOCKER[@]}" image inspect -f '{{.Id}}' "$local_ref" 2>/dev/null) ||
      die "$local_ref is not built on the shared engine (images/*/build.sh)"
    if [ "$(remote_config_digest "$repo" "$tag")" = "$id" ]; then
      log "registry has $repo:$tag (${id:7:12})"
      continue
    fi
    if [ -z "$fwd" ]; then
      # The shared engine trusts 127.0.0.0/8 registries without TLS, and must not be restarted
      # to trust ours: a loopback TCP forwarder to the registry, only while pushing. It listens
      # on a free port of its own choosing and prints it; the push waits until the registry
      # answers through it (a fixed port, or a stale log line, once sent the push to nothing).
      rm -f "$RUN/push-forward.port"
      local js="const n=require('net'),fs=require('fs');const s=n.createServer(c=>{const u=n.connect(5000,'$HOST_IP');"
      js+="c.pipe(u);u.pipe(c);c.on('error',()=>u.destroy());u.on('error',()=>c.destroy())})"
      js+=".listen(0,'127.0.0.1',()=>fs.writeFileSync('$RUN/push-forward.port',String(s.address().port)))"
      node -e "$js" >"$RUN/push-forward.log" 2>&1 9>&- &
      fwd=$!
      FORWARDER=$fwd
      trap 'kill "$FORWARDER" 2>/dev/null || true' EXIT
      PUSH_PORT=""
      for _ in $(seq 1 120); do
        [ -s "$RUN/push-forward.port" ] && PUSH_PORT=$(cat "$RUN/push-forward.port") &&
          curl -sf "http://127.0.0.1:$PUSH_PORT/v2/" >/dev/null 2>&1 && break
        PUSH_PORT=""
        kill -0 "$fwd" 2>/dev/null || break
        sleep 0.25
      done
      if [ -z "$PUSH_PORT" ]; then
        cat "$RUN/push-forward.log" >&2
        die "the push forwarder to $REGISTRY did not answer"
      fi
    fi
    log "pushing $local_ref -> $(registry_ref "$repo:$tag")"
    "${SHARED_DOCKER[@]}" tag "$local_ref" "127.0.0.1:$PUSH_PORT/$repo:$tag"
    "${SHARED_DOCKER[@]}" push -q "127.0.0.1:$PUSH_PORT/$repo:$tag" >/dev/null
    "${SHARED_DOCKER[@]}" rmi "127.0.0.1:$PUSH_PORT/$repo:$tag" >/dev/null # only the extra name
  done
  if [ -n "$fwd" ]; then
    kill "$fwd" 2>/dev/null || true
    trap - EXIT
  fi
}

warm_nodes() { # pull on every node, so the first test launch is not a cold pull (opt out: CNH_SWARM_WARM=0)
  [ "${CNH_SWARM_WARM:-1}" = 1 ] || return 0
  local n ref
  for ref in "${IMAGES[@]}"; do
    for n in "${NODES[@]}"; do
      ndocker "$n" pull -q "$(registry_ref "$ref")" >/dev/null || die "$n: pull $(registry_ref "$ref") failed"
    done
  done
}

# ---------------------------------------------------------------- commands
lock() {
  mkdir -p "$RUN"
  exec 9>"$RUN.lock"
  flock 9
}

cmd_up() {
  [ "$(id -u)" = 0 ] || die "needs root"
  lock
  local t0=$SECONDS
  ensure_bridge
  start_registry
  for n in "${NODES[@]}"; do
    ensure_netns "$n"
    start_engine "$n"
  done
  ensure_swarm
  push_images
  warm_nodes
  log "up in $((SECONDS - t0)) s"
  cmd_env
}

cmd_down() {
  [ "$(id -u)" = 0 ] || die "needs root"
  lock
  local n
  for n in "${NODES[@]}"; do
    if engine_up "$n"; then
      # the cluster is made for tests: its services, containers, networks and volumes go
      [ "$n" = sw1 ] && ndocker "$n" service ls -q | xargs -r ndocker "$n" service rm >/dev/null 2>&1 || true
      ndocker "$n" swarm leave --force >/dev/null 2>&1 || true
      ndocker "$n" ps -aq | xargs -r ndocker "$n" rm -f >/dev/null 2>&1 || true
      ndocker "$n" network prune -f >/dev/null 2>&1 || true
      ndocker "$n" volume prune -f >/dev/null 2>&1 || true
    fi
    stop_engine "$n"
    rm -rf "${CACHE:?}/$n/docker/swarm" # a stale swarm must not come back with the next `up`
    ip netns del "cnh-$n" 2>/dev/null || true
    ip link del "vcnh-$n" 2>/dev/null || true
    rm -rf "${RUN:?}/$n"
  done
  stop_registry
  while iptables -D FORWARD -i "$BRIDGE" -o "$BRIDGE" "${COMMENT[@]}" -j ACCEPT 2>/dev/null; do :; done
  ip link del "$BRIDGE" 2>/dev/null || true
  if [ "${1:-}" = --purge ]; then
    rm -rf "${CACHE:?}"
    log "purged $CACHE"
  fi
  log "down"
}

cmd_env() {
  cat <<EOF
export CNH_SWARM_MANAGER=unix://$(sock sw1)
export CNH_SWARM_NODES="$(for n in "${NODES[@]}"; do printf '%s=unix://%s ' "$n" "$(sock "$n")"; done | sed 's/ $//')"
export CNH_SWARM_REGISTRY=$REGISTRY
export CNH_SWARM_OUTSIDE=$OUTSIDE_IP
export CNH_SWARM_NOTEBOOK_IMAGE=$(registry_ref "${IMAGES[0]}")
export CNH_SWARM_HUB_IMAGE=$(registry_ref "${IMAGES[1]}")
# to talk to the manager: DOCKER_HOST=unix://$(sock sw1) docker node ls
EOF
}

cmd_status() {
  local n
  printf 'bridge %s: %s\n' "$BRIDGE" "$(ip -br addr show "$BRIDGE" 2>/dev/null || echo absent)"
  printf 'registry %s: %s\n' "$REGISTRY" "$(registry_up && echo up || echo down)"
  for n in "${NODES[@]}"; do
    if engine_up "$n"; then
      printf '%s %s unix://%s: engine up, swarm %s\n' "$n" "$(node_ip "$n")" "$(sock "$n")" \
        "$(ndocker "$n" info -f '{{.Swarm.LocalNodeState}}')"
    else
      printf '%s %s unix://%s: engine down\n' "$n" "$(node_ip "$n")" "$(sock "$n")"
    fi
  done
  engine_up sw1 && ndocker sw1 node ls 2>/dev/null || true
}

case "${1:-}" in
up) cmd_up ;;
down) cmd_down "${2:-}" ;;
status) cmd_status ;;
env) cmd_env ;;
stop-node)
  [ -n "${2:-}" ] || die "stop-node swN"
  lock
  stop_engine "$2"
  ;;
start-node)
  [ -n "${2:-}" ] || die "start-node swN"
  lock
  ensure_bridge
  ensure_netns "$2"
  start_engine "$2"
  ;;
*)
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
  ;;
esac
