/**
 * The names the launcher page shows for a CKAN resource before anything runs: the
 * resource's name and its dataset's title, name and type (for a link back to the
 * dataset). Only metadata: the notebook itself is not downloaded. Asked as the given
 * caller, so CKAN decides who may see a private dataset's names.
 */
import { HubError } from '../../errors/hub-error.js';
import type { CkanApi, CkanCaller } from './ckan-api.js';
import { asDataset, asResource } from './ckan-types.js';

export interface CkanSummary {
  readonly resourceId: string;
  readonly title: string;
  readonly datasetName: string;
  readonly datasetTitle: string;
  /** CKAN's dataset type, the first segment of the dataset page's path (`dataset`). */
  readonly datasetType: string;
  readonly private: boolean;
}

export async function describeResource(
  api: CkanApi,
  resourceId: string,
  caller: CkanCaller,
  signal: AbortSignal,
): Promise<CkanSummary> {
  const resource = asResource(await api.show('resource_show', resourceId, caller, signal));
  if ((resource.state ?? 'active') !== 'active')
    throw new HubError('notebook_not_found', { message: 'The portal has no such resource.' });
  const dataset = asDataset(await api.show('package_show', resource.package_id, caller, signal));
  return {
    resourceId: resource.id,
    title: resource.name || dataset.title || dataset.name,
    datasetName: dataset.name,
    datasetTitle: dataset.title || dataset.name,
    datasetType: dataset.type,
    private: dataset.private,
  };
}
