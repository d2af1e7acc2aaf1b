/**
 * Tracks WebSocket frame boundaries (RFC 6455 §5.2) in a byte stream that is otherwise
 * passed through untouched, so the proxy can end a tunnel with a close frame of its own
 * without cutting a frame in half. Only headers are read: payloads, masks and
 * extensions (e.g. permessage-deflate) do not matter for where a frame ends.
 */
export class FrameBoundary {
  /** Header bytes seen of the frame being read, while its header is incomplete. */
  private header: number[] = [];
  /** Payload bytes still to come of the current frame. */
  private remaining = 0;

  /** Whether everything fed so far ends exactly at a frame's end. */
  get atBoundary(): boolean {
    return this.header.length === 0 && this.remaining === 0;
  }

  /**
   * Feeds `chunk` and returns how many of its bytes were consumed: all of them, or with
   * `stopAtBoundary`, only those up to the first frame end (0 when already at one), so
   * the caller can forward exactly that much and then write a frame of its own.
   */
  feed(chunk: Uint8Array, stopAtBoundary = false): number {
    let i = 0;
    while (i < chunk.length) {
      if (stopAtBoundary && this.atBoundary) return i;
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - i);
        this.remaining -= take;
        i += take;
        continue;
      }
      this.header.push(chunk[i]!);
      i++;
      const length = headerPayloadLength(this.header);
      if (length === null) continue;
      this.header = [];
      this.remaining = length;
    }
    return i;
  }
}

/** The payload length once `header` is complete, else null. */
function headerPayloadLength(header: readonly number[]): number | null {
  if (header.length < 2) return null;
  const masked = (header[1]! & 0x80) !== 0;
  const short = header[1]! & 0x7f;
  const extended = short === 126 ? 2 : short === 127 ? 8 : 0;
  const total = 2 + extended + (masked ? 4 : 0);
  if (header.length < total) return null;
  let length = short;
  if (extended > 0) {
    length = 0;
    for (let k = 2; k < 2 + extended; k++) length = length * 256 + header[k]!;
  }
  return length;
}

/** An unmasked (server-to-client) close frame with `code` and a short reason. */
export function closeFrame(code: number, reason: string): Buffer {
  const text = Buffer.from(reason, 'utf8').subarray(0, 123);
  const frame = Buffer.alloc(4 + text.length);
  frame[0] = 0x88; // FIN + opcode 8 (close)
  frame[1] = 2 + text.length;
  frame.writeUInt16BE(code, 2);
  text.copy(frame, 4);
  return frame;
}

/** 1001 "going away": the server is shutting down (RFC 6455 §7.4.1). */
export const GOING_AWAY = 1001;
