/**
 * Per-file progress of a launch's copy step, as the visitor's launcher shows it under the
 * "fetching" stage (sent in the session view's `files`). A source that copies several
 * files reports the whole list each time something changes: every file it will fetch
 * (`waiting` → `fetching` with bytes so far → `done` or `failed`) and every file it
 * decided, from metadata alone, not to fetch (`skipped`, with the reason).
 */

export type FileProgressState = 'waiting' | 'fetching' | 'done' | 'skipped' | 'failed';

export interface FileProgress {
  readonly resource_id: string;
  readonly name: string;
  /** `file`: a data file; `notebook`: a notebook of the dataset; `datastore`: a table's first page. */
  readonly kind: 'file' | 'notebook' | 'datastore';
  readonly state: FileProgressState;
  /** Bytes received so far (a done file: its size). */
  readonly bytes: number;
  /** The size the portal declares (a done file: its real size); null when unknown. */
  readonly size: number | null;
  /** Why it was skipped (`size`: too big for the data limit; `format`; `link`: a web page). */
  readonly reason: 'size' | 'format' | 'link' | null;
  /** A visitor-safe English sentence for `skipped` and `failed` (MANIFEST.json's). */
  readonly message: string | null;
}

/** Told the whole list after each change; byte counts at most every `byteIntervalMs`. */
export type FileProgressListener = (files: readonly FileProgress[]) => void;

/**
 * Keeps the list and tells the listener: state changes at once, byte counts at most once
 * per `byteIntervalMs` (across all files).
 */
export class FileProgressTracker {
  private readonly files = new Map<string, FileProgress>();
  private lastBytesReportMs = 0;

  constructor(
    private readonly listener: FileProgressListener | undefined,
    private readonly byteIntervalMs = 250,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** Adds (or replaces) every line in `files`, then reports the list once. */
  setAll(files: readonly FileProgress[]): void {
    for (const file of files) this.files.set(`${file.kind}:${file.resource_id}`, file);
    this.report();
  }

  /** Adds (or replaces) a file's line and reports the list. */
  set(file: FileProgress): void {
    this.files.set(`${file.kind}:${file.resource_id}`, file);
    this.report();
  }

  /** Updates a fetching file's byte count; reported when the last report is old enough. */
  bytes(kind: FileProgress['kind'], resourceId: string, bytes: number): void {
    const key = `${kind}:${resourceId}`;
    const file = this.files.get(key);
    if (!file || file.state !== 'fetching') return;
    this.files.set(key, { ...file, bytes });
    const now = this.nowMs();
    if (now - this.lastBytesReportMs < this.byteIntervalMs) return;
    this.lastBytesReportMs = now;
    this.report();
  }

  /** Patches a file's line (state, bytes, size, message) and reports the list. */
  update(kind: FileProgress['kind'], resourceId: string, patch: Partial<FileProgress>): void {
    const key = `${kind}:${resourceId}`;
    const file = this.files.get(key);
    if (file) this.set({ ...file, ...patch });
  }

  list(): FileProgress[] {
    return [...this.files.values()];
  }

  private report(): void {
    this.listener?.(this.list());
  }
}
