/**
 * Reloads the notebook frame when its page lost a script, stylesheet or request on the way
 * in. Chromium aborts every load in flight (`net::ERR_NETWORK_CHANGED`) when the machine's
 * network changes — a VPN or Wi-Fi switch, or a container starting on the same host —
 * and Notebook 6's page has no retry of its own: without require.js or main.min.js it
 * stays blank for good, and without its config or the notebook's contents it shows no
 * cells, with nothing in it to say so.
 *
 * What counts as lost: a script, stylesheet, XHR or fetch of the session's own origin that
 * got no response at all (Resource Timing's `responseStatus` 0: a network error, not an
 * HTTP error, which a reload would not cure), or a frame that shows the browser's own
 * error page (no document the hub's page may read). Checked when the frame's page has
 * loaded, and then, on a Notebook 6 page (`window.Jupyter`), every half second until its
 * notebook is fully loaded (`Jupyter.notebook._fully_loaded`), for at most a minute: the
 * page asks for its config and the notebook only after its load event. A notebook that
 * has loaded is never reloaded, so a page the visitor has started to use is never
 * reloaded under them. Bounded: at most `maxReloads` per notebook URL, so a resource that
 * can never load costs a few reloads, not a loop.
 */

/** What a loaded frame shows: fine, or broken and why (for the console). */
export type FrameHealth = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const checkedTypes = new Set(['script', 'link', 'xmlhttprequest', 'fetch']);
const watchEveryMs = 500;
const watchForMs = 60_000;

/** The health of the page in `win` (null: a document the hub's page may not read). */
export function frameHealth(win: Window | null): FrameHealth {
  let doc: Document | null = null;
  try {
    doc = win?.document ?? null;
  } catch {
    doc = null;
  }
  if (!win || !doc) return { ok: false, reason: 'the frame shows no readable page' };
  if (doc.URL === 'about:blank') return { ok: true };
  const origin = win.location.origin;
  for (const entry of win.performance.getEntriesByType('resource')) {
    const timing = entry as PerformanceResourceTiming & { responseStatus?: number };
    // Browsers without responseStatus cannot tell a failed load from a good one here.
    if (timing.responseStatus !== 0 || !checkedTypes.has(timing.initiatorType)) continue;
    if (!timing.name.startsWith(`${origin}/`)) continue;
    return { ok: false, reason: `no response for ${timing.name}` };
  }
  return { ok: true };
}

/** Whether `win` shows a Notebook 6 page whose notebook has not fully loaded yet. */
export function notebookPending(win: Window | null): boolean {
  try {
    const jupyter = (win as NotebookWindow | null)?.Jupyter;
    return jupyter !== undefined && jupyter.notebook?._fully_loaded !== true;
  } catch {
    return false;
  }
}

type NotebookWindow = Window & { Jupyter?: { notebook?: { _fully_loaded?: boolean } } };

export class FrameGuard {
  private url: string | null = null;
  private reloads = 0;
  private watch: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly frame: HTMLIFrameElement,
    private readonly maxReloads = 3,
  ) {
    frame.addEventListener('load', () => this.check());
  }

  /** Shows `url` in the frame (a new URL resets the reload budget). */
  open(url: string): void {
    this.stopWatch();
    if (url !== this.url) this.reloads = 0;
    this.url = url;
    this.frame.src = url;
  }

  /** Shows nothing, and stops watching. */
  close(): void {
    this.stopWatch();
    this.url = null;
    this.frame.src = 'about:blank';
  }

  private check(): void {
    this.stopWatch();
    if (this.reloadIfBroken()) return;
    if (!notebookPending(this.frame.contentWindow)) return;
    const until = Date.now() + watchForMs;
    this.watch = setInterval(() => {
      const pending = notebookPending(this.frame.contentWindow);
      if (!pending || Date.now() > until || this.reloadIfBroken()) this.stopWatch();
    }, watchEveryMs);
  }

  /** Reloads the frame if its page lost something and the budget allows; whether it did. */
  private reloadIfBroken(): boolean {
    const url = this.url;
    if (url === null || this.reloads >= this.maxReloads) return false;
    const health = frameHealth(this.frame.contentWindow);
    if (health.ok) return false;
    this.reloads += 1;
    console.warn(`notebook frame: ${health.reason}; reloading (${this.reloads})`);
    this.stopWatch();
    this.frame.src = url;
    return true;
  }

  private stopWatch(): void {
    if (this.watch !== null) clearInterval(this.watch);
    this.watch = null;
  }
}
