/** What the static preview page of a CKAN notebook resource needs (CkanSource.resolveForPreview). */
import type { LoadedNotebook } from './notebook-loader.js';

export interface CkanPreview {
  readonly resourceId: string;
  readonly datasetId: string;
  readonly title: string;
  readonly datasetTitle: string;
  readonly fileName: string;
  readonly content: Buffer;
}

export function previewOf(loaded: LoadedNotebook): CkanPreview {
  return {
    resourceId: loaded.resource.id,
    datasetId: loaded.dataset.id,
    title: loaded.title,
    datasetTitle: loaded.dataset.title ?? loaded.dataset.name,
    fileName: loaded.fileName,
    content: loaded.content,
  };
}
