/**
 * Reads the frame headers of one direction of a WebSocket stream (RFC 6455 §5.2) as the
 * bytes pass, without buffering payloads, to tell a person's traffic from keep-alive.
 * Data frames (text, binary, continuation) are activity; control frames (ping, pong,
 * close) are not: Jupyter pings every open kernel WebSocket every 30 s, and the browser
 * answers, whether or not anyone is at the keyboard. Extensions such as
 * permessage-deflate change payloads, never headers, so they do not matter here.
 */
export class WebSocketFrames {
  /** Header bytes of the frame being read (at most 14). */
  private header: number[] = [];
  /** Payload bytes of the current frame still to skip. */
  private skip = 0;

  /** Feeds the next chunk; returns how many data frames began in it. */
  push(chunk: Buffer): number {
    let dataFrames = 0;
    let i = 0;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      this.header.push(chunk[i]!);
      i++;
      const needed = headerLength(this.header);
      if (needed === null || this.header.length < needed) continue;
      if (isDataOpcode(this.header[0]! & 0x0f)) dataFrames++;
      this.skip = payloadLength(this.header);
      this.header = [];
    }
    return dataFrames;
  }
}

function isDataOpcode(opcode: number): boolean {
  return opcode <= 0x2;
}

/** Total header length once the first two bytes are known, else null. */
function headerLength(header: readonly number[]): number | null {
  if (header.length < 2) return null;
  const len7 = header[1]! & 0x7f;
  const masked = (header[1]! & 0x80) !== 0;
  const extended = len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
  return 2 + extended + (masked ? 4 : 0);
}

function payloadLength(header: readonly number[]): number {
  const len7 = header[1]! & 0x7f;
  if (len7 < 126) return len7;
  if (len7 === 126) return (header[2]! << 8) | header[3]!;
  // 64-bit length: frames beyond 2^53 bytes do not occur; Number keeps the skip exact below it.
  let n = 0;
  for (let k = 2; k < 10; k++) n = n * 256 + header[k]!;
  return n;
}
