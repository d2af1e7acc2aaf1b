#!/usr/bin/env bash
# Builds the session image ckan-notebook-hub/notebook from Debian packages only (no
# registry is needed): debootstrap a minimal bookworm, install packages.txt in a chroot
# (chroot-setup.sh), then `docker import` the root as ckan-notebook-hub/notebook:<hash>
# and tag it :latest.
#
# Cache: <hash> is the hash of the recipe files (this script, chroot-setup.sh,
# packages.txt, custom.css). When an image with that tag exists the build is skipped and only
# :latest is pointed at it, so reruns take about a second. Needs root and a running
# Docker engine (scripts/ensure-docker.sh).
#
# Environment:
#   DEBIAN_MIRROR     Debian mirror (default: the first one in /etc/apt/sources.list.d)
#   SECURITY_MIRROR   Debian security mirror (default: from the same files; may be empty)
#   IMAGE_REPO        image name (default ckan-notebook-hub/notebook)
#   BUILD_DIR         scratch folder, needs ~2 GB (default /var/tmp)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="${IMAGE_REPO:-ckan-notebook-hub/notebook}"
notebook_uid=1000
started_s=$SECONDS
say() { echo "build-notebook-image: $*"; }

recipe_hash="$(cd "$here" && cat build.sh chroot-setup.sh packages.txt custom.css | sha256sum | cut -c1-16)"
tag="$repo:$recipe_hash"

# Concurrent test runs may all ask for the image; one builds, the others then hit the cache.
exec 9>/var/lock/ckan-notebook-hub-image-build.lock
flock -w 1800 9

if docker image inspect "$tag" >/dev/null 2>&1; then
  docker tag "$tag" "$repo:latest"
  say "cached: $tag (tagged $repo:latest) in $((SECONDS - started_s))s"
  exit 0
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
  say "no Debian mirror found in /etc/apt; set DEBIAN_MIRROR" >&2
  exit 1
fi
command -v debootstrap >/dev/null || {
  say "installing debootstrap"
  apt-get install -y -qq debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }
}

work="$(mktemp -d "${BUILD_DIR:-/var/tmp}/ckan-notebook-image.XXXXXX")"
rootfs="$work/rootfs"
cleanup() {
  umount "$rootfs/proc" 2>/dev/null || true
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

say "building $tag from $mirror (scratch: $work)"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  exit 1
}
say "debootstrap done after $((SECONDS - started_s))s"

cp "$here/packages.txt" "$rootfs/tmp/packages.txt"
cp "$here/chroot-setup.sh" "$rootfs/tmp/chroot-setup.sh"
cp "$here/custom.css" "$rootfs/tmp/custom.css"
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
mount -t proc proc "$rootfs/proc"
chroot "$rootfs" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin MIRROR="$mirror" \
  SECURITY_MIRROR="$security_mirror" NOTEBOOK_UID="$notebook_uid" /bin/sh /tmp/chroot-setup.sh \
  >"$work/chroot.log" 2>&1 || {
  tail -n 40 "$work/chroot.log" >&2
  exit 1
}
umount "$rootfs/proc"
# The build host's resolver must not leak into the image; Docker writes its own.
: >"$rootfs/etc/resolv.conf"
say "packages installed after $((SECONDS - started_s))s"

tar --numeric-owner -C "$rootfs" -c . | docker import \
  --change "USER $notebook_uid" \
  --change 'WORKDIR /home/jovyan' \
  --change 'ENV HOME=/home/jovyan LANG=C.UTF-8 SHELL=/bin/bash' \
  --change 'EXPOSE 8888' \
  --change "LABEL org.ckan-notebook-hub.recipe-hash=$recipe_hash" \
  --change 'CMD ["python3", "-m", "notebook", "--no-browser", "--ip=0.0.0.0", "--port=8888"]' \
  --message "ckan-notebook-hub notebook image, recipe $recipe_hash" \
  - "$tag" >/dev/null
docker tag "$tag" "$repo:latest"
say "built $tag (tagged $repo:latest, $(docker image inspect -f '{{.Size}}' "$tag" | numfmt --to=iec)) in $((SECONDS - started_s))s"
