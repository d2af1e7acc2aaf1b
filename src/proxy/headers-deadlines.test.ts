import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HeadersDeadlines, type Abortable } from './headers-deadlines.js';

// Timeout 1 000 ms, sweeps driven by hand; the sweep interval (for the allowance) is 100 ms.
function setup() {
  let now = 0;
  const deadlines = new HeadersDeadlines(
    1_000,
    () => new Error('late'),
    () => now,
    100,
  );
  const aborted: string[] = [];
  const request = (name: string): Abortable => ({
    destroy: (error) => void aborted.push(`${name}:${error.message}`),
  });
  const tick = (ms: number) => {
    now += ms;
    deadlines.sweep();
  };
  return { deadlines, aborted, request, tick };
}

describe('HeadersDeadlines', () => {
  it('aborts a request only after its timeout, allowing for the sweep interval', () => {
    const { deadlines, aborted, request, tick } = setup();
    deadlines.arm(request('old'));
    tick(600);
    deadlines.arm(request('young'));
    tick(400);
    assert.deepEqual(aborted, []);
    tick(100);
    assert.deepEqual(aborted, ['old:late']);
    tick(600);
    assert.deepEqual(aborted, ['old:late', 'young:late']);
    deadlines.close();
  });

  it('never aborts a request before its timeout however the sweeps fall', () => {
    const { deadlines, aborted, request, tick } = setup();
    tick(99);
    deadlines.arm(request('late-in-interval'));
    for (let elapsed = 0; elapsed < 1_000; elapsed += 100) {
      assert.deepEqual(aborted, [], `after ${elapsed} ms`);
      tick(100);
    }
    tick(200);
    assert.deepEqual(aborted, ['late-in-interval:late']);
    deadlines.close();
  });

  it('leaves disarmed requests alone and aborts each request once', () => {
    const { deadlines, aborted, request, tick } = setup();
    deadlines.arm(request('answered')).disarm();
    deadlines.arm(request('hung'));
    tick(5_000);
    tick(5_000);
    assert.deepEqual(aborted, ['hung:late']);
    deadlines.close();
  });

  it('keeps working while a hung request holds the front of a long queue', () => {
    const { deadlines, aborted, request, tick } = setup();
    deadlines.arm(request('hung'));
    for (let i = 0; i < 5_000; i++) deadlines.arm(request(`ok${i}`)).disarm();
    tick(100);
    deadlines.arm(request('later'));
    tick(1_000);
    assert.deepEqual(aborted, ['hung:late']);
    tick(200);
    assert.deepEqual(aborted, ['hung:late', 'later:late']);
    deadlines.close();
  });

  it('forgets everything on close', () => {
    const { deadlines, aborted, request, tick } = setup();
    deadlines.arm(request('pending'));
    deadlines.close();
    tick(5_000);
    assert.deepEqual(aborted, []);
  });
});
