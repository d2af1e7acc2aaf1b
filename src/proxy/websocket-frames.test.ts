import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { WebSocketFrames } from './websocket-frames.js';

/** One frame as RFC 6455 §5.2 lays it out (masked like a browser's, or not like a server's). */
function frame(opcode: number, payload: Buffer, mask: boolean): Buffer {
  const length =
    payload.length < 126
      ? Buffer.from([payload.length])
      : payload.length < 65536
        ? Buffer.from([126, payload.length >> 8, payload.length & 0xff])
        : Buffer.concat([Buffer.from([127]), bigEndian64(payload.length)]);
  length[0]! |= mask ? 0x80 : 0;
  const key = mask ? randomBytes(4) : Buffer.alloc(0);
  const body = mask ? payload.map((b, i) => b ^ key[i % 4]!) : payload;
  return Buffer.concat([Buffer.from([0x80 | opcode]), length, key, body]);
}

function bigEndian64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

const ping = 0x9;
const pong = 0xa;
const text = 0x1;
const binary = 0x2;

for (const mask of [false, true]) {
  test(`control frames are not data; data frames of every length are (masked: ${mask})`, () => {
    const bytes = Buffer.concat([
      frame(ping, Buffer.from('hub'), mask),
      frame(pong, Buffer.alloc(0), mask),
      frame(text, Buffer.from('x'.repeat(10)), mask),
      // A payload that looks like a ping header must be skipped, not read as one.
      frame(binary, Buffer.from([0x89, 0x00, 0x89, 0x00]), mask),
      frame(ping, Buffer.alloc(0), mask),
      frame(binary, Buffer.alloc(300, 0x89), mask),
      frame(binary, Buffer.alloc(70_000, 0x8a), mask),
      frame(pong, Buffer.from('ok'), mask),
    ]);
    assert.equal(new WebSocketFrames().push(bytes), 4);
    // The same stream one byte at a time: headers split across chunks.
    const scanner = new WebSocketFrames();
    let total = 0;
    for (const byte of bytes) total += scanner.push(Buffer.from([byte]));
    assert.equal(total, 4);
  });
}

test('a stream of pings and pongs only is never data', () => {
  const bytes = Buffer.concat(
    Array.from({ length: 50 }, (_, i) => frame(i % 2 ? pong : ping, Buffer.from(String(i)), true)),
  );
  assert.equal(new WebSocketFrames().push(bytes), 0);
});
