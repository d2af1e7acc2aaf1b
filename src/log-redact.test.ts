import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prettyLine } from './log-pretty.js';
import { redactFields, redactLine } from './log-redact.js';

test('secret-named fields are replaced at any depth; others kept', () => {
  assert.deepEqual(
    redactFields({ session: 'abc', token: 't', nested: { adminToken: 'x', status: 200 } }),
    { session: 'abc', token: '[redacted]', nested: { adminToken: '[redacted]', status: 200 } },
  );
});

test('secret query parameters and known secrets are masked in a line', () => {
  const line = '{"url":"/run/ckan/x?ticket=abc.def&x=1","note":"key s3cr3t-value-1 here"}';
  assert.equal(
    redactLine(line, new Set(['s3cr3t-value-1'])),
    '{"url":"/run/ckan/x?ticket=[redacted]&x=1","note":"key [redacted] here"}',
  );
});

test('a pretty line reads time, level, message, then fields', () => {
  assert.equal(
    prettyLine('{"level":"info","time":"T","msg":"request","status":200,"url":"/x"}'),
    'T INFO request status=200 url=/x\n',
  );
});
