/**
 * The public and admin API's contract: for each route, its OpenAPI summary, tags,
 * security and JSON Schemas (params, query, body, responses). `applyApiContract` puts
 * each entry on its Fastify route as the route's `schema` when the route registers, and
 * the OpenAPI document (`{base}api/openapi.json`) is generated from the registered
 * routes' schemas. Response schemas document and are checked by the tests
 * (test/hub/openapi.test.ts); responses are still serialized with JSON.stringify.
 */
import {
  adminSessionSchema,
  capacitySchema,
  errorSchema,
  sessionSchema,
  settingsSchema,
} from './schemas.js';

export interface RouteContract {
  readonly summary: string;
  readonly tags: readonly ('visitors' | 'admins' | 'operations')[];
  readonly security?: readonly Record<string, readonly string[]>[];
  readonly params?: object;
  readonly querystring?: object;
  readonly body?: object;
  /** By status code; `content` overrides application/json (e.g. SSE, Prometheus text). */
  readonly response: Record<string, object>;
  readonly produces?: string;
}

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } };
const admin = [{ adminToken: [] }, { adminCookie: [] }] as const;
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), errorSchema]));

export const apiContract: Record<string, RouteContract> = {
  'POST /api/sessions': {
    summary:
      'Launch a notebook: start a session (201) or queue it (202). A dataset launch while exploring is off: 403 explore_disabled',
    tags: ['visitors'],
    response: {
      201: sessionSchema,
      202: sessionSchema,
      ...errors(400, 401, 403, 404, 413, 422, 429, 503),
    },
  },
  'GET /api/sessions/:id': {
    summary: 'The session, for its owner',
    tags: ['visitors'],
    params: idParams,
    response: { 200: sessionSchema, ...errors(404) },
  },
  'DELETE /api/sessions/:id': {
    summary: 'The visitor ends their own session',
    tags: ['visitors'],
    params: idParams,
    response: { 200: sessionSchema, ...errors(403, 404) },
  },
  'GET /api/sessions/:id/events': {
    summary: 'Server-sent events: `session` on every change, `restart` when the hub shuts down',
    tags: ['visitors'],
    params: idParams,
    produces: 'text/event-stream',
    response: { 200: { type: 'string' }, ...errors(404, 503) },
  },
  'GET /api/sessions/:id/download': {
    summary: 'The notebook as it is in the session now, as an attachment',
    tags: ['visitors'],
    params: idParams,
    querystring: { type: 'object', properties: { file: { type: 'string' } } },
    produces: 'application/x-ipynb+json',
    response: { 200: { type: 'object' }, ...errors(400, 404, 409, 502, 503) },
  },
  'GET /api/capacity': {
    summary: 'Sessions allowed, running, free and queued',
    tags: ['visitors'],
    response: { 200: capacitySchema },
  },
  'GET /api/notebooks': {
    summary: "The directory source's notebooks",
    tags: ['visitors'],
    response: {
      200: {
        type: 'object',
        required: ['notebooks'],
        properties: {
          notebooks: {
            type: 'array',
            items: {
              type: 'object',
              required: ['path', 'title'],
              properties: { path: { type: 'string' }, title: { type: 'string' } },
            },
          },
        },
      },
    },
  },
  'GET /api/admin/sessions': {
    summary: 'Live sessions with usage and limits, and the capacity',
    tags: ['admins'],
    security: admin,
    response: {
      200: {
        type: 'object',
        required: ['sessions', 'capacity'],
        properties: {
          sessions: { type: 'array', items: adminSessionSchema },
          capacity: capacitySchema,
        },
      },
      ...errors(401, 403),
    },
  },
  'DELETE /api/admin/sessions/:id': {
    summary: 'End a session (reason admin)',
    tags: ['admins'],
    security: admin,
    params: idParams,
    response: { 200: sessionSchema, ...errors(401, 403, 404) },
  },
  'GET /api/admin/settings': {
    summary: 'The runtime settings',
    tags: ['admins'],
    security: admin,
    response: { 200: settingsSchema, ...errors(401, 403) },
  },
  'PUT /api/admin/settings': {
    summary: 'Change any subset of the runtime settings',
    tags: ['admins'],
    security: admin,
    response: { 200: settingsSchema, ...errors(400, 401, 403) },
  },
  'POST /api/admin/ticket-check': {
    summary:
      'Whether the hub would accept a launch ticket (signature, lifetime, resource), without launching or spending it',
    tags: ['admins'],
    security: admin,
    response: {
      200: {
        type: 'object',
        required: ['ok'],
        properties: {
          ok: { type: 'boolean' },
          user: { type: ['string', 'null'] },
          resource_id: { type: 'string' },
          reason: { type: 'string' },
          message: { type: 'string' },
        },
      },
      ...errors(400, 401, 403),
    },
  },
  'GET /api/admin/history': {
    summary: 'Launches, ends by reason and launch latency in time buckets',
    tags: ['admins'],
    security: admin,
    querystring: { type: 'object', properties: { hours: { type: 'string', pattern: '^\\d+$' } } },
    response: { 200: { type: 'object' }, ...errors(400, 401, 403) },
  },
  'POST /admin/login': {
    summary: "The dashboard's sign-in (form field `token`): 303 to the dashboard",
    tags: ['admins'],
    response: {
      303: { description: 'Signed in: the admin cookie is set' },
      401: { description: 'Wrong token: the sign-in page again (HTML)' },
      ...errors(403, 429),
    },
  },
  'POST /admin/logout': {
    summary: "The dashboard's sign-out (with X-CSRF-Token)",
    tags: ['admins'],
    response: { 204: { description: 'Signed out' }, ...errors(403) },
  },
  'GET /healthz': {
    summary: 'Liveness: the process answers',
    tags: ['operations'],
    response: {
      200: { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } },
    },
  },
  'GET /readyz': {
    summary: 'Readiness to launch: store, spawner backend, sandbox',
    tags: ['operations'],
    response: Object.fromEntries(
      ['200', '503'].map((code) => [
        code,
        {
          type: 'object',
          required: ['status', 'spawner', 'checks'],
          properties: {
            status: { enum: ['ready', 'not-ready', 'shutting-down'] },
            spawner: { type: 'string' },
            checks: {
              type: 'object',
              required: ['store', 'spawner'],
              properties: { store: { type: 'string' }, spawner: { type: 'string' } },
            },
          },
        },
      ]),
    ),
  },
  'GET /metrics': {
    summary: 'Prometheus metrics (bearer token when HUB_METRICS_TOKEN is set)',
    tags: ['operations'],
    security: [{ metricsToken: [] }, {}],
    produces: 'text/plain',
    response: { 200: { type: 'string' }, ...errors(401) },
  },
  'GET /api/openapi.json': {
    summary: 'This document',
    tags: ['operations'],
    response: { 200: { type: 'object' } },
  },
};
