/**
 * The names the dataset launcher's heading shows before anything runs, from one
 * package_show asked as the given caller (so CKAN decides who may see a private
 * dataset's names).
 */
import { HubError } from '../../errors/hub-error.js';
import type { CkanApi, CkanCaller } from '../ckan/ckan-api.js';
import { asDataset } from '../ckan/ckan-types.js';

export interface DatasetSummary {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  /** CKAN's dataset type, the first segment of the dataset page's path (`dataset`). */
  readonly type: string;
  readonly private: boolean;
}

export async function describeDataset(
  api: CkanApi,
  ref: string,
  caller: CkanCaller,
  signal: AbortSignal,
): Promise<DatasetSummary> {
  const raw = await api.show('package_show', ref, caller, signal);
  const dataset = asDataset(raw);
  if (((raw as { state?: unknown }).state ?? 'active') !== 'active')
    throw new HubError('notebook_not_found', { message: 'The portal has no such dataset.' });
  return {
    id: dataset.id,
    name: dataset.name,
    title: dataset.title || dataset.name,
    type: dataset.type,
    private: dataset.private,
  };
}
