import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { upstreamRequestHeaders, type UpstreamHeaderOptions } from './upstream-request-headers.js';

const from = { address: '127.0.0.1', proto: 'http' } as const;
const options: UpstreamHeaderOptions = {
  token: 'T0K',
  hubCookieNames: ['cnh_visitor'],
  fallbackHost: '127.0.0.1:9999',
  upgrade: false,
};

function asPairs(flat: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
  return pairs;
}

describe('upstreamRequestHeaders', () => {
  it('keeps Host and ordinary headers as sent, adds the token and X-Forwarded-*', () => {
    const out = upstreamRequestHeaders(
      ['Host', 'Hub.Example:8443', 'Accept', '*/*', 'X-Thing', 'a', 'X-Thing', 'b'],
      { address: '10.0.0.7', proto: 'https' },
      options,
    );
    assert.deepEqual(asPairs(out), [
      ['Host', 'Hub.Example:8443'],
      ['Accept', '*/*'],
      ['X-Thing', 'a'],
      ['X-Thing', 'b'],
      ['Authorization', 'token T0K'],
      ['X-Forwarded-For', '10.0.0.7'],
      ['X-Forwarded-Proto', 'https'],
      ['X-Forwarded-Host', 'Hub.Example:8443'],
    ]);
  });

  it('replaces any client Authorization and drops Expect', () => {
    const out = upstreamRequestHeaders(
      [
        'Host',
        'h',
        'authorization',
        'token stolen',
        'AUTHORIZATION',
        'Basic x',
        'Expect',
        '100-continue',
      ],
      from,
      options,
    );
    const auth = asPairs(out).filter(([name]) => name.toLowerCase() === 'authorization');
    assert.deepEqual(auth, [['Authorization', 'token T0K']]);
    assert.equal(
      asPairs(out).some(([name]) => name === 'Expect'),
      false,
    );
  });

  it('strips the hub cookie from every Cookie header and drops emptied ones', () => {
    const out = upstreamRequestHeaders(
      ['Host', 'h', 'Cookie', 'cnh_visitor=v; _xsrf=x', 'cookie', 'cnh_visitor=w'],
      from,
      options,
    );
    assert.deepEqual(
      asPairs(out).filter(([name]) => /^cookie$/i.test(name)),
      [['Cookie', '_xsrf=x']],
    );
  });

  it('drops hop-by-hop headers and those Connection lists, but never Host', () => {
    const out = upstreamRequestHeaders(
      [
        'Host',
        'h',
        'Connection',
        'keep-alive, X-Secret, Host',
        'Keep-Alive',
        'timeout=5',
        'X-Secret',
        's',
        'Proxy-Authorization',
        'Basic p',
        'TE',
        'trailers',
        'Transfer-Encoding',
        'chunked',
        'Upgrade',
        'h2c',
        'Proxy-Connection',
        'keep-alive',
        'Trailer',
        'X-T',
        'X-Kept',
        'k',
      ],
      from,
      options,
    );
    const names = asPairs(out).map(([name]) => name);
    assert.deepEqual(names, [
      'Host',
      'X-Kept',
      'Authorization',
      'X-Forwarded-For',
      'X-Forwarded-Proto',
      'X-Forwarded-Host',
    ]);
  });

  it('appends to existing X-Forwarded-* headers', () => {
    const out = upstreamRequestHeaders(
      [
        'Host',
        'h',
        'X-Forwarded-For',
        '203.0.113.1',
        'x-forwarded-for',
        '198.51.100.2',
        'X-Forwarded-Proto',
        'https',
        'X-Forwarded-Host',
        'portal.example',
      ],
      from,
      options,
    );
    const pairs = new Map(asPairs(out));
    assert.equal(pairs.get('X-Forwarded-For'), '203.0.113.1, 198.51.100.2, 127.0.0.1');
    assert.equal(pairs.get('X-Forwarded-Proto'), 'https, http');
    assert.equal(pairs.get('X-Forwarded-Host'), 'portal.example, h');
  });

  it('supplies Host for HTTP/1.0 clients that sent none', () => {
    const out = upstreamRequestHeaders(['Accept', '*/*'], from, options);
    assert.equal(new Map(asPairs(out)).get('Host'), '127.0.0.1:9999');
  });

  it('sends the WebSocket handshake pair for upgrades, once', () => {
    const out = upstreamRequestHeaders(
      [
        'Host',
        'h',
        'Connection',
        'Upgrade',
        'Upgrade',
        'websocket',
        'Sec-WebSocket-Key',
        'k',
        'Sec-WebSocket-Version',
        '13',
      ],
      from,
      { ...options, upgrade: true },
    );
    const pairs = asPairs(out);
    assert.deepEqual(
      pairs.filter(([name]) => /^(connection|upgrade)$/i.test(name)),
      [
        ['Connection', 'Upgrade'],
        ['Upgrade', 'websocket'],
      ],
    );
    assert.ok(pairs.some(([name, value]) => name === 'Sec-WebSocket-Key' && value === 'k'));
  });
});
