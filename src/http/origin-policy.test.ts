import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OriginPolicy } from './origin-policy.js';

/** A request with exactly these headers (undefined leaves one out). */
function req(origin: string | undefined, host: string | undefined = 'hub.example.org') {
  const headers: Record<string, string> = {};
  if (origin !== undefined) headers.origin = origin;
  if (host !== undefined) headers.host = host;
  return { headers };
}

// Origins a browser could send that are not the hub's own, though each one begins with,
// ends with or differs in one detail from it. Exact comparison refuses every one; a
// prefix, suffix or case-insensitive comparison would accept some.
const lookAlikes = (origin: string): string[] => {
  const { protocol, hostname, port } = new URL(origin);
  const otherScheme = protocol === 'https:' ? 'http:' : 'https:';
  const hostPort = port ? `${hostname}:${port}` : hostname;
  return [
    `${origin}.evil.example`, // suffix: the hub's host as a subdomain of another
    `${origin}evil.example`,
    `${origin}0`, // a longer port (or a port appended)
    `${protocol}//evil${hostname}${port ? `:${port}` : ''}`, // prefix on the host
    `${protocol}//evil.${hostPort}`,
    `${protocol}//${hostname}:${port === '8443' ? '9443' : '8443'}`, // a different port
    `${otherScheme}//${hostPort}`, // the other scheme (accepted only without a public URL)
    `${protocol}//user@${hostPort}`, // userinfo
    `${protocol}//${hostPort}@evil.example`,
    `${protocol}//evil.example#${hostPort}`,
    origin.toUpperCase(), // browsers serialise origins in lower case
    `${protocol}//${hostname}.${port ? `:${port}` : ''}`, // a trailing dot on the host
    `${origin}/`, // an origin has no path
    `${origin}/notebooks`,
    ` ${origin}`,
    `${origin} `,
    `${origin}, https://evil.example`,
    'null',
    '',
  ];
};

describe('with a public URL', () => {
  const policy = new OriginPolicy('https://hub.example.org/notebooks/', null, []);

  test("accepts exactly the public URL's origin, whatever the Host header", () => {
    assert.equal(policy.allows(req('https://hub.example.org')), true);
    assert.equal(policy.allows(req('https://hub.example.org', 'internal:8000')), true);
    assert.equal(policy.allows(req('https://hub.example.org', undefined)), true);
  });

  for (const origin of lookAlikes('https://hub.example.org')) {
    test(`refuses the look-alike ${JSON.stringify(origin)}`, () => {
      assert.equal(policy.allows(req(origin)), false);
      assert.equal(policy.allowsOptional(req(origin)), false);
    });
  }

  test('refuses http:// when the public URL is https:// (no downgrade)', () => {
    assert.equal(policy.allows(req('http://hub.example.org')), false);
  });

  test('a Host header naming the attacker does not widen it', () => {
    assert.equal(policy.allows(req('https://evil.example', 'evil.example')), false);
    assert.equal(policy.allows(req('http://evil.example', 'evil.example')), false);
  });

  test('a public URL without a path, or with a default port, has the same origin', () => {
    for (const url of ['https://hub.example.org', 'https://hub.example.org:443/a/b?c#d']) {
      const p = new OriginPolicy(url, null, []);
      assert.equal(p.allows(req('https://hub.example.org')), true, url);
      assert.equal(p.allows(req('https://hub.example.org:443')), false, url);
      assert.equal(p.allows(req('https://hub.example.org/')), false, url);
    }
  });

  test('a public URL with a port accepts only that port', () => {
    const p = new OriginPolicy('http://127.0.0.1:8000/', null, []);
    assert.equal(p.allows(req('http://127.0.0.1:8000')), true);
    for (const origin of lookAlikes('http://127.0.0.1:8000')) {
      assert.equal(p.allows(req(origin)), false, origin);
    }
    assert.equal(p.allows(req('http://127.0.0.1')), false);
    assert.equal(p.allows(req('http://127.0.0.1:80')), false);
    assert.equal(p.allows(req('http://localhost:8000')), false);
  });

  test('an internationalised host is compared in its punycode (ASCII) form', () => {
    const p = new OriginPolicy('https://bücher.example/', null, []);
    assert.equal(p.allows(req('https://xn--bcher-kva.example')), true);
    // Browsers never send the Unicode form; a look-alike in another script is another host.
    assert.equal(p.allows(req('https://bücher.example')), false);
    assert.equal(p.allows(req('https://xn--bcher-kva.example.evil.example')), false);
    assert.equal(p.allows(req('https://xn--bcher-kva.exampl')), false);
    assert.equal(p.allows(req('https://bucher.example')), false);
    assert.equal(p.allows(req('https://xn--bcher-kva-.example')), false);
  });
});

