/**
 * The starter notebook for a dataset: nbformat 4.5, as bytes. Deterministic: the same
 * input gives the same bytes (cell ids are positions, no timestamps, no random values),
 * so a cache keyed by the dataset's `metadata_modified`, the copy plan and the language
 * (`input.lang`, see starter-text.ts) is exact.
 */
import {
  notebookListCell,
  sectionCells,
  setupCells,
  titleCells,
  type Cell,
} from './starter-cells.js';
import { starterTextFor } from './starter-text.js';
import type { StarterInput } from './starter-types.js';

export function buildStarterNotebook(input: StarterInput): Buffer {
  const { dataset, sections } = input;
  const t = starterTextFor(input.lang);
  const withDatastore = sections.some((s) => s.kind === 'datastore');
  const cells: Cell[] = [
    ...titleCells(dataset, t),
    ...notebookListCell(sections, t),
    ...setupCells(dataset, withDatastore, t),
    ...sections.flatMap((section, i) => sectionCells(section, i + 1, t)),
  ];
  const notebook = {
    cells: cells.map((cell, i) => ({
      cell_type: cell.cell_type,
      ...(cell.cell_type === 'code' ? { execution_count: null } : {}),
      id: `cell-${String(i + 1).padStart(3, '0')}`,
      metadata: {},
      ...(cell.cell_type === 'code' ? { outputs: [] } : {}),
      source: lines(cell.source),
    })),
    metadata: {
      ckan: {
        dataset_id: dataset.id,
        dataset_name: dataset.name,
        metadata_modified: dataset.metadataModified,
      },
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return Buffer.from(`${JSON.stringify(notebook, null, 1)}\n`, 'utf8');
}

/** Jupyter's multi-line string: every line but the last keeps its newline. */
function lines(text: string): string[] {
  const parts = text.split('\n');
  return parts.map((line, i) => (i < parts.length - 1 ? `${line}\n` : line));
}
