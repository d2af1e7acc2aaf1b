/** The close frame the hub sends a WebSocket client itself (RFC 6455 §5.5.1). */

/** 1001 "going away": the server is shutting down (RFC 6455 §7.4.1). */
export const GOING_AWAY = 1001;

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
