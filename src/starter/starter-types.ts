/**
 * What the starter-notebook generator is given: the dataset's metadata and, per resource,
 * what the session gets (a copied file and the reader for it, a DataStore table, a
 * skipped resource and why, another notebook). All of it is decided from metadata before
 * anything is downloaded, so the same dataset version and limits give the same notebook.
 */

/** How a copied file is read in the notebook. `none`: copied, but no reader (shown as a path). */
export type ReaderKind = 'csv' | 'tsv' | 'excel' | 'json' | 'geojson' | 'parquet' | 'none';

export interface StarterDataset {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  /** CKAN's Markdown description (`notes`), untrusted. */
  readonly notes: string;
  readonly licenseTitle: string | null;
  readonly licenseUrl: string | null;
  readonly organization: string | null;
  readonly tags: readonly string[];
  readonly metadataModified: string;
  /** The dataset's page on the portal. */
  readonly pageUrl: string;
  /** The portal's base URL, the default for `CKAN_SITE_URL` in the notebook. */
  readonly siteUrl: string;
}

interface SectionBase {
  readonly resourceId: string;
  readonly name: string;
  readonly format: string;
  readonly description: string;
  /** Where the resource lives on the portal (shown, never fetched by the notebook). */
  readonly url: string;
}

export type StarterSection =
  | (SectionBase & {
      readonly kind: 'file';
      /** File name under `data/`. */
      readonly file: string;
      readonly reader: ReaderKind;
    })
  | (SectionBase & {
      readonly kind: 'datastore';
      /** File under `data/` holding the first page as the hub saw it at launch. */
      readonly firstPageFile: string;
    })
  | (SectionBase & {
      readonly kind: 'skipped';
      readonly reason: 'size' | 'format' | 'link';
      /** Why, in one English sentence (MANIFEST.json's). */
      readonly message: string;
      /** The numbers behind `message`, for other languages to say it themselves. */
      readonly facts?: SkippedFacts;
    })
  | (SectionBase & { readonly kind: 'notebook'; readonly file: string });

export interface SkippedFacts {
  /** `format`: the resource's format and the formats the hub copies. */
  readonly format?: string;
  readonly formats?: readonly string[];
  /** `format`, when the hub copies it but the admin did not choose it (`explore_formats`). */
  readonly notLoaded?: boolean;
  /** `size`: its declared size, what was left of the limit, and the limit (bytes). */
  readonly size?: number;
  readonly left?: number;
  readonly limit?: number;
}

export interface StarterInput {
  readonly dataset: StarterDataset;
  readonly sections: readonly StarterSection[];
  /** The language of the texts (`en` when absent or unknown; see starter-text.ts). */
  readonly lang?: string;
}
