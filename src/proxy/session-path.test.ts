import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isContainedPath, matchSessionPath } from './session-path.js';

const prefix = '/user/';

describe('matchSessionPath', () => {
  it('finds the session id of proxied paths', () => {
    for (const [url, id] of [
      ['/user/abc/', 'abc'],
      ['/user/abc', 'abc'],
      ['/user/abc?x=1', 'abc'],
      ['/user/a1b2c3/api/kernels/0f-9/channels?session_id=x', 'a1b2c3'],
      [`/user/${'z'.repeat(40)}/tree`, 'z'.repeat(40)],
      ['/user/abc/notebooks/My%20Notebook.ipynb', 'abc'],
      ['/user/abc/files/100%25.csv', 'abc'],
      ['/user/abc/files/caf%C3%A9.csv', 'abc'],
      ['/user/abc/files/a..b/c...d/.hidden/..x/x../', 'abc'],
      ['/user/abc/./tree', 'abc'],
      ['/user/abc//tree', 'abc'],
      ['/user/abc/?next=/user/def/../x', 'abc'],
      ['/user/abc/?q=%2e%2e%2f', 'abc'],
    ]) {
      assert.deepEqual(matchSessionPath(url!, prefix), { kind: 'session', sessionId: id }, url);
    }
  });

  it('leaves everything outside the prefix to the hub', () => {
    for (const url of [
      '/',
      '/user',
      '/users/abc/',
      '/USER/abc/',
      '/hub/user/abc/',
      'http://x/user/abc/',
      '',
    ]) {
      assert.deepEqual(matchSessionPath(url, prefix), { kind: 'outside' }, url);
    }
  });

  it('honours the base path', () => {
    assert.deepEqual(matchSessionPath('/jupyter/user/abc/', '/jupyter/user/'), {
      kind: 'session',
      sessionId: 'abc',
    });
    assert.deepEqual(matchSessionPath('/user/abc/', '/jupyter/user/'), { kind: 'outside' });
  });

  it('rejects bad session ids', () => {
    for (const url of [
      '/user/',
      '/user//abc/',
      '/user/?x',
      '/user/ABC/',
      '/user/aBc/',
      '/user/a_b/',
      '/user/a-b/',
      '/user/a.b/',
      '/user/%61bc/',
      '/user/..',
      '/user/../admin',
      '/user/./abc',
      `/user/${'a'.repeat(41)}/`,
      '/user/abc;x/',
      '/user/ab%20c/',
    ]) {
      assert.deepEqual(matchSessionPath(url, prefix), { kind: 'rejected' }, url);
    }
  });

  it('rejects paths that could escape the session prefix once decoded', () => {
    for (const url of [
      '/user/abc/../def/',
      '/user/abc/..',
      '/user/abc/x/../../def/',
      '/user/abc/..?x',
      '/user/abc/%2e%2e/def/api/contents',
      '/user/abc/%2E%2E/def/',
      '/user/abc/%2e./def/',
      '/user/abc/.%2E/def/',
      '/user/abc/..%2fdef/',
      '/user/abc/..%2Fdef/',
      '/user/abc%2f..%2fdef/',
      '/user/abc/x%2f..%2f..%2fdef',
      '/user/abc/..%5cdef/',
      '/user/abc/..%5Cdef/',
      '/user/abc/..\\def/',
      '/user/abc\\..\\def/',
      '/user/abc/%252e%252e/def/',
      '/user/abc/%252E%252E%252Fdef/',
      '/user/abc/..%252fdef/',
      '/user/abc/..%255cdef/',
      '/user/abc/%25252e%25252e/def/',
      '/user/abc/%%32%65%%32%65/def/',
      '/user/abc/%c0%ae%c0%ae/def/',
      '/user/abc/%C0%AF',
      '/user/abc/%e0%80%ae%e0%80%ae/',
      '/user/abc/%f0%80%80%ae/',
      '/user/abc/x%00.ipynb',
      '/user/abc/%2525252e',
    ]) {
      assert.deepEqual(matchSessionPath(url, prefix), { kind: 'rejected' }, url);
    }
  });
});

describe('isContainedPath', () => {
  it('gives up on paths still encoded after several rounds', () => {
    assert.equal(isContainedPath('abc/%25252541'), false);
    assert.equal(isContainedPath('abc/%252541'), true);
  });

  it('treats a lone percent sign as literal', () => {
    assert.equal(isContainedPath('abc/100%'), true);
    assert.equal(isContainedPath('abc/%zz'), true);
  });
});
