#!/usr/bin/env bash
# Installs the Debian packages the hub and its tests need, only those that are missing.
# Idempotent; needs root (or sudo) when something is missing.
set -euo pipefail

packages=(
  python3-notebook python3-ipykernel python3-pandas python3-matplotlib python3-pip
  python3-openpyxl python3-xlrd python3-geopandas
  bubblewrap util-linux iptables
  chromium python3-pytest python3-babel python3-click gettext
  debootstrap docker-compose docker-registry jq curl iproute2
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "packages: all present"
  exit 0
fi
echo "packages: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q "${missing[@]}"
