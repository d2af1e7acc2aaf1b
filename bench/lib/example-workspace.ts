/**
 * The notebook every first-result run opens: the bundled example that reads a CSV with
 * pandas, with its neighbour files, as the directory source copies them.
 */
import { chownSync, copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const exampleFolder = 'examples/notebooks/ocean-temperatures';
export const exampleNotebook = 'plot-temperatures.ipynb';
/** The run page path, as a CKAN page (or the launcher's list) links to it. */
export const exampleRunPath = `run/notebooks/ocean-temperatures/${exampleNotebook}`;

/** The cells run in the page, in order, and text their output must show. */
export const cells = [
  { name: '6*7', code: '6*7', expect: '42' },
  {
    name: 'pandas cell',
    code: "import pandas as pd\ndf = pd.read_csv('temperatures.csv', parse_dates=['date'])\ndf.head()",
    expect: 'temperature_c',
  },
] as const;

/** A temp folder holding the example's files (owned by `uid` when given); removed by `remove`. */
export function exampleWorkspace(uid?: number): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cnh-first-result-'));
  for (const name of readdirSync(exampleFolder)) {
    copyFileSync(join(exampleFolder, name), join(dir, name));
    if (uid !== undefined) chownSync(join(dir, name), uid, uid);
  }
  if (uid !== undefined) chownSync(dir, uid, uid);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
