#!/bin/sh
# `iptables` inside the hub image (installed as /usr/local/sbin/iptables, ahead of
# Debian's on PATH). The session firewall (src/spawners/docker/network-guard.ts) puts its
# jumps into Docker's DOCKER-USER chain, which exists only in the backend the host's
# Docker engine uses: nf_tables (Debian's default) or legacy xtables. Use the backend
# where that chain is; nf_tables when neither has it yet.
for backend in nft legacy; do
  if /usr/sbin/iptables-$backend -w 5 -S DOCKER-USER >/dev/null 2>&1; then
    exec /usr/sbin/iptables-$backend "$@"
  fi
done
exec /usr/sbin/iptables-nft "$@"
