/**
 * Compression of versioned static files (static-assets.ts), memoised by content: the key
 * is the SHA-256 of the uncompressed bytes a session's server sent, so an answer is always
 * the compression of exactly what that session's own server sent, and a hostile server
 * cannot make the hub answer another session with its bytes (no URL-keyed shared cache).
 * Compression runs on libuv's thread pool (zlib's async API), never on the event loop;
 * the same bytes requested by several sessions at once are compressed once. Bounded: a
 * body above `maxBodyBytes`, or arriving while `maxPendingBytes` are already buffered, is
 * streamed uncompressed; the memo keeps at most `memoBytes` of output (least recently used
 * goes first). Quality is chosen for a first answer without a noticeable wait (br 4, gzip
 * 6: about a quarter of the size of Notebook 6's 2.8 MB `main.min.js`).
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export interface StaticCompressorOptions {
  readonly maxBodyBytes?: number;
  readonly maxPendingBytes?: number;
  readonly memoBytes?: number;
}

export class StaticCompressor {
  readonly maxBodyBytes: number;
  private readonly maxPendingBytes: number;
  private readonly memoBytes: number;
  private readonly memo = new Map<string, Buffer>();
  private readonly running = new Map<string, Promise<Buffer>>();
  private memoSize = 0;
  private pending = 0;

  constructor(options: StaticCompressorOptions = {}) {
    this.maxBodyBytes = options.maxBodyBytes ?? 8 * 1024 * 1024;
    this.maxPendingBytes = options.maxPendingBytes ?? 64 * 1024 * 1024;
    this.memoBytes = options.memoBytes ?? 64 * 1024 * 1024;
  }

  /** Reserves room to buffer a body of up to `bytes`; false: stream it uncompressed. */
  reserve(bytes: number): boolean {
    if (bytes > this.maxBodyBytes || this.pending + bytes > this.maxPendingBytes) return false;
    this.pending += bytes;
    return true;
  }

  release(bytes: number): void {
    this.pending = Math.max(0, this.pending - bytes);
  }

  /** The body compressed with `encoding`, from the memo when these exact bytes were compressed before. */
  compress(body: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> {
    const key = `${encoding}:${createHash('sha256').update(body).digest('base64')}`;
    const known = this.memo.get(key);
    if (known) {
      this.memo.delete(key);
      this.memo.set(key, known);
      return Promise.resolve(known);
    }
    let job = this.running.get(key);
    if (!job) {
      job = (
        encoding === 'br'
          ? brotli(body, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: 4,
                [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
              },
            })
          : gzipAsync(body, { level: 6 })
      ).finally(() => this.running.delete(key));
      void job.then((out) => this.remember(key, out)).catch(() => undefined);
      this.running.set(key, job);
    }
    return job;
  }

  private remember(key: string, out: Buffer): void {
    if (out.length > this.memoBytes || this.memo.has(key)) return;
    this.memo.set(key, out);
    this.memoSize += out.length;
    for (const [oldest, buffer] of this.memo) {
      if (this.memoSize <= this.memoBytes) break;
      this.memo.delete(oldest);
      this.memoSize -= buffer.length;
    }
  }
}
