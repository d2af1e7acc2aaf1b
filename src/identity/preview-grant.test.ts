import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PreviewGrants, previewGrantLifetimeSeconds } from './preview-grant.js';

const grants = new PreviewGrants(Buffer.from('hub-cookie-key'));
const now = 1_800_000_000;

test('a grant vouches for its user, for its resource, until it expires', () => {
  const grant = grants.issue('res-1', 'alice', now);
  assert.equal(grants.check(grant, 'res-1', now), 'alice');
  assert.equal(grants.check(grant, 'res-1', now + previewGrantLifetimeSeconds - 1), 'alice');
  assert.equal(grants.check(grant, 'res-1', now + previewGrantLifetimeSeconds), null);
  assert.equal(grants.check(grant, 'res-2', now), null);
});

test('a grant from another key, a tampered or a malformed one is refused', () => {
  const grant = grants.issue('res-1', 'alice', now);
  const other = new PreviewGrants(Buffer.from('another-key')).issue('res-1', 'alice', now);
  assert.equal(grants.check(other, 'res-1', now), null);
  const [v, payload, mac] = grant.split('.');
  const forged = Buffer.from(
    JSON.stringify({ exp: now + 600, resource_id: 'res-1', user: 'mallory' }),
  ).toString('base64url');
  assert.equal(grants.check(`${v}.${forged}.${mac}`, 'res-1', now), null);
  for (const bad of ['', 'v1', `v2.${payload}.${mac}`, `${grant}.x`, 'x'.repeat(3000)])
    assert.equal(grants.check(bad, 'res-1', now), null);
});
