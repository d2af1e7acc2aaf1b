#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine: installs Debian's docker.io when
# dockerd is missing, starts dockerd in the background when `docker info` does not
# answer, and waits (bounded) until it does. Idempotent; needs root. Prints what it did.
#
# Environment:
#   DOCKERD_LOG            daemon log file (default /var/log/ckan-notebook-hub-dockerd.log)
#   DOCKER_WAIT_SECONDS    how long to wait for the daemon to answer (default 60)
set -euo pipefail

log_file="${DOCKERD_LOG:-/var/log/ckan-notebook-hub-dockerd.log}"
wait_seconds="${DOCKER_WAIT_SECONDS:-60}"
say() { echo "ensure-docker: $*"; }

if [[ "$(id -u)" != 0 ]]; then
  say "must run as root (installs packages and starts dockerd)" >&2
  exit 1
fi

# Several test runs may call this at once; one of them does the work, the others wait.
exec 9>/var/lock/ckan-notebook-hub-ensure-docker.lock
flock -w $((wait_seconds + 600)) 9

answers() { timeout 10 docker info >/dev/null 2>&1; }

if ! command -v dockerd >/dev/null 2>&1; then
  say "dockerd missing: installing Debian's docker.io"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y docker.io >/dev/null 2>&1; then
    # A fresh machine has no package lists yet.
    apt-get update >/dev/null
    apt-get install -y docker.io >/dev/null
  fi
  say "installed $(dpkg-query -W -f='${Package} ${Version}' docker.io)"
else
  say "dockerd present ($(command -v dockerd))"
fi

if ! command -v docker >/dev/null 2>&1; then
  say "no docker CLI on PATH after install" >&2
  exit 1
fi

if answers; then
  say "docker engine already answering"
  exit 0
fi

if pgrep -x dockerd >/dev/null 2>&1; then
  # A daemon is starting (or hung); give it the same bounded wait instead of a second one.
  say "dockerd process found but not answering yet; waiting"
else
  say "starting dockerd (log: $log_file)"
  mkdir -p "$(dirname "$log_file")"
  # setsid: the daemon must outlive this script and the test run that called it.
  # 9>&-: the daemon must not inherit (and so hold forever) the lock taken above.
  setsid nohup dockerd >>"$log_file" 2>&1 </dev/null 9>&- &
fi

for ((i = 0; i < wait_seconds; i++)); do
  if answers; then
    say "docker engine answering after ${i}s ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
    exit 0
  fi
  sleep 1
done

say "docker engine did not answer within ${wait_seconds}s; last log lines:" >&2
tail -n 20 "$log_file" >&2 || true
exit 1
