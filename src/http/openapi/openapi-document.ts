/**
 * The OpenAPI 3.1 document, generated from the routes' schemas: `onRoute` gives each
 * route in the API contract its schema and remembers it; `document()` turns the
 * remembered routes into paths and operations. Served at `{base}api/openapi.json`.
 */
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { apiContract, type RouteContract } from './api-contract.js';

interface CollectedRoute {
  readonly method: string;
  readonly path: string;
  readonly contract: RouteContract;
  readonly body: object | undefined;
}

export class OpenApiCollector {
  private readonly routes: CollectedRoute[] = [];

  /** For `app.addHook('onRoute', …)`: attaches the contract's schema to a known route. */
  onRoute(route: RouteOptions & { routePath?: string }): void {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const path = route.routePath ?? route.url;
    for (const method of methods) {
      const contract = apiContract[`${method} ${path}`];
      if (!contract) continue;
      const existing = (route.schema ?? {}) as Record<string, unknown>;
      // Query strings are documented only: the handlers check them with their own
      // messages (a schema would turn those into a generic validation error).
      const { params, response, summary, tags } = contract;
      route.schema = {
        summary,
        tags,
        ...(params ? { params } : {}),
        response,
        ...existing,
      } as FastifySchema;
      this.routes.push({ method, path, contract, body: existing.body as object | undefined });
    }
  }

  document(basePath: string, version: string): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const route of this.routes) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      paths[path] ??= {};
      paths[path][route.method.toLowerCase()] = operation(route);
    }
    paths['/user/{id}/{path}'] = { get: proxiedOperation };
    return {
      openapi: '3.1.0',
      info: {
        title: 'ckan-notebook-hub',
        version,
        description:
          "Public (visitors) and admin API of the hub. Errors are `{error, message}` with a stable code; state-changing requests from a browser must carry the hub's own Origin.",
      },
      servers: [{ url: basePath }],
      tags: [
        { name: 'visitors', description: "A visitor's sessions (signed visitor cookie)" },
        { name: 'admins', description: 'Admin token (Bearer) or the dashboard cookie + CSRF' },
        { name: 'operations', description: 'Health, readiness, metrics' },
      ],
      paths,
      components: {
        securitySchemes: {
          adminToken: { type: 'http', scheme: 'bearer', description: 'HUB_ADMIN_TOKEN' },
          adminCookie: { type: 'apiKey', in: 'cookie', name: 'cnh_admin' },
          metricsToken: { type: 'http', scheme: 'bearer', description: 'HUB_METRICS_TOKEN' },
        },
      },
    };
  }
}

function operation(route: CollectedRoute): Record<string, unknown> {
  const { contract } = route;
  const parameters = [
    ...parametersOf(contract.params, 'path'),
    ...parametersOf(contract.querystring, 'query'),
  ];
  const responses: Record<string, unknown> = {};
  for (const [code, schema] of Object.entries(contract.response)) {
    const { description, ...rest } = schema as { description?: string };
    const isError = Number(code) >= 400;
    const mime = isError ? 'application/json' : (contract.produces ?? 'application/json');
    responses[code] = {
      description: description ?? (isError ? 'Refused: see `error`' : 'OK'),
      ...(Object.keys(rest).length > 0 ? { content: { [mime]: { schema: rest } } } : {}),
    };
  }
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    summary: contract.summary,
    tags: contract.tags,
    ...(contract.security ? { security: contract.security } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } }
      : {}),
    responses,
  };
}

function parametersOf(schema: object | undefined, where: 'path' | 'query'): object[] {
  if (!schema) return [];
  const { properties = {}, required = [] } = schema as {
    properties?: Record<string, object>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    schema: property,
  }));
}

const proxiedOperation = {
  operationId: 'proxySession',
  summary: "The session's Jupyter server (HTTP and WebSocket), for its owner only",
  description:
    "Proxied to the Jupyter server as it is; its API is Jupyter's own. The hub adds the server token; `POST …/api/shutdown` is refused (sessions end through the hub).",
  tags: ['visitors'],
  parameters: [
    { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    { name: 'path', in: 'path', required: true, schema: { type: 'string' } },
  ],
  responses: {
    '200': { description: "Jupyter's answer" },
    '404': { description: 'No such session, or not this visitor' },
    '503': { description: 'The session server is not answering' },
  },
};

/** `GET /api/openapi.json` (register under the base path prefix). */
export function registerOpenApi(
  app: FastifyInstance,
  collector: OpenApiCollector,
  basePath: string,
  version: string,
): void {
  let cached: Record<string, unknown> | null = null;
  app.get('/api/openapi.json', async () => (cached ??= collector.document(basePath, version)));
}
