#!/usr/bin/env bash
# Builds the hub image ckan-notebook-hub:latest from the repository's Dockerfile, on a
# base image made locally (build-base.sh: Debian bookworm + Node.js 22, the shape of
# node:22-bookworm-slim), so no container registry is needed; the build stage needs the
# npm registry. Docker's layer cache makes a rebuild with unchanged sources take seconds.
#
# Environment:
#   HUB_IMAGE   tag to build (default ckan-notebook-hub:latest)
#   BASE        base image to build FROM instead of the local one (e.g. node:22-bookworm-slim)
# When this machine reaches the npm registry through a TLS-intercepting proxy whose CA is
# in /usr/local/share/ca-certificates, that CA is handed to the build stage only.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
image="${HUB_IMAGE:-ckan-notebook-hub:latest}"
started_s=$SECONDS
say() { echo "build-hub-image: $*"; }

base="${BASE:-$("$here/build-base.sh")}"
extra_ca=""
shopt -s nullglob
local_cas=(/usr/local/share/ca-certificates/*.crt)
if ((${#local_cas[@]})); then extra_ca="$(cat "${local_cas[@]}")"; fi
revision="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || true)"
version="$(node -p "require('$root/package.json').version")"

say "building $image FROM $base"
# One build at a time on this engine: concurrent test runs then share the layer cache.
exec 9>/var/lock/ckan-notebook-hub-hub-image-build.lock
flock -w 1800 9
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# --network host: the build's RUN steps (apt, npm) use the host's network directly and do
# not depend on Docker's default bridge.
docker build --network host \
  --build-arg BASE="$base" \
  --build-arg EXTRA_CA_CERTS="$extra_ca" \
  --build-arg VERSION="$version" \
  --build-arg REVISION="$revision" \
  -t "$image" -f "$root/Dockerfile" "$root" >"$log" 2>&1 || {
  tail -n 40 "$log" >&2
  exit 1
}
say "built $image ($(docker image inspect -f '{{.Size}}' "$image" | numfmt --to=iec)) in $((SECONDS - started_s))s"
