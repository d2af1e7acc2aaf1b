/**
 * The directory source: notebooks in a local folder (the bundled examples by default),
 * addressed by their relative path. A launch copies the notebook and its neighbour
 * files (the folder it sits in, without subfolders or other notebooks' outputs) into
 * the workspace; the folder itself is never written to.
 */
import { copyFile, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { HubError } from '../../errors/hub-error.js';
import type { LaunchRequest, NotebookSource, ResolvedNotebook } from '../source.js';
import { validateNotebook, type NotebookLimits } from '../validate.js';

const MAX_NEIGHBOUR_BYTES = 50 * 1024 * 1024;

export interface DirectoryNotebook {
  readonly path: string;
  readonly title: string;
}

export class DirectorySource implements NotebookSource {
  readonly name = 'directory';

  constructor(
    private readonly root: string,
    private readonly limits: NotebookLimits,
  ) {}

  accepts(request: LaunchRequest): boolean {
    return typeof request.notebook === 'string';
  }

  async resolve(request: LaunchRequest): Promise<ResolvedNotebook> {
    const file = await this.locate(request.notebook ?? '');
    const content = await readFile(file);
    const doc = validateNotebook(content, this.limits);
    const relPath = relative(await realpath(this.root), file)
      .split(sep)
      .join('/');
    return {
      key: `directory:${relPath}`,
      title: titleOf(doc.cells, basename(file)),
      fileName: basename(file),
      content,
      private: false,
      env: {},
      materialize: (dir) => copyNeighbours(file, dir),
    };
  }

  /** Every notebook in the folder (one level of subfolders), for the launcher's list. */
  async list(): Promise<DirectoryNotebook[]> {
    const found: DirectoryNotebook[] = [];
    const visit = async (dir: string, depth: number): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (entry.name.startsWith('.')) continue;
        const full = join(dir, entry.name);
        if (entry.isDirectory() && depth < 1) await visit(full, depth + 1);
        else if (entry.isFile() && entry.name.endsWith('.ipynb')) {
          const path = relative(this.root, full).split(sep).join('/');
          let title = entry.name;
          try {
            title = titleOf(validateNotebook(await readFile(full), this.limits).cells, entry.name);
          } catch {
            // Listed under its file name; launching it reports what is wrong.
          }
          found.push({ path, title });
        }
      }
    };
    await visit(this.root, 0);
    return found.sort((a, b) => a.path.localeCompare(b.path));
  }

  /** The real path of a notebook inside the root; refuses traversal and symlinks out. */
  private async locate(path: string): Promise<string> {
    const notFound = () =>
      new HubError('notebook_not_found', {
        message: `There is no notebook called "${path.slice(0, 200)}".`,
      });
    if (
      !/^[\w\-. /]{1,300}\.ipynb$/.test(path) ||
      path.split('/').some((p) => p === '..' || p === '')
    )
      throw notFound();
    const root = await realpath(this.root);
    let file: string;
    try {
      file = await realpath(join(root, path));
    } catch {
      throw notFound();
    }
    if (!file.startsWith(root + sep) || !(await stat(file)).isFile()) throw notFound();
    return file;
  }
}

/** The first markdown heading, else the file name. */
function titleOf(cells: ReadonlyArray<Record<string, unknown>>, fallback: string): string {
  for (const cell of cells) {
    if (cell.cell_type !== 'markdown') continue;
    const source = Array.isArray(cell.source) ? cell.source.join('') : String(cell.source ?? '');
    const heading = /^#{1,3}\s+(.+)$/m.exec(source);
    if (heading) return heading[1]!.trim().slice(0, 200);
  }
  return fallback;
}

async function copyNeighbours(notebook: string, dir: string): Promise<void> {
  const folder = dirname(notebook);
  let budget = MAX_NEIGHBOUR_BYTES;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const full = join(folder, entry.name);
    if (entry.name.endsWith('.ipynb') && full !== notebook) continue;
    const size = (await stat(full)).size;
    if (size > budget) continue;
    budget -= size;
    await copyFile(full, join(dir, entry.name));
  }
}
