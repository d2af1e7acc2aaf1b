/**
 * JSON requests to the hub. Errors come back as `HubProblem`: the hub's stable error
 * code, its visitor-safe message in the page's language (the API sends English; German
 * comes from src/errors/error-messages-de.ts by code), Retry-After and per-field messages.
 */
import { errorMessageIn } from '../../../src/errors/error-messages-de.js';
import { commonText } from '../text/common.js';
import { pageLang } from './plural.js';

export interface HubProblem {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly retryAfterSeconds: number | null;
  readonly fields: Record<string, string>;
}

export type Result<T> =
  { ok: true; value: T; serverDate: number | null } | { ok: false; problem: HubProblem };

export async function requestJson<T>(url: string, init: RequestInit = {}): Promise<Result<T>> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', ...init });
  } catch {
    return { ok: false, problem: networkProblem() };
  }
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (response.ok) {
    const date = Date.parse(response.headers.get('date') ?? '');
    return { ok: true, value: body as T, serverDate: Number.isNaN(date) ? null : date };
  }
  return { ok: false, problem: toProblem(response, body) };
}

export function toProblem(response: Response, body: Record<string, unknown> | null): HubProblem {
  const code = typeof body?.error === 'string' ? body.error : 'other';
  const retry = Number(response.headers.get('retry-after') ?? body?.retry_after ?? NaN);
  return {
    status: response.status,
    code,
    message:
      typeof body?.message === 'string'
        ? errorMessageIn(pageLang(), code, body.message)
        : commonText.answered(response.status),
    retryAfterSeconds: Number.isFinite(retry) && retry > 0 ? retry : null,
    fields:
      typeof body?.fields === 'object' && body.fields !== null
        ? (body.fields as Record<string, string>)
        : {},
  };
}

export function networkProblem(): HubProblem {
  return {
    status: 0,
    code: 'network',
    message: commonText.noAnswer,
    retryAfterSeconds: null,
    fields: {},
  };
}

export function jsonBody(
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
