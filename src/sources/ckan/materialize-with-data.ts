/**
 * The materialize step both CKAN sources share: the session's notebook first (never over
 * an existing file), then its data. A failed data copy is logged and swallowed, so the
 * notebook opens without (some of) its data rather than not at all; only an abort (the
 * launch was given up) propagates.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../log.js';

export interface DataCopyFailure {
  readonly log: Logger;
  /** The warning logged when `copyData` fails, with the dataset id and the error. */
  readonly message: string;
  readonly datasetId: string;
}

export async function materializeWithData(
  dir: string,
  notebook: { readonly fileName: string; readonly content: Buffer },
  signal: AbortSignal,
  copyData: () => Promise<unknown>,
  failure: DataCopyFailure,
): Promise<void> {
  await writeFile(join(dir, notebook.fileName), notebook.content, { flag: 'wx' });
  try {
    await copyData();
  } catch (error) {
    if (signal.aborted) throw error;
    failure.log.warn(failure.message, { dataset: failure.datasetId, error });
  }
}
