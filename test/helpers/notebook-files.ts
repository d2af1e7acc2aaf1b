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
