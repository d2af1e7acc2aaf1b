import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HeadersDeadlines, type Abortable } from './headers-deadlines.js';

function setup() {
  let now = 0;
  const deadlines = new HeadersDeadlines(
    1_000,
    () => new Error('late'),
    () => now,
    60_000,
  );
  const aborted: string[] = [];
  const request = (name: string): Abortable => ({
    destroy: (error) => void aborted.push(`${name}:${error.message}`),
  });
  return { deadlines, aborted, request, advance: (ms: number) => void (now += ms) };
}

describe('HeadersDeadlines', () => {
  it('aborts only requests armed longer than the timeout ago', () => {
    const { deadlines, aborted, request, advance } = setup();
    deadlines.arm(request('old'));
    advance(600);
    deadlines.arm(request('young'));
    advance(400);
    deadlines.sweep();
    assert.deepEqual(aborted, ['old:late']);
    advance(600);
    deadlines.sweep();
    assert.deepEqual(aborted, ['old:late', 'young:late']);
    deadlines.close();
  });

  it('leaves disarmed requests alone and aborts each request once', () => {
    const { deadlines, aborted, request, advance } = setup();
    const answered = request('answered');
    deadlines.arm(answered);
    deadlines.arm(request('hung'));
    deadlines.disarm(answered);
    advance(5_000);
    deadlines.sweep();
    deadlines.sweep();
    assert.deepEqual(aborted, ['hung:late']);
    deadlines.close();
  });

  it('forgets everything on close', () => {
    const { deadlines, aborted, request, advance } = setup();
    deadlines.arm(request('pending'));
    deadlines.close();
    advance(5_000);
    deadlines.sweep();
    assert.deepEqual(aborted, []);
  });
});
