// The supported Node range is package.json's `engines.node`. Every installed package
// must accept the lowest version of that range (npm ci warns EBADENGINE otherwise), and
// the Node running the tests must be inside it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import semver from 'semver';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; version?: string }>;
};
const range = manifest.engines.node;
const lowest = semver.minVersion(range)!.version;

test(`this Node (${process.version}) is in the supported range ${range}`, () => {
  assert.ok(semver.satisfies(process.version, range));
});

test(`every locked package accepts Node ${lowest}, the lowest supported`, () => {
  const refusing: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    const wanted = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (path === '' || !wanted) continue;
    if (!semver.satisfies(lowest, wanted)) refusing.push(`${path}@${entry.version}: ${wanted}`);
  }
  assert.deepEqual(refusing, []);
});
