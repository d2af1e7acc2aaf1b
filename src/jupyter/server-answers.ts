import { jupyterGet } from './jupyter-fetch.js';

/**
 * One liveness question: does `GET {target}{baseUrl}api/status` answer 200 with the
 * token within `timeoutMs`? False for a refused connection, any other status, or no
 * answer in time (a paused container, a stopped process, a server stuck in a loop).
 * Never throws.
 */
export async function serverAnswers(
  target: string,
  baseUrl: string,
  token: string,
  timeoutMs: number,
): Promise<boolean> {
  try {
    const response = await jupyterGet(
      { target, baseUrl, token },
      'api/status',
      AbortSignal.timeout(timeoutMs),
    );
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
