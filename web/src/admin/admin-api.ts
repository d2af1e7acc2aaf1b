/**
 * The dashboard's client of the admin API: the admin cookie goes along by itself, and
 * every state-changing request carries the login's CSRF token in `X-CSRF-Token`. A 401
 * means the sign-in has ended.
 */
import { jsonBody, requestJson, type HubProblem, type Result } from '../common/http.js';

export class AdminApi {
  constructor(
    readonly base: string,
    private readonly csrfToken: string,
    private readonly onSignedOut: () => void,
  ) {}

  get<T>(path: string): Promise<Result<T>> {
    return this.watch(requestJson<T>(`${this.base}${path}`));
  }

  send<T>(method: 'PUT' | 'DELETE' | 'POST', path: string, body?: unknown): Promise<Result<T>> {
    const headers = { 'X-CSRF-Token': this.csrfToken };
    const init = body === undefined ? { method, headers } : jsonBody(method, body, headers);
    return this.watch(requestJson<T>(`${this.base}${path}`, init));
  }

  private async watch<T>(pending: Promise<Result<T>>): Promise<Result<T>> {
    const result = await pending;
    if (!result.ok && result.problem.status === 401) this.onSignedOut();
    return result;
  }
}

export type { HubProblem };
