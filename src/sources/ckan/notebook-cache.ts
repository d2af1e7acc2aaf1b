/**
 * A small in-memory LRU of notebook copies, keyed by resource and version (so a new
 * upload, which changes `last_modified`, is a miss), bounded by entries and bytes. Loads
 * of the same key run once: a classroom launching one notebook together makes one
 * download. Entries may expire (for links, whose target can change without CKAN
 * knowing). Only consulted after CKAN has authorised the caller for the resource.
 */
export interface NotebookCacheOptions {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

interface Entry {
  readonly content: Buffer;
  readonly expiresAtMs: number;
}

export class NotebookCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Buffer>>();
  private bytes = 0;

  constructor(
    private readonly options: NotebookCacheOptions,
    private readonly nowMs: () => number,
  ) {}

  /**
   * The cached bytes for `key`, else `load()`'s (cached when it succeeds, for `ttlMs`
   * or forever). A failed load is not cached. `load` must not depend on one caller's
   * cancellation, since other callers may be waiting for it.
   */
  get(key: string, load: () => Promise<Buffer>, ttlMs = Infinity): Promise<Buffer> {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAtMs > this.nowMs()) {
      this.entries.delete(key);
      this.entries.set(key, hit); // most recently used last
      return Promise.resolve(hit.content);
    }
    if (hit) this.remove(key);
    const pending = this.loading.get(key);
    if (pending) return pending;
    const loaded = load()
      .then((content) => {
        this.put(key, { content, expiresAtMs: this.nowMs() + ttlMs });
        return content;
      })
      .finally(() => this.loading.delete(key));
    this.loading.set(key, loaded);
    return loaded;
  }

  get size(): number {
    return this.entries.size;
  }

  private put(key: string, entry: Entry): void {
    if (entry.content.length > this.options.maxBytes) return;
    this.remove(key);
    this.entries.set(key, entry);
    this.bytes += entry.content.length;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries && this.bytes <= this.options.maxBytes)
        break;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.content.length;
  }
}
