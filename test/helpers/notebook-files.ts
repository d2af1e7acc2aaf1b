import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A minimal valid nbformat 4.4 notebook (no cell ids needed) with one code cell. */
export function minimalNotebook(source: string): Record<string, unknown> {
  return {
    cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source }],
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 4,
  };
}

/** Writes `files` (relative path → text, or an object written as JSON) under `dir`. */
export async function writeFiles(
  dir: string,
  files: Record<string, string | object>,
): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(
      join(dir, path),
      typeof content === 'string' ? content : JSON.stringify(content),
    );
  }
}

/** A valid notebook of exactly `bytes` bytes (padded with trailing whitespace, valid JSON). */
export function notebookOfBytes(bytes: number): Buffer {
  const json = Buffer.from(JSON.stringify(minimalNotebook('1')));
  if (json.length > bytes) throw new Error(`a notebook needs at least ${json.length} bytes`);
  return Buffer.concat([json, Buffer.alloc(bytes - json.length, 0x20)]);
}

/** A valid notebook whose deepest `[`/`{` nesting is exactly `depth` (at least 3). */
export function notebookOfDepth(depth: number): Buffer {
  // The document is level 1, metadata (and cells) level 2, each `[` inside "x" one more.
  const nest = `${'['.repeat(depth - 2)}${']'.repeat(depth - 2)}`;
  return Buffer.from(`{"nbformat":4,"nbformat_minor":4,"metadata":{"x":${nest}},"cells":[]}`);
}
