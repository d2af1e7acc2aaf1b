import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { archiveDirectory } from './files-archive.js';

const run = promisify(execFile);

describe('archiveDirectory', () => {
  let root: string;
  const longName = `${'deep-folder-name/'.repeat(8)}${'n'.repeat(120)}.csv`;
  const files: Record<string, string | Buffer> = {
    'hello.ipynb': '{"cells": []}',
    'data/table.csv': 'a,b\n1,2\n',
    'data/empty.txt': '',
    'data/blocks.bin': Buffer.alloc(512 * 3 + 7, 0xab),
    'données/été.csv': 'x\n',
    [longName]: 'long\n',
  };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'cnh-archive-'));
    await mkdir(join(root, 'src'));
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(root, 'src', path, '..'), { recursive: true });
      await writeFile(join(root, 'src', path), content);
    }
    await mkdir(join(root, 'src', 'empty-dir'));
    await writeFile(join(root, 'src', 'run.sh'), '#!/bin/sh\n');
    await chmod(join(root, 'src', 'run.sh'), 0o700);
    await symlink('/etc/passwd', join(root, 'src', 'passwd-link'));
    await pipeline(
      archiveDirectory(join(root, 'src'), { uid: 1000, gid: 1000 }),
      createWriteStream(join(root, 'a.tar')),
    );
  });

  after(() => rm(root, { recursive: true, force: true }));

  test('GNU tar reads it back byte for byte, long and non-ASCII names included', async () => {
    await mkdir(join(root, 'out'));
    await run('tar', ['-x', '-f', join(root, 'a.tar'), '-C', join(root, 'out')]);
    for (const [path, content] of Object.entries(files)) {
      assert.deepEqual(await readFile(join(root, 'out', path)), Buffer.from(content), path);
    }
    assert.ok((await stat(join(root, 'out', 'empty-dir'))).isDirectory());
  });

  test('every entry belongs to the notebook user, modes are normalised, symlinks are left out', async () => {
    const { stdout } = await run('tar', ['-t', '-v', '--numeric-owner', '-f', join(root, 'a.tar')]);
    const lines = stdout.trim().split('\n');
    assert.ok(
      lines.every((line) => line.split(/\s+/)[1] === '1000/1000'),
      stdout,
    );
    assert.ok(!stdout.includes('passwd-link'));
    assert.match(stdout, /^-rwxr-xr-x \S+ +\d+ \S+ \S+ run\.sh$/m);
    assert.match(stdout, /^-rw-r--r-- \S+ +\d+ \S+ \S+ hello\.ipynb$/m);
    assert.match(stdout, /^drwxr-xr-x \S+ +0 \S+ \S+ data\/$/m);
    // The files, run.sh, and 11 folders: data, données, empty-dir and the 8 nested levels.
    assert.equal(lines.length, Object.keys(files).length + 1 + 11);
  });

  test('the archive is whole blocks ending in two zero blocks', async () => {
    const tar = await readFile(join(root, 'a.tar'));
    assert.equal(tar.length % 512, 0);
    assert.ok(tar.subarray(-1024).every((byte) => byte === 0));
  });
});
