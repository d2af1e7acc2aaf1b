/** JSON Schemas (2020-12, as OpenAPI 3.1 uses) of the API's bodies, shared by the contract. */
import { loadableFormats } from '../../starter/reader-for.js';

const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const int = { type: 'integer' } as const;
const nullableInt = { type: ['integer', 'null'] } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;

export const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { ...str, description: 'Stable error code (src/errors/hub-error.ts)' },
    message: { ...str, description: 'Safe to show to a visitor' },
    field: str,
    fields: { type: 'object', additionalProperties: str },
  },
} as const;

export const sessionSchema = {
  type: 'object',
  required: ['id', 'state', 'stage', 'url', 'queue_position', 'queue_length', 'created_at'],
  properties: {
    id: str,
    state: { enum: ['queued', 'starting', 'ready', 'stopping', 'ended'] },
    stage: str,
    url: nullableStr,
    notebook: {
      type: ['object', 'null'],
      required: ['title', 'file'],
      properties: { title: str, file: str },
    },
    queue_position: nullableInt,
    queue_length: int,
    estimated_wait_seconds: { type: ['number', 'null'] },
    created_at: dateTime,
    ready_at: nullableDateTime,
    ended_at: nullableDateTime,
    expires_at: nullableDateTime,
    idle_deadline: nullableDateTime,
    ended_reason: { ...nullableStr, description: 'idle, max-age, admin, visitor, failed, …' },
    error: nullableStr,
    warning_seconds: int,
    files: {
      type: ['array', 'null'],
      description: 'Per-file progress of a dataset launch (src/sources/file-progress.ts)',
      items: {
        type: 'object',
        required: ['resource_id', 'name', 'kind', 'state', 'bytes', 'size', 'reason', 'message'],
        properties: {
          resource_id: str,
          name: str,
          kind: { enum: ['file', 'notebook', 'datastore'] },
          state: { enum: ['waiting', 'fetching', 'done', 'skipped', 'failed'] },
          bytes: int,
          size: nullableInt,
          reason: { enum: ['size', 'format', 'link', null] },
          message: nullableStr,
        },
      },
    },
  },
} as const;

export const capacitySchema = {
  type: 'object',
  required: ['max_sessions', 'running', 'free', 'queued'],
  properties: { max_sessions: int, running: int, free: int, queued: int },
} as const;

export const settingsSchema = {
  type: 'object',
  required: [
    'max_sessions',
    'max_guest_sessions',
    'idle_timeout_seconds',
    'max_lifetime_seconds',
    'cpu_percent',
    'memory_limit',
    'explore_datasets',
    'explore_formats',
  ],
  properties: {
    max_sessions: int,
    max_guest_sessions: int,
    idle_timeout_seconds: int,
    max_lifetime_seconds: int,
    cpu_percent: int,
    memory_limit: str,
    explore_datasets: {
      type: 'boolean',
      description:
        'Whether datasets can be explored; off, dataset launches refuse with explore_disabled',
    },
    explore_formats: {
      type: 'array',
      items: { enum: loadableFormats },
      description:
        'Formats the starter notebook loads (PUT also takes "csv, xlsx"); an unknown one is a 400',
    },
  },
} as const;

export const adminSessionSchema = {
  allOf: [
    sessionSchema,
    {
      type: 'object',
      required: ['visitor_kind', 'idle_seconds', 'age_seconds'],
      properties: {
        visitor_kind: { enum: ['guest', 'ckan-user'] },
        ckan_user: nullableStr,
        client_address: nullableStr,
        idle_seconds: int,
        age_seconds: int,
        cpu_percent: { type: ['number', 'null'] },
        memory_bytes: { type: ['number', 'null'] },
        limits: { type: 'object' },
      },
    },
  ],
} as const;
