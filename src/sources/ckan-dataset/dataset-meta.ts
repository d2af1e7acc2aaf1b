/**
 * What a dataset launch reads from CKAN's `package_show` beyond the notebook source's
 * fields: the description, licence, organization, tags and `metadata_modified` for the
 * starter's title cell, and per resource its description and `datastore_active`.
 */
import { HubError } from '../../errors/hub-error.js';
import type { CkanApi, CkanCaller } from '../ckan/ckan-api.js';
import { asDataset, type CkanDataset } from '../ckan/ckan-types.js';
import type { StarterDataset } from '../../starter/starter-types.js';

export interface DatasetMeta {
  readonly dataset: CkanDataset;
  readonly starter: StarterDataset;
  /** Per resource id: its description and whether its table is in the DataStore. */
  readonly extras: ReadonlyMap<
    string,
    { readonly description: string; readonly datastore: boolean }
  >;
}

/**
 * The dataset `ref` names, asked of CKAN as `caller`: CKAN's refusals as ckan-api.ts maps
 * them, and HubError('notebook_not_found') for a dataset that is not active.
 */
export async function fetchDatasetMeta(
  api: CkanApi,
  ref: string,
  caller: CkanCaller,
  signal: AbortSignal,
): Promise<DatasetMeta> {
  const raw = await api.show('package_show', ref, caller, signal);
  const meta = readDatasetMeta(raw, api.base);
  if (
    (raw as { state?: unknown }).state !== undefined &&
    (raw as { state?: unknown }).state !== 'active'
  )
    throw new HubError('notebook_not_found', { message: 'The portal has no such dataset.' });
  return meta;
}

type Dict = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function readDatasetMeta(raw: unknown, siteUrl: string): DatasetMeta {
  const dataset = asDataset(raw);
  const d = raw as Dict;
  const org = (
    typeof d.organization === 'object' && d.organization !== null ? d.organization : {}
  ) as Dict;
  const tags = Array.isArray(d.tags)
    ? d.tags
        .map((tag) => str((tag as Dict | null)?.display_name) || str((tag as Dict | null)?.name))
        .filter(Boolean)
    : [];
  const extras = new Map<string, { description: string; datastore: boolean }>();
  for (const r of d.resources as Dict[])
    extras.set(str(r?.id), {
      description: str(r?.description),
      datastore: r?.datastore_active === true,
    });
  return {
    dataset,
    extras,
    starter: {
      id: dataset.id,
      name: dataset.name,
      title: dataset.title || dataset.name,
      notes: str(d.notes),
      licenseTitle: str(d.license_title) || str(d.license_id) || null,
      licenseUrl: str(d.license_url) || null,
      organization: str(org.title) || str(org.name) || null,
      tags,
      metadataModified: str(d.metadata_modified),
      pageUrl: `${siteUrl}/dataset/${encodeURIComponent(dataset.name)}`,
      siteUrl,
    },
  };
}
