/**
 * Where a first result's time goes, seen from the browser: every request the page makes
 * to a Jupyter server (paths under `/user/<id>/`, i.e. through the proxy), split into
 * static files (`static/`, `custom/`, `nbextensions/`, `kernelspecs/`) and the rest, plus
 * the moments the notebook page was requested, the page asked Jupyter for a session (the
 * kernel start) and opened the kernel's WebSocket. Times are epoch ms (`Date.now()` when
 * Playwright reports the event); durations come from Chromium's resource timing.
 */
import type { Page, Request } from 'playwright-core';

const underUser = /\/user\/[^/]+\//;
const staticPath = /\/user\/[^/]+\/(static|custom|nbextensions|kernelspecs)\//;

export interface RequestSummary {
  notebookPageAt: number | null;
  kernelRequestAt: number | null;
  kernelSocketAt: number | null;
  /** The hub's launch request (`POST /api/sessions` of the hub) answered; null for a baseline. */
  launchAnsweredAt: number | null;
  /** Requests to the Jupyter server (through the proxy), static files included. */
  jupyterRequests: number;
  staticRequests: number;
  /** Sum of the static requests' durations (start to response end; they overlap). */
  staticSumMs: number;
  /** From the first static request's start to the last one's end. */
  staticSpanMs: number;
  staticKiB: number;
  /** Static responses with a Content-Encoding, and with a Cache-Control max-age > 0. */
  staticCompressed: number;
  staticCacheable: number;
}

export class RequestRecorder {
  private notebookPageAt: number | null = null;
  private kernelRequestAt: number | null = null;
  private kernelSocketAt: number | null = null;
  private launchAnsweredAt: number | null = null;
  private jupyterRequests = 0;
  private readonly statics: Request[] = [];
  /** Requests that failed (`URL: error`), to explain a visit that never finished. */
  readonly failed: string[] = [];

  constructor(page: Page) {
    page.on('request', (request) => {
      const url = request.url();
      if (!underUser.test(url)) return;
      this.jupyterRequests++;
      if (request.isNavigationRequest() && /\/notebooks\/.+\.ipynb/.test(url))
        this.notebookPageAt ??= Date.now();
      if (request.method() === 'POST' && /\/user\/[^/]+\/api\/sessions/.test(url))
        this.kernelRequestAt ??= Date.now();
    });
    page.on('requestfinished', (request) => {
      const url = request.url();
      if (staticPath.test(url)) this.statics.push(request);
      if (request.method() === 'POST' && /\/api\/sessions$/.test(url) && !underUser.test(url))
        this.launchAnsweredAt ??= Date.now();
    });
    page.on('requestfailed', (request) => {
      this.failed.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`);
    });
    page.on('websocket', (socket) => {
      if (socket.url().includes('/channels')) this.kernelSocketAt ??= Date.now();
    });
  }

  /** Reads sizes and headers of the static responses (after the measured part). */
  async summary(): Promise<RequestSummary> {
    let sum = 0;
    let first = Infinity;
    let last = -Infinity;
    let bytes = 0;
    let compressed = 0;
    let cacheable = 0;
    for (const request of this.statics) {
      const timing = request.timing();
      if (timing.responseEnd >= 0) {
        sum += timing.responseEnd;
        first = Math.min(first, timing.startTime);
        last = Math.max(last, timing.startTime + timing.responseEnd);
      }
      const sizes = await request.sizes().catch(() => null);
      bytes += sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0;
      const headers = (await request.response())?.headers() ?? {};
      if (headers['content-encoding']) compressed++;
      if (/max-age=[1-9]/.test(headers['cache-control'] ?? '')) cacheable++;
    }
    return {
      notebookPageAt: this.notebookPageAt,
      kernelRequestAt: this.kernelRequestAt,
      kernelSocketAt: this.kernelSocketAt,
      launchAnsweredAt: this.launchAnsweredAt,
      jupyterRequests: this.jupyterRequests,
      staticRequests: this.statics.length,
      staticSumMs: sum,
      staticSpanMs: last > first ? last - first : 0,
      staticKiB: bytes / 1024,
      staticCompressed: compressed,
      staticCacheable: cacheable,
    };
  }
}
