import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  clientResponseHeaders,
  prepareOverrides,
  switchingProtocolsHead,
} from './client-response-headers.js';

const overrides = prepareOverrides({
  'Content-Security-Policy': "frame-ancestors 'self' https://ckan.example",
  'X-Content-Type-Options': 'nosniff',
});
const names = ['cnh_visitor'];

describe('clientResponseHeaders', () => {
  it("merges the hub's frame-ancestors into each upstream CSP (any spelling), keeping Jupyter's sandbox", () => {
    const out = clientResponseHeaders(
      [
        'Content-Type',
        'text/html',
        'content-security-policy',
        'frame-ancestors *; report-uri /user/a/api/security/csp-report; sandbox allow-scripts',
        'CONTENT-SECURITY-POLICY',
        "FRAME-ANCESTORS 'self' https://evil.example",
      ],
      overrides,
      names,
    );
    assert.deepEqual(out, [
      'Content-Type',
      'text/html',
      'content-security-policy',
      "report-uri /user/a/api/security/csp-report; sandbox allow-scripts; frame-ancestors 'self' https://ckan.example",
      'CONTENT-SECURITY-POLICY',
      "frame-ancestors 'self' https://ckan.example",
      'X-Content-Type-Options',
      'nosniff',
    ]);
  });

  it("sends the hub's CSP when upstream has none", () => {
    const out = clientResponseHeaders(['Content-Type', 'text/plain'], overrides, names);
    assert.deepEqual(out, [
      'Content-Type',
      'text/plain',
      'Content-Security-Policy',
      "frame-ancestors 'self' https://ckan.example",
      'X-Content-Type-Options',
      'nosniff',
    ]);
  });

  it('drops hop-by-hop headers and those Connection names', () => {
    const out = clientResponseHeaders(
      [
        'Connection',
        'keep-alive, X-Internal',
        'Keep-Alive',
        'timeout=5',
        'Transfer-Encoding',
        'chunked',
        'X-Internal',
        '1',
        'Trailer',
        'X',
        'Content-Length',
        '10',
      ],
      prepareOverrides({}),
      names,
    );
    assert.deepEqual(out, ['Content-Length', '10']);
  });

  it("drops Set-Cookie for the hub's cookie and keeps the others", () => {
    const out = clientResponseHeaders(
      [
        'Set-Cookie',
        '_xsrf=2|a; Path=/user/abc/',
        'Set-Cookie',
        'cnh_visitor=; Max-Age=0; Path=/',
        'set-cookie',
        'cnh_visitor=forged',
      ],
      prepareOverrides({}),
      names,
    );
    assert.deepEqual(out, ['Set-Cookie', '_xsrf=2|a; Path=/user/abc/']);
  });
});

describe('switchingProtocolsHead', () => {
  it('writes the 101 head with upstream headers, minus the hub cookie', () => {
    const head = switchingProtocolsHead(
      [
        'Upgrade',
        'websocket',
        'Connection',
        'Upgrade',
        'Sec-WebSocket-Accept',
        'abc=',
        'Set-Cookie',
        'cnh_visitor=x',
      ],
      names,
    );
    assert.equal(
      head,
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: abc=\r\n\r\n',
    );
  });
});
