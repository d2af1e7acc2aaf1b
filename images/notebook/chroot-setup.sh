#!/bin/sh
# Runs INSIDE the debootstrapped root (chroot) as root: installs the packages of
# packages.txt, creates the unprivileged notebook user and removes caches.
# Environment: MIRROR, SECURITY_MIRROR (may be empty), NOTEBOOK_UID.
set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8

# Services must never start inside a chroot build.
printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
chmod 755 /usr/sbin/policy-rc.d

{
  echo "deb $MIRROR bookworm main"
  echo "deb $MIRROR bookworm-updates main"
  if [ -n "$SECURITY_MIRROR" ]; then echo "deb $SECURITY_MIRROR bookworm-security main"; fi
} >/etc/apt/sources.list

apt-get update -qq
# debootstrap's minbase can leave packages half-configured; python3-cffi-backend is the
# one known to trip the later install, so settle the base first.
apt-get -f install -y -qq
apt-get install -y -qq --no-install-recommends python3-cffi-backend
apt-get install -y -qq --no-install-recommends $(grep -v '^#' /tmp/packages.txt)
apt-get -f install -y -qq

# Notebook 6 serves this file as <base>/custom/custom.css when the user's config folder
# has none: it hides the Logout button (sessions have no login). Diverted, not edited.
custom=/usr/lib/python3/dist-packages/notebook/static/custom/custom.css
dpkg-divert --quiet --local --rename --divert "$custom.debian" --add "$custom"
install -m 0644 /tmp/custom.css "$custom"

useradd --create-home --home-dir /home/jovyan --shell /bin/bash \
  --uid "$NOTEBOOK_UID" --user-group jovyan

apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log \
  /usr/sbin/policy-rc.d /tmp/packages.txt /tmp/chroot-setup.sh /tmp/custom.css