describe('without a public URL (the Host header names the hub)', () => {
  const policy = new OriginPolicy(null, null, []);

  test('accepts http:// and https:// of exactly the Host', () => {
    assert.equal(policy.allows(req('http://127.0.0.1:8000', '127.0.0.1:8000')), true);
    assert.equal(policy.allows(req('https://127.0.0.1:8000', '127.0.0.1:8000')), true);
    assert.equal(policy.allows(req('http://hub.example.org', 'hub.example.org')), true);
  });

  for (const origin of lookAlikes('http://127.0.0.1:8000')) {
    test(`refuses the look-alike ${JSON.stringify(origin)} for Host 127.0.0.1:8000`, () => {
      if (origin === 'https://127.0.0.1:8000') return; // the other scheme is accepted here
      assert.equal(policy.allows(req(origin, '127.0.0.1:8000')), false);
    });
  }

  test('refuses the Host without its port, and a Host that is a prefix of the origin', () => {
    assert.equal(policy.allows(req('http://127.0.0.1', '127.0.0.1:8000')), false);
    assert.equal(policy.allows(req('http://127.0.0.1:8000', '127.0.0.1')), false);
    assert.equal(
      policy.allows(req('http://hub.example.org.evil.example', 'hub.example.org')),
      false,
    );
    assert.equal(policy.allows(req('http://hub.example.org', 'hub.example.org.')), false);
  });

  test('refuses everything when there is no Host header', () => {
    assert.equal(policy.allows(req('http://127.0.0.1:8000', undefined)), false);
    assert.equal(policy.allows(req('http://undefined', undefined)), false);
    assert.equal(policy.allows(req('http://', undefined)), false);
  });
});

describe('a missing Origin and the `null` origin', () => {
  for (const [name, policy] of [
    ['with a public URL', new OriginPolicy('https://hub.example.org/', null, [])],
    ['without one', new OriginPolicy(null, null, [])],
  ] as const) {
    test(`${name}: allows() needs an Origin; allowsOptional() lets a missing one through`, () => {
      assert.equal(policy.allows(req(undefined)), false);
      assert.equal(policy.allowsOptional(req(undefined)), true);
    });
    test(`${name}: "null" (sandboxed frames, file:, some redirects) is refused both ways`, () => {
      assert.equal(policy.allows(req('null')), false);
      assert.equal(policy.allowsOptional(req('null')), false);
      assert.equal(policy.allowsOptional(req('')), false);
    });
  }
});

describe('behind a trusted reverse proxy', () => {
  // The proxy forwards its own Host or rewrites it; X-Forwarded-* are never read here
  // (trustedProxies only affects the client address), so a forged one changes nothing.
  test('the public URL decides, not X-Forwarded-Host or X-Forwarded-Proto', () => {
    const policy = new OriginPolicy('https://hub.example.org/', null, []);
    const forged = {
      headers: {
        origin: 'https://evil.example',
        host: '10.0.0.2:8000',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
      },
    };
    assert.equal(policy.allows(forged), false);
    assert.equal(
      policy.allows({ headers: { ...forged.headers, origin: 'https://hub.example.org' } }),
      true,
    );
  });

  test('without a public URL, a TLS-terminating proxy that keeps Host works over https', () => {
    const policy = new OriginPolicy(null, null, []);
    assert.equal(policy.allows(req('https://hub.example.org', 'hub.example.org')), true);
    const forwarded = {
      headers: {
        origin: 'https://evil.example',
        host: 'hub.example.org',
        'x-forwarded-host': 'evil.example',
      },
    };
    assert.equal(policy.allows(forwarded), false);
  });
});

describe('frame ancestors', () => {
  test('the CKAN site and the list, as origins; never *', () => {
    const policy = new OriginPolicy(null, 'https://ckan.example.org/portal/', [
      '*',
      ' ',
      'https://other.example:8443/path',
      'not a url',
      'https://ckan.example.org',
    ]);
    assert.deepEqual(policy.frameAncestors, [
      'https://other.example:8443',
      'https://ckan.example.org',
    ]);
    assert.equal(
      policy.frameAncestorsDirective(),
      "'self' https://other.example:8443 https://ckan.example.org",
    );
  });

  test('nothing configured: only self', () => {
    assert.equal(new OriginPolicy(null, null, []).frameAncestorsDirective(), "'self'");
  });

  test('framing origins are not thereby allowed to make requests', () => {
    const policy = new OriginPolicy('https://hub.example.org/', 'https://ckan.example.org', []);
    assert.equal(policy.allows(req('https://ckan.example.org')), false);
  });
});
