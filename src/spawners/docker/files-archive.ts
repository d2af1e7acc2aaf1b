/**
 * A minimal streaming tar (POSIX ustar + pax path records) of a host folder, for
 * `container.putArchive`: the session's files are copied into the container, never
 * mounted. Only regular files and folders are archived; symlinks, devices and sockets
 * are skipped, so nothing outside the folder can be pulled in. Every entry is owned by
 * the notebook user, so the server can save over the copied notebooks.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';

export interface ArchiveOwner {
  readonly uid: number;
  readonly gid: number;
}

const block = 512;
/** The largest size an 11-digit octal field holds (8 GiB − 1). */
const maxEntryBytes = 8 ** 11 - 1;

/** A tar stream of the contents of `dir` (paths relative to it). */
export function archiveDirectory(dir: string, owner: ArchiveOwner): Readable {
  return Readable.from(entries(dir, owner), { objectMode: false });
}

async function* entries(dir: string, owner: ArchiveOwner): AsyncGenerator<Buffer> {
  for await (const { path, relative } of walk(dir, '')) {
    const stat = await lstat(path);
    const mtime = Math.floor(stat.mtimeMs / 1000);
    if (stat.isDirectory()) {
      yield* header(`${relative}/`, { ...owner, mode: 0o755, size: 0, mtime, type: '5' });
    } else if (stat.isFile()) {
      if (stat.size > maxEntryBytes) throw new Error(`${relative} is too large for the archive`);
      const mode = stat.mode & 0o111 ? 0o755 : 0o644;
      yield* header(relative, { ...owner, mode, size: stat.size, mtime, type: '0' });
      yield* content(path, stat.size);
    }
  }
  yield Buffer.alloc(2 * block);
}

async function* walk(
  dir: string,
  prefix: string,
): AsyncGenerator<{ path: string; relative: string }> {
  const names = (await readdir(dir)).sort();
  for (const name of names) {
    const path = join(dir, name);
    const relative = prefix ? `${prefix}/${name}` : name;
    yield { path, relative };
    if ((await lstat(path)).isDirectory()) yield* walk(path, relative);
  }
}

/** Exactly `size` bytes of the file, padded to whole blocks, even if it changed since `lstat`. */
async function* content(path: string, size: number): AsyncGenerator<Buffer> {
  if (size === 0) return;
  let sent = 0;
  for await (const chunk of createReadStream(path, { end: size - 1 }) as AsyncIterable<Buffer>) {
    const part = chunk.subarray(0, size - sent);
    sent += part.length;
    if (part.length > 0) yield part;
  }
  if (sent < size) yield Buffer.alloc(size - sent);
  if (size % block !== 0) yield Buffer.alloc(block - (size % block));
}

interface HeaderFields extends ArchiveOwner {
  readonly mode: number;
  readonly size: number;
  readonly mtime: number;
  readonly type: '0' | '5';
}

function* header(name: string, fields: HeaderFields): Generator<Buffer> {
  const nameBytes = Buffer.from(name, 'utf8');
  // Names that are long or not ASCII travel in a pax record; the ustar field keeps a stub.
  const needsPax = nameBytes.length > 100 || nameBytes.some((byte) => byte > 0x7e);
  if (needsPax) {
    const record = paxRecord('path', name);
    yield ustarHeader('././@PaxHeader', { ...fields, mode: 0o644, size: record.length, type: 'x' });
    yield record;
    yield Buffer.alloc((block - (record.length % block)) % block);
  }
  yield ustarHeader(needsPax ? asciiStub(name) : name, fields);
}

function ustarHeader(name: string, fields: Omit<HeaderFields, 'type'> & { type: string }): Buffer {
  const buffer = Buffer.alloc(block);
  buffer.write(name, 0, 100, 'utf8');
  octal(buffer, 100, 8, fields.mode);
  octal(buffer, 108, 8, fields.uid);
  octal(buffer, 116, 8, fields.gid);
  octal(buffer, 124, 12, fields.size);
  octal(buffer, 136, 12, fields.mtime);
  buffer.fill(' ', 148, 156);
  buffer.write(fields.type, 156, 1, 'ascii');
  buffer.write('ustar\u000000', 257, 8, 'ascii');
  let sum = 0;
  for (const byte of buffer) sum += byte;
  buffer.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return buffer;
}

function octal(buffer: Buffer, offset: number, length: number, value: number): void {
  buffer.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'ascii');
}

/** `"<len> key=value\n"`, where `<len>` counts the whole record including itself. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  const bodyBytes = Buffer.byteLength(body, 'utf8');
  let length = bodyBytes + 1;
  while (String(length).length + bodyBytes !== length) length = String(length).length + bodyBytes;
  return Buffer.from(`${length}${body}`, 'utf8');
}

function asciiStub(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').slice(-100);
}
