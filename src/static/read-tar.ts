/**
 * A minimal tar reader for Docker's `getArchive` answers (Go's archive/tar: ustar with
 * PAX records for long names): regular files, folders and symlinks; other entries are
 * skipped. Reads a buffered archive: the static folders it is used for are megabytes.
 */
export interface TarEntry {
  readonly name: string;
  readonly type: 'file' | 'dir' | 'symlink';
  readonly linkname: string;
  readonly body: Buffer;
}

export function* readTar(archive: Buffer): Generator<TarEntry> {
  let offset = 0;
  let pax: Record<string, string> = {};
  let longName: string | null = null;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) return;
    const size = parseInt(text(header, 124, 12).trim() || '0', 8);
    const flag = String.fromCharCode(header[156]!);
    const body = archive.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (flag === 'x') {
      pax = parsePax(body);
      continue;
    }
    if (flag === 'g') continue;
    if (flag === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    const prefix = text(header, 345, 155);
    const short = text(header, 0, 100);
    const name = pax.path ?? longName ?? (prefix ? `${prefix}/${short}` : short);
    const linkname = pax.linkpath ?? text(header, 157, 100);
    pax = {};
    longName = null;
    const type =
      flag === '0' || flag === '\0'
        ? 'file'
        : flag === '5'
          ? 'dir'
          : flag === '2'
            ? 'symlink'
            : null;
    if (type !== null) yield { name: name.replace(/\/$/, ''), type, linkname, body };
  }
}

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    if (space === -1) break;
    const length = Number(body.subarray(at, space).toString('ascii'));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = body.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq !== -1) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += length;
  }
  return out;
}
