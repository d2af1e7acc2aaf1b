import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closeFrame } from './close-frame.js';
import { WebSocketFrames } from './websocket-frames.js';

function frame(payloadLength: number, masked = false): Buffer {
  const extended = payloadLength > 65535 ? 8 : payloadLength > 125 ? 2 : 0;
  const head = Buffer.alloc(2 + extended + (masked ? 4 : 0));
  head[0] = 0x81;
  head[1] = (masked ? 0x80 : 0) | (extended === 8 ? 127 : extended === 2 ? 126 : payloadLength);
  if (extended === 2) head.writeUInt16BE(payloadLength, 2);
  if (extended === 8) head.writeBigUInt64BE(BigInt(payloadLength), 2);
  return Buffer.concat([head, Buffer.alloc(payloadLength, 7)]);
}

test('whole frames of every length form end at a boundary', () => {
  const frames = new WebSocketFrames();
  for (const length of [0, 5, 125, 126, 300, 65535, 70_000]) {
    frames.push(frame(length));
    assert.ok(frames.atBoundary, `after a ${length}-byte frame`);
  }
  frames.push(frame(10, true));
  assert.ok(frames.atBoundary, 'masked frame');
});

test('frames split anywhere, even inside the header, are followed', () => {
  const bytes = Buffer.concat([frame(3), frame(300), frame(0), frame(70_000)]);
  for (const cut of [1, 2, 3, 4, 6, 9, 200, 308, 309, 310]) {
    const frames = new WebSocketFrames();
    frames.push(bytes.subarray(0, cut));
    frames.push(bytes.subarray(cut));
    assert.ok(frames.atBoundary, `cut at ${cut}`);
  }
  const partial = new WebSocketFrames();
  partial.push(bytes.subarray(0, 6));
  assert.equal(partial.atBoundary, false);
});

test('pushToBoundary consumes only up to the end of the frame in progress', () => {
  const frames = new WebSocketFrames();
  const first = frame(10);
  frames.push(first.subarray(0, 4));
  const rest = Buffer.concat([first.subarray(4), frame(20)]);
  assert.equal(frames.pushToBoundary(rest), first.length - 4);
  assert.ok(frames.atBoundary);
  assert.equal(frames.pushToBoundary(frame(5)), 0, 'already at a boundary: nothing more');
});

test('the close frame carries the code and reason', () => {
  const bytes = closeFrame(1001, 'hub restarting');
  assert.equal(bytes[0], 0x88);
  assert.equal(bytes[1], 2 + 'hub restarting'.length);
  assert.equal(bytes.readUInt16BE(2), 1001);
  assert.equal(bytes.subarray(4).toString(), 'hub restarting');
});
