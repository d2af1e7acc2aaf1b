# The hub as a container image (README "The hub image").
#
#   docker build -t ckan-notebook-hub:latest .     # FROM the official node:22-bookworm-slim
#   images/hub/build.sh                            # FROM a base made locally, no registry
#
# Multi-stage: `build` installs every dependency, compiles the TypeScript (dist/) and the
# browser bundles (web/dist/), then prunes to the production dependencies; the runtime
# stage holds only those, dist/, web/dist/, bin/, the example notebooks and the README,
# with tini as PID 1 and iptables for the sessions' firewall rules.
# It runs as root: it needs the Docker socket, and NET_ADMIN in the host's network
# namespace for those rules (deploy/compose/docker-compose.yml shows how).

# Any image of that shape: Debian bookworm with Node.js (>= 20.19) and npm in /usr/local.
ARG BASE=node:22-bookworm-slim

FROM ${BASE} AS build
# better-sqlite3 compiles from source against the base's headers (/usr/local/include/node):
# nothing is fetched from outside the npm registry.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ENV npm_config_build_from_source=true npm_config_nodedir=/usr/local
WORKDIR /build
COPY package.json package-lock.json ./
# Optional PEM certificates of a TLS-intercepting proxy between the build and the npm
# registry; only this stage sees them, the runtime image does not trust them.
ARG EXTRA_CA_CERTS=""
RUN if [ -n "$EXTRA_CA_CERTS" ]; then \
      printf '%s\n' "$EXTRA_CA_CERTS" >/tmp/extra-ca.pem; export NODE_EXTRA_CA_CERTS=/tmp/extra-ca.pem; \
    fi \
 && npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build-web.mjs scripts/
COPY src src
COPY web web
RUN npm run build && npm prune --omit=dev --no-audit --no-fund --loglevel=error
# Of better-sqlite3's native build only the addon itself is needed at run time.
RUN cd node_modules/better-sqlite3 \
 && find build -mindepth 1 -maxdepth 1 ! -name Release -exec rm -rf {} + \
 && find build/Release -mindepth 1 -maxdepth 1 ! -name better_sqlite3.node -exec rm -rf {} + \
 && rm -rf deps src

FROM ${BASE}
# tini: PID 1 that forwards signals to the hub and reaps zombies. iptables: the session
# firewall (network-guard.ts). ca-certificates: HTTPS to CKAN and linked notebooks.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini iptables ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/ckan-notebook-hub
COPY --from=build /build/node_modules node_modules
COPY --from=build /build/dist dist
COPY --from=build /build/web/dist web/dist
COPY package.json README.md ./
COPY bin bin
COPY examples/notebooks examples/notebooks
COPY images/hub/iptables-wrapper.sh /usr/local/sbin/iptables
COPY images/hub/healthcheck.mjs /usr/local/lib/ckan-notebook-hub/healthcheck.mjs
RUN chmod 0755 /usr/local/sbin/iptables bin/ckan-notebook-hub.js \
 && ln -s /opt/ckan-notebook-hub/bin/ckan-notebook-hub.js /usr/local/bin/ckan-notebook-hub
# Sessions run in Docker (the image has no local sandbox). Listen on every address of
# the container (or of the host, with network_mode: host);
# keep the state (SQLite, generated secrets) on a volume mounted here.
ENV NODE_ENV=production HUB_SPAWNER=docker HUB_HOST=0.0.0.0 HUB_PORT=8000 \
    HUB_DATA_DIR=/var/lib/ckan-notebook-hub
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/usr/local/lib/ckan-notebook-hub/healthcheck.mjs"]
ENTRYPOINT ["/usr/bin/tini", "--", "ckan-notebook-hub"]
# Last, so a new revision changes only this metadata.
ARG BASE
ARG VERSION=0.1.0
ARG REVISION=""
LABEL org.opencontainers.image.title="ckan-notebook-hub" \
      org.opencontainers.image.description="Isolated, throw-away Jupyter notebook sessions for the visitors of a CKAN portal: hub, proxy, spawners." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="GPL-3.0-or-later" \
      org.opencontainers.image.base.name="${BASE}"
