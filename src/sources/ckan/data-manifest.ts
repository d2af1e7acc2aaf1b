/**
 * What a session's `data/MANIFEST.json` says about every other resource of the dataset
 * (fetched, skipped and why, failed and why), and the same as `data/README.txt` for
 * people.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatBytes } from '../../net/format-bytes.js';

interface EntryBase {
  readonly resource_id: string;
  readonly name: string;
  readonly format: string;
}

export type DataFileEntry =
  | (EntryBase & { readonly status: 'fetched'; readonly file: string; readonly bytes: number })
  | (EntryBase & {
      readonly status: 'skipped';
      readonly reason: 'size' | 'format';
      readonly message: string;
    })
  | (EntryBase & { readonly status: 'failed'; readonly message: string });

export interface DataManifest {
  readonly dataset: { readonly id: string; readonly name: string; readonly title: string };
  readonly notebook: { readonly resource_id: string; readonly file: string };
  /** The cap on the data files' total size, and what they add up to. */
  readonly max_bytes: number;
  readonly total_bytes: number;
  readonly files: readonly DataFileEntry[];
}

export const manifestFileName = 'MANIFEST.json';
export const readmeFileName = 'README.txt';

export function renderReadme(manifest: DataManifest): string {
  const lines = [
    `Data files of the dataset "${manifest.dataset.title}" (${manifest.dataset.name}),`,
    `copied from the portal when this session started: ${formatBytes(manifest.total_bytes)} of`,
    `at most ${formatBytes(manifest.max_bytes)}. ${manifestFileName} has the same list as JSON.`,
    '',
  ];
  if (manifest.files.length === 0) lines.push('The dataset has no other resources.');
  for (const f of manifest.files) {
    if (f.status === 'fetched')
      lines.push(`fetched  data/${f.file}  (${formatBytes(f.bytes)}, "${f.name}")`);
    else lines.push(`${f.status.padEnd(7)}  "${f.name}": ${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `manifest` into `dataDir` as MANIFEST.json and README.txt (neither may exist yet). */
export async function writeManifest(dataDir: string, manifest: DataManifest): Promise<void> {
  await writeFile(join(dataDir, manifestFileName), `${JSON.stringify(manifest, null, 2)}\n`, {
    flag: 'wx',
  });
  await writeFile(join(dataDir, readmeFileName), renderReadme(manifest), { flag: 'wx' });
}
