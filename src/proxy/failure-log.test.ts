import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFailureLog } from './failure-log.js';

function setup() {
  const lines: { message: string; fields?: Record<string, unknown> }[] = [];
  let now = 0;
  const log = createFailureLog(
    { warn: (message, fields) => void lines.push({ message, fields }) },
    1_000,
    () => now,
  );
  return { lines, log, advance: (ms: number) => void (now += ms) };
}

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
  code: 'ECONNREFUSED',
});

describe('createFailureLog', () => {
  it('logs the session, stage and code, never a stack', () => {
    const { lines, log } = setup();
    log('abc', 'connect', refused);
    assert.deepEqual(lines, [
      {
        message: 'proxy: upstream failed',
        fields: { session: 'abc', stage: 'connect', code: 'ECONNREFUSED' },
      },
    ]);
  });

  it('logs a session at most once per interval and reports what it held back', () => {
    const { lines, log, advance } = setup();
    for (let i = 0; i < 50; i++) log('abc', 'connect', refused);
    log('def', 'connect', refused);
    assert.equal(lines.length, 2);
    advance(1_000);
    log('abc', 'connect', refused);
    assert.equal(lines.length, 3);
    assert.equal(lines[2]!.fields!.suppressed, 49);
  });

  it('falls back to the message for errors without a code', () => {
    const { lines, log } = setup();
    log('abc', 'websocket', new Error('upstream socket error'));
    log('def', 'x', 'plain');
    assert.equal(lines[0]!.fields!.code, 'upstream socket error');
    assert.equal(lines[1]!.fields!.code, 'plain');
  });
});
