// The hub image's HEALTHCHECK: GET {base}healthz on the hub's own port, which answers
// "the process is alive" (readiness to launch is {base}readyz). Exit 0 when it answers
// 2xx, 1 otherwise. HUB_HEALTHCHECK_URL overrides the URL (e.g. when the port or base
// path come from a config file rather than the environment).
const env = process.env;
const listen = env.HUB_HOST ?? '0.0.0.0';
const host = ['0.0.0.0', '::', ''].includes(listen) ? '127.0.0.1' : listen;
const base = (env.HUB_BASE_PATH ?? env.CKAN_JUPYTERHUB_BASE_URL ?? '/').replace(/\/?$/, '/');
const url =
  env.HUB_HEALTHCHECK_URL ??
  `http://${host.includes(':') ? `[${host}]` : host}:${env.HUB_PORT ?? '8000'}${base}healthz`;
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
