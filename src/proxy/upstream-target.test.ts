import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { upstreamTarget } from './upstream-target.js';

describe('upstreamTarget', () => {
  it('parses plain http origins', () => {
    assert.deepEqual(upstreamTarget('http://127.0.0.1:41234'), {
      hostname: '127.0.0.1',
      port: 41234,
      host: '127.0.0.1:41234',
    });
    assert.deepEqual(upstreamTarget('http://session-abc'), {
      hostname: 'session-abc',
      port: 80,
      host: 'session-abc',
    });
    assert.deepEqual(upstreamTarget('http://[::1]:8888/'), {
      hostname: '::1',
      port: 8888,
      host: '[::1]:8888',
    });
  });

  it('refuses anything else', () => {
    for (const target of [
      'https://127.0.0.1:1',
      'file:///tmp/x',
      'http://user:pw@127.0.0.1:1',
      'not a url',
      '',
    ]) {
      assert.equal(upstreamTarget(target), null, target);
    }
  });

  it('returns the same object for the same target (parsed once)', () => {
    assert.equal(upstreamTarget('http://127.0.0.1:5555'), upstreamTarget('http://127.0.0.1:5555'));
  });
});
